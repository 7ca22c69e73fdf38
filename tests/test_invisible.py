"""Hints for replace-not-found when the difference cannot be seen (model/invisible.py and the
engine's hint): zero-width characters, full-width forms, spaces, dashes, quotes, Vietnamese tone
marks, composed and decomposed characters."""

from __future__ import annotations

import unicodedata

import pytest
from projects import SMALL, load, replaced

from commentmatrix.model.invisible import invisible_difference
from commentmatrix.rules import check_project


@pytest.mark.parametrize("old, text, named", [
    ("Lancang-Mekong cooperation", "the Lancang-Mekong\u00a0cooperation mechanism",
     "the draft has a non-breaking space (U+00A0) where the old text has a space, after 'Lancang-Mekong'"),
    ("提升洪旱灾害防御能力,加强", "提升洪旱灾害防御能力，加强合作",
     "the draft has a full-width comma '，' (U+FF0C) where the old text has a comma ',', after '提升洪旱灾害防御能力'"),
    ("见（2030）", "见(2030)",
     "the draft has a left parenthesis '(' where the old text has a full-width left parenthesis '（' (U+FF08), "
     "after '见' (and 1 more such difference)"),
    ("năm ２０３０", "năm 2030",
     "the draft has a digit two '2' where the old text has a full-width digit two '２' (U+FF12), after 'năm' "
     "(and 3 more such differences)"),
    ("Nhà máy thủy điện", "Nhà máy thuỷ điện Xayaburi",
     "the draft writes 'thuỷ' with the tone mark on 'y' where the old text writes 'thủy' with it on 'u', after 'máy'"),
    ("vì hòa bình", "vì hoà bình",
     "the draft writes 'hoà' with the tone mark on 'a' where the old text writes 'hòa' with it on 'o', after 'vì'"),
    ("Lancang-Mekong", "Lancang\u200b-Mekong",
     "the draft has a zero-width space (U+200B) that the old text does not have, after 'Lancang'"),
    ("Lan\u00adcang", "Lancang",
     "the old text has a soft hyphen (U+00AD) that the draft does not have, after 'Lan'"),
    ("\ufeffMekong", "Mekong",
     "the old text has a zero-width no-break space (byte order mark) (U+FEFF) that the draft does not have, "
     "at the start of the old text"),
    ("เจ้าหน้าที่\u200bรัฐ", "เจ้าหน้าที่รัฐ",
     "the old text has a zero-width space (U+200B) that the draft does not have, after 'เจ้าหน้าที่'"),
    ("Lancang–Mekong", "Lancang-Mekong",
     "the draft has a hyphen '-' where the old text has an en dash '–' (U+2013), after 'Lancang'"),
    ("the \u201criver\u201d", 'the "river"',
     "the draft has a straight double quotation mark '\"' where the old text has a left double quotation mark "
     "'\u201c' (U+201C), after 'the' (and 1 more such difference)"),
    ("Mekong\u2019s", "Mekong's",
     "the draft has a straight apostrophe ''' where the old text has a right single quotation mark '\u2019' (U+2019), "
     "after 'Mekong'"),
    (unicodedata.normalize("NFD", "Bảo vệ"), "Bảo vệ",
     "the draft writes 'Bảo' in composed characters (NFC) where the old text writes it as letters and combining "
     "marks (NFD: U+0042 U+0061 U+0309 U+006F), at the start of the old text (and 1 more such difference)"),
    ("ដាក់ឈ្មោះអន្លង់ជ្រៅ\u200c", "ដាក់ឈ្មោះអន្លង់ជ្រៅ",
     "the old text has a zero-width non-joiner (U+200C) that the draft does not have, after '…ឈ្មោះអន្លង់ជ្រៅ'"),
])
def test_the_invisible_difference_is_named_with_its_code_point_and_place(old, text, named):
    assert invisible_difference(old, text) == named


@pytest.mark.parametrize("old, text", [
    ("Mekong", "the Mekong river"),   # there exactly: nothing to name
    ("Mekong river", "Mekong basin"),  # a visible difference
    ("a  b", "a b"),                  # two spaces for one: not taken as alike
    ("", "anything"),
])
def test_nothing_is_named_when_the_text_is_there_or_differs_visibly(old, text):
    assert invisible_difference(old, text) is None


def found(files: dict[str, str]) -> list[tuple]:
    return [(d.path, d.line, d.rule, d.message, d.hint) for d in check_project(load(files))]


def test_a_non_breaking_space_in_the_draft_is_named_in_the_hint():
    files = replaced(SMALL, "drafts/mws-1.yaml", "en: The river feeds", "en: The Lancang-Mekong\u00a0river feeds")
    files = replaced(files, "comments/lao-pdr.yaml", "replace: sixty million", "replace: Lancang-Mekong river feeds sixty")
    files = replaced(files, "comments/lao-pdr.yaml", "with: seventy million", "with: Lancang-Mekong river feeds seventy")
    assert found(files) == [
        ("comments/lao-pdr.yaml", 8, "replace-not-found",
         "comment LAO-1: the old text 'Lancang-Mekong river feeds sixty' is not in paragraph 'background.1' (en)",
         "the draft has a non-breaking space (U+00A0) where the old text has a space, after 'Lancang-Mekong': "
         "copy the old text from the draft")]


def test_a_tone_mark_on_another_vowel_is_named_in_the_language_of_the_replace():
    files = replaced(SMALL, "comments/lao-pdr.yaml", "replace: sixty million", "replace: Dòng sông nuôi sống sáu mươi")
    files = replaced(files, "comments/lao-pdr.yaml", "lang: en", "lang: vi")
    files = replaced(files, "drafts/mws-1.yaml", "vi: Dòng sông nuôi", "vi: Dòng sông nuoi")  # no match at all: nothing named
    assert found(files)[0][4] == "copy the old text exactly as the draft has it"
    files = replaced(SMALL, "drafts/mws-1.yaml", "vi: Dòng sông nuôi sống", "vi: Dòng sông nuôi sống hoà")
    files = replaced(files, "comments/lao-pdr.yaml", "replace: sixty million", "replace: nuôi sống hòa")
    files = replaced(files, "comments/lao-pdr.yaml", "lang: en", "lang: vi")
    assert found(files) == [
        ("comments/lao-pdr.yaml", 8, "replace-not-found",
         "comment LAO-1: the old text 'nuôi sống hòa' is not in paragraph 'background.1' (vi)",
         "the draft writes 'hoà' with the tone mark on 'a' where the old text writes 'hòa' with it on 'o', "
         "after 'sống': copy the old text from the draft")]


def test_a_full_width_comma_in_chinese_old_text_is_named():
    files = replaced(SMALL, "drafts/mws-1.yaml", "zh: 这条河养活了六千万人。", "zh: 这条河，养活了六千万人。")
    files = replaced(files, "comments/lao-pdr.yaml", "replace: sixty million", "replace: '这条河,养活'")
    files = replaced(files, "comments/lao-pdr.yaml", "lang: en", "lang: zh")
    assert found(files)[0][4] == ("the draft has a full-width comma '，' (U+FF0C) where the old text has a comma ',', "
                                  "after '这条河': copy the old text from the draft")


def test_decomposed_old_text_cannot_reach_the_engine_it_is_normalised_first():
    decomposed = unicodedata.normalize("NFD", "Dòng sông")
    files = replaced(SMALL, "comments/lao-pdr.yaml", "replace: sixty million", f"replace: {decomposed}")
    files = replaced(files, "comments/lao-pdr.yaml", "lang: en", "lang: vi")
    assert found(files) == []
