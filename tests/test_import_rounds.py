"""`cm import docx` and `cm import table` in a project of two rounds: a copy's comments go to the
round whose draft it shows, an import is idempotent within its round only, and a new comment
that reads like an earlier round's is pointed out (cm repeats NEW OLD)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reviewing import Reviewer
from two_rounds import cm, ok, project_bytes, round_one, start_round_two

COMMENT = "Say who builds what."
HINT = ("    VIET-NAM-2 looks like VIET-NAM-1 of round 1 (100% alike, rejected there): "
        "if it repeats it, run: cm repeats VIET-NAM-2 VIET-NAM-1")


def review(copy: Path, target: Path, text: str = COMMENT, identifier: str | None = None) -> Path:
    reviewer = Reviewer(copy)
    reviewer.comment("cm_principles_14__en", "spirit of tolerance", text)
    if identifier is not None:
        reviewer.document.core_properties.identifier = identifier
    return reviewer.save(target)


@pytest.fixture
def rounds(tmp_path: Path) -> tuple[Path, Path]:
    """Round 2 under way; Viet Nam's round-1 copy was imported (VIET-NAM-1, rejected)."""
    root = round_one(tmp_path / "project")
    ok("export", "review-copy", "-C", str(root))
    reviewed = review(root / "build/lmec-2017-08-review-copy.docx", tmp_path / "round-1.docx")
    ok("import", "docx", str(reviewed), "-s", "viet-nam", "-C", str(root))
    ok("respond", "VIET-NAM-1", "-d", "rejected", "-n", "Roles are set in the work plan.", "--date", "2017-10-01",
       "-C", str(root))
    start_round_two(root)
    return root, reviewed


def test_a_round_one_copy_imported_again_after_round_two_started_adds_nothing(rounds) -> None:
    root, reviewed = rounds
    before = project_bytes(root)
    result = cm("import", "docx", str(reviewed), "-s", "viet-nam", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == ("= Word comment 1 by Nguyen Van An: imported before as VIET-NAM-1\n"
                             "note: this copy is of draft lmec-2017-08 (version 2017-08), which round 1 consults on: "
                             "its comments go to round 1, not to round 2 under way\n"
                             "Added 0 comments\n")
    assert project_bytes(root) == before


def test_a_comment_sent_again_word_for_word_lands_in_round_two_with_a_repeats_hint(rounds, tmp_path: Path) -> None:
    root, _ = rounds
    copy = root / "build" / "lmec-2018-01-review-copy.docx"
    ok("export", "review-copy", "-C", str(root))
    reviewed = review(copy, tmp_path / "round-2.docx")
    result = cm("import", "docx", str(reviewed), "-s", "viet-nam", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "+ VIET-NAM-2  principles.4  Word comment 1 by Nguyen Van An: “spirit of tolerance”: Say who builds what.\n"
        f"{HINT}\n"
        f"Added 1 comment ({root}/comments/2/viet-nam.yaml)\n")
    assert "VIET-NAM-2" in (root / "comments/2/viet-nam.yaml").read_text(encoding="utf-8")
    assert "VIET-NAM-2" not in (root / "comments/viet-nam.yaml").read_text(encoding="utf-8")
    assert ok("validate", "-C", str(root)).startswith("No problems")


def test_a_reworded_comment_is_hinted_with_how_alike_it_is_in_the_dry_run(rounds, tmp_path: Path) -> None:
    root, _ = rounds
    ok("export", "review-copy", "-C", str(root))
    reviewed = review(root / "build/lmec-2018-01-review-copy.docx", tmp_path / "round-2.docx", "Say who builds what, please.")
    before = project_bytes(root)
    result = cm("import", "docx", str(reviewed), "-s", "viet-nam", "-n", "-C", str(root))
    # The reviewer's own words are compared, without the quoted “spirit of tolerance”: that both
    # carry: 40 of their 48 characters in common (difflib's ratio), not 91%.
    assert result.stdout.splitlines()[1] == (
        "    VIET-NAM-2 looks like VIET-NAM-1 of round 1 (83% alike, rejected there): "
        "if it repeats it, run: cm repeats VIET-NAM-2 VIET-NAM-1")
    assert project_bytes(root) == before


def test_an_unrelated_comment_gets_no_hint(rounds, tmp_path: Path) -> None:
    root, _ = rounds
    ok("export", "review-copy", "-C", str(root))
    reviewed = review(root / "build/lmec-2018-01-review-copy.docx", tmp_path / "round-2.docx", "Name the river basins.")
    result = cm("import", "docx", str(reviewed), "-s", "viet-nam", "-n", "-C", str(root))
    assert "looks like" not in result.stdout


def test_a_copy_of_a_draft_no_round_consults_on_is_refused_writing_nothing(rounds, tmp_path: Path) -> None:
    root, _ = rounds
    reviewed = review(root / "build/lmec-2017-08-review-copy.docx", tmp_path / "odd.docx",
                      identifier="commentmatrix review copy: lmec-2016-12 2016-12")
    before = project_bytes(root)
    result = cm("import", "docx", str(reviewed), "-s", "viet-nam", "-C", str(root))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "cm: this copy is of draft lmec-2016-12 (version 2016-12), which no round of cm.yaml consults on (round 1 on "
        "lmec-2017-08, round 2 on lmec-2018-01): its comments cannot be matched with the draft they were made on\n"
        "    hint: import it into the project that sent it out, or export a new review copy: cm export review-copy\n"
        "cm: nothing was imported\n")
    assert project_bytes(root) == before


def test_a_round_that_disagrees_with_the_copy_is_refused_writing_nothing(rounds) -> None:
    root, reviewed = rounds
    before = project_bytes(root)
    result = cm("import", "docx", str(reviewed), "-s", "viet-nam", "--round", "2", "-C", str(root))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[:2] == [
        "cm: --round 2: this copy is of draft lmec-2017-08 (version 2017-08), which round 1 consults on, "
        "so its comments belong to round 1",
        "    hint: leave out --round, or give --round 1"]
    assert project_bytes(root) == before


def test_a_copy_that_names_no_draft_goes_to_the_round_asked_for_and_says_so(rounds, tmp_path: Path) -> None:
    root, _ = rounds
    reviewed = review(root / "build/lmec-2017-08-review-copy.docx", tmp_path / "bare.docx", "Another point.", identifier="")
    result = cm("import", "docx", str(reviewed), "-s", "viet-nam", "--round", "1", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1:] == [
        "note: the copy does not say which draft it was made from: its comments go to round 1 (as --round says) "
        "and are matched with draft lmec-2017-08",
        f"Added 1 comment ({root}/comments/viet-nam.yaml)"]


TABLE = """Stakeholder,Round,Section,Paragraph,Comment
Viet Nam,1,4,3,Say who builds what.
Viet Nam,2,4,3,Say who builds what.
"""


def test_a_table_with_a_round_column_puts_each_row_in_its_round(rounds, tmp_path: Path) -> None:
    root, _ = rounds
    table = tmp_path / "matrix.csv"
    table.write_text(TABLE, encoding="utf-8")
    result = cm("import", "table", str(table), "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"+ VIET-NAM-2  principles.3  {table}:2: Say who builds what.\n"
        f"+ VIET-NAM-3  principles.3  {table}:3: Say who builds what.\n"
        "    VIET-NAM-3 looks like VIET-NAM-1 of round 1 (100% alike, rejected there): "
        "if it repeats it, run: cm repeats VIET-NAM-3 VIET-NAM-1\n"
        f"Added 2 comments ({root}/comments/viet-nam.yaml, {root}/comments/2/viet-nam.yaml)\n")
    assert "Say who builds what." in _comment(root / "comments/viet-nam.yaml", "VIET-NAM-2")
    assert "Say who builds what." in _comment(root / "comments/2/viet-nam.yaml", "VIET-NAM-3")
    again = cm("import", "table", str(table), "-C", str(root))
    assert again.stdout.splitlines()[-1] == "Added 0 comments"


def test_a_table_row_of_an_unknown_round_is_refused_with_its_place(rounds, tmp_path: Path) -> None:
    root, _ = rounds
    table = tmp_path / "matrix.csv"
    table.write_text(TABLE.replace("Viet Nam,2,", "Viet Nam,3,"), encoding="utf-8")
    before = project_bytes(root)
    result = cm("import", "table", str(table), "-C", str(root))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"cm: {table}:3: round '3' is not a round of cm.yaml (rounds: 1, 2)\ncm: nothing was imported\n"
    assert project_bytes(root) == before


def test_a_table_goes_to_the_current_round_by_default_matched_with_its_draft(rounds, tmp_path: Path) -> None:
    root, _ = rounds
    table = tmp_path / "form.csv"
    # Round 2's principles.3 reads as Lao PDR's accepted wording: found by its words in round 2's draft.
    table.write_text("Section,Paragraph,Comment\n4,access and benefit-sharing on a basis of mutual understanding,Good.\n",
                     encoding="utf-8")
    result = cm("import", "table", str(table), "-s", "viet-nam", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0].startswith("+ VIET-NAM-2  principles.3  ")
    assert result.stdout.splitlines()[-1] == f"Added 1 comment ({root}/comments/2/viet-nam.yaml)"


def _comment(path: Path, comment_id: str) -> str:
    """The lines of one comment in a comment file."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {comment_id}\n")
    end = text.find("\n  - id: ", start + 1)
    return text[start:end if end != -1 else None]


def test_a_repeat_of_a_grouped_comment_is_hinted_with_its_leads_decision(tmp_path: Path) -> None:
    # Round 1: Viet Nam's comment is a member of a group whose lead, LAO-1, was accepted; it has no
    # decision of its own and counts as accepted everywhere (status, matrix). The hint said "open there".
    root = round_one(tmp_path / "project")
    ok("export", "review-copy", "-C", str(root))
    reviewed = review(root / "build/lmec-2017-08-review-copy.docx", tmp_path / "round-1.docx")
    ok("import", "docx", str(reviewed), "-s", "viet-nam", "-C", str(root))
    ok("group", "LAO-1", "VIET-NAM-1", "-C", str(root))
    start_round_two(root)
    ok("export", "review-copy", "-C", str(root))
    again = review(root / "build/lmec-2018-01-review-copy.docx", tmp_path / "round-2.docx")
    result = cm("import", "docx", str(again), "-s", "viet-nam", "-n", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1] == (
        "    VIET-NAM-2 looks like VIET-NAM-1 of round 1 (100% alike, accepted there): "
        "if it repeats it, run: cm repeats VIET-NAM-2 VIET-NAM-1")


def test_a_late_reply_to_a_closed_round_says_where_its_comments_go(rounds, tmp_path: Path) -> None:
    # Round 1 closed, round 2 under way: a new comment on round 1's copy is round 1's. The import
    # said only the file it wrote (comments/viet-nam.yaml), not that it was an earlier round's.
    root, _ = rounds
    config = root / "cm.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("deadline: 2017-09-10\n",
                                                                 "deadline: 2017-09-10\n    closed: 2017-09-20\n", 1),
                      encoding="utf-8")
    late = review(root / "build/lmec-2017-08-review-copy.docx", tmp_path / "late.docx", "Name the builders.")
    result = cm("import", "docx", str(late), "-s", "viet-nam", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1:] == [
        "note: this copy is of draft lmec-2017-08 (version 2017-08), which round 1 consults on, closed 2017-09-20: "
        "its comments go to round 1, not to round 2 under way",
        f"Added 1 comment ({root}/comments/viet-nam.yaml)"]


def test_a_word_comment_sent_again_in_a_table_is_hinted_without_the_words_it_was_anchored_on(rounds, tmp_path) -> None:
    # VIET-NAM-1 came in as a Word comment: “spirit of tolerance”: Say who builds what. Its words
    # typed again in round 2's table read below 80% alike with cm's quoted prefix, and had no hint
    # (the rounds probe's LAO-PDR-7, a repeat of LAO-PDR-2).
    root, _ = rounds
    table = tmp_path / "round-2.csv"
    table.write_text(f"Section,Paragraph,Comment\n4,1,{COMMENT}\n", encoding="utf-8")
    result = cm("import", "table", str(table), "-s", "viet-nam", "-n", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1] == HINT


def test_a_word_comment_anchored_on_other_words_is_hinted_as_the_same_point(rounds, tmp_path) -> None:
    root, _ = rounds
    ok("export", "review-copy", "-C", str(root))
    reviewer = Reviewer(root / "build/lmec-2018-01-review-copy.docx")
    reviewer.comment("cm_principles_14__en", "tolerance", COMMENT)
    result = cm("import", "docx", str(reviewer.save(tmp_path / "round-2.docx")), "-s", "viet-nam", "-n", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:2] == [
        "+ VIET-NAM-2  principles.4  Word comment 1 by Nguyen Van An: “tolerance”: Say who builds what.", HINT]
