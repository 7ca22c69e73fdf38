"""A list of comment ids after a label, as `cm status` prints them: wrapped lines start under the
first id (a hanging indent), and an id is never broken across lines, so each can be copied into
`cm show` whole. The terminal's own wrapping would break at the hyphens of `CI-3` (a line may break
after a hyphen) and start the rest at the left edge, under the label."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult

from commentmatrix.model.inert import one_line as one_line_marked
from commentmatrix.model.segmentation import graphemes
from commentmatrix.terminal.cells import cells
from commentmatrix.terminal.text import ScriptText

#: The room the ids need beside their label; with less, they start on the line under it, indented.
BESIDE_MIN = 24
#: The indent of ids under their label.
INDENT = 4


def id_lines(ids: list[str], room: int) -> list[str]:
    """`ids` joined by ", " in lines of at most `room` cells, as many ids a line as fit; an id
    wider than `room` alone, folded at whole characters."""
    lines: list[str] = []
    line = ""
    for index, id_ in enumerate(ids):
        piece = id_ + ("," if index < len(ids) - 1 else "")
        joined = f"{line} {piece}" if line else piece
        if cells(joined) <= room:
            line = joined
            continue
        if line:
            lines.append(line)
        line = piece
        if cells(piece) > room:
            lines += _folded(piece, room)
            line = ""  # the next id starts a line of its own, not the folded one's last
    if line or not lines:
        lines.append(line)
    return lines


def _folded(text: str, room: int) -> list[str]:
    pieces, piece = [], ""
    for cluster in graphemes(text):
        if piece and cells(piece + cluster) > room:
            pieces.append(piece)
            piece = ""
        piece += cluster
    return [*pieces, piece]


class IdList:
    """`label` (in `style`) and the ids, laid out for the console's width when printed."""

    def __init__(self, label: str, ids: list[str], style: str = ""):
        self.label, self.ids, self.style = label, [one_line_marked(id_) for id_ in ids], style

    def text(self, width: int) -> ScriptText:
        beside = width - cells(self.label) >= BESIDE_MIN
        indent = cells(self.label) if beside else INDENT
        # At least one cell for an id, however narrow the console (it is folded to it).
        lines = id_lines(self.ids, max(width - indent, 1))
        text = ScriptText(self.label if beside else self.label.rstrip(), style=self.style)
        if beside:
            text.append(lines.pop(0))
        for line in lines:
            text.append("\n" + " " * indent + line)
        return text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.text(options.max_width)
