"""A reviewed copy in which the reviewer did more than type and delete, as Word writes it: text
moved (w:moveFrom/w:moveTo sharing a move's w:name), paragraphs joined or split (a deleted or
inserted paragraph mark, w:pPr/w:rPr/w:del or w:ins), and text changed with Track Changes off.
Each is imported for what it is, or said, with the paragraph and the draft id: never dropped
or read as something else in silence."""

from __future__ import annotations

from pathlib import Path

from reviewing import Reworker
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.read.loader import load_project


def cm(*args: str):
    return CliRunner().invoke(app, list(args))


def export(root: Path) -> Path:
    for other in (root / "comments").glob("*.yaml"):
        other.unlink()
    result = cm("export", "review-copy", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    return root / "build" / "lmec-2017-08-review-copy.docx"


def imported(root: Path, path: Path) -> tuple[str, dict[str, object]]:
    result = cm("import", "docx", str(path), "-s", "viet-nam", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, ""), result.stdout
    assert cm("validate", "-C", str(root)).exit_code == 0
    return result.stdout, {ref.id: ref.comment for ref in load_project(root).comments() if ref.stakeholder == "viet-nam"}


def test_text_moved_within_a_paragraph_is_one_replace(example: Path, tmp_path: Path):
    reviewer = Reworker(export(example))
    # "joint construction, sharing and mutual benefit" -> "sharing and joint construction, mutual benefit"
    reviewer.move("cm_principles_13__en", "joint construction, ", "cm_principles_13__en", "sharing and ")
    output, comments = imported(example, reviewer.save(tmp_path / "reviewed.docx"))
    # Read as a deletion and an insertion, it was two comments: "Delete …" and "Insert …".
    assert list(comments) == ["VIET-NAM-1"], output
    comment = comments["VIET-NAM-1"]
    assert comment.target == "principles.3"
    assert comment.text.startswith("Move “joint construction,” within the paragraph: replace “")
    proposal = comment.proposal
    assert proposal is not None and len(proposal) == 1
    old, new = proposal[0].replace, proposal[0].with_
    draft = "Following the principles of joint construction, sharing and mutual benefit"
    assert draft.replace(old, new) == "Following the principles of sharing and joint construction, mutual benefit"


def test_text_moved_to_another_paragraph_is_one_comment_from_where_to_where(example: Path, tmp_path: Path):
    reviewer = Reworker(export(example))
    reviewer.move("cm_principles_13__en", "joint construction, ", "cm_principles_15__en", "Adopting ")
    output, comments = imported(example, reviewer.save(tmp_path / "reviewed.docx"))
    # It was "Delete “joint construction, ”" on principles.3 and an unrelated "Insert …" on principles.5.
    assert list(comments) == ["VIET-NAM-1"], output
    comment = comments["VIET-NAM-1"]
    assert comment.target == "principles.3"
    assert comment.text.startswith("Move “joint construction,” from principles.3 (en) to principles.5 (en): ")
    assert "tracked move from principles.3 (en) by Nguyen Van An" in output
    proposal = comment.proposal
    assert proposal is not None and len(proposal) == 2
    assert (proposal[0].replace, proposal[0].with_, proposal[0].in_) == ("joint construction, ", "", None)
    assert proposal[1].in_ == "principles.5" and "joint construction, " in proposal[1].with_
    assert "joint construction, " not in proposal[1].replace


def export_english(root: Path) -> Path:
    for other in (root / "comments").glob("*.yaml"):
        other.unlink()
    result = cm("export", "review-copy", "--lang", "en", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    return root / "build" / "lmec-2017-08-review-copy.docx"


def test_two_paragraphs_joined_are_a_comment_that_describes_it(example: Path, tmp_path: Path):
    reviewer = Reworker(export_english(example))
    reviewer.join_next("cm_objectives_13__en")
    output, comments = imported(example, reviewer.save(tmp_path / "reviewed.docx"))
    # The deleted paragraph mark was skipped: nothing was imported, and nothing said so.
    assert list(comments) == ["VIET-NAM-1"], output
    comment = comments["VIET-NAM-1"]
    assert (comment.target, comment.proposal, comment.by) == ("objectives.3", None, "Nguyen Van An")
    assert comment.text == ("Join objectives.3 (en) and objectives.4 (en) into one paragraph (the paragraph mark between "
                            "them deleted): “…platform of Lancang-Mekong Environmental Policy Dialogues” runs on "
                            "into “To improve regional environmental management capacity”.")
    assert "no edit joins two paragraphs, so the change is described, not proposed" in output


def test_a_paragraph_split_in_two_is_a_comment_that_describes_it(example: Path, tmp_path: Path):
    reviewer = Reworker(export_english(example))
    reviewer.split("cm_principles_13__en", "joint construction,")
    output, comments = imported(example, reviewer.save(tmp_path / "reviewed.docx"))
    assert list(comments) == ["VIET-NAM-1"], output
    comment = comments["VIET-NAM-1"]
    assert (comment.target, comment.proposal) == ("principles.3", None)
    assert comment.text == ("Split principles.3 (en) in two after “Following the principles of joint construction,”: "
                            "“sharing and mutual benefit” starts a paragraph of its own.")
    assert "no edit splits a paragraph, so the change is described, not proposed" in output


def test_a_paragraph_added_or_deleted_whole_is_no_join_or_split(example: Path, tmp_path: Path):
    reviewer = Reworker(export_english(example))
    reviewer.add_paragraph("cm_principles_13__en", "Respecting each country's sovereignty.")
    reviewer.delete_paragraph("cm_principles_15__en")
    _, comments = imported(example, reviewer.save(tmp_path / "reviewed.docx"))
    assert [c.text.split(":")[0] for c in comments.values()] == ["Insert a paragraph", "Delete paragraph principles.5"]


def test_words_changed_with_track_changes_off_are_said_with_the_paragraph_and_its_id(example: Path, tmp_path: Path):
    reviewer = Reworker(export(example))
    reviewer.retype("cm_principles_13__en", "mutual benefit", "common benefit")
    reviewer.replace("cm_principles_15__en", "equal dialogues", "open dialogues")
    output, comments = imported(example, reviewer.save(tmp_path / "reviewed.docx"))
    # The tracked change is imported; the untracked one was not, and nothing said so.
    assert [c.target for c in comments.values()] == ["principles.5"]
    assert ("note: paragraph 39 of the document (principles.3 (en)) differs from the draft with no tracked change "
            "(typed with Track Changes off?): “mutual” is “common”; it is not imported: compare it with the draft") in output
    assert output.count("differs from the draft") == 1


def test_a_split_paragraph_is_compared_with_the_draft_whole(example: Path, tmp_path: Path):
    reviewer = Reworker(export_english(example))
    reviewer.split("cm_principles_13__en", "joint construction,")
    output, _ = imported(example, reviewer.save(tmp_path / "reviewed.docx"))
    assert "differs from the draft" not in output
