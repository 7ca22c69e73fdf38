"""`cm render draft`: the revised framework as DOCX or PDF (tracked or clean), Markdown or a new draft YAML."""

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
    render_app,
    require_valid,
    write_output,
)
from commentmatrix.model.errors import UsageError


class Changes(str, Enum):
    tracked = "tracked"
    clean = "clean"


class DraftFormat(str, Enum):
    docx = "docx"
    md = "md"
    yaml = "yaml"
    pdf = "pdf"


class Layout(str, Enum):
    sequential = "sequential"
    side_by_side = "side-by-side"


FORMAT_OF_SUFFIX = {".docx": "docx", ".md": "md", ".markdown": "md", ".yaml": "yaml", ".yml": "yaml", ".pdf": "pdf"}


@render_app.command("draft")
def draft(
    project: ProjectOption = None,
    changes: Annotated[Optional[Changes], typer.Option("--changes", help="tracked: every change a Word tracked change (Markdown: the diff view); clean: the revised text. Default: tracked for docx and pdf, clean for md.")] = None,
    fmt: Annotated[Optional[DraftFormat], typer.Option("--format", "-f", help="docx, md, yaml (a new draft file for the next round) or pdf (the DOCX printed by LibreOffice, which must be installed). Default: from -o's suffix, else docx.")] = None,
    lang: Annotated[Optional[list[str]], typer.Option("--lang", metavar="CODES", help="Languages to show, in order, comma-separated (default: the project's). Not for yaml, which keeps them all.")] = None,
    layout: Annotated[Layout, typer.Option("--layout", help="sequential: each language in turn per paragraph; side-by-side: a table per section, one column per language.")] = Layout.sequential,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Where to write (default: build/<draft-id>-revised.<format>).", dir_okay=False)] = None,
    new_id: Annotated[Optional[str], typer.Option("--id", help="yaml: the id of the new draft (required).")] = None,
    new_version: Annotated[Optional[str], typer.Option("--version", help="yaml: the version label of the new draft (required).")] = None,
    diff: Annotated[bool, typer.Option("--diff", help="Same as --changes tracked: for Markdown, the diff view for pull requests.")] = False,
    round_id: Annotated[Optional[str], typer.Option("--round", metavar="ID", help="The round whose draft is revised, by that round's comments. Default: the current round.")] = None,
    audience: Annotated[Audience, typer.Option("--audience", help=AUDIENCE_HELP)] = Audience.public,
) -> None:
    """The revised draft: every accepted and partially accepted edit applied, attributed to its comment."""
    from commentmatrix.engine import revise
    from commentmatrix.render.documents import (
        DraftRequest,
        draft_output_name,
        render_document,
    )
    from commentmatrix.render.zipstamp import source_date_epoch
    from commentmatrix.terminal.progress import activity

    chosen = output_format(fmt.value if fmt else None, output, FORMAT_OF_SUFFIX, "docx|md|yaml|pdf")
    tracked = _tracked(changes, diff, chosen)
    with activity() as shown:
        loaded = open_project(project, shown)
        languages = _languages(loaded, lang, chosen)
        _check_yaml_options(chosen, new_id, new_version, layout, loaded)
        # An unknown round stops here, naming the closest; a project whose cm.yaml did not load is refused below.
        draft_id = loaded.round(round_id).draft if loaded.config is not None else None
        revision = revise(loaded, draft_id)
        require_valid(loaded, "fix these problems first: the revised draft must show every decided edit",
                      loaded_whole=revision is not None, shown=shown)
        if revision is None:
            raise AssertionError("require_valid refuses a project whose draft did not load")
        target = output_path(loaded, output, draft_output_name(revision.draft.id, chosen))
        stamp = source_date_epoch()
        request = DraftRequest(chosen, tracked, languages, layout.value, new_id, new_version,
                               stamp.replace(tzinfo=None) if stamp else None, round=round_id, audience=audience.value)
        shown.step(f"Rendering the revised draft ({chosen})")
        write_output(target, render_document(loaded, request), shown)


def _tracked(changes: Changes | None, diff: bool, fmt: str) -> bool:
    if diff and changes is Changes.clean:
        raise UsageError("--diff shows the changes; it cannot go with --changes clean")
    if fmt == "yaml":
        if diff or changes is Changes.tracked:
            raise UsageError("a yaml draft holds the revised text only; leave out --changes tracked and --diff")
        return False
    if diff:
        return True
    return (changes or (Changes.tracked if fmt in ("docx", "pdf") else Changes.clean)) is Changes.tracked


def _languages(loaded, values: list[str] | None, fmt: str) -> tuple[str, ...]:
    if values and fmt == "yaml":
        raise UsageError("a yaml draft keeps every language; leave out --lang")
    return chosen_languages(loaded, values)


def _check_yaml_options(fmt: str, new_id: str | None, new_version: str | None, layout: Layout, loaded) -> None:
    from commentmatrix.model.format import ID_FORMAT

    if fmt != "yaml":
        if new_id or new_version:
            raise UsageError("--id and --version name a new draft: use them with --format yaml")
        return
    if not new_id or not new_version:
        raise UsageError("--format yaml writes the next round's draft: give it --id NEW-ID and --version LABEL")
    if layout is not Layout.sequential:
        raise UsageError("--layout is for docx, pdf and md; a yaml draft has no layout")
    if not ID_FORMAT.fullmatch(new_id):
        raise UsageError(f"'{new_id}' is not an id: use ASCII letters, digits, '.', '-' and '_'")
    if new_id in loaded.drafts_by_id:
        raise UsageError(f"draft id '{new_id}' is already used by {loaded.drafts_by_id[new_id].path}; give the new draft an id of its own")
