"""Edit a YAML file in place, changing only the lines the edit is about.

ruamel.yaml's round-trip mode keeps comments, key order, quoting and flow style, dumped with the
file's own indentation, width and line breaks. Its output is still not byte-faithful for every
valid style (comment columns after wide characters, odd indentation), so the edit is carried
over as a patch: the lines that differ between a dump of the unchanged data and a dump of the
changed data replace the matching lines of the original text, and every other line stays as it
was, byte for byte, with its own line ending. The file's encoding and byte-order mark are kept.

This is the only module that uses ruamel.yaml's round-trip mode (read/yaml_parser.py reads with the C
composer for speed and positions).
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from commentmatrix.model.errors import Refusal
from commentmatrix.read.encoding import detect
from commentmatrix.read.yaml_reader import read_text

_KEY_LINES = re.compile(r"^( *)((?:- +)*)[^\s#-][^:#\n]*:(?:\s|$)", re.MULTILINE)


class EditProblem(Refusal):
    """The file cannot be edited safely (it does not parse, or the edit would not round-trip)."""


@dataclass
class YamlFile:
    """A file loaded for editing: round-trip data plus everything needed to write it back alike."""

    text: str
    data: Any
    bom: bytes
    encoding: str
    newline: str
    mapping_indent: int
    sequence_indent: int
    offset: int
    before: str | None = None  # the dump of the data as loaded, taken before any change


    def yaml(self) -> YAML:
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 1 << 30
        yaml.indent(mapping=self.mapping_indent, sequence=self.sequence_indent, offset=self.offset)
        return yaml

    def render(self, data: Any) -> str:
        stream = io.StringIO()
        self.yaml().dump(data, stream)
        return stream.getvalue()

    def dump(self, data: Any) -> bytes:
        """The file's bytes with `data` in place of what was loaded, untouched lines kept verbatim."""
        before = self.before if self.before is not None else self.render(self.yaml().load(self.text.replace("\r\n", "\n")))
        after = self.render(data)
        text = merge(self.text, before, after, self.newline)
        if _parsed(text) != _parsed(after):
            # The patch could not be carried over cleanly: the plain dump is right, if less tidy.
            text = after.replace("\n", self.newline)
        return self.bom + text.encode(self.encoding)


def load(raw: bytes) -> YamlFile:
    text, bom, encoding = _decoded(raw)
    plain = text.replace("\r\n", "\n")
    try:
        data = _round_trip_loader().load(plain)
    except YAMLError as exc:
        raise EditProblem(f"the file is not valid YAML: {exc}") from None
    yaml_file = YamlFile(text, data, bom, encoding, _newline(text), *_style(plain))
    yaml_file.before = yaml_file.render(data)  # before the caller changes anything: `dump` diffs against it
    return yaml_file


def _decoded(raw: bytes) -> tuple[str, bytes, str]:
    found = detect(raw)
    try:
        return raw[len(found.bom):].decode(found.codec), found.bom, found.codec
    except UnicodeDecodeError as exc:
        raise EditProblem(f"the file is not valid {found.shown} ({exc.reason})") from None


def _newline(text: str) -> str:
    return "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"


def _round_trip_loader() -> YAML:
    loader = YAML(typ="rt")
    loader.preserve_quotes = True
    return loader


class _GuessOnly:
    """Stands in for the loader of load_yaml_guess_indent: its guess is a scan of the text up to
    the first list item, and the load it then makes of the whole text is what an edit of one
    item must not pay for."""

    def load(self, text: str) -> None:
        return None


def _style(plain: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) of the whole file, as every edit dumps it."""
    try:
        _, sequence_indent, offset = load_yaml_guess_indent(plain, yaml=_GuessOnly())
    except IndexError:  # ruamel's scan runs off a line of only dashes and spaces (`  -` after `key:`)
        sequence_indent = offset = None
    mapping_indent = _mapping_indent(plain)
    if sequence_indent is None:  # no block list yet: the house style, dashes indented under their key
        sequence_indent, offset = mapping_indent + 2, mapping_indent
    return mapping_indent, sequence_indent, offset or 0


@dataclass(frozen=True)
class ItemPlace:
    """Where one item of a top-level block list is, as the reader found it in the same bytes:
    the 1-based (line, column) of the item and of the item after it (None for the last one),
    and the item's data as read, which the lines cut out must parse to before they are edited."""

    start: tuple[int, int]
    following: tuple[int, int] | None
    expected: Any


@dataclass(frozen=True)
class ReplacedLines:
    """How an edit of one item changed the file's lines: lines first..first+removed (0-based)
    became `added` lines, which are `item` (the edited item's lines, endings as `\n`). The same
    counted as the reader's marks count lines (every YAML line break: CR, NEL, U+2028, U+2029
    too): the item began on line `mark_first` and took `mark_removed` breaks, now `mark_added`."""

    first: int
    removed: int
    added: int
    item: str
    mark_first: int
    mark_removed: int
    mark_added: int


def edit_item(raw: bytes, key: str, index: int, place: ItemPlace | None, change: Callable[[Any], None]) -> tuple[bytes, ReplacedLines | None]:
    """The file's bytes with `change` made to item `index` of the top-level list `key`.

    When `place` isolates the item's lines, only those lines are loaded, edited, dumped and
    merged back (under a `key:` line standing in for the rest of the file), so the cost does not
    grow with the file and every other line is kept by construction. When it does not (no place,
    a flow list, lines that do not parse to the item on their own, an edit whose lines would not
    stay inside the item), the whole file is loaded and `change` is made again there: it must
    make the same change each time it is called. The second value says which lines the item
    took, when only they were edited (None after the whole-file path).
    """
    text, bom, encoding = _decoded(raw)
    piece = _cut(text, key, place) if place is not None else None
    if piece is not None:
        item = piece.edit(change)
        if item is not None:
            edited = "".join(piece.lines[:piece.first]) + item + "".join(piece.lines[piece.end:])
            old_item = "".join(piece.lines[piece.first:piece.end])
            spliced = ReplacedLines(piece.first, piece.end - piece.first, len(_lines(item)), item.replace("\r\n", "\n"),
                              piece.mark_first, _breaks(old_item), _breaks(item))
            return bom + edited.encode(encoding), spliced
    whole = load(raw)
    change(whole.data[key][index])
    return whole.dump(whole.data), None


_SIMPLE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_DASH = re.compile(r"( *)- +")


@dataclass
class _Piece:
    """The lines of one list item cut out of a file, with what is needed to put them back."""

    text: str  # the whole file
    lines: list[str]  # the whole file's lines, endings kept
    first: int  # 0-based index of the item's first line
    end: int  # index of the first line after it
    dash: int  # the column of the item's dash
    key: str
    mark_first: int  # the first line as the reader's marks count lines (0-based)

    def edit(self, change: Callable[[Any], None]) -> str | None:
        """The item's lines with `change` made, or None when they cannot be trusted to stand for
        the item in the file (the caller then edits the whole file)."""
        plain_text = self.text.replace("\r\n", "\n")
        head = f"{self.key}:"
        before_item = _ending(self.lines[self.first - 1]) if self.first else _newline(self.text)
        original = head + before_item + "".join(self.lines[self.first:self.end])
        wrapped = original.replace("\r\n", "\n")
        try:
            data = _round_trip_loader().load(wrapped)
        except YAMLError:
            return None
        mapping_indent, sequence_indent, offset = _style(plain_text)
        piece = YamlFile(original, data, b"", "utf-8", _newline(self.text), mapping_indent, sequence_indent, offset)
        before = piece.render(data)
        change(data[self.key][0])
        after = piece.render(data)
        merged = merge(original, before, after, piece.newline)
        if not merged.startswith(head + before_item) or _parsed(merged) != _parsed(after):
            return None
        item = merged[len(head + before_item):]
        return item if self._stays_inside(item) else None

    def _stays_inside(self, item: str) -> bool:
        """Whether the edited lines are still one item at the dash's column: its first line the
        dash, every other line blank, a comment or indented deeper."""
        lines = _lines(item)
        if not lines:
            return False
        found = _DASH.match(lines[0])
        if found is None or len(found.group(1)) != self.dash:
            return False
        if self.end < len(self.lines) and not lines[-1].endswith("\n"):
            return False
        for line in lines[1:]:
            body = _body(line)
            content = body.lstrip(" ")
            if content and not content.startswith("#") and len(body) - len(content) <= self.dash:
                return False
        return True


def _cut(text: str, key: str, place: ItemPlace) -> _Piece | None:
    """The piece of `text` holding the item at `place`, if it can be told exactly; else None."""
    if not _SIMPLE_KEY.fullmatch(key):
        return None
    lines = _lines(text)
    at_line = _line_index(text, lines)
    line, column = place.start
    first = at_line(line - 1)
    if first is None:
        return None
    dash = _dash_before(lines[first], column)
    if dash is None:
        return None
    if place.following is not None:
        end = at_line(place.following[0] - 1)
        if end is None or not first < end or _dash_before(lines[end], place.following[1]) != dash:
            return None
    else:
        end = first + 1
        while end < len(lines):
            body = _body(lines[end])
            content = body.lstrip(" ")
            if content and not content.startswith("#") and len(body) - len(content) <= dash:
                break
            end += 1
    piece = _Piece(text, lines, first, end, dash, key, line - 1)
    alone = f"{key}:\n" + "".join(lines[first:end]).replace("\r\n", "\n")
    if _parsed(alone) != {key: [place.expected]}:
        return None  # the lines hold more, or less, than the item: a boundary was not where it seemed
    return piece


_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")


def _breaks(text: str) -> int:
    """How many line breaks YAML (and so the reader's marks) counts in `text`."""
    return (text.count("\n") + text.count("\r") - text.count("\r\n") + text.count("\x85")
            + text.count("\u2028") + text.count("\u2029"))


def _line_index(text: str, lines: list[str]) -> Callable[[int], int | None]:
    """From a line as the reader's marks count (0-based) to the index of the `\n`-ended line
    starting there; None when that line does not start one (it follows a U+2028, say)."""
    if not _OTHER_BREAKS.search(text.replace("\r\n", "\n")):
        return lambda mark: mark if 0 <= mark < len(lines) else None
    starts: dict[int, int] = {}
    counted = 0
    for index, line in enumerate(lines):
        starts[counted] = index
        counted += _breaks(line)
    return starts.get


def _dash_before(line: str, column: int) -> int | None:
    """The column of the block-list dash that the item starting at `column` (1-based) follows on
    `line`, when nothing but indentation, that dash and spaces come before it."""
    found = _DASH.fullmatch(line[: column - 1])
    return len(found.group(1)) if found else None


def new_file(data: Any, *, mapping_indent: int = 2, sequence_indent: int = 4, offset: int = 2) -> bytes:
    """A new file in the house style: 2-space mappings, list dashes indented under their key."""
    yaml_file = YamlFile("", None, b"", "utf-8", "\n", mapping_indent, sequence_indent, offset)
    return yaml_file.render(data).encode("utf-8")


def _mapping_indent(text: str) -> int:
    """The smallest step between a key and the keys nested under it (2 when there is none)."""
    # One C scan of the text finds the key lines (indentation, list dashes); only the columns
    # are worked out in Python: a line-by-line loop cost a second on a 20,000-comment file.
    found = _KEY_LINES.findall(text)
    columns = [len(spaces) + len(dashes) for spaces, dashes in found]
    steps: dict[int, int] = {}
    for previous, column, (_, dashes) in zip(columns, columns[1:], found[1:]):
        if column > previous and not dashes:
            steps[column - previous] = steps.get(column - previous, 0) + 1
    return min(steps, key=lambda step: (-steps[step], step)) if steps else 2


def _parsed(text: str) -> Any:
    doc, problems = read_text(text, "")
    return None if doc is None or problems else doc.data


# ---------------------------------------------------------------- carrying a dump's change over

def merge(original: str, before: str, after: str, newline: str) -> str:
    """Apply the change from `before` to `after` (two dumps) onto `original`, line by line.

    Lines of `before` that match a line of `original` (equal, or reformatted one for one) anchor
    the change; a changed stretch whose edges fall where ruamel rewrote several lines as a
    different number of lines grows to the nearest anchors, so the result is always whole lines
    of `after` in place of whole lines of `original`. `dump` checks the result parses to `after`.

    Lines are split on `\n` only (U+2028, U+0085 and lone CRs are text inside a line, as in
    YAML), and every line of `original` not replaced keeps its own ending. A line of `after`
    takes the ending of the line it replaces, else of the line before it, else `newline`.
    """
    old_lines = _lines(original)
    old_keys = [_body(line) for line in old_lines]
    before_lines = before.split("\n")[:-1]
    after_lines = after.split("\n")[:-1]
    anchor: dict[int, int] = {}
    for tag, b1, b2, o1, o2 in _opcodes(before_lines, old_keys):
        # Equal lines anchor; so do lines ruamel merely reformatted one for one (spacing, quotes).
        if tag == "equal" or (tag == "replace" and b2 - b1 == o2 - o1):
            for step in range(b2 - b1):
                anchor[b1 + step] = o1 + step
    pieces: list[str] = []
    position = 0
    # Lines after the one the dump's last line stands for are no part of the data (a `...`
    # document end marker): a change at the end of the data ends before them, or they went.
    end = anchor[len(before_lines) - 1] + 1 if len(before_lines) - 1 in anchor else len(old_lines)
    for b1, b2, a1, a2 in _hunks(before_lines, after_lines, anchor):
        o1 = anchor[b1 - 1] + 1 if b1 else 0
        o2 = anchor[b2] if b2 < len(before_lines) else end
        pieces.extend(old_lines[position:o1])
        for step, line in enumerate(after_lines[a1:a2]):
            if o1 + step < o2 and old_lines[o1 + step].endswith("\n"):
                ending = _ending(old_lines[o1 + step])
            elif pieces and pieces[-1].endswith("\n"):
                ending = _ending(pieces[-1])
            else:
                ending = newline
            pieces.append(line + ending)
        position = o2
    pieces.extend(old_lines[position:])
    for index in range(len(pieces) - 1):
        if not pieces[index].endswith("\n"):
            pieces[index] += _ending(pieces[index - 1]) if index and pieces[index - 1].endswith("\n") else newline
    return "".join(pieces)


def _lines(text: str) -> list[str]:
    """The lines of `text`, each with its ending, split on `\n` only (unlike str.splitlines)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    if not lines[-1]:
        lines.pop()
    return lines


def _body(line: str) -> str:
    """The line without its ending (`\n` or `\r\n`)."""
    if line.endswith("\n"):
        line = line[:-1]
        if line.endswith("\r"):
            line = line[:-1]
    return line


def _ending(line: str) -> str:
    return "\r\n" if line.endswith("\r\n") else "\n"


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes from `a` to `b`, anchored first by a linear pass: the common prefix
    and suffix are equal, and what lies between, when it is as long on both sides and mostly
    equal, is matched position by position; only any other middle goes to SequenceMatcher."""
    start = 0
    limit = min(len(a), len(b))
    while start < limit and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    codes: list[tuple[str, int, int, int, int]] = []
    if start:
        codes.append(("equal", 0, start, 0, start))
    unequal = sum(a[index] != b[index] for index in range(start, end_a)) if end_a - start == end_b - start else 0
    if end_a - start == end_b - start and unequal * 2 <= end_a - start:  # else lines moved: SequenceMatcher
        run_start = start
        for index in range(start, end_a + 1):
            if index == end_a or (a[index] == b[index]) != (a[run_start] == b[run_start]):
                if index > run_start:
                    tag = "equal" if a[run_start] == b[run_start] else "replace"
                    codes.append((tag, run_start, index, run_start, index))
                run_start = index
    else:
        matcher = difflib.SequenceMatcher(None, a[start:end_a], b[start:end_b], autojunk=False)
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            codes.append((tag, start + a1, start + a2, start + b1, start + b2))
    if end_a < len(a):
        codes.append(("equal", end_a, len(a), end_b, len(b)))
    return codes


def _hunks(before: list[str], after: list[str], anchor: dict[int, int]) -> Iterator[tuple[int, int, int, int]]:
    """Changed stretches (before_start, before_end, after_start, after_end), grown to anchors."""
    grown: list[list[int]] = []
    for tag, b1, b2, a1, a2 in _opcodes(before, after):
        if tag == "equal":
            continue
        while b1 > 0 and (b1 - 1) not in anchor:
            b1, a1 = b1 - 1, a1 - 1
        while b2 < len(before) and b2 not in anchor:
            b2, a2 = b2 + 1, a2 + 1
        if grown and b1 <= grown[-1][1]:
            grown[-1][1], grown[-1][3] = max(grown[-1][1], b2), max(grown[-1][3], a2)
        else:
            grown.append([b1, b2, a1, a2])
    for b1, b2, a1, a2 in grown:
        yield b1, b2, a1, a2


# ---------------------------------------------------------------- building values

def mapping(pairs: dict[str, Any]) -> CommentedMap:
    """A block mapping for new data (nested dicts and lists become block style too)."""
    result = CommentedMap()
    for key, value in pairs.items():
        result[key] = block(value)
    return result


def block(value: Any) -> Any:
    if isinstance(value, dict) and not isinstance(value, CommentedMap):
        return mapping(value)
    if isinstance(value, list) and not isinstance(value, CommentedSeq):
        return CommentedSeq(block(item) for item in value)
    return value


def sequence(items: list[Any]) -> CommentedSeq:
    return CommentedSeq(block(item) for item in items)


def note_after(parent: CommentedMap, key: str, text: str) -> None:
    """A `# text` comment at the end of the line of `key`."""
    parent.yaml_add_eol_comment(text, key)


def comment_before(parent: CommentedMap, key: str, text: str) -> None:
    """`# ` comment lines above `key` in a new mapping."""
    parent.yaml_set_comment_before_after_key(key, before=text)


def header(document: CommentedMap, text: str) -> None:
    """`# ` comment lines at the top of a new file."""
    document.yaml_set_start_comment(text)


def quoted(value: str) -> Any:
    """A string written in double quotes: version labels and numbers like "5.10" must stay strings."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(value)


def exact_literal(value: str) -> Any:
    """A string written as a literal block exactly as it is: `|-` when it ends without a newline."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    return LiteralScalarString(value)


def literal(value: str) -> Any:
    """A string written as a `|` block, for text meant to be typed over several lines."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    return LiteralScalarString(value + "\n" if value and not value.endswith("\n") else value)


def append_item(sequence: CommentedSeq, value: Any) -> None:
    """Append to a block sequence, leaving comment lines that follow the old last item after the new one.

    ruamel hangs comment lines that follow an item (often the heading of what comes next in the
    file) on the item's last scalar; appended data would otherwise land below them.
    """
    trailing = take_trailing_comment(sequence, len(sequence) - 1) if len(sequence) else None
    sequence.append(value)
    if trailing:
        put_trailing_comment(sequence, len(sequence) - 1, trailing)


def set_key(parent: CommentedMap, key: str, value: Any) -> None:
    """Set a key; a new key at the end takes over the comment lines that followed the old last one."""
    if key in parent or not parent:
        parent[key] = value
        return
    last = list(parent)[-1]
    trailing = take_trailing_comment(parent, last)
    parent[key] = value
    if trailing:
        put_trailing_comment(parent, key, trailing)


def take_trailing_comment(parent: Any, key: Any) -> str | None:
    """Remove and return the full comment lines after the end-of-line comment of parent[key]."""
    container, slot = _last_leaf(parent, key)
    items = container.ca.items
    entry = items.get(slot)
    index = 2 if isinstance(container, CommentedMap) else 0
    if not entry or len(entry) <= index or entry[index] is None:
        return None
    token: CommentToken = entry[index]
    value = token.value
    first_break = value.find("\n")
    if first_break == -1 or first_break == len(value) - 1:
        return None
    keep, rest = value[: first_break + 1], value[first_break + 1:]
    token.value = keep
    return rest


def put_trailing_comment(parent: Any, key: Any, comment: str) -> None:
    """Hang full comment lines after the value of parent[key] (what take_trailing_comment took)."""
    container, slot = _last_leaf(parent, key)
    index = 2 if isinstance(container, CommentedMap) else 0
    entry = container.ca.items.setdefault(slot, [None, None, None, None] if index == 2 else [None, None])
    while len(entry) <= index:
        entry.append(None)
    if entry[index] is None:
        from ruamel.yaml.error import CommentMark

        entry[index] = CommentToken("\n" + comment, CommentMark(0), None)
    else:
        entry[index].value = entry[index].value.rstrip("\n") + "\n" + comment if entry[index].value.strip() else "\n" + comment


def _last_leaf(parent: Any, key: Any) -> tuple[Any, Any]:
    """The innermost (container, key) whose value is printed last under parent[key]."""
    value = parent[key]
    while isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
        parent, key = value, (list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1)
        value = parent[key]
    return parent, key
