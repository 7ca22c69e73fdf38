"""The cold read's shortcuts give the answers of the slow ways they stand in for.

read_bytes rules out the control-character regexes by literal byte searches and collects the
language codes while it builds values; these tests hold each shortcut to the plain definition,
over every character near a boundary of the sets involved.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from commentmatrix.model.textfacts import HIDDEN, WORD_FORBIDDEN, may_hold_controls, scanned_bytes, text_facts
from commentmatrix.read.yaml_reader import control_characters, printable_utf8, read_bytes

EXAMPLE = Path(__file__).resolve().parent.parent

# Every C0 and C1 control, DEL, the edges of the printable ranges, the noncharacters, the bidi
# controls and their neighbours, the byte-order mark, and ordinary Latin, CJK and emoji.
BOUNDARY = sorted({*range(0x00, 0xC0), 0xD7FF, 0xE000, 0xEFBF, 0xFEFF, 0xFF0C, 0xFFFC, 0xFFFD, 0xFFFE, 0xFFFF,
                   *range(0x2000, 0x2070), 0x10000, 0x1F600, 0x10FFFF, ord("越"), ord("ລ")})


@pytest.mark.parametrize("code", BOUNDARY)
def test_printable_shortcut_never_hides_a_control_character(code):
    text = f"a: x{chr(code)}y\n"
    raw = text.encode("utf-8")
    if printable_utf8(raw):
        assert control_characters(text, "f.yaml") == []
    else:  # the shortcut stands aside only where a character is near the forbidden ones
        assert code < 0x20 or 0x7F <= code < 0xC0 or code in (0xFFFE, 0xFFFF)


def _c_printable(code: int) -> bool:
    """YAML 1.2, production 1 (c-printable), as the specification writes it."""
    return (code in (0x09, 0x0A, 0x0D, 0x85) or 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF)


@pytest.mark.parametrize("code", [*BOUNDARY, 0xD800, 0xDBFF, 0xDC00, 0xDFFF])
def test_control_characters_are_those_outside_yaml_printable(code):
    text = f"a: x{chr(code)}y\n"
    found = control_characters(text, "f.yaml")
    assert bool(found) is (not _c_printable(code)), hex(code)
    if found:
        assert (found[0].line, found[0].column) == (1, 5)


@pytest.mark.parametrize("code", BOUNDARY)
def test_controls_fact_is_its_definition(code):
    for text in (f"a: x{chr(code)}y\n", f"{chr(code)}", f"a: 越南{chr(code)}\n"):
        raw = text.encode("utf-8")
        # U+FFFE and U+FFFF written raw are refused by the reader (control_characters) first.
        seen = text.replace("\ufffe", "").replace("\uffff", "")
        expected = bool(WORD_FORBIDDEN.search(seen) or HIDDEN.search(seen) or "\\" in seen)
        assert may_hold_controls(raw) is expected, (hex(code), text)


@pytest.mark.parametrize("code", BOUNDARY)
def test_one_scan_serves_both_byte_tests(code):
    # read_bytes scans a file's bytes once (scanned_bytes) for printable_utf8 and may_hold_controls.
    for text in (f"a: x{chr(code)}y\n", f"a: \\ {chr(code)} ’–\n", f"{chr(code)}\u200f\n"):
        raw = text.encode("utf-8")
        seen = text.replace("\ufffe", "").replace("\uffff", "")
        assert printable_utf8(raw, scanned_bytes(raw)) is printable_utf8(raw)
        if printable_utf8(raw):  # the shortcut never hides a character outside YAML's printable set
            assert all(_c_printable(ord(char)) for char in text), (hex(code), text)
        expected = bool(WORD_FORBIDDEN.search(seen) or HIDDEN.search(seen) or "\\" in seen)
        assert may_hold_controls(raw, scanned_bytes(raw)) is may_hold_controls(raw) is expected, (hex(code), text)


@pytest.mark.parametrize("text", [
    "title: {en: A, zh: 甲}\n",
    "text: {en: A, fr: 1}\n",  # not a text: a value that is no string
    "comments:\n  - text: {lo: ລາວ}\n    proposal:\n      - {replace: a, with: b, lang: km}\n      - {replace: a, lang: 3}\n",
    "a:\n  - [ {note: {vi: Việt}} ]\n  - name: plain\n",
    "replace: x\nlang: th\nnested: {insert: {my: a, th: b}}\n",
    "- {title: {en: x}}\n- other\n",
    "x: 1\n",
])
def test_languages_collected_while_reading_are_those_of_a_walk(text):
    raw = text.encode("utf-8")
    doc, problems = read_bytes(raw, "f.yaml")
    assert problems == [] and doc is not None
    assert doc.facts == text_facts(doc.data, raw)


def _random_value(chance, depth: int):
    """Mappings and lists of texts, edits and other values, as a comment file might nest them."""
    roll = chance.random()
    if depth > 3 or roll < 0.35:
        return chance.choice(["x", "越南", 3, None, True, "2017-09-01"])
    if roll < 0.5:
        return [_random_value(chance, depth + 1) for _ in range(chance.randint(0, 3))]
    keys = chance.sample(["title", "name", "text", "note", "insert", "contact", "replace", "lang", "with", "id", "en", "zh"],
                         chance.randint(0, 5))
    return {key: (chance.choice(["en", "zh", "th", 7]) if key == "lang" else _random_value(chance, depth + 1)) for key in keys}


def test_languages_collected_while_reading_are_those_of_a_walk_for_any_nesting():
    import json
    import random

    chance = random.Random(19)
    for _ in range(2000):
        raw = json.dumps({"comments": [_random_value(chance, 0) for _ in range(3)]}, ensure_ascii=False).encode()
        doc, problems = read_bytes(raw, "f.yaml")
        assert problems == [] and doc is not None
        assert doc.facts == text_facts(doc.data, raw), raw


def test_facts_of_the_example_project_are_those_of_a_walk():
    files = [EXAMPLE / "cm.yaml", *sorted((EXAMPLE / "drafts").glob("*.yaml")), *sorted((EXAMPLE / "comments").glob("*.yaml"))]
    assert len(files) > 3
    for path in files:
        raw = path.read_bytes()
        doc, problems = read_bytes(raw, path.name)
        assert problems == [] and doc is not None, path
        assert doc.facts == text_facts(doc.data, raw), path


# The C composer makes its nodes with read/yaml_parser's one-call classes while it composes.
NODE_TEXTS = [
    "a: [1, {b: c}, 2017-09-01]\nd: !!str x\ne:\n  - f\n  - 'g'\n? h\n: i\nn: {}\no: []\np: |\n  block\nq: >-\n  folded\n",
    "- !!map {a: b}\n- !!seq [c]\n- !custom x\n- &anchor y\n- ~\n- .inf\n- 0x1f\n",
    "stakeholder: s1\ncomments:\n  - id: S1-1\n    text: {en: Hello, zh: 你好}\n    date: 2026-01-02\n",
]


def _node_facts(node) -> tuple:
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    base = next(kind for kind in (ScalarNode, SequenceNode, MappingNode) if isinstance(node, kind))
    marks = tuple((m.line, m.column, m.index) if m is not None else None for m in (node.start_mark, node.end_mark))
    own = tuple(getattr(node, name, "-") for name in ("style", "flow_style", "comment", "anchor", "merge"))
    if base is ScalarNode:
        value: object = node.value
    else:
        value = tuple(_node_facts(item) if base is SequenceNode else (_node_facts(item[0]), _node_facts(item[1]))
                      for item in node.value)
    return base.__name__, str(node.ctag), marks, own, value


@pytest.mark.parametrize("text", NODE_TEXTS)
def test_the_composers_nodes_are_ruamels_as_ruamel_makes_them(text):
    import _ruamel_yaml

    from commentmatrix.read import yaml_parser

    ours = yaml_parser.compose(text)
    assert type(ours).__module__ == yaml_parser.__name__  # the one-call classes were used
    # The same loader with ruamel's own classes, which compose() puts back when it is done.
    assert _ruamel_yaml.ScalarNode.__module__ == "ruamel.yaml.nodes"
    theirs = yaml_parser._Loader(text).get_single_node()
    assert type(theirs).__module__ == "ruamel.yaml.nodes"
    assert _node_facts(ours) == _node_facts(theirs)


def test_the_composers_classes_are_put_back_after_a_syntax_error():
    import _ruamel_yaml
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    from commentmatrix.read import yaml_parser

    with pytest.raises(MarkedYAMLError):
        yaml_parser.compose("a: [1, 2\n")
    assert (_ruamel_yaml.ScalarNode, _ruamel_yaml.SequenceNode, _ruamel_yaml.MappingNode) == (ScalarNode, SequenceNode, MappingNode)


def test_the_example_project_reads_the_same_with_ruamels_node_classes(monkeypatch):
    from commentmatrix.read import yaml_parser

    files = [EXAMPLE / "cm.yaml", *sorted((EXAMPLE / "drafts").glob("*.yaml")), *sorted((EXAMPLE / "comments").glob("*.yaml"))]
    ours = [read_bytes(path.read_bytes(), path.name) for path in files]
    monkeypatch.setattr(yaml_parser, "_NODE_CLASSES", {})  # ruamel's classes throughout
    theirs = [read_bytes(path.read_bytes(), path.name) for path in files]
    assert [(doc.data, doc.marks, doc.facts, problems) for doc, problems in ours if doc] == \
           [(doc.data, doc.marks, doc.facts, problems) for doc, problems in theirs if doc]
    assert len([doc for doc, _ in ours if doc]) == len(files)
