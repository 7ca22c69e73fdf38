"""User text made inert in Markdown: the one escaper of every Markdown output (matrix, synopsis,
revised draft, the `cm diff` comment on a pull request, the `cm validate` job summary).

GitHub renders these outputs, and stakeholders' text is full of `*`, `_`, `<`, `|` and numbered
lines. Every character that could start emphasis, code, a link, HTML or a table column is
escaped with a backslash. In table cells and one-line summaries `&`, `<` and `>` become HTML
entities instead, since a table cell is HTML to some renderers and a backslash there shows.

GitHub also acts on plain text: `@name` notifies a person or a team, `#123` and `GH-123` link
an issue (and tell its subscribers), a bare `https://...` or `www....` becomes a link. A
backslash does not stop these (GitHub finds them in the rendered text), so a zero-width space
(`&#8203;`, invisible) goes after the `@`, the `#`, the `GH-` and before the `:` of a link's
scheme. Control characters and bidi controls show as markers (model/inert.py). File names and
ids go in code spans (`code`), fenced by more backticks than they hold.
"""

from __future__ import annotations

import re

from commentmatrix.model.inert import one_line as _one_line_marked
from commentmatrix.model.inert import visible

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#!~&])")
_SPECIAL_BUT_HTML = re.compile(r"([\\`*_\[\]{}|#!~])")
_LINE_START = re.compile(r"^(\s*)([#+=>-]|\d+[.)])")
# What GitHub links by itself, found in already escaped text (a `#` is `\#` there).
_LIVE = re.compile(r"(?i)(@)(?=[a-z0-9_-])|(#)(?=\d)|\b(gh-)(?=\d)|\b(https?|ftp|mailto|xmpp)(?=:)|\b(www)(?=\\?\.)")
ZERO_WIDTH = "&#8203;"


def _defused(escaped: str) -> str:
    return _LIVE.sub(lambda m: m.group() + ZERO_WIDTH, escaped)


def _dead(escaped: str) -> str:
    # _LIVE needs an "@", a "#" or a ":" (after a scheme), or "gh-" or "www" in any case: most
    # texts hold none, and the regex's scan costs 30 µs a text (7 s of a 10,000-comment matrix).
    # The case-insensitive letters that fold from other characters (ı, İ, ſ) are only in the
    # schemes, which need their ":".
    folded = escaped.lower()
    if "@" in escaped or "#" in escaped or ":" in escaped or "gh-" in folded or "www" in folded:
        return _defused(escaped)
    return escaped


def inline(value: str) -> str:
    """Text that Markdown shows as written inside a line, whatever punctuation it holds."""
    return _dead(_SPECIAL.sub(r"\\\1", visible(value, "\t\n")))


def _entities(value: str) -> str:
    escaped = _SPECIAL_BUT_HTML.sub(r"\\\1", visible(value, "\t\n").replace("&", "&amp;"))
    return _dead(escaped.replace("<", "&lt;").replace(">", "&gt;"))


def cell(value: str) -> str:
    """Text inside a table cell: escaped, each line trimmed, line breaks as <br>."""
    return "<br>".join(part.strip() for part in _entities(value.replace("\r\n", "\n")).split("\n"))


def one_line(value: str) -> str:
    """Text on one line of a table or list: runs of spaces and line breaks become one space."""
    return _entities(re.sub(r"\s+", " ", value))


def code(value: str, table: bool = True) -> str:
    """`value` as a code span, shown exactly as written on one line (a line feed as `\\n`):
    fenced by one backtick more than its longest run of them, and in a table (`table`) with
    `|` escaped, which GitHub reads as part of the cell even inside code."""
    shown = _one_line_marked(value)
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * (longest + 1)
    if shown.startswith("`") or shown.endswith("`") or (shown.startswith(" ") and shown.endswith(" ") and shown.strip()):
        shown = f" {shown} "  # one space each side is taken away again by Markdown
    if table:
        shown = shown.replace("|", "\\|")
    return f"{fence}{shown}{fence}"


def unlisted(text: str) -> str:
    """Text whose lines start paragraphs or list items, with the line-start markers escaped:
    "1.", "-", "#" or ">" there starts no list, heading or quote."""
    return "\n".join(_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], line)
                     for line in text.split("\n"))
