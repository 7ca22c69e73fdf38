"""Small files that used to cost minutes or gigabytes in `cm import` (issue 20, item 7), made on
the fly at any size: the tests make them a little past each limit (or, for the legitimate
ones, large enough that the old quadratic code would crawl), benchmarks/import_limits.py at
the sizes the issue reported.

Every file targets the example project (tests/conftest.copy_example): its draft lmec-2017-08
with paragraph background.1 in English, bookmarked `cm_background_11__en` in a review copy.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
BOOKMARK = "cm_background_11__en"
DATE = "2017-09-05T10:30:00Z"


def _zip(path: Path, parts: dict[str, str | bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in {"[Content_Types].xml": TYPES, **parts}.items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    path.write_bytes(buffer.getvalue())
    return path


def _document(paragraphs: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>'
            f"{paragraphs}</w:body></w:document>")


def _bookmarked(inner: str) -> str:
    return f'<w:p><w:bookmarkStart w:id="1" w:name="{BOOKMARK}"/>{inner}<w:bookmarkEnd w:id="1"/></w:p>'


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def widening_docx(path: Path, words: int) -> Path:
    """One paragraph of `words` times the same word with one word inserted in its middle: the
    change occurs once only as the whole paragraph, so widening it to a unique span walks every
    word. About 1 KB at 100,000 words."""
    half = _run("a " * (words // 2))
    inserted = f'<w:ins w:id="2" w:author="Reviewer" w:date="{DATE}">{_run("b ")}</w:ins>'
    return _zip(path, {"word/document.xml": _document(_bookmarked(half + inserted + half))})


def split_change_docx(path: Path, runs: int) -> Path:
    """One tracked insertion split into `runs` runs of one word each, as a paste can make it."""
    pieces = "".join(_run(f"w{n} ") for n in range(runs))
    inserted = f'<w:ins w:id="2" w:author="Reviewer" w:date="{DATE}">{pieces}</w:ins>'
    return _zip(path, {"word/document.xml": _document(_bookmarked(_run("Environmental cooperation ") + inserted))})


def many_comments_docx(path: Path, comments: int) -> Path:
    """`comments` Word comments, each anchored to one word of the bookmarked paragraph."""
    anchors = "".join(f'<w:commentRangeStart w:id="{n}"/>{_run("word ")}<w:commentRangeEnd w:id="{n}"/>'
                      for n in range(comments))
    notes = "".join(f'<w:comment w:id="{n}" w:author="Reviewer" w:date="{DATE}"><w:p>{_run(f"Comment {n}.")}</w:p>'
                    "</w:comment>" for n in range(comments))
    return _zip(path, {"word/document.xml": _document(_bookmarked(anchors)),
                       "word/comments.xml": f'<?xml version="1.0"?><w:comments xmlns:w="{W_NS}">{notes}</w:comments>'})


def rows_csv(path: Path, rows: int) -> Path:
    """A comments table of `rows` filled rows, each a different comment on section 1."""
    lines = ["Section,Comment"] + [f"1,Comment number {n} on the background." for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _workbook(path: Path, sheet: str, shared: list[str] | None = None) -> Path:
    parts: dict[str, str | bytes] = {
        "xl/workbook.xml": (f'<?xml version="1.0"?><workbook xmlns="{S_NS}" xmlns:r="{R_NS}"><sheets>'
                            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                                       'package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml" '
                                       'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
                                       "</Relationships>"),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared is not None:
        items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in shared)
        parts["xl/sharedStrings.xml"] = f'<?xml version="1.0"?><sst xmlns="{S_NS}">{items}</sst>'
    return _zip(path, parts)


def _column(number: int) -> str:
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def merged_xlsx(path: Path, ranges: int) -> Path:
    """A heading row, then `ranges` merged ranges of 100 rows by 100 columns (10,000 cells, the
    most one range is filled for), each with a one-letter value in its corner."""
    rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>Comment</t></is></c></row>']
    merges = []
    for n in range(ranges):
        top = 2 + 100 * n
        rows.append(f'<row r="{top}"><c r="A{top}" t="inlineStr"><is><t>x</t></is></c></row>')
        merges.append(f'<mergeCell ref="A{top}:{_column(99)}{top + 99}"/>')
    sheet = (f'<?xml version="1.0"?><worksheet xmlns="{S_NS}"><sheetData>{"".join(rows)}</sheetData>'
             f'<mergeCells count="{ranges}">{"".join(merges)}</mergeCells></worksheet>')
    return _workbook(path, sheet)


def empty_rows_xlsx(path: Path, rows: int) -> Path:
    """A heading row and one comment, then `rows` empty rows as a spreadsheet writes rows that
    only carry a height or a style: a 2 MB file whose sheet holds a `<row>` element for each."""
    head = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Comment</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>Say who pays</t></is></c></row>')
    empty = "".join(f'<row r="{r}" customFormat="false" ht="12.8" hidden="false"/>' for r in range(3, rows + 3))
    sheet = (f'<?xml version="1.0"?><worksheet xmlns="{S_NS}"><dimension ref="A1:Z{rows + 2}"/>'
             f"<sheetData>{head}{empty}</sheetData></worksheet>")
    return _workbook(path, sheet)


def shared_string_xlsx(path: Path, rows: int, chars: int = 20_000) -> Path:
    """One shared string of `chars` characters (with a space around it, so trimming it copies
    it) referenced by every one of 256 cells in each of `rows` rows."""
    cells = "".join(f'<c r="{_column(c)}{{r}}" t="s"><v>0</v></c>' for c in range(256))
    body = "".join(f'<row r="{r}">{cells.format(r=r)}</row>' for r in range(1, rows + 1))
    sheet = f'<?xml version="1.0"?><worksheet xmlns="{S_NS}"><sheetData>{body}</sheetData></worksheet>'
    return _workbook(path, sheet, [" " + "x" * (chars - 2) + " "])


def merged_table_docx(path: Path, rows: int, chars: int = 20_000) -> Path:
    """A Word table whose first cell of `chars` characters is merged down `rows` more rows: each
    continued cell shows the text above it."""
    first = (f'<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p>{_run("x" * chars)}</w:p></w:tc></w:tr>')
    continued = "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>" * rows
    return _zip(path, {"word/document.xml": _document(f"<w:tbl>{first}{continued}</w:tbl>")})


def many_changes_docx(path: Path, changes: int) -> Path:
    """One paragraph of one word repeated, with a word inserted after each: every change widens
    to the whole paragraph, and all of them merge into one."""
    inner = "".join(_run("a ") + f'<w:ins w:id="{n + 2}" w:author="Reviewer" w:date="{DATE}">{_run(f"x{n} ")}</w:ins>'
                    for n in range(changes))
    return _zip(path, {"word/document.xml": _document(_bookmarked(inner))})


def shuffled_paragraphs_docx(path: Path, texts: list[str], paragraphs: int, seed: int | None = 1) -> Path:
    """Paragraphs made of the draft's own letters shuffled (seed None: left as they are), each
    with a Word comment and no bookmark: difflib's quick ratios pass every shuffled one, so each
    was compared in full with every text of the draft."""
    import random
    from xml.sax.saxutils import escape

    rng = random.Random(seed)
    body, comments = [], []
    for number in range(paragraphs):
        letters = list(texts[number % len(texts)])
        if seed is not None:
            rng.shuffle(letters)
        body.append(f'<w:p><w:commentRangeStart w:id="{number}"/>{_run(escape("".join(letters)))}'
                    f'<w:commentRangeEnd w:id="{number}"/><w:r><w:commentReference w:id="{number}"/></w:r></w:p>')
        comments.append(f'<w:comment w:id="{number}" w:author="Reviewer" w:date="{DATE}"><w:p>{_run(f"Comment {number}.")}'
                        "</w:p></w:comment>")
    return _zip(path, {"word/document.xml": _document("".join(body)),
                       "word/comments.xml": f'<w:comments xmlns:w="{W_NS}">{"".join(comments)}</w:comments>'})
