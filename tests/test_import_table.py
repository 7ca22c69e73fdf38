"""`cm import table`: an existing comments matrix (CSV, XLSX, DOCX) into comment files, with
decisions from words in several languages; unknown words stop the import with their row."""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.exchange.decision_words import decision_of
from commentmatrix.exchange.table_import import field_of_heading
from commentmatrix.read.loader import load_project

HEADINGS = ["国家/组织Stakeholders", "针对条目Targeted Parts", "具体意见Comments", "回应Response"]
# The Lancang-Mekong matrix (slides 4-7 of the reference), the way a secretariat keeps it.
ROWS = [
    ["老挝 Lao PDR", "合作原则 Cooperative Principles",
     "use “Following the principles of joint construction, access and benefit-sharing”", "采纳 Accepted"],
    ["", "5.3 生态系统管理与生物多样性保护 5.3 Ecosystem Management and Biodiversity Conservation",
     "add “To apply good governance for the management of natural resources”", "Accepted 采纳"],
    ["", "5.4 气候变化适应与减缓", "To promote climate change resilient investment projects", "Partially accepted部分接受"],
    ["Conservation International Foundation", "Wording", "Coherence of words, like “the Lancang-Mekong Countries”", "Accepted"],
    ["", "5.3 Ecosystem Management and Biodiversity Conservation-5)",
     "Is there a specific plan for trans boundary natural protection areas?",
     "Much work and projects has been done there. Specific plan will be made later."],
    ["", "", "", ""],
    ["Stockholm Environment Institute Asia Centre", "", "Suggest to develop cooperative targets aligned with SDGs",
     "Accepted. Specific targets will be listed later on."],
]

EXPECTED_OUTPUT = """\
+ LAO-PDR-1  principles  {path}:2: use “Following the principles of joint construction, access…
+ LAO-PDR-2  biodiversity  {path}:3: add “To apply good governance for the management of natural…
+ LAO-PDR-3  climate-change  {path}:4: To promote climate change resilient investment projects
    partially accepted: left open with the response as its note, because a partial decision needs the edits that apply (cm respond ID --decision partially --take N, or --replace OLD --with NEW)
+ CI-1  general  {path}:5: Coherence of words, like “the Lancang-Mekong Countries”
    'Wording' names no section or paragraph of the draft: the comment is general
+ CI-2  biodiversity  {path}:6: Is there a specific plan for trans boundary natural protect…
    the response starts with no decision word: imported as the note of an open comment
+ SEI-1  general  {path}:8: Suggest to develop cooperative targets aligned with SDGs
Added 6 comments ({root}/comments/lao-pdr.yaml, {root}/comments/ci.yaml, {root}/comments/sei.yaml)
"""

EXPECTED_LAO = """\
stakeholder: lao-pdr
state: submitted
comments:
  - id: LAO-PDR-1
    target: principles
    text: use “Following the principles of joint construction, access and benefit-sharing”
    source: table:477135b88c5f
    response:
      decision: accepted
      note: 采纳 Accepted
  - id: LAO-PDR-2
    target: biodiversity
    text: add “To apply good governance for the management of natural resources”
    source: table:a6f07ecc2dfe
    response:
      decision: accepted
      note: Accepted 采纳
  - id: LAO-PDR-3
    target: climate-change
    text: To promote climate change resilient investment projects
    source: table:f4df3163a901
    response:
      note: Partially accepted部分接受
"""

EXPECTED_CI = """\
stakeholder: ci
state: submitted
comments:
  - id: CI-1
    target: general
    topic: Wording
    text: Coherence of words, like “the Lancang-Mekong Countries”
    source: table:952ebed893e5
    response:
      decision: accepted
      note: Accepted
  - id: CI-2
    target: biodiversity
    text: Is there a specific plan for trans boundary natural protection areas?
    source: table:08974546f6dd
    response:
      note: Much work and projects has been done there. Specific plan will be made later.
"""


@pytest.fixture
def empty(example: Path) -> Path:
    for path in (example / "comments").glob("*.yaml"):
        path.unlink()
    return example


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def rewrite_sheets(path: Path, change, expected: int) -> None:
    """The workbook with `change` (re.subn-like) made to its sheets' XML, `expected` times."""
    parts = {}
    with zipfile.ZipFile(path) as source:
        for name in source.namelist():
            data = source.read(name)
            if name.startswith("xl/worksheets/"):
                data, count = change(data)
                assert count == expected
            parts[name] = data
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def cm(*args: str):
    return CliRunner().invoke(app, list(args))


def test_a_comments_matrix_in_csv_becomes_comment_files(empty: Path, tmp_path: Path):
    path = write_csv(tmp_path / "matrix.csv", [HEADINGS, *ROWS])
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == EXPECTED_OUTPUT.format(path=path, root=empty)
    assert (empty / "comments" / "lao-pdr.yaml").read_text(encoding="utf-8") == EXPECTED_LAO
    assert (empty / "comments" / "ci.yaml").read_text(encoding="utf-8") == EXPECTED_CI
    assert cm("validate", "-C", str(empty)).exit_code == 0
    again = cm("import", "table", str(path), "-C", str(empty))
    assert again.exit_code == 0 and again.stdout.splitlines()[-1] == "Added 0 comments"


def test_an_unknown_decision_word_stops_the_import_with_its_row(empty: Path, tmp_path: Path):
    path = write_csv(tmp_path / "matrix.csv", [HEADINGS, ROWS[0], ["越南 Viet Nam", "Background", "Fine.", "Retained"]])
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"cm: {path}:3: 'Retained' is not a decision word cm knows; say what it means with "
                             "--decision 'Retained=accepted' (or partially, rejected, noted)\n"
                             "cm: nothing was imported\n")
    assert list((empty / "comments").glob("*.yaml")) == []
    fixed = cm("import", "table", str(path), "--decision", "Retained=accepted", "-C", str(empty))
    assert fixed.exit_code == 0, fixed.stderr
    assert "decision: accepted" in (empty / "comments" / "viet-nam.yaml").read_text(encoding="utf-8")


def test_a_stakeholder_not_in_the_roster_is_reported_not_guessed(empty: Path, tmp_path: Path):
    path = write_csv(tmp_path / "matrix.csv", [HEADINGS, ["WWF", "Background", "More on rivers.", ""]])
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"cm: {path}:2: stakeholder 'WWF' is not in the roster of cm.yaml (add it with cm stakeholder "
                             "add, or give its id in that cell)\ncm: nothing was imported\n")


def test_an_iso_comment_form_in_xlsx_with_map_and_merged_cells(empty: Path, tmp_path: Path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Comments"
    sheet.append(["Template for comments and secretariat observations"])
    sheet.append(["MB/NC", "Clause No./Subclause", "Paragraph/Figure/Table", "Type of comment", "Comments",
                  "Proposed change", "Observations of the secretariat"])
    sheet.append(["tnc", "4", "3", "ed", "Shorter, please.", "Sharing principles", "Noted"])
    sheet.append([None, "5.2", "", "te", "Add trainers' training.", "", "不采纳"])
    sheet.merge_cells("A3:A4")
    path = tmp_path / "form.xlsx"
    book.save(path)
    result = cm("import", "table", str(path), "--map", "Type of comment=ignore", "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"+ TNC-1  principles.3  {path}:Comments!3: Shorter, please.\n"
        f"+ TNC-2  capacity-building  {path}:Comments!4: Add trainers' training.\n"
        f"Added 2 comments ({empty}/comments/tnc.yaml)\n")
    text = (empty / "comments" / "tnc.yaml").read_text(encoding="utf-8")
    assert "text: \"Shorter, please.\\nProposed change: Sharing principles\"" in text
    assert [line.strip() for line in text.splitlines() if "decision" in line] == ["decision: noted", "decision: rejected"]
    assert "topic" not in text


def test_a_table_in_a_word_document_with_a_stakeholder_column(empty: Path, tmp_path: Path):
    document = Document()
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(table.rows, [["Who", "Section", "Commentaire"], ["Thailand", "3", "Rien à ajouter."],
                                        ["Myanmar", "Cooperative Objectives", "Ajouter la jeunesse."]]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    path = tmp_path / "table.docx"
    document.save(str(path))
    result = cm("import", "table", str(path), "--stakeholder-column", "Who", "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"+ THAILAND-1  objectives  {path}:table 1 row 2: Rien à ajouter.\n"
        f"+ MYANMAR-1  objectives  {path}:table 1 row 3: Ajouter la jeunesse.\n"
        f"Added 2 comments ({empty}/comments/thailand.yaml, {empty}/comments/myanmar.yaml)\n")


def test_a_table_without_a_comment_column_is_explained(empty: Path, tmp_path: Path):
    path = write_csv(tmp_path / "other.csv", [["Name", "Amount"], ["x", "1"]])
    result = cm("import", "table", str(path), "-s", "tnc", "-C", str(empty))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[0] == (
        f"cm: {path}: no row of headings with a comment column in the first 15 rows; name the columns with "
        "--map HEADING=FIELD (fields: stakeholder, section, paragraph, target, topic, comment, proposal, response, note, round, date, ignore)")


@pytest.mark.parametrize(("cell", "decision"), [
    ("Accepted", "accepted"), ("采纳 Accepted", "accepted"), ("Partially accepted部分接受", "partially"),
    ("部分采纳", "partially"), ("不采纳", "rejected"), ("Not accepted.", "rejected"), ("注意到", "noted"),
    ("Chấp nhận một phần", "partially"), ("Không chấp nhận", "rejected"), ("Ghi nhận", "noted"),
    ("Accepté", "accepted"), ("Rejeté : hors sujet", "rejected"), ("Parcialmente aceptado", "partially"),
    ("Accepted in principle", "partially"), ("Noted, thank you", "noted"), ("Acceptedly", None), ("Agreed in full", "accepted"),
    ("Much work has been done", None), ("No comments", None),
])
def test_decision_words_in_several_languages(cell: str, decision: str | None):
    found = decision_of(cell)
    assert (found[0] if found else None) == decision


@pytest.mark.parametrize(("heading", "field"), [
    ("国家/组织Stakeholders", "stakeholder"), ("针对条目Targeted Parts", "section"), ("具体意见Comments", "comment"),
    ("回应Response", "response"), ("Type of comment", "topic"), ("Proposed change\n修改建议", "proposal"),
    ("Observations of the secretariat", "response"), ("Paragraph/Figure/Table", "paragraph"), ("Góp ý", "comment"),
    ("Department", None),
    # A comment's number or date is no comment (the date is its date); the secretariat's comments are its response.
    ("Comment no.", None), ("Comment ID", None), ("Date of comment", "date"), ("意见编号", None),
    ("Ngày góp ý", "date"), ("วันที่", "date"), ("ວັນທີ", "date"), ("កាលបរិច្ឆេទ", "date"), ("Date", "date"), ("Update", None),
    ("Secretariat comments", "response"), ("Comments of the secretariat", "response"), ("秘书处意见", "response"),
    ("Ý kiến của ban thư ký", "response"), ("Comments (en)", "comment"),
])
def test_column_headings_in_several_languages(heading: str, field: str | None):
    assert field_of_heading(heading) == field


def test_a_quoted_cell_with_a_doubled_quote_and_a_comma_stays_one_cell(empty: Path, tmp_path: Path):
    # As Excel and LibreOffice write it (RFC 4180): csv's sniffer took this file for one
    # without doubled quotes, split the comment at its comma and shifted the response out of
    # its column, so the comment was imported cut short and open.
    path = write_csv(tmp_path / "matrix.csv", [
        HEADINGS,
        ["老挝 Lao PDR", "Background", 'Say "joint" here, and there', "Accepted"],
    ])
    assert '"Say ""joint"" here, and there"' in path.read_text(encoding="utf-8-sig")
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    text = (empty / "comments" / "lao-pdr.yaml").read_text(encoding="utf-8")
    assert 'text: Say "joint" here, and there\n' in text
    assert "decision: accepted" in text


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_still_found(empty: Path, tmp_path: Path, delimiter: str):
    path = tmp_path / "matrix.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, delimiter=delimiter).writerows([HEADINGS, ROWS[0], ["", "Background", 'a "b"; c, d', "Noted"]])
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    text = (empty / "comments" / "lao-pdr.yaml").read_text(encoding="utf-8")
    assert 'text: a "b"; c, d\n' in text and "decision: noted" in text


def test_a_row_is_named_by_the_line_it_starts_on(empty: Path, tmp_path: Path):
    # A cell of several lines: the row's place was the line it ended on (4, then 6), where
    # neither the row nor its stakeholder is.
    path = write_csv(tmp_path / "matrix.csv", [
        HEADINGS,
        ["老挝 Lao PDR", "Background", "First line\nsecond line\nthird line", "Accepted"],
        ["", "Background", "Fine.", "Retained"],
    ])
    result = cm("import", "table", str(path), "-C", str(empty))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"cm: {path}:5: 'Retained' is not a decision word cm knows")
    dry = cm("import", "table", str(path), "--decision", "Retained=noted", "--dry-run", "-C", str(empty))
    assert f"{path}:2: First line" in dry.stdout and f"{path}:5: Fine." in dry.stdout


def test_a_nul_in_a_csv_cell_is_reported_at_its_row_and_column(empty: Path, tmp_path: Path):
    # It was reported at the line of comments/lao-pdr.yaml the comment would have gone to, a
    # file the user never wrote, not where the character is.
    path = write_csv(tmp_path / "matrix.csv", [
        HEADINGS,
        ["老挝 Lao PDR", "Background", "First line\nsecond line", "Accepted"],
        ["", "Background", "Copied out of a PDF\x00", "Noted"],
    ])
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"cm: {path}: line 4, column 3: the cell holds the control character U+0000 (NUL), which a "
                             "comment cannot hold (Word documents cannot); delete it: it usually comes from copying out "
                             "of a PDF or another program\ncm: nothing was imported\n")


def test_a_csv_in_utf_16_with_its_byte_order_mark_reads_as_in_utf_8(empty: Path, tmp_path: Path):
    # Excel's "Unicode Text" and many exporters write UTF-16 with a byte-order mark, which says
    # what the file is; it was refused as "not UTF-8 text (byte 0)".
    utf8 = write_csv(tmp_path / "matrix.csv", [HEADINGS, *ROWS])
    expected = cm("import", "table", str(utf8), "--dry-run", "-C", str(empty)).stdout
    for codec in ("utf-16", "utf-16-be"):
        path = tmp_path / f"{codec}.csv"
        text = utf8.read_text(encoding="utf-8-sig").replace("\r\n", "\t\r\n")
        path.write_bytes((b"\xfe\xff" if codec == "utf-16-be" else b"") + text.encode(codec))
        result = cm("import", "table", str(path), "--dry-run", "-C", str(empty))
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout == expected.replace(str(utf8), str(path))


@pytest.mark.parametrize("codec, text, where", [
    ("cp1258", "Đây là góp", "line 2, column 20: byte 0xd0"),
    ("tis-620", "ขอเพิ่มคำว่า", "line 2, column 20: byte 0xa2"),
])
def test_a_csv_in_a_windows_code_page_is_refused_at_its_first_byte_with_how_to_save_it(
        empty: Path, tmp_path: Path, codec: str, text: str, where: str):
    # It said "is not UTF-8 text (byte 51)": no line, no column, and not what to do in Excel.
    path = tmp_path / "matrix.csv"
    path.write_bytes(f"{HEADINGS[2]}\n老挝 Lao PDR,{text}\n".replace("老挝 Lao PDR", "Lao PDR,Background")
                     .encode("utf-8").replace(text.encode("utf-8"), text.encode(codec)))
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"cm: {path}: {where} is not UTF-8 text (Excel's plain \"CSV\" is saved in the "
                             "computer's code page, such as Windows-1258 for Vietnamese or Windows-874 / TIS-620 for "
                             'Thai): save the file as "CSV UTF-8"\ncm: nothing was imported\n')


def test_excel_s_sep_line_names_the_delimiter_and_is_no_row(empty: Path, tmp_path: Path):
    # "sep=;" first (exporters write it for Excel): the file was sniffed with it, read with the
    # wrong delimiter, and "no row of headings with a comment column" was found.
    path = tmp_path / "matrix.csv"
    path.write_text("sep=;\n" + ";".join(HEADINGS) + "\n老挝 Lao PDR;Background;Say who pays, and when;Accepted\n",
                    encoding="utf-8-sig")
    result = cm("import", "table", str(path), "--dry-run", "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"+ LAO-PDR-1  background  {path}:3: Say who pays, and when",
        f"Would add 1 comment to {empty}/comments/lao-pdr.yaml (dry run: nothing written)",
    ]


def test_a_line_break_in_a_csv_cell_written_on_windows_is_a_line_break(empty: Path, tmp_path: Path):
    # csv.writer, Excel and LibreOffice end lines with CRLF and quote a cell's CRLF as it is:
    # the comment kept "\r\n".
    path = write_csv(tmp_path / "matrix.csv", [HEADINGS, ["老挝 Lao PDR", "Background", "First line\r\nsecond line", "Noted"]])
    assert b'"First line\r\nsecond line"' in path.read_bytes()
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    assert [ref.comment.text for ref in load_project(empty).comments()] == ["First line\nsecond line"]


def test_a_sheet_whose_rows_and_cells_leave_out_their_references(empty: Path, tmp_path: Path):
    # `r` is optional on a row and a cell (ECMA-376): a cell without it is the next one of its
    # row, a row without it the next row. Such cells were skipped, so the heading row went
    # unseen and the import said the sheet had no comment column.
    book = Workbook()
    sheet = book.active
    sheet.title = "Comments"
    for row in [HEADINGS, ROWS[0], ["老挝 Lao PDR", "Background", "Say it once", "Noted"]]:
        sheet.append(row)
    path = tmp_path / "matrix.xlsx"
    book.save(path)
    rewrite_sheets(path, lambda xml: re.subn(rb'(<c|<row) r="[A-Z]*[0-9]+"', rb"\1", xml), 15)
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1] == f"+ LAO-PDR-2  background  {path}:Comments!3: Say it once"
    text = (empty / "comments" / "lao-pdr.yaml").read_text(encoding="utf-8")
    assert "text: Say it once\n    source:" in text and "decision: noted" in text


def test_headings_merged_down_over_two_rows_are_not_read_as_a_comment(empty: Path, tmp_path: Path):
    # A form whose headings span two rows (sub-headings under a merged "Nội dung góp ý"): the
    # second row was imported as a comment, "Tiếng Việt", answered "Ý kiến của Ban Thư ký".
    book = Workbook()
    sheet = book.active
    sheet.title = "Góp ý"
    sheet.append(["Cơ quan", "Mục", "Nội dung góp ý", None, "Ý kiến của Ban Thư ký"])
    sheet.append([None, None, "Tiếng Việt", "English", None])
    sheet.append(["Lao PDR", "Background", "Làm rõ “Chương trình nghị sự 2030”", "Clarify the 2030 Agenda", "Ghi nhận"])
    for cells in ("A1:A2", "B1:B2", "C1:D1", "E1:E2"):
        sheet.merge_cells(cells)
    path = tmp_path / "form.xlsx"
    book.save(path)
    result = cm("import", "table", str(path), "--dry-run", "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"+ LAO-PDR-1  background  {path}:Góp ý!3: Làm rõ “Chương trình nghị sự 2030”",
        f"note: {path}:Góp ý!2: read as headings, not a comment: its 'Cơ quan', 'Mục', 'Ý kiến của Ban Thư ký' repeat "
        "the headings above them, as headings merged down over two rows do",
        f"Would add 1 comment to {empty}/comments/lao-pdr.yaml (dry run: nothing written)",
    ]


def test_a_number_cell_is_read_as_excel_shows_it(empty: Path, tmp_path: Path):
    # Excel writes a double in full: a clause typed 5.3 is <v>5.2999999999999998</v> in the
    # file, and was read so, naming no section (the comment became general).
    book = Workbook()
    sheet = book.active
    sheet.append(["MB/NC", "Clause", "Paragraph", "Comments", "Observations of the secretariat"])
    sheet.append(["Lao PDR", 5.3, 2, "Name the areas", "Noted"])
    sheet.append(["Lao PDR", 7.1, 1, "Say who pays", "Noted"])
    path = tmp_path / "form.xlsx"
    book.save(path)
    rewrite_sheets(path, lambda xml: re.subn(rb"<v>(5\.3|7\.1)</v>",
                                             lambda m: b"<v>5.2999999999999998</v>" if m[1] == b"5.3" else b"<v>7.0999999999999996</v>",
                                             xml), 2)
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:2] == [f"+ LAO-PDR-1  biodiversity.2  {path}:Sheet!2: Name the areas",
                                              f"+ LAO-PDR-2  financial.1  {path}:Sheet!3: Say who pays"]


def test_a_comments_heading_merged_over_two_columns_reads_both(empty: Path, tmp_path: Path):
    # The merged heading names both columns: the comment was read from the first alone, and
    # the second column's text was lost without a word. Another heading that also names a
    # comment column (the secretariat's) is not the stakeholder's text.
    book = Workbook()
    sheet = book.active
    sheet.append(["MB/NC", "Clause", "Comments", None, "Proposed change", "Observations of the secretariat",
                  "Secretariat comments"])
    sheet.merge_cells("C1:D1")
    sheet.append(["Lao PDR", "5.3", "Main point", "Detail two", "Add wetlands", "Noted", "Internal: ask the Ministry"])
    sheet.append(["Lao PDR", "5.4", "One cell merged over both", None, None, "Noted"])
    sheet.merge_cells("C3:D3")
    path = tmp_path / "form.xlsx"
    book.save(path)
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    texts = [ref.comment.text for ref in load_project(empty).comments()]
    assert texts == ["Main point\nDetail two\nProposed change: Add wetlands", "One cell merged over both"]


def test_a_comment_number_column_before_the_comments_is_not_taken_for_them(empty: Path, tmp_path: Path):
    # "Comment no." was read as the comment column: the comment was "1" and its words were lost.
    book = Workbook()
    sheet = book.active
    sheet.append(["Comment no.", "Stakeholder", "Clause", "Comment", "Secretariat comments"])
    sheet.append(["1", "Lao PDR", "5.3", "Please add wetlands", "Accepted"])
    path = tmp_path / "matrix.xlsx"
    book.save(path)
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    [ref] = load_project(empty).comments()
    assert (ref.comment.text, ref.comment.response.decision) == ("Please add wetlands", "accepted")


def test_a_formula_without_a_saved_value_is_said_by_its_cell(empty: Path, tmp_path: Path):
    # A workbook written by a program (here openpyxl) holds the formula and no value: the cell
    # was read as empty without a word, and the comment lost its text.
    book = Workbook()
    sheet = book.active
    sheet.append(HEADINGS)
    sheet.append(["老挝 Lao PDR", "Background", '="Say who " & "builds"', ""])
    sheet.append(["老挝 Lao PDR", "Background", "Say it once", ""])
    path = tmp_path / "matrix.xlsx"
    book.save(path)
    result = cm("import", "table", str(path), "--dry-run", "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"+ LAO-PDR-1  background  {path}:Sheet!3: Say it once",
        f"note: {path}:Sheet!C2: the cell holds a formula without a saved value; open and save the file in Excel "
        "(it is read as empty)",
        f"note: {path}: skipped 1 blank comment, with nothing to import: Sheet!2",
        f"Would add 1 comment to {empty}/comments/lao-pdr.yaml (dry run: nothing written)",
    ]


def test_a_cell_showing_an_excel_error_is_read_as_its_formula_not_as_the_error(empty: Path, tmp_path: Path):
    # A comment typed starting with "-" or "=" becomes a formula in Excel and LibreOffice, and
    # the cell shows #NAME?: that error was imported as the comment's text.
    book = Workbook()
    sheet = book.active
    sheet.append(HEADINGS)
    sheet.append(["老挝 Lao PDR", "Background", "x", ""])
    sheet.append(["老挝 Lao PDR", "Background", "y", ""])
    path = tmp_path / "matrix.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for cell, inner in (("C2", "<f>-delete rich</f><v>#NAME?</v>"), ("C3", "<v>#REF!</v>")):
        xml = re.sub(f'<c r="{cell}"[^>]*>.*?</c>', f'<c r="{cell}" t="e">{inner}</c>', xml)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = cm("import", "table", str(path), "--dry-run", "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"+ LAO-PDR-1  background  {path}:Sheet!2: -delete rich",
        f"note: {path}:Sheet!C2: the cell shows Excel's error #NAME? of a formula, not text (typed starting with =, "
        "+ or -?): read as the formula's text '-delete rich'; check it",
        f"note: {path}:Sheet!C3: the cell shows Excel's error #REF!, not text: read as empty",
        f"note: {path}: skipped 1 blank comment, with nothing to import: Sheet!3",
        f"Would add 1 comment to {empty}/comments/lao-pdr.yaml (dry run: nothing written)",
    ]


@pytest.mark.parametrize("index", ["999", "x"])
def test_a_cell_naming_a_shared_string_the_workbook_lacks_is_refused_as_damage(empty: Path, tmp_path: Path, index: str):
    # Read as the number it held ('999' became the comment) or, not a number, as the
    # workbook's last shared string: a text the cell never held.
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strings = ["国家/组织Stakeholders", "针对条目Targeted Parts", "具体意见Comments", "老挝 Lao PDR", "Background"]
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    rows = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>',
            f'<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" t="s"><v>{index}</v></c></row>']
    path = tmp_path / "matrix.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"/>')
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="http://schemas.openxmlformats.org/'
                         'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
                         "</sheets></workbook>")
        archive.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                         '2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://'
                         'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>')
        archive.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{main}"><sheetData>{"".join(rows)}</sheetData></worksheet>')
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{main}" count="5" uniqueCount="5">{items}</sst>')
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"cm: {path}: sheet Sheet1, cell C2: refers to shared string '{index}', which the workbook "
                             "does not have (it has 5): the file is damaged (open it in Excel and save it again)\n"
                             "cm: nothing was imported\n")


def test_a_boolean_cell_reads_as_excel_shows_it(empty: Path, tmp_path: Path):
    # <c t="b"><v>1</v></c> was read as "1".
    book = Workbook()
    sheet = book.active
    sheet.append([*HEADINGS, "Proposed change"])
    sheet.append(["老挝 Lao PDR", "Background", "Is the target binding?", "", True])
    sheet.append(["老挝 Lao PDR", "Background", "Is it funded?", "", False])
    path = tmp_path / "matrix.xlsx"
    book.save(path)
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    comments = [ref.comment.text for ref in load_project(empty).comments()]
    assert comments == ["Is the target binding?\nProposed change: TRUE", "Is it funded?\nProposed change: FALSE"]


def test_phonetic_guides_of_a_shared_string_are_not_read_as_its_text(empty: Path, tmp_path: Path):
    # Excel keeps the furigana typed with Japanese (and Chinese pinyin guides) in <rPh> runs
    # of the shared string; they were glued onto the text: 水資源スイシゲンの管理カンリ...
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strings = ["国家/组织Stakeholders", "针对条目Targeted Parts", "具体意见Comments", "老挝 Lao PDR", "Background"]
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    items += ('<si><r><t>水資源</t></r><r><rPr><b/></rPr><t>の管理</t></r><rPh sb="0" eb="3"><t>スイシゲン</t></rPh>'
              '<rPh sb="4" eb="6"><t>カンリ</t></rPh><phoneticPr fontId="1"/></si>'
              '<si><t>流域</t><rPh sb="0" eb="2"><t>リュウイキ</t></rPh><phoneticPr fontId="1"/></si>')
    rows = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>',
            '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" t="s"><v>5</v></c></row>',
            '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" t="s"><v>4</v></c><c r="C3" t="s"><v>6</v></c></row>']
    path = tmp_path / "matrix.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"/>')
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="http://schemas.openxmlformats.org/'
                         'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
                         "</sheets></workbook>")
        archive.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                         '2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://'
                         'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>')
        archive.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{main}"><sheetData>{"".join(rows)}</sheetData></worksheet>')
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{main}" count="7" uniqueCount="7">{items}</sst>')
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    assert [ref.comment.text for ref in load_project(empty).comments()] == ["水資源の管理", "流域"]


def test_a_vietnamese_summary_form_reads_its_comments_not_the_agency_name(empty: Path, tmp_path: Path):
    # "Cơ quan góp ý" (the commenting agency) was read as the comment column: each comment was
    # the agency's name, and "Nội dung góp ý" (the comment itself) was dropped without a word.
    path = write_csv(tmp_path / "bang-tong-hop.csv", [
        ["STT", "Cơ quan góp ý", "Mục", "Nội dung góp ý", "Ngày góp ý", "Ý kiến tiếp thu, giải trình"],
        ["1", "Viet Nam", "5.3", "Đề nghị bổ sung quản trị tốt tài nguyên thiên nhiên.", "05/12/2026", "Tiếp thu"],
    ])
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    [ref] = load_project(empty).comments()
    assert (ref.stakeholder, ref.comment.target, ref.comment.text, ref.comment.response.decision) == (
        "viet-nam", "biodiversity", "Đề nghị bổ sung quản trị tốt tài nguyên thiên nhiên.", "accepted")


def test_a_thai_sheet_under_a_title_row_with_excel_dates(empty: Path, tmp_path: Path):
    # Thai headings were not known at all, and the title above them ("ตารางสรุปความคิดเห็น",
    # "summary of comments") was taken for the heading row: the import stopped.
    book = Workbook()
    sheet = book.active
    sheet.append(["ตารางสรุปความคิดเห็น รอบที่ 1"])
    sheet.append([])
    sheet.append(["ลำดับ", "หน่วยงาน", "หมวด", "ข้อคิดเห็น", "ข้อเสนอแก้ไข", "วันที่", "ผลการพิจารณา"])
    sheet.append([1, "Thailand", "๕.๓", "ควรเพิ่มการติดตามประชากรปลา", "", date(2026, 12, 8), "รับทราบ"])
    sheet.cell(4, 6).number_format = "dd/mm/yyyy"
    path = tmp_path / "ความคิดเห็น.xlsx"
    book.save(path)
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    [ref] = load_project(empty).comments()
    assert (ref.stakeholder, ref.comment.target, ref.comment.text, ref.comment.response.decision) == (
        "thailand", "biodiversity", "ควรเพิ่มการติดตามประชากรปลา", "noted")


def test_an_english_title_naming_comments_above_the_headings(empty: Path, tmp_path: Path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Summary of comments received"])
    sheet.append(["Stakeholder", "Section", "Comment", "Response"])
    sheet.append(["Lao PDR", "5.3", "Please add wetlands", "Accepted"])
    path = tmp_path / "matrix.xlsx"
    book.save(path)
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    [ref] = load_project(empty).comments()
    assert (ref.stakeholder, ref.comment.text) == ("lao-pdr", "Please add wetlands")


def test_a_second_column_read_as_the_same_field_is_said(empty: Path, tmp_path: Path):
    path = write_csv(tmp_path / "matrix.csv", [["Stakeholder", "Comment", "Observations"], ["Lao PDR", "Add wetlands", "Long text"]])
    result = cm("import", "table", str(path), "-C", str(empty), "--dry-run")
    assert (result.exit_code, result.stderr) == (0, "")
    assert (f"note: {path}:1: column 3 'Observations' also reads as the comment column; only column 2 'Comment' is read "
            "(name the columns with --map HEADING=FIELD)") in result.stdout.splitlines()


def test_columns_no_field_is_read_from_are_named_in_the_plan_and_the_import(empty: Path, tmp_path: Path):
    # A secretariat's "Secretariat reply", a "Priority" and a column without a heading were left
    # out without a word: --dry-run said nothing of them.
    path = write_csv(tmp_path / "matrix.csv", [
        ["Stakeholder", "Section", "Comment", "Secretariat reply", "Priority", "", "Checked by"],
        ["Lao PDR", "5.3", "Add wetlands", "Accepted: we add them.", "high", "x", ""],
    ])
    said = (f"note: {path}:1: not read, no field cm knows by its heading: column 4 'Secretariat reply', column 5 "
            "'Priority', column 6 (no heading), column 7 'Checked by'; read one with --map HEADING=FIELD or --map "
            "NUMBER=FIELD, or leave it out without this note with --map NUMBER=ignore")
    for dry_run in (("--dry-run",), ()):
        result = cm("import", "table", str(path), "-C", str(empty), *dry_run)
        assert (result.exit_code, result.stderr) == (0, "")
        assert said in result.stdout.splitlines(), result.stdout
    [ref] = load_project(empty).comments()
    assert ref.comment.response is None  # the reply was not read: said above
    # Named, a column is read; ignored, it is left out without the note.
    result = cm("import", "table", str(path), "-C", str(empty), "--dry-run", "--map", "Secretariat reply=response",
                "--map", "Priority=topic", "--map", "6=ignore", "--map", "7=ignore")
    assert (result.exit_code, result.stderr) == (0, "")
    assert not [line for line in result.stdout.splitlines() if "not read" in line]


def test_a_date_column_of_a_csv_dates_the_comments_and_says_the_dates_it_cannot_be_sure_of(empty: Path, tmp_path: Path):
    # The date column was read as no column: every comment came without its date.
    path = write_csv(tmp_path / "bang-tong-hop.csv", [
        ["Cơ quan góp ý", "Mục", "Nội dung góp ý", "Ngày góp ý"],
        ["Viet Nam", "5.3", "Bổ sung quản trị tốt", "2026-09-16"],
        ["Viet Nam", "5.3", "Bổ sung đất ngập nước", "16/09/2026"],
        ["Viet Nam", "5.3", "Bổ sung rừng ngập mặn", "17.09.2026"],
        ["Viet Nam", "5.3", "Bổ sung cá", "05/12/2026"],
        ["Viet Nam", "5.3", "Bổ sung chim", "๑๖/๐๙/๒๕๖๙"],
        ["Viet Nam", "5.3", "Bổ sung nước", "mid-September"],
    ])
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    dates = [ref.comment.date for ref in load_project(empty).comments()]
    assert dates == [date(2026, 9, 16), date(2026, 9, 16), date(2026, 9, 17), None, None, None]
    lines = result.stdout.splitlines()
    assert lines[lines.index(f"+ VIET-NAM-4  biodiversity  {path}:5: Bổ sung cá") + 1] == (
        "    the date '05/12/2026' could be 5 December or 12 May 2026: the comment has no date "
        "(write it as 2026-MM-DD to import it)")
    assert ("    the date '๑๖/๐๙/๒๕๖๙' is of the year 2569: if it is of the Buddhist era, that is 2026; "
            "the comment has no date (write it as 2026-MM-DD)") in lines
    assert ("    the date 'mid-September' is not a date cm reads: the comment has no date (write it as YYYY-MM-DD)") in lines
    assert "date: 2026-09-16\n" in (empty / "comments" / "viet-nam.yaml").read_text(encoding="utf-8")


def test_excel_dates_in_a_date_column_date_the_comments(empty: Path, tmp_path: Path):
    # An Excel date is a number with a date style: it was read as the day's serial (46281).
    book = Workbook()
    sheet = book.active
    sheet.append(["Stakeholder", "Section", "Comment", "Date"])
    sheet.append(["Lao PDR", "5.3", "Add wetlands", date(2026, 9, 16)])
    sheet.append(["Lao PDR", "5.3", "Add mangroves", datetime(2026, 9, 17, 10, 30)])
    sheet.append(["Lao PDR", "5.3", "Add fish", 46283])
    sheet.cell(4, 4).number_format = "dd/mm/yyyy"
    sheet.append(["Lao PDR", "5.3", "Add birds", 46284])
    sheet.cell(5, 4).number_format = "mm-dd-yy"  # Excel's built-in short date (14)
    sheet.append(["Lao PDR", "5.3", "Add water", "2026-09-20"])
    sheet.append(["Lao PDR", "5.3", "Add rivers", 46281])  # a number, not a date: not guessed
    path = tmp_path / "matrix.xlsx"
    book.save(path)
    result = cm("import", "table", str(path), "-C", str(empty))
    assert (result.exit_code, result.stderr) == (0, "")
    dates = [ref.comment.date for ref in load_project(empty).comments()]
    assert dates == [date(2026, 9, 16), date(2026, 9, 17), date(2026, 9, 18), date(2026, 9, 19), date(2026, 9, 20), None]
    assert ("    the date '46281' is not a date cm reads: the comment has no date (write it as YYYY-MM-DD)"
            in result.stdout.splitlines())


def test_excel_dates_of_the_1904_date_system_and_iso_date_cells(empty: Path, tmp_path: Path):
    book = Workbook(iso_dates=True)  # dates saved as t="d" cells holding ISO text
    sheet = book.active
    sheet.append(["Stakeholder", "Comment", "Date"])
    sheet.append(["Lao PDR", "Add wetlands", date(2026, 9, 16)])
    path = tmp_path / "iso.xlsx"
    book.save(path)
    old = Workbook()
    old.epoch = CALENDAR_MAC_1904
    old.active.append(["Stakeholder", "Comment", "Date"])
    old.active.append(["Lao PDR", "Add mangroves", date(2026, 9, 17)])
    old_path = tmp_path / "mac.xlsx"
    old.save(old_path)
    for source in (path, old_path):
        result = cm("import", "table", str(source), "-C", str(empty))
        assert (result.exit_code, result.stderr) == (0, "")
    assert [ref.comment.date for ref in load_project(empty).comments()] == [date(2026, 9, 16), date(2026, 9, 17)]


def test_a_target_cell_that_is_no_id_is_read_as_a_place_and_reported_when_it_names_nothing(
        example: Path, tmp_path: Path):
    for path in (example / "comments").glob("*.yaml"):
        path.unlink()
    path = tmp_path / "targets.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([
            ["Stakeholder", "Target", "Comment"],
            ["Lao PDR", "principles.3", "An id of the draft."],
            # an id renamed since the copy went out: it was made general without a word
            ["Lao PDR", "principles.9", "An id the draft does not have."],
            ["Lao PDR", "5.3", "A section number in the target column."],
        ])
    result = cm("import", "table", str(path), "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"+ LAO-PDR-1  principles.3  {path}:2: An id of the draft.\n"
        f"+ LAO-PDR-2  general  {path}:3: An id the draft does not have.\n"
        "    'principles.9' names no section or paragraph of the draft: the comment is general\n"
        f"+ LAO-PDR-3  biodiversity  {path}:4: A section number in the target column.\n"
        f"Added 3 comments ({example}/comments/lao-pdr.yaml)\n")
