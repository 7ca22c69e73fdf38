"""Read YAML files into plain Python data, keeping where every value came from.

What is read is checked first for what no YAML file may hold (merge-conflict markers, control
characters), then parsed by read/yaml_parser.py: ruamel.yaml's C composer, refusing what this
format never needs and what makes YAML dangerous. Round-trip editing is a different job (see
write/yaml_edit.py); this module only reads.

yaml_parser is imported in the functions below that parse or compose, never at the top: loading
ruamel.yaml and building the parser's tables took some 15 ms of every start of cm, and a run
whose files all come from the parse cache (read/documents.py), the usual `cm status` or `cm
validate`, parses nothing. tests/test_startup_imports.py keeps it so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from commentmatrix.model.diagnostics import Diagnostic, error
from commentmatrix.model.invisible import CONTROL_NAMES
from commentmatrix.model.textfacts import may_hold_controls, scanned_bytes
from commentmatrix.read.encoding import decode, detect

if TYPE_CHECKING:
    from commentmatrix.read.yaml_parser import Marks, Node

MAX_FILE_BYTES = 64 * 1024 * 1024

Path = tuple[str | int, ...]

_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)
_CONFLICT_MARKER_LINE = re.compile(r"\n(?:<{7}|={7}|>{7}|\|{7})(?: |\r?$)", re.MULTILINE)


@dataclass
class YamlDocument:
    """A parsed file: its data as plain Python values, and where each value came from.

    The node tree that knows every position is built again from `text` only when a position
    is asked for (to report a problem): keeping the trees of a large project in memory costs
    more than parsing twice the few files that have problems. `marks` holds the positions asked
    for in every run (each comment's start and id), found while reading.
    """

    path: str
    data: Any
    text: str | None = field(repr=False, default=None)
    # For each top-level list (`comments`, `stakeholders`, `sections`): per item its line, column,
    # and the line and column of its `id` value (0, 0 when it has none).
    marks: Marks = field(repr=False, default_factory=dict)
    # What the reader found out about the data once, so later steps need not walk it again
    # (model/textfacts.text_facts, set by read_bytes); cached with the data.
    facts: dict[str, Any] = field(repr=False, default_factory=dict)
    raw: bytes | None = field(repr=False, default=None)  # the file's bytes, when `text` is not kept
    _root: Node | None = field(repr=False, default=None)

    @property
    def root(self) -> Node | None:
        if self._root is None:
            text = self.text if self.text is not None else (decode(self.raw, self.path)[0] if self.raw is not None else None)
            if text is not None:
                from commentmatrix.read.yaml_parser import compose

                self._root = compose(text)
        return self._root

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`, or of its key when `key` is true.

        Elements of `path` that name nothing (a missing field, a union tag from pydantic) are
        skipped, so the answer is the deepest existing node on the way: the best place to point.
        """
        marked = self._marked(path) if not key else None
        if marked is not None:
            return marked
        from commentmatrix.read.yaml_parser import position

        return position(self.root, path, key)

    def _marked(self, path: Path) -> tuple[int, int] | None:
        if len(path) not in (2, 3) or not isinstance(path[1], int) or path[0] not in self.marks:
            return None
        items = self.marks[path[0]]
        if not 0 <= path[1] < len(items):
            return None
        line, column, id_line, id_column = items[path[1]]
        if len(path) == 2:
            return line, column
        return (id_line, id_column) if path[2] == "id" and id_line else None

    def raw_scalar(self, path: Path) -> str:
        """The scalar at `path` exactly as written (`5.10`, not the float 5.1), or ''."""
        from commentmatrix.read.yaml_parser import raw_scalar

        return raw_scalar(self.root, path)


def conflict_markers(text: str, path: str) -> list[Diagnostic]:
    # Looking at line starts only (after a newline: a fast literal search) is the cheap test.
    if not _CONFLICT_MARKER.match(text) and not _CONFLICT_MARKER_LINE.search(text):
        return []
    found = []
    for match in _CONFLICT_MARKER.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        found.append(error(path, line, 1, "merge-conflict",
                           f"git merge-conflict marker '{match.group(1)}' left in the file",
                           "resolve the conflict: keep the right lines and delete the markers"))
    return found


# What YAML 1.2 does not allow in a file (5.1 c-printable: tab, line breaks, 0x20-0x7e, 0x85,
# 0xa0-0xd7ff, 0xe000-0xfffd, 0x10000-0x10ffff); the parser refuses these with a message that gives
# a character offset, not a line. Written as the set itself, not as the negation of the printable
# ranges: the same characters, but compiled in 0.3 ms instead of 8 on every start of cm.
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


_NONCHARACTERS_UTF8 = re.compile(b"\xef\xbf[\xbe\xbf]")  # U+FFFE, U+FFFF


def printable_utf8(raw: bytes, scanned: bytes | None = None) -> bool:
    """True when `raw`, read as UTF-8, surely holds no character outside YAML's printable set;
    `scanned` is textfacts.scanned_bytes(raw), when the caller has it.

    In UTF-8, every character outside that set is a C0 control byte, DEL, or holds 0xC2 (C1) or
    EF BF BE / EF BF BF (U+FFFE, U+FFFF; surrogates do not decode): without them the regex, a
    scan character by character, finds none. A lone EF is looked for first (memchr speed), and
    the two noncharacters by one pattern, not by two searches for three bytes (4x slower)."""
    if scanned is None:
        scanned = scanned_bytes(raw)
    return not scanned.translate(None, b"\\") and not (b"\xef" in raw and _NONCHARACTERS_UTF8.search(raw))


def control_characters(text: str, path: str) -> list[Diagnostic]:
    """Where the text holds characters no YAML file (and no Word document) may hold."""
    found = []
    for match in _NOT_PRINTABLE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        char = match.group()
        name = CONTROL_NAMES.get(ord(char), "control character")
        found.append(error(path, line, column, "control-character",
                           f"the file holds the control character U+{ord(char):04X} ({name}) here, which YAML files cannot hold",
                           "delete it; it usually comes from copying out of a PDF or another program"))
        if len(found) == 10:
            break
    return found


def read_text(text: str, path: str, *, printable: bool = False) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse YAML text. Returns the document, or None with the reasons it could not be read.
    `printable`: the caller has shown the text holds only printable characters (printable_utf8)."""
    doc, problems, _ = _read_text(text, path, printable)
    return doc, problems


def _read_text(text: str, path: str, printable: bool) -> tuple[YamlDocument | None, list[Diagnostic], set[str]]:
    """read_text, and the language codes the data's texts use (as model/textfacts counts them)."""
    languages: set[str] = set()
    markers = conflict_markers(text, path) or ([] if printable else control_characters(text, path))
    if markers:
        return None, markers, languages
    from commentmatrix.read.yaml_parser import parse

    parsed = parse(text, path, languages)
    if isinstance(parsed, Diagnostic):
        return None, [parsed], languages
    data, marks = parsed
    return YamlDocument(path, data, text, marks), [], languages


def read_bytes(raw: bytes, path: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse a file's bytes; the document comes with its facts (model/textfacts.text_facts)."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [error(path, 1, 1, "too-large",
                            f"the file is {len(raw):,} bytes ({len(raw) / (1024 * 1024):.1f} MiB); "
                            f"cm reads files of up to {MAX_FILE_BYTES:,} bytes ({MAX_FILE_BYTES // (1024 * 1024)} MiB)",
                            "split it: one comment file per stakeholder and round")]
    text, problems = decode(raw, path)
    if text is None:
        return None, problems
    scanned = scanned_bytes(raw)  # one pass over the bytes for both tests
    doc, problems, languages = _read_text(text, path, detect(raw).codec == "utf-8" and printable_utf8(raw, scanned))
    if doc is not None:
        doc.text, doc.raw = None, raw  # bytes take less memory than text; decoded again if needed
        doc.facts = {"controls": may_hold_controls(raw, scanned), "languages": sorted(languages)}
    return doc, problems
