"""The ISO/IEC form (views/iso.py) as a Word document: the template's title, date and document in
the page header, and one table of its eight columns whose heading row repeats on every page.

The page and the styles come from the matrix's reference .docx (landscape A4), through the
matrix writer, so the form looks like cm's other documents and takes a secretariat's reference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from commentmatrix.render.docx import wordml
from commentmatrix.render.docx.matrix import row_xml
from commentmatrix.render.docx.stream import DECISION_STYLES, StreamedDocument, new_cell
from commentmatrix.render.docx.text import add_text
from commentmatrix.views.iso import ISO_TITLE, IsoView

# Landscape A4 less margins is 26.7 cm: the texts get the room.
ISO_WIDTHS = (2.4, 1.7, 2.2, 2.2, 2.0, 5.9, 5.3, 5.0)


def render_iso_docx(form: IsoView, reference: Path | None, stamp: dt.datetime) -> bytes:
    document = StreamedDocument(reference)
    header = document.document.sections[0].header
    header.is_linked_to_previous = False
    first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    add_text(first, ISO_TITLE, "en", bold=True)
    facts = [f"Date: {form.date}" if form.date else "", f"Document: {form.document}", form.title]
    add_text(header.add_paragraph(), " · ".join(fact for fact in facts if fact), None)
    return document.package(_body(document, form), ((None, ISO_TITLE),), stamp)


def _body(document: StreamedDocument, form: IsoView) -> Iterator[str]:
    yield document.table_start([((None, heading),) for heading in form.headings], ISO_WIDTHS)
    observations = form.keys.index("observations")
    for row, values in zip(form.rows, form.table()):
        cells = [new_cell() for _ in ISO_WIDTHS]
        for index, (cell, value) in enumerate(zip(cells, values)):
            lines = tuple((None, line) for line in value.split("\n")) if value else ()
            if index == observations and row.decision in DECISION_STYLES and lines:
                # The decision (its first line) in the decision's style, as in cm's matrix.
                document.decision(cell, row.decision, lines[:1], first=True)
                document.lines(cell, lines[1:])
            else:
                document.lines(cell, lines, first=True)
        yield row_xml(cells, ISO_WIDTHS)
    yield wordml.TABLE_END
