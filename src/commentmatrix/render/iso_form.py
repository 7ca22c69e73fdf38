"""The ISO/IEC form of the matrix (views/iso.py) as DOCX, XLSX or CSV: the writers of the
matrix, given the form's columns."""

from __future__ import annotations

from commentmatrix.model.project import Project
from commentmatrix.views.iso import ISO_TITLE, IsoView
from commentmatrix.views.matrix import MatrixView


def iso_view(project: Project, view: MatrixView) -> IsoView:
    from commentmatrix.views.iso import build_iso

    return build_iso(project, view)


def iso_xlsx(form: IsoView, stamp) -> bytes:
    from commentmatrix.render.xlsx import render_xlsx

    return render_xlsx(ISO_TITLE[:31], form.keys, form.headings, form.table(), [row.decision for row in form.rows],
                       stamp, fill_column="observations")


def iso_csv(form: IsoView, bom: bool) -> bytes:
    from commentmatrix.render.csv_table import render_csv

    return render_csv(form.headings, form.table(), bom)


def iso_docx(form: IsoView, reference, stamp) -> bytes:
    from commentmatrix.render.docx.iso import render_iso_docx

    return render_iso_docx(form, reference, stamp)
