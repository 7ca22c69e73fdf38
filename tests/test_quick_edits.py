"""quick_check past a decision that applies or withdraws replaces (quick_edits.py): the replaces
found in the texts it touches are run again, and the problems and cm status's facts must be a
full check's of a fresh load, exactly; where more than those texts could change (an insert, a
delete, a group's lead, an earlier round), the quick check must decline.

Built like tests/test_quick_check_answers.py: a full check fills the record, the project is
changed as a secretariat changes it, and the quick check is compared with a full check.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from conftest import copy_example
from test_quick_check import SEI, assert_quick_equals_full, fields, full, quick_check, replace_in
from test_quick_check_answers import fresh, group, response_of
from two_rounds_replies import write

from commentmatrix.cli import app
from commentmatrix.model.edit_index import EditIndex
from commentmatrix.read.check_record import RECORD_FOLDER
from commentmatrix.read.documents import cache_folder
from commentmatrix.read.loader import load_project

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate

LAO = "comments/lao-pdr.yaml"
# LAO-1 (accepted) replaces these words of background.1; SEI-1 (rejected) is made to propose the same.
WORDS = "2030 Sustainable Development Agenda"
SEI_1_PROPOSES = ("    proposal:\n      - replace: 2030 Sustainable Development Agenda\n        with: the 2030 Agenda\n"
                  "        lang: en\n        in: background.1\n")


def status(runner, root: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["status", "-C", str(root), "--json", "--today", "2017-09-01"])
    return result.exit_code, result.output


def recounted(runner, root: Path) -> tuple[int, str]:
    """cm status counted afresh: without any record."""
    for record in (cache_folder() / RECORD_FOLDER).glob("*.record"):
        record.unlink()
    return status(runner, root)


def decide(root: Path, name: str, comment_id: str, decision: str) -> None:
    start, end = response_of(root, name, comment_id)
    text = (root / name).read_text(encoding="utf-8")
    block = re.sub(r"(?m)^      decision: \w+$", f"      decision: {decision}", text[start:end], count=1)
    (root / name).write_text(text[:start] + block + text[end:], encoding="utf-8")


@pytest.fixture
def colliding(tmp_path: Path) -> Path:
    """The example with SEI-1 proposing to replace the words LAO-1's accepted replace changes."""
    root = copy_example(tmp_path / "example")
    start, _ = response_of(root, SEI, "SEI-1")
    text = (root / SEI).read_text(encoding="utf-8")
    (root / SEI).write_text(text[:start] + SEI_1_PROPOSES + text[start:], encoding="utf-8")
    decide(root, SEI, "SEI-1", "noted")
    assert not [d for d in full(root) if d[0] == SEI and d[4] == "edit-conflict"]
    return root


def test_accepting_a_replace_of_words_another_changed_conflicts_and_withdrawing_that_one_applies_it(colliding, runner):
    status(runner, colliding)  # a record with status's facts
    decide(colliding, SEI, "SEI-1", "accepted")
    found = assert_quick_equals_full(colliding)
    conflict = [d for d in found if d[4] == "edit-conflict"]
    assert [(d[0], d[5][:24]) for d in conflict] == [(SEI, "comment SEI-1: comment L")]  # LAO-1 is first in project order
    counted = status(runner, colliding)
    assert counted == recounted(runner, colliding)
    assert '"SEI-1"' in counted[1] and "its edits did not apply" in counted[1]
    # LAO-1 withdrawn: SEI-1's replace, found in the same text, applies now.
    status(runner, colliding)
    decide(colliding, LAO, "LAO-1", "rejected")
    found = assert_quick_equals_full(colliding)
    assert not [d for d in found if d[4] == "edit-conflict"]
    counted = status(runner, colliding)
    assert counted == recounted(runner, colliding)
    assert "its edits did not apply" not in counted[1]


def test_cm_respond_refuses_a_conflict_it_finds_on_the_text_alone_and_writes_nothing(colliding, runner):
    before = (colliding / SEI).read_bytes()
    result = runner.invoke(app, ["respond", "SEI-1", "-C", str(colliding), "--decision", "accepted", "--note", "Yes."])
    assert result.exit_code == 1
    assert "edit-conflict" in result.output + result.stderr
    assert (colliding / SEI).read_bytes() == before
    result = runner.invoke(app, ["respond", "LAO-1", "-C", str(colliding), "--decision", "rejected", "--note", "en=No."])
    assert result.exit_code == 0, result.output + result.stderr
    assert fields(quick_check(colliding).problems) == fresh(colliding)


def test_a_one_language_edit_is_warned_of_on_the_text_alone(colliding, runner):
    # SEI-1's replace changes background.1's English only, and its response does not excuse it.
    decide(colliding, LAO, "LAO-1", "rejected")
    full(colliding)
    decide(colliding, SEI, "SEI-1", "accepted")
    found = assert_quick_equals_full(colliding)
    assert [d[0] for d in found if d[4] == "one-language-edit"] == [SEI]


def test_a_decided_delete_in_the_text_is_run_with_its_replaces(colliding, runner):
    # SEI-1 accepted, deleting background.1: LAO-1's replace, first in project order, withdraws it.
    replace_in(colliding, SEI, SEI_1_PROPOSES, "    proposal:\n      - delete: background.1\n")
    decide(colliding, SEI, "SEI-1", "accepted")
    assert [d[4] for d in full(colliding) if d[0] == SEI] == ["edit-conflict"]
    status(runner, colliding)
    decide(colliding, LAO, "LAO-1", "rejected")  # the delete applies now
    assert not [d for d in assert_quick_equals_full(colliding) if d[4] == "edit-conflict"]
    assert status(runner, colliding) == recounted(runner, colliding)
    decide(colliding, SEI, "SEI-1", "noted")  # and is withdrawn by its own decision
    assert_quick_equals_full(colliding)
    assert status(runner, colliding) == recounted(runner, colliding)


@pytest.mark.parametrize("paragraph, quick", [("biodiversity.1", False), ("biodiversity.3", True)])
def test_a_delete_before_a_new_paragraph_is_checked_in_full(colliding, paragraph, quick):
    # TNC-1's edits put new paragraphs after biodiversity.1 and .2, each compared with the
    # languages of the paragraph before it: deleting .1 changes that one; deleting .3 none.
    replace_in(colliding, "comments/tnc.yaml", "      single_language: true", "      single_language: false")
    replace_in(colliding, SEI, SEI_1_PROPOSES, f"    proposal:\n      - delete: {paragraph}\n")
    assert "biodiversity.1 before it is in en, zh" in str(full(colliding))
    decide(colliding, SEI, "SEI-1", "accepted")
    if quick:
        assert_quick_equals_full(colliding)
    else:
        assert quick_check(colliding) is None
        assert "the title of section 5.3 is in en, zh" in str(fresh(colliding))  # what it would have missed


def test_an_open_delete_in_a_text_changes_nothing_and_is_left_out(colliding):
    replace_in(colliding, SEI, SEI_1_PROPOSES, SEI_1_PROPOSES + "      - delete: background.1\n")
    full(colliding)
    decide(colliding, LAO, "LAO-1", "rejected")  # SEI-1 is noted: its edits are only checked
    assert_quick_equals_full(colliding)


def test_a_replace_in_a_text_a_group_s_lead_edits_is_checked_in_full(colliding):
    # SEI-1 (accepted) leads SEI-2: the group's rules read the lead's outcomes, which LAO-1's conflict with.
    start, end = response_of(colliding, SEI, "SEI-2")
    text = (colliding / SEI).read_text(encoding="utf-8")
    (colliding / SEI).write_text(text[:start] + text[end:], encoding="utf-8")
    group(colliding, SEI, "SEI-2", "SEI-1")
    decide(colliding, SEI, "SEI-1", "accepted")
    full(colliding)
    decide(colliding, LAO, "LAO-1", "rejected")
    assert quick_check(colliding) is None


def test_a_replace_of_an_earlier_round_is_checked_in_full(tmp_path):
    # Round 1's revised draft is what round 2's bases are judged against.
    root = write(tmp_path / "project")
    text = (root / LAO).read_text(encoding="utf-8")
    assert "proposal:" in text
    full(root)
    decide(root, LAO, re.search(r"(?ms)^  - id: (\S+)\n(?:(?!  - id: ).)*?proposal:(?:(?!  - id: ).)*?response:", text).group(1),
           "noted")
    assert quick_check(root) is None


def test_cm_respond_taking_a_proposed_replace_is_checked_on_its_text_and_shows_its_preview_once(colliding, runner,
                                                                                                  monkeypatch):
    from test_commit_quick import FullChecks

    full(colliding)
    checks = FullChecks(monkeypatch)
    result = runner.invoke(app, ["respond", "LAO-1", "-C", str(colliding), "--decision", "partially", "--take", "1",
                                 "--note", "en=The English only."])
    assert result.exit_code == 0, result.output + result.stderr
    assert checks.calls == 0  # the response's replace is run with the others found in its text
    assert result.stdout.count("LAO-1: the edits") == 1
    assert "background.1" in result.stdout and "{+" in result.stdout  # its word diff
    assert fields(quick_check(colliding).problems) == fresh(colliding)
    assert status(runner, colliding) == recounted(runner, colliding)


@pytest.mark.parametrize("edits, quick", [
    # The secretariat's own words for LAO-1, in its paragraph: checked on that text.
    ("      edits:\n        - replace: 2030 Sustainable Development Agenda\n          with: the 2030 Agenda\n"
     "          lang: en\n", True),
    # In a section: what inserts add to it is not known without every file.
    ("      edits:\n        - replace: 2030 Sustainable Development Agenda\n          with: the 2030 Agenda\n"
     "          lang: en\n          in: background\n", False),
    # A delete, in a section where no insert made a paragraph.
    ("      edits:\n        - delete: background.1\n", True),
], ids=["a replace in a paragraph", "a replace in a section", "a delete"])
def test_response_edits_written_by_hand(colliding, runner, edits, quick):
    status(runner, colliding)
    replace_in(colliding, LAO, "      decision: accepted\n", "      decision: partially\n" + edits)
    if quick:
        assert_quick_equals_full(colliding)
        assert status(runner, colliding) == recounted(runner, colliding)
    else:
        assert quick_check(colliding) is None


def test_response_edits_taken_back_are_checked_on_their_text(colliding, runner):
    replace_in(colliding, LAO, "      decision: accepted\n", "      decision: partially\n      edits:\n"
               "        - replace: 2030 Sustainable Development Agenda\n          with: the 2030 Agenda\n          lang: en\n")
    full(colliding)
    status(runner, colliding)
    text = (colliding / LAO).read_text(encoding="utf-8")
    (colliding / LAO).write_text(re.sub(r"      decision: partially\n      edits:\n(?:        .*\n)+", "      decision: accepted\n",
                                        text, count=1), encoding="utf-8")
    assert_quick_equals_full(colliding)
    assert status(runner, colliding) == recounted(runner, colliding)


def test_an_edit_s_warning_in_a_changed_file_is_found_again_on_its_new_line(colliding, runner):
    # LAO-1's own edit changes background.1's English only: a warning at the edit, in lao-pdr.yaml.
    replace_in(colliding, LAO, "      decision: accepted\n", "      decision: partially\n      edits:\n"
               "        - replace: 2030 Sustainable Development Agenda\n          with: the 2030 Agenda\n          lang: en\n")
    warned = [d for d in full(colliding) if d[4] == "one-language-edit"]
    assert [d[0] for d in warned] == [LAO]
    status(runner, colliding)
    # Words above it, over two lines now: the warning is a line further down, and found there.
    replace_in(colliding, LAO, "    topic: wording\n    text:\n      en: use", "    topic: wording\n    text:\n      en: >-\n        Please\n        use")
    moved = [d for d in assert_quick_equals_full(colliding) if d[4] == "one-language-edit"]
    assert moved[0][1] == warned[0][1] + 2
    assert status(runner, colliding) == recounted(runner, colliding)


DECISIONS = ["accepted", "partially", "rejected", "noted", None]


def _blocks(text: str) -> list[re.Match]:
    return list(re.finditer(r"(?ms)^  - id: (\S+)\n.*?(?=^  - id: |\Z)", text))


def test_random_decisions_on_replaces_give_a_full_check_s_problems_and_status(tmp_path, runner):
    """A generated project on few paragraphs (many replaces share a text; open and rejected ones
    overlap applied ones), changed at random as a secretariat changes it: decisions on comments
    with proposals set, changed and taken back, by hand and with cm respond; now and then a
    proposal made to collide with another's words, or a response's `single_language` dropped
    (those check in full). Each time the quick check (where taken) gives a full check's
    problems, and cm status, counting from the facts it carried forward, prints what it prints
    from a fresh count."""
    root = tmp_path / "generated"
    generate(root, 240, 6, paragraphs=24, seed=19)
    chooser = random.Random(19)
    args = ["status", "-C", str(root), "--json", "--today", "2026-12-01"]
    runner.invoke(app, args)
    taken = conflicts = 0
    pending: list[tuple[str, str]] = []  # two comments whose replaces were made to collide: accepted next
    for step in range(56):
        names = sorted(p.relative_to(root).as_posix() for p in (root / "comments").glob("*.yaml"))
        name = pending[0][0] if pending else chooser.choice(names)
        text = (root / name).read_text(encoding="utf-8")
        proposing = [m for m in _blocks(text) if "    proposal:\n" in m.group() and "    group:" not in m.group()]
        if not proposing:
            continue
        found = chooser.choice(proposing)
        kind = chooser.choice(["decision"] * 5 + ["respond", "respond", "own words", "delete", "collide", "collide", "excuse"])
        if pending:
            wanted = pending.pop(0)[1]
            found = next(m for m in proposing if m.group(1) == wanted)
            kind = "accept"
        comment_id, block = found.group(1), found.group()
        if kind in ("decision", "respond", "accept"):
            decision = "accepted" if kind == "accept" else chooser.choice(DECISIONS if kind == "decision" else DECISIONS[:4])
            if kind == "respond":
                result = runner.invoke(app, ["respond", comment_id, "-C", str(root), "--decision", decision,
                                             "--date", "2026-11-30", *(["--take", "1"] if decision == "partially" else [])])
                assert result.exit_code in (0, 1), result.output + result.stderr
                assert "Traceback" not in result.output + result.stderr
                text = (root / name).read_text(encoding="utf-8")
            else:
                block = re.sub(r"(?m)^      decision: \w+\n", "", block)
                if decision is not None:
                    block = block.replace("    response:\n", f"    response:\n      decision: {decision}\n", 1) \
                        if "    response:\n" in block else block + f"    response:\n      decision: {decision}\n"
                text = text[:found.start()] + block + text[found.end():]
        elif kind == "own words":
            # The secretariat's own replace, of words of the comment's paragraph as the draft has them.
            target = re.search(r"(?m)^    target: (\S+)$", block)
            place = load_project(root).places().get(target.group(1)) if target else None
            if place is None or place.paragraph is None or not isinstance(place.paragraph.text, dict):
                continue
            words = place.paragraph.text["en"].rstrip(".").split()
            at = chooser.randrange(len(words) - 1)
            result = runner.invoke(app, ["respond", comment_id, "-C", str(root), "--decision", "accepted", "--date", "2026-11-30",
                                         "--replace", " ".join(words[at:at + 2]), "--with", "new words", "--edit-lang", "en",
                                         "--in", target.group(1), "--single-language", "--replace-edits"])
            assert result.exit_code in (0, 1), result.output + result.stderr
            assert "Traceback" not in result.output + result.stderr
            text = (root / name).read_text(encoding="utf-8")
        elif kind == "delete":
            # The secretariat deletes the paragraph the comment is on, as its own edit.
            target = re.search(r"(?m)^    target: (s\d+\.p\d+)$", block)
            if target is None:
                continue
            result = runner.invoke(app, ["respond", comment_id, "-C", str(root), "--decision", "accepted", "--date", "2026-11-30",
                                         "--delete", target.group(1), "--replace-edits"])
            assert result.exit_code in (0, 1), result.output + result.stderr
            assert "Traceback" not in result.output + result.stderr
            text = (root / name).read_text(encoding="utf-8")
        elif kind == "collide":
            # Another comment's replace, on this one's text: the words of this one's replace.
            others = [m for m in _blocks(text) if m.group(1) != comment_id and "      - replace: " in m.group()]
            own = re.search(r"(?m)^      - replace: (.*)$", block)
            target = re.search(r"(?m)^    target: (\S+)$", block)
            if not others or own is None or target is None:
                continue
            other = chooser.choice(others)
            moved = re.sub(r"(?m)^      - replace: .*$", f"      - replace: {own.group(1)}", other.group(), count=1)
            moved = re.sub(r"(?m)^        in: .*\n", "", moved)
            moved = re.sub(r"(?m)^(        lang: \w+)$", rf"\1\n        in: {target.group(1)}", moved, count=1)
            if other.start() < found.start() or "    proposal:\n" not in other.group() or "    group:" in other.group():
                continue
            text = text[:other.start()] + moved + text[other.end():]
            pending = [(name, comment_id), (name, other.group(1))]
        else:
            text = text[:found.start()] + block.replace("      single_language: true\n", "", 1) + text[found.end():]
        (root / name).write_text(text, encoding="utf-8")
        quick = quick_check(root)
        if quick is None:
            runner.invoke(app, args)
            continue
        taken += 1
        problems = fields(quick.problems)
        assert problems == fresh(root), f"step {step}: {kind} of {comment_id}"
        conflicts += sum(d[4] == "edit-conflict" for d in problems)
        counted = runner.invoke(app, args)
        for record in (cache_folder() / RECORD_FOLDER).glob("*.record"):
            record.unlink()
        again = runner.invoke(app, args)
        assert (counted.exit_code, counted.output) == (again.exit_code, again.output), f"step {step}: {kind} of {comment_id}"
    print(f"quick {taken} of 56 steps, {conflicts} conflicts")
    assert taken >= 15 and conflicts > 0, (taken, conflicts)


# ---------------------------------------------------------------- inserts: their sections run whole

TNC = "comments/tnc.yaml"
# Words of biodiversity.5 that TNC-1's first new paragraph (biodiversity.7) also has.
CORRIDOR = "ecological corridor construction"


def propose_on_sei_1(root: Path, edit: str) -> None:
    """SEI-1 (made open) proposing `edit`, a proposal's list item."""
    start, end = response_of(root, SEI, "SEI-1")
    text = (root / SEI).read_text(encoding="utf-8")
    (root / SEI).write_text(text[:start] + "    proposal:\n" + edit + text[end:], encoding="utf-8")


def test_a_decision_on_inserts_is_run_with_the_edits_of_their_section(tmp_path, runner):
    root = copy_example(tmp_path / "example")
    status(runner, root)
    for decision in ("noted", "partially"):  # TNC-1's two new paragraphs withdrawn, then applied again
        decide(root, TNC, "TNC-1", decision)
        assert_quick_equals_full(root)
        assert status(runner, root) == recounted(runner, root)


def test_an_open_replace_looking_in_the_section_is_run_against_its_new_paragraphs(tmp_path, runner):
    root = copy_example(tmp_path / "example")
    propose_on_sei_1(root, f"      - replace: {CORRIDOR}\n        with: corridors\n        lang: en\n        in: biodiversity\n")
    applied = full(root)  # found twice in biodiversity: in .5 and in TNC-1's biodiversity.7
    assert [d[4] for d in applied if d[0] == SEI] == ["replace-ambiguous"]
    status(runner, root)
    decide(root, TNC, "TNC-1", "noted")
    withdrawn = assert_quick_equals_full(root)  # found once now: no problem of SEI-1's
    assert [d for d in withdrawn if d[0] == SEI] == []
    assert status(runner, root) == recounted(runner, root)


@pytest.mark.parametrize("change, broken", [
    # A replace looking in priority-areas looks in biodiversity and its neighbours, beyond the section run.
    (lambda root: propose_on_sei_1(root, f"      - replace: {CORRIDOR}\n        with: corridors\n        lang: en\n"
                                         "        in: priority-areas\n"),
     ("naming", lambda naming: lambda self, draft, place: [] if place == "priority-areas" else naming(self, draft, place))),
    # A comment on TNC-1's new paragraph: whether its target is there reads the insert.
    (lambda root: replace_in(root, SEI, "  - id: SEI-1\n    target: priority-areas\n", "  - id: SEI-1\n    target: biodiversity.7\n"),
     ("is_new_target", lambda is_new_target: lambda self, draft, target: False)),
], ids=["a replace looking in the section's parent", "a comment on the new paragraph"])
def test_an_insert_reaching_past_its_section_is_checked_in_full(tmp_path, runner, monkeypatch, change, broken):
    root = copy_example(tmp_path / "example")
    change(root)
    full(root)
    decide(root, TNC, "TNC-1", "noted")
    assert quick_check(root) is None
    # Without the check that declines, the quick check is taken, and it is wrong.
    name, breaking = broken
    monkeypatch.setattr(EditIndex, name, breaking(getattr(EditIndex, name)))
    quick = quick_check(root)
    assert quick is not None and fields(quick.problems) != fresh(root)


def test_a_new_paragraph_at_a_section_s_end_follows_its_last_paragraph_as_drafted(tmp_path, runner):
    """The draft's paragraph ids out of their sorted order (biodiversity.5 first): a new paragraph
    at the section's end, in English only, is warned of against biodiversity.4, the last as
    drafted; and a delete of biodiversity.4 then changes what it is compared with."""
    root = copy_example(tmp_path / "example")
    draft = root / "drafts/lmec-2017-08.yaml"
    text = draft.read_text(encoding="utf-8")
    start = text.index("          - id: biodiversity.5\n")
    end = text.index("      - id: climate-change\n")
    moved = text[:start] + text[end:]
    at = moved.index("          - id: biodiversity.1\n")
    draft.write_text(moved[:at] + text[start:end] + moved[at:], encoding="utf-8")
    propose_on_sei_1(root, "      - insert: Wetland inventories\n        id: biodiversity.10\n        at: biodiversity\n"
                           "    response:\n      decision: noted\n      note:\n        en: Noted.\n")
    full(root)
    status(runner, root)
    decide(root, SEI, "SEI-1", "accepted")
    accepted = quick_check(root)  # its record kept for the next check, not a full check's
    assert accepted is not None and fields(accepted.problems) == fresh(root)
    warned = [d for d in fields(accepted.problems) if d[4] == "one-language-edit" and d[0] == SEI]
    assert len(warned) == 1 and "biodiversity.4 before it" in warned[0][5], warned
    # CI-2, in another file, deletes biodiversity.4: the new paragraph follows biodiversity.3 now.
    replace_in(root, "comments/ci.yaml", "      decision: noted\n      note:\n        en: Much work",
               "      decision: partially\n      edits:\n        - delete: biodiversity.4\n      note:\n        en: Much work")
    quick = quick_check(root)
    again = fresh(root)
    assert any("biodiversity.3 before it" in d[5] for d in again)
    assert quick is None or fields(quick.problems) == again


def test_another_file_s_insert_after_the_same_paragraph_is_run_too(tmp_path, runner):
    """SEI-1 and TNC-1 both put a paragraph after biodiversity.1, SEI-1's first (project order):
    TNC-1's English-only biodiversity.7 follows SEI-1's bilingual one, and is warned of against it.
    Withdrawing SEI-1's changes what biodiversity.7 follows, in a file that did not change."""
    root = copy_example(tmp_path / "example")
    replace_in(root, TNC, "      single_language: true  # the source gives the new items in English only\n", "")
    propose_on_sei_1(root, "      - insert: {en: Wetland inventories, zh: 湿地清单}\n        id: biodiversity.11\n"
                           "        after: biodiversity.1\n    response:\n      decision: accepted\n      note:\n        en: Yes.\n")
    assert any(d[0] == TNC and "biodiversity.11 before it" in d[5] for d in full(root))
    decide(root, SEI, "SEI-1", "noted")
    quick = quick_check(root)
    again = fresh(root)
    assert any(d[0] == TNC and "biodiversity.7" in d[5] and "biodiversity.1 before it" in d[5] for d in again)
    assert quick is not None and fields(quick.problems) == again


def test_a_group_member_s_edit_found_elsewhere_after_an_insert_is_checked_in_full(tmp_path, monkeypatch):
    """SEI-1 and SEI-3, members of SEI-2's group, propose to replace the same words: SEI-1 looking
    in biodiversity, where TNC-1's new paragraph holds them too (found twice, so not compared),
    SEI-3 in biodiversity.5. Withdrawing TNC-1's paragraph makes SEI-1's found once, where SEI-3's
    is: the group rules warn of the two, and they are not run on a section alone."""
    root = copy_example(tmp_path / "example")
    for member, scope, words in (("SEI-1", "biodiversity", "corridors"), ("SEI-3", "biodiversity.5", "green corridors")):
        start, end = response_of(root, SEI, member)
        text = (root / SEI).read_text(encoding="utf-8")
        (root / SEI).write_text(text[:start] + f"    group: SEI-2\n    proposal:\n      - replace: {CORRIDOR}\n"
                                f"        with: {words}\n        lang: en\n        in: {scope}\n" + text[end:], encoding="utf-8")
    assert not any(d[0] == SEI and d[4] == "group-proposal-conflict" for d in full(root))
    decide(root, TNC, "TNC-1", "noted")
    assert any(d[0] == SEI and "SEI-1's proposal" in d[5] and d[4] == "group-proposal-conflict" for d in fresh(root))
    assert quick_check(root) is None
    # Without the check, the quick check is taken, and misses the group's warning.
    import commentmatrix.quick_edits as quick_edits
    monkeypatch.setattr(quick_edits, "_grouped_moved", lambda was, now: False)
    quick = quick_check(root)
    assert quick is not None and fields(quick.problems) != fresh(root)
