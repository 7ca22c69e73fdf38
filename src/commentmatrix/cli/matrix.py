"""`cm render matrix`: the comments matrix (or the synopsis of changes) in DOCX, XLSX, HTML, Markdown, CSV or PDF."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from commentmatrix.cli.audience_option import AUDIENCE_HELP, Audience
from commentmatrix.cli.common import (
    ProjectOption,
    chosen_languages,
    open_project,
    output_format,
    output_path,
    parse_day,
    render_app,
    require_valid,
    write_output,
)
from commentmatrix.model.errors import UsageError

SUFFIXES = {".docx": "docx", ".xlsx": "xlsx", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md",
            ".csv": "csv", ".pdf": "pdf"}


ISO_FORMATS = ("docx", "xlsx", "csv", "pdf")
SUMMARY_FORMATS = ("docx", "html", "md", "pdf")


class MatrixFormat(str, Enum):
    docx = "docx"
    xlsx = "xlsx"
    html = "html"
    md = "md"
    csv = "csv"
    pdf = "pdf"


class Grouping(str, Enum):
    stakeholder = "stakeholder"
    section = "section"


class Layout(str, Enum):
    matrix = "matrix"
    synopsis = "synopsis"
    iso = "iso"
    summary = "summary"


@render_app.command("matrix")
def matrix(
    project: ProjectOption = None,
    fmt: Annotated[Optional[MatrixFormat], typer.Option("--format", "-f", help="docx, xlsx, html, md, csv or pdf (the DOCX printed by LibreOffice, which must be installed); default: from the output's extension, else docx.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write; default build/matrix.<format> (build/synopsis.<format> for the synopsis).", dir_okay=False)] = None,
    by: Annotated[Grouping, typer.Option("--by", help="Group rows by stakeholder (roster order) or by section (draft order).")] = Grouping.stakeholder,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Languages to show, in order, e.g. zh,en; default: cm.yaml's languages.")] = None,
    open_only: Annotated[bool, typer.Option("--open-only", help="Only comments without a decision, and stakeholders still reviewing or not answered.")] = False,
    layout: Annotated[Layout, typer.Option("--layout", help="matrix (one row per comment), synopsis (one row per changed text: original | revised | comments) iso (the ISO/IEC commenting template's columns; docx, xlsx or csv) or summary (one page: totals, per stakeholder, per section, objections; docx, html, md or pdf).")] = Layout.matrix,
    bom: Annotated[bool, typer.Option("--bom", help="CSV: start with a UTF-8 byte order mark so Excel reads Chinese text correctly.")] = False,
    date: Annotated[Optional[str], typer.Option("--date", help="Date printed on the matrix (YYYY-MM-DD); default $SOURCE_DATE_EPOCH's, else the latest date in the data.")] = None,
    round_id: Annotated[Optional[str], typer.Option("--round", metavar="ID|all", help="The round to publish (its comments, states and draft); 'all': every round, with a round column. Default: the current round.")] = None,
    audience: Annotated[Audience, typer.Option("--audience", help=AUDIENCE_HELP)] = Audience.public,
) -> None:
    """Publish the comments matrix: every comment, its target, the proposed edits and the response."""
    from commentmatrix.render.documents import (
        MatrixRequest,
        matrix_date,
        render_document,
    )
    from commentmatrix.render.zipstamp import build_time, source_date_epoch
    from commentmatrix.terminal.progress import activity
    from commentmatrix.views.matrix import MatrixOptions, rounds_shown

    if layout in (Layout.synopsis, Layout.summary) and (by is Grouping.section or open_only):
        raise UsageError(f"--by and --open-only apply to the matrix layout, not to --layout {layout.value}")

    with activity() as shown:
        loaded = open_project(project, shown)
        chosen = output_format(fmt.value if fmt else None, output, SUFFIXES, "docx|xlsx|html|md|csv|pdf")
        if layout is Layout.iso and chosen not in ISO_FORMATS:
            raise UsageError(f"--layout iso is written as docx, xlsx, csv or pdf, not {chosen}")
        if layout is Layout.summary and chosen not in SUMMARY_FORMATS:
            raise UsageError(f"--layout summary is written as docx, html, md or pdf, not {chosen}")
        languages = chosen_languages(loaded, lang)
        day = parse_day(date) if date is not None else matrix_date(loaded, source_date_epoch())
        target = output_path(loaded, output, f"{layout.value}.{chosen}")
        # The drafts the rounds shown consult on; an unknown round stops here, naming the closest.
        drafts = [found.draft for found in rounds_shown(loaded, round_id)] if loaded.config is not None else []
        require_valid(loaded, "the matrix is not rendered until the project validates (see cm validate)",
                      loaded_whole=loaded.config is not None and all(draft in loaded.drafts_by_id for draft in drafts),
                      shown=shown)
        options = MatrixOptions(by.value, languages, open_only, day, round_id, audience.value)
        request = MatrixRequest(layout.value, chosen, options, bom, build_time(day))
        shown.step(f"Rendering the {layout.value} ({chosen})")
        write_output(target, render_document(loaded, request), shown)
