"""`cm export review-copy` in a project of two rounds: the copy of a round's draft, and with
--changes-since the changes from an earlier round's draft as Word tracked changes credited to
the comments that caused them; a reviewed copy of it imports into the round it shows."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from reviewing import Reviewer
from two_rounds import ROUND_2_DRAFT, cm, ok, project_bytes, round_one, start_round_two

from commentmatrix.read.loader import load_project
from commentmatrix.views.review_marks import bookmark_name, names_for


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project = round_one(tmp_path / "project")
    start_round_two(project)
    return project


def part(copy: Path, name: str) -> str:
    with zipfile.ZipFile(copy) as archive:
        return archive.read(name).decode("utf-8")


def identifier(copy: Path) -> str:
    return re.search(r"<dc:identifier>([^<]*)</dc:identifier>", part(copy, "docProps/core.xml")).group(1)


def test_the_copy_of_each_round_names_its_draft_and_round_and_gives_its_deadline(root: Path) -> None:
    current = root / "build" / f"{ROUND_2_DRAFT}-review-copy.docx"
    earlier = root / "build" / "lmec-2017-08-review-copy.docx"
    assert ok("export", "review-copy", "-C", str(root)) == f"{current}\n"
    assert ok("export", "review-copy", "--round", "1", "-C", str(root)) == f"{earlier}\n"
    assert identifier(current) == "commentmatrix review copy: lmec-2018-01 2018-01 round 2"
    assert identifier(earlier) == "commentmatrix review copy: lmec-2017-08 2017-08 round 1"
    assert "Please send your comments by 2018-02-28." in part(current, "word/document.xml")
    assert "Please send your comments by 2017-09-10." in part(earlier, "word/document.xml")
    assert "<w:ins " not in part(current, "word/document.xml")


def test_changes_since_round_one_are_tracked_changes_credited_to_their_comments(root: Path) -> None:
    copy = root / "build" / "changes.docx"
    ok("export", "review-copy", "--changes-since", "1", "-o", str(copy), "-C", str(root))
    assert identifier(copy) == "commentmatrix review copy: lmec-2018-01 2018-01 round 2 changes-since 1"
    body = part(copy, "word/document.xml")
    # LAO-4 (accepted, undated: its round's deadline) replaced "sharing and mutual benefit" in principles.3.
    assert re.search(r'<w:del w:id="\d+" w:author="Lao PDR \(LAO-4\)" w:date="2017-09-10T00:00:00Z"><w:r>.*?'
                     r'<w:delText[^>]*>sharing</w:delText>', body)
    assert re.search(r'<w:ins w:id="\d+" w:author="Lao PDR \(LAO-4\)" w:date="2017-09-10T00:00:00Z"><w:r>.*?'
                     r'<w:t[^>]*>access</w:t>', body)
    # The ids are round 2's draft's: every text of it is bookmarked; other marks are of deleted text.
    project = load_project(root)
    draft = project.drafts_by_id[ROUND_2_DRAFT].draft
    marks = set(re.findall(r'w:name="(cm_[^"]+)"', body)) - {"cm_comments_table"}
    wanted = {bookmark_name(text_id, lang) for text_id, lang in names_for(draft, project.languages).values()
              if lang in (None, *project.languages)}
    assert wanted <= marks
    assert all(names_for(project.drafts_by_id["lmec-2017-08"].draft, project.languages)[m][0] not in project.places(ROUND_2_DRAFT)
               for m in marks - wanted)


def test_a_reviewed_changes_copy_imports_only_the_reviewers_own_words_into_round_two(root: Path, tmp_path: Path) -> None:
    copy = root / "build" / "changes.docx"
    ok("export", "review-copy", "--changes-since", "1", "-o", str(copy), "-C", str(root))
    untouched = cm("import", "docx", str(copy), "-s", "viet-nam", "-n", "-C", str(root))
    assert untouched.stdout == "Would add 0 comments (dry run: nothing written)\n"
    reviewer = Reviewer(copy)
    reviewer.comment("cm_principles_13__en", "joint construction", "Who builds?")
    reviewer.replace("cm_principles_13__en", "principles", "principle")
    reviewed = reviewer.save(tmp_path / "reviewed.docx")
    result = cm("import", "docx", str(reviewed), "-s", "viet-nam", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "+ VIET-NAM-1  principles.3  tracked change in principles.3 (en) by Nguyen Van An: "
        "Replace “principles” with “principle”.\n"
        "+ VIET-NAM-2  principles.3  Word comment 1 by Nguyen Van An: “joint construction”: Who builds?\n"
        f"Added 2 comments ({root}/comments/2/viet-nam.yaml)\n")
    # The proposal quotes round 2's text, so it applies to round 2's draft.
    ok("respond", "VIET-NAM-1", "-d", "accepted", "--date", "2018-03-01", "-C", str(root))
    # The reviewer changed the English only: valid, with the one-language warning that asks about the Chinese.
    report = ok("validate", "-C", str(root))
    assert report.endswith("0 errors, 1 warning (11 files checked).\n") and "(one-language-edit)" in report
    assert "replace: principles" in (root / "comments/2/viet-nam.yaml").read_text(encoding="utf-8")


def test_a_draft_edited_by_hand_after_the_round_started_is_refused_writing_nothing(root: Path) -> None:
    path = root / "drafts" / f"{ROUND_2_DRAFT}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("on a basis of mutual understanding", "on a basis of mutual trust", 1), encoding="utf-8")
    before = project_bytes(root)
    result = cm("export", "review-copy", "--changes-since", "1", "-o", str(root / "build" / "c.docx"), "-C", str(root))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "cm: --changes-since 1: draft lmec-2018-01 is not draft lmec-2017-08 with round 1's decided edits: principles.3 "
        "differ, and no comment explains the change, so the copy cannot show it as a change credited to a comment\n"
        "    hint: export the copy without --changes-since (it then shows this round's draft as it is)\n")
    assert not (root / "build" / "c.docx").exists()
    assert project_bytes(root) == before


def test_changes_since_a_round_not_before_the_copys_is_refused(root: Path) -> None:
    result = cm("export", "review-copy", "--changes-since", "2", "-C", str(root))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", "cm: --changes-since 2: round 2 is not before round 2\n    hint: name an earlier round, such as the one before this\n")
    unknown = cm("export", "review-copy", "--changes-since", "7", "-C", str(root))
    assert (unknown.exit_code, unknown.stderr.splitlines()[0]) == (2, "cm: there is no round '7' in cm.yaml (rounds: 1, 2)")


def test_changes_since_two_rounds_back_is_refused_naming_the_round_before(root: Path) -> None:
    # Round 3's draft holds round 2's decisions as well as round 1's: the copy cannot show it
    # as round 1's changes. The refusal said no comment explained the difference, though round
    # 2's comments do.
    ok("add", "viet-nam", "--target", "principles.3", "--text", "Shorter.", "--replace", "on a basis of mutual understanding",
       "--with", "on mutual understanding", "--edit-lang", "en", "-C", str(root))
    ok("respond", "VIET-NAM-1", "-d", "accepted", "--single-language", "--date", "2018-03-01", "-C", str(root))
    ok("round", "start", "3", "--version", "2018-06", "--today", "2018-03-10", "-C", str(root))
    before = project_bytes(root)
    result = cm("export", "review-copy", "--changes-since", "1", "-o", str(root / "build" / "c.docx"), "-C", str(root))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "cm: --changes-since 1: round 1's decided edits made the draft of round 2 (lmec-2018-01), and round 3's draft "
        "holds later rounds' decisions too; a copy shows the changes of one round\n"
        "    hint: give the round before this one: --changes-since 2\n")
    assert not (root / "build" / "c.docx").exists()
    assert project_bytes(root) == before
    ok("export", "review-copy", "--changes-since", "2", "-o", str(root / "build" / "c.docx"), "-C", str(root))
