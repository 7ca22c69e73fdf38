"""The `cm` command line: each command parses options, calls the core once, prints, and exits.

Exit codes (documented in the README): 0 clean, 1 problems found, 2 usage error (including
"no project here"), 3 unexpected internal error, 130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from commentmatrix import __version__

app = typer.Typer(
    name="cm",
    help="commentmatrix: run a consultation on a strategy draft, kept as YAML files in git.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

ProjectOption = Annotated[
    Optional[Path],
    typer.Option("--project", "-C", help="Project folder (default: the nearest folder with cm.yaml, from here upwards).",
                 file_okay=False, dir_okay=True),
]


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def _version(value: bool) -> None:
    if value:
        print(f"cm {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Show the version and exit.")] = False) -> None:
    """commentmatrix: comments, responses, the comments matrix and the revised draft."""


def _fail_usage(message: str) -> typer.Exit:
    print(f"cm: {message}", file=sys.stderr)
    return typer.Exit(2)


def open_project(folder: Path | None):
    from commentmatrix.loader import ProjectNotFound, find_root, load_project

    try:
        root = find_root(folder or Path.cwd())
    except ProjectNotFound as exc:
        raise _fail_usage(f"{exc}; run cm inside a consultation project or pass --project DIR") from None
    return load_project(root)


def _display_prefix(root: Path) -> str:
    """Paths are shown relative to where cm was run, so editors and CI find the files."""
    try:
        relative = root.relative_to(Path.cwd().resolve())
    except ValueError:
        return str(root)
    return "" if str(relative) == "." else relative.as_posix()


def _parse_day(value: str | None) -> dt.date:
    text = value or os.environ.get("CM_TODAY")
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _fail_usage(f"'{text}' is not a date: write YYYY-MM-DD") from None


@app.command()
def validate(
    project: ProjectOption = None,
    output_format: Annotated[ValidateFormat, typer.Option("--format", "-f", help="text, json, or github (workflow annotations).")] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check every file of the project and report every problem at once."""
    from commentmatrix.report import FORMATTERS, github_step_summary
    from commentmatrix.rules import check_project

    loaded = open_project(project)
    diagnostics = check_project(loaded)
    prefix = _display_prefix(loaded.root)
    sys.stdout.write(FORMATTERS[output_format.value](diagnostics, len(loaded.files), prefix))
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format is ValidateFormat.github and summary_path:
        with open(summary_path, "a", encoding="utf-8") as summary:
            summary.write(github_step_summary(diagnostics, len(loaded.files), prefix))
    failing = [d for d in diagnostics if d.is_error or strict]
    raise typer.Exit(1 if failing else 0)


@app.command()
def status(
    project: ProjectOption = None,
    stakeholder: Annotated[Optional[str], typer.Option("--stakeholder", "-s", help="Only this stakeholder (roster id).")] = None,
    section: Annotated[Optional[str], typer.Option("--section", help="Only comments on this section (id), its paragraphs and subsections.")] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only what still needs work: open comments, pending and reviewing stakeholders.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the same facts as JSON, for scripts.")] = False,
    today: Annotated[Optional[str], typer.Option("--today", help="Count days to the deadline from this date (YYYY-MM-DD); default today or $CM_TODAY.")] = None,
) -> None:
    """The state of the consultation: who answered, what is decided, what is still open."""
    import json

    from commentmatrix.edits import revise
    from commentmatrix.rules import check_project
    from commentmatrix.status import StatusFilter, build_status

    loaded = open_project(project)
    day = _parse_day(today)
    if loaded.config is None:
        from commentmatrix.report import format_text

        sys.stderr.write(format_text(check_project(loaded), len(loaded.files), _display_prefix(loaded.root)))
        raise _fail_usage("cm.yaml could not be read, so there is no consultation to report on")
    if stakeholder and stakeholder not in loaded.stakeholders_by_id:
        raise _fail_usage(f"'{stakeholder}' is not in the roster; known: {', '.join(loaded.stakeholders_by_id)}")
    if section and loaded.current_draft and section not in {s.id for s, _ in _sections(loaded)}:
        raise _fail_usage(f"'{section}' is not a section of draft {loaded.config.draft}")
    result = build_status(loaded, revise(loaded), check_project(loaded), day,
                          StatusFilter(stakeholder=stakeholder, section=section, open_only=open_only))
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    from rich.console import Console

    from commentmatrix.terminal import print_status

    print_status(Console(), result, loaded.languages)


def _sections(loaded):
    from commentmatrix.project import walk_sections

    return list(walk_sections(loaded.current_draft.draft.sections))


def main() -> None:
    """Entry point: maps anything unexpected to exit 3 with a short message, never a traceback."""
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        print("cm: interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the one place that turns crashes into a message
        if os.environ.get("CM_DEBUG"):
            raise
        print(f"cm: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in cm, not in your files. Run again with CM_DEBUG=1 for details and report it.",
              file=sys.stderr)
        sys.exit(3)
