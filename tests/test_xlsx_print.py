"""The XLSX matrix prints as a document: A4 landscape, every column on the page's width, the
header row on every page, and each row tall enough to show every line (every language) of its
cells, in LibreOffice and Excel alike (neither grows a row to its text when it opens a file)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.model.display_width import cell_width, line_count
from commentmatrix.render.xlsx import LINE_POINTS, ROW_PADDING, row_height

VI_EN = {
    "cm.yaml": """\
title: {en: Mekong framework, vi: Khung hợp tác Mê Công}
languages: [vi, en]
draft: d1
stakeholders:
  - id: viet-nam
    name: {en: Viet Nam, vi: Việt Nam}
    kind: country
""",
    "drafts/d1.yaml": """\
id: d1
title: {en: Framework, vi: Khung}
version: '1'
sections:
  - id: background
    number: '1'
    title: {en: Background, vi: Bối cảnh}
    paragraphs:
      - id: background.1
        text: {en: The river feeds sixty million people., vi: Dòng sông nuôi sống sáu mươi triệu người.}
""",
    "comments/viet-nam.yaml": """\
stakeholder: viet-nam
state: submitted
comments:
  - id: VN-1
    target: background.1
    topic: wording
    text: {vi: Nên nói rõ con số này lấy từ đâu., en: Say where this number comes from.}
    response:
      decision: noted
      note: {vi: Nguồn sẽ được ghi trong phụ lục., en: The source will be given in an annex.}
  - id: VN-2
    target: general
    text: Tốt.
""",
}


def vi_en_project(root: Path) -> Path:
    for name, text in VI_EN.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def render(root: Path, out: Path, *extra: str) -> bytes:
    result = CliRunner().invoke(app, ["render", "matrix", "-C", str(root), "-o", str(out), *extra])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return out.read_bytes()


def test_the_sheet_is_set_up_to_print_landscape_a4_one_page_wide_with_the_header_repeated(example: Path, tmp_path: Path):
    render(example, tmp_path / "m.xlsx")
    sheet = load_workbook(tmp_path / "m.xlsx").active
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$1:$1"
    margins = sheet.page_margins
    assert (margins.left, margins.right, margins.top, margins.bottom) == (0.79, 0.79, 0.59, 0.59)
    assert sheet.oddFooter.center.text == "&P / &N"


def test_every_row_is_as_tall_as_the_most_lines_of_its_cells(example: Path, tmp_path: Path):
    render(example, tmp_path / "m.xlsx")
    sheet = load_workbook(tmp_path / "m.xlsx").active
    widths = [sheet.column_dimensions[column].width for column in "ABCDEFGHIJKL"]
    heights = {}
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = [str(value or "") for value in row]
        assert sheet.row_dimensions[number].height == row_height(values, [int(w) for w in widths])
        heights[values[0]] = sheet.row_dimensions[number].height
    # LAO-3: a one-line English comment and its Chinese line, a two-language target: two lines.
    assert heights["LAO-3"] == 2 * LINE_POINTS + ROW_PADDING
    # LAO-7: a long comment in two languages and four proposed edits, each wrapped: many more.
    assert heights["LAO-7"] == 10 * LINE_POINTS + ROW_PADDING


def test_a_row_height_counts_wrapped_lines_with_wide_and_combining_characters():
    assert row_height(["one line"], [20]) == LINE_POINTS + ROW_PADDING
    assert row_height(["English\n中文"], [20]) == 2 * LINE_POINTS + ROW_PADDING
    # 40 Chinese characters take 80 columns: three lines of a column 30 wide (29 used).
    assert row_height(["生" * 40], [30]) == 3 * LINE_POINTS + ROW_PADDING
    assert row_height(["a " * 1000], [10]) == 409.0  # Excel's tallest row
    assert (cell_width("กี่"), cell_width("ក្ម"), cell_width("Việt"), cell_width("中文")) == (1, 2, 4, 4)
    assert line_count("ภาษาไทยไม่มีช่องว่างระหว่างคำ", 8) == 4


def test_the_rows_of_a_vietnamese_and_english_project_show_both_languages(tmp_path: Path):
    root = vi_en_project(tmp_path / "vi")
    data = render(root, tmp_path / "m.xlsx")
    with zipfile.ZipFile(tmp_path / "m.xlsx") as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    rows = re.findall(r'<row r="(\d+)" ht="([0-9.]+)" customHeight="1">', sheet)
    # The headings are in Vietnamese and English: two lines each (the public matrix has no "Decided by"
    # column, whose Vietnamese words wrapped to three); each comment row shows the stakeholder in both
    # languages, VN-1 its text and note in both too: two lines.
    assert rows == [("1", "33"), ("2", "33"), ("3", "33")]
    internal = render(root, tmp_path / "internal.xlsx", "--audience", "internal")
    with zipfile.ZipFile(io.BytesIO(internal)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert re.findall(r'<row r="(\d+)" ht="([0-9.]+)" customHeight="1">', sheet)[0] == ("1", "48")
    assert data == render(root, tmp_path / "again.xlsx")


def test_the_xlsx_is_byte_stable(example: Path, tmp_path: Path):
    assert render(example, tmp_path / "a.xlsx") == render(example, tmp_path / "b.xlsx")


def test_the_id_column_holds_each_id_on_one_line(tmp_path: Path):
    # Ids made from a stakeholder's id are often longer than the column's ten characters:
    # THAILAND-10 was shown as "THAILAND-" over "10", broken at its hyphen.
    root = vi_en_project(tmp_path / "vi")
    comments = root / "comments" / "viet-nam.yaml"
    comments.write_text(comments.read_text(encoding="utf-8").replace("VN-1", "VIET-NAM-COMMENT-10"), encoding="utf-8")
    render(root, tmp_path / "m.xlsx")
    sheet = load_workbook(tmp_path / "m.xlsx").active
    width = sheet.column_dimensions["A"].width
    ids = [str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    assert "VIET-NAM-COMMENT-10" in ids
    # As row_height measures a cell: in its column's width less one column of slack.
    assert all(line_count(comment_id, int(width) - 1) == 1 for comment_id in ids), (width, ids)
    assert width <= cell_width("VIET-NAM-COMMENT-10") + 2  # no wider than it needs
