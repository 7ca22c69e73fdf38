"""cm status after a change of words only: counted from the last check's facts carried forward
(status_facts.py, quick_check.py) it must print exactly what a status without any cache prints.

The project is the two-round consultation of two_rounds_replies.py with what status shows of a
comment file beside its counts: an objection with its note, a stakeholder objecting to the
round's responses, an assigned comment with a due date, a group member counting with its lead,
and a comment repeating one of the round before (its carry-over kind is read from the words).
Each case changes words the way a secretariat does and compares `cm status` (JSON and text, with
each filter) warm and cold; each also shows the warm run was the quick one.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from projects import yaml
from two_rounds_replies import TWO_ROUNDS, write
from typer.testing import CliRunner

import commentmatrix.read.loader as loader
import commentmatrix.status_facts as status_facts
from commentmatrix.cli import app
from commentmatrix.read.documents import CACHE_ENV

LAO_2 = "comments/2/lao-pdr.yaml"
LAO_1 = "comments/lao-pdr.yaml"

EXTRA_LAO_2 = TWO_ROUNDS[LAO_2].replace("""
    stakeholder: lao-pdr
    received: 2030-04-02
""", """
    stakeholder: lao-pdr
    received: 2030-04-02
    acknowledgement:
      answer: object
      date: 2030-04-20
      note: {en: We object to the responses., lo: ພວກເຮົາຄັດຄ້ານ.}
""") + """
      - id: L2-3
        target: fisheries.2
        group: L2-1
        text: {en: Measure the benefit too., lo: ວັດແທກຜົນປະໂຫຍດ.}
      - id: L2-4
        target: fisheries.1
        assignee: Somchai
        due: 2030-04-01
        text:
          en: Name the pools.
          zh: 说出深潭的名字。
      - id: L2-5
        target: principles.2
        text: {en: Say what openness means., km: និយាយថាការបើកចំហមានន័យអ្វី។}
        response:
          decision: noted
          note: Thank you.
        objection:
          date: 2030-04-18
          note: {en: Noting is not enough., lo: ບໍ່ພຽງພໍ.}
"""
FILES = {**TWO_ROUNDS, LAO_2: EXTRA_LAO_2}

ARGUMENTS = [
    ["--json"], ["--json", "--round", "all"], ["--json", "--round", "1"], ["--json", "--open"],
    ["--json", "--stakeholder", "lao-pdr"], ["--json", "--section", "principles"], ["--json", "--assignee", "Somchai"],
    ["--json", "-s", "lao-pdr", "-s", "wwf", "--section", "principles"], [], ["--round", "all"],
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = write(tmp_path / "two-rounds", FILES)
    assert run(root) == cold(root)  # fills the record, with the facts
    return root


def run(root: Path, *arguments: str) -> list[tuple[int, str]]:
    found = []
    for args in ([list(arguments)] if arguments else ARGUMENTS):
        today = [] if "--today" in args else ["--today", "2030-04-10"]  # one day: a second is said
        result = CliRunner().invoke(app, ["status", "--project", str(root), *today, *args])
        found.append((result.exit_code, result.output))
    return found


def cold(root: Path, *arguments: str) -> list[tuple[int, str]]:
    cache = os.environ[CACHE_ENV]
    os.environ[CACHE_ENV] = "off"
    try:
        return run(root, *arguments)
    finally:
        os.environ[CACHE_ENV] = cache


def replace_in(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class Derivations:
    """Counts status_facts.status_facts: the facts found in a project loaded whole."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        whole = status_facts.status_facts

        def counted(project):
            self.calls += 1
            return whole(project)

        monkeypatch.setattr(status_facts, "status_facts", counted)


WORDS_CHANGES = {
    "an open comment's text": (LAO_2, "Name the pools.", "Name the deep pools, all of them."),
    "a repeating comment's words (repeated becomes revised)": (LAO_2, "data.\"", "data now.\""),
    "words of the earlier round (the repeat is revised)": (LAO_1, "Add a principle on sharing data.",
                                                           "Add a principle on sharing all data."),
    "an objection's note": (LAO_2, "Noting is not enough.", "Noting it is not enough."),
    "an acknowledgement's note": (LAO_2, "We object to the responses.", "We object to these responses."),
    "a text grown by lines (every later line moves)": (LAO_2, "      zh: 说出深潭的名字。",
                                                       "      zh: >-\n        说出深潭的\n        名字。"),
    "a decided comment's note": (LAO_2, "Out of scope.", "Out of scope here."),
}


@pytest.mark.parametrize("change", WORDS_CHANGES.values(), ids=WORDS_CHANGES.keys())
def test_a_status_after_a_words_change_is_a_cold_status(project, change, monkeypatch):
    derivations = Derivations(monkeypatch)
    replace_in(project, *change)
    warm, again = run(project), run(project)  # the second reads back the record the first carried forward
    assert derivations.calls == 0, "only words changed: the record's facts should have been carried forward"
    assert warm == again == cold(project)


def test_the_changes_show_in_the_status(project):
    """The mutations above change what status prints (or the comparisons would prove nothing)."""
    before = run(project)
    for name, old, new in WORDS_CHANGES.values():
        replace_in(project, name, old, new)
    after = run(project)
    for arguments, (_, printed_before), (_, printed_after) in zip(ARGUMENTS, before, after):
        if arguments[:1] == ["--json"] and arguments[1:] in ([], ["--stakeholder", "lao-pdr"]):
            assert printed_before != printed_after
    assert '"revised": 1' in run(project, "--json")[0][1]


def test_a_status_after_cm_validate_s_quick_check_is_carried_forward_too(project, monkeypatch):
    derivations = Derivations(monkeypatch)
    replace_in(project, LAO_2, "Name the pools.", "Name the deep pools.")
    assert CliRunner().invoke(app, ["validate", "--project", str(project)]).exit_code == 0
    replace_in(project, LAO_2, "Say what openness means.", "Say what openness means here.")
    warm = run(project)
    assert derivations.calls == 0
    assert warm == cold(project)


@pytest.mark.parametrize("change", [
    (LAO_2, "    group: L2-1\n", ""),
    (LAO_2, "  answer: object", "  answer: agree"),
    # L2-1 leads L2-3's group: the member counts with its lead's decision.
    (LAO_2, "    response:\n      decision: rejected", "    response:\n      decision: noted"),
], ids=["a group", "an answer to the round", "a group lead's decision"])
def test_anything_but_words_and_answers_no_other_comment_reads_counts_the_facts_again(project, change, monkeypatch):
    derivations = Derivations(monkeypatch)
    replace_in(project, *change)
    warm = run(project)
    assert derivations.calls > 0
    assert warm == cold(project)


@pytest.mark.parametrize("change", [
    (LAO_2, "    response:\n      decision: noted", "    response:\n      decision: rejected"),
    (LAO_2, "    response:\n      decision: noted", "    response:\n      decision: accepted"),  # no edits to apply
    (LAO_2, "    due: 2030-04-01", "    due: 2030-04-30"),
    (LAO_2, "    assignee: Somchai\n", ""),
    (LAO_2, "      note: Thank you.", "      note: ''"),
], ids=["a decision", "accepted without edits", "a due date", "an assignee taken off", "a note emptied"])
def test_an_answer_no_other_comment_reads_is_counted_again_alone(project, change, monkeypatch):
    # L2-4 and L2-5 propose no edit, are in no group and repeat none (quick_check.py).
    derivations = Derivations(monkeypatch)
    replace_in(project, *change)
    warm, again = run(project), run(project)
    assert derivations.calls == 0, "only answers no other comment reads changed: the facts are carried forward"
    assert warm == again == cold(project)


# ---------------------------------------------------------------- files the file system vouches for


class Reads:
    """Counts the comment files read from disk."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        read = loader.read_source

        def counted(root, name, limit):
            if name.startswith("comments/"):
                self.names.append(name)
            return read(root, name, limit)

        monkeypatch.setattr(loader, "read_source", counted)


def settle(monkeypatch: pytest.MonkeyPatch) -> None:
    # Files count as settled at once (not only three seconds after their last change).
    monkeypatch.setattr(loader, "SETTLED_NS", 0)
    time.sleep(0.05)  # past a tick of the file system's clock


def test_settled_files_are_not_read_again(project, monkeypatch):
    settle(monkeypatch)
    run(project, "--json")  # records the settled signatures
    reads = Reads(monkeypatch)
    replace_in(project, LAO_2, "Name the pools.", "Name the deep pools.")
    warm = run(project)
    assert reads.names and set(reads.names) == {LAO_2}, "only the changed file should have been read"
    assert warm == cold(project)


def test_a_change_that_keeps_the_size_is_seen(project, monkeypatch):
    settle(monkeypatch)
    run(project, "--json")
    time.sleep(0.05)
    replace_in(project, LAO_2, "Name the pools.", "Name the POOLS.")
    assert run(project) == cold(project)


def test_a_file_put_in_the_place_of_another_with_its_size_and_times_is_seen(project, monkeypatch):
    settle(monkeypatch)
    run(project, "--json")
    path = project / LAO_2
    before = path.stat()
    replacement = path.with_name("new.tmp")
    replacement.write_text(path.read_text(encoding="utf-8").replace("Name the pools.", "Name the POOLS."), encoding="utf-8")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, path)
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert run(project) == cold(project)


def test_a_file_changed_just_now_is_never_vouched_for(tmp_path):
    path = tmp_path / "comments.yaml"
    path.write_text(yaml("stakeholder: x\n"), encoding="utf-8")
    assert loader.file_signature(path) is None
    os.utime(path, ns=(0, 0))  # its modification time set back: the change time stays now
    assert loader.file_signature(path) is None


@pytest.mark.parametrize("change, counted_again", [
    ((LAO_2, "    response:\n      decision: noted", "    response:\n      decision: rejected"), False),
    ((LAO_2, "    due: 2030-04-01", "    due: 2030-04-30"), False),
    ((LAO_2, "    group: L2-1\n", ""), True),
], ids=["a decision", "a due date", "a group"])
def test_after_a_words_change_the_next_change_of_the_file_is_judged_by_its_digest(project, change, counted_again,
                                                                                  monkeypatch):
    """A quick check keeps the digest of each changed file's data outside its words
    (CheckRecord.words): the next change of that file is compared with it, its old data not
    decoded again. A change of more than words decodes the old data once, to tell which
    comments' answers changed: the facts are counted again alone for those that no other comment
    reads, and in full for anything else."""
    import commentmatrix.read.check_record as check_record

    replace_in(project, LAO_2, "Name the pools.", "Name the deep pools.")
    assert run(project) == cold(project)
    decoded: list[str] = []
    parsed_data = check_record.parsed_data
    monkeypatch.setattr(check_record, "parsed_data", lambda *a: decoded.append(a[1]) or parsed_data(*a))
    replace_in(project, LAO_2, "Say what openness means.", "Say what openness means here.")
    derivations = Derivations(monkeypatch)
    warm = run(project)
    assert derivations.calls == 0 and decoded == []
    assert warm == cold(project)
    replace_in(project, *change)
    derivations.calls = 0
    warm = run(project)
    assert (derivations.calls > 0) == counted_again and len(decoded) == 1
    assert warm == cold(project)
