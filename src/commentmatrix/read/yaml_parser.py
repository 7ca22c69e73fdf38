"""YAML text into plain Python values with ruamel.yaml's C composer: the node tree keeps
line/column marks at C speed, and the values are built here, so that this module can refuse what
the format never needs and what makes YAML dangerous: aliases (billion laughs), application and
Python tags, merge keys, duplicate keys.

The one module that reads with ruamel.yaml. read/yaml_reader.py imports it only when a text must
be parsed, or composed again to point at a problem: a run whose files all come from the parse
cache never loads it (some 15 ms of every start).
Round-trip editing is a different job (write/yaml_edit.py).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent, StreamEndEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import Resolver
from ruamel.yaml.tag import Tag

try:  # ruamel.yaml.clib is a declared dependency; the pure-Python loader is a slow fallback.
    import _ruamel_yaml  # type: ignore[import-not-found]  # ruamel.yaml.clib's C parser and composer
    from ruamel.yaml.cyaml import CSafeLoader as _BaseLoader

    _composer_module: Any = _ruamel_yaml
except ImportError:  # pragma: no cover - exercised only on a broken install
    from ruamel.yaml.main import SafeLoader as _BaseLoader  # type: ignore[assignment]

    _composer_module = None

from commentmatrix.model.collector import collector_paused
from commentmatrix.model.diagnostics import Diagnostic, error
from commentmatrix.model.textfacts import language_of_text
from commentmatrix.read.yaml_messages import syntax_diagnostic

MAX_DEPTH = 64

Path = tuple[str | int, ...]
#: Where the items of a document's top-level lists start (YamlDocument.marks).
Marks = dict[str, list[list[int]]]

# The C composer recurses per nesting level and crashes the process (stack overflow) somewhere
# past 10,000 levels: such input is refused before it reaches the composer. How deep a file nests
# is measured by the C parser itself (its event stream: libyaml keeps its own stack on the heap
# and skips comments, quoted and block scalars exactly as the composer will), so no comment full
# of ']' or bracket inside a string can hide an opening. That pass costs about half a compose, so
# it runs only when a cheap bound (_NESTING_BOUND) cannot rule deep nesting out.
MAX_NESTING_ESTIMATE = 1000
# A bound on the depth any text can reach, from two counts: each '[' or '{' opens at most two
# levels (a flow sequence and the single-pair mapping `[a: [...]]` inside it), and a block
# collection opens only at a column preceded on its line by indentation and the indicators
# '-', '?', ':' alone, each column at most once on the way down, twice with an indentless
# sequence (`a:` then `- b`); a byte-order mark at a line's start takes a column too. With
# fewer than 200 brackets and no line whose prefix of those characters is 200 long, the depth stays under 2 * 200 + 2 * 201 + 1 = 803 levels.
_NESTING_BOUND = 200
_LONG_PREFIX = re.compile(rf"[-?: \t\ufeff]{{{_NESTING_BOUND}}}")
_LONG_PREFIX_LINE = re.compile(rf"\n[-?: \t\ufeff]{{{_NESTING_BOUND}}}")
# YAML also ends lines with CR, NEL and the Unicode line and paragraph separators.
_LONG_PREFIX_ANY_BREAK = re.compile(rf"[\r\n\x85\u2028\u2029][-?: \t\ufeff]{{{_NESTING_BOUND}}}")
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")

_CORE = "tag:yaml.org,2002:"
_intern = sys.intern
_DECIMAL_INT = re.compile(r"[-+]?[0-9][0-9_]*")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")

# One shared Tag per tag: comparing tags by identity is what makes building values fast.
_TAGS: dict[str, Tag] = {}


def _tag(name: str) -> Tag:
    if name not in _TAGS:
        _TAGS[name] = Tag(suffix=name)
    return _TAGS[name]


_STR, _SEQ, _MAP = _tag(_CORE + "str"), _tag(_CORE + "seq"), _tag(_CORE + "map")
# ruamel's own YAML 1.2 table of implicit types, keyed by first character ('' for empty). Its
# patterns come wrapped for lazy compiling, which costs two Python calls per match: compiled
# again from their pattern and flags (the same regular expressions), they are matched from C.
_IMPLICIT = {first: tuple((_tag(tag), re.compile(regexp.pattern, regexp.flags).match) for tag, regexp in resolvers)
             for first, resolvers in Resolver.yaml_implicit_resolvers.items() if first is not None}


class _Scalar(ScalarNode):
    """ruamel's ScalarNode, made in one Python call instead of two (ScalarNode's, then Node's):
    the C composer makes one per scalar, the bulk of a file. The same attributes, set the same."""

    __slots__ = ()

    def __init__(self, tag: Any, value: Any, start_mark: Any = None, end_mark: Any = None, style: Any = None,
                 comment: Any = None, anchor: Any = None) -> None:
        self.ctag = tag if isinstance(tag, Tag) else Tag(suffix=tag)
        self.value, self.start_mark, self.end_mark, self.comment, self.anchor, self.style = \
            value, start_mark, end_mark, comment, anchor, style


class _Sequence(SequenceNode):
    """ruamel's SequenceNode in one Python call instead of two (see _Scalar)."""

    __slots__ = ()

    def __init__(self, tag: Any, value: Any, start_mark: Any = None, end_mark: Any = None, flow_style: Any = None,
                 comment: Any = None, anchor: Any = None) -> None:
        self.ctag = tag if isinstance(tag, Tag) else Tag(suffix=tag)
        self.value, self.start_mark, self.end_mark, self.comment, self.flow_style, self.anchor = \
            value, start_mark, end_mark, comment, flow_style, anchor


class _Mapping(MappingNode):
    """ruamel's MappingNode in one Python call instead of three (see _Scalar)."""

    __slots__ = ()

    def __init__(self, tag: Any, value: Any, start_mark: Any = None, end_mark: Any = None, flow_style: Any = None,
                 comment: Any = None, anchor: Any = None) -> None:
        self.ctag = tag if isinstance(tag, Tag) else Tag(suffix=tag)
        self.value, self.start_mark, self.end_mark, self.comment, self.flow_style, self.anchor, self.merge = \
            value, start_mark, end_mark, comment, flow_style, anchor, None


#: What the C composer makes nodes with (module globals it looks up at each node), and ours.
_NODE_CLASSES = {"ScalarNode": _Scalar, "SequenceNode": _Sequence, "MappingNode": _Mapping}


class _Loader(_BaseLoader):
    """The C composer with YAML 1.2 resolution done by table lookup.

    ruamel's resolver, called from C for every node, spends most of the parse in Python
    bookkeeping for path resolvers this format never uses; the result is the same tag.
    """

    # The composer calls these two around every node, for path resolvers; builtins that take
    # the same arguments and do nothing cost no Python frame (slice(parent, index), tuple()),
    # and their results are dropped: hence a type other than ruamel's declared None-returners.
    descend_resolver = slice  # type: ignore[assignment]
    ascend_resolver = tuple  # type: ignore[assignment]

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Tag:
        # `kind` is the class the composer makes the node with: ours (compose), or ruamel's.
        if kind is _Scalar or kind is ScalarNode:
            if implicit[0]:
                resolvers = _IMPLICIT.get(value[:1])
                if resolvers is not None:  # most values start with a letter no type starts with
                    for tag, match in resolvers:
                        if match(value):
                            return tag
            return _STR
        return _SEQ if kind is _Sequence or kind is SequenceNode else _MAP


def compose(text: str) -> Node | None:
    """The node tree of one YAML document (marks keep line and column)."""
    loader = _Loader(text)
    # The C composer's node classes are ours while it composes, ruamel's again after: nothing
    # else that composes with it in this process sees the change.
    swapped = {name: getattr(_composer_module, name, None) for name in _NODE_CLASSES} if _composer_module else {}
    # A tree is a node and two marks per value, none in a cycle. Composed again after loading,
    # to point at problems, the trees of a project's files set off collection after collection,
    # each walking all the trees composed so far (a third of a second at 5,000 comments).
    try:
        for name, ours in _NODE_CLASSES.items():
            if swapped.get(name) is not None:
                setattr(_composer_module, name, ours)
        with collector_paused():
            return loader.get_single_node()
    finally:
        for name, theirs in swapped.items():
            if theirs is not None:
                setattr(_composer_module, name, theirs)
        # ruamel's loader refers to itself as its parser, composer, constructor and resolver:
        # unlinked, reference counting frees it at once. Left as a cycle, it outlived the read:
        # the collector is paused while loading and the loaded heap then frozen (open_project).
        loader.__dict__.clear()

class _Refused(Exception):
    def __init__(self, node: Node, rule: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.node, self.rule, self.message, self.hint = node, rule, message, hint


def parse(text: str, path: str, languages: set[str]) -> tuple[Any, Marks] | Diagnostic:
    """The data of one YAML document and its items' marks, the language codes its texts use (as
    model/textfacts counts them) added to `languages`; or the problem that keeps it from being read."""
    too_deep = nesting_beyond_limit(text)
    if too_deep:
        return error(path, too_deep[0], too_deep[1], "too-deep",
                     f"the data nests more than {MAX_NESTING_ESTIMATE} levels deep, far beyond any cm file",
                     "cm files nest a few levels: sections, comments, edits")
    try:
        root = compose(text)
    except MarkedYAMLError as exc:
        return syntax_diagnostic(exc, path, text)
    except YAMLError as exc:
        return error(path, 1, 1, "yaml-syntax", f"YAML syntax error: {exc}")
    except RecursionError:
        return error(path, 1, 1, "too-deep", "the file nests too deeply to be read")
    if root is None:
        return None, {}
    try:
        data = _construct(root, 0, set(), languages)
    except _Refused as exc:
        mark = exc.node.start_mark
        return error(path, mark.line + 1, mark.column + 1, exc.rule, exc.message, exc.hint)
    return data, _item_marks(root)


def position(root: Node | None, path: Path, key: bool) -> tuple[int, int]:
    """1-based (line, column) in the tree of the value at `path`, or of its key when `key` is
    true (see YamlDocument.position)."""
    if root is None:
        return (1, 1)
    node = root
    key_node: Node | None = None
    for element in path:
        found = _child(node, element)
        if found is None:
            continue
        key_node, node = found
    target = key_node if (key and key_node is not None) else node
    return (target.start_mark.line + 1, target.start_mark.column + 1)


def raw_scalar(root: Node | None, path: Path) -> str:
    """The scalar at `path` in the tree exactly as written, or ''."""
    node = root
    for element in path:
        found = _child(node, element) if node is not None else None
        if found is not None:
            node = found[1]
    return node.value if isinstance(node, ScalarNode) else ""


def _child(node: Node, element: str | int) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode) and isinstance(element, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == element:
                return key_node, value_node
    elif isinstance(node, SequenceNode) and isinstance(element, int) and 0 <= element < len(node.value):
        return None, node.value[element]
    return None


def _item_marks(root: Node) -> Marks:
    """Where each item of the top-level lists starts, and its id: what every run reports."""
    marks: Marks = {}
    if not isinstance(root, MappingNode):
        return marks
    for key_node, value_node in root.value:
        if not isinstance(value_node, SequenceNode) or not isinstance(key_node, ScalarNode):
            continue
        items = marks[key_node.value] = []
        for item in value_node.value:
            id_line = id_column = 0
            if isinstance(item, MappingNode):
                for item_key, item_value in item.value:
                    if isinstance(item_key, ScalarNode) and item_key.value == "id":
                        id_line, id_column = item_value.start_mark.line + 1, item_value.start_mark.column + 1
                        break
            items.append([item.start_mark.line + 1, item.start_mark.column + 1, id_line, id_column])
    return marks


def might_nest_too_deep(text: str) -> bool:
    """Whether the text could nest past the limit (false: it cannot; see _NESTING_BOUND)."""
    if text.count("[") + text.count("{") >= _NESTING_BOUND:
        return True
    if _LONG_PREFIX.match(text):
        return True
    if any(brk in text for brk in _OTHER_BREAKS):
        return _LONG_PREFIX_ANY_BREAK.search(text) is not None
    return _LONG_PREFIX_LINE.search(text) is not None


def nesting_beyond_limit(text: str) -> tuple[int, int] | None:
    """1-based (line, column) of the first collection nested past the limit, or None.

    Counted on the C parser's events, which do not recurse: comments, quoted and block scalars
    are skipped by the parser itself. A syntax error ends the count (the composer reports it).
    """
    if not might_nest_too_deep(text):
        return None
    parser = _Loader(text)
    depth = 0
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, StreamEndEvent):
                return None
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING_ESTIMATE:
                    mark = event.start_mark
                    return mark.line + 1, mark.column + 1
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        return None
    finally:
        parser.dispose()
        parser.__dict__.clear()  # as in compose: no cycle left behind


def _construct(node: Node, depth: int, seen: set[int], languages: set[str]) -> Any:
    # The hot loop of every read: plain strings (the bulk of a comment file) are handled first.
    # The language codes are collected on the way (see model/textfacts), saving a second walk.
    tag = node.ctag
    if tag is _STR and depth <= MAX_DEPTH and node.__class__ is _Scalar:
        return node.value
    if depth > MAX_DEPTH:
        raise _Refused(node, "too-deep", f"the data nests more than {MAX_DEPTH} levels deep",
                       "cm files nest a few levels: sections, comments, edits")
    if id(node) in seen:
        raise _Refused(node, "yaml-alias", "this value is used twice through a YAML anchor and alias (&name, *name), which cm files do not allow",
                       "write the value out in full instead of referring to an anchor")
    if isinstance(node, ScalarNode):
        return _scalar(node)
    seen.add(id(node))
    depth += 1
    if isinstance(node, SequenceNode):
        if tag is not _SEQ and str(tag) != _CORE + "seq":
            raise _tag_refused(node)
        return [_construct(item, depth, seen, languages) for item in node.value]
    if isinstance(node, MappingNode):
        if tag is not _MAP and str(tag) != _CORE + "map":
            raise _tag_refused(node)
        result: dict[str, Any] = {}
        shallow = depth <= MAX_DEPTH
        for key_node, value_node in node.value:
            # Keys interned: a comment file repeats a dozen keys per comment, and one string for
            # each is pickled once per file (read/documents.py: dumped 40 % faster, 7 % smaller)
            # and kept once in memory.
            if key_node.ctag is _STR and key_node.__class__ is _Scalar:
                key = _intern(key_node.value)
            else:
                key = _intern(_key(key_node))
            if key in result:
                first = next(k for k, _ in node.value if isinstance(k, ScalarNode) and k.value == key_node.value)
                raise _Refused(key_node, "duplicate-key",
                               f"duplicate key '{key}' (first given on line {first.start_mark.line + 1})",
                               "keep one of the two; YAML would silently drop the first")
            if value_node.ctag is _STR and shallow and value_node.__class__ is _Scalar:
                result[key] = value_node.value
            else:
                value = result[key] = _construct(value_node, depth, seen, languages)
                # textfacts.mapping_languages as each value is built, not in a second pass over
                # every key: a string never names a language, a text given per language does.
                if type(value) is dict and language_of_text(key, value):
                    languages.update(value)
        if "replace" in result:  # an edit's lang (mapping_languages)
            code = result.get("lang")
            if isinstance(code, str):
                languages.add(code)
        return result
    raise _Refused(node, "yaml-syntax", "unsupported YAML node")  # pragma: no cover


def _key(key_node: Node) -> str:
    if not isinstance(key_node, ScalarNode):
        raise _Refused(key_node, "yaml-key", "a key must be a plain word, not a list or mapping")
    if str(key_node.ctag) == _CORE + "merge":
        raise _Refused(key_node, "yaml-alias", "YAML merge keys (<<) are not allowed in cm files",
                       "write the fields out in full")
    key = _scalar(key_node)
    return key if isinstance(key, str) else key_node.value


def _tag_refused(node: Node) -> _Refused:
    tag = str(node.ctag)  # as in _scalar: the composer has resolved every node's tag
    shown = "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
    return _Refused(node, "yaml-tag", f"the YAML tag '{shown}' is not allowed in cm files",
                    "remove the tag; only plain strings, numbers, dates, lists and mappings are used")


def _scalar(node: ScalarNode) -> Any:
    tag, value = str(node.ctag), node.value
    if not tag.startswith(_CORE):
        raise _tag_refused(node)
    kind = tag[len(_CORE):]
    try:
        if kind == "str":
            return value
        if kind == "null":
            return None
        if kind == "bool":
            return value.lower() == "true"
        if kind == "int":
            return _int(value)
        if kind == "float":
            return _float(value)
        if kind == "timestamp":
            return _timestamp(value)
    except ValueError:
        raise _Refused(node, "yaml-value", f"'{value}' is not a valid {'date' if kind == 'timestamp' else kind}",
                       "a date is written YYYY-MM-DD and must exist in the calendar" if kind == "timestamp" else None) from None
    raise _tag_refused(node)


def _int(value: str) -> int:
    if _DECIMAL_INT.fullmatch(value):
        return int(value.replace("_", ""))
    return int(value.replace("_", ""), 0)


def _float(value: str) -> float:
    lowered = value.lower().replace("_", "")
    if lowered in (".inf", "+.inf"):
        return math.inf
    if lowered == "-.inf":
        return -math.inf
    if lowered == ".nan":
        return math.nan
    return float(lowered)


def _timestamp(value: str) -> dt.date | dt.datetime:
    match = _DATE.fullmatch(value)
    if match:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return dt.datetime.fromisoformat(value.replace("t", "T").replace("z", "Z"))
