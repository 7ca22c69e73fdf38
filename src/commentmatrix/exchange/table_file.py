"""Tables of comments as rows of cell text, from CSV, XLSX or DOCX, each row with its place.

XLSX and DOCX come from outside, so they are read through officezip (size and DOCTYPE checks)
and walked with lxml, not handed to openpyxl or python-docx. Merged cells (a stakeholder's name
spanning its rows) give their value to every cell they cover. A sheet's cells read as Excel
shows them: booleans as TRUE/FALSE, strings without their phonetic guides (`rPh`, furigana); a
formula whose value the file did not save is said, by its cell, not read as an empty cell, and
a cell showing an Excel error (`#NAME?`) is read as its formula's text, said by its cell too.
A number with a date style (how Excel keeps a date) reads as its ISO date, `2026-09-16` (with
the time, `2026-09-16 10:30`, when it has one), not as the day's serial number.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from commentmatrix.exchange.officezip import UnsafeFile, open_office
from commentmatrix.model.inert import one_line
from commentmatrix.model.invisible import CONTROL_NAMES
from commentmatrix.model.text import nfc
from commentmatrix.model.textfacts import WORD_FORBIDDEN

SUFFIXES = (".csv", ".xlsx", ".docx")
MAX_ROWS = 100_000
MAX_CELL_CHARS = 20_000
# A CSV is read whole (a table of comments is a few MB at most); XLSX and DOCX have the archive
# limits of officezip. A row wider than a sheet cm reads (256 columns) is no comment table.
MAX_CSV_BYTES = 64 * 1024 * 1024
MAX_ROW_CELLS = 256
MAX_CELLS = 2_000_000
#: Text a table import holds, counted per cell: a CSV cannot pass it (its bytes are capped the
#: same), but one shared string or one merged value of a sheet is referred to by many cells,
#: and every reference is a cell of the table.
MAX_TEXT_CHARS = 64 * 1024 * 1024
#: A merged range larger than this is left as Excel shows it to a reader of the corner only;
#: smaller ones give their value to every cell they cover, MAX_CELLS of them in all at most.
MAX_MERGE_FILL = 10_000
_MIB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Row:
    place: str  # "12" for a CSV line, "Sheet1!5" for a sheet row, "table 1 row 3" for Word
    cells: tuple[str, ...]

    def reader(self, fields: dict[str, int]) -> Callable[[str], str]:
        """The row's cell of a named field (`fields` maps names to columns), stripped; "" when
        the table has no such column or the row is shorter."""
        def cell(name: str) -> str:
            index = fields.get(name)
            return self.cells[index].strip() if index is not None and index < len(self.cells) else ""
        return cell


@dataclass(frozen=True)
class Table:
    name: str
    rows: tuple[Row, ...]
    #: Rows printed above the table in the page header (a Word table's headings may stand
    #: there, as in the ISO/IEC commenting template), and the header's other text.
    headings: tuple[Row, ...] = ()
    header_text: str = ""
    #: What the import should say about cells it could not read as the file's author sees them.
    notes: tuple[str, ...] = ()


def read_tables(path: Path) -> list[Table]:
    """Every table of the file (one for CSV, one per sheet, one per Word table); raises UnsafeFile."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [_csv(path)]
    if suffix == ".xlsx":
        return _xlsx(path)
    if suffix == ".docx":
        from commentmatrix.exchange.reviewed_docx import read_review

        document = read_review(path)
        headings, header_text = _page_headers(path)
        return [Table(f"table {n}", tuple(Row(f"table {n} row {i}", tuple(cells)) for i, cells in enumerate(t.rows, start=1)),
                      headings, header_text)
                for n, t in enumerate(document.tables, start=1)]
    raise UnsafeFile(path, f"is not a table cm reads (give a {', '.join(SUFFIXES)} file)")


WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADER_PART = re.compile(r"word/header[0-9]*\.xml")
MAX_HEADER_ROWS = 20


def _page_headers(path: Path) -> tuple[tuple[Row, ...], str]:
    """The rows of the tables in the document's page headers, and the headers' other text."""
    rows: list[Row] = []
    text: list[str] = []
    with open_office(path, "DOCX") as archive:
        for part in sorted(name for name in archive.names if _HEADER_PART.fullmatch(name)):
            root = archive.xml(part)
            for table in root.iter(f"{{{WORD}}}tbl"):
                for number, row in enumerate(table.iter(f"{{{WORD}}}tr"), start=1):
                    if len(rows) >= MAX_HEADER_ROWS:
                        break
                    cells = [_word_cell_text(cell) for cell in row.findall(f"{{{WORD}}}tc")]
                    rows.append(Row(f"{part} row {number}", _checked(path, cells[:MAX_ROW_CELLS], part)))
            text.extend(_word_cell_text(paragraph) for paragraph in root.findall(f"{{{WORD}}}p"))
    return tuple(rows), _normal(path, "\n".join(line for line in text if line)[:MAX_CELL_CHARS], "the page header")


def _word_cell_text(element) -> str:
    return "\n".join("".join(t.text or "" for t in paragraph.iter(f"{{{WORD}}}t"))
                     for paragraph in element.iter(f"{{{WORD}}}p"))


def _checked(path: Path, cells: list[str], place: str, controls: bool = False) -> tuple[str, ...]:
    """The row's cells, normalised; with `controls` (the file holds a character no comment
    may hold), each is looked at first, so the refusal names the cell, not a line of the YAML
    file the comment would have gone to."""
    if controls:
        for column, cell in enumerate(cells, start=1):
            bad = WORD_FORBIDDEN.search(cell)
            if bad is not None:
                char = bad.group()
                name = unicodedata.name(char, None) or CONTROL_NAMES.get(ord(char), "control character")
                raise UnsafeFile(path, f"{place}, column {column}: the cell holds the control character U+{ord(char):04X} "
                                       f"({name}), which a comment cannot hold (Word documents cannot); delete it: it "
                                       "usually comes from copying out of a PDF or another program")
    return tuple(_normal(path, cell, place) for cell in cells)


def _normal(path: Path, cell: str, place: str) -> str:
    if len(cell) > MAX_CELL_CHARS:
        raise UnsafeFile(path, f"{place}: a cell of {len(cell):,} characters; cm imports cells of up to {MAX_CELL_CHARS:,}")
    # A line break in a cell is "\n" in a comment, however the file ended its lines: a CSV
    # written on Windows quotes a cell's CRLF, which was kept as "\r\n".
    if "\r" in cell:
        cell = cell.replace("\r\n", "\n").replace("\r", "\n")
    return nfc(cell.strip())


def _csv_bytes(path: Path) -> bytes:
    """The file's bytes, if it is a plain file of at most MAX_CSV_BYTES; else UnsafeFile."""
    try:
        # O_NONBLOCK: a named pipe called *.csv must not wait for a writer.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise UnsafeFile(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(path, "is not a plain file (it is a folder, pipe or device)")
        if info.st_size > MAX_CSV_BYTES:
            raise UnsafeFile(path, f"is {info.st_size:,} bytes ({info.st_size / _MIB:.1f} MB); "
                             f"cm reads CSV files up to {MAX_CSV_BYTES:,} bytes ({MAX_CSV_BYTES // _MIB} MB)")
        chunks, size = [], 0
        while size <= MAX_CSV_BYTES:  # a file growing while it is read stops at the limit too
            chunk = os.read(handle, min(1 << 20, MAX_CSV_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_CSV_BYTES:
            raise UnsafeFile(path, f"is more than {MAX_CSV_BYTES:,} bytes ({MAX_CSV_BYTES // _MIB} MB); "
                             "cm reads CSV files up to that size")
        return b"".join(chunks)
    except OSError as exc:
        raise UnsafeFile(path, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(handle)


def _csv_codec(path: Path, raw: bytes) -> str:
    """The codec a CSV is read in: UTF-8, or UTF-16 when its byte-order mark says so (Excel's
    "Unicode Text", many exporters); raises UnsafeFile for text in any other encoding."""
    codec = "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    try:
        raw.decode(codec)  # the whole file is checked once, then read as a stream
    except UnicodeDecodeError as exc:
        if codec == "utf-16":
            raise UnsafeFile(path, f"starts with the UTF-16 byte-order mark but is not UTF-16 text (byte {exc.start}): "
                                   'save it as "CSV UTF-8"') from None
        before = raw[:exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8-sig", errors="replace")) + 1
        if b"\x00" in raw[:4]:
            said = "it looks like UTF-16 without a byte-order mark"
        else:
            # Excel's plain "CSV" is saved in the computer's code page, which the file does not name.
            said = ("Excel's plain \"CSV\" is saved in the computer's code page, such as Windows-1258 for Vietnamese "
                    "or Windows-874 / TIS-620 for Thai")
        raise UnsafeFile(path, f"line {line}, column {column}: byte 0x{raw[exc.start]:02x} is not UTF-8 text ({said}): "
                               'save the file as "CSV UTF-8"') from None
    return codec


_SEP_LINE = re.compile(r"sep=([^\r\n\"])\r?\n", re.IGNORECASE)


def _csv(path: Path) -> Table:
    raw = _csv_bytes(path)
    codec = _csv_codec(path, raw)
    whole = raw.decode(codec)
    head, controls = whole[:8192], WORD_FORBIDDEN.search(whole) is not None
    del whole
    # Only the delimiter and the spaces after it are sniffed: Excel, LibreOffice and every
    # spreadsheet quote as RFC 4180 does, and the sniffer's guess of the quoting is unreliable
    # (a quoted cell holding the delimiter and a doubled quote made it turn doubled quotes
    # off, which split the cell and shifted the row's columns).
    # Excel's own line naming the delimiter ("sep=;"), written first by exporters for Excel: it
    # is the delimiter, and no row. Sniffed with it, the file was read with the wrong delimiter
    # and no heading row was found.
    named = _SEP_LINE.match(head.lstrip("\ufeff"))
    try:
        sniffed = csv.Sniffer().sniff(head[named.end():] if named else head, delimiters=",;\t")
        delimiter, spaced = sniffed.delimiter, sniffed.skipinitialspace
    except csv.Error:
        delimiter, spaced = ",", False
    if named:
        delimiter = named.group(1)
    rows: list[Row] = []
    cells_read = 0
    # Decoded as it is read: the whole text is never held beside the rows.
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding=codec, newline="")
    reader = csv.reader(stream, csv.excel, delimiter=delimiter, skipinitialspace=spaced)
    ended = 0  # the line the previous row ended on: a row's place is the line it starts on
    try:
        for cells in reader:
            if named and reader.line_num == 1:
                ended = 1
                continue
            if len(rows) >= MAX_ROWS:
                raise UnsafeFile(path, f"has more than {MAX_ROWS:,} rows: refused")
            place, ended = str(ended + 1), reader.line_num
            if len(cells) > MAX_ROW_CELLS:
                raise UnsafeFile(path, f"line {place}: a row of {len(cells):,} cells; cm imports rows of up to {MAX_ROW_CELLS}")
            cells_read += len(cells)
            if cells_read > MAX_CELLS:
                raise UnsafeFile(path, f"has more than {MAX_CELLS:,} cells (by line {place}): refused")
            rows.append(Row(place, _checked(path, cells, f"line {place}", controls)))
    except csv.Error as exc:
        raise UnsafeFile(path, f"line {reader.line_num}: {exc}") from None
    return Table(path.name, tuple(rows))


def _xlsx(path: Path) -> list[Table]:
    with open_office(path, "XLSX") as archive:
        if not archive.has("xl/workbook.xml"):
            raise UnsafeFile(path, "is a zip archive but not an Excel workbook (it has no xl/workbook.xml)")
        shared = []
        if archive.has("xl/sharedStrings.xml"):
            for item in archive.elements("xl/sharedStrings.xml", f"{{{MAIN}}}si"):
                shared.append(_string_text(item))
        targets = {}
        if archive.has("xl/_rels/workbook.xml.rels"):
            for rel in archive.xml("xl/_rels/workbook.xml.rels").findall(f"{{{PKG_REL}}}Relationship"):
                target = rel.get("Target") or ""
                targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        workbook = archive.xml("xl/workbook.xml")
        properties = workbook.find(f"{{{MAIN}}}workbookPr")
        epoch = _EPOCH_1904 if properties is not None and properties.get("date1904") in ("1", "true") else None
        dated = _date_styles(archive.xml("xl/styles.xml")) if archive.has("xl/styles.xml") else frozenset()
        tables = []
        for sheet in workbook.iter(f"{{{MAIN}}}sheet"):
            part = targets.get(sheet.get(f"{{{REL}}}id"))
            if part and archive.has(part):
                elements = archive.elements(part, f"{{{MAIN}}}row", f"{{{MAIN}}}mergeCell")
                tables.append(_sheet(path, sheet.get("name") or part, elements, shared, _Dates(dated, epoch)))
        return tables


#: Excel's built-in number formats that show a date (ECMA-376 18.8.30, with the East Asian ones).
_BUILTIN_DATES = frozenset({14, 15, 16, 17, 22, *range(27, 32), *range(34, 37), *range(50, 59)})
#: Parts of a format code that are no date letters: quoted text, escaped characters, [colours],
#: [$-locale] tags and elapsed-time brackets.
_NOT_CODE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_EPOCH_1904 = dt.datetime(1904, 1, 1)


@dataclass(frozen=True)
class _Dates:
    styles: frozenset[int]  # indexes of cellXfs whose number format shows a date
    epoch: dt.datetime | None  # the 1904 date system's day 0; None: Excel's 1900 system


def _date_styles(root) -> frozenset[int]:
    """The cell styles (indexes into cellXfs) whose number format shows a date."""
    custom = {}
    for fmt in root.iter(f"{{{MAIN}}}numFmt"):
        number = fmt.get("numFmtId") or ""
        if number.isascii() and number.isdigit():
            code = _NOT_CODE.sub("", fmt.get("formatCode") or "").lower()
            custom[int(number)] = "d" in code or "y" in code
    styles = set()
    cell_xfs = root.find(f"{{{MAIN}}}cellXfs")
    for index, xf in enumerate(cell_xfs.findall(f"{{{MAIN}}}xf") if cell_xfs is not None else ()):
        number = xf.get("numFmtId") or ""
        if number.isascii() and number.isdigit() and custom.get(int(number), int(number) in _BUILTIN_DATES):
            styles.add(index)
    return frozenset(styles)


def _shown_date(raw: str, epoch: dt.datetime | None) -> str | None:
    """A date cell's serial number as an ISO date (and time), or None when it is no day Excel shows."""
    try:
        serial = float(raw)
    except ValueError:
        return None
    if not 1 <= serial < 2_958_466:  # Excel's days: 1900-01-01 to 9999-12-31
        return None
    if epoch is None:
        # Excel's 1900 system counts a 29 February 1900 that never was (day 60).
        if 60 <= serial < 61:
            return None
        epoch = dt.datetime(1899, 12, 31) if serial < 60 else dt.datetime(1899, 12, 30)
    try:
        return _iso(epoch + dt.timedelta(seconds=round(serial * 86_400)))
    except OverflowError:  # past 9999 in the 1904 system
        return None


def _iso(moment: dt.datetime) -> str:
    if moment.time() == dt.time():
        return moment.date().isoformat()
    return moment.isoformat(" ", "seconds" if moment.second else "minutes")


# ASCII only: the XML says so, and int() would take other digits (²) that isdigit() lets through.
_CELL = re.compile(r"([A-Z]+)([0-9]+)")


def _string_text(item) -> str:
    """The text of a string item (`si`, `is`) as Excel shows it: its own `t` and those of its
    rich-text runs, not those of its phonetic guides (`rPh`: the furigana over Japanese words,
    which were glued onto the text)."""
    texts: list[str] = []
    for child in item.iterchildren(f"{{{MAIN}}}t", f"{{{MAIN}}}r"):
        runs = [child] if child.tag == f"{{{MAIN}}}t" else child.iterchildren(f"{{{MAIN}}}t")
        texts.extend(t.text or "" for t in runs)
    return "".join(texts)


#: A boolean cell's 1 and 0, as Excel shows them.
_BOOLEANS = {"1": "TRUE", "0": "FALSE"}


def _letters(column: int) -> str:
    """A column's letters: 0 -> A, 26 -> AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _index(text: str | None) -> int:
    """A shared-string index as the XML writes it (ASCII digits), or -1: never int() of '²'."""
    return int(text) if text and text.isascii() and text.isdigit() else -1


_DECIMAL = re.compile(r"-?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?")


def _shown_number(raw: str) -> str:
    """A number cell as Excel shows it: to 15 significant digits. Excel writes the double in
    full, so a clause typed 5.3 is `5.2999999999999998` in the file and named no section."""
    if (raw.isascii() and raw.isdigit()) or not _DECIMAL.fullmatch(raw):
        return raw
    shown = f"{float(raw):.15g}"
    return raw if "e" in shown or shown == "nan" or "inf" in shown else shown


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def _sheet(path: Path, name: str, elements: Iterable, shared: list[str], dates: _Dates | None = None) -> Table:
    """The sheet's rows from its `row` and `mergeCell` elements, given one at a time in document
    order (officezip's `elements`: the sheet is never held as a whole tree)."""
    # Each text is trimmed and normalised once where it is read: a shared string or a merged
    # value is then one string that every cell showing it refers to, never a copy per cell.
    normal: dict[int, str] = {}
    grid: dict[int, dict[int, str]] = {}
    notes: list[str] = []
    read = 0
    # A row's and a cell's reference are optional (ECMA-376 18.3.1.73, 18.3.1.4): one left out
    # is the next row, the next cell of the row, as Excel reads it.
    row_number = 0
    merges: list[str] = []
    for row in elements:
        if row.tag == f"{{{MAIN}}}mergeCell":
            merges.append(row.get("ref") or "")
            continue
        if len(grid) >= MAX_ROWS:
            raise UnsafeFile(path, f"sheet {name} has more than {MAX_ROWS:,} rows: refused")
        given_row = row.get("r")
        row_number = int(given_row) if given_row and given_row.isascii() and given_row.isdigit() else row_number + 1
        column = -1
        for cell in row.findall(f"{{{MAIN}}}c"):
            read += 1
            if read > MAX_CELLS:
                raise UnsafeFile(path, f"sheet {name} has more than {MAX_CELLS:,} cells (by row {row_number}): refused")
            reference = cell.get("r")
            match = _CELL.fullmatch(reference) if reference is not None else None
            if match is not None:
                column, number = _column(match.group(1)), int(match.group(2))
                row_number = number
            elif reference is None and column < 16_383:  # Excel's last column, XFD
                column, number = column + 1, row_number
            else:
                continue
            place = f"{name}!{number}"
            kind = cell.get("t")
            value = cell.find(f"{{{MAIN}}}v")
            if kind == "s" and value is not None:
                index = _index(value.text)
                if not 0 <= index < len(shared):
                    # Read as the number it holds, or (not a number) as the last shared string,
                    # the cell's text was one it never held.
                    named = one_line((value.text or "").strip()[:20])
                    raise UnsafeFile(path, f"sheet {name}, cell {_letters(column)}{number}: refers to shared string "
                                           f"'{named}', which the workbook does not have (it has {len(shared):,}): the "
                                           "file is damaged (open it in Excel and save it again)")
                if index not in normal:
                    normal[index] = _normal(path, shared[index], place)
                text, given = normal[index], bool(shared[index])
            else:
                if kind == "inlineStr":
                    inline = cell.find(f"{{{MAIN}}}is")
                    raw = _string_text(inline) if inline is not None else ""
                else:
                    raw = value.text or "" if value is not None else ""
                    # Excel saves a formula's value beside it; a file written by a program
                    # (openpyxl, a script) may not, and only opening it in Excel computes one.
                    # An empty string result is saved as t="str" with an empty <v>.
                    if not raw and cell.find(f"{{{MAIN}}}f") is not None and (value is None or kind != "str"):
                        notes.append(f"{name}!{_letters(column)}{number}: the cell holds a formula without a saved value; "
                                     "open and save the file in Excel (it is read as empty)")
                    if kind == "e":
                        raw = _error_cell(cell, raw, f"{name}!{_letters(column)}{number}", notes)
                    style = cell.get("s") or ""
                    shown = (_shown_date(raw, dates.epoch) if dates is not None and kind in (None, "n") and style.isascii()
                             and style.isdigit() and int(style) in dates.styles else None)
                    if shown is not None:
                        raw = shown
                    elif kind in (None, "n"):
                        raw = _shown_number(raw)
                    elif kind == "b":
                        raw = _BOOLEANS.get(raw.strip(), raw)
                    elif kind == "d":  # a date cell written as ISO 8601 text (openpyxl's iso_dates)
                        with contextlib.suppress(ValueError):
                            raw = _iso(dt.datetime.fromisoformat(raw.strip()))
                text, given = _normal(path, raw, place), bool(raw)
            if given:
                grid.setdefault(number, {})[column] = text
    covering = _merged_ranges(path, name, merges, grid)
    rows: list[Row] = []
    cells_made = chars = 0
    for number in sorted(grid.keys() | covering.keys()):
        if len(rows) >= MAX_ROWS:
            raise UnsafeFile(path, f"sheet {name} has more than {MAX_ROWS:,} rows: refused")
        own = grid.get(number, {})
        fills = covering.get(number, [])
        width = min(max(max(own, default=-1), max((last for _, last, _ in fills), default=-1)) + 1, 256)
        values = [own.get(c, "") for c in range(width)]
        taken = [c in own for c in range(width)]
        # The cell's own value first, then the first range covering it, as Excel shows them.
        for first, last, text in fills:
            for c in range(first, min(last, width - 1) + 1):
                if not taken[c]:
                    values[c], taken[c] = text, True
        cells_made += width
        chars += sum(map(len, values))
        if cells_made > MAX_CELLS:
            raise UnsafeFile(path, f"sheet {name} has more than {MAX_CELLS:,} cells (by row {number}): refused")
        if chars > MAX_TEXT_CHARS:
            raise UnsafeFile(path, f"sheet {name} holds more than {MAX_TEXT_CHARS:,} characters of text (by row {number}), "
                                   "counting each cell a shared or merged text appears in: refused")
        rows.append(Row(f"{name}!{number}", tuple(values)))
    return Table(name, tuple(rows), notes=tuple(notes))


def _error_cell(cell, error: str, where: str, notes: list[str]) -> str:
    """What a cell showing an Excel error (`#NAME?`, `#VALUE!`) is read as, said in a note: the
    error is never the cell's words. A comment typed starting with `=`, `+` or `-` ("- delete the
    word") is made a formula by Excel, and its words are the formula's text; without one (a
    formula shared from another cell, an error typed in), the cell is read as empty."""
    formula = cell.find(f"{{{MAIN}}}f")
    text = (formula.text or "").strip() if formula is not None else ""
    if text:
        notes.append(f"{where}: the cell shows Excel's error {error.strip() or '#VALUE!'} of a formula, not text "
                     f"(typed starting with =, + or -?): read as the formula's text '{text}'; check it")
        return text
    notes.append(f"{where}: the cell shows Excel's error {error.strip() or '#VALUE!'}, not text: read as empty")
    return ""


def _merged_ranges(path: Path, name: str, merges: list[str], grid: dict[int, dict[int, str]]) -> dict[int, list[tuple[int, int, str]]]:
    """Row number -> (first column, last column, value) of each merged range covering it, in
    the sheet's order; the ranges' cells are counted from their corners before any is made."""
    covering: dict[int, list[tuple[int, int, str]]] = {}
    area = 0
    for ref in merges:
        parts = ref.split(":")
        corners = [m for m in (_CELL.fullmatch(part) for part in parts) if m is not None]
        if len(parts) != 2 or len(corners) != 2:
            continue
        (c1, r1), (c2, r2) = [(_column(m.group(1)), int(m.group(2))) for m in corners]
        value = grid.get(r1, {}).get(c1)
        size = (r2 - r1 + 1) * (c2 - c1 + 1)
        if value is None or r2 < r1 or c2 < c1 or size > MAX_MERGE_FILL or c1 > 255:
            continue
        area += size
        if area > MAX_CELLS:
            raise UnsafeFile(path, f"sheet {name}: its merged ranges cover more than {MAX_CELLS:,} cells (by {ref}): refused")
        for r in range(r1, r2 + 1):
            covering.setdefault(r, []).append((c1, c2, value))
    return covering
