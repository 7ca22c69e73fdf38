"""An adversarial review of two shortcuts: the quick check past answers (quick_check.py: a
decision, who made it when, a basis, an assignee or a due date of a comment no other comment or
edit reads) and the edits made on the project in part (write/transaction.edit_in_part: cm
respond without edits, cm respond --confirm, cm assign).

Each case is chosen to make a shortcut give another result than the full path: the quick check
is compared field by field with a full check of a fresh load, and cm status warm with cm status
without any cache, under each filter; an edit made through the record is compared with the same
command on a twin project that never has a record (the cache off), by exit code, output, the
bytes written, and what the next cm validate and cm status print. Where a case is taken quickly
(or made in part) the test says so, so that the comparison is not empty; where the shortcut
declines, it says that too. The review found no difference: these cases document what holds.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import copy_example
from test_commit_quick import WholeLoads, open_comment
from test_quick_check import CI, LAO, SEI, example_with_problems, fields, full, quick_check, replace_in
from test_status_facts import FILES, Derivations
from two_rounds_replies import write
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.quick_check import full_check
from commentmatrix.read.check_record import read_record
from commentmatrix.read.documents import CACHE_ENV
from commentmatrix.read.loader import load_project

Change = Callable[[Path], None]
LAO_1, LAO_2, TNC = "comments/lao-pdr.yaml", "comments/2/lao-pdr.yaml", "comments/tnc.yaml"
ROUNDS_TODAY, EXAMPLE_TODAY = "2030-04-10", "2017-09-01"
#: cm status under each filter it has, JSON and text.
FILTERS = [
    ["--json"], [], ["--open"], ["--json", "--open"], ["--json", "--round", "all"], ["--json", "--round", "1"],
    ["--round", "1"], ["--json", "--round", "2"], ["--json", "--stakeholder", "lao-pdr"], ["--json", "--stakeholder", "sei"],
    ["--json", "--section", "principles"], ["--section", "principles"], ["--json", "--assignee", "Somchai"],
    ["--assignee", "Li"],
]


def replaced(name: str, old: str, new: str) -> Change:
    return lambda root: replace_in(root, name, old, new)


def both(*changes: Change) -> Change:
    def change(root: Path) -> None:
        for one in changes:
            one(root)
    return change


def rounds_project(root: Path) -> Path:
    """tests/test_status_facts.py's two rounds: round 2's L2-1 leads L2-3, L2-2 repeats LAO-2,
    L2-4 is assigned to Somchai, L2-5 is noted with an objection; round 1's LAO-3 is withdrawn."""
    return write(root, FILES)


def status(root: Path, today: str, arguments: list[str], cache: bool = True) -> tuple[int, str]:
    kept = os.environ[CACHE_ENV]
    if not cache:
        os.environ[CACHE_ENV] = "off"
    try:
        result = CliRunner().invoke(app, ["status", "--project", str(root), "--today", today, *arguments])
    finally:
        os.environ[CACHE_ENV] = kept
    return result.exit_code, result.output


def fresh(root: Path) -> list:
    return fields(full_check(load_project(root)).problems)


def quick_taken(make: Callable[[Path], Path], change: Change, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                today: str) -> tuple[bool, bool]:
    """Whether cm validate's quick check and cm status's carried facts were taken past `change`
    (each on its own copy); each time taken, it gave what the full path gives."""
    checked = make(tmp_path / "checked")
    full(checked)
    change(checked)
    quick = quick_check(checked)
    if quick is not None:
        assert fields(quick.problems) == fresh(checked)
    counted = make(tmp_path / "counted")
    status(counted, today, ["--json"])  # a record with status's facts
    change(counted)
    derivations = Derivations(monkeypatch)
    warm = [status(counted, today, arguments) for arguments in FILTERS]
    carried = derivations.calls == 0
    assert warm == [status(counted, today, arguments, cache=False) for arguments in FILTERS]
    return quick is not None, carried


# ---------------------------------------------------------------- the quick check past answers

ROUNDS_ANSWERS = {
    "a withdrawn comment of the earlier round decided": (
        replaced(LAO_1, "    withdrawn: 2030-01-25\n", "    withdrawn: 2030-01-25\n    response:\n      decision: noted\n"), True),
    "a withdrawn comment of the earlier round assigned": (
        replaced(LAO_1, "    withdrawn: 2030-01-25\n", "    withdrawn: 2030-01-25\n    assignee: Somchai\n    due: 2030-04-01\n"),
        True),
    "an empty response (response: {})": (
        replaced(LAO_2, "    assignee: Somchai\n", "    assignee: Somchai\n    response: {}\n"), True),
    "a response written as a flow mapping": (
        replaced(LAO_2, "    assignee: Somchai\n", "    assignee: Somchai\n    response: {decision: rejected}\n"), True),
    "a response that is null": (replaced(LAO_2, "    assignee: Somchai\n", "    assignee: Somchai\n    response:\n"), False),
    "an objected decision changed": (replaced(LAO_2, "      decision: noted\n      note: Thank you.",
                                              "      decision: rejected\n      note: Thank you."), True),
    "an objected decision taken back": (replaced(LAO_2, "      decision: noted\n      note: Thank you.",
                                                 "      note: Thank you."), True),
    "a decision that is not one (the file does not load)": (
        replaced(LAO_2, "      decision: noted\n      note: Thank you.", "      decision: acepted\n      note: Thank you."), False),
    "a due date and the words of a group's lead, in one file": (
        both(replaced(LAO_2, "    due: 2030-04-01", "    due: 2030-05-01"),
             replaced(LAO_2, "Benefit must be measured.", "Benefit must be measured well.")), True),
    "words in round 1's file, a due date in round 2's": (
        both(replaced(LAO_1, "Name the spawning grounds.", "Name all spawning grounds."),
             replaced(LAO_2, "    due: 2030-04-01", "    due: 2030-05-01")), True),
    "a basis in the last round that does not hold": (
        replaced(LAO_2, "    assignee: Somchai\n", "    assignee: Somchai\n    response:\n      decision: noted\n"
                 "      basis: 0123456789ab\n"), True),
    "who decided when": (replaced(LAO_2, "    assignee: Somchai\n", "    assignee: Somchai\n    response:\n"
                                  "      decision: noted\n      date: 2030-04-05\n      by: Secretariat\n"), True),
    "an assignee renamed (the --assignee filter)": (replaced(LAO_2, "    assignee: Somchai\n", "    assignee: Li\n"), True),
    "a due date written as a string": (replaced(LAO_2, "    due: 2030-04-01", "    due: '2030-04-01'"), False),
    "a due date with a time": (replaced(LAO_2, "    due: 2030-04-01", "    due: 2030-04-01 10:00:00"), False),
    "who decided, written as a number": (
        replaced(LAO_2, "    assignee: Somchai\n", "    assignee: Somchai\n    response:\n      decision: noted\n      by: 12\n"),
        False),
    "a withdrawal taken back with a decision (not an answer alone)": (
        replaced(LAO_1, "    withdrawn: 2030-01-25\n", "    response:\n      decision: accepted\n"), False),
}


@pytest.mark.parametrize("change, taken", ROUNDS_ANSWERS.values(), ids=ROUNDS_ANSWERS.keys())
def test_answers_in_a_project_of_two_rounds(tmp_path, monkeypatch, change, taken):
    assert quick_taken(rounds_project, change, tmp_path, monkeypatch, ROUNDS_TODAY) == (taken, taken)


def alias_of_sei_1_response(root: Path) -> None:
    replace_in(root, SEI, "for each focus area\n    response:\n", "for each focus area\n    response: &answer\n")
    replace_in(root, SEI, "  - id: SEI-2\n    target: priority-areas\n", "  - id: SEI-2\n    target: priority-areas\n"
               "    response: *answer\n")


def flow_comment(decision: str, note: str) -> Change:
    return replaced(SEI, "  - id: SEI-5\n", "  - {id: SEI-6, target: institutional, text: {en: In flow style.}, "
                    f"response: {{decision: {decision}, note: {note}}}}}\n  - id: SEI-5\n")


EXAMPLE_ANSWERS = {
    "a decision with an explicit tag": (None, replaced(SEI, "      decision: accepted", "      decision: !!str rejected"), True),
    "a decision under a quoted key": (None, replaced(SEI, "      decision: accepted", '      "decision": rejected'), True),
    "a decision given twice (a duplicate key)": (
        None, replaced(SEI, "      decision: accepted", "      decision: accepted\n      decision: rejected"), False),
    "a document start marker added": (None, replaced(SEI, "stakeholder: sei", "---\nstakeholder: sei"), True),
    "a second document added": (
        None, lambda root: (root / SEI).write_text((root / SEI).read_text(encoding="utf-8") + "---\nstakeholder: sei\n",
                                                    encoding="utf-8"), False),
    "a comment in flow style decided anew": (
        flow_comment("accepted", "x"), replaced(SEI, "{decision: accepted, note: x}", "{decision: rejected, note: x}"), True),
    "a rejection's note emptied in flow style": (
        flow_comment("rejected", "x"), replaced(SEI, "{decision: rejected, note: x}", "{decision: rejected, note: ''}"), True),
    "a response shared by an anchor and an alias": (
        alias_of_sei_1_response, replaced(SEI, "      decision: accepted", "      decision: rejected"), False),
    "a bidi control in who decided": (
        None, replaced(SEI, "      decision: accepted", '      decision: rejected\n      by: "Se\\u202ec"'), True),
    "a C1 control in the assignee": (None, replaced(SEI, "  - id: SEI-3\n", '  - id: SEI-3\n    assignee: "Li\\x85"\n'), True),
    "a note in a language not the project's": (
        None, replaced(SEI, "      decision: accepted\n      note:\n        en:", "      decision: rejected\n      note:\n        fr:"),
        True),
    "an internal note with a rejection": (
        None, replaced(SEI, "      decision: accepted", "      decision: rejected\n      internal_note: Ask Li."), True),
    "a note emptied in one file, a decision in another": (
        None, both(replaced(LAO, "        en: Accepted", "        en: ''"), replaced(SEI, "      decision: accepted", "      decision: noted")),
        True),
    "a decision beside words of the file with a project-wide problem": (
        None, both(replaced(CI, "Coherence of words", "Coherence of the words"),
                   replaced(SEI, "      decision: accepted", "      decision: noted")), False),
    "a comment moved to another file": (
        None, lambda root: move_comment(root, "SEI-5", SEI, TNC), False),
}


def move_comment(root: Path, comment_id: str, source: str, destination: str) -> None:
    text = (root / source).read_text(encoding="utf-8")
    start = text.index(f"  - id: {comment_id}\n")
    end = text.find("\n  - id: ", start + 1)
    end = len(text) if end < 0 else end + 1
    (root / source).write_text(text[:start] + text[end:], encoding="utf-8")
    target = (root / destination).read_text(encoding="utf-8")
    (root / destination).write_text(target.rstrip("\n") + "\n" + text[start:end], encoding="utf-8")


@pytest.mark.parametrize("before, change, taken", EXAMPLE_ANSWERS.values(), ids=EXAMPLE_ANSWERS.keys())
def test_answers_written_in_other_yaml_and_beside_other_changes(tmp_path, monkeypatch, before, change, taken):
    """The example with a problem of each origin (test_quick_check.example_with_problems)."""
    def make(root: Path) -> Path:
        made = example_with_problems(root)
        if before is not None:
            before(made)
        return made

    assert quick_taken(make, change, tmp_path, monkeypatch, EXAMPLE_TODAY) == (taken, taken)


def test_one_file_answered_words_changed_and_answered_again(tmp_path, monkeypatch):
    """Each change judged by the digest the last quick check kept (CheckRecord.words) or by the
    data it decoded; cm validate and cm status stay a full check's."""
    root = rounds_project(tmp_path / "project")
    status(root, ROUNDS_TODAY, ["--json"])
    changes = [
        replaced(LAO_2, "    due: 2030-04-01", "    due: 2030-05-01"),
        replaced(LAO_2, "Name the pools.", "Name the deep pools."),
        replaced(LAO_2, "      decision: noted\n      note: Thank you.", "      decision: rejected\n      note: ''"),
        replaced(LAO_2, "    assignee: Somchai\n", ""),
        replaced(LAO_2, "      decision: rejected\n      note: ''", "      decision: rejected\n      note: Out of scope."),
    ]
    derivations = Derivations(monkeypatch)
    for step, change in enumerate(changes):
        change(root)
        if step % 2:
            quick = quick_check(root)
            assert quick is not None and fields(quick.problems) == fresh(root), step
        derivations.calls = 0
        warm = [status(root, ROUNDS_TODAY, arguments) for arguments in FILTERS]
        assert derivations.calls == 0, step  # the facts carried forward
        assert warm == [status(root, ROUNDS_TODAY, arguments, cache=False) for arguments in FILTERS], step


# ---------------------------------------------------------------- edits made on the project in part

def example_project(root: Path) -> Path:
    """The example with SEI-4 open (tests/test_commit_quick.py's)."""
    copy_example(root)
    open_comment(root, "SEI-4")
    return root


def invoke(root: Path, arguments: list[str], cache: bool = True) -> tuple[int, str, str]:
    kept = os.environ[CACHE_ENV]
    if not cache:
        os.environ[CACHE_ENV] = "off"
    try:
        result = CliRunner().invoke(app, [*arguments, "-C", str(root)])
    finally:
        os.environ[CACHE_ENV] = kept
    return result.exit_code, result.stdout.replace(str(root), "ROOT"), result.stderr.replace(str(root), "ROOT")


def comment_files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted((root / "comments").rglob("*.yaml"))}


def same_as_on_a_twin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], Path], today: str,
                      commands: list[list[str]], record: str = "validate", before: Change | None = None,
                      since: Change | None = None) -> list[bool]:
    """The commands on a project with a record (made by cm validate or cm status, after `before`;
    `since` changes it after the record) and on its twin, which never has one: the same exit,
    output and bytes, each record an edit leaves the one a full check makes, and the same next
    cm validate and cm status under each filter. Returns, per command, whether it was made in part."""
    monkeypatch.setenv("CM_TODAY", today)
    project, twin = make(tmp_path / "project"), make(tmp_path / "twin")
    for root in (project, twin):
        if before is not None:
            before(root)
    if record == "validate":
        full(project)
    else:
        status(project, today, ["--json"])
    for root in (project, twin):
        if since is not None:
            since(root)
    loads = WholeLoads(monkeypatch)
    in_part = []
    for arguments in commands:
        loads.calls = 0
        assert invoke(project, arguments) == invoke(twin, arguments, cache=False), arguments
        in_part.append(loads.calls == 1)  # the twin's load alone
        assert comment_files(project) == comment_files(twin), arguments
        if read_record(project) is not None:  # the record the edit left (or the one before it)
            quick = quick_check(project)
            if quick is not None:
                assert fields(quick.problems) == fresh(project), arguments
    assert invoke(project, ["validate"]) == invoke(twin, ["validate"], cache=False)
    for arguments in FILTERS:
        assert status(project, today, arguments) == status(twin, today, arguments, cache=False), arguments
    return in_part


EXAMPLE_EDITS = {
    "a rejection, then an acceptance": (
        [["respond", "SEI-4", "--decision", "rejected"], ["respond", "SEI-4", "--decision", "accepted"]], [True, True]),
    "a note written for the decision before": ([["respond", "SEI-3", "--decision", "rejected"]], [True]),
    "a note in another language under a rejection": (
        [["respond", "SEI-3", "--decision", "rejected", "--note", "不。", "--lang", "zh"]], [True]),
    "--round of the comment, then another round": (
        [["respond", "SEI-4", "--decision", "noted", "--round", "1"], ["respond", "SEI-4", "--decision", "noted", "--round", "2"]],
        [True, False]),
    "a confirmation of an undecided comment, then of a decided one twice": (
        [["respond", "SEI-4", "--confirm"], ["respond", "SEI-3", "--confirm"], ["respond", "SEI-3", "--confirm"]],
        [False, True, True]),
    "assign a decided comment, a due date in the past, a due date alone": (
        [["assign", "SEI-3", "--to", "Li"], ["assign", "SEI-4", "--to", "Li", "--due", "2017-08-01"],
         ["assign", "SEI-4", "--due", "2017-09-30"]], [False, False, False]),
    "assign an open and a decided comment at once": ([["assign", "SEI-4", "LAO-3", "--to", "Li"]], [False]),
    "assign twice, respond, clear": (
        [["assign", "SEI-4", "--to", "Li", "--due", "2017-09-30"], ["assign", "SEI-4", "--to", "Li", "--due", "2017-09-30"],
         ["respond", "SEI-4", "--decision", "noted", "--note", "N"], ["assign", "SEI-4", "--clear"]], [True, True, True, True]),
    "a dry run": ([["respond", "SEI-4", "--decision", "noted", "--dry-run"]], [True]),
    "an id in other letters, a language not the project's": (
        [["respond", "sei-4", "--decision", "noted"], ["respond", "SEI-4", "--decision", "noted", "--note", "x", "--lang", "fr"]],
        [False, False]),
    "the decision it has": ([["respond", "SEI-3", "--decision", "accepted"]], [True]),
}


@pytest.mark.parametrize("record", ["validate", "status"])
@pytest.mark.parametrize("commands, in_part", EXAMPLE_EDITS.values(), ids=EXAMPLE_EDITS.keys())
def test_edits_of_the_example_in_part_and_on_a_twin(tmp_path, monkeypatch, commands, in_part, record):
    assert same_as_on_a_twin(tmp_path, monkeypatch, example_project, EXAMPLE_TODAY, commands, record) == in_part


ROUNDS_EDITS = {
    "an open comment of the last round answered, assigned, cleared, confirmed": (
        None, [["respond", "L2-4", "--decision", "noted", "--note", "N"], ["assign", "L2-5", "--to", "Li"],
               ["assign", "L2-4", "--clear"], ["respond", "L2-5", "--confirm"]], [True, False, True, True]),
    "--round of another round, then its own": (
        None, [["respond", "L2-4", "--decision", "noted", "--round", "1"], ["respond", "L2-4", "--decision", "noted", "--round", "2"]],
        [False, True]),
    "a group's lead, a member, a repeat": (
        None, [["respond", "L2-1", "--decision", "noted", "--note", "x"], ["respond", "L2-3", "--decision", "noted"],
               ["assign", "L2-3", "--to", "Li"], ["respond", "WWF2-1", "--decision", "noted"]], [False, False, False, False]),
    "a comment of the earlier round (its basis needs round 1's revision)": (
        replaced(LAO_1, "    withdrawn: 2030-01-25\n", "    withdrawn: 2030-01-25\n    response:\n      decision: noted\n"),
        [["respond", "LAO-3", "--confirm"], ["respond", "LAO-3", "--decision", "rejected", "--round", "1", "--withdrawn-too"]], [False, False]),
}


@pytest.mark.parametrize("record", ["validate", "status"])
@pytest.mark.parametrize("before, commands, in_part", ROUNDS_EDITS.values(), ids=ROUNDS_EDITS.keys())
def test_edits_of_two_rounds_in_part_and_on_a_twin(tmp_path, monkeypatch, before, commands, in_part, record):
    assert same_as_on_a_twin(tmp_path, monkeypatch, rounds_project, ROUNDS_TODAY, commands, record, before) == in_part


BROKEN_TNC = replaced(TNC, "stakeholder: tnc", "stakeholder: tnc\n  bad: [")
STATES = {
    # before the record, since the record, made in part
    "words of the edited file changed by hand": (None, replaced(SEI, "Suggest to develop", "Suggest, please, to develop"), True),
    "another answer of the edited file changed by hand": (
        None, replaced(SEI, "      decision: accepted", "      decision: rejected"), True),
    # Its replaces are run again on their texts, an insert's on its section (quick_edits.py); a new section reaches further.
    "a proposal's decision changed by hand": (None, replaced(LAO, "      decision: accepted", "      decision: rejected"), True),
    "an insert's decision changed by hand": (None, replaced(TNC, "      decision: partially", "      decision: rejected"), True),
    "a new section's decision changed by hand": (
        None, replaced(LAO, "      decision: partially\n      note:\n        en: List public awareness",
                       "      decision: rejected\n      note:\n        en: List public awareness"), False),
    "a file broken by hand": (None, BROKEN_TNC, False),
    "a file broken before the record": (BROKEN_TNC, None, True),
    "a file broken before the record, naming the id": (
        both(BROKEN_TNC, replaced(TNC, "stakeholder: tnc", "# SEI-4\nstakeholder: tnc")), None, True),
    "the id in the words of a file with a project-wide problem": (
        both(replaced(CI, "Coherence of words", "Coherence of words (SEI-4)"), replaced(CI, "    target: general", "    target: nowhere")),
        None, True),
    "an unknown field in the edited file": (replaced(SEI, "  - id: SEI-1\n", "  - id: SEI-1\n    colour: red\n"), None, False),
    "a hidden character in the edited file": (
        replaced(SEI, "  - id: SEI-2\n    target: priority-areas\n    text:\n      en: ",
                 "  - id: SEI-2\n    target: priority-areas\n    text:\n      en: \u202e"), None, True),
    "a comment file added by hand": (
        None, lambda root: (root / "comments" / "new.yaml").write_text("stakeholder: sei\ncomments: []\n", encoding="utf-8"), False),
    "the id in a UTF-16 file's YAML comment": (
        lambda root: (root / "comments" / "u16.yaml").write_bytes("stakeholder: ci\nstate: no-comments\n# SEI-4\n".encode("utf-16")),
        None, True),
    "the edited file in UTF-16": (lambda root: (root / SEI).write_bytes((root / SEI).read_text(encoding="utf-8").encode("utf-16")),
                                  None, False),
    "the id used again, written with an escape": (
        replaced(TNC, "  - id: TNC-1", '  - id: "SEI\\x2d4"\n    target: general\n    text: again\n  - id: TNC-1'), None, False),
    "the id a substring of another file's id": (
        replaced(TNC, "  - id: TNC-1", "  - id: SEI-40\n    target: general\n    text: again\n  - id: TNC-1"), None, True),
    "the id a group's lead in another file": (replaced(TNC, "  - id: TNC-1\n", "  - id: TNC-1\n    group: SEI-4\n"), None, False),
}


@pytest.mark.parametrize("record", ["validate", "status"])
@pytest.mark.parametrize("before, since, in_part", STATES.values(), ids=STATES.keys())
def test_an_edit_after_the_project_changed_around_it(tmp_path, monkeypatch, before, since, in_part, record):
    commands = [["respond", "SEI-4", "--decision", "noted", "--note", "N"], ["respond", "SEI-4", "--decision", "rejected"]]
    found = same_as_on_a_twin(tmp_path, monkeypatch, example_project, EXAMPLE_TODAY, commands, record, before, since)
    assert found[0] == in_part
