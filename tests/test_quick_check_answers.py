"""quick_check past a change of answers: a decision, who made it when, its basis, who prepares the
response by when. Where no other comment and no edit reads the answer, the quick check redoes
only the changed file, and must give what a full check of a fresh load gives, problems and
status alike; where another comment or the revised draft reads it, it must decline (None).

Built like tests/test_quick_check.py's cases: a full check fills the record, the project is
changed as a secretariat changes it (by hand, or with cm respond and cm assign), and the quick
check is compared field by field with a full check.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from test_quick_check import LAO, SEI, assert_quick_equals_full, example_with_problems, fields, full, quick_check, replace_in
from two_rounds_replies import write

from commentmatrix.cli import app
from commentmatrix.quick_check import full_check
from commentmatrix.read.check_record import RECORD_FOLDER
from commentmatrix.read.documents import cache_folder
from commentmatrix.read.loader import load_project

TNC = "comments/tnc.yaml"  # TNC-1: partially accepted, with the secretariat's own edits


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The example with a project-wide problem in ci.yaml and one of its own text in sei.yaml, as
    tests/test_quick_check.py's; sei.yaml's comments propose no edit and are in no group."""
    root = example_with_problems(tmp_path / "example")
    full(root)
    return root


def response_of(root: Path, name: str, comment_id: str) -> tuple[int, int]:
    """Where the comment's `response:` block starts and ends in the file's text."""
    text = (root / name).read_text(encoding="utf-8")
    start = text.index(f"  - id: {comment_id}\n")
    end = text.find("\n  - id: ", start + 1)
    end = len(text) if end < 0 else end + 1
    block = text[start:end]
    at = block.index("    response:\n")
    return start + at, end


def without_response(root: Path, name: str, comment_id: str) -> None:
    text = (root / name).read_text(encoding="utf-8")
    start, end = response_of(root, name, comment_id)
    (root / name).write_text(text[:start] + text[end:], encoding="utf-8")


@pytest.mark.parametrize("old, new", [
    ("      decision: accepted", "      decision: noted"),
    ("      decision: accepted", "      decision: rejected"),
    ("      decision: accepted", "      decision: partially"),  # and no edits: an error of its own
    ("      decision: accepted", "      decision: accepted\n      by: Secretariat\n      date: 2017-09-01"),
], ids=["noted", "rejected", "partially without edits", "who and when"])
def test_a_decision_on_a_comment_without_edits_is_checked_quickly(project, old, new):
    replace_in(project, SEI, old, new)
    found = assert_quick_equals_full(project)
    if "partially" in new:
        assert any(d[0] == SEI and d[4] == "partially-without-edits" for d in found)


def test_a_rejection_without_a_note_is_warned_of_quickly_and_the_warning_moves_with_the_words(project):
    # SEI-3 rejected, its note emptied: the warning is found again in the changed file.
    start, end = response_of(project, SEI, "SEI-3")
    text = (project / SEI).read_text(encoding="utf-8")
    (project / SEI).write_text(text[:start] + "    response:\n      decision: rejected\n" + text[end:], encoding="utf-8")
    found = assert_quick_equals_full(project)
    warned = [d for d in found if d[4] == "rejected-without-note"]
    assert [d[0] for d in warned] == [SEI]
    # Words above it move the warning a line down; the quick check follows it.
    replace_in(project, SEI, "      en: Suggest to develop", "      en: >-\n        A line before.\n        Suggest to develop")
    moved = [d for d in assert_quick_equals_full(project) if d[4] == "rejected-without-note"]
    assert moved[0][1] > warned[0][1]


def test_a_note_emptied_is_checked_quickly(project):
    replace_in(project, SEI, "      decision: accepted", "      decision: rejected")
    assert_quick_equals_full(project)
    text = (project / SEI).read_text(encoding="utf-8")
    start, end = response_of(project, SEI, next(re.finditer(r"  - id: (SEI-\d)\n(?:(?!  - id).*\n)*?      decision: rejected",
                                                              text)).group(1))
    block = re.sub(r"      note:\n(?:        .*\n)+", "      note: ''\n", text[start:end])
    (project / SEI).write_text(text[:start] + block + text[end:], encoding="utf-8")
    found = assert_quick_equals_full(project)
    assert any(d[4] == "rejected-without-note" for d in found)


def test_cm_respond_and_cm_assign_on_an_open_comment_are_checked_quickly(project, runner, monkeypatch):
    monkeypatch.setenv("CM_TODAY", "2017-09-01")
    without_response(project, SEI, "SEI-4")
    full(project)
    result = runner.invoke(app, ["respond", "SEI-4", "-C", str(project), "--decision", "noted", "--note", "Noted."])
    assert result.exit_code == 0, result.stderr
    assert "basis:" in (project / SEI).read_text(encoding="utf-8")  # a basis recorded: judged again quickly
    assert_quick_equals_full(project)
    without_response(project, SEI, "SEI-5")
    full(project)
    result = runner.invoke(app, ["assign", "SEI-5", "-C", str(project), "--to", "Ms Li", "--due", "2017-09-20"])
    assert result.exit_code == 0, result.stderr
    assert_quick_equals_full(project)


def test_a_basis_that_no_longer_holds_is_found_suspect_quickly(project):
    replace_in(project, SEI, "      decision: accepted", "      decision: accepted\n      basis: 0123456789ab")
    found = assert_quick_equals_full(project)
    assert any(d[0] == SEI and d[4] == "suspect-response" for d in found)


def group(root: Path, name: str, member: str, lead: str) -> None:
    replace_in(root, name, f"  - id: {member}\n", f"  - id: {member}\n    group: {lead}\n")


@pytest.mark.parametrize("change", [
    lambda root: replace_in(root, LAO, "      decision: accepted", "      decision: noted"),  # its proposal applies no more
    lambda root: replace_in(root, LAO, "      decision: accepted", "      decision: accepted\n      by: Secretariat"),
], ids=["a proposal's", "who decided, on a comment with edits"])
def test_an_answer_whose_replaces_the_revised_draft_reads_is_checked_on_their_texts(project, change):
    # Its replaces are run again with the others found in their texts (quick_edits.py):
    # tests/test_quick_edits.py holds that to a full check on many more.
    change(project)
    assert_quick_equals_full(project)


def test_an_answer_whose_inserts_the_revised_draft_reads_is_checked_in_full(project):
    # TNC-1's own edits insert paragraphs: the draft's structure changes, and what reads it.
    replace_in(project, TNC, "      decision: partially", "      decision: rejected")
    assert quick_check(project) is None


def test_an_answer_a_group_reads_is_checked_in_full(project):
    # SEI-1 leads SEI-2: the members count with their lead's decision, in whatever file.
    without_response(project, SEI, "SEI-2")
    group(project, SEI, "SEI-2", "SEI-1")
    full(project)
    start, _ = response_of(project, SEI, "SEI-1")
    text = (project / SEI).read_text(encoding="utf-8")
    lead = text[start:].replace("      decision: accepted", "      decision: noted", 1)
    (project / SEI).write_text(text[:start] + lead, encoding="utf-8")
    assert quick_check(project) is None
    full(project)
    # The member's own decision is an error its lead's rules find.
    replace_in(project, SEI, "    group: SEI-1\n", "    group: SEI-1\n    response:\n      decision: accepted\n")
    assert quick_check(project) is None


@pytest.fixture
def rounds(tmp_path: Path) -> Path:
    """Two rounds (tests/two_rounds_replies.py): round 2's LAO-2 repeats round 1's rejected LAO-2."""
    root = write(tmp_path / "project")
    full(root)
    return root


def test_an_answer_a_later_round_reads_is_checked_in_full(rounds):
    # Round 1's LAO-2 is raised again in round 2: its decision is compared there.
    replace_in(rounds, "comments/lao-pdr.yaml", "      decision: rejected", "      decision: noted")
    assert quick_check(rounds) is None


def test_a_basis_in_an_earlier_round_is_checked_in_full(rounds):
    # Round 1's LAO-3 (withdrawn, named by no comment): judging its basis needs what round 1's
    # revised draft handed on to round 2, which a quick check does not have.
    replace_in(rounds, "comments/lao-pdr.yaml", "    withdrawn: 2030-01-25\n",
               "    withdrawn: 2030-01-25\n    response:\n      decision: noted\n      basis: 0123456789ab\n")
    assert quick_check(rounds) is None
    replace_in(rounds, "comments/lao-pdr.yaml", "      basis: 0123456789ab\n", "")
    assert_quick_equals_full(rounds)  # without a basis, nothing in it reads another round


def test_a_decision_in_the_last_round_is_checked_quickly(rounds):
    # Round 2's L2-1 repeats nothing and nothing repeats it; its basis is judged on round 2's draft.
    replace_in(rounds, "comments/2/lao-pdr.yaml", "      decision: rejected",
               "      decision: noted\n      basis: 0123456789ab")
    found = assert_quick_equals_full(rounds)
    assert any(d[0] == "comments/2/lao-pdr.yaml" and d[4] == "suspect-response" for d in found)


def test_the_answer_of_a_comment_that_repeats_another_is_checked_in_full(rounds):
    replace_in(rounds, "comments/2/lao-pdr.yaml", "    repeats: LAO-2\n", "    repeats: LAO-2\n    response:\n      decision: noted\n")
    assert quick_check(rounds) is None


DECISIONS = ["accepted", "partially", "rejected", "noted", None]


def fresh(root: Path) -> list:
    """A full check's problems of a fresh load, the record left as it is."""
    return fields(full_check(load_project(root)).problems)


def test_random_answers_and_words_give_a_full_check_s_problems_and_status(project, runner):
    """Mutations of the example as a secretariat makes them, in any order: decisions set,
    changed and taken back, notes emptied, assignees and due dates, words. Each time the quick
    check (where taken) gives a full check's problems, and cm status, counting from the facts it
    carried forward, prints what it prints from a fresh count."""
    chooser = random.Random(2017)
    args = ["status", "-C", str(project), "--json", "--today", "2017-09-01"]
    records = cache_folder() / RECORD_FOLDER
    runner.invoke(app, args)  # a record with status's facts
    taken = 0
    for step in range(30):
        name = chooser.choice([SEI, SEI, LAO])
        text = (project / name).read_text(encoding="utf-8")
        comment_id = chooser.choice(re.findall(r"(?m)^  - id: (\S+)$", text))
        start = text.index(f"  - id: {comment_id}\n")
        end = text.find("\n  - id: ", start + 1)
        end = len(text) if end < 0 else end + 1
        block = text[start:end]
        kind = chooser.choice(["decision", "decision", "assign", "note", "words"])
        if kind == "decision":
            decision = chooser.choice(DECISIONS)
            block = re.sub(r"    response:\n(?:      .*\n)*", "", block)
            if decision is not None:
                block += f"    response:\n      decision: {decision}\n"
                if chooser.random() < 0.5:
                    block += "      note: A reason.\n"
        elif kind == "assign":
            block = re.sub(r"    (assignee|due): .*\n", "", block)
            block = block.replace(f"  - id: {comment_id}\n", f"  - id: {comment_id}\n    assignee: Ms {step}\n"
                                  f"    due: 2017-09-{chooser.randrange(1, 29):02d}\n", 1)
        elif kind == "note":
            block = re.sub(r"      note:\n(?:        .*\n)+", "      note: ''\n", block)
        else:
            block = re.sub(r"(?m)^(      en: )(.{8})", r"\1\2 (again)", block, count=1)
        (project / name).write_text(text[:start] + block + text[end:], encoding="utf-8")
        quick = quick_check(project)  # its record kept, with the facts carried forward
        if quick is None:
            runner.invoke(app, args)
            continue
        taken += 1
        assert fields(quick.problems) == fresh(project), f"step {step}: {kind} of {comment_id}"
        counted = runner.invoke(app, args)
        for record in records.glob("*.record"):
            record.unlink()
        recounted = runner.invoke(app, args)  # and a record with facts again
        assert (counted.exit_code, counted.output) == (recounted.exit_code, recounted.output), f"step {step}"
    assert taken >= 10
