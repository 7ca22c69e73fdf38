"""XLSX working sheet of the matrix or the synopsis: frozen header, filters, wrapped text.

Text is always stored as text: openpyxl would turn a comment starting with '=' into a formula,
so such cells are forced to the string type.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from commentmatrix.render.zipstamp import restamp

DECISION_FILLS = {"accepted": "DCEFDC", "partially": "FBEFD5", "rejected": "F8DADA", "noted": "EEEEEE", "withdrawn": "E8DFF0",
                  "open": "DCE7F7"}
HEADER_FILL = "D9E2F3"
# Characters per column, by column position; the long texts get the room.
WIDTHS = {"id": 10, "stakeholder": 22, "state": 18, "target": 30, "topic": 12, "comment": 60, "proposal": 50,
          "decision": 18, "note": 45, "edits": 45, "by": 14, "date": 12,
          "where": 34, "original": 60, "revised": 60, "changed_by": 40, "round": 16, "carryover": 22}


# Excel holds at most 32,767 characters (UTF-16 units) in a cell and reports a longer one as a
# damaged file; LibreOffice cuts it silently. Cut it ourselves, and say so in the cell.
EXCEL_CELL_LIMIT = 32_767
CUT_NOTE = " […] (cut: an Excel cell holds 32,767 characters; the DOCX and HTML matrix have the whole text)"


def fit_cell(value: str) -> str:
    if len(value) <= EXCEL_CELL_LIMIT // 2 or _utf16_length(value) <= EXCEL_CELL_LIMIT:
        return value
    room, end = EXCEL_CELL_LIMIT - len(CUT_NOTE), 0
    for char in value:
        room -= 2 if ord(char) > 0xFFFF else 1
        if room < 0:
            break
        end += 1
    return value[:end] + CUT_NOTE


def _utf16_length(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def render_xlsx(title: str, keys: tuple[str, ...], header: list[str], rows: list[list[str]], decisions: list[str],
                stamp: dt.datetime) -> bytes:
    # Write-only (streaming) mode: rows go straight to the sheet's XML instead of staying in
    # memory as cell objects, which at 100,000 comments took gigabytes.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, key in enumerate(keys, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(key, 20)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{len(rows) + 1}"
    wrap = Alignment(wrap_text=True, vertical="top")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    bold = Font(bold=True)
    sheet.append([_cell(sheet, value, wrap, font=bold, fill=header_fill) for value in header])
    fills = {key: PatternFill("solid", fgColor=colour) for key, colour in DECISION_FILLS.items()}
    decision_column = keys.index("decision") if "decision" in keys else None
    for values, decision in zip(rows, decisions):
        cells = [_cell(sheet, value, wrap) for value in values]
        if decision and decision_column is not None:
            cells[decision_column].fill = fills[decision]
        sheet.append(cells)
    naive = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    workbook.properties.created = workbook.properties.modified = naive
    workbook.properties.creator = workbook.properties.lastModifiedBy = "commentmatrix"
    workbook.properties.title = title
    out = io.BytesIO()
    # save_workbook() would stamp `modified` with the wall clock; ExcelWriter keeps ours.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return restamp(out.getvalue(), stamp)


def _cell(sheet, value: str, alignment: Alignment, font: Font | None = None, fill: PatternFill | None = None) -> WriteOnlyCell:
    value = fit_cell(value)
    cell = WriteOnlyCell(sheet, value)
    if value.startswith("="):
        cell.data_type = "s"
    cell.alignment = alignment
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell
