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
from collections.abc import Callable, Iterator
from functools import lru_cache

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
    return sum(char_width(char) for char in text)


@lru_cache(maxsize=1 << 16)
def _script(word: str) -> str | None:
    return script_of(word)


def break_offsets(text: str, width: int, measure: Measure = cell_width) -> list[int]:
    """Where to break `text` into lines of at most `width` columns: after spaces, between two
    words of a script written without spaces, never before punctuation; inside a word only when
    the word alone is wider, and never inside a character."""
    offsets: list[int] = []
    start, used = 0, 0
    for piece_start, piece_end in _pieces(text, width, measure):
        piece = text[piece_start:piece_end]
        size = measure(piece)
        if used + size <= width or piece_start == start or piece.isspace():
            used += size  # spaces at the end of a line are dropped by the one who shows it
            continue
        offsets.append(piece_start)
        start, used = piece_start, size
    return offsets


def line_count(text: str, width: int, measure: Measure = cell_width) -> int:
    """Lines `text` takes in a column `width` wide: each of its own lines, wrapped."""
    return sum(_lines(line, width, measure) for line in text.split("\n"))


def _lines(line: str, width: int, measure: Measure) -> int:
    return 1 + len(break_offsets(line, width, measure)) if line else 1


_UNSPACED = frozenset({"Thai", "Lao", "Khmer", "Myanmar", "Han", "Kana"})
_ASCII_RUNS = re.compile(r"\s+|\S+")


def _pieces(text: str, width: int, measure: Measure) -> Iterator[tuple[int, int]]:
    """The runs of `text` between line-break opportunities, and the graphemes of a run wider
    than `width`."""
    runs: list[tuple[int, int]] = []
    if text.isascii():
        # Plain ASCII breaks only at spaces: the word breaker would find the same runs, slower.
        runs = [match.span() for match in _ASCII_RUNS.finditer(text)]
    previous = ""
    for start, end in (() if runs else word_spans(text)):
        word = text[start:end]
        opportunity = not runs or previous.isspace() or word.isspace() or (
            _script(previous) in _UNSPACED and _script(word) in _UNSPACED)
        if opportunity:
            runs.append((start, end))
        else:
            runs[-1] = (runs[-1][0], end)
        previous = word
    for start, end in runs:
        if measure(text[start:end]) <= width:
            yield start, end
            continue
        position = start
        for cluster in graphemes(text[start:end]):
            yield position, position + len(cluster)
            position += len(cluster)
