"""`cm render draft`: the revised framework as DOCX (tracked or clean), Markdown or a new draft YAML."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from commentmatrix.cli.common import (
    ProjectOption,
    fail_usage,
    open_project,
    output_path,
    render_app,
    split_languages,
    stop_unless_valid,
    write_output,
)
from commentmatrix.cli.common import (
    output_format as output_format_of,
)


class Changes(str, Enum):
    tracked = "tracked"
    clean = "clean"


class DraftFormat(str, Enum):
    docx = "docx"
    md = "md"
    yaml = "yaml"


class Layout(str, Enum):
    sequential = "sequential"
    side_by_side = "side-by-side"


FORMAT_OF_SUFFIX = {".docx": "docx", ".md": "md", ".markdown": "md", ".yaml": "yaml", ".yml": "yaml"}


@render_app.command("draft")
def draft(
    project: ProjectOption = None,
    changes: Annotated[Optional[Changes], typer.Option("--changes", help="tracked: every change a Word tracked change (Markdown: the diff view); clean: the revised text. Default: tracked for docx, clean for md.")] = None,
    output_format: Annotated[Optional[DraftFormat], typer.Option("--format", "-f", help="docx, md, or yaml (a new draft file for the next round). Default: from -o's suffix, else docx.")] = None,
    lang: Annotated[Optional[list[str]], typer.Option("--lang", metavar="CODES", help="Languages to show, in order, comma-separated (default: the project's). Not for yaml, which keeps them all.")] = None,
    layout: Annotated[Layout, typer.Option("--layout", help="sequential: each language in turn per paragraph; side-by-side: a table per section, one column per language.")] = Layout.sequential,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Where to write (default: build/<draft-id>-revised.<format>).", dir_okay=False)] = None,
    new_id: Annotated[Optional[str], typer.Option("--id", help="yaml: the id of the new draft (required).")] = None,
    new_version: Annotated[Optional[str], typer.Option("--version", help="yaml: the version label of the new draft (required).")] = None,
    diff: Annotated[bool, typer.Option("--diff", help="Same as --changes tracked: for Markdown, the diff view for pull requests.")] = False,
) -> None:
    """The revised draft: every accepted and partially accepted edit applied, attributed to its comment."""
    from commentmatrix.terminal.progress import activity

    with activity() as shown:
        _render_draft(project, changes, output_format, lang, layout, output, new_id, new_version, diff, shown)


def _render_draft(project, changes, output_format, lang, layout, output, new_id, new_version, diff, shown) -> None:
    from commentmatrix.engine import revise
    from commentmatrix.render.draft import DraftRequest, output_name, render_draft
    from commentmatrix.render.templating import TemplateProblem
    from commentmatrix.render.zipstamp import source_date_epoch

    fmt = output_format_of(output_format.value if output_format else None, output, FORMAT_OF_SUFFIX, "docx|md|yaml")
    loaded = open_project(project, shown)
    tracked = _tracked(changes, diff, fmt)
    languages = _languages(lang, loaded.languages, fmt)
    _check_yaml_options(fmt, new_id, new_version, layout, loaded)
    revision = revise(loaded)
    stop_unless_valid(loaded, "fix these problems first: the revised draft must show every decided edit",
                      also=revision is not None, shown=shown)
    target = output_path(loaded, output, output_name(revision.draft.id, fmt))
    stamp = source_date_epoch()
    request = DraftRequest(fmt, tracked, tuple(languages), layout.value, new_id, new_version,
                           stamp.replace(tzinfo=None) if stamp else None)
    shown.step(f"Rendering the revised draft ({fmt})")
    try:
        data = render_draft(loaded, revision, request)
    except TemplateProblem as exc:
        shown.close()
        print(f"cm: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    write_output(target, data, shown)


def _tracked(changes: Changes | None, diff: bool, fmt: str) -> bool:
    if diff and changes is Changes.clean:
        raise fail_usage("--diff shows the changes; it cannot go with --changes clean")
    if fmt == "yaml":
        if diff or changes is Changes.tracked:
            raise fail_usage("a yaml draft holds the revised text only; leave out --changes tracked and --diff")
        return False
    if diff:
        return True
    return (changes or (Changes.tracked if fmt == "docx" else Changes.clean)) is Changes.tracked


def _languages(values: list[str] | None, known: list[str], fmt: str) -> list[str]:
    wanted = split_languages(values)
    if wanted and fmt == "yaml":
        raise fail_usage("a yaml draft keeps every language; leave out --lang")
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise fail_usage(f"language '{unknown[0]}' is not in cm.yaml's languages ({', '.join(known)})")
    return list(wanted) or known


def _check_yaml_options(fmt: str, new_id: str | None, new_version: str | None, layout: Layout, loaded) -> None:
    from commentmatrix.model.format import ID_FORMAT

    if fmt != "yaml":
        if new_id or new_version:
            raise fail_usage("--id and --version name a new draft: use them with --format yaml")
        return
    if not new_id or not new_version:
        raise fail_usage("--format yaml writes the next round's draft: give it --id NEW-ID and --version LABEL")
    if layout is not Layout.sequential:
        raise fail_usage("--layout is for docx and md; a yaml draft has no layout")
    if not ID_FORMAT.fullmatch(new_id):
        raise fail_usage(f"'{new_id}' is not an id: use ASCII letters, digits, '.', '-' and '_'")
    if new_id in loaded.drafts_by_id:
        raise fail_usage(f"draft id '{new_id}' is already used by {loaded.drafts_by_id[new_id].path}; give the new draft an id of its own")
