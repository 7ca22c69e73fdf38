"""Differences a reader cannot see: why old text copied from an email or a PDF is not found.

`invisible_difference(old, text)` looks for `old` in `text` once characters that look alike are
taken as equal, and names the first difference in plain words with its code points: zero-width
characters and soft hyphens, full-width and half-width forms (`，` and `,`, `（` and `(`, `１`
and `1`), non-breaking and other spaces, dashes and quotation marks, Vietnamese tone marks on
another vowel (`thủy` and `thuỷ`, `hòa` and `hoà`), and a character composed in one piece or as a
letter with combining marks (NFC and NFD).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from commentmatrix.model.segmentation import is_grapheme_boundary, script_of_char

_ZERO_WIDTH = {"\u200b": "a zero-width space", "\u200c": "a zero-width non-joiner", "\u200d": "a zero-width joiner",
               "\ufeff": "a zero-width no-break space (byte order mark)", "\u2060": "a word joiner",
               "\u00ad": "a soft hyphen"}
_SPACES = {" ": "a space", "\u00a0": "a non-breaking space", "\u202f": "a narrow non-breaking space",
           "\u2007": "a figure space", "\u2009": "a thin space", "\u200a": "a hair space", "\u2002": "an en space",
           "\u2003": "an em space", "\u3000": "a full-width space", "\t": "a tab"}
_DASHES = {"-": "a hyphen", "\u2010": "a Unicode hyphen", "\u2011": "a non-breaking hyphen", "\u2012": "a figure dash",
           "\u2013": "an en dash", "\u2014": "an em dash", "\u2015": "a horizontal bar", "\u2212": "a minus sign",
           "\ufe63": "a small hyphen-minus", "\uff0d": "a full-width hyphen-minus"}
_QUOTES = {"'": "a straight apostrophe", "\u2018": "a left single quotation mark", "\u2019": "a right single quotation mark",
           "\u201a": "a low single quotation mark", "\u2032": "a prime", "\uff07": "a full-width apostrophe",
           '"': "a straight double quotation mark", "\u201c": "a left double quotation mark",
           "\u201d": "a right double quotation mark", "\u201e": "a low double quotation mark",
           "\u2033": "a double prime", "\uff02": "a full-width quotation mark"}
# Control characters by the names people may know them by (Unicode gives C0 and C1 no names).
CONTROL_NAMES = {0: "NUL", 7: "BELL", 8: "BACKSPACE", 0x0B: "VERTICAL TAB", 0x0C: "FORM FEED", 0x1B: "ESCAPE",
                 0x7F: "DELETE", 0x85: "NEXT LINE", 0x90: "DEVICE CONTROL STRING", 0x9B: "CONTROL SEQUENCE INTRODUCER",
                 0x9C: "STRING TERMINATOR", 0x9D: "OPERATING SYSTEM COMMAND", 0xFFFE: "not a character",
                 0xFFFF: "not a character"}
_NAMES = {**_ZERO_WIDTH, **_SPACES, **_DASHES, **_QUOTES}
# Characters that show no ink: named by code point only, never quoted.
_BLANK = set(_ZERO_WIDTH) | set(_SPACES)
# Vietnamese tone marks (grave, acute, tilde, hook above, dot below), as combining characters.
_TONES = "\u0300\u0301\u0303\u0309\u0323"


@dataclass(frozen=True)
class _Unit:
    """One piece of a text as a reader sees it: a character with its combining marks, or a
    Vietnamese syllable; `folded` is what it looks like (empty for what shows nothing)."""

    start: int
    end: int
    folded: str
    syllable: bool = False


def _fold_char(char: str) -> str:
    if char in _ZERO_WIDTH:
        return ""
    if char in _SPACES:
        return " "
    if char in _DASHES:
        return "-"
    if char in _QUOTES:
        return '"' if char in '"\u201c\u201d\u201e\u2033\uff02' else "'"
    if "\uff01" <= char <= "\uff5e":  # full-width ASCII forms
        return chr(ord(char) - 0xFEE0)
    return char


def _tone_folded(syllable: str) -> str:
    """A Vietnamese syllable with its tone mark moved to its end: `thủy` and `thuỷ` fold alike."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = "".join(sorted(c for c in decomposed if c in _TONES))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES)) + tones


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    index = 0
    while index < len(text):
        end = index + 1
        while end < len(text) and unicodedata.category(text[end]).startswith("M"):
            end += 1
        if script_of_char(text[index]) == "Latin":
            # A run of Latin letters with a tone mark in it is one syllable.
            while end < len(text) and (script_of_char(text[end]) == "Latin" or unicodedata.category(text[end]).startswith("M")):
                end += 1
            word = text[index:end]
            if any(c in _TONES for c in unicodedata.normalize("NFD", word)):
                units.append(_Unit(index, end, _tone_folded(word), syllable=True))
                index = end
                continue
            end = index + 1
            while end < len(text) and unicodedata.category(text[end]).startswith("M"):
                end += 1
        piece = text[index:end]
        folded = unicodedata.normalize("NFC", piece)
        units.append(_Unit(index, end, _fold_char(folded) if len(folded) == 1 else folded))
        index = end
    return units


def invisible_difference(old: str, text: str) -> str | None:
    """What keeps `old` from being found in `text` when it looks the same, in plain words, e.g.
    "the draft has a non-breaking space (U+00A0) where the old text has a space, after
    'Lancang-Mekong'"; None when `old` is not there even so, or is there exactly."""
    if not old or old in text:
        return None
    old_units, text_units = _units(old), _units(text)
    old_folded = "".join(u.folded for u in old_units)
    text_folded = "".join(u.folded for u in text_units)
    found = text_folded.find(old_folded) if old_folded else -1
    if found < 0:
        return None
    # The draft's units the match covers (those that fold to nothing included when inside).
    owner: list[int] = [number for number, unit in enumerate(text_units) for _ in unit.folded]
    first, last = owner[found], owner[found + len(old_folded) - 1]
    differences = _differences(old, old_units, text, text_units[first:last + 1])
    if not differences:
        return None
    more = len(differences) - 1
    return differences[0] + (f" (and {more} more such difference{'s' if more != 1 else ''})" if more else "")


def _differences(old: str, old_units: list[_Unit], text: str, text_units: list[_Unit]) -> list[str]:
    found: list[str] = []
    i = j = 0
    while i < len(old_units) or j < len(text_units):
        mine = old_units[i] if i < len(old_units) else None
        theirs = text_units[j] if j < len(text_units) else None
        if mine is not None and not mine.folded:
            found.append(f"the old text has {_describe(old[mine.start:mine.end])} that the draft does not have, "
                         + _context(old, mine.start))
            i += 1
            continue
        if theirs is not None and not theirs.folded:
            found.append(f"the draft has {_describe(text[theirs.start:theirs.end])} that the old text does not have, "
                         + _context(old, mine.start if mine else len(old)))
            j += 1
            continue
        if mine is None or theirs is None:
            break
        a, b = old[mine.start:mine.end], text[theirs.start:theirs.end]
        if a != b:
            found.append(_contrast(a, b, mine, theirs) + ", " + _context(old, mine.start))
        i += 1
        j += 1
    return found


def _contrast(mine: str, theirs: str, my_unit: _Unit, their_unit: _Unit) -> str:
    if unicodedata.normalize("NFC", mine) == unicodedata.normalize("NFC", theirs):
        def form(value: str) -> str:
            if unicodedata.is_normalized("NFC", value):
                return "in composed characters (NFC)"
            return "as letters and combining marks (NFD: " + " ".join(f"U+{ord(c):04X}" for c in value) + ")"
        return f"the draft writes '{theirs}' {form(theirs)} where the old text writes it {form(mine)}"
    if my_unit.syllable and their_unit.syllable and my_unit.folded == their_unit.folded:
        return (f"the draft writes '{theirs}' with the tone mark on '{_toned(theirs)}' "
                f"where the old text writes '{mine}' with it on '{_toned(mine)}'")
    return f"the draft has {_describe(theirs)} where the old text has {_describe(mine)}"


def _toned(syllable: str) -> str:
    """The vowel of a Vietnamese syllable that carries its tone mark."""
    decomposed = unicodedata.normalize("NFD", syllable)
    for index, char in enumerate(decomposed):
        if char in _TONES:
            start = index
            while start > 0 and unicodedata.category(decomposed[start]).startswith("M"):
                start -= 1
            base = "".join(c for c in decomposed[start:index] if c not in _TONES)
            return unicodedata.normalize("NFC", base)
    return syllable


def _describe(piece: str) -> str:
    """`a non-breaking space (U+00A0)`, `a full-width comma '，' (U+FF0C)`, `a comma ','`."""
    if len(piece) != 1:
        return f"'{piece}'"
    code = f" (U+{ord(piece):04X})" if not piece.isascii() else ""
    if piece in _NAMES:
        shown = "" if piece in _BLANK else f" '{piece}'"
        return _NAMES[piece] + shown + code
    if "\uff01" <= piece <= "\uff5e":
        return f"a full-width {unicodedata.name(chr(ord(piece) - 0xFEE0)).lower()} '{piece}'{code}"
    name = unicodedata.name(piece, "character").lower()
    article = "an" if name[0] in "aeiou" else "a"
    return f"{article} {name} '{piece}'{code}"


def _context(old: str, index: int) -> str:
    """Where in the old text: after the word before it."""
    before = old[:index].rstrip().split()
    if before:
        return f"after '{_tail(before[-1])}'"
    return "at the start of the old text"


def _tail(word: str, width: int = 16) -> str:
    # Text written without spaces (Thai, Chinese) has no last word to quote: its last characters,
    # whole (never a tone mark without its letter).
    if len(word) <= width:
        return word
    start = len(word) - width + 1
    while start < len(word) and not is_grapheme_boundary(word, start):
        start += 1
    return "…" + word[start:]
