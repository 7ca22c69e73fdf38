"""The matrix, synopsis, ISO form and summary DOCX against the structure the python-docx writer made.

render/docx/wordml.py writes these documents' WordprocessingML directly. Before it replaced the
python-docx object-model writer, that writer's output (commit 8e1a8e7) was read by `structure`
below and recorded in tests/golden/docx_structure.json: for each part (body, headers, footers)
every paragraph with its style, spacing and runs (text, rStyle, bold, italic, colour, strike,
underline, fonts, w:lang), every table with its style, grid, header-row repeat and rows of cells
(gridSpan, vMerge, fill, width, paragraphs). The new writer must give the same structure, with
one deliberate change: python-docx left the heading row's cells at its default width (the page
divided by the columns) while the grid had the real ones; Word lays a fixed table out by the
cells, so the heading cells now have their column's width, and the recording was made with the
heading cells' widths set to their grid column's.

The example's cases are recorded whole, so a failure shows where; the generated 1,000-comment
project's as a SHA-256 of its structure with its counts (the whole would be megabytes). After a
deliberate change to what these documents hold, regenerate with

    CM_UPDATE_GOLDEN=1 pytest tests/test_docx_structure.py

and read `git diff tests/golden/docx_structure.json` before committing.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from typer.testing import CliRunner

from commentmatrix.cli import app

GOLDEN = Path(__file__).parent / "golden" / "docx_structure.json"
UPDATE = os.environ.get("CM_UPDATE_GOLDEN") == "1"
REPO = Path(__file__).parent.parent
EPOCH = "1506816000"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

EXAMPLE_CASES = {
    "matrix": [],
    "matrix-by-section": ["--by", "section"],
    "matrix-internal": ["--audience", "internal"],
    "matrix-zh": ["--lang", "zh"],
    "synopsis": ["--layout", "synopsis"],
    "iso": ["--layout", "iso"],
    "summary": ["--layout", "summary"],
}
GENERATED_CASES = {
    "c1000-matrix": [],
    "c1000-matrix-by-section": ["--by", "section"],
    "c1000-synopsis": ["--layout", "synopsis"],
}


def _attr(element: Any, tag: str, attribute: str = "val") -> str | None:
    found = element.find(W + tag) if element is not None else None
    if found is None:
        return None
    return found.get(W + attribute, "on")


def _run(run: Any) -> list:
    text = []
    for node in run:
        if node.tag == W + "t":
            text.append(node.text or "")
        elif node.tag == W + "br":
            text.append("\n")
        elif node.tag == W + "tab":
            text.append("\t")
        elif node.tag == W + "noBreakHyphen":
            text.append("<nbh>")
    properties = run.find(W + "rPr")
    fonts = properties.find(W + "rFonts") if properties is not None else None
    lang = properties.find(W + "lang") if properties is not None else None
    return ["".join(text), _attr(properties, "rStyle"),
            [_attr(properties, tag) for tag in ("b", "bCs", "i", "iCs", "strike", "u", "color")],
            dict(sorted((k.removeprefix(W), v) for k, v in fonts.attrib.items())) if fonts is not None else None,
            dict(sorted((k.removeprefix(W), v) for k, v in lang.attrib.items())) if lang is not None else None]


def _paragraph(paragraph: Any) -> list:
    properties = paragraph.find(W + "pPr")
    spacing = properties.find(W + "spacing") if properties is not None else None
    return [_attr(properties, "pStyle"), spacing.get(W + "after") if spacing is not None else None,
            [_run(run) for run in paragraph.iter(W + "r")]]


def _cell(cell: Any) -> list:
    properties = cell.find(W + "tcPr")
    return [_attr(properties, "gridSpan"), _attr(properties, "vMerge"), _attr(properties, "shd", "fill"),
            _attr(properties, "tcW", "w"), [_paragraph(p) for p in cell.findall(W + "p")]]


def _table(table: Any) -> dict:
    properties = table.find(W + "tblPr")
    rows = []
    for row in table.findall(W + "tr"):
        header = _attr(row.find(W + "trPr"), "tblHeader")
        rows.append([header, [_cell(cell) for cell in row.findall(W + "tc")]])
    return {"style": _attr(properties, "tblStyle"), "jc": _attr(properties, "jc"),
            "layout": _attr(properties, "tblLayout", "type"),
            "grid": [col.get(W + "w") for col in table.find(W + "tblGrid")], "rows": rows}


def _blocks(root: Any) -> list:
    blocks: list = []
    for node in root:
        if node.tag == W + "p":
            blocks.append(_paragraph(node))
        elif node.tag == W + "tbl":
            blocks.append(_table(node))
        elif node.tag == W + "sectPr":
            size = node.find(W + "pgSz")
            blocks.append({"section": dict(sorted((k.removeprefix(W), v) for k, v in size.attrib.items()))})
    return blocks


def structure(docx: bytes) -> dict:
    """What a reader sees of a DOCX: the body, headers and footers as blocks, and the title."""
    with zipfile.ZipFile(__import__("io").BytesIO(docx)) as package:
        names = package.namelist()
        parts = {"body": _blocks(etree.fromstring(package.read("word/document.xml")).find(W + "body"))}
        for name in sorted(n for n in names if n.startswith(("word/header", "word/footer"))):
            parts[name] = _blocks(etree.fromstring(package.read(name)))
        core = etree.fromstring(package.read("docProps/core.xml"))
    title = core.find("{http://purl.org/dc/elements/1.1/}title")
    parts["title"] = title.text if title is not None else None
    return parts


def _render(root: Path, target: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = CliRunner().invoke(app, ["render", "matrix", "-C", str(root), "--format", "docx", *args, "-o", str(target)])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return target.read_bytes()


def _counts(found: dict) -> dict:
    tables = [block for block in found["body"] if isinstance(block, dict) and "rows" in block]
    return {"tables": len(tables), "rows": [len(t["rows"]) for t in tables],
            "sha256": hashlib.sha256(json.dumps(found, ensure_ascii=False, sort_keys=True).encode()).hexdigest()}


def _golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}


def _record(name: str, value: Any) -> None:
    recorded = _golden()
    recorded[name] = value
    lines = [f"{json.dumps(key)}: {json.dumps(recorded[key], ensure_ascii=False, sort_keys=True)}" for key in sorted(recorded)]
    GOLDEN.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


@pytest.mark.parametrize("name", EXAMPLE_CASES)
def test_example_structure_is_the_python_docx_writers(name, example, tmp_path, monkeypatch):
    found = structure(_render(example, tmp_path / f"{name}.docx", EXAMPLE_CASES[name], monkeypatch))
    if UPDATE:
        _record(name, found)
    assert found == _golden()[name]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated") / "c1000"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), str(root), "--comments", "1000",
                    "--stakeholders", "100", "--seed", "1"], check=True, capture_output=True)
    return root


@pytest.mark.parametrize("name", GENERATED_CASES)
def test_generated_structure_is_the_python_docx_writers(name, generated, tmp_path, monkeypatch):
    first = _render(generated, tmp_path / "first.docx", GENERATED_CASES[name], monkeypatch)
    found = _counts(structure(first))
    if UPDATE:
        _record(name, found)
    assert found == _golden()[name]
    assert _render(generated, tmp_path / "second.docx", GENERATED_CASES[name], monkeypatch) == first
