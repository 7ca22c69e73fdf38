"""The ISO/IEC form (views/iso.py) as a Word document: the template's title, date and document in
the page header, and one table of its eight columns whose heading row repeats on every page.

The page and the styles come from the matrix's reference .docx (landscape A4), through the
matrix writer, so the form looks like cm's other documents and takes a secretariat's reference.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from commentmatrix.render.docx.matrix import DECISION_STYLES
from commentmatrix.render.docx.matrix import _Writer as Writer
from commentmatrix.views.iso import ISO_TITLE, IsoView

# Landscape A4 less margins is 26.7 cm: the texts get the room.
ISO_WIDTHS = (2.4, 1.7, 2.2, 2.2, 2.0, 5.9, 5.3, 5.0)


def render_iso_docx(form: IsoView, reference: Path | None, stamp: dt.datetime) -> bytes:
    writer = Writer(reference)
    header = writer.document.sections[0].header
    header.is_linked_to_previous = False
    first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    writer.text(first, ISO_TITLE, "en", bold=True)
    facts = [f"Date: {form.date}" if form.date else "", f"Document: {form.document}", form.title]
    writer.text(header.add_paragraph(), " · ".join(fact for fact in facts if fact), None)
    table = writer.table([((None, heading),) for heading in form.headings], ISO_WIDTHS)
    observations = form.keys.index("observations")
    for row, values in zip(form.rows, form.table()):
        cells = writer.add_row(table, ISO_WIDTHS)
        for index, (cell, value) in enumerate(zip(cells, values)):
            lines = tuple((None, line) for line in value.split("\n")) if value else ()
            if index == observations and row.decision in DECISION_STYLES and lines:
                # The decision (its first line) in the decision's style, as in cm's matrix.
                writer.decision(cell, row.decision, lines[:1], first=cell.paragraphs[0])
                writer.lines(cell, lines[1:])
            else:
                writer.lines(cell, lines, first=cell.paragraphs[0])
    return writer.to_bytes(((None, ISO_TITLE),), stamp)
