"""The revised draft as a Word document: clean, or with every change a real tracked change.

python-docx has no revision API, so insertions and deletions are built with OxmlElement as
`w:ins`/`w:del` around ordinary runs (whose text becomes `w:delText` inside a deletion). Whole
inserted or deleted paragraphs also get their paragraph mark revised, and table rows their
`w:trPr` mark, so that accepting or rejecting all changes leaves no empty paragraph or row.
One counter numbers every revision. The author line names the stakeholder and the comment.
Every language version of the title, a heading or a paragraph sits in a bookmark named after its
id and language (views/review_marks), as in the review copy, so `cm import draft` reads a rendered
draft back with its ids.
Styles and page setup come from the reference .docx (templates/draft-reference.docx).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
from collections.abc import Iterator
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from commentmatrix.render import zipstamp
from commentmatrix.render.docx.text import BodyWriter, add_text, core_property, open_reference
from commentmatrix.render.templating import TemplateProblem
from commentmatrix.revision import Segment
from commentmatrix.views.draft import Block, DraftView, Version
from commentmatrix.views.review_marks import bookmark_name

HEADING_STYLES = [f"Heading {n}" for n in range(1, 10)]


def render_docx(view: DraftView, reference: Path | None, layout: str = "sequential",
                timestamp: dt.datetime | None = None) -> bytes:
    """The document as .docx bytes; byte-identical for the same view, reference and timestamp."""
    document = open_reference(reference)
    clear_body(document)
    writer = _Writer(document, view)
    writer.title()
    for heading, body in view.sections():
        if heading is not None:
            writer.heading(heading)
        if layout == "side-by-side" and len(view.columns()) > 1 and body:
            writer.table(body, view.columns())
        else:
            for block in body:
                writer.paragraphs(block)
    if view.tracked:
        track_further_changes(document)
    return document_bytes(document, " / ".join(text for _, text in view.title), timestamp)


def write_tracked_body(document: DocumentObject, view: DraftView, bookmark_ids: Iterator[int]) -> None:
    """The view's headings and paragraphs with their tracked changes, laid out as in the review
    copy: each language version of a heading is a paragraph of its own, because `cm import
    docx` traces one Word paragraph to one text. Bookmarks are numbered on from `bookmark_ids`
    (shared with the rest of the document: Word wants them unique)."""
    writer = _Writer(document, view)
    writer.bookmark_ids = bookmark_ids
    for heading, body in view.sections():
        if heading is not None:
            for version in heading.versions:
                writer.heading(dataclasses.replace(heading, versions=(version,)))
        for block in body:
            writer.paragraphs(block)


def document_bytes(document: DocumentObject, title: str, timestamp: dt.datetime | None, identifier: str | None = None) -> bytes:
    """The finished document as .docx bytes: its properties set, no wall-clock time anywhere."""
    properties = document.core_properties
    properties.title = core_property(title)
    if identifier is not None:
        properties.identifier = core_property(identifier)
    properties.revision = 1
    if timestamp is not None:
        properties.created = properties.modified = timestamp
    buffer = io.BytesIO()
    document.save(buffer)
    return zipstamp.restamp(buffer.getvalue(), timestamp if timestamp and timestamp.year >= 1980 else zipstamp.ZIP_EPOCH)


class _Writer:
    def __init__(self, document: DocumentObject, view: DraftView):
        self.document = document
        self.view = view
        self.ids = itertools.count(1)
        self.bookmark_ids: Iterator[int] = itertools.count(1)
        self.body = BodyWriter(document)

    # -- blocks

    def title(self) -> None:
        if not self.view.title:
            return
        paragraph = self.body.paragraph("Title")
        for index, (lang, text) in enumerate(self.view.title):
            if index:
                add_text(paragraph, "\n", lang)
            start = len(paragraph._p)
            add_text(paragraph, text, lang)
            self._bookmark(paragraph, start, bookmark_name(self.view.draft_id, lang))

    def heading(self, block: Block) -> None:
        style = HEADING_STYLES[min(block.level, len(HEADING_STYLES)) - 1]
        paragraph = self.body.paragraph(style)
        first = block.versions[0].lang if block.versions else None
        start = len(paragraph._p)
        self._run(paragraph, Segment(f"{block.number} ", block.op, block.by), first)
        for index, version in enumerate(block.versions):
            if index:
                self._run(paragraph, Segment("\n", block.op, block.by), version.lang)
                start = len(paragraph._p)
            self._segments(paragraph, version)
            self._bookmark(paragraph, start, bookmark_name(block.id, version.lang))
        self._mark(paragraph, block)

    def paragraphs(self, block: Block) -> None:
        for index, version in enumerate(block.versions):
            paragraph = self.body.paragraph(_style(block, index))
            start = len(paragraph._p)
            self._segments(paragraph, version)
            self._bookmark(paragraph, start, bookmark_name(block.id, version.lang))
            self._mark(paragraph, block)

    def _bookmark(self, paragraph: Paragraph, start: int, name: str) -> None:
        """The invisible id of a text (views/review_marks), around the runs from child `start` on:
        `cm import draft` reads a rendered draft back with the same ids."""
        number = str(next(self.bookmark_ids))
        begin = OxmlElement("w:bookmarkStart")
        begin.set(qn("w:id"), number)
        begin.set(qn("w:name"), name)
        paragraph._p.insert(start, begin)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), number)
        paragraph._p.append(end)

    def table(self, body: list[Block], columns: list[str]) -> None:
        table = self.document.add_table(rows=0, cols=len(columns))
        self.body.table_style(table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        width = _text_width(self.document) // len(columns)
        for block in body:
            row = table.add_row()
            cells = row.cells
            for cell in cells:
                cell.width = Emu(width)
            by_lang = {v.lang: v for v in block.versions}
            placed: list[tuple[_Cell, Version | None]]
            if None in by_lang:
                # An untagged text is the same in every language: one cell across the row.
                cells = [cells[0].merge(cells[-1])]
                placed = [(cells[0], by_lang[None])]
            else:
                placed = [(cell, by_lang.get(lang)) for cell, lang in zip(cells, columns)]
            for cell, version in placed:
                paragraph = cell.paragraphs[0]
                if version is not None:
                    self.body.style(paragraph, _style(block, 0))
                    start = len(paragraph._p)
                    self._segments(paragraph, version)
                    self._bookmark(paragraph, start, bookmark_name(block.id, version.lang))
                self._mark(paragraph, block)
            if block.op != "keep":
                row._tr.get_or_add_trPr().append(self._revision("w:ins" if block.op == "insert" else "w:del", block.by))

    # -- runs and revision marks

    def _segments(self, paragraph: Paragraph, version: Version) -> None:
        for segment in version.segments:
            if segment.text:
                self._run(paragraph, segment, version.lang)

    def _run(self, paragraph: Paragraph, segment: Segment, lang: str | None) -> None:
        run = add_text(paragraph, segment.text, lang)
        if segment.op == "keep":
            return
        mark = self._revision("w:ins" if segment.op == "insert" else "w:del", segment.by)
        run._r.addprevious(mark)
        mark.append(run._r)
        if segment.op == "delete":
            for text in run._r.iter(qn("w:t")):
                text.tag = qn("w:delText")

    def _mark(self, paragraph: Paragraph, block: Block) -> None:
        """Revise the paragraph mark of a whole inserted or deleted paragraph."""
        if block.op == "keep":
            return
        properties = paragraph._p.get_or_add_pPr()
        run_properties = properties.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = OxmlElement("w:rPr")
            successor = next((properties.find(qn(t)) for t in ("w:sectPr", "w:pPrChange")
                              if properties.find(qn(t)) is not None), None)
            if successor is not None:
                successor.addprevious(run_properties)
            else:
                properties.append(run_properties)
        run_properties.append(self._revision("w:ins" if block.op == "insert" else "w:del", block.by))

    def _revision(self, tag: str, by: str | None):
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(next(self.ids)))
        credit = self.view.attributions.get(by or "")
        element.set(qn("w:author"), credit.author if credit else (by or "cm"))
        if credit and credit.date:
            element.set(qn("w:date"), f"{credit.date.isoformat()}T00:00:00Z")
        return element


def _style(block: Block, index: int) -> str:
    if block.kind == "item":
        return "List Bullet" if index == 0 else "List Continue"
    return "Normal"


def clear_body(document: DocumentObject) -> None:
    """Drop any sample content of the reference document; keep its page setup (sectPr)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _text_width(document: DocumentObject) -> int:
    section = document.sections[-1]
    page, left, right = section.page_width, section.left_margin, section.right_margin
    if page is None or left is None or right is None:
        # A project's own reference .docx may set no page size or margins (Word's default does).
        raise TemplateProblem("template draft-reference.docx: it sets no page width or margins, "
                              "which the side-by-side layout needs to size its columns")
    return int(page - left - right)


def track_further_changes(document: DocumentObject) -> None:
    """Turn Track Changes on, so a reviewer's own edits are tracked too; show the markup."""
    settings = document.settings.element
    if settings.find(qn("w:trackRevisions")) is None:
        # CT_Settings order: trackRevisions follows the view/zoom/removal settings; put it early.
        element = OxmlElement("w:trackRevisions")
        anchor = next((settings.find(qn(t)) for t in ("w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection",
                                                          "w:autoFormatOverride", "w:styleLockTheme", "w:styleLockQFSet",
                                                          "w:defaultTabStop") if settings.find(qn(t)) is not None), None)
        if anchor is not None:
            anchor.addprevious(element)
        else:
            settings.append(element)
