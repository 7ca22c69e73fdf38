"""The comments matrix and the synopsis as a Word document, in the look of a reference .docx.

The reference (templates/matrix-reference.docx, or the project's own of that name) gives the page
and the styles used here by name; a style the reference lacks falls back to the document default,
so a secretariat's own reference never breaks the render. Every run goes through render/docx/text.py:
its scripts' font slots and language tags, the fonts themselves coming from the reference's styles.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor
from docx.table import _Cell

from commentmatrix.model.text import Lines
from commentmatrix.render.docx.text import add_text, core_property, open_reference
from commentmatrix.render.zipstamp import restamp
from commentmatrix.tally import DECISION_KEYS, Tally
from commentmatrix.views.matrix import (
    MatrixGroup,
    MatrixRow,
    MatrixView,
    SynopsisComment,
    SynopsisView,
)

HEADER_FILL = "D9E2F3"
STATE_FILL = "F2F2F2"
DELETED_COLOUR = "B3261E"
INSERTED_COLOUR = "1E7B34"
DECISION_STYLES = {"accepted": "Decision Accepted", "partially": "Decision Partially", "rejected": "Decision Rejected",
                   "noted": "Decision Noted", "withdrawn": "Decision Withdrawn", "open": "Decision Open"}
# Landscape A4 less margins is 26.7 cm.
# The id column holds "CAMBODIA-12" on one line (ids never break, see _unbroken).
MATRIX_WIDTHS = (3.6, 2.4, 4.2, 9.2, 7.3)
# Across rounds, a round column after the id: taken from the group, target and comment columns.
ROUNDS_MATRIX_WIDTHS = (3.1, 2.3, 2.4, 3.6, 8.3, 7.0)
SYNOPSIS_WIDTHS = (4.5, 8.6, 8.6, 5.0)
ROUNDS_SYNOPSIS_WIDTHS = (3.9, 7.0, 2.4, 8.0, 5.4)


class _Writer:
    def __init__(self, reference: Path | None):
        self.document = open_reference(reference)
        self.styles = {style.name for style in self.document.styles}
        self._style_cache: dict = {}
        body = self.document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)

    def style(self, name: str):
        """The style object (looked up by name once: python-docx scans all styles per lookup)."""
        if name not in self._style_cache:
            self._style_cache[name] = self.document.styles[name] if name in self.styles else None
        return self._style_cache[name]

    def paragraph(self, container, style: str, first=None):
        """`first` (a cell's empty first paragraph) or a new one, in the named style.

        The style id is set on the oxml element: python-docx's `paragraph.style = ...` scans every
        style of the document to find the default one, which dominates a 10,000-row render."""
        paragraph = first if first is not None else container.add_paragraph()
        found = self.style(style)
        if found is not None:
            paragraph._p.style = found.style_id
        return paragraph

    def text(self, paragraph, value: str, lang: str | None, *, bold: bool = False, italic: bool = False,
             run_style: str | None = None):
        found = self.style(run_style) if run_style else None
        return add_text(paragraph, value, lang, bold=bold, italic=italic,
                        run_style=found.style_id if found is not None else None)

    def lines(self, container, lines: Lines, style: str = "Matrix Cell", *, bold: bool = False,
              italic: bool = False, run_style: str | None = None, first=None) -> None:
        """One paragraph per language; `first` is an empty paragraph to fill before adding more."""
        for lang, value in lines:
            paragraph = self.paragraph(container, style, first)
            first = None
            self.text(paragraph, value, lang, bold=bold, italic=italic, run_style=run_style)

    def title_block(self, title: Lines, draft_title: Lines, version: str, deadline: dt.date | None,
                    date: dt.date | None, heading: Lines, labels: dict[str, Lines], round_heading: Lines = ()) -> None:
        document = self.document
        for lang, value in title:
            add_text(document.add_paragraph(style=self.style("Title")), value, lang)
        subtitle = document.add_paragraph(style=self.style("Subtitle"))
        # One run per language: a run has one complex-script font and language, so the Thai,
        # Lao and Khmer words of one heading cannot share a run.
        parts: list[tuple[str, str | None, str]] = [(" / " if i else "", lang, value) for i, (lang, value) in enumerate(heading)]
        parts += [(" · " if i == 0 else " / ", lang, value) for i, (lang, value) in enumerate(round_heading)]
        parts += [(" · ", lang, value) for lang, value in draft_title]
        facts = [f"{_first(labels['version'])} {version}"] if version else []
        if deadline:
            facts.append(f"{_first(labels['deadline'])} {deadline.isoformat()}")
        if date:
            facts.append(f"{_first(labels['date'])} {date.isoformat()}")
        for separator, lang, value in parts:
            add_text(subtitle, separator + value, lang, bold=True)
        if facts:
            add_text(document.add_paragraph(style=self.style("Subtitle")), " · ".join(facts), None)

    def table(self, headings: list[Lines], widths: tuple[float, ...]):
        table = self.document.add_table(rows=1, cols=len(headings))
        if "Table Grid" in self.styles:
            table.style = self.style("Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        # LibreOffice lays out by the grid (w:gridCol), Word by the cells: set both.
        for column, width in zip(table.columns, widths):
            column.width = Cm(width)
        row = table.rows[0]
        _repeat_header(row)
        for cell, heading in zip(row.cells, headings):
            _shade(cell, HEADER_FILL)
            self.lines(cell, heading, "Matrix Header", first=cell.paragraphs[0])
        return table

    def add_row(self, table, widths: tuple[float, ...], span_from: int | None = None) -> list[_Cell]:
        """A new row's cells. `row.cells` recomputes the whole table grid on every call (quadratic
        on 10,000 rows), so the cells are wrapped from the row's own w:tc elements."""
        tr = table.add_row()._tr
        tcs = list(tr.tc_lst)
        if span_from is not None:
            # One cell from `span_from` to the end: gridSpan, the extra w:tc removed.
            tcs[span_from].grid_span = len(tcs) - span_from
            for extra in tcs[span_from + 1:]:
                tr.remove(extra)
            tcs = tcs[:span_from + 1]
            widths = (*widths[:span_from], sum(widths[span_from:]))
        for tc, width in zip(tcs, widths):
            tc.width = Cm(width)
        return [_Cell(tc, table) for tc in tcs]

    def decision(self, cell, row_decision: str, label: Lines, first=None) -> None:
        paragraph = self.paragraph(cell, "Matrix Cell", first)
        style = DECISION_STYLES[row_decision]
        # A reference without the style still sets a withdrawal apart from the decisions: in italics.
        missing = self.style(style) is None
        # One run per language (a run has one complex-script language: Thai and Lao cannot share one).
        for i, (lang, value) in enumerate(label):
            self.text(paragraph, (" " if i else "") + value, lang, bold=missing,
                      italic=missing and row_decision == "withdrawn", run_style=style)

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

    def to_bytes(self, title: Lines, stamp: dt.datetime) -> bytes:
        properties = self.document.core_properties
        naive = stamp.astimezone(dt.UTC).replace(tzinfo=None)
        properties.created = properties.modified = properties.last_printed = naive
        properties.author = properties.last_modified_by = "commentmatrix"
        properties.title = core_property(_first(title))
        properties.revision = 1
        out = io.BytesIO()
        self.document.save(out)
        return restamp(out.getvalue(), stamp)


def render_matrix_docx(view: MatrixView, reference: Path | None, stamp: dt.datetime) -> bytes:
    writer = _Writer(reference)
    labels = view.labels
    writer.page_words(labels["page"])
    writer.title_block(view.title, view.draft_title, view.draft_version, view.deadline, view.date,
                       labels["matrix"], labels, view.round_heading)
    summary = writer.document.add_paragraph(style=writer.style("Matrix Summary"))
    _summary(writer, summary, view.totals, labels)

    group_label = labels["stakeholder"] if view.by == "stakeholder" else labels["target"]
    second = labels["target"] if view.by == "stakeholder" else labels["stakeholder"]
    rounds = [labels["round"]] if view.all_rounds else []
    headings = [group_label, labels["id"], *rounds, second, labels["comment"], labels["response"]]
    widths = ROUNDS_MATRIX_WIDTHS if view.all_rounds else MATRIX_WIDTHS
    table = writer.table(headings, widths)
    for group in view.groups:
        _group_rows(writer, table, group, view, widths)
    return writer.to_bytes(view.title, stamp)


def _group_rows(writer: _Writer, table, group: MatrixGroup, view: MatrixView, widths: tuple[float, ...]) -> None:
    if not group.rows:
        cells = writer.add_row(table, widths, span_from=1)
        writer.lines(cells[0], group.heading, "Matrix Group", first=cells[0].paragraphs[0])
        _shade(cells[1], STATE_FILL)
        writer.lines(cells[1], group.state_label, "Matrix Cell", italic=True, first=cells[1].paragraphs[0])
        writer.lines(cells[0], group.acknowledgement, "Matrix Edit", italic=True)
        return
    for position, member in enumerate(group.rows):
        cells = writer.add_row(table, widths)
        # The group's name spans its rows, as in the published matrix: vMerge restart, then continue.
        cells[0]._tc.vMerge = "restart" if position == 0 else "continue"
        if position == 0:
            writer.lines(cells[0], group.heading, "Matrix Group", first=cells[0].paragraphs[0])
            writer.lines(cells[0], group.acknowledgement, "Matrix Edit", italic=True)
        if view.all_rounds:
            writer.lines(cells[2], member.round_label, first=cells[2].paragraphs[0])
            cells = [*cells[:2], *cells[3:]]
        _row_cells(writer, cells, member, view.by, group, view.labels)


def _row_cells(writer: _Writer, cells, row: MatrixRow, by: str, group: MatrixGroup, labels: dict[str, Lines]) -> None:
    writer.lines(cells[1], ((None, row.id),), "Matrix Id", first=cells[1].paragraphs[0])
    _unbroken(cells[1].paragraphs[0])
    writer.lines(cells[2], row.target if by == "stakeholder" else row.stakeholder, first=cells[2].paragraphs[0])
    comment = cells[3]
    first = comment.paragraphs[0]
    if row.carry:
        writer.lines(comment, row.carry, "Matrix Edit", italic=True, first=first)
        first = None
    if by == "section" and row.target != group.heading:
        writer.lines(comment, row.target, italic=True, first=first)
        first = None
    if row.topic:
        writer.lines(comment, ((None, row.topic),), italic=True, first=first)
        first = None
    writer.lines(comment, row.text, first=first)
    for edit in row.proposal:
        writer.lines(comment, edit, "Matrix Edit")
    response = cells[4]
    writer.decision(response, row.decision, row.decision_label, first=response.paragraphs[0])
    if row.withdrawn and row.decision != "withdrawn":
        # A decision made before the stakeholder withdrew the comment stands; the withdrawal is told under it.
        writer.decision(response, "withdrawn", labels["withdrawn"])
    # The source prints the decision words as the whole response; do not repeat them as a note.
    note = tuple(line for line in row.note if line not in row.decision_label)
    writer.lines(response, note)
    for edit in row.edits:
        writer.lines(response, edit, "Matrix Edit")
    if row.by or row.date:
        writer.lines(response, ((None, " · ".join(x for x in (row.by, row.date.isoformat() if row.date else None) if x)),),
                     "Matrix Edit", italic=True)
    writer.lines(response, row.objection, "Matrix Edit", italic=True)
    writer.lines(response, row.internal_note, "Matrix Edit", italic=True)


def _summary(writer: _Writer, paragraph, totals: Tally, labels: dict[str, Lines]) -> None:
    add_text(paragraph, f"{totals.total} {_first(labels['comments_total'])}: ", None, bold=True)
    shown = [(key, count) for key, count in zip(DECISION_KEYS, totals.counts) if count]
    for position, (key, count) in enumerate(shown):
        writer.text(paragraph, f"{_first(labels[key])} {count}", None, run_style=DECISION_STYLES[key])
        if position < len(shown) - 1:
            add_text(paragraph, " · ", None)


def render_synopsis_docx(view: SynopsisView, reference: Path | None, stamp: dt.datetime) -> bytes:
    writer = _Writer(reference)
    labels = view.labels
    writer.page_words(labels["page"])
    writer.title_block(view.title, view.draft_title, view.draft_version, view.deadline, view.date,
                       labels["synopsis"], labels, view.round_heading)
    if view.all_rounds:
        _synopsis_across_rounds(writer, view)
        return writer.to_bytes(view.title, stamp)
    table = writer.table([labels["where"], labels["original"], labels["revised"], labels["changed_by"]], SYNOPSIS_WIDTHS)
    for item in view.rows:
        cells = writer.add_row(table, SYNOPSIS_WIDTHS)
        writer.lines(cells[0], item.where, "Matrix Group", first=cells[0].paragraphs[0])
        writer.lines(cells[1], item.original or labels["inserted"], italic=not item.original, first=cells[1].paragraphs[0])
        _changes(writer, cells[2], item.changes)
        _changed_by(writer, cells[3], item.comments)
    return writer.to_bytes(view.title, stamp)


def _synopsis_across_rounds(writer: _Writer, view: SynopsisView) -> None:
    """Where and the first round's text span the rows of the rounds that revised it."""
    labels = view.labels
    table = writer.table([labels["where"], labels["original"], labels["round"], labels["revised"], labels["changed_by"]],
                         ROUNDS_SYNOPSIS_WIDTHS)
    for item in view.rows:
        for position, stage in enumerate(item.stages):
            cells = writer.add_row(table, ROUNDS_SYNOPSIS_WIDTHS)
            for cell in cells[:2]:
                cell._tc.vMerge = "restart" if position == 0 else "continue"
            if position == 0:
                writer.lines(cells[0], item.where, "Matrix Group", first=cells[0].paragraphs[0])
                writer.lines(cells[1], item.original or labels["inserted"], italic=not item.original,
                             first=cells[1].paragraphs[0])
            writer.lines(cells[2], stage.round_label, first=cells[2].paragraphs[0])
            _changes(writer, cells[3], stage.changes)
            _changed_by(writer, cells[4], stage.comments)


def _changed_by(writer: _Writer, cell, comments: tuple[SynopsisComment, ...]) -> None:
    first = cell.paragraphs[0]
    for comment in comments:
        writer.lines(cell, ((None, comment.id),), "Matrix Id", first=first)
        _unbroken(cell.paragraphs[-1])
        first = None
        writer.lines(cell, comment.stakeholder)
        writer.decision(cell, comment.decision, comment.decision_label)


def _changes(writer: _Writer, cell, changes) -> None:
    """The revised text with what went struck through and what came underlined, per language."""
    first = cell.paragraphs[0]
    for lang, segments in changes:
        paragraph = writer.paragraph(cell, "Matrix Cell", first)
        first = None
        for segment in segments:
            run = add_text(paragraph, segment.text, lang)
            if segment.op == "delete":
                run.font.strike = True
                run.font.color.rgb = RGBColor.from_string(DELETED_COLOUR)
            elif segment.op == "insert":
                run.font.underline = True
                run.font.color.rgb = RGBColor.from_string(INSERTED_COLOUR)


def _unbroken(paragraph) -> None:
    """Make the hyphens of an id Word's no-break hyphen (w:noBreakHyphen), so "VIET-NAM-2" never
    wraps as "VIET-NA|M-2" or "VIET-|NAM-2" in a narrow column. The text reads and copies as '-'
    in Word and LibreOffice (and cm's own import reads it so); a U+2011 would be another character."""
    for run in paragraph.runs:
        for text in run._r.findall(qn("w:t")):
            value = text.text or ""
            if "-" not in value:
                continue
            pieces = value.split("-")
            text.text = pieces[0]
            anchor = text
            for piece in pieces[1:]:
                hyphen = OxmlElement("w:noBreakHyphen")
                anchor.addnext(hyphen)
                anchor = hyphen
                if piece:
                    following = OxmlElement("w:t")
                    following.text = piece
                    following.set(qn("xml:space"), "preserve")
                    anchor.addnext(following)
                    anchor = following


def _first(lines: Lines) -> str:
    return lines[0][1] if lines else ""


def _repeat_header(row) -> None:
    # No python-docx API: w:tblHeader makes Word and LibreOffice repeat the row on every page.
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)
