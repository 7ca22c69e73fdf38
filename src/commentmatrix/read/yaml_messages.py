"""The YAML parser's complaints in plain words: what a secretariat's typo looks like to a person.

libyaml says "mapping values are not allowed here"; a user needs "a ': ' here reads as the
start of a new field: a value containing ': ' must be quoted". Each entry below matches words of
the parser's problem and context and gives the message, the hint, and which mark to point at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from commentmatrix.model.diagnostics import Diagnostic, error


class _Mark(Protocol):
    line: int
    column: int
    index: int


class ParserError(Protocol):
    """What cm reads of a ruamel MarkedYAMLError (kept as a protocol: ruamel stays in yaml_parser)."""

    problem: str | None
    context: str | None
    problem_mark: _Mark | None
    context_mark: _Mark | None


# libyaml's problems in plain words: (words in its problem, words in its context, our message,
# hint, point at the context mark: where the unclosed thing started rather than where it ended).
_PLAIN_SYNTAX = [
    ("mapping values are not allowed", "", "a ': ' (colon and space) here reads as the start of a new field",
     "a value containing ': ' must be quoted", False),
    ("cannot start any token", "", "a value cannot start with '{char}'",
     "quote the value: in YAML some characters cannot start a plain value", False),
    ("did not find expected key", "block mapping", "this line does not line up with the fields above it",
     "indent it with spaces exactly like the field it belongs with", False),
    ("did not find expected '-' indicator", "", "this line does not line up with the list items above it",
     "start a new item with '- ' at the items' indentation, or indent the line like the fields of its item", False),
    ("could not find expected ':'", "simple key", "this line has no ':' after its field name",
     "write `field: value`", True),
    ("found unexpected end of stream", "quoted scalar", "a quoted value is never closed: the file ends before its closing quote",
     "add the closing quote", True),
    ("found unexpected document indicator", "quoted scalar", "a quoted value is never closed: a '---' line comes before its closing quote",
     "add the closing quote", True),
    ("did not find expected ',' or '}'", "", "a { } mapping is not closed, or its entries are not separated by commas",
     "close it with '}', or write the fields one per line", True),
    ("did not find expected ',' or ']'", "", "a [ ] list is not closed, or its items are not separated by commas",
     "close it with ']', or write the items one per line starting with '- '", True),
    ("did not find expected node content", "flow", "a value is missing here: an empty item in a [ ] list, or a list that is never closed",
     "remove the extra comma, or close the list with ']'", False),
    ("found undefined alias", "", "a value starting with '*' reads as a reference to a YAML anchor, and there is none of that name",
     "quote the value if the '*' is part of the text", False),
    ("found undefined tag handle", "", "'!' starts a YAML tag here, which cm files do not use",
     "quote the value if the '!' is part of the text", False),
    ("did not find expected tag URI", "", "'!' starts a YAML tag here, which cm files do not use",
     "quote the value if the '!' is part of the text", False),
    ("hexdecimal number", "quoted scalar", "a backslash in a double-quoted value starts an escape code that is not valid",
     "use single quotes for text with backslashes, or write each backslash twice (\\\\)", False),
    ("invalid Unicode character escape code", "quoted scalar",
     "a \\u or \\U escape code here names no character (a lone surrogate, or a number past U+10FFFF)",
     "write the character itself; an emoji is one code, e.g. \\U0001F600, not a pair of \\u codes", False),
    ("unknown escape character", "quoted scalar", "a backslash in a double-quoted value starts an escape code that is not valid",
     "use single quotes for text with backslashes, or write each backslash twice (\\\\)", False),
    ("did not find expected comment or line break", "block scalar", "after '|' or '>' the text must start on the next line",
     "move the text to the next line, indented", False),
    ("incompatible YAML document", "", "the file declares a YAML version cm does not read",
     "remove the %YAML line", False),
    ("alphabetic or numeric character", "", "a value starting with '&' or '*' reads as a YAML anchor or reference, which needs a name here",
     "quote the value if the '&' or '*' is part of the text", False),
    ("block sequence entries are not allowed", "", "a '- ' list item is not allowed here",
     "put the list on the lines below its field, with nothing after the field's colon", False),
]


@dataclass(frozen=True)
class _Level:
    """A line above the bad one that opens a level of indentation: a field, or a '- ' list item."""

    number: int  # 1-based line number
    column: int  # spaces before the field name, or before the '- '
    key: str | None  # the field's name; None for a list item that is not a field
    dash: bool
    inline: bool  # the field has its value on its own line

    def said(self) -> str:
        if self.dash:
            return f"the list item on line {self.number} starts at {_spaces(self.column)}"
        return f"`{self.key}:` on line {self.number} has {_spaces(self.column)}"


_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?:(?P<key>[^\s#'\"{\[][^:#]*?|'[^']*'|\"[^\"]*\"):(?: +(?P<value>[^#\s].*)?)?$)?")


def _spaces(count: int) -> str:
    return f"{count} space{'s' if count != 1 else ''}"


def _levels(lines: list[str], bad: int) -> list[_Level]:
    """The lines above line `bad` (0-based) that open the levels it could belong to, nearest first:
    each one less indented than the one after it."""
    found: list[_Level] = []
    limit = None
    for number in range(bad - 1, -1, -1):
        line = lines[number]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            continue
        indent = len(match.group("indent"))
        levels = []
        if match.group("dash"):
            levels.append(_Level(number + 1, indent, None, True, False))
        if match.group("key") is not None:
            column = indent + len(match.group("dash") or "")
            levels.append(_Level(number + 1, column, match.group("key").strip("'\""), False, bool(match.group("value"))))
        for level in reversed(levels):  # the field of a '- key:' line is the deeper level
            if limit is None or level.column < limit:
                found.append(level)
                limit = level.column
        if limit == 0:
            break
    return found


def _misindented(lines: list[str], bad: int, column_of_mark: int, colon_case: bool) -> tuple[str, str] | None:
    """A plain account of a line that is indented wrongly, naming the lines it fails to line up
    with, or None when the line is not that kind of mistake."""
    if not 0 <= bad < len(lines):
        return None
    match = _LINE.match(lines[bad])
    if match is None or (match.group("key") is None and not match.group("dash")):
        return None
    indent = len(match.group("indent"))
    dash = bool(match.group("dash"))
    levels = _levels(lines, bad)
    if not levels:
        return None
    nearest = levels[0]
    if colon_case:
        # A field indented more than a field with a value: YAML reads it as more of that value.
        key_colon = lines[bad].find(":", indent)
        if dash or column_of_mark != key_colon or nearest.dash or not nearest.inline or nearest.column >= indent:
            return None
        return (f"this line has {_spaces(indent)} before `{match.group('key')}:`, more than `{nearest.key}:` on line "
                f"{nearest.number} ({_spaces(nearest.column)}), so YAML reads it as more of that field's value, not as a field",
                f"give it {_spaces(nearest.column)}, like `{nearest.key}:`: fields of one mapping line up exactly")
    if dash and not nearest.dash and nearest.inline and nearest.column == indent:
        return (f"a '- ' list item cannot follow `{nearest.key}:` on line {nearest.number}, which already has its value after the colon",
                "to go on with the text, remove the '- ' (or quote the whole text); "
                "a list goes on the lines below a field with nothing after its colon")
    deeper = next((level for level in reversed(levels) if level.column > indent), None)
    shallower = next((level for level in levels if level.column < indent), None)
    if any(level.column == indent for level in levels) and not dash:
        return None
    if dash:
        items = [level for level in levels if level.dash]
        if not items:
            return None
        item = items[0]
        return (f"this list item starts at {_spaces(indent)}, which lines up with nothing above it: {item.said()}",
                f"start it with {_spaces(item.column)}, like the item on line {item.number}")
    told = [level.said() for level in (deeper, shallower) if level is not None]
    options: dict[int, str] = {}
    for level in (deeper, shallower):
        if level is not None and not level.dash:
            options.setdefault(level.column, f"{_spaces(level.column)} to go with `{level.key}:`")
    if shallower is not None and shallower.dash:
        options.setdefault(shallower.column + 2, f"{_spaces(shallower.column + 2)} to be a field of the item on line {shallower.number}")
    return (f"this line has {_spaces(indent)}, which lines up with nothing above it: {' and '.join(told)}",
            f"indent it with {' or '.join(options.values())}" if options else "indent it exactly like the field it belongs with")


# The parser's problems that a wrongly indented line gives.
_ALIGNMENT = ("mapping values are not allowed", "did not find expected key", "did not find expected '-' indicator")


def syntax_diagnostic(exc: ParserError, path: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "the text is not valid YAML"
    context = exc.context or ""
    if "expected a single document" in f"{context} {problem}":
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return error(path, line, column, "yaml-syntax", "the file holds more than one YAML document (a '---' line starts a second one)",
                     "remove the '---' line: each file holds one document")
    at = text[mark.index:mark.index + 1] if mark is not None else ""
    if at == "\t" or "tab" in problem:
        return error(path, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "yaml-syntax",
                     "a tab character is used for indentation; YAML allows only spaces", "replace the tab with spaces")
    if "did not find expected key" in problem and mark is not None:
        before = text[text.rfind("\n", 0, mark.index) + 1:mark.index].rstrip()
        if before.endswith(("'", '"')) and before.lstrip(" -").split(":", 1)[-1].strip():
            return error(path, mark.line + 1, mark.column + 1, "yaml-syntax",
                         "more text follows a quoted value that is already closed (a quote inside the value ends it)",
                         "inside '...' write an apostrophe twice (''), or put the whole value in double quotes")
    if mark is not None and any(words in problem for words in _ALIGNMENT):
        lines = text.split("\n")
        told = _misindented(lines, mark.line, mark.column, "mapping values" in problem)
        if told is not None:
            # Pointed at the line's first character: the indentation is the mistake.
            column = len(lines[mark.line]) - len(lines[mark.line].lstrip(" ")) + 1
            return error(path, mark.line + 1, column, "yaml-syntax", *told)
    for words, where, message, hint, at_context in _PLAIN_SYNTAX:
        if words in problem and where in context:
            if at_context and exc.context_mark is not None:
                mark = exc.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            return error(path, line, column, "yaml-syntax", message.replace("{char}", at), hint)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    message = f"YAML syntax error: {problem}"
    if context:
        message += f" ({context})"
    return error(path, line, column, "yaml-syntax", message)
