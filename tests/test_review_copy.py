"""`cm export review-copy` and `cm import docx`: the review copy carries its ids, a reviewed copy
comes back as comments that validate, and accepting them all gives the reviewer's text."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from reviewing import Reviewer
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.exchange.reviewed_docx import read_review
from commentmatrix.model.project import walk_sections
from commentmatrix.read.loader import load_project
from commentmatrix.views.review_marks import (
    MAX_LENGTH,
    bookmark_name,
    names_for,
    parse_name,
)

COPY = "build/lmec-2017-08-review-copy.docx"


def cm(*args: str):
    return CliRunner().invoke(app, list(args))


def export(root: Path, *args: str) -> Path:
    result = cm("export", "review-copy", "-C", str(root), *args)
    assert (result.exit_code, result.stderr) == (0, "")
    return root / COPY if "-o" not in args else Path(args[args.index("-o") + 1])


def reviewed(root: Path, target: Path) -> Path:
    """The scenario of the tests: comments, a merged comment on a change, tracked replacements in
    English and Chinese, an insertion, a deleted and an added paragraph, two table rows."""
    reviewer = Reviewer(export(root))
    reviewer.replace("cm_principles_13__en", "sharing and mutual benefit", "access and benefit-sharing")
    reviewer.comment("cm_principles_13__en", "joint construction", "Say who builds what.")
    reviewer.insert("cm_background_11__en", "in the region", " and beyond")
    reviewer.replace("cm_background_11__zh", "2030年可持续发展议程", "2030年可持续发展议程及其17个可持续发展目标")
    reviewer.delete_paragraph("cm_objectives_14__en")
    reviewer.delete_paragraph("cm_objectives_14__zh")
    reviewer.add_paragraph("cm_principles_16__en", "Respecting the rights of local communities")
    reviewer.comment("cm_review_11__zh", "生态环境", "请说明。", author="Lê Thị Hoa")
    reviewer.replace("cm_principles_12__en", "Taking full account of", "Considering")
    reviewer.comment_change("cm_principles_12__en", "Shorter.")
    reviewer.fill_table([("4", "2", "Countries with a capital C.", "Lancang-Mekong Countries"), ("5.3", "", "Add wetlands.", "")])
    return reviewer.save(target)


EXPECTED_OUTPUT = """\
+ VIET-NAM-1  background.1  tracked change in background.1 (en) by Nguyen Van An: Insert “ and beyond”.
+ VIET-NAM-2  background.1  tracked change in background.1 (zh) by Nguyen Van An: Replace “2030年可持续发展议程” with “2030年可持续发展议程及其17个可持续发展目标”.
+ VIET-NAM-3  review.1  Word comment 1 by Lê Thị Hoa: “生态环境”: 请说明。
    tagged zh by its script (Han letters; no other language of cm.yaml is written in them)
+ VIET-NAM-4  objectives.4  tracked change in objectives.4 (en) by Nguyen Van An: Delete paragraph objectives.4: “To improve regional environ…
+ VIET-NAM-5  principles.2  Word comment 2 by Nguyen Van An: “Taking full account of”: Shorter.
+ VIET-NAM-6  principles.3  Word comment 3 by Nguyen Van An: “joint construction”: Say who builds what.
+ VIET-NAM-7  principles.3  tracked change in principles.3 (en) by Nguyen Van An: Replace “sharing and mutual benefit” with “access and benef…
+ VIET-NAM-8  principles.6  paragraph inserted after principles.6 by Nguyen Van An: Insert a paragraph: “Respecting the rights of local communi…
+ VIET-NAM-9  principles.2  reviewed.docx:table 1 row 2: Countries with a capital C.
+ VIET-NAM-10  biodiversity  reviewed.docx:table 1 row 3: Add wetlands.
"""

EXPECTED_YAML = """\
stakeholder: viet-nam
state: submitted
comments:
  - id: VIET-NAM-1
    target: background.1
    topic: wording
    text: Insert “ and beyond”.
    proposal:
      - replace: region
        with: region and beyond
        lang: en
    by: Nguyen Van An
    date: 2017-09-05
    source: docx:5eebcb301975
  - id: VIET-NAM-2
    target: background.1
    topic: wording
    text: Replace “2030年可持续发展议程” with “2030年可持续发展议程及其17个可持续发展目标”.
    proposal:
      - replace: 2030年可持续发展议程
        with: 2030年可持续发展议程及其17个可持续发展目标
        lang: zh
    by: Nguyen Van An
    date: 2017-09-05
    source: docx:bdace71ca84d
  - id: VIET-NAM-3
    target: review.1
    text:
      zh: '“生态环境”: 请说明。'
    by: Lê Thị Hoa
    date: 2017-09-05
    source: docx:cebb887df211
  - id: VIET-NAM-4
    target: objectives.4
    topic: wording
    text: 'Delete paragraph objectives.4: “To improve regional environmental management capacity”.'
    proposal:
      - delete: objectives.4
    by: Nguyen Van An
    date: 2017-09-05
    source: docx:4c35ade8260a
  - id: VIET-NAM-5
    target: principles.2
    text: '“Taking full account of”: Shorter.'
    proposal:
      - replace: Taking full account of
        with: Considering
        lang: en
    by: Nguyen Van An
    date: 2017-09-05
    source: docx:facb172bde4c
  - id: VIET-NAM-6
    target: principles.3
    text: '“joint construction”: Say who builds what.'
    by: Nguyen Van An
    date: 2017-09-05
    source: docx:f474542c8f3c
  - id: VIET-NAM-7
    target: principles.3
    topic: wording
    text: Replace “sharing and mutual benefit” with “access and benefit-sharing”.
    proposal:
      - replace: sharing and mutual benefit
        with: access and benefit-sharing
        lang: en
    by: Nguyen Van An
    date: 2017-09-05
    source: docx:cd2d68d42317
  - id: VIET-NAM-8
    target: principles.6
    topic: wording
    text: 'Insert a paragraph: “Respecting the rights of local communities”.'
    proposal:
      - insert:
          en: Respecting the rights of local communities
        id: principles.6.new
        after: principles.6
        kind: item
    by: Nguyen Van An
    date: 2017-09-05
    source: docx:7e0e86ad94ca
  - id: VIET-NAM-9
    target: principles.2
    text: "Countries with a capital C.\\nProposed change: Lancang-Mekong Countries"
    source: docx:ce6d316607e6
  - id: VIET-NAM-10
    target: biodiversity
    text: Add wetlands.
    source: docx:7f0220bd2cd5
"""


# ---------------------------------------------------------------- the review copy

def test_bookmark_names_are_word_names_and_reversible():
    assert bookmark_name("principles.3", "zh") == "cm_principles_13__zh"
    assert parse_name("cm_principles_13__zh") == ("principles.3", "zh")
    assert parse_name(bookmark_name("a_b-c.d", None)) == ("a_b-c.d", None)
    long_id = "priority-areas.capacity-building.training-programmes.3"
    name = bookmark_name(long_id, "vi")
    assert len(name) <= MAX_LENGTH and name.startswith("cm_h") and name.replace("_", "").isalnum()
    assert parse_name(name) is None
    assert bookmark_name(long_id, "vi") != bookmark_name(long_id, "en")


def test_review_copy_marks_every_text_in_every_language_once(example: Path):
    path = export(example)
    document = read_review(path)
    marks = [m for p in document.paragraphs for m in p.marks]
    draft = load_project(example).current_draft.draft
    assert sorted(marks) == sorted([*names_for(draft, ["en", "zh"]), "cm_comments_table"])
    assert len(marks) == len(set(marks))
    texts = {m: p.original for p in document.paragraphs for m in p.marks}
    assert texts["cm_principles_13__en"] == "Following the principles of joint construction, sharing and mutual benefit"
    assert texts["cm_principles__zh"] == "4 合作原则"
    assert document.identifier == "commentmatrix review copy: lmec-2017-08 2017-08"
    assert document.tables[0].rows[0] == ["Section\n章节", "Paragraph\n段落", "Comment\n意见", "Proposed change\n修改建议"]
    settings = zipfile.ZipFile(path).read("word/settings.xml").decode("utf-8")
    assert "<w:trackRevisions/>" in settings


def test_review_copy_is_reproducible_and_follows_options(example: Path):
    first = export(example).read_bytes()
    assert export(example).read_bytes() == first
    (example / "out").mkdir()
    english = export(example, "--lang", "en", "--no-comments-table", "-o", str(example / "out" / "en.docx"))
    document = read_review(english)
    assert document.tables == []
    assert not any(m.endswith("__zh") for p in document.paragraphs for m in p.marks)
    notes = [p.original for p in document.paragraphs if not p.marks][:2]
    assert notes == ["How to comment", "This is the review copy of Lancang-Mekong Environmental Cooperation Strategic "
                                       "Framework, version 2017-08. Please send your comments by 2017-09-10."]


def test_review_copy_refuses_an_unknown_language(example: Path):
    result = cm("export", "review-copy", "-C", str(example), "--lang", "fr")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "cm: language 'fr' is not in cm.yaml's languages (en, zh)\n")


# ---------------------------------------------------------------- import

def test_import_turns_a_reviewed_copy_into_comments_that_validate(example: Path, tmp_path: Path):
    path = reviewed(example, tmp_path / "reviewed.docx")
    result = cm("import", "docx", str(path), "--stakeholder", "viet-nam", "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == EXPECTED_OUTPUT + f"Added 10 comments ({example}/comments/viet-nam.yaml)\n"
    assert (example / "comments" / "viet-nam.yaml").read_text(encoding="utf-8") == EXPECTED_YAML
    checked = cm("validate", "-C", str(example))
    assert (checked.exit_code, checked.stdout) == (0, "No problems: 10 files checked.\n")


def test_dry_run_shows_the_comments_and_writes_nothing(example: Path, tmp_path: Path):
    path = reviewed(example, tmp_path / "reviewed.docx")
    result = cm("import", "docx", str(path), "-s", "viet-nam", "--dry-run", "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == EXPECTED_OUTPUT + (
        f"Would add 10 comments to {example}/comments/viet-nam.yaml (dry run: nothing written)\n")
    assert not (example / "comments" / "viet-nam.yaml").exists()


def test_a_second_import_of_the_same_file_adds_nothing(example: Path, tmp_path: Path):
    path = reviewed(example, tmp_path / "reviewed.docx")
    assert cm("import", "docx", str(path), "-s", "viet-nam", "-C", str(example)).exit_code == 0
    before = (example / "comments" / "viet-nam.yaml").read_bytes()
    again = cm("import", "docx", str(path), "-s", "viet-nam", "-C", str(example))
    assert again.exit_code == 0
    lines = again.stdout.splitlines()
    assert lines[0] == "= tracked change in background.1 (en) by Nguyen Van An: imported before as VIET-NAM-1"
    assert lines[2] == "= Word comment 1 by Lê Thị Hoa: imported before as VIET-NAM-3"
    assert len(lines) == 11 and lines[-1] == "Added 0 comments"
    assert (example / "comments" / "viet-nam.yaml").read_bytes() == before


def test_round_trip_accepting_everything_gives_the_reviewers_text(example: Path, tmp_path: Path):
    # Only this reviewer's edits apply: the other stakeholders' accepted edits would change the text too.
    for other in (example / "comments").glob("*.yaml"):
        other.unlink()
    path = reviewed(example, tmp_path / "reviewed.docx")
    assert cm("import", "docx", str(path), "-s", "viet-nam", "-C", str(example)).exit_code == 0
    project = load_project(example)
    for ref in project.comments():
        if ref.stakeholder == "viet-nam" and ref.comment.proposal:
            answer = cm("respond", ref.id, "--decision", "accepted", "-C", str(example))
            assert answer.exit_code == 0, answer.stderr
    out = example / "out" / "next.yaml"
    out.parent.mkdir()
    rendered = cm("render", "draft", "-C", str(example), "--format", "yaml", "--id", "next", "--version", "2", "-o", str(out))
    assert rendered.exit_code == 0, rendered.stderr
    (example / "drafts" / "next.yaml").write_bytes(out.read_bytes())
    revised = load_project(example).drafts_by_id["next"].draft
    names = names_for(revised, ["en", "zh"])
    document = read_review(path)
    # The reviewer's document with every change accepted, per text and language (the title
    # carries the old draft's id and is no edit's business).
    edited = {names[m]: p.revised for p in document.paragraphs for m in p.marks if m in names and p.revised}
    edited[("principles.6.new", "en")] = "Respecting the rights of local communities"
    rendered_texts = {}
    for section, _ in walk_sections(revised.sections):
        for lang, text in section.title.items():
            rendered_texts[(section.id, lang)] = f"{section.number} {text}"
        for paragraph in section.paragraphs:
            for lang, text in paragraph.text.items():
                rendered_texts[(paragraph.id, lang)] = text
    assert rendered_texts == edited
    assert ("objectives.4", "en") not in rendered_texts
    order = [p.id for s, _ in walk_sections(revised.sections) for p in s.paragraphs]
    assert order[order.index("principles.6") + 1] == "principles.6.new"


def test_paragraphs_that_lost_their_bookmarks_are_found_by_their_words(example: Path, tmp_path: Path):
    reviewer = Reviewer(export(example))
    reviewer.replace("cm_principles_13__en", "sharing and mutual benefit", "access and benefit-sharing")
    reviewer.comment("cm_review_11__en", "great pressure", "Too strong.")
    # Retyped by hand before review: one word differs from the draft.
    changed = reviewer.paragraph("cm_principles_15__en")
    changed.runs[0].text = changed.runs[0].text.replace("equal dialogues", "equal dialogue")
    reviewer.comment("cm_principles_15__en", "equal dialogue", "Which authorities?")
    body = reviewer.document.element.body
    for mark in [*body.iter(qn("w:bookmarkStart")), *body.iter(qn("w:bookmarkEnd"))]:
        mark.getparent().remove(mark)
    path = reviewer.save(tmp_path / "pasted.docx")
    result = cm("import", "docx", str(path), "-s", "viet-nam", "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "+ VIET-NAM-1  review.1  Word comment 1 by Nguyen Van An: “great pressure”: Too strong.\n"
        "+ VIET-NAM-2  principles.3  tracked change in principles.3 (en) by Nguyen Van An: Replace “sharing and mutual benefit” with “access and benef…\n"
        "+ VIET-NAM-3  principles.5  Word comment 2 by Nguyen Van An: “equal dialogue”: Which authorities?\n"
        "    paragraph 43 of the document matched to principles.5 by its words (99% alike)\n"
        f"Added 3 comments ({example}/comments/viet-nam.yaml)\n")


def test_a_stakeholder_outside_the_roster_is_a_usage_error(example: Path, tmp_path: Path):
    path = reviewed(example, tmp_path / "reviewed.docx")
    result = cm("import", "docx", str(path), "-s", "vietnam", "-C", str(example))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "cm: 'vietnam' is not in the roster of stakeholders in cm.yaml\n")


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_a_copy_saved_by_libreoffice_imports_the_same(example: Path, tmp_path: Path):
    path = reviewed(example, tmp_path / "reviewed.docx")
    out = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--norestore",
                    "--convert-to", "docx", "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=180)
    result = cm("import", "docx", str(out / "reviewed.docx"), "-s", "viet-nam", "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == EXPECTED_OUTPUT + f"Added 10 comments ({example}/comments/viet-nam.yaml)\n"
    assert (example / "comments" / "viet-nam.yaml").read_text(encoding="utf-8") == EXPECTED_YAML


def test_a_standalone_comments_table_in_word_becomes_comments(example: Path, tmp_path: Path):
    from docx import Document

    document = Document()
    document.add_paragraph("Comments of Viet Nam")
    table = document.add_table(rows=3, cols=4)
    for row, values in zip(table.rows, [["Mục", "Đoạn", "Góp ý", "Đề xuất sửa đổi"],
                                        ["5.3", "1", "Bổ sung đất ngập nước.", ""],
                                        ["Hợp tác", "", "Cần làm rõ.", ""]]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    path = tmp_path / "form.docx"
    document.save(str(path))
    result = cm("import", "docx", str(path), "-s", "viet-nam", "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "+ VIET-NAM-1  biodiversity.1  form.docx:table 1 row 2: Bổ sung đất ngập nước.\n"
        "+ VIET-NAM-2  general  form.docx:table 1 row 3: Cần làm rõ.\n"
        "    'Hợp tác' names no section or paragraph of the draft: the comment is general\n"
        f"Added 2 comments ({example}/comments/viet-nam.yaml)\n")
