"""A reviewed copy as Word writes what reviewers do with it: line breaks and tabs in a Word
comment, one reviewer deleting what another inserted (Word nests the w:del in the w:ins),
changes in headings and the title, paragraphs added in each language, under a heading or
after the title, and changes where no draft text is."""

from __future__ import annotations

import copy
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from reviewing import DATE, Reviewer
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.read.loader import load_project


def cm(*args: str):
    return CliRunner().invoke(app, list(args))


def export(root: Path) -> Path:
    result = cm("export", "review-copy", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    return root / "build" / "lmec-2017-08-review-copy.docx"


def imported(root: Path, path: Path) -> dict[str, object]:
    result = cm("import", "docx", str(path), "-s", "viet-nam", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, ""), result.stdout
    return {ref.id: ref.comment for ref in load_project(root).comments() if ref.stakeholder == "viet-nam"}


def test_a_word_comment_keeps_its_tabs_line_breaks_and_non_breaking_hyphens(example: Path, tmp_path: Path):
    reviewer = Reviewer(export(example))
    reviewer.comment("cm_review_11__en", "great pressure", "Too strong:")
    comment = reviewer.document.comments.get(0)
    run = comment._comment_elm.findall(qn("w:p"))[-1].findall(qn("w:r"))[-1]
    for tag, text in (("w:tab", "see"), ("w:br", "UN"), ("w:noBreakHyphen", "resolution 70/1")):
        run.append(OxmlElement(tag))
        t = OxmlElement("w:t")
        t.text = text
        run.append(t)
    comments = imported(example, reviewer.save(tmp_path / "reviewed.docx"))
    # Read from the w:t alone, it was "“great pressure”: Too strong:seeUNresolution 70/1".
    assert comments["VIET-NAM-1"].text == "“great pressure”: Too strong:\tsee\nUN-resolution 70/1"


def test_text_a_reviewer_inserted_and_another_deleted_is_no_change(example: Path, tmp_path: Path):
    for other in (example / "comments").glob("*.yaml"):
        other.unlink()
    reviewer = Reviewer(export(example))
    reviewer.insert("cm_review_11__en", "great pressure", " indeed", author="Lê Thị Hoa")
    # The second reviewer deletes the first one's insertion: Word keeps both, nested.
    insertion = next(reviewer.paragraph("cm_review_11__en")._p.iter(qn("w:ins")))
    run = insertion.find(qn("w:r"))
    run.find(qn("w:t")).tag = qn("w:delText")
    deletion = OxmlElement("w:del")
    for name, value in (("w:id", "950"), ("w:author", "Nguyen Van An"), ("w:date", DATE)):
        deletion.set(qn(name), value)
    insertion.append(deletion)
    deletion.append(run)
    # ... and makes a change of their own further on in the same paragraph.
    reviewer.replace("cm_review_11__en", "rich fragile", "rich and fragile")
    assert insertion.find(f"{qn('w:del')}/{qn('w:r')}/{qn('w:delText')}").text == " indeed"
    comments = imported(example, reviewer.save(tmp_path / "reviewed.docx"))
    # Read as a deletion of " indeed", it made a comment of its own and made the paragraph's
    # words differ from the draft's, so the real change was described and not proposed.
    assert list(comments) == ["VIET-NAM-1"]
    proposal = comments["VIET-NAM-1"].proposal
    assert proposal is not None and len(proposal) == 1
    assert (proposal[0].replace, proposal[0].with_) == ("rich fragile", "rich and fragile")


def test_a_change_in_a_section_title_is_widened_until_it_occurs_once_in_the_section(example: Path, tmp_path: Path):
    # An edit of a section looks for its old text in the title and every paragraph. Widened
    # only until unique in the title, 合作 of 合作目标 became `replace: 合作`, which occurs in the
    # section's paragraphs too: the project would not validate and nothing was imported.
    reviewer = Reviewer(export(example))
    reviewer.replace("cm_objectives__zh", "合作", "联合")
    # 合作原则 itself occurs in a paragraph of its section: no edit can say it; described.
    reviewer.replace("cm_principles__zh", "合作", "联合")
    reviewer.comment("cm_review_11__en", "great pressure", "Too strong.")
    path = reviewer.save(tmp_path / "reviewed.docx")
    result = cm("import", "docx", str(path), "-s", "viet-nam", "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1:] == [
        "+ VIET-NAM-2  objectives  tracked change in objectives (zh) by Nguyen Van An: Replace “合作” with “联合”.",
        "+ VIET-NAM-3  principles  tracked change in principles (zh) by Nguyen Van An: Replace “合作” with “联合”.",
        "    its words, “合作原则”, occur more than once in section principles, where an edit of its title looks for "
        "them, so the change is described, not proposed",
        f"Added 3 comments ({example}/comments/viet-nam.yaml)",
    ]
    comments = {ref.id: ref.comment for ref in load_project(example).comments() if ref.stakeholder == "viet-nam"}
    assert comments["VIET-NAM-3"].proposal in (None, [])
    proposal = comments["VIET-NAM-2"].proposal
    assert proposal is not None and [(e.replace, e.with_, e.lang) for e in proposal] == [("合作目标", "联合目标", "zh")]
    accepted = cm("respond", "VIET-NAM-2", "--decision", "accepted", "--single-language", "-C", str(example))
    assert accepted.exit_code == 0, accepted.stderr
    rendered = cm("render", "draft", "--format", "md", "-o", str(tmp_path / "draft.md"), "-C", str(example))
    assert rendered.exit_code == 0, rendered.stderr
    assert "联合目标" in (tmp_path / "draft.md").read_text(encoding="utf-8")


def test_a_change_in_the_drafts_title_is_described_not_proposed(example: Path, tmp_path: Path):
    # No edit can name the title (it is no section or paragraph): proposed as a general
    # comment's replace without `in:`, it made the project invalid and the import refused.
    reviewer = Reviewer(export(example))
    reviewer.replace("cm_lmec_22017_208__en", "Strategic Framework", "Strategy")
    reviewer.comment("cm_review_11__en", "great pressure", "Too strong.")
    path = reviewer.save(tmp_path / "reviewed.docx")
    result = cm("import", "docx", str(path), "-s", "viet-nam", "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0:2] == [
        "+ VIET-NAM-1  general  tracked change in lmec-2017-08 (en) by Nguyen Van An: In the title: Replace "
        "“Strategic Framework” with “Strategy”.",
        "    an edit cannot change the draft's title, so the change is described, not proposed",
    ]
    comments = {ref.id: ref.comment for ref in load_project(example).comments() if ref.stakeholder == "viet-nam"}
    assert comments["VIET-NAM-1"].text == "In the title: Replace “Strategic Framework” with “Strategy”."
    assert comments["VIET-NAM-1"].proposal in (None, []) and comments["VIET-NAM-1"].target == "general"


def test_a_paragraph_added_under_a_heading_is_described_not_put_at_the_sections_end(example: Path, tmp_path: Path):
    # An insert goes after a paragraph or at the end of a section (`at:`): proposed as `at:`,
    # a paragraph the reviewer typed right under the heading, before the section's first
    # paragraph, went after its last one once accepted.
    reviewer = Reviewer(export(example))
    reviewer.add_paragraph("cm_principles__zh", "A new first principle.")
    reviewer.add_paragraph("cm_principles_16__en", "A new last principle.")
    path = reviewer.save(tmp_path / "reviewed.docx")
    result = cm("import", "docx", str(path), "-s", "viet-nam", "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1] == (
        "    an edit adds a paragraph after another or at the end of a section, not before a section's first "
        "paragraph, so the change is described, not proposed")
    comments = {ref.id: ref.comment for ref in load_project(example).comments() if ref.stakeholder == "viet-nam"}
    assert comments["VIET-NAM-1"].text == "Insert a paragraph at the start of section principles: “A new first principle.”."
    assert comments["VIET-NAM-1"].proposal in (None, [])
    last = comments["VIET-NAM-2"].proposal
    assert last is not None and [(e.after, e.id) for e in last] == [("principles.6", "principles.6.new")]


def test_a_heading_deleted_whole_is_described_and_a_change_from_its_number_keeps_the_title(example: Path, tmp_path: Path):
    # Taken as changes of the title after its number "2 ", a deleted heading became
    # `replace: Review of Cooperation` / `with: Review of Cooperati`, and a change that started
    # in the number cut the new text short the same way.
    for other in (example / "comments").glob("*.yaml"):
        other.unlink()
    reviewer = Reviewer(export(example))
    reviewer.delete_paragraph("cm_review__en")
    reviewer.delete_paragraph("cm_review__zh")
    reviewer.replace("cm_principles__en", "4 Cooperative", "4 Joint")
    path = reviewer.save(tmp_path / "reviewed.docx")
    result = cm("import", "docx", str(path), "-s", "viet-nam", "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    comments = {ref.id: ref.comment for ref in load_project(example).comments() if ref.stakeholder == "viet-nam"}
    assert {cid: (c.target, c.text) for cid, c in comments.items()} == {
        "VIET-NAM-1": ("review", "Delete the heading of section review: “2 Review of Cooperation”."),
        "VIET-NAM-2": ("review", "Delete the heading of section review: “2 合作回顾”."),
        "VIET-NAM-3": ("principles", "Replace “Cooperative” with “Joint”."),
    }
    assert comments["VIET-NAM-1"].proposal in (None, []) and comments["VIET-NAM-2"].proposal in (None, [])
    proposal = comments["VIET-NAM-3"].proposal
    assert proposal is not None and [(e.replace, e.with_) for e in proposal] == [("Cooperative", "Joint")]
    assert "an edit cannot delete a section (only its paragraphs, one by one), so the change is described" in result.stdout


def test_a_paragraph_added_in_each_language_is_one_new_paragraph_in_both(example: Path, tmp_path: Path):
    # The copy holds each language's version of a text as its own Word paragraph, so a new
    # principle comes as an English and a Chinese paragraph, both after the Chinese version of
    # principles.6. Each was tagged with that paragraph's language, zh: the English text became
    # a Chinese one, and the pair two new paragraphs.
    for other in (example / "comments").glob("*.yaml"):
        other.unlink()
    reviewer = Reviewer(export(example))
    reviewer.add_paragraph("cm_principles_16__zh", "尊重当地社区的权利")
    reviewer.add_paragraph("cm_principles_16__zh", "Respecting the rights of local communities")
    reviewer.add_paragraph("cm_objectives_14__zh", "Reviewed every five years.")
    path = reviewer.save(tmp_path / "reviewed.docx")
    comments = imported(example, path)
    assert [(c.proposal[0].id, c.proposal[0].insert) for c in comments.values() if c.proposal] == [
        ("objectives.4.new", {"en": "Reviewed every five years."}),
        ("principles.6.new", {"en": "Respecting the rights of local communities", "zh": "尊重当地社区的权利"}),
    ]
    assert comments["VIET-NAM-2"].text == ("Insert a paragraph: “Respecting the rights of local communities” / "
                                           "“尊重当地社区的权利”.")
    for comment_id in comments:
        assert cm("respond", comment_id, "-d", "accepted", "--single-language", "-C", str(example)).exit_code == 0
    checked = cm("validate", "-C", str(example))
    assert checked.exit_code == 0, checked.stdout


def test_a_paragraph_added_after_the_title_is_a_general_comment(example: Path, tmp_path: Path):
    # It was left out without a word: a reviewer's remark typed under the title went nowhere.
    reviewer = Reviewer(export(example))
    reviewer.add_paragraph("cm_lmec_22017_208__zh", "General remark: the draft is too long.")
    path = reviewer.save(tmp_path / "reviewed.docx")
    result = cm("import", "docx", str(path), "-s", "viet-nam", "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:2] == [
        "+ VIET-NAM-1  general  paragraph added after the title by Nguyen Van An: General remark: the draft is too long.",
        "    a paragraph added after the title or in the cover note is no place in the draft: it is a general comment",
    ]
    again = cm("import", "docx", str(path), "-s", "viet-nam", "-C", str(example))
    assert again.stdout.splitlines()[-1] == "Added 0 comments"
    untouched = cm("import", "docx", str(export(example)), "-s", "viet-nam", "--dry-run", "-C", str(example))
    assert untouched.stdout == "Would add 0 comments (dry run: nothing written)\n"


def test_a_tracked_change_in_the_cover_note_is_said_to_be_left_out(example: Path, tmp_path: Path):
    # The cover note is no text of the draft: its changes are not imported, and that went unsaid.
    reviewer = Reviewer(export(example))
    reviewer.insert("cm_review_11__en", "great pressure", " indeed")
    cover = next(p for p in reviewer.document.paragraphs if "Please send your comments" in p.text)
    run = cover.runs[0]
    insertion = reviewer._mark("w:ins", None)
    added = copy.deepcopy(run._r)
    added.find(qn("w:t")).text = "Received. "
    insertion.append(added)
    run._r.addprevious(insertion)
    path = reviewer.save(tmp_path / "reviewed.docx")
    result = cm("import", "docx", str(path), "-s", "viet-nam", "--dry-run", "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    notes = [line for line in result.stdout.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1 and notes[0].startswith("note: paragraph 4 of the document (“This is the review copy of")
    assert notes[0].endswith("is no text of the draft cm could find: its tracked changes are not imported")
    assert result.stdout.startswith("+ VIET-NAM-1  review.1  tracked change in review.1 (en)")


def test_a_reply_in_a_word_thread_is_part_of_its_comment_and_a_resolved_one_is_said(example: Path, tmp_path: Path):
    # Each reply was imported as a comment of its own on the draft, and a comment the reviewer
    # had resolved was imported like any other, without a word.
    for other in (example / "comments").glob("*.yaml"):
        other.unlink()
    reviewer = Reviewer(export(example))
    parent = reviewer.comment("cm_review_11__en", "great pressure", "Too strong.")
    # Typed decomposed (e + combining marks), as some keyboards send Vietnamese.
    answer = reviewer.reply(parent, "Đồng y\u0301: say \u201cpressure\u201d.", "Lê Thị Hoa")
    reviewer.reply(answer, "Agreed.", "Nguyen Van An")
    settled = reviewer.comment("cm_review_11__en", "rich fragile", "Which ecosystems?")
    reviewer.resolve(settled)
    path = reviewer.save(tmp_path / "reviewed.docx")
    result = cm("import", "docx", str(path), "-s", "viet-nam", "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "+ VIET-NAM-1  review.1  Word comment 1 by Nguyen Van An: “great pressure”: Too strong.",
        "    the 2 replies in its Word thread (by Lê Thị Hoa, Nguyen Van An) are part of this comment, not a comment of its own",
        "+ VIET-NAM-2  review.1  Word comment 2 by Nguyen Van An: “rich fragile”: Which ecosystems?",
        "    marked resolved in Word: the reviewer may have settled it; check before answering it",
        f"Added 2 comments ({example}/comments/viet-nam.yaml)",
    ]
    comments = {ref.id: ref.comment for ref in load_project(example).comments() if ref.stakeholder == "viet-nam"}
    assert comments["VIET-NAM-1"].text == ("“great pressure”: Too strong.\n\nReply by Lê Thị Hoa: Đồng ý: say “pressure”.\n\n"
                                           "Reply by Nguyen Van An: Agreed.")
    again = cm("import", "docx", str(path), "-s", "viet-nam", "-C", str(example))
    assert again.stdout.splitlines()[-1] == "Added 0 comments"
