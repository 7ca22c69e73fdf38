"""`cm export review-copy`, `cm import docx`, `cm import table`: Word and spreadsheets in and out.

Stakeholders do not write YAML: they get a review copy in Word and send it back with comments
and tracked changes, or fill a table. The imports write through the editing layer (validated,
atomic, under the project lock), so an import that would break the project writes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from commentmatrix.cli.common import (
    ProjectOption,
    app,
    display_prefix,
    fail_usage,
    open_project,
    output_path,
    split_languages,
    stop_unless_valid,
    write_output,
)

export_app = typer.Typer(name="export", help="Documents for stakeholders: the review copy of the draft.",
                         no_args_is_help=True, rich_markup_mode=None)
import_app = typer.Typer(name="import", help="Read stakeholders' replies: a reviewed Word copy, or a table of comments.",
                         no_args_is_help=True, rich_markup_mode=None)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")


@export_app.command("review-copy")
def review_copy(
    project: ProjectOption = None,
    lang: Annotated[Optional[list[str]], typer.Option("--lang", metavar="CODES", help="Languages to show, in order, comma-separated (default: the project's).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Where to write (default: build/<draft-id>-review-copy.docx).", dir_okay=False)] = None,
    comments_table: Annotated[bool, typer.Option("--comments-table/--no-comments-table", help="End with a table to fill: section, paragraph, comment, proposed change.")] = True,
) -> None:
    """The draft as a Word document to send for review: numbered sections, invisible paragraph ids,
    a note on how to comment, Track Changes on."""
    from commentmatrix.review_docx import REFERENCE_NAME, output_name, render_review_copy
    from commentmatrix.templating import template_path
    from commentmatrix.zipstamp import source_date_epoch

    loaded = open_project(project)
    languages = list(split_languages(lang)) or loaded.languages
    unknown = [code for code in languages if code not in loaded.languages]
    if unknown:
        raise fail_usage(f"language '{unknown[0]}' is not in cm.yaml's languages ({', '.join(loaded.languages)})")
    draft = loaded.current_draft
    stop_unless_valid(loaded, "fix these problems first: the review copy shows the draft under consultation",
                      also=draft is not None)
    target = output_path(loaded, output, output_name(draft.draft.id))
    stamp = source_date_epoch()
    data = render_review_copy(draft.draft, languages, loaded.config.deadline, comments_table,
                              template_path(loaded.root, REFERENCE_NAME), stamp.replace(tzinfo=None) if stamp else None)
    write_output(target, data)
