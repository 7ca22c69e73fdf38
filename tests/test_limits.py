"""The limits docs/limits.md states, tested at the limit and one step past it."""

from __future__ import annotations

import pytest

from commentmatrix.cli import app
from commentmatrix.read.yaml_parser import MAX_DEPTH, MAX_NESTING_ESTIMATE
from commentmatrix.read.yaml_reader import MAX_FILE_BYTES, read_text


def _pad_to(path, size: int) -> None:
    head = path.read_bytes()
    path.write_bytes(head + b"# " + b"x" * (size - len(head) - 3) + b"\n")


@pytest.mark.slow
def test_a_file_of_exactly_the_largest_size_is_read(base, runner, monkeypatch):
    target = base / "comments" / "tnc.yaml"
    _pad_to(target, MAX_FILE_BYTES)
    assert target.stat().st_size == MAX_FILE_BYTES
    monkeypatch.chdir(base)
    result = runner.invoke(app, ["validate", "--strict"])
    assert (result.exit_code, result.stdout) == (0, "No problems: 4 files checked.\n")


def test_a_file_one_byte_over_the_largest_size_is_refused_unread(base, runner, monkeypatch):
    target = base / "comments" / "tnc.yaml"
    with open(target, "r+b") as stream:  # a sparse file: nothing of it is read, so it costs nothing
        stream.truncate(MAX_FILE_BYTES + 1)
    monkeypatch.chdir(base)
    result = runner.invoke(app, ["validate"])
    assert (result.exit_code, result.stdout) == (1, (
        "comments/tnc.yaml: [error] the file is 67,108,865 bytes (64.0 MiB); cm reads files of up to 67,108,864 bytes (64 MiB) (too-large)\n"
        "    hint: split it: one comment file per stakeholder and round\n"
        "1 error, 0 warnings (4 files checked).\n"))


def _nested_mappings(levels: int) -> str:
    return "".join(" " * (2 * i) + f"k{i}:\n" for i in range(levels)) + " " * (2 * levels) + "end\n"


def test_data_nested_to_the_depth_limit_is_read_and_one_level_more_is_refused():
    doc, problems = read_text(_nested_mappings(MAX_DEPTH), "f.yaml")
    assert problems == [] and doc is not None
    doc, problems = read_text(_nested_mappings(MAX_DEPTH + 1), "f.yaml")
    assert doc is None
    assert [(p.rule, p.message) for p in problems] == [("too-deep", f"the data nests more than {MAX_DEPTH} levels deep")]


def test_brackets_past_the_nesting_estimate_are_refused_before_parsing():
    _, problems = read_text("a: " + "[" * MAX_NESTING_ESTIMATE + "]" * MAX_NESTING_ESTIMATE + "\n", "f.yaml")
    assert [p.rule for p in problems] == ["too-deep"]  # past MAX_DEPTH, refused by the reader
    _doc, problems = read_text("a: " + "[" * (MAX_NESTING_ESTIMATE + 1) + "]" * (MAX_NESTING_ESTIMATE + 1) + "\n", "f.yaml")
    assert [(p.rule, p.message) for p in problems] == [
        ("too-deep", f"the data nests more than {MAX_NESTING_ESTIMATE} levels deep, far beyond any cm file")]


def test_a_comment_of_a_million_characters_on_one_line_validates_and_renders(base, runner, monkeypatch):
    from docx import Document
    from openpyxl import load_workbook

    from commentmatrix.render.xlsx import CUT_NOTE, EXCEL_CELL_LIMIT

    target = base / "comments" / "tnc.yaml"
    long_text = "targets " * 125_000 + "end"
    target.write_text(target.read_text(encoding="utf-8").replace("The framework needs targets.", long_text), encoding="utf-8")
    monkeypatch.chdir(base)
    assert runner.invoke(app, ["validate", "--strict"]).exit_code == 0
    for fmt in ("docx", "xlsx", "html", "csv"):
        assert runner.invoke(app, ["render", "matrix", "--format", fmt]).exit_code == 0, fmt
    document_text = "".join(t.text or "" for t in Document("build/matrix.docx").element.body.iter() if t.tag.endswith("}t"))
    assert long_text in document_text
    cells = [c.value for row in load_workbook("build/matrix.xlsx").active.iter_rows() for c in row if isinstance(c.value, str)]
    cut = [c for c in cells if c.endswith(CUT_NOTE)]
    assert len(cut) == 1 and len(cut[0]) == EXCEL_CELL_LIMIT and long_text.startswith(cut[0][: -len(CUT_NOTE)])
    assert all(len(c) <= EXCEL_CELL_LIMIT for c in cells)
    assert long_text in (base / "build" / "matrix.html").read_text(encoding="utf-8")
