"""Cell widths as terminals draw them: a spacing mark takes a column.

rich's width tables (rich 13 to 15, made from the wcwidth package as it was before 2026) give
every spacing combining mark (general category Mc) no width: the Khmer vowel signs ា ើ ែ ៃ ោ,
the Myanmar ေ and ာ, the Devanagari ा ि ी. Terminals give each of them a column: the C library's
wcwidth, and with it tmux, screen, GNOME Terminal (VTE) and xterm; Windows Terminal since 2024
(microsoft/terminal#17826); and wcwidth itself since 2026 (jquast/wcwidth#200, "Should Mc be
width 1? Yes"). A Khmer comment that rich measured as 31 cells took 34 in tmux, and its row of
`cm status` wrapped onto the next line.

`install` gives rich's table those columns, by the one rule cm measures text with everywhere
(model/display_width.char_width: a spacing mark takes one column, two if it is East Asian wide,
none if it has a combining class, as viramas do). It runs when the terminal package is first
imported, before rich measures anything, so that every table, wrap and crop rich does for cm, and
every cut `terminal/text.py` makes, agree with the screen.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import rich.cells
from rich.cells import CellTable

from commentmatrix.model.display_width import char_width


def widened(table: CellTable) -> CellTable:
    """`table` with each spacing mark it gives no width given its width by `char_width`."""
    widths: list[tuple[int, int, int]] = []
    for start, end, width in table.widths:
        if width:
            widths.append((start, end, width))
            continue
        run_start, run_width = start, 0
        for codepoint in range(start, end + 1):
            character = chr(codepoint)
            cells = char_width(character) if unicodedata.category(character) == "Mc" else 0
            if cells != run_width:
                if codepoint > run_start:
                    widths.append((run_start, codepoint - 1, run_width))
                run_start, run_width = codepoint, cells
        widths.append((run_start, end, run_width))
    return table._replace(widths=widths)


_rich_table = rich.cells.load_cell_table


@cache
def _terminal_table(unicode_version: str = "auto") -> CellTable:
    return widened(_rich_table(unicode_version))


def install() -> None:
    """Have rich measure with `_terminal_table` (idempotent)."""
    if rich.cells.load_cell_table is _terminal_table:
        return
    rich.cells.load_cell_table = _terminal_table
    # Whatever rich measured before (typer's own messages) was measured with the old table.
    rich.cells.get_character_cell_size.cache_clear()
    rich.cells.cached_cell_len.cache_clear()


def one_cell_each(text: str) -> bool:
    """Whether every character of `text` is one cell and one grapheme (printable ASCII): then
    it is measured and cut by counting, without rich's table or ICU (25,000 open items' cells
    at 100,000 comments, and their cuts, were a fifth of `cm status`)."""
    return text.isascii() and text.isprintable()


def cells(text: str) -> int:
    """`text`'s width in cells, as rich measures it."""
    if one_cell_each(text):
        return len(text)
    return rich.cells.cell_len(text)
