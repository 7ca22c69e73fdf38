"""`cm render letters`: one response letter per stakeholder, in DOCX, Markdown, HTML or PDF."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from commentmatrix.cli.common import ProjectOption, open_project, parse_day, render_app, require_valid, shown_path


class LetterFormat(str, Enum):
    docx = "docx"
    md = "md"
    html = "html"
    pdf = "pdf"


@render_app.command("letters")
def letters(
    project: ProjectOption = None,
    stakeholder: Annotated[Optional[str], typer.Option("--stakeholder", help="Only this stakeholder's letter.")] = None,
    round_id: Annotated[Optional[str], typer.Option("--round", metavar="ID", help="The round the letters answer; default: the current round.")] = None,
    fmt: Annotated[LetterFormat, typer.Option("--format", "-f", help="docx (from templates/letter.docx, else cm's own), md or html (for e-mail), or pdf (the DOCX printed by LibreOffice).")] = LetterFormat.docx,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Folder to write the letters into, one file per stakeholder named by its id; default build/letters/.", file_okay=False)] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="Date of the letters (YYYY-MM-DD); default $SOURCE_DATE_EPOCH's, else the latest date in the data.")] = None,
) -> None:
    """Write to each stakeholder how each of its comments was answered and what it changed in the revised draft."""
    from commentmatrix.model.errors import UnknownName
    from commentmatrix.model.suggestions import did_you_mean
    from commentmatrix.render.documents import matrix_date
    from commentmatrix.render.letters import render_letters
    from commentmatrix.render.zipstamp import build_time, source_date_epoch
    from commentmatrix.terminal.progress import activity
    from commentmatrix.views.letters import LetterOptions, build_letters
    from commentmatrix.write.atomic import check_output, default_output, write_many

    with activity() as shown:
        loaded = open_project(project, shown)
        day = parse_day(date) if date is not None else matrix_date(loaded, source_date_epoch())
        chosen = loaded.round(round_id) if loaded.config is not None else None
        require_valid(loaded, "the letters are not written until the project validates (see cm validate)",
                      loaded_whole=chosen is not None and chosen.draft in loaded.drafts_by_id, shown=shown)
        if stakeholder is not None and stakeholder not in loaded.stakeholders_by_id:
            raise UnknownName(f"there is no stakeholder '{stakeholder}' in cm.yaml", hint=did_you_mean(stakeholder, list(loaded.stakeholders_by_id)))
        folder = output if output is not None else default_output(loaded.root, "letters")
        stamp = build_time(day)
        shown.step(f"Writing the letters ({fmt.value})")
        letters = build_letters(loaded, LetterOptions(stakeholder, round_id, day))
        written = [(check_output(loaded.root, folder / f"{letter.stakeholder_id}.{fmt.value}"), content)
                   for letter, content in render_letters(loaded, letters, fmt.value, stamp)]
        folder.mkdir(parents=True, exist_ok=True)
        write_many(written)
        shown.close()
    for path, _ in written:
        print(shown_path(path))
