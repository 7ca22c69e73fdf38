"""`cm diff` and `cm schema`: what a pull request does to the consultation, and editor schemas."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from commentmatrix.cli.common import (
    ProjectOption,
    commands,
    display_prefix,
    write_guard,
)
from commentmatrix.model.errors import UsageError


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@commands.command()
def diff(
    base: Annotated[Optional[str], typer.Argument(help="Revision before (default: the merge-base of HEAD with the default branch).")] = None,
    head: Annotated[Optional[str], typer.Argument(help="Revision after (default: the working tree).")] = None,
    project: ProjectOption = None,
    output_format: Annotated[DiffFormat, typer.Option("--format", "-f", help="text, markdown (a pull-request comment) or json.")] = DiffFormat.text,
    rounds: Annotated[Optional[tuple[str, str]], typer.Option("--rounds", metavar="EARLIER LATER",
                                                             help="Compare two rounds instead of two revisions: what became of each stakeholder's comments.")] = None,
) -> None:
    """What a change does to the consultation: comments, decisions, stakeholders, revised text, counts.

    Reads the revisions through git, never checking them out. Always exits 0 (it is a report);
    2 when a revision does not exist. With --rounds, compares two rounds of the working tree
    instead: each comment of the later round new, repeated or revised, each of the earlier one
    not raised again withdrawn or resolved.
    """
    if rounds is not None:
        if base is not None or head is not None:
            raise UsageError("--rounds compares two rounds of the working tree: give no revisions with it",
                             hint="cm diff --rounds 1 2")
        _diff_rounds(project, rounds, output_format)
        return
    from commentmatrix.diff import diff_projects
    from commentmatrix.read.git_revision import commit_of, default_base, load_revision
    from commentmatrix.read.loader import find_root, load_project
    from commentmatrix.render import diff_report
    from commentmatrix.views.diff import Endpoint

    root = find_root(project or Path.cwd())
    if base is None:
        base, base_commit = default_base(root)
        base_end = Endpoint(f"merge-base with {base}", base_commit)
    else:
        base_commit = commit_of(root, base)
        base_end = Endpoint(base, base_commit)
    _, before = load_revision(root, base_commit)
    if head is None:
        head_end, after = Endpoint("working tree", None), load_project(root)
    else:
        commit, after = load_revision(root, head)
        head_end = Endpoint(head, commit)
    result = diff_projects(before, after)
    langs = after.languages or before.languages
    prefix = display_prefix(root)
    if output_format is DiffFormat.markdown:
        sys.stdout.write(diff_report.format_markdown(result, base_end, head_end, langs, prefix))
    elif output_format is DiffFormat.json:
        sys.stdout.write(diff_report.format_json(result, base_end, head_end, prefix))
    else:
        from commentmatrix.terminal.console import stdout_console
        from commentmatrix.terminal.diff import print_diff

        print_diff(stdout_console(), result, base_end, head_end, langs, prefix)


def _diff_rounds(project: Path | None, rounds: tuple[str, str], output_format: DiffFormat) -> None:
    from commentmatrix.cli.common import open_project
    from commentmatrix.render import diff_report
    from commentmatrix.round_diff import diff_rounds

    loaded = open_project(project)
    result = diff_rounds(loaded, *rounds)
    prefix = display_prefix(loaded.root)
    if output_format is DiffFormat.markdown:
        sys.stdout.write(diff_report.format_rounds_markdown(result, loaded.languages, prefix))
    elif output_format is DiffFormat.json:
        sys.stdout.write(diff_report.format_rounds_json(result, prefix))
    else:
        from commentmatrix.terminal.console import stdout_console
        from commentmatrix.terminal.diff import print_rounds_diff

        print_rounds_diff(stdout_console(), result, loaded.languages, prefix)


@commands.command()
def schema(
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Folder to write the schemas to (default: the project's schemas/).",
                                                file_okay=False, dir_okay=True)] = None,
    project: ProjectOption = None,
) -> None:
    """Write the JSON Schemas of cm.yaml, draft and comment files, for editors to complete and check.

    Point a YAML file at its schema with a first line such as
    `# yaml-language-server: $schema=../schemas/comments.schema.json`.
    """
    from commentmatrix.model.errors import ProjectNotFound
    from commentmatrix.model.schemas import SCHEMAS_DIR, schema_files
    from commentmatrix.read.loader import find_root
    from commentmatrix.write.atomic import write_atomic
    from commentmatrix.write.transaction import inside_project

    root: Path | None = None
    if out is None:
        try:
            root = find_root(project or Path.cwd())
        except ProjectNotFound as exc:
            # Without a project, the schemas can still be written where --out says.
            raise UsageError(f"{exc.where}; pass --out DIR to write the schemas elsewhere") from None
        out = root / SCHEMAS_DIR
    # The project's schemas/ (or one of its files) committed as a link must not carry a write out
    # of the project: every path is checked before the first is written. --out writes where it says.
    hint = "delete the link, or pass --out DIR to write the schemas there"
    targets = [(out / name if root is None else inside_project(root, f"{SCHEMAS_DIR}/{name}", hint), data)
               for name, data in schema_files().items()]
    for path, data in targets:
        if path.is_file() and path.read_bytes() == data:
            print(f"{_shown(path)}: up to date")
            continue
        with write_guard():
            write_atomic(path, data)
        print(f"{_shown(path)}: written")


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
