"""How wide text is where it is shown in a fixed-width grid (a terminal, a spreadsheet column),
and where its lines break.

A wide East Asian character (Han, Kana, Hangul, full-width forms) takes two columns; a combining
mark (the Thai, Lao and Khmer vowel signs and tone marks above and below a consonant, Vietnamese
accents typed apart) and a format character take none. Lines break after spaces and between two
words of a script written without spaces (Thai, Lao, Khmer, Burmese, Chinese, as ICU finds its
words), never inside a character; a word wider than the line is broken between its graphemes.

The terminal measures with rich's own `cell_len` (so its breaks agree with rich's layout) and
passes it in; everything else measures with `cell_width`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate

from commentmatrix.model.segmentation import graphemes, script_of, word_spans

Measure = Callable[[str], int]


def char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Columns `text` takes on one line."""
    if text.isascii():
        return len(text)
    return _wide_width(text)


# A matrix of 10,000 comments measures millions of words, most of them many times over: each
# distinct word is measured, and its script found, once.
@lru_cache(maxsize=1 << 16)
def _wide_width(text: str) -> int:
    return sum(map(_char_width, text))


_char_width = lru_cache(maxsize=1 << 14)(char_width)


def break_offsets(text: str, width: int, measure: Measure = cell_width) -> list[int]:
    """Where to break `text` into lines of at most `width` columns: after spaces, between two
    words of a script written without spaces, never before punctuation; inside a word only when
    the word alone is wider, and never inside a character."""
    # Both measures are sums over the characters: a text no wider than the line has no break.
    if measure(text) <= width:
        return []
    starts, sizes, spaces = _pieces(text, width, measure)
    # A line starting at piece `first` takes every piece up to the first one that ends past the
    # line's width and is not a space (spaces at the end of a line are dropped by the one who
    # shows it); the first piece always, however wide. Found by bisection on the running widths,
    # so the work is per line, not per word.
    ends = list(accumulate(sizes))
    offsets: list[int] = []
    first, count = 0, len(starts)
    while True:
        past = bisect_right(ends, ends[first] - sizes[first] + width, first + 1)
        while past < count and spaces[past]:
            past += 1
        if past >= count:
            return offsets
        offsets.append(starts[past])
        first = past


def _pieces(text: str, width: int, measure: Measure) -> tuple[list[int], list[int], list[bool]]:
    """Where each run between line-break opportunities starts, its width, whether it is a space;
    a run wider than the line given as its graphemes instead."""
    runs = break_runs(text)
    texts = [text[start:end] for start, end in runs]
    sizes = list(map(len if measure is cell_width and text.isascii() else measure, texts))
    if max(sizes) > width:
        return _split_wide_runs(runs, texts, sizes, width, measure)
    return [start for start, _ in runs], sizes, list(map(str.isspace, texts))


def _split_wide_runs(runs: list[tuple[int, int]], texts: list[str], sizes: list[int], width: int,
                     measure: Measure) -> tuple[list[int], list[int], list[bool]]:
    starts: list[int] = []
    widths: list[int] = []
    spaces: list[bool] = []
    for (start, _), run, size in zip(runs, texts, sizes):
        pieces = [run] if size <= width else graphemes(run)
        for piece in pieces:
            starts.append(start)
            widths.append(size if len(pieces) == 1 else measure(piece))
            spaces.append(piece.isspace())
            start += len(piece)
    return starts, widths, spaces


def line_count(text: str, width: int, measure: Measure = cell_width) -> int:
    """Lines `text` takes in a column `width` wide: each of its own lines, wrapped."""
    if measure is cell_width:
        return _counted_lines(text, width)
    return _line_count(text, width, measure)


# A sheet of 100,000 comments repeats most of its cells (stakeholders, states, targets, decisions,
# the same note to many comments): each distinct text is wrapped once per width.
@lru_cache(maxsize=1 << 17)
def _counted_lines(text: str, width: int) -> int:
    return _line_count(text, width, cell_width)


def _line_count(text: str, width: int, measure: Measure) -> int:
    return sum(_lines(line, width, measure) for line in text.split("\n"))


def _lines(line: str, width: int, measure: Measure) -> int:
    return 1 + len(break_offsets(line, width, measure)) if line else 1


_UNSPACED = frozenset({"Thai", "Lao", "Khmer", "Myanmar", "Han", "Kana"})
_SPACE_RUNS = re.compile(r"\s+|\S+")
# Every character of the scripts in _UNSPACED (model/segmentation.py's ranges, marks and digits
# included): a line with none of them breaks at its spaces only.
_UNSPACED_CHARACTER = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u3040-\u30ff"
                                 "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_SPACE_BEFORE_NON_ASCII = re.compile(r"\s(?=[^\x00-\x7f])")


def break_runs(text: str) -> list[tuple[int, int]]:
    """The runs of `text` between its line-break opportunities: after spaces, and between two
    words of a script written without spaces (ICU's words); punctuation stays with its word."""
    if breaks_at_spaces_only(text):
        return [match.span() for match in _SPACE_RUNS.finditer(text)]
    return word_runs(text)


def breaks_at_spaces_only(text: str) -> bool:
    """Whether the word breaker's runs of `text` are its runs of spaces and of non-spaces: true
    of a text in no script written without spaces (English, Vietnamese, Korean, Russian...)
    unless a combining mark, format character or modifier follows a space (the breaker joins
    it to the space, and so the space to the word)."""
    if text.isascii():
        return True
    if _UNSPACED_CHARACTER.search(text):
        return False
    return not any(unicodedata.category(text[match.end()]) in _JOINED_TO_SPACE
                   for match in _SPACE_BEFORE_NON_ASCII.finditer(text))


# What the word breaker may join to a space before it (UAX #29 Extend, Format, ZWJ: the marks,
# and among modifiers the emoji skin tones and the half-width kana voicing marks), by category.
_JOINED_TO_SPACE = frozenset({"Mn", "Mc", "Me", "Cf", "Sk", "Lm"})


def word_runs(text: str) -> list[tuple[int, int]]:
    """break_runs as found through ICU's word breaker, for any text."""
    spans = list(word_spans(text))
    if not spans:
        return []
    kinds = list(map(_kind, [text[start:end] for start, end in spans]))
    # The words follow each other without a gap: a run starts at each word after a space, at
    # each space, and between two words of scripts written without spaces.
    starts = [spans[0][0]] + [start for (start, _), before, kind in zip(spans[1:], kinds, kinds[1:])
                              if before is _SPACE or kind is _SPACE or before is kind is _UNSPACED_WORD]
    return list(zip(starts, [*starts[1:], spans[-1][1]]))


_SPACE, _UNSPACED_WORD, _OTHER = "space", "unspaced", "other"


@lru_cache(maxsize=1 << 16)
def _kind(word: str) -> str:
    """Whether a word is a space, a word of a script written without spaces, or another."""
    if word.isspace():
        return _SPACE
    return _UNSPACED_WORD if script_of(word) in _UNSPACED else _OTHER
