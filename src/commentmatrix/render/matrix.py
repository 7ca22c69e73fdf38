"""One entry point for `cm render matrix`: a project, a layout and a format in, the file's bytes out.

Formats are a registry keyed by name; the DOCX look comes from matrix-reference.docx found
through the templates folder, the HTML and Markdown from Jinja templates, CSV and XLSX from
their libraries (never through Jinja).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from commentmatrix.engine import revise
from commentmatrix.model.project import Project
from commentmatrix.views.matrix import MatrixOptions, build_matrix, build_synopsis

FORMATS = ("docx", "xlsx", "html", "md", "csv")
LAYOUTS = ("matrix", "synopsis")
REFERENCE_DOCX = "matrix-reference.docx"


@dataclass(frozen=True)
class RenderRequest:
    fmt: str
    layout: str = "matrix"
    options: MatrixOptions = MatrixOptions()
    bom: bool = False
    stamp: dt.datetime = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)


def render(project: Project, request: RenderRequest) -> bytes:
    if request.fmt not in FORMATS:
        raise ValueError(f"unknown format {request.fmt!r}")
    revision = revise(project)
    if request.layout == "synopsis":
        view = build_synopsis(project, revision, request.options)
    else:
        view = build_matrix(project, revision, request.options)
    return _RENDERERS[request.fmt](project, view, request)


def _docx(project: Project, view, request: RenderRequest) -> bytes:
    from commentmatrix.render.docx.matrix import (
        render_matrix_docx,
        render_synopsis_docx,
    )
    from commentmatrix.render.templating import template_path

    reference = template_path(project.root, REFERENCE_DOCX)
    writer = render_synopsis_docx if request.layout == "synopsis" else render_matrix_docx
    return writer(view, reference, request.stamp)


def _table(view, request: RenderRequest):
    from commentmatrix.views.table import (
        MATRIX_COLUMNS,
        SYNOPSIS_COLUMNS,
        matrix_table,
        synopsis_table,
    )

    if request.layout == "synopsis":
        return SYNOPSIS_COLUMNS, *synopsis_table(view)
    return MATRIX_COLUMNS, *matrix_table(view)


def _xlsx(project: Project, view, request: RenderRequest) -> bytes:
    from commentmatrix.render.xlsx import render_xlsx

    keys, header, rows, decisions = _table(view, request)
    name = "Synopsis" if request.layout == "synopsis" else "Comments matrix"
    return render_xlsx(name, keys, header, rows, decisions, request.stamp)


def _csv(project: Project, view, request: RenderRequest) -> bytes:
    from commentmatrix.render.csv_table import render_csv

    _, header, rows, _ = _table(view, request)
    return render_csv(header, rows, request.bom)


def _text(fmt: str):
    def write(project: Project, view, request: RenderRequest) -> bytes:
        from commentmatrix.render.matrix_text import (
            render_matrix_text,
            render_synopsis_text,
        )

        writer = render_synopsis_text if request.layout == "synopsis" else render_matrix_text
        return writer(project.root, view, fmt).encode("utf-8")
    return write


_RENDERERS = {"docx": _docx, "xlsx": _xlsx, "csv": _csv, "html": _text("html"), "md": _text("md")}


def matrix_date(project: Project, source_date_epoch: dt.datetime | None) -> dt.date | None:
    """The date printed on the matrix when none is given: SOURCE_DATE_EPOCH's, else the latest
    response or reply date in the data, else none (never the wall clock: renders are reproducible)."""
    if source_date_epoch is not None:
        return source_date_epoch.date()
    dates = [source.file.received for source in project.comment_sources if source.file.received]
    dates += [ref.comment.response.date for ref in project.comments() if ref.comment.response and ref.comment.response.date]
    return max(dates) if dates else None
