"""The review copy: the draft as a Word document for stakeholders to comment on and edit.

Each language version of the title, of every section heading and of every paragraph is its own
Word paragraph, wrapped in a bookmark that names the text's id and language (review_marks).
Bookmarks are kept by Word and LibreOffice through editing and saving, are invisible in print,
and a tracked change or a comment anywhere in the paragraph can be traced back to it. A cover
note says how to comment; an optional comments table at the end takes comments row by row.
Track Changes is switched on, so reviewers' edits come back as revisions (see exchange/reviewed_docx.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.text.paragraph import Paragraph

from commentmatrix.model.format import Draft
from commentmatrix.model.project import walk_sections
from commentmatrix.model.text import in_language, versions
from commentmatrix.render.docx.draft import (
    HEADING_STYLES,
    clear_body,
    document_bytes,
    track_further_changes,
    write_tracked_body,
)
from commentmatrix.render.docx.text import BodyWriter, add_text, open_reference
from commentmatrix.views.draft import DraftView
from commentmatrix.views.review_marks import TABLE_MARK, CopyIdentity, bookmark_name, copy_identifier
from commentmatrix.views.review_note import note_languages

EMPTY_TABLE_ROWS = 10
#: How the margin numbers lines (Word's w:lnNumType restart values): reviewers cite them.
LINE_NUMBERING = {"continuous": "continuous", "per-page": "newPage"}
# The numbers' distance from the text: 0.5 cm, in twentieths of a point.
LINE_NUMBER_DISTANCE = "284"
COLUMN_SHARES = (0.15, 0.17, 0.34, 0.34)


def output_name(draft_id: str, format_name: str = "docx") -> str:
    return f"{draft_id}-review-copy.{format_name}"


def identifier(draft: Draft, round_id: str | None = None, changes_since: str | None = None) -> str:
    """Stored in the document's core properties: which draft and version this copy shows, in
    which round, and since which round it shows the changes (`cm import docx` reads it back)."""
    return copy_identifier(CopyIdentity(draft.id, draft.version, round_id, changes_since))


def render_review_copy(draft: Draft, languages: list[str], deadline: dt.date | None, comments_table: bool,
                       reference: Path | None, timestamp: dt.datetime | None = None, round_id: str | None = None,
                       changes: DraftView | None = None, changes_since: str | None = None,
                       line_numbers: str | None = "continuous") -> bytes:
    """The review copy as .docx bytes; byte-identical for the same inputs. With `changes` (the
    tracked view of an earlier round's revision, whose revised text is this draft), the body
    shows those changes as tracked changes, credited to the comments that caused them.
    `line_numbers` (a key of LINE_NUMBERING, or None) numbers the draft's lines in the margin;
    the cover note is not counted, so line 1 is the first line of the draft."""
    document = open_reference(reference)
    clear_body(document)
    writer = _Writer(document)
    for lang, text in versions(draft.title, languages):
        writer.marked(text, "Title", bookmark_name(draft.id, lang), lang, counted=False)
    writer.cover_note(draft, languages, deadline)
    cover_end = writer.last
    if changes is not None:
        write_tracked_body(document, changes, writer.bookmark_ids)
    for section, parents in walk_sections(draft.sections if changes is None else []):
        style = HEADING_STYLES[min(len(parents), len(HEADING_STYLES) - 1)]
        for lang, text in versions(section.title, languages):
            writer.marked(f"{section.number} {text}", style, bookmark_name(section.id, lang), lang)
        for paragraph in section.paragraphs:
            for index, (lang, text) in enumerate(versions(paragraph.text, languages)):
                style = ("List Bullet" if index == 0 else "List Continue") if paragraph.kind == "item" else "Normal"
                writer.marked(text, style, bookmark_name(paragraph.id, lang), lang)
    # The draft starts on a page of its own: the page break belongs to its first paragraph, as
    # "page break before". A paragraph holding only a page break, as before, made a blank page
    # whenever the cover note ended at the foot of its page (the break's own line fell on page 2).
    if cover_end is not None and cover_end.getnext() is not None and cover_end.getnext().tag == qn("w:p"):
        _set_paragraph_flag(cover_end.getnext(), "w:pageBreakBefore")
    if comments_table:
        writer.comments_table(languages)
    if line_numbers is not None:
        _number_lines(document, LINE_NUMBERING[line_numbers])
    track_further_changes(document)
    return document_bytes(document, " / ".join(text for _, text in versions(draft.title, languages)), timestamp,
                          identifier(draft, round_id, changes_since))


class _Writer:
    def __init__(self, document):
        self.document = document
        self.bookmark_ids = itertools.count(1)
        self.body = BodyWriter(document)
        self.last = None  # the w:p written last

    def paragraph(self, style: str) -> Paragraph:
        paragraph = self.body.paragraph(style)
        self.last = paragraph._p
        return paragraph

    def marked(self, text: str, style: str, name: str, lang: str | None, counted: bool = True) -> Paragraph:
        paragraph = self.paragraph(style)
        if not counted:
            _set_paragraph_flag(paragraph._p, "w:suppressLineNumbers")
        add_text(paragraph, text, lang)
        self.bookmark(paragraph._p, name)
        return paragraph

    def bookmark(self, container, name: str) -> None:
        """Wrap the content of a paragraph in a bookmark: start after its properties, end last."""
        number = str(next(self.bookmark_ids))
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), number)
        start.set(qn("w:name"), name)
        properties = container.find(qn("w:pPr"))
        if properties is not None:
            properties.addnext(start)
        else:
            container.insert(0, start)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), number)
        container.append(end)

    def cover_note(self, draft: Draft, languages: list[str], deadline: dt.date | None) -> None:
        for lang, words in note_languages(languages):
            title = in_language(draft.title, lang, languages) or draft.id
            add_text(self.uncounted("Subtitle"), words.heading, lang)
            intro = words.intro.format(title=title, version=draft.version)
            if deadline is not None:
                # Chinese and Japanese sentences follow one another without a space.
                intro += ("" if lang in ("zh", "ja") else " ") + words.deadline.format(deadline=deadline.isoformat())
            add_text(self.uncounted("Normal"), intro, lang)
            for number, step in enumerate(words.steps, start=1):
                add_text(self.uncounted("Normal"), f"{number}. {step}", lang)

    def uncounted(self, style: str) -> Paragraph:
        """A paragraph of the cover note: the line numbers count the draft's lines only."""
        paragraph = self.paragraph(style)
        _set_paragraph_flag(paragraph._p, "w:suppressLineNumbers")
        return paragraph

    def comments_table(self, languages: list[str]) -> None:
        notes = note_languages(languages)
        heading = self.uncounted(HEADING_STYLES[0])
        _set_paragraph_flag(heading._p, "w:pageBreakBefore")
        for index, (lang, words) in enumerate(notes):
            add_text(heading, ("\n" if index else "") + words.table_heading, lang)
        table = self.document.add_table(rows=1 + EMPTY_TABLE_ROWS, cols=4)
        if self.body.end is not None:
            self.body.end.addprevious(table._tbl)
        self.body.table_style(table)
        section = self.document.sections[-1]
        width = int(section.page_width - section.left_margin - section.right_margin)
        # Section and paragraph take a number each; comment and proposed change take the room.
        table.autofit = False
        for column, share in zip(table.columns, COLUMN_SHARES):
            column.width = Emu(int(width * share))  # the grid, which LibreOffice reads
        for row in table.rows:
            for cell, share in zip(row.cells, COLUMN_SHARES):
                cell.width = Emu(int(width * share))  # the cells, which Word reads
        header = table.rows[0]
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for column, cell in enumerate(header.cells):
            paragraph = cell.paragraphs[0]
            for index, (lang, words) in enumerate(notes):
                add_text(paragraph, ("\n" if index else "") + words.columns[column], lang, bold=True)
        self.bookmark(header.cells[0].paragraphs[0]._p, TABLE_MARK)


# The few paragraph properties set here, in the order the schema wants them after w:pStyle.
_FLAG_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
               "w:numPr", "w:suppressLineNumbers")


def _set_paragraph_flag(paragraph, tag: str) -> None:
    """Switch on a paragraph property (w:pageBreakBefore, w:suppressLineNumbers) in schema order."""
    properties = paragraph.get_or_add_pPr()
    if properties.find(qn(tag)) is not None:
        return
    flag = OxmlElement(tag)
    before = [child for child in properties if child.tag in {qn(t) for t in _FLAG_ORDER[:_FLAG_ORDER.index(tag)]}]
    if before:
        before[-1].addnext(flag)
    else:
        properties.insert(0, flag)


def _number_lines(document, restart: str) -> None:
    """Word's line numbering for every section: each line counted, restarting as asked."""
    for section in document.element.body.iter(qn("w:sectPr")):
        for old in section.findall(qn("w:lnNumType")):
            section.remove(old)
        numbering = OxmlElement("w:lnNumType")
        numbering.set(qn("w:countBy"), "1")
        numbering.set(qn("w:distance"), LINE_NUMBER_DISTANCE)
        numbering.set(qn("w:restart"), restart)
        # Its place in sectPr: after the page size, margins, paper source and borders.
        following = next((child for child in section if child.tag in {qn(t) for t in _SECTION_AFTER_NUMBERING}), None)
        if following is not None:
            following.addprevious(numbering)
        else:
            section.append(numbering)


_SECTION_AFTER_NUMBERING = ("w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                            "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
                            "w:sectPrChange")
