"""How wide text is where it is shown in a fixed-width grid (a terminal, a spreadsheet column),
and where its lines break.

A wide East Asian character (Han, Kana, Hangul, full-width forms) takes two columns; a combining
mark (the Thai, Lao and Khmer vowel signs and tone marks above and below a consonant, Vietnamese
accents typed apart) and a format character take none. Lines break where the programs that show
the text break them (UAX #14 line breaking, model/segmentation.py): after spaces and hyphens,
between almost any two Chinese or Japanese characters, between the dictionary words of Thai,
Lao, Khmer and Burmese; never inside a character. A piece wider than the line is broken between
its graphemes.

The terminal measures with rich's own `cell_len` (so its breaks agree with rich's layout) and
passes it in; everything else measures with `cell_width`.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate

from commentmatrix.model.segmentation import graphemes, line_break_spans

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
    """Where to break `text` into lines of at most `width` columns: at its line-break
    opportunities (UAX #14); inside a piece between two of them only when the piece alone is
    wider, and never inside a character."""
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


def break_runs(text: str) -> list[tuple[int, int]]:
    """The runs of `text` between its line-break opportunities, each piece's closing spaces a
    run of their own (a line may end in spaces that do not fit: whoever shows it drops them)."""
    runs: list[tuple[int, int]] = []
    for start, end in line_break_spans(text):
        shown = start + len(text[start:end].rstrip())
        if shown > start:
            runs.append((start, shown))
        if shown < end:
            runs.append((shown, end))
    return runs
