"""Imports in every script: decision words of Chinese, Vietnamese, Thai, Lao and Khmer matrices
read as they mean (a partial phrase is never *accepted*), unspaced notes stay notes, native
digits find sections, and tracked changes in Thai, Lao, Khmer and Chinese become replaces of
whole words that apply to the draft."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.exchange.decision_words import Reading, decision_of, looks_like_a_decision_word, read_decision
from commentmatrix.exchange.table_import import ascii_digits, resolve_place
from commentmatrix.model.text import as_mapping
from commentmatrix.read.loader import load_project

HEADINGS = ["Stakeholder", "Section", "Paragraph", "Comment", "Response"]


def cm(*args: str):
    return CliRunner().invoke(app, list(args))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


@pytest.fixture
def empty(example: Path) -> Path:
    for path in (example / "comments").glob("*.yaml"):
        path.unlink()
    return example


# ---------------------------------------------------------------- decision words, by group

ZH = [
    # adopted, accepted, absorbed into the text, revised as asked
    ("采纳", "accepted"), ("已采纳", "accepted"), ("予以采纳", "accepted"), ("吸收", "accepted"), ("已吸收", "accepted"),
    ("已修改", "accepted"), ("采用", "accepted"), ("同意", "accepted"),
    # part of it, or its principle
    ("部分采纳", "partially"), ("部分吸收", "partially"), ("部分接受", "partially"), ("原则上同意", "partially"),
    # not adopted; the original text kept
    ("不采纳", "rejected"), ("未采纳", "rejected"), ("不予采纳", "rejected"), ("保留原文", "rejected"),
    # taken as a reference, to be considered, answered with an explanation: no edit, nothing refused
    ("参考", "noted"), ("已参考", "noted"), ("予以考虑", "noted"), ("解释说明", "noted"), ("知悉", "noted"),
]
VI = [
    ("Tiếp thu", "accepted"), ("Đã tiếp thu", "accepted"), ("Chấp nhận", "accepted"), ("Đồng ý", "accepted"),
    ("Tiếp thu một phần", "partially"), ("Chấp nhận một phần", "partially"), ("Đồng ý về nguyên tắc", "partially"),
    ("Chấp nhận có chỉnh sửa", "partially"), ("Tiếp thu có chỉnh sửa", "partially"),
    ("Không tiếp thu", "rejected"), ("Chưa tiếp thu", "rejected"), ("Không chấp nhận", "rejected"),
    ("Giải trình", "noted"), ("Ghi nhận", "noted"), ("Đã ghi nhận", "noted"),
]
TH = [
    ("รับ", "accepted"), ("ยอมรับ", "accepted"), ("เห็นด้วย", "accepted"),
    ("รับบางส่วน", "partially"), ("ยอมรับบางส่วน", "partially"), ("เห็นด้วยในหลักการ", "partially"),
    ("ยอมรับในหลักการ", "partially"), ("ยอมรับโดยมีการแก้ไข", "partially"),
    ("ไม่รับ", "rejected"), ("ไม่ยอมรับ", "rejected"), ("ไม่เห็นด้วย", "rejected"),
    ("รับทราบ", "noted"),
]
LO = [
    ("ຮັບເອົາ", "accepted"), ("ຍອມຮັບ", "accepted"), ("ເຫັນດີ", "accepted"),
    ("ຮັບເອົາບາງສ່ວນ", "partially"), ("ຍອມຮັບບາງສ່ວນ", "partially"), ("ຮັບເອົາໃນຫຼັກການ", "partially"),
    ("ເຫັນດີໃນຫຼັກການ", "partially"),
    ("ບໍ່ຮັບເອົາ", "rejected"), ("ບໍ່ຍອມຮັບ", "rejected"), ("ບໍ່ເຫັນດີ", "rejected"),
    ("ຮັບຊາບ", "noted"),
]
KM = [
    ("ទទួលយក", "accepted"), ("បានទទួលយក", "accepted"), ("យល់ព្រម", "accepted"),
    ("ទទួលយកមួយផ្នែក", "partially"), ("ទទួលយកជាគោលការណ៍", "partially"), ("ទទួលយកដោយកែសម្រួល", "partially"),
    ("មិនទទួលយក", "rejected"), ("មិនយល់ព្រម", "rejected"),
    ("បានកត់សម្គាល់", "noted"), ("កត់សម្គាល់", "noted"),
]
EN = [
    ("Accepted", "accepted"), ("Partially accepted", "partially"), ("Accepted in principle", "partially"),
    ("Agreed in principle", "partially"), ("Accepted with modifications", "partially"), ("Not accepted", "rejected"),
    ("Noted", "noted"),
]


@pytest.mark.parametrize(("cell", "decision"), ZH + VI + TH + LO + KM + EN)
def test_every_decision_word_reads_as_its_decision(cell: str, decision: str):
    assert read_decision(cell) == Reading(decision, cell)


@pytest.mark.parametrize(("cell", "expected"), [
    # A known word followed by words that confirm it, or by a new sentence, a clause without a
    # qualifier, or the same decision in another language.
    ("采纳 Accepted", ("accepted", "采纳")), ("Partially accepted部分接受", ("partially", "Partially accepted")),
    ("采纳，已在第三段修改", ("accepted", "采纳")), ("已采纳并已修改", ("accepted", "已采纳")),
    ("采纳该意见。", ("accepted", "采纳")), ("Tiếp thu ý kiến.", ("accepted", "Tiếp thu")),
    ("รับทราบ ขอบคุณครับ", ("noted", "รับทราบ")), ("ຮັບເອົາແລ້ວ", ("accepted", "ຮັບເອົາ")),
    ("ទទួលយកទាំងស្រុង", ("accepted", "ទទួលយក")), ("Agreed in full", ("accepted", "Agreed")),
    ("Accepted. Specific targets will be listed later on.", ("accepted", "Accepted")),
    ("Rejeté : hors sujet", ("rejected", "Rejeté")), ("Accepted/采纳", ("accepted", "Accepted")),
    # Words that run on into another word are not the decision word.
    ("Acceptedly", None),
])
def test_what_follows_a_decision_word_may_confirm_it(cell: str, expected):
    assert decision_of(cell) == expected


@pytest.mark.parametrize(("cell", "reading"), [
    # Before: all of these imported as accepted.
    ("采纳部分意见", Reading("accepted", "采纳", "部分意见", "采纳部分意见")),
    ("采纳，但仅限第一句。其余保留", Reading("accepted", "采纳", "但仅限第一句", "采纳，但仅限第一句")),
    ("Chấp nhận 1 phần", Reading("accepted", "Chấp nhận", "1 phần", "Chấp nhận 1 phần")),
    ("ยอมรับ ในหลักการ", Reading("accepted", "ยอมรับ", "ในหลักการ", "ยอมรับ ในหลักการ")),
    ("รับไว้พิจารณา", Reading("accepted", "รับ", "ไว้พิจารณา", "รับไว้พิจารณา")),
    ("ຮັບເອົາ ແຕ່ບໍ່ທັງໝົດ", Reading("accepted", "ຮັບເອົາ", "ແຕ່ບໍ່ທັງໝົດ", "ຮັບເອົາ ແຕ່ບໍ່ທັງໝົດ")),
    ("ទទួលយក ប៉ុន្តែ", Reading("accepted", "ទទួលយក", "ប៉ុន្តែ", "ទទួលយក ប៉ុន្តែ")),
    ("Accepted (partially)", Reading("accepted", "Accepted", "partially)", "Accepted (partially)")),
    ("Accepted – in part", Reading("accepted", "Accepted", "in part", "Accepted – in part")),
    ("Accepted. But only the first part.", Reading("accepted", "Accepted", "But only the first part",
                                                   "Accepted. But only the first part")),
    ("Accepted with changes to 3.2. See below.", Reading("partially", "Accepted with changes", "to 3.2",
                                                         "Accepted with changes to 3.2")),
])
def test_words_that_may_change_a_decision_are_a_doubt(cell: str, reading: Reading):
    assert read_decision(cell) == reading
    assert decision_of(cell) is None
    # The clause the message names, given with --decision, is read as the user says.
    assert decision_of(cell, {reading.clause or "": "partially"}) == ("partially", reading.clause)


@pytest.mark.parametrize(("cell", "short"), [
    ("คณะทำงานจะพิจารณาในภายหลัง", False),  # Thai: "the working group will consider it later"
    ("该项工作已经在开展中", False),  # Chinese: "this work is already under way"
    ("រដ្ឋាភិបាលនឹងពិនិត្យបន្ថែម", False),  # Khmer: "the government will look further"
    ("Retained", True), ("保留", True), ("Giữ nguyên", True),
])
def test_unspaced_sentences_count_their_words(cell: str, short: bool):
    assert read_decision(cell) is None
    assert looks_like_a_decision_word(cell) is short


def test_an_unspaced_note_imports_as_a_note_and_a_doubt_stops_the_import(empty: Path, tmp_path: Path):
    path = write_csv(tmp_path / "matrix.csv", [
        HEADINGS,
        ["Thailand", "5.3", "", "เพิ่มพื้นที่ชุ่มน้ำ", "คณะทำงานจะพิจารณาในภายหลัง"],
        ["Cambodia", "5.3", "", "Add wetlands.", "រដ្ឋាភិបាលនឹងពិនិត្យបន្ថែម"],
        ["Lao PDR", "5.3", "", "Add rivers.", "ຮັບເອົາບາງສ່ວນ"],
    ])
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"+ THAILAND-1  biodiversity  {path}:2: เพิ่มพื้นที่ชุ่มน้ำ\n"
        "    the response starts with no decision word: imported as the note of an open comment\n"
        f"+ CAMBODIA-1  biodiversity  {path}:3: Add wetlands.\n"
        "    the response starts with no decision word: imported as the note of an open comment\n"
        f"+ LAO-PDR-1  biodiversity  {path}:4: Add rivers.\n"
        "    partially accepted: left open with the response as its note, because a partial decision needs the edits "
        "that apply (cm respond ID --decision partially --take N, or --replace OLD --with NEW)\n"
        f"Added 3 comments ({empty}/comments/thailand.yaml, {empty}/comments/cambodia.yaml, {empty}/comments/lao-pdr.yaml)\n")
    thai = (empty / "comments" / "thailand.yaml").read_text(encoding="utf-8")
    assert "note: คณะทำงานจะพิจารณาในภายหลัง" in thai and "decision" not in thai


def test_a_decision_word_followed_by_a_qualifier_stops_the_import_with_its_row(empty: Path, tmp_path: Path):
    path = write_csv(tmp_path / "matrix.csv", [
        HEADINGS,
        ["Viet Nam", "5.3", "", "Add wetlands.", "Tiếp thu"],
        ["Thailand", "5.3", "", "Add rivers.", "ยอมรับ ในหลักการ"],
    ])
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"cm: {path}:3: 'ยอมรับ' says accepted, but the words after it, 'ในหลักการ', may change that; say what the "
        "response means with --decision 'ยอมรับ ในหลักการ=accepted' (or partially, rejected, noted)\n"
        "cm: nothing was imported\n")
    assert list((empty / "comments").glob("*.yaml")) == []
    fixed = cm("import", "table", str(path), "--decision", "ยอมรับ ในหลักการ=partially", "-C", str(empty))
    assert fixed.exit_code == 0, fixed.stderr
    assert "decision" not in (empty / "comments" / "thailand.yaml").read_text(encoding="utf-8")
    assert "decision: accepted" in (empty / "comments" / "viet-nam.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- native digits

def test_ascii_digits_of_every_script():
    assert [ascii_digits(t) for t in ("៥.៣", "๕.๓", "໕.໓", "５．３", "5.3", "第２段")] == [
        "5.3", "5.3", "5.3", "5.3", "5.3", "第2段"]


@pytest.mark.parametrize(("section", "paragraph", "target"), [
    ("៥.៣", "", "biodiversity"), ("๕.๓ ระบบนิเวศ", "", "biodiversity"), ("໕.໓", "", "biodiversity"),
    ("５．３", "", "biodiversity"), ("５.３", "", "biodiversity"), ("๔", "๒", "principles.2"),
    ("៤", "៣", "principles.3"), ("４", "第２段", "principles.2"), ("໔", "໑", "principles.1"),
])
def test_native_digits_find_sections_and_paragraphs(example: Path, section: str, paragraph: str, target: str):
    assert resolve_place(load_project(example), section, paragraph).target == target


def test_a_table_with_khmer_section_numbers_imports_to_its_sections(empty: Path, tmp_path: Path):
    path = write_csv(tmp_path / "matrix.csv", [HEADINGS, ["Cambodia", "៥.៣", "", "បន្ថែមតំបន់ដីសើម។", "ទទួលយក"],
                                               ["Cambodia", "៤", "២", "ខ្លីជាងនេះ។", "កត់សម្គាល់"]])
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (f"+ CAMBODIA-1  biodiversity  {path}:2: បន្ថែមតំបន់ដីសើម។\n"
                             f"+ CAMBODIA-2  principles.2  {path}:3: ខ្លីជាងនេះ។\n"
                             f"Added 2 comments ({empty}/comments/cambodia.yaml)\n")


# ---------------------------------------------------------------- tracked changes, whole words

SCRIPTS_CONFIG = """\
title: Forest Strategy
languages: [en, th, lo, km, zh]
draft: fs-1
deadline: 2030-01-31
stakeholders:
  - {id: thailand, name: Thailand, kind: country}
  - {id: lao-pdr, name: Lao PDR, kind: country}
  - {id: cambodia, name: Cambodia, kind: country}
  - {id: china, name: China, kind: country}
"""
SCRIPTS_DRAFT = """\
id: fs-1
title: {en: Forest Strategy, th: ยุทธศาสตร์ป่าไม้, lo: ຍຸດທະສາດປ່າໄມ້, km: យុទ្ធសាស្ត្រព្រៃឈើ, zh: 森林战略}
version: "1"
sections:
  - id: forests
    number: "1"
    title: {en: Forests, th: ป่าไม้, lo: ປ່າໄມ້, km: ព្រៃឈើ, zh: 森林}
    paragraphs:
      - id: forests.1
        text:
          en: Local officials protect the forests.
          th: เจ้าหน้าที่รัฐท้องถิ่นปกป้องป่าไม้
          lo: ລັດຖະບານທ້ອງຖິ່ນປົກປັກຮັກສາປ່າໄມ້ຢ່າງເຂັ້ມງວດ
          km: សហគមន៍មូលដ្ឋានការពារព្រៃឈើ
      - id: forests.2
        text:
          zh: 提升洪旱灾害防御能力。
          en: Improve flood and drought prevention.
      - id: forests.3
        text:
          en: Plant forests and care for forests.
          th: ปลูกป่าไม้และดูแลป่าไม้
"""

# (languages of the copy, stakeholder, the reviewer's tracked changes as (how, bookmark, old or
# the words typed after, new),
# the replace edits imported as (old, with, lang)). The reviewer's selections start and end
# inside words and characters, the way Word records a change made with the cursor between a
# letter and its mark, or a comparison of two versions.
TRACKED = [
    ("en,th", "thailand", [
        # starts with the bare tone mark of เจ้า
        ("replace", "cm_forests_11__th", "\u0e49าหน้าที่รัฐ", "\u0e49าพนักงาน"),
        # inside the word ปกป้อง
        ("replace", "cm_forests_11__th", "ป้อง", "ปักรักษา"),
        # the word ไม้ occurs twice: widened by a word to be unique
        ("replace", "cm_forests_13__th", "ไม้", "ชายเลน"),
    ], [("เจ้าหน้าที่รัฐ", "เจ้าพนักงาน", "th"), ("ปกป้อง", "ปกปักรักษา", "th"), ("ไม้และ", "ชายเลนและ", "th")]),
    ("en,lo", "lao-pdr", [
        # one Lao word deleted
        ("replace", "cm_forests_11__lo", "ທ້ອງຖິ່ນ", ""),
        # the end of ເຂັ້ມງວດ changed to ເຂັ້ມແຂງ
        ("replace", "cm_forests_11__lo", "ງວດ", "ແຂງ"),
    ], [("ທ້ອງຖິ່ນ", "", "lo"), ("ເຂັ້ມງວດ", "ເຂັ້ມແຂງ", "lo")]),
    ("en,km", "cambodia", [
        # starts with the bare sign ៍ of សហគមន៍
        ("replace", "cm_forests_11__km", "\u17cdមូលដ្ឋាន", "\u17cdភូមិ"),
        ("replace", "cm_forests_11__km", "ឈើ", "លិចទឹក"),
    ], [("សហគមន៍មូលដ្ឋាន", "សហគមន៍ភូមិ", "km"), ("ព្រៃឈើ", "ព្រៃលិចទឹក", "km")]),
    ("zh,en", "china", [
        ("start", "cm_forests_12__zh", "", "全面"),  # typed before the first word
        ("insert", "cm_forests_12__zh", "灾害", "综合"),  # typed after 灾害
        ("replace", "cm_forests_12__en", "vention", "paredness"),
    ], [("提升", "全面提升", "zh"), ("灾害", "灾害综合", "zh"), ("prevention", "preparedness", "en")]),
]


def _type_at_start(reviewer, bookmark: str, new: str) -> None:
    """Type `new` before the first word of a paragraph (a tracked insertion before its first run)."""
    import copy as copying

    from docx.oxml.ns import qn

    run = reviewer.paragraph(bookmark).runs[0]._r
    inserted = copying.deepcopy(run)
    inserted.find(qn("w:t")).text = new
    insertion = reviewer._mark("w:ins", None)
    insertion.append(inserted)
    run.addprevious(insertion)


def scripts_project(root: Path) -> Path:
    (root / "drafts").mkdir(parents=True)
    (root / "comments").mkdir()
    (root / "cm.yaml").write_text(SCRIPTS_CONFIG, encoding="utf-8")
    (root / "drafts" / "fs-1.yaml").write_text(SCRIPTS_DRAFT, encoding="utf-8")
    return root


@pytest.mark.parametrize(("languages", "stakeholder", "changes", "expected"), TRACKED,
                         ids=[case[0] for case in TRACKED])
def test_tracked_changes_become_replaces_of_whole_words(tmp_path: Path, languages, stakeholder, changes, expected):
    from reviewing import Reviewer

    from commentmatrix.engine import revise
    from commentmatrix.exchange.reviewed_docx import read_review
    from commentmatrix.model.segmentation import is_grapheme_boundary, word_bounds
    from commentmatrix.views.review_marks import names_for

    root = scripts_project(tmp_path / "project")
    copy = tmp_path / "copy.docx"
    exported = cm("export", "review-copy", "--lang", languages, "-o", str(copy), "-C", str(root))
    assert (exported.exit_code, exported.stderr) == (0, "")
    reviewer = Reviewer(copy)
    for how, bookmark, old, new in changes:
        if how == "start":
            _type_at_start(reviewer, bookmark, new)
        elif how == "insert":
            reviewer.insert(bookmark, old, new)
        else:
            reviewer.replace(bookmark, old, new)
    path = reviewer.save(tmp_path / "reviewed.docx")
    result = cm("import", "docx", str(path), "-s", stakeholder, "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, ""), result.stdout

    project = load_project(root)
    edits = [(edit.replace, edit.with_, edit.lang) for ref in project.comments() for edit in ref.comment.proposal or []]
    assert edits == expected
    draft = project.current_draft.draft
    texts = {(p.id, lang): text for s in draft.sections for p in s.paragraphs for lang, text in p.text.items()}
    for old, _, lang in edits:
        paragraph = next(text for (_, text_lang), text in texts.items() if text_lang == lang and old in text)
        start = paragraph.index(old)
        assert paragraph.count(old) == 1
        assert {start, start + len(old)} <= word_bounds(paragraph, lang)  # whole words of the draft
        assert is_grapheme_boundary(paragraph, start) and is_grapheme_boundary(paragraph, start + len(old))

    # Accepted, the edits give the reviewer's text.
    for ref in project.comments():
        answer = cm("respond", ref.id, "--decision", "accepted", "-C", str(root))
        assert answer.exit_code == 0, answer.stderr
    revision = revise(load_project(root))
    assert revision is not None
    names = names_for(draft, languages.split(","))
    wanted = {names[m]: p.revised for p in read_review(path).paragraphs for m in p.marks if m in names and p.changed}
    revised = {(p.id, lang): text for s in revision.sections for p in s.paragraphs
               for lang, text in as_mapping(p.text.revised()).items()}
    assert wanted and {key: revised[key] for key in wanted} == wanted


def test_a_widened_change_ends_on_a_character_of_the_revised_text_too():
    from commentmatrix.exchange.review_import import _widen

    # A regional indicator typed between two flags pairs with the next one: ending the old text
    # after the first flag would end the new one inside 🇰🇱.
    text, typed = "\U0001F1F9\U0001F1ED\U0001F1F1\U0001F1E6", "\U0001F1F0"
    low, high = _widen(text, 2, 2, typed, None, None)
    assert (text[low:high], (text[:2] + typed + text[2:])[low:high + 1]) == (text, text[:2] + typed + text[2:])


# ---------------------------------------------------------------- Word comments tagged by their script

def _reviewed_copy(root: Path, tmp_path: Path, languages: str, comments) -> Path:
    from reviewing import Reviewer

    copy = tmp_path / "copy.docx"
    exported = cm("export", "review-copy", "--lang", languages, "-o", str(copy), "-C", str(root))
    assert (exported.exit_code, exported.stderr) == (0, "")
    reviewer = Reviewer(copy, author="Somchai")
    for bookmark, words, text, *replies in comments:
        parent = reviewer.comment(bookmark, words, text)
        for reply in replies:
            reviewer.reply(parent, reply, "Secretariat")
    return reviewer.save(tmp_path / "reviewed.docx")


def _texts(root: Path) -> list:
    return [ref.comment.text for ref in load_project(root).comments()]


def test_word_comments_in_one_languages_script_are_tagged_with_it_and_said(tmp_path: Path):
    # They were stored untagged, so a matrix in th showed a Thai comment as a text of no language.
    root = scripts_project(tmp_path / "project")
    path = _reviewed_copy(root, tmp_path, "en,th,lo,km,zh", [
        ("cm_forests_11__en", "Local officials", "ควรระบุหน่วยงาน เช่น MRC"),  # a Latin name in a Thai comment
        ("cm_forests_11__lo", "ທ້ອງຖິ່ນ", "ເພີ່ມຂໍ້ມູນ"),
        ("cm_forests_11__km", "ព្រៃឈើ", "បន្ថែមតំបន់ដីសើម។"),
        ("cm_forests_12__zh", "提升", "请说明。"),
        ("cm_forests_12__en", "Improve", "Say how."),  # Latin: never guessed
        ("cm_forests_13__th", "ปลูกป่าไม้", "ควรเพิ่ม please ด้วย"),  # an English word: two languages
        ("cm_forests_13__en", "Plant forests", "ปลูกป่าชายเลน", "Noted, thank you."),  # a reply in English
    ])
    result = cm("import", "docx", str(path), "-s", "thailand", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    tagged = "    tagged {} by its script ({} letters; no other language of cm.yaml is written in them)\n"
    assert result.stdout == (
        "+ THAILAND-1  forests.1  Word comment 1 by Somchai: “Local officials”: ควรระบุหน่วยงาน เช่น MRC\n"
        + tagged.format("th", "Thai")
        + "+ THAILAND-2  forests.1  Word comment 2 by Somchai: “ທ້ອງຖິ່ນ”: ເພີ່ມຂໍ້ມູນ\n"
        + tagged.format("lo", "Lao")
        + "+ THAILAND-3  forests.1  Word comment 3 by Somchai: “ព្រៃឈើ”: បន្ថែមតំបន់ដីសើម។\n"
        + tagged.format("km", "Khmer")
        + "+ THAILAND-4  forests.2  Word comment 4 by Somchai: “Improve”: Say how.\n"
        + "+ THAILAND-5  forests.2  Word comment 5 by Somchai: “提升”: 请说明。\n"
        + tagged.format("zh", "Han")
        + "+ THAILAND-6  forests.3  Word comment 6 by Somchai: “Plant forests”: ปลูกป่าชายเลน\n"
        + "    the reply in its Word thread (by Secretariat) is part of this comment, not a comment of its own\n"
        + "+ THAILAND-7  forests.3  Word comment 7 by Somchai: “ปลูกป่าไม้”: ควรเพิ่ม please ด้วย\n"
        + f"Added 7 comments ({root}/comments/thailand.yaml)\n")
    assert _texts(root) == [
        {"th": "“Local officials”: ควรระบุหน่วยงาน เช่น MRC"}, {"lo": "“ທ້ອງຖິ່ນ”: ເພີ່ມຂໍ້ມູນ"},
        {"km": "“ព្រៃឈើ”: បន្ថែមតំបន់ដីសើម។"}, "“Improve”: Say how.", {"zh": "“提升”: 请说明。"},
        "“Plant forests”: ปลูกป่าชายเลน\n\nReply by Secretariat: Noted, thank you.", "“ปลูกป่าไม้”: ควรเพิ่ม please ด้วย"]


@pytest.mark.parametrize(("languages", "text"), [
    ("en, zh-CN, zh-TW", "请说明。"),  # Han: which Chinese?
    ("en, zh, ja", "说明"),  # Han: Chinese or Japanese kanji?
    ("en, ja", "説明してください"),  # kanji and kana: two scripts
    ("en, vi", "Cần làm rõ"),  # Vietnamese is Latin, as English is
    ("en, th, tts", "ควรระบุ"),  # Isan (tts) may be written in Thai letters: cm does not know
], ids=["zh-CN-zh-TW", "zh-ja", "ja", "vi", "th-tts"])
def test_a_word_comment_whose_script_does_not_tell_one_language_stays_untagged(tmp_path: Path, languages, text):
    root = scripts_project(tmp_path / "project")
    config = root / "cm.yaml"
    config.write_text(SCRIPTS_CONFIG.replace("[en, th, lo, km, zh]", f"[{languages}]"), encoding="utf-8")
    (root / "drafts" / "fs-1.yaml").write_text(
        "id: fs-1\ntitle: Forest Strategy\nversion: '1'\nsections:\n  - id: forests\n    number: '1'\n    title: Forests\n"
        "    paragraphs:\n      - id: forests.1\n        text: {en: Local officials protect the forests.}\n", encoding="utf-8")
    path = _reviewed_copy(root, tmp_path, "en", [("cm_forests_11__en", "Local officials", text)])
    result = cm("import", "docx", str(path), "-s", "thailand", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (f"+ THAILAND-1  forests.1  Word comment 1 by Somchai: “Local officials”: {text}\n"
                             f"Added 1 comment ({root}/comments/thailand.yaml)\n")
    assert _texts(root) == [f"“Local officials”: {text}"]


@pytest.mark.parametrize(("bookmark", "old", "new", "said"), [
    # Word's change starts between เ-จ and the tone mark of เจ้า: quoted as the reviewer's
    # pieces, a bare mark sat on the opening quote ("Replace “้าหน้าที่รัฐ” with “้าพนักงาน”.")
    ("cm_forests_11__th", "\u0e49าหน้าที่รัฐ", "\u0e49าพนักงาน", "Replace “เจ้าหน้าที่รัฐ” with “เจ้าพนักงาน”."),
    # starts with the bare sign ៍ of សហគមន៍
    ("cm_forests_11__km", "\u17cdមូលដ្ឋាន", "\u17cdភូមិ", "Replace “សហគមន៍មូលដ្ឋាន” with “សហគមន៍ភូមិ”."),
    # whole characters: the reviewer's own pieces, as before
    ("cm_forests_11__lo", "ທ້ອງຖິ່ນ", "", "Delete “ທ້ອງຖິ່ນ”."),
])
def test_a_tracked_change_inside_a_character_is_described_by_whole_characters(tmp_path: Path, bookmark, old, new, said):
    from reviewing import Reviewer

    root = scripts_project(tmp_path / "project")
    copy = tmp_path / "copy.docx"
    exported = cm("export", "review-copy", "--lang", "en,th,lo,km", "-o", str(copy), "-C", str(root))
    assert (exported.exit_code, exported.stderr) == (0, "")
    reviewer = Reviewer(copy, author="Somchai")
    reviewer.replace(bookmark, old, new)
    path = reviewer.save(tmp_path / "reviewed.docx")
    result = cm("import", "docx", str(path), "-s", "thailand", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    line = next(line for line in result.stdout.splitlines() if line.startswith("+ "))
    assert line.endswith(f"by Somchai: {said}")
    [ref] = load_project(root).comments()
    assert ref.comment.text == said


def test_the_command_a_partial_decision_is_left_open_with_runs(empty: Path, tmp_path: Path):
    path = write_csv(tmp_path / "matrix.csv", [HEADINGS, ["Lao PDR", "2", "1", "Say whose benefit.", "ຮັບເອົາບາງສ່ວນ"]])
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    # The remark under the comment names the command that decides it: run as it says, it records the decision
    # (it said `cm respond ID partially --take N`, which typer refuses: an extra argument).
    said = re.search(r"\(cm respond ID (.+?) --take N, or (--replace OLD --with NEW)\)", result.stdout)
    assert said is not None, result.stdout
    project = load_project(empty)
    [ref] = project.comments()
    text = next(p.text["en"] for s in project.current_draft.draft.sections for p in s.paragraphs
                if p.id == ref.comment.target)
    word = text.split()[0]
    args = [*said.group(1).split(), *said.group(2).replace("OLD", word).replace("NEW", word.upper()).split()]
    answer = cm("respond", ref.id, *args, "--edit-lang", "en", "--single-language", "-C", str(empty))
    assert (answer.exit_code, answer.stderr) == (0, ""), answer.stdout
    assert load_project(empty).comments_by_id[ref.id].comment.decision == "partially"


def test_a_copy_imported_before_a_change_was_described_by_whole_characters_is_known_again(tmp_path: Path):
    from reviewing import Reviewer

    from commentmatrix.exchange.import_plan import fingerprint

    root = scripts_project(tmp_path / "project")
    copy = tmp_path / "copy.docx"
    assert cm("export", "review-copy", "--lang", "en,th", "-o", str(copy), "-C", str(root)).exit_code == 0
    reviewer = Reviewer(copy, author="Somchai")
    reviewer.replace("cm_forests_11__th", "\u0e49าหน้าที่รัฐ", "\u0e49าพนักงาน")
    path = reviewer.save(tmp_path / "reviewed.docx")
    assert cm("import", "docx", str(path), "-s", "thailand", "-C", str(root)).exit_code == 0
    [ref] = load_project(root).comments()
    # The fingerprint is of the reviewer's own pieces, as the description was worded when cm
    # quoted them: a project that imported this copy then knows it when it comes again.
    worded_then = "Replace “\u0e49าหน้าที่รัฐ” with “\u0e49าพนักงาน”."
    proposal = [{"replace": "เจ้าหน้าที่รัฐ", "with": "เจ้าพนักงาน", "lang": "th"}]
    assert ref.comment.source == fingerprint("docx", "thailand", "forests.1", worded_then, proposal, "Somchai",
                                             ref.comment.date)
    comments = root / "comments" / "thailand.yaml"
    comments.write_text(comments.read_text(encoding="utf-8").replace(ref.comment.text, worded_then), encoding="utf-8")
    again = cm("import", "docx", str(path), "-s", "thailand", "-C", str(root))
    assert (again.exit_code, again.stdout) == (0, "= tracked change in forests.1 (th) by Somchai: imported before as "
                                                  "THAILAND-1\nAdded 0 comments\n")


# ---------------------------------------------------------------- blank comments are said, not dropped

def test_a_blank_word_comment_is_said_with_its_number_and_author(tmp_path: Path):
    # It was skipped without a word: the reviewer may have meant something the copy lost.
    root = scripts_project(tmp_path / "project")
    path = _reviewed_copy(root, tmp_path, "en,th,lo,km,zh", [
        ("cm_forests_11__en", "Local officials", "ควรระบุหน่วยงาน"),
        ("cm_forests_11__lo", "ທ້ອງຖິ່ນ", "   "),
        ("cm_forests_12__en", "Improve", ""),
    ])
    before = sorted(p.name for p in (root / "comments").iterdir())
    result = cm("import", "docx", str(path), "-s", "thailand", "--dry-run", "-C", str(root))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[2:] == [
        f"note: {path}: skipped 2 blank Word comments, with nothing to import: Word comment 2 by Somchai, "
        "Word comment 3 by Somchai",
        f"Would add 1 comment to {root}/comments/thailand.yaml (dry run: nothing written)"]
    assert sorted(p.name for p in (root / "comments").iterdir()) == before
    written = cm("import", "docx", str(path), "-s", "thailand", "-C", str(root))
    assert "note: " + str(path) + ": skipped 2 blank Word comments" in written.stdout
    assert _texts(root) == [{"th": "“Local officials”: ควรระบุหน่วยงาน"}]


def test_a_table_row_with_a_blank_comment_among_filled_cells_is_said_with_its_row(empty: Path, tmp_path: Path):
    path = write_csv(tmp_path / "matrix.csv", [
        HEADINGS,
        ["Thailand", "5.3", "", "เพิ่มพื้นที่ชุ่มน้ำ", ""],
        ["Thailand", "5.3", "", "   ", "ยอมรับ"],  # a response to a comment that is not there
        ["", "5.2", "", " \t", ""],  # under Thailand's rows: Thailand's
        ["Cambodia", "", "", "", ""],  # a stakeholder alone: nothing meant
        ["", "", "", "", ""],
    ])
    result = cm("import", "table", str(path), "--dry-run", "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"+ THAILAND-1  biodiversity  {path}:2: เพิ่มพื้นที่ชุ่มน้ำ\n"
        f"note: {path}: skipped 2 blank comments, with nothing to import: line 3, line 4\n"
        f"Would add 1 comment to {empty}/comments/thailand.yaml (dry run: nothing written)\n")
