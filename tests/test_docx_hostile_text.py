"""Hostile comment text through the streamed DOCX matrix and ISO form: markup characters, a CDATA
end, a lone combining mark, right-to-left marks and a very long word. The document python-docx
opens holds the text as written. Control characters, bidirectional embeddings and lone
surrogates never pass validation (control-character, hidden-character); the writer drops what
XML 1.0 forbids all the same, tested on the streamed document itself."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import BASE
from docx import Document
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.render.docx.matrix import row_xml
from commentmatrix.render.docx.stream import StreamedDocument, new_cell
from commentmatrix.render.docx.text import run_format
from commentmatrix.render.docx.wordml import TABLE_END, clean, run_xml, text_xml

LONG_WORD = "Pneumono" + "x" * 5000
# As YAML escapes in a double-quoted scalar: a lone combining acute, right-to-left and left-to-right marks.
HOSTILE_YAML = '"a < b && c > d ]]> <w:t>x</w:t> \\u0301 lone mark, \\u200fmark\\u200e ' + LONG_WORD + '"'
SHOWN = "a < b && c > d ]]> <w:t>x</w:t> \u0301 lone mark, \u200fmark\u200e " + LONG_WORD
FORBIDDEN = "nul\x00 bell\x07 vt\x0b ff\x0c esc\x1b lone\ud800 \udfff nonchar\ufffe\uffff end"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    (root / "comments" / "tnc.yaml").write_text(
        "stakeholder: tnc\nstate: submitted\ncomments:\n"
        f"  - id: TNC-1\n    target: general\n    text: {HOSTILE_YAML}\n", encoding="utf-8")
    return root


def _texts(path: Path) -> list[str]:
    document = Document(str(path))
    return [paragraph.text for table in document.tables for row in table.rows for cell in row.cells
            for paragraph in cell.paragraphs]


@pytest.mark.parametrize("layout", ["matrix", "iso"])
def test_hostile_comment_text_reads_back_from_the_docx(hostile, tmp_path, layout):
    target = tmp_path / f"{layout}.docx"
    result = CliRunner().invoke(app, ["render", "matrix", "-C", str(hostile), "--format", "docx",
                                      "--layout", layout, "-o", str(target)])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert any(SHOWN in text for text in _texts(target))


def test_the_streamed_document_drops_what_xml_forbids(tmp_path):
    document = StreamedDocument(None)
    cell = new_cell()
    document.lines(cell, (("en", FORBIDDEN), (None, SHOWN)), first=True)
    body = [document.paragraph("Normal", document.run(FORBIDDEN, None)),
            document.table_start([((None, "heading"),)], (10.0,)), row_xml([cell], (10.0,)), TABLE_END]
    target = tmp_path / "hostile.docx"
    target.write_bytes(document.package(body, (("en", FORBIDDEN),), dt.datetime(2020, 1, 1, tzinfo=dt.UTC)))
    opened = Document(str(target))
    kept = "nul bell vt ff esc lone  nonchar end"
    assert opened.paragraphs[0].text == kept
    assert _texts(target) == ["heading", kept, SHOWN]
    assert opened.core_properties.title == kept


def test_what_xml_forbids_is_dropped_and_the_rest_escaped():
    assert clean("a\x00b\x01c\x1fd\ud800e\udfffe\ufffe\uffff\tf\ng") == "abcdee\tf\ng"
    assert text_xml("x < y & ]]> z") == "<w:t>x &lt; y &amp; ]]&gt; z</w:t>"
    assert text_xml(" a\tb\nc\rd ") == ('<w:t xml:space="preserve"> a</w:t><w:tab/><w:t>b</w:t><w:br/>'
                                         '<w:t>c</w:t><w:br/><w:t xml:space="preserve">d </w:t>')
    assert text_xml("VIET-NAM-2", unbroken=True) == ('<w:t>VIET</w:t><w:noBreakHyphen/><w:t xml:space="preserve">NAM</w:t>'
                                                     '<w:noBreakHyphen/><w:t xml:space="preserve">2</w:t>')


def test_a_run_of_thai_takes_its_script_style_and_chinese_the_east_asian_hint():
    def styles(script: str) -> tuple[str | None, str]:
        return f"Text{script}", "Font"

    thai = run_xml("ภาษาไทย", run_format("ภาษาไทย", None, styles, bold=True))
    assert thai == ('<w:r><w:rPr><w:rStyle w:val="TextThai"/><w:b/><w:bCs/><w:lang w:val="th-TH" w:bidi="th-TH"/></w:rPr>'
                    "<w:t>ภาษาไทย</w:t></w:r>")
    chinese = run_xml("意见", run_format("意见", "zh", styles, run_style="DecisionAccepted"))
    assert chinese == ('<w:r><w:rPr><w:rStyle w:val="DecisionAccepted"/><w:rFonts w:hint="eastAsia"/>'
                       '<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/></w:rPr><w:t>意见</w:t></w:r>')
