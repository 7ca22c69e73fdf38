"""What every `cm` command shares: the Typer app, project lookup, usage errors, dates.

Exit codes (documented in the README): 0 clean, 1 problems found, 2 usage error (including
"no project here"), 3 unexpected internal error, 130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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

# `cm render matrix`, `cm render draft`: the published documents, one subcommand each.
render_app = typer.Typer(name="render", help="Publish documents: the comments matrix, the revised draft.",
                         no_args_is_help=True, rich_markup_mode=None)
app.add_typer(render_app, name="render")

ProjectOption = Annotated[
    Optional[Path],
    typer.Option("--project", "-C", help="Project folder (default: the nearest folder with cm.yaml, from here upwards).",
                 file_okay=False, dir_okay=True),
]


def _version(value: bool) -> None:
    if value:
        print(f"cm {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Show the version and exit.")] = False) -> None:
    """commentmatrix: comments, responses, the comments matrix and the revised draft."""


def fail_usage(message: str) -> typer.Exit:
    print(f"cm: {message}", file=sys.stderr)
    return typer.Exit(2)


def open_project(folder: Path | None, shown=None):
    """Load the project at or above `folder` (exit 2 when there is none); `shown`, an Activity,
    shows the reading of a large project."""
    from commentmatrix.read.loader import ProjectNotFound, find_root, load_project

    try:
        root = find_root(folder or Path.cwd())
    except ProjectNotFound as exc:
        raise fail_usage(f"{exc}; run cm inside a consultation project or pass --project DIR") from None
    if shown is not None:
        shown.step("Reading the files")
    project = load_project(root, progress=shown.advance if shown is not None else None)
    # The project lives until the command ends: take its millions of objects out of the cyclic
    # collector's sight, or every later collection walks them all again (seconds at IPCC scale).
    gc.freeze()
    return project


def display_prefix(root: Path) -> str:
    """Paths are shown relative to where cm was run, so editors and CI find the files."""
    try:
        relative = root.relative_to(Path.cwd().resolve())
    except ValueError:
        return str(root)
    return "" if str(relative) == "." else relative.as_posix()


def parse_day(value: str | None) -> dt.date:
    """The date given, else $CM_TODAY, else today; a given value that is not a date is a usage error."""
    text = value if value is not None else os.environ.get("CM_TODAY") or None
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail_usage(f"'{text}' is not a date: write YYYY-MM-DD") from None




# ---------------------------------------------------------------- what every output command shares

def split_languages(values: str | list[str] | None) -> tuple[str, ...]:
    """`--lang zh,en` (or repeated `--lang`) as codes in order, without repeats."""
    given = [values] if isinstance(values, str) else values or []
    return tuple(dict.fromkeys(code.strip() for value in given for code in value.split(",") if code.strip()))


def stop_unless_valid(loaded, why: str, *, also: bool = True, shown=None) -> None:
    """Exit 1 with the project's errors when it has any (or when `also` is false): an output built
    from files that do not validate could silently leave comments out."""
    from commentmatrix.render.diagnostics import format_text
    from commentmatrix.rules import check_project

    if shown is not None:
        shown.step("Checking the project")
    problems = [d for d in check_project(loaded) if d.is_error]
    if problems or not also:
        if shown is not None:
            shown.close()
        sys.stderr.write(format_text(problems, len(loaded.files), display_prefix(loaded.root)))
        print(f"cm: {why}", file=sys.stderr)
        raise typer.Exit(1)


def output_format(given: str | None, output: Path | None, suffixes: dict[str, str], formats: str) -> str:
    """--format as given, else the format -o's suffix names, else docx; a suffix that names no
    format is a usage error (exit 2) rather than a guess."""
    if given is not None:
        return given
    if output is None:
        return "docx"
    found = suffixes.get(output.suffix.lower())
    if found is None:
        raise fail_usage(f"cannot tell the format from '{output.name}': use --format {formats}")
    return found


def output_path(loaded, output: Path | None, default_name: str) -> Path:
    """-o as given, else build/<default_name>; never a source file of the project (exit 2)."""
    from commentmatrix.write.atomic import OutputRefused, check_output, default_output

    target = output or default_output(loaded.root, default_name)
    try:
        resolved = check_output(loaded.root, target)
    except OutputRefused as exc:
        raise fail_usage(str(exc)) from None
    if output is None and not resolved.is_relative_to(loaded.root.resolve()):
        # A build/ committed as a link must not carry default outputs out of the project.
        prefix = display_prefix(loaded.root)
        shown = target.parent.relative_to(loaded.root).as_posix() if target.parent.is_relative_to(loaded.root) else str(target.parent)
        print(f"cm: {prefix + '/' if prefix else ''}{shown} leads out of the project, to {resolved.parent}; "
              "cm writes outputs outside the project only where -o says", file=sys.stderr)
        raise typer.Exit(1)
    return target


def write_output(target: Path, data: bytes, shown=None) -> None:
    """Write atomically and print the path written, relative to here when it can be."""
    from commentmatrix.write.atomic import write_atomic

    if shown is not None:
        shown.step(f"Writing {target.name}")
    try:
        with write_guard():
            write_atomic(target, data)
    finally:
        if shown is not None:
            shown.close()
    print(shown_path(target))


def shown_path(target: Path | str) -> str:
    try:
        return Path(target).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(target)


@contextmanager
def write_guard() -> Iterator[None]:
    """A file that cannot be written (disk full, read-only folder) ends the command with exit 1
    and the system's reason; the writers in outputs have left every file as it was."""
    try:
        yield
    except OSError as exc:
        target = getattr(exc, "path", None) or exc.filename or "a file"
        reason = getattr(exc, "reason", None) or exc.strerror or str(exc)
        print(f"cm: cannot write {shown_path(target)}: {reason}; no file was changed", file=sys.stderr)
        raise typer.Exit(1) from None
