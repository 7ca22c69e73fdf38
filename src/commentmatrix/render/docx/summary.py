"""The summary beside the matrix as a Word document, by the matrix's own writer and reference.

The page (landscape: with a line a row, a small consultation's summary fits one page), the styles
(Title, Matrix Header, Matrix Cell, the decision styles) and the title block are the DOCX matrix's
(render/docx/matrix.py), so the summary looks like the matrix it goes with;
a project's own matrix-reference.docx restyles both. Every count comes from the SummaryView.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx.oxml.ns import qn

from commentmatrix.model.text import Lines
from commentmatrix.render.docx.matrix import DECISION_STYLES, _summary, _Writer
from commentmatrix.tally import Tally
from commentmatrix.views.summary import SummaryView

#: The width the count columns (comments, then one per outcome) share, in cm: "Partially accepted" in two lines.
COUNTS_WIDTH = 11.2
TOTAL_WIDTH = 2.0


def render_summary_docx(view: SummaryView, reference: Path | None, stamp: dt.datetime) -> bytes:
    writer = _Writer(reference)
    width = _text_width(writer)
    matrix = view.matrix
    labels = matrix.labels
    writer.page_words(labels["page"])
    writer.title_block(matrix.title, matrix.draft_title, matrix.draft_version, matrix.deadline, matrix.date,
                       labels["summary"], labels, matrix.round_heading)
    _summary(writer, writer.document.add_paragraph(style=writer.style("Matrix Summary")), view.totals, labels)
    decisions = view.decisions
    if view.rounds and matrix.has_rounds:
        _counts_table(writer, width, [labels["round"], labels["opened"], labels["deadline"], labels["closed"]], (6.0, 2.6, 2.6, 2.6),
                      [([round_.label, _day(round_.opened), _day(round_.deadline), _day(round_.closed)], round_.totals, [])
                       for round_ in view.rounds], decisions, labels)

    # The tables' own headings name them ("Stakeholders", "Section"): no heading above, so the summary fits a page.
    _counts_table(writer, width, [labels["stakeholder"], labels["state"]], (5.0, 5.0),
                  [([row.name, row.state_label], row.tally, [row.acknowledgement_label]) for row in view.stakeholders],
                  decisions, labels, [labels["acknowledgement"]])
    if view.sections:
        _counts_table(writer, width, [labels["section"]], (9.0,), [([section.label], section, []) for section in view.sections],
                      decisions, labels)

    # "Objections: none" in one line, or the heading and an entry per objection.
    heading = writer.paragraph(writer.document, "Matrix Summary")
    _inline(writer, heading, labels["objections"], bold=True)
    if not view.objections:
        writer.text(heading, ": ", None, bold=True)
        _inline(writer, heading, labels["no_objections"])
    for objection in view.objections:
        paragraph = writer.paragraph(writer.document, "Matrix Cell")
        _inline(writer, paragraph, objection.stakeholder, bold=True)
        if objection.comment:
            writer.text(paragraph, f" · {objection.comment}", None, bold=True)
        for i, (lang, value) in enumerate(objection.said):
            writer.text(paragraph, (": " if i == 0 else " / ") + value, lang)
    return writer.to_bytes(matrix.title, stamp)


Row = tuple[list[Lines], Tally, list[Lines]]


def _text_width(writer: _Writer) -> float:
    """The width between the margins of the reference's first page, in cm."""
    first = writer.document.sections[0]
    if first.page_width is None or first.left_margin is None or first.right_margin is None:
        return 26.7  # landscape A4 less cm's margins, as the packaged reference has it
    return (first.page_width - first.left_margin - first.right_margin) / 360000


def _counts_table(writer: _Writer, width: float, leading: list[Lines], leading_widths: tuple[float, ...], rows: list[Row],
                  decisions: tuple[str, ...], labels: dict[str, Lines], trailing: list[Lines] | None = None) -> None:
    """Columns `leading`, then the comments and one count per outcome, then `trailing` (sharing what is left)."""
    trailing = trailing or []
    counts = 1 + len(decisions)
    # "comments" unbroken in its column; the outcomes share the rest.
    count_widths = (TOTAL_WIDTH, *(round((COUNTS_WIDTH - TOTAL_WIDTH) / len(decisions), 2),) * len(decisions))
    rest = width - sum(leading_widths) - COUNTS_WIDTH
    if trailing:
        widths = (*leading_widths, *count_widths, *(rest / len(trailing),) * len(trailing))
    else:  # the first column takes what is left
        widths = (leading_widths[0] + rest, *leading_widths[1:], *count_widths)
    body = [element for element in writer.document.element.body if element.tag != qn("w:sectPr")]
    if body and body[-1].tag == qn("w:tbl"):
        # Two tables with nothing between them are one table to Word: a paragraph keeps them apart.
        writer.paragraph(writer.document, "Matrix Cell").paragraph_format.space_after = 0
    table = writer.table([*leading, labels["comments_total"], *(labels[key] for key in decisions), *trailing], widths)
    for texts, tally, after in rows:
        cells = writer.add_row(table, widths)
        for cell, text in zip(cells, texts):
            _inline(writer, _cell_paragraph(writer, cell), text)
        count_cells = cells[len(texts):len(texts) + counts]
        writer.text(_cell_paragraph(writer, count_cells[0]), str(tally.total), None)
        for cell, key in zip(count_cells[1:], decisions):
            if tally.count(key):
                writer.text(_cell_paragraph(writer, cell), str(tally.count(key)), None, run_style=DECISION_STYLES[key])
        for cell, text in zip(cells[len(texts) + counts:], after):
            _inline(writer, _cell_paragraph(writer, cell), text)


def _cell_paragraph(writer: _Writer, cell):
    """The cell's one paragraph, without the matrix cells' space after: rows of one line, close set."""
    paragraph = writer.paragraph(cell, "Matrix Cell", cell.paragraphs[0])
    paragraph.paragraph_format.space_after = 0
    return paragraph


def _inline(writer: _Writer, paragraph, words: Lines, *, bold: bool = False) -> None:
    """Every language on one line ("Cambodia / 柬埔寨"), a run each: a page for the whole summary."""
    for i, (lang, value) in enumerate(words):
        writer.text(paragraph, (" / " if i else "") + value, lang, bold=bold)


def _day(day: dt.date | None) -> Lines:
    return ((None, day.isoformat()),) if day else ()
