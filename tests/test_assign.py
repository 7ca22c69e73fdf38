"""cm assign and cm status --assignee through the CLI: the assignee and due lines and nothing
else change; every refusal writes nothing; overdue comments come first; the Assigned table."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.status import OpenItem
from commentmatrix.terminal.status import COMMENT_MIN, open_columns

TODAY = "2017-09-20"


def cm(root: Path, *args: str, today: str = TODAY, columns: str = "100"):
    here = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(app, [*args, "--project", str(root)], env={"CM_TODAY": today, "COLUMNS": columns})
    finally:
        os.chdir(here)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "build" not in p.parts}


@pytest.fixture
def opened(example: Path) -> Path:
    """The example with three open comments: LAO-11, LAO-12 (lao-pdr) and SEI-6 (sei)."""
    for stakeholder, text in (("lao-pdr", "Add gender."), ("lao-pdr", "Add youth."), ("sei", "Add data.")):
        result = cm(example, "add", stakeholder, "-t", "general", "--text", text)
        assert result.exit_code == 0, result.stderr
    return example


def test_assign_writes_assignee_and_due_lines_only(opened: Path):
    before = snapshot(opened)
    result = cm(opened, "assign", "LAO-11", "SEI-6", "--to", "Mai", "--due", "2017-09-25")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "LAO-11, SEI-6: assigned to Mai due 2017-09-25 (comments/lao-pdr.yaml, comments/sei.yaml)\n", "")
    after = snapshot(opened)
    assert {name for name in after if after[name] != before[name]} == {"comments/lao-pdr.yaml", "comments/sei.yaml"}
    for name, comment_text in (("comments/lao-pdr.yaml", "Add gender."), ("comments/sei.yaml", "Add data.")):
        old, new = before[name].decode(), after[name].decode()
        added = f"    text: {comment_text}\n    assignee: Mai\n    due: 2017-09-25\n"
        assert new == old.replace(f"    text: {comment_text}\n", added)
    assert cm(opened, "validate").exit_code == 0


def test_reassign_keeps_the_due_date_and_clear_restores_the_bytes(opened: Path):
    before = snapshot(opened)
    assert cm(opened, "assign", "LAO-11", "--to", "Mai", "--due", "2017-09-25").exit_code == 0
    result = cm(opened, "assign", "LAO-11", "--to", "Dara")
    assert (result.exit_code, result.stdout) == (0, "LAO-11: assigned to Dara (comments/lao-pdr.yaml)\n")
    text = (opened / "comments" / "lao-pdr.yaml").read_text(encoding="utf-8")
    assert "    text: Add gender.\n    assignee: Dara\n    due: 2017-09-25\n" in text
    result = cm(opened, "assign", "LAO-11", "--clear")
    assert (result.exit_code, result.stdout) == (0, "LAO-11: not assigned (comments/lao-pdr.yaml)\n")
    assert snapshot(opened) == before


@pytest.mark.parametrize(("args", "code", "message", "hint"), [
    (("LAO-99", "--to", "Mai"), 2, "cm: there is no comment 'LAO-99'", "    hint: did you mean 'LAO-9'?"),
    (("LAO-11", "--to", "Mai", "--due", "2017-09-19"), 1, "cm: the due date 2017-09-19 is before today (2017-09-20)",
     "    hint: give a date from today on (today is taken from --today or $CM_TODAY)"),
    (("LAO-11", "LAO-1", "--to", "Mai"), 1,
     "cm: comment LAO-1 is decided already (accepted): an assignment is for an open comment",
     "    hint: cm assign LAO-1 --clear removes an assignment it still has"),
    (("LAO-11", "--due", "2017-09-25"), 1, "cm: comment LAO-11 is not assigned to anyone, so it can have no due date",
     "    hint: give it to someone too: cm assign LAO-11 --to NAME --due DATE"),
    (("LAO-11",), 2, "cm: say who prepares the responses with --to NAME (and by when with --due YYYY-MM-DD), "
                     "or remove the assignment with --clear", None),
    (("LAO-11", "--to", " "), 2, "cm: --to needs a name: who prepares the responses", None),
    (("LAO-11", "--to", "Mai", "--due", "25.9.2017"), 2, "cm: '25.9.2017' is not a date: write YYYY-MM-DD", None),
    (("LAO-11", "--clear", "--to", "Mai"), 2, "cm: --clear removes the assignment; it takes no --to or --due", None),
])
def test_assign_refusals_write_nothing(opened: Path, args, code, message, hint):
    before = snapshot(opened)
    result = cm(opened, "assign", *args)
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr.splitlines()[:2] == [message, *([hint] if hint else [])]
    assert snapshot(opened) == before


def test_assign_refuses_a_withdrawn_comment(opened: Path):
    assert cm(opened, "withdraw", "LAO-12").exit_code == 0
    before = snapshot(opened)
    result = cm(opened, "assign", "LAO-12", "--to", "Mai")
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        1, "cm: comment LAO-12 was withdrawn by the stakeholder: it needs no response, so no one to prepare it")
    assert snapshot(opened) == before


def test_a_due_date_today_is_accepted_and_past_is_judged_by_today_option(opened: Path):
    assert cm(opened, "assign", "LAO-11", "--to", "Mai", "--due", TODAY).exit_code == 0
    assert cm(opened, "assign", "LAO-12", "--to", "Mai", "--due", "2017-09-01", "--today", "2017-08-30").exit_code == 0


def _share_out(opened: Path) -> None:
    assert cm(opened, "assign", "LAO-11", "--to", "Mai", "--due", "2017-09-30").exit_code == 0
    assert cm(opened, "assign", "SEI-6", "--to", "Mai", "--due", "2017-09-21").exit_code == 0
    assert cm(opened, "assign", "LAO-12", "--to", "Dara", "--due", "2017-09-22").exit_code == 0


def test_status_json_lists_overdue_first_with_assignees(opened: Path):
    _share_out(opened)
    report = json.loads(cm(opened, "status", "--json", "--today", "2017-09-23").stdout)
    assert [(o["id"], o["assignee"], o["due"], o["overdue"]) for o in report["open_items"]] == [
        ("SEI-6", "Mai", "2017-09-21", True), ("LAO-12", "Dara", "2017-09-22", True), ("LAO-11", "Mai", "2017-09-30", False)]
    assert report["assignees"] == [
        {"assignee": "Dara", "open": 1, "overdue": 1, "next_due": "2017-09-22"},
        {"assignee": "Mai", "open": 2, "overdue": 1, "next_due": "2017-09-21"}]


def test_status_assignee_shows_only_that_persons_comments(opened: Path):
    _share_out(opened)
    report = json.loads(cm(opened, "status", "--json", "--assignee", "Mai").stdout)
    assert [o["id"] for o in report["open_items"]] == ["LAO-11", "SEI-6"]
    assert report["totals"]["comments"] == 2
    result = cm(opened, "status", "--assignee", "May")
    assert (result.exit_code, result.stderr) == (2, "cm: no comment is assigned to 'May'\n    hint: did you mean 'Mai'?\n")


def test_status_shows_the_assigned_table_and_unassigned(opened: Path):
    assert cm(opened, "assign", "LAO-11", "--to", "Mai", "--due", "2017-09-21").exit_code == 0
    out = cm(opened, "status", "--today", "2017-09-22", columns="80").stdout
    table = out[out.index("Assigned"):out.index("Open comments")].splitlines()
    assert [line.rstrip() for line in table] == [
        "Assigned", "", " Assignee    Open  Overdue  Next due", " " + "─" * 37,
        " Mai            1        1  2017-09-21", " nobody yet     2        0  -", ""]
    assert "Open comments (3, 1 overdue, at the top)" in out


def test_status_without_assignments_has_no_assigned_table_nor_columns(opened: Path):
    out = cm(opened, "status", columns="80").stdout
    assert "Assigned" not in out
    assert " Id      From     Target   Comment" in out


def test_open_columns_drop_from_then_due_then_assignee():
    natural = {"Id": 15, "From": 8, "Target": 22, "Assignee": 10, "Due": 10}
    assert open_columns(natural, 200) == (["Id", "From", "Target", "Assignee", "Due"], 200 - 2 - 65 - 10)
    assert open_columns(natural, 100) == (["Id", "Target", "Assignee", "Due"], 100 - 2 - 57 - 8)
    assert open_columns(natural, 80) == (["Id", "Target", "Assignee"], 80 - 2 - 47 - 6)
    kept, width = open_columns(natural, 60)
    assert (kept, width) == (["Id", "Target"], 60 - 2 - 37 - 4)
    assert width < COMMENT_MIN  # nothing left to drop: Id and Target stay whole
    assert OpenItem("X", "s", "t", "", "p", 1).overdue is False
