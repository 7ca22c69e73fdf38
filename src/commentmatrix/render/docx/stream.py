"""A Word document whose body is streamed as WordprocessingML, in the look of a reference .docx.

The reference (styles, page, headers and footers, fonts) is opened and prepared with python-docx
once: its body emptied to its section properties, the script styles added, the footer's words,
the core properties set. The package is then written in one pass, every zip member stamped with
the render's time: the parts as python-docx would save them (the styles part, while cm has added
none, as the reference's own bytes), and word/document.xml with the body the caller yields
(render/docx/wordml.py's markup) between the reference's own opening and its w:sectPr. A style
the reference lacks falls back to the document default, so a secretariat's own reference never
breaks the render.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.parts.styles import StylesPart
from docx.styles import BabelFish

from commentmatrix.model.text import Lines
from commentmatrix.model.zipguard import deflated_streams
from commentmatrix.render.docx import wordml
from commentmatrix.render.docx.text import Scripts, add_script_styles, add_text, core_property, read_reference, script_style, typeset
from commentmatrix.render.zipstamp import stamped_member, write_deflated, zip_time

DECISION_STYLES = {"accepted": "Decision Accepted", "partially": "Decision Partially", "rejected": "Decision Rejected",
                   "noted": "Decision Noted", "withdrawn": "Decision Withdrawn", "open": "Decision Open"}
#: Where the streamed body goes in the reference's word/document.xml: an empty paragraph, alone.
_MARKER = b"<w:p/>"
#: Runs of texts up to this long are kept for reuse, up to this many.
_SHORT = 80
_KEPT_RUNS = 20_000
#: The body is encoded and handed to the zip stream in pieces of about this many characters.
_CHUNK = 1 << 16

_STYLE, _NAME, _VAL, _STYLE_ID = qn("w:style"), qn("w:name"), qn("w:val"), qn("w:styleId")

#: A table cell's paragraphs; the first is the cell's own empty paragraph (None) until text fills it.
Cell = list[str | None]


def new_cell() -> Cell:
    return [None]


def cell_paragraphs(cell: Cell) -> str:
    return "".join(wordml.EMPTY_PARAGRAPH if paragraph is None else paragraph for paragraph in cell)


def style_ids(styles: Any) -> dict[str, str | None]:
    """Each style's name as python-docx shows it (BaseStyle.name: 'Heading 1' for 'heading 1') and
    its id, the last style of a name winning, read off the styles part's elements in one pass: a
    python-docx style object per style cost more than a short render's whole body."""
    ids: dict[str, str | None] = {}
    for element in styles.iterchildren(_STYLE):
        name = element.find(_NAME)
        value = name.get(_VAL) if name is not None else None
        if value is not None:
            ids[BabelFish.internal2ui(value)] = element.get(_STYLE_ID)
    return ids


def twips(centimetres: float) -> int:
    """A width in cm as Word's twips, rounded as python-docx rounds Cm(...).twips."""
    return round(int(centimetres * 360000) / 635)


class StreamedDocument:
    def __init__(self, reference: Path | None):
        from commentmatrix.render.templating import TemplateProblem

        self.document, self._reference_members = read_reference(reference)
        # The reference's deflated parts: one that is written unchanged is copied, not compressed again.
        self._deflated = deflated_streams(reference, self._reference_members) if reference is not None else {}
        # cm adds styles to the reference's (the script styles, here) and never edits one, so while
        # the styles part holds the children it was read with it is the reference's own, and its
        # bytes are written as they came instead of serialised again (the largest part by far).
        self._as_read: dict[Any, int] = {}
        try:
            styles_part = self.document.part.part_related_by(RT.STYLES)
        except KeyError:
            styles_part = None
        if isinstance(styles_part, StylesPart):
            self._as_read[styles_part] = len(styles_part.element)
        add_script_styles(self.document)
        body = self.document.element.body
        if self.document.element.nsmap.get("w") != nsmap["w"]:
            name = reference.name if reference is not None else "the default reference"
            raise TemplateProblem(f"template {name}: its document.xml does not name WordprocessingML 'w'; "
                                  "save it again from Word or LibreOffice, or delete it to use cm's own")
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self.style_ids = style_ids(self.document.styles.element)
        self._scripts: dict[str, tuple[str | None, str]] = {}
        self._runs: dict[tuple, str] = {}
        self._properties: dict[tuple, str] = {}

    def style(self, name: str | None) -> str | None:
        """The id of the style of that name, None when the reference lacks it."""
        return self.style_ids.get(name) if name is not None else None

    def _script_style(self, script: str) -> tuple[str | None, str]:
        if script not in self._scripts:
            self._scripts[script] = script_style(self.document.styles, script)
        return self._scripts[script]

    def run(self, value: str, lang: str | None, *, bold: bool = False, italic: bool = False, run_style: str | None = None,
            change: str | None = None, unbroken: bool = False) -> str:
        """A run typeset for its scripts (text.run_format); `run_style` a character style's name.

        Names, targets and decision words come back on most rows: a short text's run is kept. A
        longer one's properties are kept by what decides them (Scripts.key and the options)."""
        short = len(value) <= _SHORT
        key = (value, lang, bold, italic, run_style, change, unbroken) if short else ()
        found = self._runs.get(key) if short else None
        if found is None:
            scripts = Scripts(value, lang)
            decided = (scripts.key, bold, italic, run_style, change)
            properties = self._properties.get(decided)
            if properties is None:
                properties = wordml.properties_xml(typeset(scripts, self._script_style, bold=bold, italic=italic,
                                                           run_style=self.style(run_style)), change)
                self._properties[decided] = properties
            found = wordml.run_with(properties, value, unbroken=unbroken)
            if short:
                if len(self._runs) >= _KEPT_RUNS:
                    self._runs.clear()
                self._runs[key] = found
        return found

    def paragraph(self, style: str | None, runs: str = "", *, space_after: int | None = None) -> str:
        return wordml.paragraph_xml(self.style(style), runs, space_after=space_after)

    def lines(self, cell: Cell, lines: Lines, style: str = "Matrix Cell", *, bold: bool = False, italic: bool = False,
              run_style: str | None = None, first: bool = False, unbroken: bool = False) -> None:
        """One paragraph per language; with `first`, the first fills the cell's empty paragraph."""
        opening = wordml.paragraph_start(self.style(style))
        for lang, value in lines:
            # paragraph_xml, its opening looked up once for all the lines.
            put(cell, f"{opening}{self.run(value, lang, bold=bold, italic=italic, run_style=run_style, unbroken=unbroken)}</w:p>",
                first)
            first = False

    def decision(self, cell: Cell, row_decision: str, label: Lines, *, first: bool = False) -> None:
        style = DECISION_STYLES[row_decision]
        # A reference without the style still sets a withdrawal apart from the decisions: in italics.
        missing = self.style(style) is None
        # One run per language (a run has one complex-script language: Thai and Lao cannot share one).
        runs = "".join(self.run((" " if i else "") + value, lang, bold=missing, italic=missing and row_decision == "withdrawn",
                                run_style=style) for i, (lang, value) in enumerate(label))
        put(cell, self.paragraph("Matrix Cell", runs), first)

    def table_start(self, headings: list[Lines], widths: tuple[float, ...]) -> str:
        """The table's opening and its heading row, repeated on every page."""
        grid = tuple(twips(width) for width in widths)
        cells = []
        for heading, width in zip(headings, grid):
            cell = new_cell()
            self.lines(cell, heading, "Matrix Header", first=True)
            cells.append(wordml.cell_xml(width, cell_paragraphs(cell), fill=HEADER_FILL))
        return wordml.table_start(self.style("Table Grid"), grid) + wordml.HEADER_ROW + "".join(cells) + wordml.ROW_END

    def title_block(self, title: Lines, draft_title: Lines, version: str, deadline: dt.date | None,
                    date: dt.date | None, heading: Lines, labels: dict[str, Lines], round_heading: Lines = ()) -> str:
        out = [self.paragraph("Title", self.run(value, lang)) for lang, value in title]
        # One run per language: a run has one complex-script font and language, so the Thai,
        # Lao and Khmer words of one heading cannot share a run.
        parts: list[tuple[str, str | None, str]] = [(" / " if i else "", lang, value) for i, (lang, value) in enumerate(heading)]
        parts += [(" · " if i == 0 else " / ", lang, value) for i, (lang, value) in enumerate(round_heading)]
        parts += [(" · ", lang, value) for lang, value in draft_title]
        out.append(self.paragraph("Subtitle", "".join(self.run(separator + value, lang, bold=True)
                                                      for separator, lang, value in parts)))
        facts = [f"{first_line(labels['version'])} {version}"] if version else []
        if deadline:
            facts.append(f"{first_line(labels['deadline'])} {deadline.isoformat()}")
        if date:
            facts.append(f"{first_line(labels['date'])} {date.isoformat()}")
        if facts:
            out.append(self.paragraph("Subtitle", self.run(" · ".join(facts), None)))
        return "".join(out)

    def page_words(self, page: Lines) -> None:
        """The footer's "Page " before its page number in the first language's words ("Trang 1",
        "第 1 页"); a reference whose footer says something else keeps its own words."""
        lang, value = page[0]
        before, _, after = value.partition("{page}")
        for section in self.document.sections:
            for paragraph in section.footer.paragraphs:
                field = paragraph._p.find(qn("w:fldSimple"))
                runs = paragraph._p.findall(qn("w:r"))
                if field is None or len(runs) != 1 or "".join(t.text or "" for t in runs[0].iter(qn("w:t"))) != "Page ":
                    continue
                paragraph._p.remove(runs[0])
                if before:
                    field.addprevious(add_text(paragraph, before, lang)._r)
                if after:
                    add_text(paragraph, after, lang)

    def package(self, body: Iterable[str], title: Lines, stamp: dt.datetime) -> bytes:
        """The package, word/document.xml's body being `body`, every member dated `stamp`."""
        properties = self.document.core_properties
        naive = stamp.astimezone(dt.UTC).replace(tzinfo=None)
        properties.created = properties.modified = properties.last_printed = naive
        properties.author = properties.last_modified_by = "commentmatrix"
        properties.title = core_property(wordml.clean(first_line(title)))
        properties.revision = 1
        main = self.document.part
        package = main.package
        parts = list(package.iter_parts())
        for part in parts:
            part.before_marshal()
        when = zip_time(stamp)
        # Written to a temporary file, then read back once: a growing in-memory buffer is copied on
        # every enlargement and would hold the package about twice (35 MB at 100,000 comments).
        with tempfile.TemporaryFile() as out:
            self._write(out, parts, body, when)
            out.seek(0)
            return out.read()

    def _write(self, out: IO[bytes], parts: list, body: Iterable[str], when: tuple[int, int, int, int, int, int]) -> None:
        main = self.document.part
        package = main.package
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in package_members(package, parts):
                if content is main:
                    with archive.open(stamped_member(name, when), "w") as stream:
                        self._stream_document(stream, body)
                elif isinstance(content, bytes):
                    archive.writestr(stamped_member(name, when), content)
                else:
                    self._write_part(archive, stamped_member(name, when), self._blob(content))

    def _write_part(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes) -> None:
        """The part's bytes; as the reference's own deflate stream when they are the reference's."""
        deflated = self._deflated.get(info.filename)
        if deflated is not None and data == self._reference_members[info.filename]:
            write_deflated(archive, info, deflated)
        else:
            archive.writestr(info, data)

    def _blob(self, part: Any) -> bytes:
        """The part's bytes: the reference's own while it is as it was read, else serialised."""
        children = self._as_read.get(part)
        if children is not None and len(part.element) == children:
            return self._reference_members[part.partname.membername]
        return part.blob

    def _stream_document(self, stream, body: Iterable[str]) -> None:
        element = self.document.element
        element.body.insert(0, OxmlElement("w:p"))
        whole = serialize_part_xml(element)
        element.body.remove(element.body[0])
        at = whole.index(_MARKER, whole.index(b"<w:body"))
        stream.write(whole[:at])
        pending: list[str] = []
        size = 0
        for piece in body:
            pending.append(piece)
            size += len(piece)
            if size > _CHUNK:
                stream.write("".join(pending).encode("utf-8"))
                pending, size = [], 0
        stream.write("".join(pending).encode("utf-8"))
        stream.write(whole[at + len(_MARKER):])


def package_members(package: Any, parts: list) -> Iterator[tuple[str, Any]]:
    """The members of a package in the order python-docx's PackageWriter writes them: the content
    types, the package's relationships, then each part (the part itself, for the caller to write)
    followed by its relationships when it has any (their bytes)."""
    yield CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob
    yield PACKAGE_URI.rels_uri.membername, package.rels.xml
    for part in parts:
        yield part.partname.membername, part
        if len(part.rels):
            yield part.partname.rels_uri.membername, part.rels.xml


def saved(document: Any, when: dt.datetime) -> bytes:
    """`document` as python-docx's save writes it, every member dated `when` (zipstamp.zip_time),
    in one pass: the bytes `zipstamp.restamp` of the saved file gave, without compressing every
    part twice (the styles parts are most of a short document's package)."""
    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    stamp = zip_time(when)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in package_members(package, parts):
            archive.writestr(stamped_member(name, stamp), content if isinstance(content, bytes) else content.blob)
    return out.getvalue()


HEADER_FILL = "D9E2F3"
STATE_FILL = "F2F2F2"


def put(cell: Cell, paragraph: str, first: bool) -> None:
    """Fill the cell's own empty paragraph (`first`, while it is empty), else add a paragraph."""
    if first and cell[0] is None:
        cell[0] = paragraph
    else:
        cell.append(paragraph)


def first_line(lines: Lines) -> str:
    return lines[0][1] if lines else ""
