"""Grapheme clusters and words: matching never cuts a character, words are the language's own."""

from __future__ import annotations

import pytest
from projects import load

from commentmatrix.engine import revise
from commentmatrix.model.segmentation import graphemes, is_grapheme_boundary, script_of, shorten, words
from commentmatrix.rules import check_project

DRAFT = """
    id: d1
    title: {en: Plan, th: แผน, km: ផែនការ, lo: ແຜນ}
    version: "1"
    sections:
      - id: s1
        number: "1"
        title: {en: Forests, th: ป่าไม้, km: ព្រៃឈើ, lo: ປ່າໄມ້}
        paragraphs:
          - id: s1.1
            text:
              en: Local officials protect the forests.
              th: เจ้าหน้าที่รัฐท้องถิ่นปกป้องป่าไม้
              km: សហគមន៍មូលដ្ឋានការពារព្រៃឈើ
              lo: ການປົກປັກຮັກສາສິ່ງແວດລ້ອມ
"""
CONFIG = """
    title: Plan
    languages: [en, th, km, lo]
    draft: d1
    stakeholders:
      - {id: thailand, name: Thailand, kind: country}
"""


def _project(old: str, new: str, lang: str):
    comments = f"""
        stakeholder: thailand
        comments:
          - id: TH-1
            target: s1.1
            text: Wording.
            proposal:
              - replace: "{old}"
                with: "{new}"
                lang: {lang}
            response:
              decision: accepted
    """
    return load({"cm.yaml": CONFIG, "drafts/d1.yaml": DRAFT, "comments/thailand.yaml": comments})


@pytest.mark.parametrize("old, new, lang, cluster, left_out", [
    # The typing slips of the issue: the old text stops before the draft's tone mark or sign.
    ("เจ้าหน้าที", "เจ้าพนักงาน", "th", "ที่", "U+0E48 THAI CHARACTER MAI EK"),
    ("សហគមន", "សហគមន៍ភូមិ", "km", "ន៍", "U+17CD KHMER SIGN TOANDAKHIAT"),
    ("ການປົກປັກຮັກສາສິ່ງແວດລ", "ການຮັກສາ", "lo", "ລ້", "U+0EC9 LAO TONE MAI THO"),
])
def test_a_replace_that_cuts_a_character_is_refused_and_names_it(old, new, lang, cluster, left_out):
    project = _project(old, new, lang)
    problems = [d for d in check_project(project) if d.is_error]
    assert [(d.rule, d.path, d.line) for d in problems] == [("replace-not-found", "comments/thailand.yaml", 7)]
    assert problems[0].hint is not None
    assert problems[0].hint == (f"it ends inside the character '{cluster}' of the draft, leaving out {left_out}: "
                                "copy whole characters, with their vowel signs and tone marks")
    revision = revise(project)
    assert revision is not None and revision.applied == []
    paragraph = revision.sections[0].paragraphs[0]
    assert paragraph.text.revised() == paragraph.text.original()


def test_a_replace_of_whole_characters_still_applies():
    project = _project("เจ้าหน้าที่รัฐ", "เจ้าพนักงาน", "th")
    assert [d for d in check_project(project) if d.is_error] == []
    revision = revise(project)
    assert revision is not None
    assert revision.sections[0].paragraphs[0].text.revised()["th"] == "เจ้าพนักงานท้องถิ่นปกป้องป่าไม้"


def test_graphemes_keep_marks_with_their_letters_and_astral_characters_whole():
    assert graphemes("ที่น้ำ") == ["ที่", "น้ำ"]
    assert graphemes("a👩🏽‍💻𠀀b") == ["a", "👩🏽‍💻", "𠀀", "b"]
    assert not is_grapheme_boundary("เจ้าหน้าที่", len("เจ้าหน้าที"))
    assert is_grapheme_boundary("เจ้าหน้าที่", len("เจ้าหน้า"))


@pytest.mark.parametrize("text, lang, expected", [
    ("เจ้าหน้าที่รัฐท้องถิ่น", "th", ["เจ้า", "หน้าที่", "รัฐ", "ท้อง", "ถิ่น"]),
    ("សហគមន៍មូលដ្ឋានការពារព្រៃឈើ", "km", ["សហគមន៍", "មូលដ្ឋាន", "ការពារ", "ព្រៃឈើ"]),
    ("提升洪旱灾害防御能力", "zh", ["提升", "洪", "旱", "灾害", "防御", "能力"]),
    ("Bảo vệ môi trường", "vi", ["Bảo", " ", "vệ", " ", "môi", " ", "trường"]),
    ("เจ้าหน้าที่รัฐ", None, ["เจ้า", "หน้าที่", "รัฐ"]),  # untagged: broken by its script
])
def test_words_are_the_languages_own(text, lang, expected):
    assert words(text, lang) == expected


def test_shorten_never_separates_a_mark_from_its_letter():
    assert shorten("เจ้าหน้าที่รัฐ", 11) == "เจ้าหน้า…"
    assert shorten("short", 10) == "short"


def test_script_of_names_the_script_most_letters_are_in():
    assert [script_of(t) for t in ("เจ้าหน้าที่", "ការពារ", "ການ", "提升 2030", "Bảo vệ", "12.3")] == [
        "Thai", "Khmer", "Lao", "Han", "Latin", None]


def test_context_shown_from_its_end_starts_on_a_whole_character():
    from commentmatrix.model.segmentation import shorten_start

    assert shorten_start("ป่าไม้ของชุมชนเจ้าหน้าที่", 6) == "…าที่"  # not "…\u0e49าที่": no bare tone mark
    assert shorten_start("abc", 6) == "abc"


def test_one_line_summaries_cut_thai_lao_and_khmer_between_characters():
    from commentmatrix.model.text import first_line

    assert first_line({"th": "เจ้าหน้าที่รัฐท้องถิ่น"}, ["th"], 11) == "เจ้าหน้า…"
    assert first_line({"km": "សហគមន៍មូលដ្ឋាន"}, ["km"], 6) == "សហគម…"
    assert first_line("Local officials protect the forests.", [], 16) == "Local officials…"


def test_decomposed_titles_and_names_are_composed_like_the_body():
    import unicodedata

    from commentmatrix.views.matrix import MatrixOptions, build_matrix

    decomposed = unicodedata.normalize("NFD", "Quản lý tài nguyên nước")
    project = load({
        "cm.yaml": f"title: {{en: Plan, vi: '{decomposed}'}}\nlanguages: [en, vi]\ndraft: d1\n"
                   f"stakeholders:\n  - {{id: vn, name: {{vi: '{decomposed}'}}, kind: country}}\n",
        "drafts/d1.yaml": f"id: d1\ntitle: {{vi: '{decomposed}'}}\nversion: '1'\nsections:\n"
                          f"  - id: s1\n    number: '1'\n    title: {{vi: '{decomposed}'}}\n    paragraphs: []\n",
    })
    composed = "Quản lý tài nguyên nước"
    assert project.config is not None and project.current_draft is not None
    assert project.config.title["vi"] == composed
    assert project.config.stakeholders[0].name == {"vi": composed}
    assert project.current_draft.draft.sections[0].title == {"vi": composed}
    view = build_matrix(project, revise(project), MatrixOptions(languages=("vi",)))
    assert composed in [value for _, value in view.title]


@pytest.mark.parametrize("old, new, lang, changed", [
    ("ชุมชนปกป้องป่าไม้และแม่น้ำ", "ชุมชนปกป้องป่าไม่และแม่น้ำ", "th", ("ไม้", "ไม่")),  # a tone mark: the whole word
    ("Local officials protect", "LOCAL officials protect", "en", ("Local", "LOCAL")),
    ("the draft.", "the drafts.", None, ("draft", "drafts")),
    ("提升洪旱灾害防御能力", "提升洪涝灾害防御能力", "zh", ("旱", "涝")),
    ("same", "same", "en", ("", "")),
    ("", "added", "en", ("", "added")),
])
def test_common_ends_are_whole_words_never_inside_a_character(old, new, lang, changed):
    from commentmatrix.model.segmentation import common_ends

    start, end = common_ends(old, new, lang)
    assert (old[start:len(old) - end], new[start:len(new) - end]) == changed
    for text in (old, new):
        assert is_grapheme_boundary(text, start) and is_grapheme_boundary(text, len(text) - end)
