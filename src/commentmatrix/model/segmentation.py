"""Where text may be cut: grapheme clusters and words, for every script cm's users write.

One module answers for matching (a `replace` matches only on grapheme boundaries), word diffs,
the widening of imported tracked changes to whole words, truncation and where lines may break. Thai, Lao,
Khmer, Burmese and Chinese put no spaces between words, and their vowel signs and tone marks
are separate code points: cutting between code points puts marks on the wrong letters
(`เจ้าหน้าที` is a prefix of `เจ้าหน้าที่` as a string, not as text). ICU's break iterators
(dictionary-based for those scripts) decide; `icu4py` ships them with ICU inside, and this is
the only module that imports it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache

# The scripts whose words ICU finds by dictionary, with the language to ask for them in.
_DICTIONARY_SCRIPTS = {"Thai": "th", "Lao": "lo", "Khmer": "km", "Myanmar": "my", "Han": "zh"}
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0E00, 0x0E7F, "Thai"), (0x0E80, 0x0EFF, "Lao"), (0x1780, 0x17FF, "Khmer"), (0x19E0, 0x19FF, "Khmer"),
    (0x1000, 0x109F, "Myanmar"), (0x3400, 0x4DBF, "Han"), (0x4E00, 0x9FFF, "Han"), (0xF900, 0xFAFF, "Han"),
    (0x20000, 0x2FA1F, "Han"), (0x3040, 0x30FF, "Kana"), (0xAC00, 0xD7AF, "Hangul"),
    (0x0400, 0x04FF, "Cyrillic"), (0x0600, 0x06FF, "Arabic"), (0x0900, 0x097F, "Devanagari"),
)


def script_of_char(char: str) -> str | None:
    """The script of one character: "Latin", "Thai", "Lao", "Khmer", "Han"...; None for marks,
    digits, punctuation and spaces, which take the script of the text around them."""
    code = ord(char)
    if code < 0x80:
        return "Latin" if char.isalpha() else None
    for low, high, name in _SCRIPT_RANGES:
        if low <= code <= high:
            return name if not unicodedata.category(char).startswith(("M", "N", "P", "Z")) else None
    if unicodedata.category(char).startswith("L"):
        return "Latin" if code < 0x0250 or 0x1E00 <= code <= 0x1EFF else "Other"
    return None


def script_of(text: str) -> str | None:
    """The script most of a text's letters are written in, or None when it has no letters."""
    if text.isascii():
        return "Latin" if any(char.isalpha() for char in text) else None
    # Each distinct character's script is found once (a long Chinese line repeats its
    # characters); the counts keep the order of first appearance, which decides a tie.
    counts: dict[str, int] = {}
    for char, times in Counter(text).items():
        name = _script_of_char(char)
        if name is not None:
            counts[name] = counts.get(name, 0) + times
    return max(counts, key=lambda name: counts[name]) if counts else None


_script_of_char = lru_cache(maxsize=1 << 14)(script_of_char)


def language_for_breaking(text: str, lang: str | None = None) -> str:
    """The ICU locale to break `text` in: the text's own language when given, else the one its
    script implies (Thai text untagged is still broken as Thai)."""
    if lang:
        return lang
    return _DICTIONARY_SCRIPTS.get(script_of(text) or "", "en")


def _spans(kind: str, text: str, locale: str) -> list[tuple[int, int]]:
    """The segments of ICU's `kind` ("character", "word" or "line") breaker as Python string offsets.
    ICU counts UTF-16 code units, so past a character outside the Basic Multilingual Plane (an
    emoji, a rare Han character) its offsets run ahead of Python's: they are mapped back."""
    # Imported on first use: most runs (ASCII text, nothing cut) never need ICU, and every
    # command would otherwise pay for loading it at start-up.
    from icu4py.breakers import CharacterBreaker, LineBreaker, WordBreaker

    breaker = {"character": CharacterBreaker, "word": WordBreaker, "line": LineBreaker}[kind]
    found = list(breaker(text, locale).segments())
    if text.isascii() or not _OUTSIDE_BMP.search(text):
        return found
    index_of: dict[int, int] = {}
    units = 0
    for index, char in enumerate(text):
        index_of[units] = index
        units += 2 if ord(char) > 0xFFFF else 1
    index_of[units] = len(text)
    return [(index_of[start], index_of[end]) for start, end in found]


_OUTSIDE_BMP = re.compile("[\U00010000-\U0010ffff]")


# Sized past a large draft's texts (3,000 paragraphs in two languages, and their revisions):
# a smaller cache let each pass over the draft evict what the next one asked for.
@lru_cache(maxsize=1 << 14)
def _grapheme_bounds(text: str) -> frozenset[int]:
    return frozenset(start for start, _ in _spans("character", text, "en")) | {len(text)}


def _surely_a_boundary(text: str, index: int) -> bool:
    # Between two ASCII characters (other than CR LF) there is always a boundary: the common case
    # needs no break iterator.
    before, after = text[index - 1], text[index]
    return before < "\x80" and after < "\x80" and not (before == "\r" and after == "\n")


def is_grapheme_boundary(text: str, index: int) -> bool:
    """Whether `index` falls between two user-perceived characters of `text` (never inside a
    cluster such as `ที่`, `ន៍` or an emoji with its modifiers)."""
    if index <= 0 or index >= len(text):
        return index in (0, len(text))
    return _surely_a_boundary(text, index) or index in _grapheme_bounds(text)


def graphemes(text: str) -> list[str]:
    """The user-perceived characters of `text`, in order."""
    return [text[start:end] for start, end in _spans("character", text, "en")]


def cut_cluster(text: str, index: int) -> str:
    """The grapheme cluster of `text` that `index` falls inside (for a message), or ''."""
    if is_grapheme_boundary(text, index):
        return ""
    start = max(b for b in _grapheme_bounds(text) if b < index)
    end = min(b for b in _grapheme_bounds(text) if b > index)
    return text[start:end]


def words(text: str, lang: str | None = None) -> list[str]:
    """`text` cut into words, spaces and punctuation, in the text's language (or the one its
    script implies): `เจ้า|หน้าที่|รัฐ`, `提升|洪|旱|灾害`, `Bảo| |vệ`. Joined, they give `text` back."""
    return [text[start:end] for start, end in word_spans(text, lang)]


def word_spans(text: str, lang: str | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of every word, space and punctuation run of `text`, in order."""
    if not text:
        return iter(())
    return iter(_spans("word", text, language_for_breaking(text, lang)))


def line_breaks(text: str) -> list[int]:
    """Every offset of `text` where a line may break, as the programs that show a spreadsheet or
    a document wrap it (UAX #14, through ICU's line breaker), the end of the text included:
    after spaces (a piece keeps the spaces that end it) and hyphens; between almost any two
    Chinese or Japanese characters (never before closing punctuation such as `，。、）」` or small
    kana, never after opening punctuation such as `（「`); between the dictionary words of Thai,
    Lao, Khmer and Burmese."""
    if not text:
        return []
    # The default (strict) rules for every language: Japanese's own rules would break before
    # small kana, which LibreOffice's line rules (its i18npool line.txt) keep with the character
    # before; no other language changes a line break.
    return [end for _, end in _spans("line", text, "en")]


def line_breaks_each(texts: Sequence[str]) -> list[list[int]]:
    """`line_breaks` of each text, found by one line breaker: making ICU's breaker costs more than
    breaking a line with it. The texts are broken joined by line feeds: a line feed always ends a
    line and is never broken before, and every rule after it starts again as at the start of a
    text (UAX #14 treats a hard break as the start and end of a text: LB9, LB15a, LB15b, LB19a),
    so no text's breaks depend on its neighbours (tests/test_line_count.py checks it)."""
    ends = [end for _, end in _spans("line", "\n".join(texts), "en")] if texts else []
    found: list[list[int]] = []
    start = 0
    for text in texts:
        stop = start + len(text)
        # The breaks strictly inside the text, then its end (a text ending in a carriage return
        # does not break before the line feed that follows it, so that end is not among them).
        first, past = bisect_right(ends, start), bisect_left(ends, stop)
        found.append([end - start for end in ends[first:past]] + [len(text)] if text else [])
        start = stop + 1
    return found


def common_ends(a: str, b: str, lang: str | None = None) -> tuple[int, int]:
    """How many characters two texts share at their start, and of the rest at their end, in whole
    words of `lang` (model/segmentation's words, so never inside a grapheme cluster): what differs
    is `a[start:len(a) - end]` against `b[start:len(b) - end]`. Cut by characters, a changed first
    word showed as `L[-ocal-]{+OCAL+}` and a Thai tone mark changed (`ไม้` -> `ไม่`) as the mark
    alone, set on the bracket."""
    before, after = words(a, lang), words(b, lang)
    shorter = min(len(before), len(after))
    same = 0
    while same < shorter and before[same] == after[same]:
        same += 1
    tail = 0
    while tail < shorter - same and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return sum(map(len, before[:same])), sum(map(len, before[len(before) - tail:]))


def word_bounds(text: str, lang: str | None = None) -> frozenset[int]:
    """Every offset of `text` where a word starts or ends (0 and len(text) included)."""
    found = {0, len(text)}
    for start, end in word_spans(text, lang):
        found.update((start, end))
    return frozenset(found)


def shorten(text: str, length: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `length` characters (the ellipsis included) at a grapheme boundary,
    so no vowel sign or tone mark is separated from its letter."""
    if len(text) <= length:
        return text
    end = max(length - len(ellipsis), 1)
    while end > 0 and not is_grapheme_boundary(text, end):
        end -= 1
    return text[:end].rstrip() + ellipsis


def shorten_start(text: str, length: int, ellipsis: str = "…") -> str:
    """The end of `text`, at most `length` characters with the ellipsis in front, starting at a
    grapheme boundary (context before a change, shown from its end)."""
    if len(text) <= length:
        return text
    start = len(text) - max(length - len(ellipsis), 1)
    while start < len(text) and not is_grapheme_boundary(text, start):
        start += 1
    return ellipsis + text[start:].lstrip()


#: The letters of each script of _SCRIPT_RANGES, as runs of code points (low, high): the characters
#: script_of_char names that script, its marks, digits and punctuation left out. Precomputed from
#: unicodedata (tests/test_segmentation_scripts.py checks it against script_of_char, code point by
#: code point), so finding a text's scripts needs no look-up per character.
SCRIPT_LETTERS: dict[str, tuple[tuple[int, int], ...]] = {
    "Thai": ((0x0E00, 0x0E30), (0x0E32, 0x0E33), (0x0E3B, 0x0E46), (0x0E5C, 0x0E7F)),
    "Lao": ((0x0E80, 0x0EB0), (0x0EB2, 0x0EB3), (0x0EBD, 0x0EC7), (0x0ECE, 0x0ECF), (0x0EDA, 0x0EFF)),
    "Khmer": ((0x1780, 0x17B3), (0x17D7, 0x17D7), (0x17DB, 0x17DC), (0x17DE, 0x17DF), (0x17EA, 0x17EF), (0x17FA, 0x17FF),
              (0x19E0, 0x19FF)),
    "Myanmar": ((0x1000, 0x102A), (0x103F, 0x103F), (0x1050, 0x1055), (0x105A, 0x105D), (0x1061, 0x1061), (0x1065, 0x1066),
                (0x106E, 0x1070), (0x1075, 0x1081), (0x108E, 0x108E), (0x109E, 0x109F)),
    "Han": ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F)),
    "Kana": ((0x3040, 0x3098), (0x309B, 0x309F), (0x30A1, 0x30FA), (0x30FC, 0x30FF)),
    "Hangul": ((0xAC00, 0xD7AF),),
    "Cyrillic": ((0x0400, 0x0482), (0x048A, 0x04FF)),
    "Arabic": ((0x0600, 0x0608), (0x060B, 0x060B), (0x060E, 0x060F), (0x061C, 0x061C), (0x0620, 0x064A), (0x066E, 0x066F),
               (0x0671, 0x06D3), (0x06D5, 0x06D5), (0x06DD, 0x06DE), (0x06E5, 0x06E6), (0x06E9, 0x06E9), (0x06EE, 0x06EF),
               (0x06FA, 0x06FF)),
    "Devanagari": ((0x0904, 0x0939), (0x093D, 0x093D), (0x0950, 0x0950), (0x0958, 0x0961), (0x0971, 0x097F)),
}


def _letter_class(script: str) -> str:
    return "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in SCRIPT_LETTERS[script])


@lru_cache(maxsize=64)
def _letters(scripts: tuple[str, ...]) -> re.Pattern[str]:
    """A letter of any of `scripts`: one character class, which re tests per character in C (an
    alternation of a group per script tried each group at each position, 15x slower on a text
    holding none of them, the common case)."""
    return re.compile("[" + "".join(_letter_class(script) for script in scripts) + "]")


#: The scripts written without spaces between words: only a dictionary tells their words apart.
UNSPACED_SCRIPTS = ("Thai", "Lao", "Khmer", "Myanmar")
#: A letter of one of them.
UNSPACED_LETTER = _letters(UNSPACED_SCRIPTS)


@lru_cache(maxsize=64)
def _named(scripts: tuple[str, ...]) -> re.Pattern[str]:
    """A letter of any of `scripts` in a group named after its script: matched at one position only."""
    return re.compile("|".join(f"(?P<{script}>[{_letter_class(script)}])" for script in scripts))


@lru_cache(maxsize=256)
def _others(among: tuple[str, ...], script: str) -> re.Pattern[str] | None:
    rest = tuple(other for other in among if other != script)
    return _letters(rest) if rest else None


def leading_script(text: str, among: tuple[str, ...]) -> str | None:
    """Of the scripts `among` (keys of SCRIPT_LETTERS), the one most of `text`'s letters are written
    in, the first to appear on a tie; None when it has none of their letters.

    The searches run in C: a text of one script (the common case) is never counted letter by letter."""
    first = _letters(among).search(text)
    if first is None:
        return None
    # The scripts' letters are disjoint: the first letter is of exactly one of them.
    named = _named(among).match(text, first.start())
    script = named.lastgroup or "" if named is not None else ""
    others = _others(among, script)
    if others is None or others.search(text, first.end()) is None:
        return script
    found = [(name, match.start()) for name in among if (match := _letters((name,)).search(text)) is not None]
    return min(found, key=lambda item: (-len(_letters((item[0],)).findall(text)), item[1]))[0]


# ---------------------------------------------------------------- the language a script tells

#: The script a language is written in, where it is not Latin (the names of SCRIPT_LETTERS).
SCRIPTS = {"zh": "Han", "ja": "Kana", "ko": "Hangul", "th": "Thai", "lo": "Lao", "km": "Khmer", "my": "Myanmar",
           "ru": "Cyrillic", "ar": "Arabic", "hi": "Devanagari", "ne": "Devanagari"}
#: Scripts a language writes besides its own: Japanese and Korean write Han characters too.
_ALSO_WRITTEN = {"ja": ("Han",), "ko": ("Han",)}
#: Languages written in Latin letters and no other script. A language in neither table may be
#: written in any script (Shan in Burmese letters, Cantonese in Han, Marathi in Devanagari).
_LATIN_ONLY = frozenset({"en", "fr", "es", "pt", "de", "it", "nl", "vi", "id", "tl", "fil", "tet"})


def script_of_language(code: str) -> str:
    """The script a language is written in: SCRIPTS's, else Latin."""
    return SCRIPTS.get(code.split("-")[0].lower(), "Latin")


def _may_write(code: str, script: str) -> bool:
    base = code.split("-")[0].lower()
    if base not in SCRIPTS and base not in _LATIN_ONLY:
        return True  # a script cm does not know it by: it may be this one
    return SCRIPTS.get(base) == script or script in _ALSO_WRITTEN.get(base, ())


_ALL_SCRIPTS = tuple(SCRIPT_LETTERS)
_LETTERS_RUN = re.compile(r"[^\W\d_]+")


def language_by_script(text: str, languages: Sequence[str]) -> tuple[str, str] | None:
    """(language, script) when `text`'s letters are all of one script other than Latin, digits,
    punctuation and capitalised Latin names (MRC, Mekong, Việt Nam) aside, and exactly one of
    `languages` is written in that script; else None: Latin (en, fr and vi share it), a text
    mixing scripts (Japanese's kanji and kana), or a script two of them write (zh-CN and zh-TW;
    zh and ja), or one a language cm does not know the script of may write."""
    text = unicodedata.normalize("NFC", text)  # a Vietnamese name typed decomposed is one word
    script = leading_script(text, _ALL_SCRIPTS)
    if script is None:
        return None
    own = _letters((script,))
    count = len(own.findall(text))
    rest = own.sub(" ", text)
    latin = 0
    for word in _LETTERS_RUN.findall(rest):
        if not word[0].isupper() or any(script_of_char(char) != "Latin" for char in word):
            return None
        latin += len(word)
    if latin >= count:
        return None  # mostly Latin words, capitalised or not: no name in a text of that script
    writers = [code for code in languages if _may_write(code, script)]
    if len(writers) != 1 or script_of_language(writers[0]) != script:
        return None
    return writers[0], script

