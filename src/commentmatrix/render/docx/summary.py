"""The summary beside the matrix as a Word document, by the matrix's own writer and reference.

The page (landscape: with a line a row, a small consultation's summary fits one page), the styles
(Title, Matrix Header, Matrix Cell, the decision styles) and the title block are the DOCX matrix's
(render/docx/matrix.py), so the summary looks like the matrix it goes with;
a project's own matrix-reference.docx restyles both. Every count comes from the SummaryView.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from commentmatrix.model.text import Lines
from commentmatrix.render.docx import wordml
from commentmatrix.render.docx.matrix import row_xml, summary_runs
from commentmatrix.render.docx.stream import DECISION_STYLES, Cell, StreamedDocument, new_cell, put
from commentmatrix.tally import Tally
from commentmatrix.views.summary import SummaryView

#: The width the count columns (comments, then one per outcome) share, in cm: "Partially accepted" in two lines.
COUNTS_WIDTH = 11.2
TOTAL_WIDTH = 2.0


def render_summary_docx(view: SummaryView, reference: Path | None, stamp: dt.datetime) -> bytes:
    document = StreamedDocument(reference)
    document.page_words(view.matrix.labels["page"])
    return document.package(_body(document, view), view.matrix.title, stamp)


def _body(document: StreamedDocument, view: SummaryView) -> Iterator[str]:
    width = _text_width(document)
    matrix = view.matrix
    labels = matrix.labels
    yield document.title_block(matrix.title, matrix.draft_title, matrix.draft_version, matrix.deadline, matrix.date,
                               labels["summary"], labels, matrix.round_heading)
    yield document.paragraph("Matrix Summary", summary_runs(document, view.totals, labels))
    decisions = view.decisions
    if view.rounds and matrix.has_rounds:
        yield _counts_table(document, width, [labels["round"], labels["opened"], labels["deadline"], labels["closed"]],
                            (6.0, 2.6, 2.6, 2.6),
                            [([round_.label, _day(round_.opened), _day(round_.deadline), _day(round_.closed)], round_.totals, [])
                             for round_ in view.rounds], decisions, labels)
        # Two tables with nothing between them are one table to Word: a paragraph keeps them apart.
        yield document.paragraph("Matrix Cell", space_after=0)

    # The tables' own headings name them ("Stakeholders", "Section"): no heading above, so the summary fits a page.
    yield _counts_table(document, width, [labels["stakeholder"], labels["state"]], (5.0, 5.0),
                        [([row.name, row.state_label], row.tally, [row.acknowledgement_label]) for row in view.stakeholders],
                        decisions, labels, [labels["acknowledgement"]])
    if view.sections:
        yield document.paragraph("Matrix Cell", space_after=0)
        yield _counts_table(document, width, [labels["section"]], (9.0,),
                            [([section.label], section, []) for section in view.sections], decisions, labels)

    # "Objections: none" in one line, or the heading and an entry per objection.
    heading = _inline(document, labels["objections"], bold=True)
    if not view.objections:
        heading += document.run(": ", None, bold=True) + _inline(document, labels["no_objections"])
    yield document.paragraph("Matrix Summary", heading)
    for objection in view.objections:
        runs = _inline(document, objection.stakeholder, bold=True)
        if objection.comment:
            runs += document.run(f" · {objection.comment}", None, bold=True)
        runs += "".join(document.run((": " if i == 0 else " / ") + value, lang) for i, (lang, value) in enumerate(objection.said))
        yield document.paragraph("Matrix Cell", runs)


Row = tuple[list[Lines], Tally, list[Lines]]


def _text_width(document: StreamedDocument) -> float:
    """The width between the margins of the reference's first page, in cm."""
    first = document.document.sections[0]
    if first.page_width is None or first.left_margin is None or first.right_margin is None:
        return 26.7  # landscape A4 less cm's margins, as the packaged reference has it
    return (first.page_width - first.left_margin - first.right_margin) / 360000


def _counts_table(document: StreamedDocument, width: float, leading: list[Lines], leading_widths: tuple[float, ...],
                  rows: list[Row], decisions: tuple[str, ...], labels: dict[str, Lines],
                  trailing: list[Lines] | None = None) -> str:
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
    out = [document.table_start([*leading, labels["comments_total"], *(labels[key] for key in decisions), *trailing], widths)]
    for texts, tally, after in rows:
        cells = [new_cell() for _ in widths]
        for cell, text in zip(cells, texts):
            _cell_paragraph(document, cell, _inline(document, text))
        count_cells = cells[len(texts):len(texts) + counts]
        _cell_paragraph(document, count_cells[0], document.run(str(tally.total), None))
        for cell, key in zip(count_cells[1:], decisions):
            if tally.count(key):
                _cell_paragraph(document, cell, document.run(str(tally.count(key)), None, run_style=DECISION_STYLES[key]))
        for cell, text in zip(cells[len(texts) + counts:], after):
            _cell_paragraph(document, cell, _inline(document, text))
        out.append(row_xml(cells, widths))
    out.append(wordml.TABLE_END)
    return "".join(out)


def _cell_paragraph(document: StreamedDocument, cell: Cell, runs: str) -> None:
    """The cell's one paragraph, without the matrix cells' space after: rows of one line, close set."""
    put(cell, document.paragraph("Matrix Cell", runs, space_after=0), True)


def _inline(document: StreamedDocument, words: Lines, *, bold: bool = False) -> str:
    """Every language on one line ("Cambodia / 柬埔寨"), a run each: a page for the whole summary."""
    return "".join(document.run((" / " if i else "") + value, lang, bold=bold) for i, (lang, value) in enumerate(words))


def _day(day: dt.date | None) -> Lines:
    return ((None, day.isoformat()),) if day else ()
