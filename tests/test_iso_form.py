"""The ISO/IEC form: `cm render matrix --layout iso` in the columns of the ISO/IEC commenting
template (2012-03), and `cm import table` reading a filled template, whose Word table has no
heading row (its headings stand in the page header), by position."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm
from openpyxl import load_workbook
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.read.loader import load_project
from commentmatrix.views.iso import comment_type

HEADINGS = ["MB/NC", "Line number", "Clause/Subclause", "Paragraph/Figure/Table", "Type of comment", "Comments",
            "Proposed change", "Observations of the secretariat"]
# The template's own headings, footnote marks and examples included.
TEMPLATE_HEADINGS = ["MB/NC¹", "Line number\n(e.g. 17)", "Clause/ Subclause\n(e.g. 3.1)",
                     "Paragraph/ Figure/ Table/\n(e.g. Table 1)", "Type of comment²", "Comments", "Proposed change",
                     "Observations of the secretariat"]
FILLED = [["lao-pdr", "12", "5.3", "¶2", "te", "The biodiversity paragraph needs the ABS wording.",
           "Add access and benefit-sharing.", ""],
          ["Lao PDR", "", "General", "", "ge", "Use NGOs for short throughout.", "", "Accepted"]]


def cm(*args: str):
    return CliRunner().invoke(app, list(args))


def render(root: Path, out: Path) -> Path:
    result = cm("render", "matrix", "--layout", "iso", "-C", str(root), "-o", str(out))
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return out


def test_the_iso_csv_has_the_templates_columns_in_its_order(example: Path, tmp_path: Path):
    lao = example / "comments" / "lao-pdr.yaml"
    lao.write_text(lao.read_text(encoding="utf-8").replace("topic: wording", "topic: ed", 1), encoding="utf-8")
    rows = list(csv.reader(io.StringIO(render(example, tmp_path / "iso.csv").read_text(encoding="utf-8"))))
    assert rows[0] == HEADINGS
    assert rows[1] == [
        "Lao PDR\n老挝", "", "1", "¶1", "ed",
        "use “2030 Agenda for Sustainable Development, which includes a set of 17 United Nations Sustainable Development "
        "Goals (SDGs)” instead of “2030 Sustainable Development Agenda”\n背景中“2030年可持续发展议程”改为包含17个联合国可持续发展目标的"
        "2030年可持续发展议程",
        "“2030 Sustainable Development Agenda” → “2030 Agenda for Sustainable Development, which includes a set of 17 "
        "United Nations Sustainable Development Goals (SDGs)”\n“2030年可持续发展议程” → “包含17个联合国可持续发展目标的2030年可持续发展议程”",
        "Accepted\n采纳"]
    assert rows[3][2:5] == ["General", "", ""]  # LAO-3 is on the whole draft; its topic, wording, is no ISO type
    observations = {row[5]: row[7] for row in rows[1:]}
    assert observations["Suggest to add PES、REDD、impact investment"] == \
        "Partially accepted\n部分接受\nThey are just part of what we have listed."  # the project's templates/labels.yaml
    assert len(rows) == 23


def test_the_type_of_comment_is_the_topic_only_when_it_is_ge_te_or_ed():
    assert [comment_type(t) for t in ("ge", "TE", " ed ", "wording", None, "")] == ["ge", "te", "ed", "", "", ""]


def test_the_iso_xlsx_and_docx_have_the_columns_and_print_setup(example: Path, tmp_path: Path):
    sheet = load_workbook(render(example, tmp_path / "iso.xlsx")).active
    assert [cell.value for cell in sheet[1]] == HEADINGS
    assert (sheet.page_setup.orientation, sheet.page_setup.fitToWidth, sheet.print_title_rows) == ("landscape", 1, "$1:$1")
    assert sheet["H3"].value == "Accepted\n采纳" and sheet["H3"].fill.fgColor.rgb == "00DCEFDC"
    document = Document(str(render(example, tmp_path / "iso.docx")))
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == HEADINGS
    assert len(table.rows) == 23
    assert document.sections[0].header.paragraphs[0].text == "Template for comments and secretariat observations"
    assert render(example, tmp_path / "again.docx").read_bytes() == (tmp_path / "iso.docx").read_bytes()


def test_the_iso_layout_is_not_written_as_html(example: Path, tmp_path: Path):
    result = cm("render", "matrix", "--layout", "iso", "-C", str(example), "-o", str(tmp_path / "iso.html"))
    assert (result.exit_code, result.stderr) == (2, "cm: --layout iso is written as docx, xlsx, csv or pdf, not html\n")


def filled_template(path: Path, headings_in: str) -> Path:
    """A filled ISO/IEC template made as the 2012-03 one is: the headings in the page header (a
    table there, or only the template's title), or, in the variant, the table's first row."""
    document = Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Template for comments and secretariat observations   Date: 2017-09-01   Document: lmec-2017-08"
    if headings_in == "header table":
        for cell, heading in zip(header.add_table(1, len(TEMPLATE_HEADINGS), Cm(26)).rows[0].cells, TEMPLATE_HEADINGS):
            cell.text = heading
    table = document.add_table(rows=0, cols=len(TEMPLATE_HEADINGS))
    if headings_in == "first row":
        for cell, heading in zip(table.add_row().cells, TEMPLATE_HEADINGS):
            cell.text = heading
    for values in FILLED:
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value
    document.save(str(path))
    return path


@pytest.mark.parametrize("headings_in", ["header table", "header title only", "first row"])
def test_a_filled_iso_template_is_imported_by_its_columns(example: Path, tmp_path: Path, headings_in: str):
    path = filled_template(tmp_path / "form.docx", headings_in)
    result = cm("import", "table", str(path), "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    first = 2 if headings_in == "first row" else 1
    assert result.stdout.splitlines()[:2] == [
        f"+ LAO-11  biodiversity.2  {path}:table 1 row {first}: The biodiversity paragraph needs the ABS wording.",
        f"+ LAO-12  general  {path}:table 1 row {first + 1}: Use NGOs for short throughout."]
    project = load_project(example)
    new, general = project.comments_by_id["LAO-11"].comment, project.comments_by_id["LAO-12"].comment
    assert (new.topic, new.text, new.decision) == (
        "te", "The biodiversity paragraph needs the ABS wording.\nProposed change: Add access and benefit-sharing.", None)
    assert (general.topic, general.decision) == ("ge", "accepted")
    assert cm("validate", "-C", str(example)).exit_code == 0


def test_a_table_without_headings_and_no_iso_header_is_refused(example: Path, tmp_path: Path):
    document = Document()
    table = document.add_table(rows=0, cols=len(FILLED[0]))
    for values in FILLED:
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value
    document.save(str(tmp_path / "plain.docx"))
    result = cm("import", "table", str(tmp_path / "plain.docx"), "-C", str(example))
    assert result.exit_code == 1
    assert "no row of headings with a comment column" in result.stderr
