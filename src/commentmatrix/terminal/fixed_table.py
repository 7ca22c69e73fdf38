"""The tables of `cm status`, laid out in one pass over their rows.

rich's Table renders each cell through Padding, render_lines, Text.wrap and set_shape, some tens of
microseconds a cell: the 25,000 open comments of a large consultation took 10 s to print. These
tables are all drawn one way (rich's SIMPLE_HEAD box, collapsed padding of one cell, no padding at
the edges, a bold title on the left) and nearly every cell is one line that fits its column or is
cut to it. `FixedTable` computes the column widths as rich's Table does (the same measurements,
rich's own collapse and reduction of columns too wide for the console) and turns such a cell
straight into the Segments rich would make of it: the same texts, the same styles, split at the
same places, so what is printed is rich's to the byte, with or without colour, on any console.
A cell of several lines (a name that wraps) is wrapped by the Text itself and cut, padded and
styled by rich's Segment functions, as Table would, without the renderables between; the header
(markup, as rich reads a str) and a column too narrow for anything go through rich's own cell
rendering. A one-line cell whose width could come out other than its column's (rich's widths are
not additive over a zero width joiner) is treated as one of several lines.
tests/test_fixed_table.py compares FixedTable with rich's Table on generated tables.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich import box
from rich.cells import cell_len, set_cell_size
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text

from commentmatrix.model.segmentation import UNSPACED_LETTER, graphemes
from commentmatrix.terminal.cells import cells, one_cell_each
from commentmatrix.terminal.text import ScriptText, fit

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, OverflowMethod, RenderResult

#: The cells between a column's text and the next column (collapsed padding, SIMPLE_HEAD's divider
#: is the other one); the last column has none, pad_edge being off.
RIGHT_PAD = 1
TITLE_STYLE = "bold"
HEADER_STYLE = "table.header"


@dataclass(frozen=True)
class Column:
    """A column as rich's Table.add_column takes it (the arguments these tables use)."""

    header: str
    justify: Literal["left", "right"] = "left"
    no_wrap: bool = False
    overflow: OverflowMethod = "ellipsis"
    width: int | None = None
    min_width: int | None = None
    style: str = ""


def _widest_line(text: Text) -> int:
    """A cell's widest line in cells, as rich measures a Text (its maximum width)."""
    lines = text.plain.splitlines()
    return max(map(cell_len, lines)) if lines else 0


def _head(plain: str, inner: int) -> str:
    """`plain` itself, or a prefix of it more than `inner` + 2 cells wide, which rich cuts to
    `inner` or `inner` - 1 cells exactly as it cuts `plain`: rich measures and splits text from
    its start (cells.split_graphemes), so what follows a prefix can neither narrow it nor change
    its graphemes but the last, and a prefix that wide holds whole the one the cut falls in and
    the one after. A long comment is measured and cut in the cells its column shows, not in all of it."""
    size = inner + 3
    while size < len(plain):
        head = plain[:size]
        if cells(head) > inner + 2:
            return head
        size *= 2
    return plain


def _grapheme_cut(plain: str, head: str, inner: int, ellipsis: str) -> str:
    """A ScriptText's cut of `plain` to `inner` cells (terminal/text.fit: at a grapheme
    boundary), found in `head` (_head): its graphemes are `plain`'s but perhaps the last, so
    only a cut that reaches that one is made in all of `plain`."""
    if head is not plain and UNSPACED_LETTER.search(head):
        return fit(plain, inner, ellipsis)  # a dictionary's word may end past the head: cut in all of it
    shown = fit(head, inner, ellipsis)
    if head is not plain:
        last = 1 if one_cell_each(head) else len(graphemes(head)[-1])
        if len(shown) - len(ellipsis) > len(head) - last:
            shown = fit(plain, inner, ellipsis)
    return shown


class FixedTable:
    """A table drawn as rich's Table(title=title, title_justify="left", title_style="bold",
    box=SIMPLE_HEAD, pad_edge=False, collapse_padding=True, padding=(0, 1)) with these columns
    and rows (rich Texts) draws it."""

    def __init__(self, title: str, columns: Sequence[Column], rows: Sequence[Sequence[Text]]):
        assert columns and all(len(row) == len(columns) for row in rows)
        self.title, self.columns, self.rows = title, list(columns), rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        extra = 2 + len(self.columns) - 1  # SIMPLE_HEAD's two edges and a divider between columns
        widths = self._widths(console, options, options.max_width - extra)
        render_options = options.update(width=sum(widths) + extra, highlight=False, height=None)
        if self.title:
            title = console.render_str(self.title, style=TITLE_STYLE, highlight=False)
            yield from console.render(title, render_options.update(justify="left"))
        yield from self._render(console, render_options, widths)

    # ------------------------------------------------------------ widths, as Table computes them

    def _widths(self, console: Console, options: ConsoleOptions, max_width: int) -> list[int]:
        """Table._calculate_column_widths: each column's measured maximum (padding included);
        if they do not fit, rich's collapse of the wrapping columns, then its even reduction,
        and each column measured again at what it was given."""
        widest = [self._widest(console, options, index) for index in range(len(self.columns))]
        widths = [self._measure(index, widest[index], max_width) or 1 for index in range(len(self.columns))]
        if sum(widths) > max_width:
            from rich._ratio import ratio_reduce
            from rich.table import Table

            widths = Table._collapse_widths(
                widths, [column.width is None and not column.no_wrap for column in self.columns], max_width)
            if sum(widths) > max_width:
                widths = ratio_reduce(sum(widths) - max_width, [1] * len(widths), widths, widths)
            widths = [self._measure(index, widest[index], width) or 0 for index, width in enumerate(widths)]
        return widths

    def _widest(self, console: Console, options: ConsoleOptions, index: int) -> int:
        """The widest line of the column's header (a str, read as rich reads it: markup) and cells;
        a column of fixed width is not measured."""
        column = self.columns[index]
        if column.width is not None:
            return 0
        header = console.render_str(column.header, markup=options.markup, highlight=False)
        return max([_widest_line(header), *(_widest_line(row[index]) for row in self.rows)])

    def _pad(self, index: int) -> int:
        return 0 if index == len(self.columns) - 1 else RIGHT_PAD

    def _measure(self, index: int, widest: int, max_width: int) -> int:
        """Table._measure_column's maximum at `max_width`: what Measurement.get gives a cell in
        its Padding is monotone in the cell's widest line, so the column's is the widest's."""
        if max_width < 1:
            return 0
        column, pad = self.columns[index], self._pad(index)
        if column.width is not None:
            return min(column.width + pad, max_width)
        if max_width - pad < 1:
            widest_padded = max_width  # Padding.__rich_measure__ when the padding leaves no room
        else:
            inner = min(widest, max_width)
            widest_padded = min(inner + pad, max_width)
        measured = Measurement(widest_padded, widest_padded)
        if column.min_width is not None:
            measured = measured.with_minimum(column.min_width + pad)
        return measured.maximum

    # ------------------------------------------------------------ rows, as Table._render draws them

    def _render(self, console: Console, options: ConsoleOptions, widths: list[int]) -> Iterator[Segment]:
        border = console.get_style("none") + console.get_style("")
        drawn = box.SIMPLE_HEAD.substitute(options, safe=console.safe_box)
        new_line = Segment.line()
        head, mid, foot = (_Edges(left, right, divider, border) for left, right, divider in (
            (drawn.head_left, drawn.head_right, drawn.head_vertical),
            (drawn.mid_left, drawn.mid_right, drawn.mid_vertical),
            (drawn.foot_left, drawn.foot_right, drawn.foot_vertical)))
        laid = [_LaidColumn(console, options, column, width, self._pad(index))
                for index, (column, width) in enumerate(zip(self.columns, widths))]

        yield Segment(drawn.get_top(widths), border)
        yield new_line
        header_style = console.get_style(HEADER_STYLE) + console.get_style("")
        header = [column.rich_lines(console, column.column.header, header_style) for column in laid]
        height = max(len(lines) for lines in header)
        yield from _row_of_lines([Segment.set_shape(Segment.align_bottom(lines, column.width, height, header_style),
                                                    column.width, max(1, height))
                                  for lines, column in zip(header, laid)], head)
        yield Segment(drawn.get_row(widths, "head", edge=True), border)
        yield new_line
        last = len(self.rows) - 1
        for index, row in enumerate(self.rows):
            edges = foot if index == last else mid
            lines = [column.line(cell) for column, cell in zip(laid, row)]
            one_line = [line for line in lines if line is not None]
            if len(one_line) < len(lines):
                yield from _row_of_lines(_shaped(laid, row, lines), edges)
                continue
            divider = edges.divider
            yield edges.left
            yield from one_line[0]
            for line in one_line[1:]:
                yield divider
                yield from line
            yield edges.right
            yield new_line
        yield Segment(drawn.get_bottom(widths), border)
        yield new_line


class _Edges:
    """A row's left and right edge and its divider, as Table._render makes them for a row of no
    style (a divider of spaces takes the row's background)."""

    def __init__(self, left: str, right: str, divider: str, border: Style):
        self.left, self.right = Segment(left, border), Segment(right, border)
        self.divider = Segment(divider, border) if divider.strip() else \
            Segment(divider, Style.null().background_style + border)


def _shaped(laid: list[_LaidColumn], row: Sequence[Text], lines: list[list[Segment] | None]) -> list[list[list[Segment]]]:
    """A row some of whose cells are not one line (`lines` None), shaped as Table._render shapes
    its cells: each aligned to the top of the row's height (blank lines of the cell's style
    below it) and set to its width."""
    cells = [[line] if line is not None else column.lines(cell) for column, cell, line in zip(laid, row, lines)]
    row_height = max(len(cell) for cell in cells)
    height = max(1, row_height)
    shaped = []
    for column, cell, line in zip(laid, cells, lines):
        if line is not None and height == row_height:
            # What align_top and set_shape make of a line of the column's width.
            shaped.append([line, *[[Segment(" " * column.width, column.style)]] * (height - 1)])
        else:
            shaped.append(Segment.set_shape(Segment.align_top(cell, column.width, row_height, column.style),
                                            column.width, height))
    return shaped


def _row_of_lines(shaped: list[list[list[Segment]]], edges: _Edges) -> Iterator[Segment]:
    """A row of cells shaped to one height, line by line, between the edges and dividers."""
    for line_no in range(len(shaped[0])):
        yield edges.left
        for index, lines in enumerate(shaped):
            if index:
                yield edges.divider
            yield from lines[line_no]
        yield edges.right
        yield Segment.line()


class _LaidColumn:
    """A column at its width: what a cell of it is drawn as."""

    def __init__(self, console: Console, options: ConsoleOptions, column: Column, width: int, pad: int):
        self.column, self.width, self.pad = column, width, pad
        self.inner = width - pad
        self.style = console.get_style(column.style or "")
        self.options = options.update(width=width, justify=column.justify, no_wrap=column.no_wrap,
                                      overflow=column.overflow, height=None, highlight=False)
        pad_style = console.get_style("none")
        self.pad_segment = Segment(" " * pad, self.style + pad_style if self.style else pad_style) if pad else None
        self.console = console
        self._styles: dict[str | Style, Style] = {}

    def rich_lines(self, console: Console, renderable: Text | str, style: Style) -> list[list[Segment]]:
        """The cell's lines as Table renders a cell: in its Padding, through console.render_lines."""
        padded = Padding(renderable, (0, self.pad, 0, 0))
        return console.render_lines(padded, self.options, style=style)

    def lines(self, cell: Text) -> list[list[Segment]]:
        """A Text cell's lines, as `rich_lines` renders them, without the renderables between:
        Text.__rich_console__ (wrap, join, render) at the width inside the padding, the lines cut
        and padded to it (render_lines in Padding), the padding after each, the column's style
        over all, and the lines cut and padded to the column's width (render_lines in Table)."""
        console, inner = self.console, self.inner
        if inner < 1 or type(cell).__rich_console__ is not Text.__rich_console__:
            return self.rich_lines(console, cell, self.style)
        column = self.column
        tab_size = console.tab_size if cell.tab_size is None else cell.tab_size
        wrapped = cell.wrap(console, inner, justify=cell.justify or column.justify,
                            overflow=cell.overflow or column.overflow or "fold", tab_size=tab_size or 8,
                            no_wrap=cell.no_wrap if cell.no_wrap is not None else column.no_wrap)
        rendered = Text("\n").join(wrapped).render(console, end=cell.end)
        pad_style = console.get_style("none")
        after = [Segment(" " * self.pad, pad_style), Segment.line()] if self.pad else [Segment.line()]
        padded = [segment for line in Segment.split_and_crop_lines(rendered, inner, pad_style, include_new_lines=False)
                  for segment in (*line, *after)]
        styled = Segment.apply_style(padded, self.style) if self.style else padded
        return list(Segment.split_and_crop_lines(styled, self.width, self.style, include_new_lines=False))

    def line(self, cell: Text) -> list[Segment] | None:
        """The cell's one line, as rich renders it in this column (Text.wrap, Lines.justify and
        Text.truncate on one line, Text.render of it joined); None when it is not one line or
        may differ from rich's in any way (the caller then has rich render it)."""
        plain = cell.plain
        inner = self.inner
        if inner < 1 or "\n" in plain or "\t" in plain or cell.end not in ("\n", ""):
            return None
        column = self.column
        no_wrap = cell.no_wrap if cell.no_wrap is not None else column.no_wrap
        overflow = cell.overflow or column.overflow or "fold"
        justify = cell.justify or column.justify
        spans = cell.spans
        head = _head(plain, inner)
        length = cells(head)
        wide = head is not plain or length > inner
        if not no_wrap and (wide or (len(plain) > inner and plain[-1:].isspace())):
            return None  # it wraps, or Text.rstrip_end would cut its trailing spaces
        if wide:
            if spans or overflow == "ignore":
                return None
            if isinstance(cell, ScriptText):
                shown = _grapheme_cut(plain, head, inner, "…" if overflow == "ellipsis" else "")
                length = cells(shown)
            else:
                shown = set_cell_size(head, inner - 1) + "…" if overflow == "ellipsis" else set_cell_size(head, inner)
                length = inner
        else:
            shown = plain
        if justify == "left":
            shift = 0
            if length < inner:
                shown += " " * (inner - length)  # Text.truncate(pad=True), as Lines.justify calls it
        elif justify == "right" and not plain[-1:].isspace():  # else Text.rstrip would change it
            shift = inner - length
            shown = " " * shift + shown
        else:
            return None
        if ("\u200d" in shown or "\ufe0f" in shown) and cell_len(shown) != inner:
            return None  # rich's widths add up, and set_cell_size is exact, but for these two
        if spans:
            joined = Text(shown, spans=[*([Span(0, len(shown), cell.style)] if cell.style else []),
                                        *(Span(start + shift, end + shift, style) for start, end, style in spans)])
            segments = list(joined.render(self.console))
            if sum(cell_len(segment.text) for segment in segments) != inner:
                return None
        else:
            segments = [Segment(shown, self._style(cell.style) if cell.style else None)]
        if self.style:
            style = self.style
            segments = [Segment(text, style + segment_style) for text, segment_style, _ in segments]
        if self.pad_segment is not None:
            segments.append(self.pad_segment)
        return segments

    def _style(self, style: str | Style) -> Style:
        found = self._styles.get(style)
        if found is None:
            found = self._styles[style] = self.console.get_style(style, default=Style.null())
        return found
