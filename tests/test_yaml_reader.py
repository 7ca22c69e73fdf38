"""The YAML reader: positions, refusals, and input that must never crash the process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from commentmatrix.read.yaml_reader import read_bytes, read_text


def test_positions_of_values_and_keys_are_one_based():
    doc, problems = read_text("a:\n  - b: 1\n    c: two\n", "f.yaml")
    assert problems == []
    assert doc.position(("a", 0, "c")) == (3, 8)
    assert doc.position(("a", 0, "c"), key=True) == (3, 5)
    # A path that names nothing points at the deepest thing that exists.
    assert doc.position(("a", 0, "missing")) == (2, 5)
    assert doc.raw_scalar(("a", 0, "b")) == "1"


def test_yaml_1_2_scalars():
    doc, _ = read_text("a: no\nb: 012\nc: 5.10\nd: '5.10'\ne: 2017-09-10\nf: ~\n", "f.yaml")
    import datetime as dt
    assert doc.data == {"a": "no", "b": 12, "c": 5.1, "d": "5.10", "e": dt.date(2017, 9, 10), "f": None}


def test_core_tags_are_fine():
    doc, problems = read_text("a: !!str 12\nb: !!int '7'\n", "f.yaml")
    assert (doc.data, problems) == ({"a": "12", "b": 7}, [])


@pytest.mark.parametrize("text", [
    "a: " + "[" * 50_000 + "]" * 50_000 + "\n",
    "a:\n" + "- " * 50_000 + "x\n",
    "a: " + "{b: " * 50_000 + "1" + "}" * 50_000 + "\n",
])
def test_hostile_nesting_is_refused_before_the_parser(text):
    doc, problems = read_text(text, "f.yaml")
    assert doc is None
    assert [(p.rule, p.line) for p in problems] in ([("too-deep", 1)], [("too-deep", 2)])


def test_hostile_nesting_does_not_crash_a_real_process():
    # The C composer overflows the stack on deep nesting: prove the guard holds in a fresh process.
    code = ("from commentmatrix.read.yaml_reader import read_text\n"
            "doc, problems = read_text('a: ' + '[' * 200000 + ']' * 200000, 'f.yaml')\n"
            "print(problems[0].rule)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (0, "too-deep\n")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_are_read_with_or_without_a_byte_order_mark(encoding):
    # YAML 1.2 (5.2) detects them by the BOM or by the zero bytes around the first ASCII character.
    doc, problems = read_bytes("a: 越南 😀\n".encode(encoding), "f.yaml")
    assert (doc.data, problems) == ({"a": "越南 😀"}, [])


def test_broken_utf16_is_refused_plainly():
    doc, problems = read_bytes(b"\xff\xfea\x00:\x00 \x00\x00\xd8", "f.yaml")
    assert doc is None
    assert [(p.line, p.column, p.rule, p.message) for p in problems] == [
        (1, 1, "encoding", "the file looks like UTF-16 text but is not valid UTF-16 (unexpected end of data)")]


@pytest.mark.parametrize("char, name", [("\x00", "NUL"), ("\x1b", "ESCAPE"), ("\x7f", "DELETE"), ("\x9f", "control character"),
                                        ("\ufffe", "not a character")])
def test_raw_control_characters_are_refused_at_their_line_and_column(char, name):
    doc, problems = read_text(f"a: 1\nb: x{char}y\n", "f.yaml")
    assert doc is None
    assert [(p.line, p.column, p.rule, p.message) for p in problems] == [
        (2, 5, "control-character",
         f"the file holds the control character U+{ord(char):04X} ({name}) here, which YAML files cannot hold")]


def test_escaped_c1_controls_and_astral_characters_are_text():
    doc, problems = read_text('a: "\\x85\\U0001F600\\u200f"\n', "f.yaml")
    assert (doc.data, problems) == ({"a": "\x85\U0001F600\u200f"}, [])


def test_huge_files_are_refused_without_parsing():
    from commentmatrix.read import yaml_reader

    raw = b"a: " + b"x" * (yaml_reader.MAX_FILE_BYTES + 1)
    doc, problems = read_bytes(raw, "f.yaml")
    assert doc is None
    assert [(p.rule, p.message) for p in problems] == [
        ("too-large", "the file is 67,108,868 bytes (64.0 MiB); cm reads files of up to 67,108,864 bytes (64 MiB)")]
