"""The revised draft as a Word document: clean, or with every change a real tracked change.

python-docx has no revision API, so insertions and deletions are written as `w:ins`/`w:del`
around ordinary runs (whose text becomes `w:delText` inside a deletion). The body is written as
WordprocessingML text (render/docx/wordml.py's runs) in the markup python-docx's object model made
of it before, and parsed into the reference document in one go; the rest (properties, settings,
the package) stays python-docx's, written in one pass (stream.saved). Whole
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
import itertools
from collections.abc import Iterator
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu

from commentmatrix.render import zipstamp
from commentmatrix.render.docx import wordml
from commentmatrix.render.docx.stream import saved
from commentmatrix.render.docx.text import BodyWriter, core_property, open_reference, run_format, script_styles_of
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
    writer.finish()
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
    writer.finish()


def document_bytes(document: DocumentObject, title: str, timestamp: dt.datetime | None, identifier: str | None = None) -> bytes:
    """The finished document as .docx bytes: its properties set, no wall-clock time anywhere."""
    properties = document.core_properties
    properties.title = core_property(title)
    if identifier is not None:
        properties.identifier = core_property(identifier)
    properties.revision = 1
    if timestamp is not None:
        properties.created = properties.modified = timestamp
    return saved(document, timestamp if timestamp and timestamp.year >= 1980 else zipstamp.ZIP_EPOCH)


class _Writer:
    """The body as WordprocessingML text (render/docx/wordml.py), in the markup python-docx made
    of it before (so the document's bytes stayed the same), added to the document's body in one
    parse: python-docx's object model spent most of a 3,000-paragraph draft's render on it."""

    def __init__(self, document: DocumentObject, view: DraftView):
        self.document = document
        self.view = view
        self.ids = itertools.count(1)
        self.bookmark_ids: Iterator[int] = itertools.count(1)
        self.body = BodyWriter(document)
        self._script_style = script_styles_of(document.part)
        self._runs: dict[tuple[str, str | None], str] = {}
        self.out: list[str] = []

    def finish(self) -> None:
        """Put what was written into the document's body, before its section properties."""
        if not self.out:
            return
        wrapper = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self.out)}</w:body>")
        end = self.body.end
        for element in list(wrapper):
            if end is not None:
                end.addprevious(element)
            else:
                self.document.element.body.append(element)
        self.out = []

    # -- blocks

    def title(self) -> None:
        if not self.view.title:
            return
        runs = []
        for index, (lang, text) in enumerate(self.view.title):
            if index:
                runs.append(self._text_run("\n", lang))
            runs.append(self._bookmarked(self._text_run(text, lang), bookmark_name(self.view.draft_id, lang)))
        self.out.append(wordml.revised_paragraph_xml(self.body.style_id("Title"), "".join(runs)))

    def heading(self, block: Block) -> None:
        style = HEADING_STYLES[min(block.level, len(HEADING_STYLES)) - 1]
        first = block.versions[0].lang if block.versions else None
        runs = []
        # The number sits inside the first version's bookmark.
        pending = self._run(Segment(f"{block.number} ", block.op, block.by), first)
        for index, version in enumerate(block.versions):
            if index:
                runs.append(self._run(Segment("\n", block.op, block.by), version.lang))
                pending = ""
            runs.append(self._bookmarked(pending + self._segments(version), bookmark_name(block.id, version.lang)))
        if not block.versions:
            runs.append(pending)
        self.out.append(wordml.revised_paragraph_xml(self.body.style_id(style), "".join(runs), self._mark(block)))

    def paragraphs(self, block: Block) -> None:
        for index, version in enumerate(block.versions):
            runs = self._bookmarked(self._segments(version), bookmark_name(block.id, version.lang))
            self.out.append(wordml.revised_paragraph_xml(self.body.style_id(_style(block, index)), runs, self._mark(block)))

    def _bookmarked(self, runs: str, name: str) -> str:
        """The invisible id of a text (views/review_marks), around its runs: `cm import draft`
        reads a rendered draft back with the same ids."""
        return wordml.bookmark_xml(next(self.bookmark_ids), name, runs)

    def table(self, body: list[Block], columns: list[str]) -> None:
        # As python-docx's add_table made it: the grid's and each cell's width the text width
        # shared evenly, in twips as Length.twips rounds them; not of fixed layout.
        share = Emu(_text_width(self.document) // len(columns)).twips
        out = [wordml.table_start(self.body.style_id("Table Grid"), (share,) * len(columns), fixed=False)]
        for block in body:
            by_lang = {v.lang: v for v in block.versions}
            placed: list[tuple[int, int | None, Version | None]]
            if None in by_lang:
                # An untagged text is the same in every language: one cell across the row
                # (python-docx's merge: the widths added up, a gridSpan).
                placed = [(share * len(columns), len(columns), by_lang[None])]
            else:
                placed = [(share, None, by_lang.get(lang)) for lang in columns]
            cells = []
            for width, span, version in placed:
                if version is not None:
                    runs = self._bookmarked(self._segments(version), bookmark_name(block.id, version.lang))
                    paragraph = wordml.revised_paragraph_xml(self.body.style_id(_style(block, 0)), runs, self._mark(block))
                else:
                    paragraph = wordml.revised_paragraph_xml(None, "", self._mark(block))
                cells.append(wordml.cell_xml(width, paragraph, span=span))
            row_mark = f"<w:trPr>{self._revision(block.op, block.by)}</w:trPr>" if block.op != "keep" else ""
            out.append(f"{wordml.ROW}{row_mark}{''.join(cells)}{wordml.ROW_END}")
        out.append(wordml.TABLE_END)
        self.out.append("".join(out))

    # -- runs and revision marks

    def _segments(self, version: Version) -> str:
        return "".join(self._run(segment, version.lang) for segment in version.segments if segment.text)

    def _text_run(self, text: str, lang: str | None) -> str:
        """A run of `text` typeset for its scripts (text.run_format), as add_text made it."""
        key = (text, lang)
        found = self._runs.get(key)
        if found is None:
            found = wordml.run_xml(text, run_format(text, lang, self._script_style))
            if len(text) <= _SHORT:
                self._runs[key] = found
        return found

    def _run(self, segment: Segment, lang: str | None) -> str:
        run = self._text_run(segment.text, lang)
        if segment.op == "keep":
            return run
        return wordml.revised_xml(segment.op, self._revision(segment.op, segment.by), run)

    def _mark(self, block: Block) -> str:
        """The revision of a whole inserted or deleted paragraph's mark."""
        return self._revision(block.op, block.by) if block.op != "keep" else ""

    def _revision(self, op: str, by: str | None) -> str:
        credit = self.view.attributions.get(by or "")
        date = f"{credit.date.isoformat()}T00:00:00Z" if credit and credit.date else None
        return wordml.revision_xml(op, next(self.ids), credit.author if credit else (by or "cm"), date)


#: Runs of texts up to this long (a heading's number, a short word inserted) are kept for reuse.
_SHORT = 80


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
