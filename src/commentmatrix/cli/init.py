"""`cm init`: start a new consultation project."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from commentmatrix.cli.common import app, write_guard
from commentmatrix.model.errors import Refusal, UsageError


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(metavar="[DIR]", help="Where to create the project (default: here).",
                                           file_okay=False)] = Path("."),
    title: Annotated[Optional[str], typer.Option("--title", help="Title of the consultation.")] = None,
    languages: Annotated[Optional[str], typer.Option("--languages", help="Language codes, comma-separated; the first is primary (default en).")] = None,
    draft: Annotated[str, typer.Option("--draft", help="Id of the draft under consultation.")] = "draft-1",
    deadline: Annotated[Optional[str], typer.Option("--deadline", help="Last day for comments (YYYY-MM-DD).")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Ask nothing: take the options and defaults as they are.")] = False,
) -> None:
    """Create a consultation project: cm.yaml, a draft skeleton, comments/ and templates/."""
    import datetime as dt

    from commentmatrix.model.format import ID_FORMAT, LANGUAGE_CODE
    from commentmatrix.write.scaffold import (
        create_project,
        project_files,
    )

    if (folder / "cm.yaml").exists():
        raise Refusal(f"{folder / 'cm.yaml'} already exists; cm init never overwrites a project")
    if sys.stdin.isatty() and not yes:
        title = typer.prompt("Title of the consultation", default=title)
        languages = typer.prompt("Languages (comma-separated, primary first)", default=languages or "en")
    if not title or not title.strip():
        raise UsageError("give the consultation's title with --title")
    codes = [code.strip() for code in (languages or "en").split(",") if code.strip()]
    bad = [code for code in codes if not LANGUAGE_CODE.fullmatch(code)]
    if bad or not codes:
        raise UsageError(f"'{bad[0] if bad else languages}' is not a list of language codes: use lower-case ISO 639 codes such as en,zh")
    if not ID_FORMAT.fullmatch(draft):
        raise UsageError(f"'{draft}' cannot be a draft id: use ASCII letters, digits, '.', '-' and '_'")
    if deadline:
        try:
            dt.date.fromisoformat(deadline)
        except ValueError:
            raise UsageError(f"'{deadline}' is not a date: write YYYY-MM-DD") from None
    with write_guard():
        written = create_project(folder, project_files(title.strip(), codes, draft, deadline))
    print(f"Created a consultation project in {folder}: " + ", ".join(w for w in written if not w.startswith("templates/")))
    templates = [w for w in written if w.startswith("templates/")]
    if templates:
        print(f"Default templates copied to {folder / 'templates'} for customising ({len(templates)} file(s)).")
    print(f"Next: put the draft's sections in drafts/{draft}.yaml, then `cm stakeholder add`.")
