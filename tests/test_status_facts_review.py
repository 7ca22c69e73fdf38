"""Review of the warm cm status (facts carried forward): sequences of edits compared to a cold status."""

from __future__ import annotations

import time

import pytest
from test_status_facts import LAO_1, LAO_2, cold, project, replace_in, run  # noqa: F401
from typer.testing import CliRunner

import commentmatrix.read.loader as loader
from commentmatrix.cli import app

WWF = "comments/wwf.yaml"


def cm(root, *args):
    return CliRunner().invoke(app, [*args, "--project", str(root)])


CASES = {
    "lone surrogate in an open text": [(LAO_2, "Name the pools.", "Name the \\ud800 pools.")],
    "open text to whitespace": [(LAO_2, "Name the pools.", "' '")],
    "open text with NEL": [(LAO_2, "Name the pools.", "\"Name\\x85the pools.\"")],
    "open text with U+2028": [(LAO_2, "Name the pools.", "\"Name\\u2028the pools.\"")],
    "open text with a control char": [(LAO_2, "Name the pools.", "\"Name\\x07 pools.\"")],
    "open text with zero-width": [(LAO_2, "Name the pools.", "\"Name\\u200b pools.\"")],
    "ack note to mapping same keys": [(LAO_2, "{en: We object to the responses., lo: ພວກເຮົາຄັດຄ້ານ.}",
                                       "{en: x, lo: y}")],
    "objection note moved lines": [(LAO_2, "note: {en: Noting is not enough., lo: ບໍ່ພຽງພໍ.}",
                                    "note:\n            en: >-\n              Noting\n              is not\n            lo: ບໍ່ພຽງພໍ.")],
    "lead text changed": [(LAO_2, "Benefit must be measured.", "Benefit must be measured well.")],
    "member text changed": [(LAO_2, "Measure the benefit too.", "Measure the benefit too, please.")],
    "repeat earlier text rewrapped only": [(LAO_1, "Add a principle on sharing data.", "Add a principle on  sharing data.")],
    "repeat earlier then back": [(LAO_1, "Add a principle on sharing data.", "Add a principle on sharing all data."),
                                 "status",
                                 (LAO_1, "Add a principle on sharing all data.", "Add a principle on sharing data.")],
    "both rounds' repeat texts": [(LAO_1, "Add a principle on sharing data.", "X."), (LAO_2, "data.\"", "data now.\"")],
    "wwf text str changed": [(WWF, "Fisheries deserve more weight.", "Fisheries deserve much more weight.")],
    "internal note added empty->": [(LAO_2, "      note: Thank you.", "      note: Thank you.\n      internal_note: ask")],
    "internal note changed": [(LAO_2, "      note: Thank you.", "      note: Thank you.\n      internal_note: ask"),
                              "status", (LAO_2, "internal_note: ask", "internal_note: ask again")],
    "validate between": [(LAO_2, "Name the pools.", "A."), "validate", (LAO_2, "Benefit must", "Benefit shall"),
                         "validate", (LAO_2, "Noting is not", "Noting isn't")],
    "text with a tab and CRLF": [(LAO_2, "Name the pools.", "\"Name\\tthe\\r\\npools.\"")],
    "text with a NUL": [(LAO_2, "Name the pools.", "\"Name\\0the pools.\"")],
    "text with bidi": [(LAO_2, "Name the pools.", "\"Name\\u202ethe pools.\"")],
    "text with esc": [(LAO_2, "Name the pools.", "\"Name\\x1b[31mthe pools.\"")],
}


def apply(root, steps):
    for step in steps:
        if step == "status":
            run(root, "--json")
        elif step == "validate":
            cm(root, "validate")
        elif callable(step):
            step(root)
        else:
            replace_in(root, *step)


def assert_warm_is_cold(root, steps):
    apply(root, steps)
    warm, again = run(root), run(root)
    c = cold(root)
    for i, (w, a, k) in enumerate(zip(warm, again, c)):
        assert w == k, i
        assert a == k, i


@pytest.mark.parametrize("steps", CASES.values(), ids=CASES.keys())
def test_warm_is_cold(project, steps):  # noqa: F811
    assert_warm_is_cold(project, steps)


def command(*args):
    def step(root):
        result = cm(root, *args)
        assert result.exit_code == 0, result.output
    return step


def delete(name):
    def step(root):
        step.saved = (root / name).read_bytes()
        (root / name).unlink()
    return step


def restore(name, deleted):
    def step(root):
        (root / name).write_bytes(deleted.saved)
    return step


_del = delete(WWF)
DRAFT_2 = "drafts/mws-2.yaml"
COMMAND_CASES = {
    "respond note then words": [command("respond", "L2-4", "-d", "noted", "-n", "Thanks.", "--date", "2030-04-05"),
                                "status", command("respond", "L2-4", "-d", "noted", "-n", "Thanks again.", "--date", "2030-04-05")],
    "respond accepted w/o edits, then words": [command("respond", "L2-4", "-d", "accepted", "--date", "2030-04-05"),
                                               "status", (LAO_2, "Name the pools.", "Name them.")],
    "suspect then words": [command("respond", "L2-4", "-d", "noted", "-n", "Thanks.", "--date", "2030-04-05"),
                           (DRAFT_2, "Protect spawning grounds.", "Protect all spawning grounds."), "status",
                           (LAO_2, "Name the pools.", "Name them."), "status", (LAO_2, "Thanks.", "Thanks!")],
    "suspect earlier round then words": [
        command("respond", "LAO-3", "-d", "noted", "-n", "Thanks.", "--date", "2030-04-05", "--withdrawn-too"),
        (DRAFT_2, "Protect spawning grounds.", "Protect all spawning grounds."), "status",
        (LAO_1, "Thanks.", "Thanks!")],
    "assign then words": [command("assign", "L2-4", "--to", "Ann", "--due", "2030-05-01", "--today", "2030-04-10"),
                          "status", (LAO_2, "Name the pools.", "Name them.")],
    "add then words": [command("add", "wwf", "--text", "More.", "--id", "WWF-9", "-t", "general"), "status",
                       ("comments/2/wwf.yaml", "More.", "More, please.")],
    "ack then words": [command("stakeholder", "ack", "wwf", "--object", "--date", "2030-04-05"), "status",
                       (WWF, "Fisheries deserve more weight.", "Fisheries deserve weight.")],
    "delete and re-add": [_del, "status", restore(WWF, _del), "status", (WWF, "Fisheries deserve", "Fish deserve")],
    "delete, re-add, words no status between": [_del, "status", restore(WWF, _del),
                                                (WWF, "Fisheries deserve", "Fish deserve")],
    "group member text after grouping": [command("group", "L2-1", "L2-4"), "status",
                                         (LAO_2, "Name the pools.", "Name them.")],
}


@pytest.mark.parametrize("steps", COMMAND_CASES.values(), ids=COMMAND_CASES.keys())
def test_warm_is_cold_with_commands(project, steps):  # noqa: F811
    assert_warm_is_cold(project, steps)


@pytest.mark.parametrize("steps", [*CASES.values(), *COMMAND_CASES.values()], ids=[*CASES, *COMMAND_CASES])
def test_warm_is_cold_settled(project, steps, monkeypatch):  # noqa: F811
    monkeypatch.setattr(loader, "SETTLED_NS", 0)
    time.sleep(0.02)
    run(project, "--json")
    for step in steps:
        time.sleep(0.02)
        apply(project, [step])
    time.sleep(0.02)
    assert_warm_is_cold(project, [])
