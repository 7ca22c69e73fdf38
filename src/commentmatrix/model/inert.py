"""Untrusted text made visible and inert before cm prints it: the one sanitiser of every output
channel (terminal, logs, GitHub workflow commands, Markdown; JSON and SARIF stay JSON-escaped).

Comment files, templates and file names come from outside contributors. A terminal obeys the
escape sequences in what it is sent (ESC `]0;` sets the window title, OSC 8 makes links,
`ESC [2J` clears the screen, a carriage return overwrites the line), a CI log obeys lines that
start with `::`, and bidirectional overrides reorder what a reader sees. Here every such character
becomes a marker that shows what was there and does nothing:

- C0 controls (tab and line feed kept where the layout allows), DEL and C1 controls as
  `\\x1b`, `\\x7f`, `\\x9b` (two hex digits); tab, line feed and carriage return, where they are
  not kept, as `\\t`, `\\n`, `\\r`;
- line and paragraph separators and the bidi embeddings, overrides and isolates (U+2028, U+2029,
  U+202A-U+202E, U+2066-U+2069) as `<U+202E>`.

A marker is for reading, not for reversing: a text that holds a backslash and `x1b` of its own
looks the same. `cm validate` reports the characters themselves (rules `control-character` and
`hidden-character`) at their line and column.
"""

from __future__ import annotations

import re

# Tab (0x09) and line feed (0x0A) are decided per call; everything else here is always a marker.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# Characters that reorder text as displayed without being seen (Trojan Source, CVE-2021-42574).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def marker(char: str) -> str:
    """How one character is shown: `\\x1b`, `\\n`, `<U+202E>`."""
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0x9F else f"<U+{code:04X}>"


def visible(value: str, keep: str = "") -> str:
    """`value` with every control, separator and bidi control as its marker, except the
    characters in `keep` (tab, line feed)."""
    if not _CONTROLS.search(value):  # the common case: nothing to do, no copy
        return value
    return _CONTROLS.sub(lambda m: m.group() if m.group() in keep else marker(m.group()), value)


def terminal_text(value: str) -> str:
    """Text for a terminal whose layout has room for lines: tabs and line feeds kept."""
    return visible(value, "\t\n")


def one_line(value: str) -> str:
    """Text for one line of a terminal, a log or a report: a line feed becomes `\\n`."""
    return visible(value, "\t")


# ---------------------------------------------------------------- GitHub workflow commands

def workflow_data(*lines: str) -> str:
    """The message of a workflow command (`::error ...::MESSAGE`): each line made inert, then
    joined by cm's own line breaks, escaped as GitHub reads them (`%`, CR, LF)."""
    return "%0A".join(one_line(line).replace("%", "%25") for line in lines)


def workflow_property(value: str) -> str:
    """A property of a workflow command (`file=`, `title=`): also `:` and `,` escaped."""
    return workflow_data(value).replace(":", "%3A").replace(",", "%2C")


def not_a_command(line: str) -> str:
    """A line of cm's plain report as it may stand in a CI log: a line that would start with
    `::` (a workflow command) is indented by one space. Values are one line already
    (`one_line`); this is the last guard of the log, whatever a message is built from."""
    return " " + line if line.startswith("::") else line


# ---------------------------------------------------------------- JSON

_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(document: str) -> str:
    """A JSON document (from `json.dumps(..., ensure_ascii=False)`, which escapes C0 controls
    already) with DEL, C1 controls, separators and bidi controls written as `\\u` escapes too:
    the same data, and nothing a terminal obeys when the JSON is printed to one. Such characters
    can stand only inside JSON strings, where an escape means the same character."""
    if not _JSON_RAW.search(document):
        return document
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", document)
