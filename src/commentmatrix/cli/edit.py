"""`cm stakeholder add/state`, `cm add`, `cm respond`, `cm show`: the secretariat's daily edits.

Every writing command runs one editing operation under the project lock (see write/transaction.locked),
and writes only if the project stays valid; the files change only on the lines the edit is about.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from commentmatrix.cli.common import (
    ProjectOption,
    app,
    display_prefix,
    open_project,
    parse_day,
    write_guard,
)
from commentmatrix.model.errors import UnknownName, UsageError
from commentmatrix.model.suggestions import did_you_mean

stakeholder_app = typer.Typer(help="Register stakeholders and record the state of their replies.", no_args_is_help=True,
                              rich_markup_mode=None)
app.add_typer(stakeholder_app, name="stakeholder")

ReplaceOption = Annotated[Optional[str], typer.Option("--replace", help="Old text of a proposed change (with --with).")]
WithOption = Annotated[Optional[str], typer.Option("--with", help="New text replacing --replace (empty to delete it).")]
InOption = Annotated[Optional[str], typer.Option("--in", help="Paragraph or section the old text is in (default: the target).")]
LangOption = Annotated[Optional[str], typer.Option("--lang", help="Language of the text (one of cm.yaml's languages).")]


def run_edit(folder: Path | None, operation: Callable[[Any], tuple[str, list]]) -> None:
    """Lock, load, edit, validate, write; report. A refused edit (exit 1 or 2) writes nothing."""
    from commentmatrix.read.loader import find_root, load_project
    from commentmatrix.write.transaction import commit, locked

    root = find_root(folder or Path.cwd())
    with write_guard(), locked(root):
        project = load_project(root)
        gc.freeze()  # as open_project does: the project lives until the command ends
        message, changes = operation(project)
        committed = commit(project, changes)
    prefix = display_prefix(root)
    written = ", ".join(_shown(c.path, prefix) for c in committed.changes) or "nothing to change"
    print(f"{message} ({written})")
    _print_diagnostics(committed.new_warnings, prefix)
    if committed.remaining:
        print(f"note: the project still has {len(committed.remaining)} error(s) this command did not cause; run cm validate",
              file=sys.stderr)


def _print_diagnostics(diagnostics: list, prefix: str, stream: Any = None) -> None:
    if not diagnostics:
        return
    from commentmatrix.render.diagnostics import format_text

    lines = format_text(diagnostics, 0, prefix).splitlines()[:-1]  # without the files-checked summary
    print("\n".join(lines), file=stream or sys.stdout)


def _shown(path: str, prefix: str) -> str:
    return f"{prefix}/{path}" if prefix else path


def _replace_edits(old: str | None, new: str | None, where: str | None, lang: str | None) -> list[dict]:
    from commentmatrix.write.project_edits import replace_edit

    if old is None and new is None:
        if where:
            raise UsageError("--in goes with --replace OLD --with NEW")
        return []
    if old is None or new is None:
        raise UsageError("--replace OLD and --with NEW go together")
    return [replace_edit(old, new, lang, where)]


# ---------------------------------------------------------------- stakeholders

@stakeholder_app.command("add")
def stakeholder_add(
    stakeholder_id: Annotated[str, typer.Argument(metavar="ID", help="Short id, e.g. lao-pdr.")],
    name: Annotated[list[str], typer.Option("--name", help="Name as published; LANG=NAME for one language (repeat for each).")],
    kind: Annotated[str, typer.Option("--kind", help="country, organization or other.")],
    contact: Annotated[Optional[str], typer.Option("--contact", help="Contact person or address.")] = None,
    project: ProjectOption = None,
) -> None:
    """Add a stakeholder to the roster in cm.yaml."""
    from commentmatrix.write.project_edits import add_stakeholder

    def operation(loaded):
        names = [_split_lang(value, loaded.languages) for value in name]
        return f"Added {stakeholder_id} to the roster", add_stakeholder(loaded, stakeholder_id, names, kind, contact)

    run_edit(project, operation)


def _split_lang(value: str, languages: list[str]) -> tuple[str | None, str]:
    lang, sep, rest = value.partition("=")
    if sep and lang in languages:
        return lang, rest
    return None, value


@stakeholder_app.command("state")
def stakeholder_state(
    stakeholder_id: Annotated[str, typer.Argument(metavar="ID")],
    state: Annotated[str, typer.Argument(metavar="STATE", help="submitted, no-comments or reviewing.")],
    received: Annotated[Optional[str], typer.Option("--received", help="When the reply arrived (YYYY-MM-DD).")] = None,
    project: ProjectOption = None,
) -> None:
    """Record where a stakeholder's reply stands (creates its comment file if needed)."""
    from commentmatrix.write.project_edits import set_state

    day = parse_day(received) if received else None
    run_edit(project, lambda loaded: (f"{stakeholder_id}: {state}", set_state(loaded, stakeholder_id, state, day)))


# ---------------------------------------------------------------- comments

@app.command()
def add(
    stakeholder: Annotated[str, typer.Argument(metavar="STAKEHOLDER", help="Roster id of who commented.")],
    target: Annotated[str, typer.Option("--target", "-t", help="Section or paragraph id, or general.")],
    text: Annotated[Optional[str], typer.Option("--text", help="What the stakeholder said.")] = None,
    lang: LangOption = None,
    topic: Annotated[Optional[str], typer.Option("--topic", help="A free word such as wording.")] = None,
    old: ReplaceOption = None,
    new: WithOption = None,
    where: InOption = None,
    comment_id: Annotated[Optional[str], typer.Option("--id", help="Id to use instead of the next one in the scheme.")] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Write the comment in $EDITOR (for long texts).")] = False,
    project: ProjectOption = None,
) -> None:
    """Add a stakeholder's comment, with the next free id (e.g. LAO-11)."""
    from commentmatrix.write.project_edits import NewComment, add_comment

    proposal = _replace_edits(old, new, where, lang)
    if edit:
        from commentmatrix.cli.editor import comment_from_editor

        loaded = open_project(project)
        new_comment = comment_from_editor(loaded, stakeholder, target, text, lang, topic, proposal, comment_id)
    elif text is None:
        raise UsageError("give the comment with --text TEXT, or write it in your editor with --edit")
    else:
        new_comment = NewComment(stakeholder, target, text, lang, topic, proposal, comment_id)

    def operation(loaded):
        added, changes = add_comment(loaded, new_comment)
        return f"Added {added}", changes

    run_edit(project, operation)


@app.command()
def respond(
    comment_id: Annotated[str, typer.Argument(metavar="COMMENT_ID")],
    decision: Annotated[str, typer.Option("--decision", "-d", help="accepted, partially, rejected or noted.")],
    note: Annotated[Optional[str], typer.Option("--note", "-n", help="The secretariat's answer, published in the matrix.")] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Language of the note; adds it beside the note's other languages.")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="Who decided.")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="When (YYYY-MM-DD); default today or $CM_TODAY.")] = None,
    take: Annotated[Optional[list[int]], typer.Option("--take", help="Apply proposed edit N (1 for the first); repeat. For partially.")] = None,
    old: ReplaceOption = None,
    new: WithOption = None,
    where: InOption = None,
    project: ProjectOption = None,
) -> None:
    """Record the secretariat's decision on a comment."""
    from commentmatrix.write.project_edits import NewResponse, record_response

    response = NewResponse(comment_id, decision, note, lang, by, parse_day(date),
                           _replace_edits(old, new, where, None), list(take or []))
    run_edit(project, lambda loaded: (f"{comment_id}: {decision}", record_response(loaded, response)))


@app.command()
def show(
    comment_id: Annotated[str, typer.Argument(metavar="COMMENT_ID")],
    project: ProjectOption = None,
) -> None:
    """A comment in context: the target's text, the proposal as a diff, the response, and its effect."""
    from commentmatrix.engine import revise
    from commentmatrix.terminal.comment import print_comment
    from commentmatrix.terminal.console import stdout_console

    loaded = open_project(project)
    ref = loaded.comments_by_id.get(comment_id)
    if ref is None:
        raise UnknownName(f"there is no comment '{comment_id}'", hint=did_you_mean(comment_id, loaded.comments_by_id))
    print_comment(stdout_console(), loaded, ref, revise(loaded))
