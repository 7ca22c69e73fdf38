"""Every script right at the terminal (issue 16): word diffs by the words of the language, the
tracked revised draft marking only changed words, output on consoles that are not UTF-8, and
terminal widths, wrapping and truncation at grapheme boundaries."""

from __future__ import annotations

import pytest
from projects import SMALL, load, replaced

from commentmatrix.engine import revise
from commentmatrix.revision import Segment
from commentmatrix.views.draft import build_draft_view
from commentmatrix.worddiff import refine_replacements, word_diff


def pieces(segments: list[Segment]) -> list[tuple[str, str]]:
    return [(s.op, s.text) for s in segments]


# ---------------------------------------------------------------- word diffs

@pytest.mark.parametrize("old, new, lang, expected", [
    # Thai: the changed word deleted whole and the new one inserted, never code points interleaved.
    ("เจ้าหน้าที่รัฐต้องรายงาน", "เจ้าหน้าที่รัฐต้องแจ้ง", "th",
     [("keep", "เจ้าหน้าที่รัฐต้อง"), ("delete", "รายงาน"), ("insert", "แจ้ง")]),
    ("ผลประโยชน์ร่วมกัน", "ผลประโยชน์ของทุกฝ่ายร่วมกัน", None,
     [("keep", "ผลประโยชน์"), ("insert", "ของทุกฝ่าย"), ("keep", "ร่วมกัน")]),
    # Lao and Khmer: ICU's dictionary words.
    ("ການເປີດກວ້າງ ສປປ ລາວ", "ການເປີດເຜີຍ ສປປ ລາວ", "lo",
     [("delete", "ການເປີດກວ້າງ"), ("insert", "ການເປີດເຜີຍ"), ("keep", " ສປປ ລາວ")]),
    ("ការបើកចំហ", "ការបើកទូលាយ", "km", [("keep", "ការ"), ("delete", "បើកចំហ"), ("insert", "បើកទូលាយ")]),
    # Chinese: ICU words, unknown words as single characters.
    ("提升洪旱灾害防御能力", "提升生态系统和洪旱灾害防御能力", "zh",
     [("keep", "提升"), ("insert", "生态系统和"), ("keep", "洪旱灾害防御能力")]),
    ("加强跨境水资源合作", "加强跨界水资源合作", "zh",
     [("keep", "加强跨"), ("delete", "境"), ("insert", "界"), ("keep", "水资源合作")]),
    # Latin and Vietnamese: words between spaces; a space between two changes belongs to them.
    ("feeds sixty million people", "feeds seventy thousand people", "en",
     [("keep", "feeds "), ("delete", "sixty million"), ("insert", "seventy thousand"), ("keep", " people")]),
    ("Bảo vệ môi trường", "Bảo vệ và phục hồi môi trường", "vi",
     [("keep", "Bảo vệ "), ("insert", "và phục hồi "), ("keep", "môi trường")]),
])
def test_word_diff_changes_whole_words_of_the_language(old, new, lang, expected):
    assert pieces(word_diff(old, new, lang)) == expected


def test_refined_replacement_keeps_the_quoted_context_and_credits_the_change():
    segments = [Segment("提升", "keep"), Segment("洪旱灾害防御能力", "delete", "LAO-1"),
                Segment("生态系统和洪旱灾害防御能力", "insert", "LAO-1"), Segment("。", "keep")]
    assert refine_replacements(segments, "zh") == [
        Segment("提升", "keep"), Segment("生态系统和", "insert", "LAO-1"), Segment("洪旱灾害防御能力", "keep"),
        Segment("。", "keep")]


def test_a_rewrite_keeping_less_than_half_stays_one_replacement():
    segments = [Segment("organize trainings for staff", "delete", "A-1"),
                Segment("enhance capacity building through staff programs", "insert", "A-1")]
    assert refine_replacements(segments, "en") == segments


def test_the_tracked_revised_draft_marks_only_the_words_that_changed():
    files = replaced(SMALL, "drafts/mws-1.yaml", "zh: 这条河养活了六千万人。", "zh: 提升洪旱灾害防御能力。")
    files = replaced(files, "comments/lao-pdr.yaml", "replace: sixty million", "replace: 提升洪旱灾害防御能力")
    files = replaced(files, "comments/lao-pdr.yaml", "with: seventy million", "with: 提升生态系统和洪旱灾害防御能力")
    files = replaced(files, "comments/lao-pdr.yaml", "lang: en", "lang: zh")
    project = load(files)
    view = build_draft_view(project, revise(project), ["zh"], tracked=True)
    block = next(b for b in view.blocks if b.id == "background.1")
    assert [(s.op, s.text, s.by) for s in block.versions[0].segments] == [
        ("keep", "提升", None), ("insert", "生态系统和", "LAO-1"), ("keep", "洪旱灾害防御能力", None), ("keep", "。", None)]
    assert list(view.attributions) == ["LAO-1", "WWF-2"]
    clean = build_draft_view(project, revise(project), ["zh"], tracked=False)
    assert next(b for b in clean.blocks if b.id == "background.1").versions[0].text == "提升生态系统和洪旱灾害防御能力。"
