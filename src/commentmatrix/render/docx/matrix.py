"""The comments matrix and the synopsis as a Word document, in the look of a reference .docx.

The reference (templates/matrix-reference.docx, or the project's own of that name) gives the page
and the styles used here by name (render/docx/stream.py); a style the reference lacks falls back
to the document default, so a secretariat's own reference never breaks the render. The body is
written from the view in one pass, a row at a time (render/docx/wordml.py), every run typeset by
render/docx/text.run_format: its scripts' font slots and language tags, the fonts themselves
coming from the reference's styles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from commentmatrix.model.text import Lines
from commentmatrix.render.docx import wordml
from commentmatrix.render.docx.stream import (
    DECISION_STYLES,
    STATE_FILL,
    Cell,
    StreamedDocument,
    cell_paragraphs,
    first_line,
    new_cell,
    put,
    twips,
)
from commentmatrix.tally import DECISION_KEYS, Tally
from commentmatrix.views.matrix import (
    MatrixGroup,
    MatrixRow,
    MatrixView,
    SynopsisComment,
    SynopsisView,
)

# Landscape A4 less margins is 26.7 cm.
# The id column holds "CAMBODIA-12" on one line (ids never break: wordml's no-break hyphens).
MATRIX_WIDTHS = (3.6, 2.4, 4.2, 9.2, 7.3)
# Across rounds, a round column after the id: taken from the group, target and comment columns.
ROUNDS_MATRIX_WIDTHS = (3.1, 2.3, 2.4, 3.6, 8.3, 7.0)
SYNOPSIS_WIDTHS = (4.5, 8.6, 8.6, 5.0)
ROUNDS_SYNOPSIS_WIDTHS = (3.9, 7.0, 2.4, 8.0, 5.4)


def row_xml(cells: list[Cell], widths: tuple[float, ...], *, span_from: int | None = None,
            merged: dict[int, str] | None = None, fills: dict[int, str] | None = None) -> str:
    """A table row of `cells`; from `span_from`, one cell spans the remaining columns; `merged`
    gives the w:vMerge of the cells that span rows, `fills` their shading."""
    grid, spans = _row_grid(widths, span_from)
    merged, fills = merged or {}, fills or {}
    return wordml.ROW + "".join(
        wordml.cell_xml(width, cell_paragraphs(cell), span=spans.get(i), merge=merged.get(i), fill=fills.get(i))
        for i, (cell, width) in enumerate(zip(cells, grid))) + wordml.ROW_END


@lru_cache(maxsize=32)
def _row_grid(widths: tuple[float, ...], span_from: int | None) -> tuple[tuple[int, ...], dict[int, int]]:
    """The cells' widths in twips, the last spanning from `span_from`, and the span of each spanning cell."""
    grid = tuple(twips(width) for width in widths)
    spans: dict[int, int] = {}
    if span_from is not None:
        grid = (*grid[:span_from], twips(sum(widths[span_from:])))
        spans[span_from] = len(widths) - span_from
    return grid, spans


def render_matrix_docx(view: MatrixView, reference: Path | None, stamp: dt.datetime) -> bytes:
    document = StreamedDocument(reference)
    document.page_words(view.labels["page"])
    return document.package(_matrix_body(document, view), view.title, stamp)


def _matrix_body(document: StreamedDocument, view: MatrixView) -> Iterator[str]:
    labels = view.labels
    yield document.title_block(view.title, view.draft_title, view.draft_version, view.deadline, view.date,
                               labels["matrix"], labels, view.round_heading)
    yield document.paragraph("Matrix Summary", summary_runs(document, view.totals, labels))
    group_label = labels["stakeholder"] if view.by == "stakeholder" else labels["target"]
    second = labels["target"] if view.by == "stakeholder" else labels["stakeholder"]
    rounds = [labels["round"]] if view.all_rounds else []
    headings = [group_label, labels["id"], *rounds, second, labels["comment"], labels["response"]]
    widths = ROUNDS_MATRIX_WIDTHS if view.all_rounds else MATRIX_WIDTHS
    yield document.table_start(headings, widths)
    for group in view.groups:
        yield from _group_rows(document, group, view, widths)
    yield wordml.TABLE_END


def _group_rows(document: StreamedDocument, group: MatrixGroup, view: MatrixView, widths: tuple[float, ...]) -> Iterator[str]:
    if not group.rows:
        name, state = new_cell(), new_cell()
        document.lines(name, group.heading, "Matrix Group", first=True)
        document.lines(state, group.state_label, "Matrix Cell", italic=True, first=True)
        document.lines(name, group.acknowledgement, "Matrix Edit", italic=True)
        yield row_xml([name, state], widths, span_from=1, fills={1: STATE_FILL})
        return
    for position, member in enumerate(group.rows):
        cells = [new_cell() for _ in widths]
        if position == 0:
            document.lines(cells[0], group.heading, "Matrix Group", first=True)
            document.lines(cells[0], group.acknowledgement, "Matrix Edit", italic=True)
        if view.all_rounds:
            document.lines(cells[2], member.round_label, first=True)
            _row_cells(document, [*cells[:2], *cells[3:]], member, view.by, group, view.labels)
        else:
            _row_cells(document, cells, member, view.by, group, view.labels)
        # The group's name spans its rows, as in the published matrix: vMerge restart, then continue.
        yield row_xml(cells, widths, merged={0: "restart" if position == 0 else "continue"})


def _row_cells(document: StreamedDocument, cells: list[Cell], row: MatrixRow, by: str, group: MatrixGroup,
               labels: dict[str, Lines]) -> None:
    document.lines(cells[1], ((None, row.id),), "Matrix Id", first=True, unbroken=True)
    document.lines(cells[2], row.target if by == "stakeholder" else row.stakeholder, first=True)
    comment = cells[3]
    first = True
    if row.carry:
        document.lines(comment, row.carry, "Matrix Edit", italic=True, first=first)
        first = False
    if by == "section" and row.target != group.heading:
        document.lines(comment, row.target, italic=True, first=first)
        first = False
    if row.topic:
        document.lines(comment, ((None, row.topic),), italic=True, first=first)
        first = False
    document.lines(comment, row.text, first=first)
    for edit in row.proposal:
        document.lines(comment, edit, "Matrix Edit")
    response = cells[4]
    document.decision(response, row.decision, row.decision_label, first=True)
    if row.withdrawn and row.decision != "withdrawn":
        # A decision made before the stakeholder withdrew the comment stands; the withdrawal is told under it.
        document.decision(response, "withdrawn", labels["withdrawn"])
    # The source prints the decision words as the whole response; do not repeat them as a note.
    note = row.own_note
    document.lines(response, note)
    for edit in row.edits:
        document.lines(response, edit, "Matrix Edit")
    if row.by or row.date:
        document.lines(response, ((None, " · ".join(x for x in (row.by, row.date.isoformat() if row.date else None) if x)),),
                       "Matrix Edit", italic=True)
    document.lines(response, row.objection, "Matrix Edit", italic=True)
    document.lines(response, row.internal_note, "Matrix Edit", italic=True)


def summary_runs(document: StreamedDocument, totals: Tally, labels: dict[str, Lines]) -> str:
    """"22 comments: Accepted 18 · Partially accepted 3 · Noted 1", each count in its decision's style."""
    runs = [document.run(f"{totals.total} {first_line(labels['comments_total'])}: ", None, bold=True)]
    shown = [(key, count) for key, count in zip(DECISION_KEYS, totals.counts) if count]
    for position, (key, count) in enumerate(shown):
        runs.append(document.run(f"{first_line(labels[key])} {count}", None, run_style=DECISION_STYLES[key]))
        if position < len(shown) - 1:
            runs.append(document.run(" · ", None))
    return "".join(runs)


def render_synopsis_docx(view: SynopsisView, reference: Path | None, stamp: dt.datetime) -> bytes:
    document = StreamedDocument(reference)
    document.page_words(view.labels["page"])
    return document.package(_synopsis_body(document, view), view.title, stamp)


def _synopsis_body(document: StreamedDocument, view: SynopsisView) -> Iterator[str]:
    labels = view.labels
    yield document.title_block(view.title, view.draft_title, view.draft_version, view.deadline, view.date,
                               labels["synopsis"], labels, view.round_heading)
    if view.all_rounds:
        yield from _synopsis_across_rounds(document, view)
        return
    yield document.table_start([labels["where"], labels["original"], labels["revised"], labels["changed_by"]], SYNOPSIS_WIDTHS)
    for item in view.rows:
        cells = [new_cell() for _ in SYNOPSIS_WIDTHS]
        document.lines(cells[0], item.where, "Matrix Group", first=True)
        document.lines(cells[1], item.original or labels["inserted"], italic=not item.original, first=True)
        _changes(document, cells[2], item.changes)
        _changed_by(document, cells[3], item.comments)
        yield row_xml(cells, SYNOPSIS_WIDTHS)
    yield wordml.TABLE_END


def _synopsis_across_rounds(document: StreamedDocument, view: SynopsisView) -> Iterator[str]:
    """Where and the first round's text span the rows of the rounds that revised it."""
    labels = view.labels
    yield document.table_start([labels["where"], labels["original"], labels["round"], labels["revised"], labels["changed_by"]],
                               ROUNDS_SYNOPSIS_WIDTHS)
    for item in view.rows:
        for position, stage in enumerate(item.stages):
            cells = [new_cell() for _ in ROUNDS_SYNOPSIS_WIDTHS]
            if position == 0:
                document.lines(cells[0], item.where, "Matrix Group", first=True)
                document.lines(cells[1], item.original or labels["inserted"], italic=not item.original, first=True)
            document.lines(cells[2], stage.round_label, first=True)
            _changes(document, cells[3], stage.changes)
            _changed_by(document, cells[4], stage.comments)
            merge = "restart" if position == 0 else "continue"
            yield row_xml(cells, ROUNDS_SYNOPSIS_WIDTHS, merged={0: merge, 1: merge})
    yield wordml.TABLE_END


def _changed_by(document: StreamedDocument, cell: Cell, comments: tuple[SynopsisComment, ...]) -> None:
    first = True
    for comment in comments:
        document.lines(cell, ((None, comment.id),), "Matrix Id", first=first, unbroken=True)
        first = False
        document.lines(cell, comment.stakeholder)
        document.decision(cell, comment.decision, comment.decision_label)


def _changes(document: StreamedDocument, cell: Cell, changes) -> None:
    """The revised text with what went struck through and what came underlined, per language."""
    first = True
    for lang, segments in changes:
        runs = "".join(document.run(segment.text, lang, change=segment.op if segment.op in ("delete", "insert") else None)
                       for segment in segments)
        put(cell, document.paragraph("Matrix Cell", runs), first)
        first = False
