"""XLSX working sheet of the matrix or the synopsis: frozen header, filters, wrapped text, and
set up to print: A4 landscape, every column on the page's width (as many pages down as it
takes), the header row repeated on every page.

Text is always stored as text: openpyxl would turn a comment starting with '=' into a formula,
and one that is an error code ("#N/A") into an error value, so every cell is of the string type.

Every row gets its height: neither Excel nor LibreOffice grows a row to its wrapped text when
it opens a file (LibreOffice shows the first line of a cell, and so hides every language after
the first). The height is the most lines any cell of the row takes in its column's width,
measured as model/display_width.py measures (a Chinese character two columns, a Thai vowel
sign none), times a line's height.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import LXML, Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import XML_NS
from openpyxl.xml.functions import Element, SubElement

from commentmatrix.model.display_width import cell_width, most_lines
from commentmatrix.render.zipstamp import StampedZipFile

DECISION_FILLS = {"accepted": "DCEFDC", "partially": "FBEFD5", "rejected": "F8DADA", "noted": "EEEEEE", "withdrawn": "E8DFF0",
                  "open": "DCE7F7"}
HEADER_FILL = "D9E2F3"
# Characters per column, by column position; the long texts get the room.
WIDTHS = {"id": 10, "stakeholder": 22, "state": 18, "target": 30, "topic": 12, "comment": 60, "proposal": 50,
          "decision": 18, "note": 45, "edits": 45, "by": 14, "date": 12, "internal_note": 40,
          "where": 34, "original": 60, "revised": 60, "changed_by": 40, "round": 16, "carryover": 22,
          # the ISO/IEC form (views/iso.py)
          "mb": 16, "line": 8, "clause": 10, "paragraph": 12, "type": 9, "comments": 60, "proposed": 50,
          "observations": 50}


#: The widest the id column grows to hold its longest id whole.
MAX_ID_WIDTH = 30


def column_widths(keys: tuple[str, ...], rows: list[list[str]]) -> list[int]:
    """Each column's width in characters; the id column as wide as its longest id needs (within
    MAX_ID_WIDTH), since an id is one word that Excel and LibreOffice break at its hyphen
    ("THAILAND-" over "10" in ten columns), no reader's way of writing it."""
    widths = [WIDTHS.get(key, 20) for key in keys]
    if "id" in keys:
        at = keys.index("id")
        longest = max((cell_width(line) for row in rows if at < len(row) for line in row[at].splitlines()), default=0)
        # One column of slack, as row_height gives every cell, and one for the cell's margins.
        widths[at] = min(max(widths[at], longest + 2), MAX_ID_WIDTH)
    return widths


#: Points per line of 11-point text, and the room above and below the lines of a cell.
LINE_POINTS = 15.0
ROW_PADDING = 3.0
#: The tallest row Excel allows; a longer cell scrolls within it.
MAX_ROW_POINTS = 409.0
#: Margins in inches (2 cm at the sides, 1.5 cm top and bottom, the header and footer within).
MARGINS = {"left": 0.79, "right": 0.79, "top": 0.59, "bottom": 0.59, "header": 0.3, "footer": 0.3}
PAPER_A4 = 9  # the paperSize code of ECMA-376


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
                stamp: dt.datetime, fill_column: str = "decision") -> bytes:
    """The sheet; each row's decision (a key of DECISION_FILLS, or '') colours its `fill_column`."""
    # Write-only (streaming) mode: rows go straight to the sheet's XML instead of staying in
    # memory as cell objects, which at 100,000 comments took gigabytes.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    widths = column_widths(keys, rows)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{len(rows) + 1}"
    _print_setup(sheet)
    _RowWriter.install(sheet, len(keys))
    styles = _Styles(sheet)
    heights = _Heights(sheet)
    cells = _Cells(sheet, len(keys))
    heights.append(1, cells.filled(header, styles.header), header, widths)
    decision_column = keys.index(fill_column) if fill_column in keys else None
    wrap = styles.wrap
    for number, (values, decision) in enumerate(zip(rows, decisions), start=2):
        row = cells.filled(values, wrap)
        if decision and decision_column is not None:
            row[decision_column].style_id = styles.filled(decision)
        heights.append(number, row, values, widths)
    naive = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    workbook.properties.created = workbook.properties.modified = naive
    workbook.properties.creator = workbook.properties.lastModifiedBy = "commentmatrix"
    workbook.properties.title = title
    out = io.BytesIO()
    # save_workbook() would stamp `modified` with the wall clock; ExcelWriter keeps ours. The
    # archive stamps its members as they are written: no second pass over the file.
    with StampedZipFile(out, stamp) as archive:
        ExcelWriter(workbook, archive).save()
    return out.getvalue()


class _Styles:
    """The few styles of the sheet, each made once through openpyxl's style objects and
    registered in the workbook when first handed out: a cell takes one by its id. Setting
    Alignment/Font/PatternFill on every cell made openpyxl hash each object again per cell (a
    tenth of the time at 100,000 comments), and its `style_id` hashed each cell's style array
    again to find the id (a tenth of what was left at 10,000)."""

    def __init__(self, sheet) -> None:
        self.sheet = sheet
        self.alignment = Alignment(wrap_text=True, vertical="top")
        self.ids: dict[str, int] = {}

    @property
    def header(self) -> int:
        return self._id("header", font=Font(bold=True), fill=PatternFill("solid", fgColor=HEADER_FILL))

    @property
    def wrap(self) -> int:
        return self._id("wrap")

    def filled(self, decision: str) -> int:
        """The style of a cell coloured by `decision`; made when first used, so that the file
        lists only the fills it shows."""
        # Looked up before the fill is made: not a PatternFill (its colour parsed and checked)
        # per row.
        if decision in self.ids:
            return self.ids[decision]
        return self._id(decision, fill=PatternFill("solid", fgColor=DECISION_FILLS[decision]))

    def _id(self, name: str, font: Font | None = None, fill: PatternFill | None = None) -> int:
        # Registered in the order the cells first show them, as openpyxl's `style_id` would: the
        # ids, and so the file's bytes, stay those of a sheet whose cells looked them up.
        if name not in self.ids:
            model = WriteOnlyCell(self.sheet)
            model.alignment = self.alignment
            if font is not None:
                model.font = font
            if fill is not None:
                model.fill = fill
            self.ids[name] = self.sheet.parent._cell_styles.add(model._style)
        return self.ids[name]


class _Heights:
    """Each row's height, set on the row as it streams out."""

    def __init__(self, sheet) -> None:
        self.sheet = sheet
        # The row attributes openpyxl writes for a height, made once per distinct height.
        self.attributes: dict[float, dict[str, str]] = {}

    def append(self, number: int, cells: list[_StyledCell], values: list[str], widths: list[int]) -> None:
        height = row_height(values, widths)
        if height not in self.attributes:
            self.attributes[height] = dict(RowDimension(self.sheet, index=number, ht=height, customHeight=True))
        # The write-only sheet writes a row's dimension with the row; dropped after it, so that
        # memory stays flat however many rows stream through.
        self.sheet.row_dimensions[number] = self.attributes[height]
        self.sheet.append(cells)
        del self.sheet.row_dimensions[number]


def _print_setup(sheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = PAPER_A4
    # fitToHeight 0: as many pages down as the rows need, the columns always on one page's width.
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"
    for side, inches in MARGINS.items():
        setattr(sheet.page_margins, side, inches)
    sheet.oddFooter.center.text = "&P / &N"


def row_height(values: list[str], widths: list[int]) -> float:
    """Points that show every line of the row's cells, each wrapped in its column's width."""
    # A column `width` characters wide holds fewer of a proportional font's widest letters; one
    # column's slack keeps a line that nearly fills the width from wrapping unseen.
    lines = most_lines((value, max(width - 1, 1)) for value, width in zip(values, widths) if value)
    return min(lines * LINE_POINTS + ROW_PADDING, MAX_ROW_POINTS)


class _StyledCell(Cell):
    """A cell that carries its style's id: openpyxl's own looks the id up from the cell's style
    array, hashing it, for every cell it writes."""

    __slots__ = ("style_id",)
    # Every cell of the sheet has a style (wrapped text at the least).
    has_style = True


class _Cells:
    """A cell per column, filled again for every row: the sheet writes a row's cells as they are
    appended, so none is needed after. openpyxl's append() would try each of cm's cells as a
    value first (and fail, by an exception) and make a fresh cell after each styled one: three
    cell objects and an exception per cell, where the sheet takes the row's cells as they are."""

    def __init__(self, sheet, count: int) -> None:
        self.cells = [_StyledCell(sheet, row=1, column=column) for column in range(1, count + 1)]
        sheet._values_to_row = self._numbered

    def filled(self, values: list[str], style: int) -> list[_StyledCell]:
        for cell, value in zip(self.cells, values):
            # Through openpyxl's own value setter (its checks: characters a sheet cannot hold),
            # then text whatever openpyxl took it for: a comment "=SUM(A1)" is not a formula,
            # nor a note "#N/A" an error value.
            cell.value = fit_cell(value)
            cell.data_type = "s"
            cell.style_id = style
        return self.cells[:len(values)]

    @staticmethod
    def _numbered(cells: list[_StyledCell], number: int) -> list[_StyledCell]:
        for cell in cells:
            cell.row = number
        return cells


_PRESERVE = f"{{{XML_NS}}}space"


class _RowWriter(WorksheetWriter):
    """openpyxl's writer of the sheet, each row of text cells handed to lxml as one element made
    of elements kept from row to row: openpyxl opens and closes three elements per cell through
    lxml's incremental writer and works each cell's attributes out again, where making lxml's
    elements was most of the time a cell took. Same bytes as openpyxl's. A row with a cell of any
    other type (a text openpyxl reads as an error code, such as `#N/A`) is written by openpyxl."""

    def __init__(self, sheet, count: int) -> None:
        super().__init__(sheet)
        self.letters = {column: get_column_letter(column) for column in range(1, count + 1)}
        # Per column, a cell holding its text's element, and an empty cell (written, as openpyxl
        # writes it, as an open and a close tag).
        self.texts = {column: self._text_cell() for column in self.letters}
        self.empties = {column: Element("c", {"r": "", "s": "", "t": "inlineStr"}) for column in self.letters}
        for empty in self.empties.values():
            empty.text = ""

    @staticmethod
    def _text_cell() -> tuple:
        """A cell and the element of its text."""
        cell = Element("c", {"r": "", "s": "", "t": "inlineStr"})
        return cell, SubElement(SubElement(cell, "is"), "t")

    @classmethod
    def install(cls, sheet, count: int) -> None:
        """Made the writer of `sheet` (of `count` columns) as the sheet makes its own at its
        first row: after the columns, panes and print set-up, which it writes before the rows."""
        writer = cls(sheet, count)
        writer.write_top()
        sheet._writer = writer

    def write_row(self, xf, row: list[_StyledCell], row_idx: int) -> None:
        if not LXML or any(cell.data_type != "s" for cell in row):
            super().write_row(xf, row, row_idx)
            return
        number = f"{row_idx}"
        element = Element("row", {"r": number, **self.ws.row_dimensions.get(row_idx, {})})
        for cell in row:
            value, column = cell._value, cell.column
            if value:
                written, text = self.texts[column]
                text.text = value
                # openpyxl keeps a text's leading and closing white space, and says so only then.
                if value != value.strip():
                    text.set(_PRESERVE, "preserve")
                elif _PRESERVE in text.attrib:
                    del text.attrib[_PRESERVE]
            else:
                written = self.empties[column]
            written.set("r", self.letters[column] + number)
            written.set("s", f"{cell.style_id}")
            # Moved into this row's element, out of the row before.
            element.append(written)
        xf.write(element)
