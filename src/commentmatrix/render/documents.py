"""What cm publishes, in one registry: (document, format) -> the function that writes its bytes.

Documents are the comments `matrix` (one row per comment), the `synopsis` (one row per changed
text) and the revised `draft`. Which view a document reads is decided here once; each writer
is imported only when it is used, so a command starts fast. The DOCX look comes from a
reference .docx found through the project's templates folder, HTML and Markdown from Jinja
templates, CSV and XLSX from their libraries (never through Jinja); every DOCX also as PDF, through
LibreOffice (render/pdf.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from commentmatrix.engine import revise
from commentmatrix.model.project import Project
from commentmatrix.revision import Revision
from commentmatrix.views.audience import DEFAULT_AUDIENCE
from commentmatrix.views.labels import project_words
from commentmatrix.views.matrix import MatrixOptions, MatrixView, SynopsisView

MATRIX_REFERENCE = "matrix-reference.docx"
DRAFT_REFERENCE = "draft-reference.docx"
_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class MatrixRequest:
    """The matrix or the synopsis: format, grouping and languages (options), CSV's byte order mark,
    and the time stamped into DOCX/XLSX archives."""

    document: str = "matrix"  # or "synopsis"
    format: str = "docx"
    options: MatrixOptions = field(default_factory=MatrixOptions)
    bom: bool = False
    stamp: dt.datetime = _EPOCH


@dataclass(frozen=True)
class DraftRequest:
    """The revised draft: format, tracked or clean, languages in order, layout, for YAML the
    new draft's id and version, the round whose draft is revised (None: the current one), and
    the audience the changes are credited for (views/audience.py)."""

    format: str = "docx"
    tracked: bool = True
    languages: tuple[str, ...] = ()
    layout: str = "sequential"
    new_id: str | None = None
    new_version: str | None = None
    timestamp: dt.datetime | None = None
    document: str = "draft"
    round: str | None = None
    audience: str = DEFAULT_AUDIENCE


@dataclass(frozen=True)
class ReviewCopyRequest:
    """The review copy stakeholders comment on: languages in order, whether it ends with a
    comments table to fill, the time stamped into the archive, the round whose draft it shows
    (None: the current one), the earlier round whose changes it shows tracked, if any, and how
    its lines are numbered in the margin."""

    languages: tuple[str, ...] = ()
    comments_table: bool = True
    timestamp: dt.datetime | None = None
    round_id: str | None = None
    changes_since: str | None = None
    document: str = "review-copy"
    format: str = "docx"
    line_numbers: str | None = "continuous"  # or "per-page"; None: none


Request = MatrixRequest | DraftRequest | ReviewCopyRequest


def render_document(project: Project, request: Request) -> bytes:
    """The bytes of the document the request names; the project must validate."""
    writer = RENDERERS.get((request.document, request.format))
    if writer is None:
        raise ValueError(f"cm cannot write a {request.document} as {request.format}")
    with project_words(project.label_overrides):
        return writer(project, request)


def formats_of(document: str) -> tuple[str, ...]:
    return tuple(fmt for doc, fmt in RENDERERS if doc == document)


# ---------------------------------------------------------------- the matrix and the synopsis

def _table_view(project: Project, request: MatrixRequest) -> MatrixView | SynopsisView:
    from commentmatrix.views.matrix import ALL_ROUNDS, build_matrix, build_synopsis

    build = build_synopsis if request.document == "synopsis" else build_matrix
    # One round's view reads that round's revision; across rounds the view asks for each round's.
    chosen = request.options.round
    draft_id = project.round(chosen).draft if chosen != ALL_ROUNDS else None
    return build(project, revise(project, draft_id), request.options)


def _matrix_docx(project: Project, request: MatrixRequest) -> bytes:
    from commentmatrix.render.docx.matrix import (
        render_matrix_docx,
        render_synopsis_docx,
    )
    from commentmatrix.render.templating import template_path

    view = _table_view(project, request)
    reference = template_path(project.root, MATRIX_REFERENCE)
    if isinstance(view, SynopsisView):
        return render_synopsis_docx(view, reference, request.stamp)
    return render_matrix_docx(view, reference, request.stamp)


def _rows(request: MatrixRequest, view: MatrixView | SynopsisView) -> tuple:
    from commentmatrix.views.table import (
        matrix_columns,
        matrix_table,
        synopsis_columns,
        synopsis_table,
    )

    if isinstance(view, SynopsisView):
        return synopsis_columns(view), *synopsis_table(view)
    return matrix_columns(view), *matrix_table(view)


def _matrix_xlsx(project: Project, request: MatrixRequest) -> bytes:
    from commentmatrix.render.xlsx import render_xlsx

    keys, header, rows, decisions = _rows(request, _table_view(project, request))
    name = "Synopsis" if request.document == "synopsis" else "Comments matrix"
    return render_xlsx(name, keys, header, rows, decisions, request.stamp)


def _matrix_csv(project: Project, request: MatrixRequest) -> bytes:
    from commentmatrix.render.csv_table import render_csv

    _, header, rows, _ = _rows(request, _table_view(project, request))
    return render_csv(header, rows, request.bom)


def _matrix_text(fmt: str) -> Callable[[Project, MatrixRequest], bytes]:
    def write(project: Project, request: MatrixRequest) -> bytes:
        from commentmatrix.render.matrix_text import (
            render_matrix_text,
            render_synopsis_text,
        )

        view = _table_view(project, request)
        # The template's limits grow with the project (see template_box).
        items = sum(len(source.file.comments) for source in project.comment_sources)
        if isinstance(view, SynopsisView):
            return render_synopsis_text(project.root, view, fmt, items).encode("utf-8")
        return render_matrix_text(project.root, view, fmt, items).encode("utf-8")
    return write


def matrix_date(project: Project, source_date_epoch: dt.datetime | None) -> dt.date | None:
    """The date printed on the matrix when none is given: SOURCE_DATE_EPOCH's, else the latest
    response or reply date in the data, else none (never the wall clock: renders are reproducible)."""
    if source_date_epoch is not None:
        return source_date_epoch.date()
    dates = [source.file.received for source in project.comment_sources if source.file.received]
    dates += [ref.comment.response.date for ref in project.comments() if ref.comment.response and ref.comment.response.date]
    return max(dates) if dates else None


# ---------------------------------------------------------------- the revised draft

def draft_output_name(draft_id: str, format_name: str) -> str:
    return f"{draft_id}-revised.{format_name}"


def _revision(project: Project, request: DraftRequest) -> Revision:
    """The revision of the round's draft by that round's comments."""
    revision = revise(project, project.round(request.round).draft if project.config is not None else None)
    if revision is None:
        raise ValueError("the draft under consultation did not load")  # callers validate first
    return revision


def _draft_yaml(project: Project, request: DraftRequest) -> bytes:
    from commentmatrix.render.draft_yaml import render_yaml

    if not (request.new_id and request.new_version):
        raise ValueError("a YAML draft needs its new id and version")
    return render_yaml(_revision(project, request), request.new_id, request.new_version)


def _draft_view(project: Project, request: DraftRequest):  # -> views.draft.DraftView
    from commentmatrix.views.draft import build_draft_view

    return build_draft_view(project, _revision(project, request), request.languages or tuple(project.languages), request.tracked,
                            request.audience)


def _draft_markdown(project: Project, request: DraftRequest) -> bytes:
    from commentmatrix.render.draft_markdown import render_markdown

    return render_markdown(_draft_view(project, request), project.root, request.layout)


def _draft_docx(project: Project, request: DraftRequest) -> bytes:
    from commentmatrix.render.docx.draft import render_docx
    from commentmatrix.render.templating import template_path

    return render_docx(_draft_view(project, request), template_path(project.root, DRAFT_REFERENCE), request.layout,
                       request.timestamp)


# ---------------------------------------------------------------- the review copy

def _review_copy_docx(project: Project, request: ReviewCopyRequest) -> bytes:
    from commentmatrix.render.docx.review_copy import render_review_copy
    from commentmatrix.render.templating import template_path

    chosen = project.round(request.round_id)
    draft = project.drafts_by_id.get(chosen.draft)
    if draft is None:
        raise ValueError(f"the draft of round {chosen.id} did not load")  # callers validate first
    languages = list(request.languages or project.languages)
    changes = None
    if request.changes_since is not None:
        from commentmatrix.views.review_changes import changes_view

        changes = changes_view(project, chosen, request.changes_since, languages)
    return render_review_copy(draft.draft, languages, chosen.deadline, request.comments_table,
                              template_path(project.root, DRAFT_REFERENCE), request.timestamp,
                              chosen.id if project.has_rounds else None, changes,
                              project.round(request.changes_since).id if request.changes_since else None,
                              request.line_numbers)


# ---------------------------------------------------------------- PDF, of the DOCX

def _stamp(request: Request) -> dt.datetime:
    """The time the PDF is dated: the one its DOCX carries (the zip's epoch when none is given)."""
    if isinstance(request, MatrixRequest):
        return request.stamp
    return request.timestamp if request.timestamp is not None and request.timestamp.year >= 1980 else _EPOCH


def _as_pdf(document: str) -> Callable[[Project, Request], bytes]:
    """The PDF of the document's DOCX, as LibreOffice prints it (render/pdf.py)."""
    def write(project: Project, request: Request) -> bytes:
        from dataclasses import replace

        from commentmatrix.render.pdf import require_libreoffice, to_pdf

        require_libreoffice()  # before the DOCX is built: a missing LibreOffice costs no wait
        docx = RENDERERS[(document, "docx")](project, replace(request, format="docx"))
        return to_pdf(docx, ".docx", _stamp(request))
    return write


def _iso_form(fmt: str) -> Callable[[Project, MatrixRequest], bytes]:
    def write(project: Project, request: MatrixRequest) -> bytes:
        from commentmatrix.render import iso_form
        from commentmatrix.render.templating import template_path

        view = _table_view(project, request)
        assert isinstance(view, MatrixView)
        form = iso_form.iso_view(project, view)
        if fmt == "docx":
            return iso_form.iso_docx(form, template_path(project.root, MATRIX_REFERENCE), request.stamp)
        return iso_form.iso_xlsx(form, request.stamp) if fmt == "xlsx" else iso_form.iso_csv(form, request.bom)
    return write


# ---------------------------------------------------------------- the summary beside the matrix

def _summary_view(project: Project, request: MatrixRequest):  # -> views.summary.SummaryView
    from commentmatrix.views.summary import build_summary

    return build_summary(project, request.options)


def _summary_docx(project: Project, request: MatrixRequest) -> bytes:
    from commentmatrix.render.docx.summary import render_summary_docx
    from commentmatrix.render.templating import template_path

    return render_summary_docx(_summary_view(project, request), template_path(project.root, MATRIX_REFERENCE),
                               request.stamp)


def _summary_text(fmt: str) -> Callable[[Project, MatrixRequest], bytes]:
    def write(project: Project, request: MatrixRequest) -> bytes:
        from commentmatrix.render.markdown import cell
        from commentmatrix.render.templating import render_template
        from commentmatrix.views.chart import stacked_bars

        summary = _summary_view(project, request)
        view = summary.matrix
        # The matrix's own charts (views/chart.py), drawn by the matrix's partial (_chart.html.j2).
        charts = (stacked_bars(view.labels["by_stakeholder"], view.by_stakeholder),
                  stacked_bars(view.labels["by_section"], view.by_section)) if fmt == "html" else ()
        items = sum(len(source.file.comments) for source in project.comment_sources)
        context = {"view": view, "summary": summary, "charts": charts, "decisions": view.decisions, "md": cell}
        return render_template(project.root, f"summary.{fmt}.j2", context, items).encode("utf-8")
    return write


RENDERERS: dict[tuple[str, str], Callable] = {
    **{(document, "docx"): _matrix_docx for document in ("matrix", "synopsis")},
    **{(document, "xlsx"): _matrix_xlsx for document in ("matrix", "synopsis")},
    **{(document, "html"): _matrix_text("html") for document in ("matrix", "synopsis")},
    **{(document, "md"): _matrix_text("md") for document in ("matrix", "synopsis")},
    **{(document, "csv"): _matrix_csv for document in ("matrix", "synopsis")},
    ("draft", "docx"): _draft_docx,
    ("draft", "md"): _draft_markdown,
    ("draft", "yaml"): _draft_yaml,
    ("review-copy", "docx"): _review_copy_docx,
    **{("iso", fmt): _iso_form(fmt) for fmt in ("docx", "xlsx", "csv")},
    ("summary", "docx"): _summary_docx,
    ("summary", "html"): _summary_text("html"),
    ("summary", "md"): _summary_text("md"),
}
# Every document cm writes as DOCX can be had as PDF. The matrix's PDF is its DOCX's (Writer
# lays out a table to the page; Calc would print the XLSX in column slices).
RENDERERS.update({(document, "pdf"): _as_pdf(document) for document, fmt in list(RENDERERS) if fmt == "docx"})
