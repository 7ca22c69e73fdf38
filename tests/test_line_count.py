"""The wrapped-line counts behind the XLSX row heights (model/display_width.py) against the
plain reading of the rule, on real strings: every line's pieces between ICU's line-break
opportunities, placed one by one. The fast paths (a line that fits, breaks found by bisection,
memoised counts) must give the same count at every width.

The oracle is the line breaker (UAX #14), not the word breaker: Excel and LibreOffice Calc wrap
a cell at line-break opportunities (LibreOffice through ICU's line BreakIterator), so Chinese
and Japanese break between almost any two characters (none before `，。）」`, none after `（「`)
and only Thai, Lao, Khmer and Burmese by dictionary words. Counting by the word breaker's
Chinese words made some rows taller than the sheet shows them.
"""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from commentmatrix.model import display_width
from commentmatrix.model.display_width import break_offsets, cell_width, line_count, most_lines
from commentmatrix.model.segmentation import graphemes, line_breaks, line_breaks_each

REPO = Path(__file__).resolve().parent.parent

# Lines of the reference texts (Vietnamese news of the ministry, a Chinese workshop report, the
# 2017 Lancang-Mekong matrix), and Thai, Lao, Khmer and Burmese comments of the kind the example's
# stakeholders write.
REFERENCE_LINES = [
    "(TN&;MT) - Hội nghị Bộ trưởng Môi trường ASEAN lần thứ 17 và các Hội nghị liên quan trong các ngày 23 đến "
    "24 tháng 8 năm 2023, tại Viên Chăn, CHDCND Lào đã diễn ra thành công tốt đẹp, thúc đẩy hợp tác khu vực.",
    "Mạng lưới đa dạng sinh học và dịch vụ hệ sinh thái (BES-Net) là nỗ lực hợp tác giữa UNDP, UNEP-WCMC và UNESCO.",
    "Thời gian qua, Bộ Tài nguyên và Môi trường đã chủ trì, phối hợp với các Bộ, ngành liên quan chủ động.",
    "在生态环境部和生物多样性公约秘书处等部门的大力支持下,继2021年和2022年COP15昆明和蒙特利尔大会论坛、2023年8月和"
    "2024年11月先后在北京举办生物多样性与OECM相关研讨会以来,2024年7月29日,永续全球环境研究所(GEI)再次携手公民生物多样性联盟机构。",
    "GEI成功举办“非国家主体推进昆蒙框架实施和OECMs探索”座谈会",
    "澜沧江-湄公河环境合作战略框架 Lancang-Mekong Environmental Cooperation Strategic Framework",
    "工作进展 Progress 2017年3月31日在北京召开澜沧江-湄公河环境合作战略编制研讨会",
    "ขอให้เพิ่มเนื้อหาเกี่ยวกับการมีส่วนร่วมของชุมชนท้องถิ่นในการจัดการทรัพยากรน้ำ (คุณสมชาย) ควรจัดทำแผนที่ลุ่มน้ำโขงฉบับใหม่ด้วย",
    "ปกป้องลุ่มน้ำเพื่อประชาชนทุกคน เจ้าหน้าที่รัฐควรเพิ่มหลักการแบ่งปันข้อมูลระหว่างประเทศสมาชิก",
    "ສົ່ງເສີມການຮ່ວມມືດ້ານສິ່ງແວດລ້ອມລະຫວ່າງປະເທດລຸ່ມແມ່ນ້ຳຂອງ ແລະ ການປົກປັກຮັກສາປ່າໄມ້",
    "ពង្រឹងកិច្ចសហប្រតិបត្តិការបរិស្ថាននៅតំបន់ទន្លេមេគង្គ និងការការពារព្រៃឈើ",
    "မဲခေါင်ဒေသ ပတ်ဝန်းကျင်ဆိုင်ရာ ပူးပေါင်းဆောင်ရွက်မှု",
    "建议增加“社区参与”的内容（第3.2段），并明确时间表。Please add community participation (para. 3.2).",
    "ขอบคุณ（泰国）。Cảm ơn — 감사합니다 한국어 문장도 공백으로 나뉩니다.",
    "e\u0301 \u0301x  \u200bzero\u200dwidth 👍🏽 ok ｶﾞｷﾞ ﾞx",
]
WIDTHS = (1, 2, 3, 5, 8, 9, 11, 13, 17, 21, 25, 29, 33, 39, 44, 49, 59)


def example_texts() -> list[str]:
    """Every string of the example's drafts and comments."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted([*(REPO / "drafts").glob("*.yaml"), *(REPO / "comments").glob("*.yaml")]):
        walk(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
    return found


def reference_count(text: str, width: int) -> int:
    """The rule read plainly: ICU's line-break pieces of each line placed one by one, a piece's
    closing spaces never the cause of a break; a break before a piece that does not fit, unless
    it is the first of its line. A piece wider than the line starts a line and is placed
    grapheme by grapheme (as LibreOffice and CSS cut a word only when it alone is wider than the
    line), a space among them never the cause of a break."""
    total = 0
    for line in text.split("\n"):
        total += 1
        used, empty = 0, True
        ends = line_breaks(line)
        for start, end in zip([0, *ends], ends):
            piece = line[start:end]
            shown = piece.rstrip()
            closing = cell_width(piece) - cell_width(shown)
            parts = [shown]
            if cell_width(shown) > width:
                parts = graphemes(shown)
                if not empty:
                    total, used, empty = total + 1, 0, True
            for part in parts:
                size = cell_width(part)
                if used + size <= width or empty or part.isspace():
                    used += size
                else:
                    total, used = total + 1, size
                empty = False
            used += closing
            empty = False
    return total


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    texts = example_texts() + REFERENCE_LINES
    # A matrix cell holds each language on its own line.
    texts += ["\n".join(pair) for pair in zip(texts[::2], texts[1::2])]
    assert any("\n" in text for text in texts) and any("\u6e44" in text for text in texts)
    return texts


def test_counts_equal_the_icu_reading_on_real_strings(corpus: list[str]):
    for text in corpus:
        for width in WIDTHS:
            assert line_count(text, width) == reference_count(text, width), (text, width)


def test_memoised_counts_do_not_depend_on_what_was_counted_before(corpus: list[str]):
    display_width._counted_lines.cache_clear()
    forward = {(text, width): line_count(text, width) for width in WIDTHS for text in corpus}
    display_width._counted_lines.cache_clear()
    backward = {(text, width): line_count(text, width) for text in reversed(corpus) for width in reversed(WIDTHS)}
    assert forward == backward


def test_chinese_breaks_between_characters_but_not_around_its_punctuation():
    # Every character of `提升洪旱灾害` a line of its own at two columns: no dictionary words.
    assert line_count("提升洪旱灾害", 2) == 6
    text = "建议增加“社区参与”的内容（第3.2段），并明确时间表。"
    for width in range(6, 30):
        for offset in break_offsets(text, width):
            assert text[offset] not in "，。、）」”" and text[offset - 1] not in "（「“", (width, offset)
    # Thai still breaks between its dictionary words only.
    assert line_count("เจ้าหน้าที่รัฐ", 8) == 2


FRAGMENTS = [fragment for line in REFERENCE_LINES for fragment in line.replace("，", " ， ").split(" ") if fragment]
JOINERS = [" ", "", "  ", "，", "。", "（", "）", "「", "」", ", ", " - ", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(JOINERS)), min_size=1, max_size=14),
       st.integers(min_value=1, max_value=80))
def test_counts_equal_the_icu_reading_on_mixed_texts(parts: list[tuple[str, str]], width: int):
    text = "".join(fragment + joiner for fragment, joiner in parts)
    assert line_count(text, width) == reference_count(text, width)


def test_long_mixed_cells_at_every_width():
    shuffle = random.Random(19)
    fragments = FRAGMENTS * 3
    for _ in range(20):
        shuffle.shuffle(fragments)
        text = " ".join(fragments[:40])
        for width in range(1, 81):
            assert line_count(text, width) == reference_count(text, width), (text, width)


# Characters of every line-break class the rules look around (spaces, quotes, brackets, hyphens,
# numbers, combining marks, joiners, a carriage return, Thai, kana, an emoji outside the BMP).
BREAK_ALPHABET = " \u00a0\u200b\u200d\u2060\r-–/.,:;!?%$'\"“”‘’«»()（）「」，。、ー々ぁァ0123456789abcXYZ" \
    "\u0301\u0e48ก่ข้ภาษาไทยກ຺ສ្ក提升洪旱👍🏽\u2028\t"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=BREAK_ALPHABET, max_size=12), max_size=8))
def test_texts_broken_together_break_as_each_alone(texts: list[str]):
    # The row heights break a row's lines joined by line feeds: no text's breaks may depend on
    # the texts around it.
    assert line_breaks_each(texts) == [line_breaks(text) for text in texts]


def test_a_row_counts_as_its_cells_counted_one_by_one(corpus: list[str]):
    cells = [(text, width) for text in corpus for width in (9, 21, 59)]
    display_width._counted_lines.cache_clear()
    assert most_lines(cells) == max(reference_count(text, width) for text, width in cells)
    display_width._counted_lines.cache_clear()
    assert display_width._counted_lines.each(cells) == [reference_count(text, width) for text, width in cells]
    # A memo too small for a row forgets what it knew and counts the row's texts again.
    small = display_width._LineCounts(4)
    rows = [cells[index:index + 3] for index in range(0, 30)]
    assert [small.each(row) for row in rows] == [[reference_count(*cell) for cell in row] for row in rows]


def test_plain_word_lines_break_after_their_spaces_only():
    # Every line of up to 8 characters from the classes the plain words are made of (a letter, a
    # digit, punctuation that is IS to UAX #14, a space): where the fast count reads the breaks
    # without a breaker, they are ICU's.
    alphabet = "a1. "
    for size in range(1, 9):
        for chars in itertools.product(alphabet, repeat=size):
            line = "".join(chars)
            if display_width._PLAIN_WORDS.fullmatch(line):
                starts = [match.end() for match in re.finditer(r" +(?=\S)", line)]
                assert line_breaks(line) == [*starts, len(line)], line


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"[a-zA-Z0-9.,;:]{1,14}(?: {1,3}[a-zA-Z0-9][a-zA-Z0-9.,;:]{0,14}){0,16} {0,3}", fullmatch=True),
       st.integers(min_value=1, max_value=40))
def test_plain_word_lines_count_as_the_icu_reading(line: str, width: int):
    assert display_width._PLAIN_WORDS.fullmatch(line)
    assert line_count(line, width) == reference_count(line, width)


HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


def test_han_ideographs_and_their_closing_marks_are_two_columns():
    assert {cell_width(chr(code)) for code in range(0x4E00, 0xA000)} | {cell_width(mark) for mark in "。，、！？"} == {2}


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=HAN, min_size=1, max_size=90), st.sampled_from(["", *"。，、！？"]),
       st.integers(min_value=1, max_value=80))
def test_han_lines_count_as_the_icu_reading(ideographs: str, mark: str, width: int):
    line = ideographs + mark
    closed = len(line) - 1 if mark else len(line)
    assert line_breaks(line) == [*range(1, closed), len(line)]
    assert line_count(line, width) == reference_count(line, width)
