"""Text for the terminal that wraps and truncates where the text's own script allows.

rich wraps at spaces and folds a longer run cell by cell, so Thai, Lao, Khmer and Chinese (no
spaces between words) are folded in the middle of words, and its folding and ellipsis can cut a
character apart (`น้|ำ`, `ន|្លង`, `ឈ្មោ` cut before its vowel sign). `ScriptText` is a rich Text
whose lines break at word boundaries (ICU, `model/segmentation.py`), a word wider than the line at
grapheme boundaries, and whose truncation keeps whole characters. Widths are rich's own
`cell_len` (given the terminal's widths by terminal/cells.py), so what is cut here agrees with how
rich lays out the table around it.

A ScriptText is also where untrusted text becomes inert on the terminal: every string it is made
of or given goes through `model/inert.terminal_text`, so an ESC sequence, a carriage return, a C1
control or a bidi override in a comment shows as a marker (`\\x1b`, `<U+202E>`) instead of
setting the window title, making a link, overwriting the line or clearing the screen. Every
terminal view builds its text as ScriptText; `one_line` also shows line feeds as `\\n`.

`printable` is for consoles that are not UTF-8: what the encoding cannot show becomes `?`, one per
cell the character takes, so rich's measurements still match what is printed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.containers import Lines
from rich.measure import Measurement
from rich.segment import Segment as RichSegment
from rich.text import Text

from commentmatrix.model.display_width import break_offsets as break_offsets_by
from commentmatrix.model.inert import one_line as one_line_marked
from commentmatrix.model.inert import terminal_text
from commentmatrix.model.segmentation import UNSPACED_LETTER, graphemes, is_grapheme_boundary, line_breaks, word_spans
from commentmatrix.terminal.cells import one_cell_each

if TYPE_CHECKING:
    from rich.console import JustifyMethod, OverflowMethod, RenderableType
    from rich.style import Style

# A one-line cell (overflow ellipsis, no wrapping) may be narrowed down to this many cells.
ONE_LINE_MIN = 12


def break_offsets(text: str, width: int) -> list[int]:
    """Where to break `text` into lines of at most `width` cells (model/display_width.py), measured
    as rich measures them."""
    return break_offsets_by(text, width, cell_len)


def fit(text: str, width: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `width` cells at a grapheme boundary, with `ellipsis` when cut."""
    if one_cell_each(text):
        return _fit_by_characters(text, width, ellipsis)
    return _fit_by_graphemes(text, width, ellipsis)


def _fit_by_characters(text: str, width: int, ellipsis: str) -> str:
    if len(text) <= width:
        return text
    return text[:max(width - cell_len(ellipsis), 0)] + (ellipsis if width >= cell_len(ellipsis) else "")


def _fit_by_graphemes(text: str, width: int, ellipsis: str) -> str:
    if cell_len(text) <= width:
        return text
    room = max(width - cell_len(ellipsis), 0)
    end, used = 0, 0
    for cluster in graphemes(text):
        size = cell_len(cluster)
        if used + size > room:
            break
        end, used = end + len(cluster), used + size
    assert is_grapheme_boundary(text, end)
    end = _word_end(text, end)
    return text[:end] + (ellipsis if width >= cell_len(ellipsis) else "")


def _word_end(text: str, end: int) -> int:
    """`end`, or, where it falls inside a word of a script written without spaces (a cut inside
    one leaves a part word: a Thai leading vowel hanging at the end, "ให้ชัดเ…"), the end of the
    word before (the line breaker's, as wrapping uses) when that keeps at least half of the cut."""
    if not 0 < end < len(text) or not (UNSPACED_LETTER.match(text, end) or UNSPACED_LETTER.match(text, end - 1)):
        return end
    breaks = [offset for offset in line_breaks(text) if offset <= end]
    if breaks and breaks[-1] == end:
        return end
    earlier = breaks[-1] if breaks else 0
    while earlier > 0 and text[earlier - 1].isspace():  # the ellipsis after the word, not a space
        earlier -= 1
    return earlier if earlier * 2 >= end else end



def _truncate(line: Text, width: int, overflow: OverflowMethod) -> None:
    if overflow == "ignore" or cell_len(line.plain) <= width:
        return
    kept = fit(line.plain, width, "…" if overflow == "ellipsis" else "")
    dots = kept.endswith("…") and not line.plain.startswith(kept)
    core = len(kept) - (1 if dots else 0)
    line.right_crop(len(line.plain) - core)
    if dots:
        line.append("…")


class ScriptText(Text):
    """A rich Text that wraps at the words of its script, cuts only whole characters, and shows
    control characters as markers (see the module's docstring)."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(terminal_text(text), *args, **kwargs)

    def append(self, text: str | Text, style: str | Style | None = None) -> ScriptText:
        if isinstance(text, str):
            text = terminal_text(text)
        elif not isinstance(text, ScriptText):
            text = text.copy()
            text.plain = terminal_text(text.plain)
        super().append(text, style)
        return self

    def wrap(self, console: Console, width: int, *, justify: JustifyMethod | None = None,
             overflow: OverflowMethod | None = None, tab_size: int = 8, no_wrap: bool | None = None) -> Lines:
        wrap_justify = justify or self.justify or "default"
        wrap_overflow: OverflowMethod = overflow or self.overflow or "fold"
        keep_lines = (no_wrap if no_wrap is not None else bool(self.no_wrap)) or overflow == "ignore"
        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line:
                line.expand_tabs(tab_size)
            if keep_lines:
                if overflow == "ignore":
                    lines.append(line)
                    continue
                new_lines = Lines([line])
            else:
                new_lines = line.divide(break_offsets(line.plain, width))
                for piece in new_lines:
                    piece.rstrip_end(width)
            # Cut here, at a grapheme boundary, before justify: its pieces are plain rich Texts,
            # which rich would cut between a Khmer consonant and its coeng, or a Thai one and its
            # vowel (ន្…, น้…).
            for piece in new_lines:
                _truncate(piece, width, wrap_overflow)
            if wrap_justify:
                new_lines.justify(console, width, justify=wrap_justify, overflow=wrap_overflow)
            lines.extend(new_lines)
        return lines

    def truncate(self, max_width: int, *, overflow: OverflowMethod | None = None, pad: bool = False) -> None:
        _truncate(self, max_width, overflow or self.overflow or "fold")
        if pad and cell_len(self.plain) < max_width:
            self.pad_right(max_width - cell_len(self.plain))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lines = self.plain.splitlines()
        widest = max((cell_len(line) for line in lines), default=0)
        if self.no_wrap and self.overflow in ("ellipsis", "crop"):
            return Measurement(min(widest, ONE_LINE_MIN), widest)
        words = [line[s:e] for line in lines for s, e in word_spans(line) if not line[s:e].isspace()]
        return Measurement(max((cell_len(word) for word in words), default=widest), widest)


def one_line(text: str, style: str = "") -> ScriptText:
    """A cell of one line, cut with an ellipsis at a character boundary when it does not fit;
    a line feed in it shows as `\\n`."""
    return ScriptText(one_line_marked(text), style=style, no_wrap=True, overflow="ellipsis")


# ---------------------------------------------------------------- consoles that are not UTF-8

def printable(text: str, encoding: str) -> str:
    """`text` with every character the encoding cannot show as `?`, one per cell it takes."""
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        pass
    shown = []
    for cluster in graphemes(text):
        try:
            cluster.encode(encoding)
            shown.append(cluster)
        except (UnicodeEncodeError, LookupError):
            shown.append("?" * cell_len(cluster))
    return "".join(shown)


class Printable:
    """A renderable as the console's encoding can show it (see `printable`)."""

    def __init__(self, renderable: RenderableType):
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        encoding = console.encoding
        for segment in console.render(self.renderable, options):
            yield RichSegment(printable(segment.text, encoding), segment.style, segment.control)


def for_console(console: Console, renderable: RenderableType) -> RenderableType:
    """The renderable itself on a UTF-8 console, else as the console's encoding can show it."""
    return renderable if console.encoding.startswith("utf") else Printable(renderable)
