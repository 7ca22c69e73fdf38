"""`cm status --json` written from the files' outlines (status_json.py, kept in the check record):
byte for byte the JSON of the comments themselves, as status wrote it before the outlines.

The reference is the status encoded whole (json.dumps of Status.to_json, made inert) from a
project loaded without any cache; the outlined status is the CLI's, warm (outlines read back
from the record) and cold (outlines made from the comments). The project adds to
test_status_facts' what the splicing must get right: open items overdue in several files on the
same day (the most overdue first, ties in file order), a due date without an assignee, an
assignee without one, two assignees equal but for case (the overdue one first in the file's
open items, the other first in the file), a decision that changes nothing, and
open texts with characters the JSON writes inert.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_status_facts import FILES, LAO_2, cold, replace_in, run
from test_status_facts_review import CASES, COMMAND_CASES, assert_warm_is_cold
from two_rounds_replies import write
from typer.testing import CliRunner

import commentmatrix.read.check_record as check_record
import commentmatrix.status as status
from commentmatrix.cli import app
from commentmatrix.model.inert import json_text
from commentmatrix.read.documents import CACHE_ENV

WWF_2 = "comments/2/wwf.yaml"
TH_2 = "comments/2/thailand.yaml"

OUTLINED_FILES = {
    **FILES,
    WWF_2: FILES[WWF_2] + """
      - id: WWF2-4
        target: background.1
        assignee: Ann
        text: {en: Assigned without a date., zh: 已分配，没有日期。}
      - id: WWF2-2
        target: fisheries.1
        assignee: ann
        due: 2030-04-01
        text: "A line\\u2028separator, a NEL\\x85, an escape \\x1b[31m and a bidi \\u202e override."
      - id: WWF2-3
        target: principles.2
        due: 2030-03-20
        text: Due, and nobody's.
      - id: WWF2-5
        target: background.1
        text: Accepted, with nothing to apply.
        response:
          decision: accepted
""",
    TH_2: FILES[TH_2] + """
      - id: TH2-2
        target: fisheries.2
        assignee: Somchai
        due: 2030-04-01
        text: {en: Due the same day as L2-4., th: ครบกำหนดวันเดียวกัน}
""",
}

#: Before every due date, on one, between them, after all.
TODAYS = ["2030-03-01", "2030-03-25", "2030-04-01", "2030-04-02", "2030-04-10", "2030-06-01"]
#: The filters that keep or drop whole files (the outlines serve them).
PER_FILE = [[], ["--round", "all"], ["--round", "1"], ["--open"], ["--stakeholder", "wwf"],
            ["--stakeholder", "lao-pdr", "--round", "all"], ["-s", "wwf", "-s", "lao-pdr", "--open"]]


@pytest.fixture
def project(tmp_path):
    return write(tmp_path / "outlined", OUTLINED_FILES)


def status_json(root, today, *args):
    result = CliRunner().invoke(app, ["status", "--json", "--project", str(root), "--today", today, *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


class Spied:
    """Counts the statuses written from outlines, and the comments the record decoded."""

    def __init__(self, monkeypatch):
        self.outlined = self.decoded = 0
        open_bytes, listed = status.WrittenLists.open_bytes, check_record._Lines.listed

        def counted_open_bytes(lists):
            self.outlined += 1
            return open_bytes(lists)

        def counted_listed(lines):
            self.decoded += 1
            return listed(lines)

        monkeypatch.setattr(status.WrittenLists, "open_bytes", counted_open_bytes)
        monkeypatch.setattr(check_record._Lines, "listed", counted_listed)


def encoded_whole(root, monkeypatch, today, *args):
    """The reference: status --json of the comments, encoded whole, without any cache."""
    with monkeypatch.context() as patched:
        build = status.build_status
        patched.setattr(status, "build_status", lambda *a, **k: build(*a, **{**k, "written": False}))
        found = cold(root, "--json", "--today", today, *args)[0]
    assert found[0] == 0
    return found[1].encode()


def test_the_outlines_write_the_json_of_the_comments(project, monkeypatch):
    status_json(project, TODAYS[0])  # fills the record, with the outlines
    spied = Spied(monkeypatch)
    for today in TODAYS:
        for args in PER_FILE:
            expected = encoded_whole(project, monkeypatch, today, *args)
            warm = status_json(project, today, *args)
            assert warm == expected, (today, args)
            assert cold(project, "--json", "--today", today, *args)[0][1].encode() == expected
    assert spied.outlined == 2 * len(TODAYS) * len(PER_FILE), "every status should have been written from outlines"


def test_an_outlined_status_decodes_no_comment(project, monkeypatch):
    # Of round 1, which has no round before it: round 2's carry-over reads every comment's facts.
    status_json(project, TODAYS[0], "--round", "1")
    spied = Spied(monkeypatch)
    status_json(project, "2030-04-10", "--round", "1")
    assert spied.outlined == 1
    assert spied.decoded == 0, "an outlined status should decode no comments from the record"


def test_the_outlines_cover_what_they_must(project):
    """The comparisons above see overdue items from several files, ties, both assignees, the
    unassigned, a decision without effect and inert characters (or they would prove little)."""
    written = json.loads(status_json(project, "2030-04-10", "--round", "all"))
    overdue = [item["id"] for item in written["open_items"] if item["overdue"]]
    assert overdue == ["WWF2-3", "L2-4", "TH2-2", "WWF2-2"]
    assert [row["assignee"] for row in written["assignees"]] == ["ann", "Ann", "Somchai", None]
    assert [item["id"] for item in written["decided_without_edits"]] == ["WWF2-5"]
    raw = status_json(project, "2030-04-10")
    assert b"\\u2028" in raw and b"\\u0085" in raw and b"\\u001b" in raw and b"\\u202e" in raw
    assert json_text(raw.decode()) == raw.decode()


def test_a_filter_of_single_comments_encodes_the_comments(project, monkeypatch):
    status_json(project, TODAYS[0])
    spied = Spied(monkeypatch)
    for args in (["--section", "fisheries"], ["--assignee", "Somchai"]):
        assert status_json(project, "2030-04-10", *args) == encoded_whole(project, monkeypatch, "2030-04-10", *args)
    assert spied.outlined == 0


def test_an_outline_follows_a_words_change(project, monkeypatch):
    status_json(project, TODAYS[0])
    replace_in(project, WWF_2, "Due, and nobody's.", "Due, and still nobody's.")
    replace_in(project, LAO_2, "Name the pools.", "Name the deep pools.")
    spied = Spied(monkeypatch)
    for today in TODAYS:
        assert status_json(project, today) == encoded_whole(project, monkeypatch, today)
    assert spied.outlined == len(TODAYS)
    assert b"still nobody" in status_json(project, "2030-04-10")



# ---------------------------------------------------------------- the files written beside the record


class Stores:
    """Which record files were written: the record whole, or beside it."""

    def __init__(self, monkeypatch):
        self.names: list[str] = []
        store = check_record.store_signed_parts

        def counted(path, key, lines):
            self.names.append("beside" if path.name.endswith(".beside.record") else "whole")
            return store(path, key, lines)

        monkeypatch.setattr(check_record, "store_signed_parts", counted)


@pytest.fixture
def beside_always(monkeypatch):
    # The test projects are small: one file's facts are more than a quarter of their record.
    monkeypatch.setattr(check_record, "BESIDE_SHARE", 1.0)


@pytest.mark.parametrize("steps", [*CASES.values(), *COMMAND_CASES.values()], ids=[*CASES, *COMMAND_CASES])
def test_warm_is_cold_with_the_facts_beside_the_record(steps, tmp_path, beside_always, monkeypatch):
    root = write(tmp_path / "two-rounds", FILES)
    run(root, "--json")
    assert_warm_is_cold(root, steps)


def test_a_words_change_writes_only_beside_the_record(project, beside_always, monkeypatch):
    status_json(project, TODAYS[0])
    record = check_record._path(Path(os.environ[CACHE_ENV]), check_record._record_key(project))
    written = record.read_bytes()
    stores = Stores(monkeypatch)
    for _ in range(3):
        replace_in(project, WWF_2, "Due,", "Due, again,")
        assert status_json(project, "2030-04-10") == encoded_whole(project, monkeypatch, "2030-04-10")
    assert stores.names == ["beside"] * 3
    assert record.read_bytes() == written


def test_what_is_beside_another_record_is_not_read(project, beside_always, monkeypatch):
    """A file left beside a record written whole since (by another cm, say) is bound to the
    record it was written beside: read with the new one, it would take the new record's facts
    of the files it did not replace for the old record's."""
    status_json(project, TODAYS[0])
    replace_in(project, WWF_2, "Due, and nobody's.", "Due, and somebody's.")
    status_json(project, "2030-04-10")
    beside = check_record._beside_path(Path(os.environ[CACHE_ENV]), check_record._record_key(project))
    stale = beside.read_bytes()  # WWF_2 beside the record, TH_2 as recorded in it
    # Not words, nor an answer: the record is written whole.
    replace_in(project, TH_2, "target: fisheries.2", "target: fisheries.1")
    stores = Stores(monkeypatch)
    status_json(project, "2030-04-10")
    assert stores.names == ["whole"] and not beside.exists()
    replace_in(project, TH_2, "target: fisheries.1", "target: fisheries.2")  # the files as the stale file has them
    beside.write_bytes(stale)
    for today in TODAYS:
        assert status_json(project, today) == encoded_whole(project, monkeypatch, today)


def test_a_stream_that_does_not_write_utf8_gets_the_text(project, monkeypatch):
    """Standard output in another encoding is written as text, as the status encoded whole is:
    what the stream cannot hold as its `?` (cli.main), not as UTF-8 bytes."""
    status_json(project, TODAYS[0])
    args = ["status", "--json", "--project", str(project), "--today", "2030-04-10"]
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    written = subprocess.run([sys.executable, "-m", "commentmatrix", *args], env=env, capture_output=True, timeout=120)
    expected = encoded_whole(project, monkeypatch, "2030-04-10").decode().encode("cp1252", "replace")
    assert (written.returncode, written.stdout) == (0, expected)
    assert b"?" in expected
