"""The YAML parser's complaints in plain words: what a secretariat's typo looks like to a person.

libyaml says "mapping values are not allowed here"; a user needs "a ': ' here reads as the
start of a new field: a value containing ': ' must be quoted". Each entry below matches words of
the parser's problem and context and gives the message, the hint, and which mark to point at.
"""

from __future__ import annotations

from typing import Protocol

from commentmatrix.model.diagnostics import Diagnostic, error


class _Mark(Protocol):
    line: int
    column: int
    index: int


class ParserError(Protocol):
    """What cm reads of a ruamel MarkedYAMLError (kept as a protocol: ruamel stays in yaml_reader)."""

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
