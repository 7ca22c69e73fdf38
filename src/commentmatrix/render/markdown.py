"""User text made inert in Markdown: the one escaper of every Markdown output (matrix, synopsis,
revised draft, the `cm diff` comment on a pull request).

GitHub renders these outputs, and stakeholders' text is full of `*`, `_`, `<`, `|` and numbered
lines. Every character that could start emphasis, code, a link, HTML or a table column is
escaped with a backslash. In table cells and one-line summaries `&`, `<` and `>` become HTML
entities instead, since a table cell is HTML to some renderers and a backslash there shows.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#!~&])")
_SPECIAL_BUT_HTML = re.compile(r"([\\`*_\[\]{}|#!~])")
_LINE_START = re.compile(r"^(\s*)([#+=>-]|\d+[.)])")


def inline(value: str) -> str:
    """Text that Markdown shows as written inside a line, whatever punctuation it holds."""
    return _SPECIAL.sub(r"\\\1", value)


def _entities(value: str) -> str:
    escaped = _SPECIAL_BUT_HTML.sub(r"\\\1", value.replace("&", "&amp;"))
    return escaped.replace("<", "&lt;").replace(">", "&gt;")


def cell(value: str) -> str:
    """Text inside a table cell: escaped, each line trimmed, line breaks as <br>."""
    return "<br>".join(part.strip() for part in _entities(value.replace("\r\n", "\n")).split("\n"))


def one_line(value: str) -> str:
    """Text on one line of a table or list: runs of spaces and line breaks become one space."""
    return _entities(re.sub(r"\s+", " ", value))


def unlisted(text: str) -> str:
    """Text whose lines start paragraphs or list items, with the line-start markers escaped:
    "1.", "-", "#" or ">" there starts no list, heading or quote."""
    return "\n".join(_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], line)
                     for line in text.split("\n"))
