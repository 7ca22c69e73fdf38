"""How wide text is where it is shown in a fixed-width grid (a terminal, a spreadsheet column),
and where its lines break.

A wide East Asian character (Han, Kana, Hangul, full-width forms) takes two columns; a combining
mark (the Thai, Lao and Khmer vowel signs and tone marks above and below a consonant, Vietnamese
accents typed apart) and a format character take none. Lines break where the programs that show
the text break them (UAX #14 line breaking, model/segmentation.py): after spaces and hyphens,
between almost any two Chinese or Japanese characters, between the dictionary words of Thai,
Lao, Khmer and Burmese; never inside a character. A piece wider than the line is broken between
its graphemes.

The terminal measures with rich's own `cell_len` (so its breaks agree with rich's layout; its
table is given `char_width`'s spacing marks by terminal/cells.py) and passes it in; everything else
measures with `cell_width`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import accumulate

from commentmatrix.model.segmentation import graphemes, line_breaks, line_breaks_each

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
    return _offsets(text, width, measure, line_breaks(text))


def _offsets(text: str, width: int, measure: Measure, ends: list[int]) -> list[int]:
    """`break_offsets` of a text wider than the line, its line-break opportunities found."""
    columns = _columns(text, measure)
    # Where each piece ends, in columns from the start of the text: the pieces a line takes are
    # found by bisection, so the work is per line, not per piece (a Chinese line has a piece per
    # character).
    reach = ends if isinstance(columns, range) else list(map(columns.__getitem__, ends))
    offsets: list[int] = []
    start, first, count = 0, 0, len(ends)
    while True:
        limit = columns[start] + width
        past = bisect_right(reach, limit, first)
        # A line may end in spaces that do not fit (whoever shows it drops them): the next
        # pieces may still be taken if their shown parts fit.
        while past < count and columns[_shown_end(text, ends, past)] <= limit:
            past += 1
        if past == first:
            # The piece alone is wider than the line: cut between its graphemes.
            start = _grapheme_cut(text, start, ends[first], columns, width)
            if start == ends[first]:
                # The cut reached the piece's end (its last grapheme alone wider than the line,
                # or only spaces after it): the next piece starts the next line.
                first += 1
                if first == count:
                    return offsets
        elif past < count:
            start, first = ends[past - 1], past
        else:
            return offsets
        offsets.append(start)


def _shown_end(text: str, ends: list[int], index: int) -> int:
    """Where piece `index` ends without its closing spaces."""
    before = ends[index - 1] if index else 0
    return before + len(text[before:ends[index]].rstrip())


def _columns(text: str, measure: Measure) -> Sequence[int]:
    """The columns `text[:index]` takes, for every index."""
    if measure is cell_width:
        if text.isascii():
            return range(len(text) + 1)
        return [0, *accumulate(map(_char_width, text))]
    return [0, *accumulate(map(measure, text))]


def _grapheme_cut(text: str, start: int, end: int, columns: Sequence[int], width: int) -> int:
    """Where the line starting at `start`, inside a piece (ending at `end`) wider than the line,
    ends: after the graphemes that fit, the first always; never before a space."""
    position, limit = start, columns[start] + width
    for grapheme in graphemes(text[start:end]):
        after = position + len(grapheme)
        if position > start and columns[after] > limit and not grapheme.isspace():
            return position
        position = after
    return position


def line_count(text: str, width: int, measure: Measure = cell_width) -> int:
    """Lines `text` takes in a column `width` wide: each of its own lines, wrapped."""
    if measure is cell_width:
        return _counted_lines(text, width)
    return _line_count(text, width, measure)


def most_lines(cells: Iterable[tuple[str, int]]) -> int:
    """The most lines any of the texts takes in its column, each `(text, width)` as in
    `line_count`: the lines of them all that need breaking are broken by one line breaker."""
    return max(_counted_lines.each(cells), default=1)


class _LineCounts:
    """Lines by (text, width), memoised. A sheet of 100,000 comments repeats most of its cells
    (stakeholders, states, targets, decisions, the same note to many comments): each distinct
    text is wrapped once per width."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.known: dict[tuple[str, int], int] = {}
        # Named as functools' memos name it, so whatever forgets those forgets this one too.
        self.cache_clear = self.known.clear

    def __call__(self, text: str, width: int) -> int:
        return self.each([(text, width)])[0]

    def each(self, cells: Iterable[tuple[str, int]]) -> list[int]:
        cells = list(cells)
        known = self.known
        missing = [cell for cell in dict.fromkeys(cells) if cell not in known]
        if missing:
            if len(known) + len(missing) > self.size:
                # Full: everything is forgotten, and the texts asked for now counted again.
                known.clear()
                missing = list(dict.fromkeys(cells))
            self._count(missing)
        return [known[cell] for cell in cells]

    def _count(self, cells: list[tuple[str, int]]) -> None:
        # Every line is one line unless it is wider than its column (both measures are sums over
        # the characters): only those wider are broken, all by the same breaker.
        wide: list[tuple[tuple[str, int], str]] = []
        for text, width in cells:
            lines = text.split("\n")
            count = len(lines)
            for line in lines:
                if line.isascii():
                    if len(line) <= width:
                        continue
                    if _PLAIN_WORDS.fullmatch(line):
                        count += _plain_word_breaks(line, width)
                        continue
                elif _PLAIN_HAN.fullmatch(line):
                    if 2 * len(line) <= width:
                        continue
                    if width >= 4:
                        count += _plain_han_breaks(line, width)
                        continue
                elif cell_width(line) <= width:
                    continue
                wide.append(((text, width), line))
            self.known[text, width] = count
        for (cell, line), ends in zip(wide, line_breaks_each([line for _, line in wide])):
            self.known[cell] += len(_offsets(line, cell[1], cell_width, ends))


# Two kinds of line whose line-break opportunities (UAX #14) are known without a breaker
# (tests/test_line_count.py checks both against ICU and the oracle on random lines):
# - ASCII words of letters, digits and `.,;:` between runs of spaces, each run followed by a letter
#   or digit: a break after each run of spaces only (LB7, LB13, LB18, LB23, LB25, LB28, LB29);
# - Han ideographs (each two columns), perhaps closed by one of `。，、！？` (two columns): a break
#   between any two ideographs (LB31), none before the closing mark (LB13).
_PLAIN_WORDS = re.compile(r"[A-Za-z0-9.,;:]+(?: +[A-Za-z0-9][A-Za-z0-9.,;:]*)* *")
_PLAIN_HAN = re.compile("[\u4e00-\u9fff]+[。，、！？]?")


def _plain_word_breaks(line: str, width: int) -> int:
    """`len(break_offsets(line, width))` of a line of plain ASCII words: each line takes the words
    that end within it (their closing spaces never the cause of a break), a word alone wider than
    the line is cut every `width` characters."""
    shown, start, count = len(line.rstrip(" ")), 0, 0
    while shown > start + width:
        limit = start + width
        # The last space within the line follows the last word that ends within it.
        space = line.rfind(" ", start + 1, limit + 1)
        if space < 0:
            start = limit
        else:
            start = space + 1
            if line[start] == " ":
                start = len(line) - len(line[start:].lstrip(" "))
        count += 1
    return count


def _plain_han_breaks(line: str, width: int) -> int:
    """`len(break_offsets(line, width))` of a line of Han ideographs, `width` at least 4: each
    line holds `width // 2` of them, the last with its closing mark (four columns) on the next
    line when they do not fit together."""
    per_line = width // 2
    if line[-1] not in "。，、！？":
        return -(-len(line) // per_line) - 1
    singles = len(line) - 2
    if not singles:
        return 0
    lines = -(-singles // per_line)
    left = singles - (lines - 1) * per_line
    return lines if left + 2 > per_line else lines - 1


_counted_lines = _LineCounts(1 << 17)


def _line_count(text: str, width: int, measure: Measure) -> int:
    return sum(_lines(line, width, measure) for line in text.split("\n"))


def _lines(line: str, width: int, measure: Measure) -> int:
    return 1 + len(break_offsets(line, width, measure)) if line else 1
