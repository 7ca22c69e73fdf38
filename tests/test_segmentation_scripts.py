"""segmentation.SCRIPT_LETTERS and leading_script: the precomputed letters of each script agree
with script_of_char code point by code point, and the leading script is the one most letters
are in (the first to appear on a tie), as counting character by character would decide."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from commentmatrix.model.segmentation import SCRIPT_LETTERS, leading_script, script_of_char


def _counted(text: str, among: tuple[str, ...]) -> str | None:
    counts: Counter[str] = Counter()
    for char in text:
        script = script_of_char(char)
        if script in among:
            counts[script] += 1
    return counts.most_common(1)[0][0] if counts else None


@pytest.mark.parametrize("script", sorted(SCRIPT_LETTERS))
def test_letters_are_what_script_of_char_names(script):
    letters = {code for low, high in SCRIPT_LETTERS[script] for code in range(low, high + 1)}
    named = {code for code in range(0x250, 0x30000) if not 0xD800 <= code <= 0xDFFF and script_of_char(chr(code)) == script}
    assert letters == named, "regenerate SCRIPT_LETTERS from _SCRIPT_RANGES and unicodedata"


def test_no_letter_is_of_two_scripts():
    # leading_script names the script of the first letter found by the one that letter's class matches.
    seen: dict[int, str] = {}
    for script, ranges in SCRIPT_LETTERS.items():
        for low, high in ranges:
            for code in range(low, high + 1):
                assert seen.setdefault(code, script) == script, f"U+{code:04X} is in {seen[code]} and {script}"


@pytest.mark.parametrize(("text", "among", "expected"), [
    ("plain English", ("Thai", "Lao"), None),
    ("ไทย ๑๒๓", ("Thai", "Lao"), "Thai"),
    ("่้", ("Thai", "Lao"), None),  # tone marks alone are no Thai letters
    ("ສະບາຍ ไทย", ("Thai", "Lao"), "Lao"),  # more Lao letters
    ("ไท ສະ", ("Thai", "Lao"), "Thai"),  # a tie: the first to appear
    ("ສະ ไท", ("Thai", "Lao"), "Lao"),
    ("日本のかな", ("Han", "Kana", "Hangul"), "Kana"),  # three Kana to two Han
    ("한국 日本", ("Han", "Kana", "Hangul"), "Hangul"),  # a tie: the first to appear
    ("abc 𠀀𠀁 가", ("Han", "Kana", "Hangul"), "Han"),  # astral Han letters count
])
def test_leading_script(text, among, expected):
    assert leading_script(text, among) == expected


def test_leading_script_agrees_with_counting():
    pool = "abcé ไทย่้๑ ສະບາຍ່ សួស្តី មង်္ဂလာ 你好，。 カタかな 한국 Привет"
    chance = random.Random(19)
    for _ in range(5000):
        text = "".join(chance.choice(pool) for _ in range(chance.randint(0, 10)))
        for among in (("Thai", "Lao", "Khmer", "Myanmar"), ("Han", "Kana", "Hangul")):
            assert leading_script(text, among) == _counted(text, among)


@pytest.mark.parametrize(("text", "languages", "expected"), [
    ("ควรระบุหน่วยงาน เช่น MRC และ ASEAN", ["en", "th"], ("th", "Thai")),
    ("ควรเพิ่ม Vie\u0323\u0302t Nam ด้วย", ["en", "th", "vi"], ("th", "Thai")),  # a name typed decomposed
    ("ข้อ ๕.๓: ดี!", ["th", "en"], ("th", "Thai")),  # Thai digits are no letters
    ("ควรเพิ่ม please ด้วย", ["en", "th"], None),  # a lower-case Latin word: English in it
    ("Please See The Annex ไทย", ["en", "th"], None),  # more Latin than Thai
    ("ѕΡΡ ລາວ", ["lo", "en"], None),  # a Cyrillic and a Greek letter
    ("说明", ["en", "zh-TW"], ("zh-TW", "Han")),
    ("说明", ["en", "zh", "ko"], None),
    ("ລາວ", ["th", "en"], None),  # no language of the project writes it
    ("English only", ["en", "th"], None),
])
def test_language_by_script(text, languages, expected):
    from commentmatrix.model.segmentation import language_by_script

    assert language_by_script(text, languages) == expected
