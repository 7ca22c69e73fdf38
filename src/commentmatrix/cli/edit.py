"""`cm stakeholder add/state`, `cm add`, `cm respond`, `cm show`: the secretariat's daily edits.

Every writing command runs one editing operation under the project lock (see write/transaction.locked),
and writes only if the project stays valid; the files change only on the lines the edit is about.
"""

from __future__ import annotations

import contextvars
import dataclasses
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from commentmatrix.cli.common import (
    ProjectOption,
    commands,
    from_here,
    open_project,
    parse_day,
    shown_path,
    split_languages,
    text_in_language,
    texts_by_language,
    write_guard,
)
from commentmatrix.cli.edit_options import (
    AfterOption,
    AtOption,
    DeleteOption,
    EditLangOption,
    EditOptions,
    InOption,
    InsertLangOption,
    InsertOption,
    NewIdOption,
    ReplaceOption,
    WithOption,
    edits_from,
)
from commentmatrix.model.collector import collector_paused
from commentmatrix.model.errors import UsageError
from commentmatrix.model.text import UNTAGGED

stakeholder_app = typer.Typer(help="Register stakeholders and record the state of their replies.", no_args_is_help=True,
                              rich_markup_mode=None)
commands.add_typer(stakeholder_app, name="stakeholder")

LangOption = Annotated[Optional[str], typer.Option("--lang", help="Language of the text (one of cm.yaml's languages).")]
RoundOption = Annotated[Optional[str], typer.Option("--round", metavar="ID", help="The round (default: the one under way).")]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Show the edits' word diff and check them; write nothing.")]
SingleLanguageOption = Annotated[bool, typer.Option("--single-language", help="The edits change some of a text's languages on purpose (the others were right already): no one-language-edit warning.")]


def run_edit(folder: Path | None, operation: Callable[[Any], tuple[str, list]], dry_run: bool = False,
             reads: list[str] | None = None) -> None:
    """Lock, load, edit, validate, write; report. A refused edit (exit 1 or 2) writes nothing, and
    a dry run only checks. An operation that `reads` only those comments (and cm.yaml and the
    drafts), and prints nothing but previews (show_preview: printed once, when it is known which
    attempt stands), is first tried on the project loaded only that far
    (write/transaction.edit_in_part); where that cannot be exact, on the whole project."""
    from commentmatrix.read.loader import find_root, load_project
    from commentmatrix.write.transaction import commit, edit_in_part, locked

    root = find_root(folder or Path.cwd())
    # The previews an operation shows are printed once, before what the edit came to (or its
    # refusal): an edit tried in part and then on the whole project makes them twice.
    shown: list[tuple[Any, Any]] = []
    token = _PREVIEWS.set(shown)
    try:
        with write_guard(), locked(root):
            done = edit_in_part(root, reads, operation, write=not dry_run) if reads else None
            if done is not None:
                message, committed = done
            else:
                shown.clear()
                with collector_paused():  # as open_project does: the project lives until the command ends
                    project = load_project(root)
                    gc.freeze()
                message, changes = operation(project)
                committed = commit(project, changes, write=not dry_run)
    finally:
        _PREVIEWS.reset(token)
        for loaded, preview in shown:
            _print_preview(loaded, preview)
        sys.stdout.flush()  # before a refusal on stderr, in a pipe too
    written = ", ".join(shown_path(root / c.path) for c in committed.changes) or "nothing to change"
    if dry_run:
        print(f"{message}: dry run, nothing written (would change {written})")
    else:
        print(f"{message} ({written})")
    for change in committed.changes:
        for note in change.notes:
            print(f"note: {shown_path(root / change.path)}: {note}")
    _print_diagnostics(from_here(root, committed.new_warnings))
    if committed.remaining:
        print(f"note: the project still has {len(committed.remaining)} error(s) this command did not cause; run cm validate",
              file=sys.stderr)


#: The previews of the edit run_edit is making, to print when it knows which attempt stands.
_PREVIEWS: contextvars.ContextVar[list[tuple[Any, Any]] | None] = contextvars.ContextVar("previews", default=None)


def show_preview(project: Any, preview: Any) -> None:
    """The word diff of what the edits change, printed before they are written (by run_edit,
    inside one)."""
    if preview is None:
        return
    pending = _PREVIEWS.get()
    if pending is None:
        _print_preview(project, preview)
    else:
        pending.append((project, preview))


def _print_preview(project: Any, preview: Any) -> None:
    from commentmatrix.terminal.comment import print_edit_preview
    from commentmatrix.terminal.console import stdout_console

    print_edit_preview(stdout_console(), project, preview.comment_id, preview.revision, preview.proposed)


def response_recorded(response: Any) -> Callable[[Any], tuple[str, list]]:
    """The operation of `cm respond` (and of each answer in `cm triage`): the response recorded,
    and its edits shown as a word diff when it has new ones."""
    from commentmatrix.write.project_edits import respond

    def operation(loaded: Any) -> tuple[str, list]:
        changes, preview = respond(loaded, response)
        if response.edits or response.take:
            show_preview(loaded, preview)
        return f"{response.comment_id}: {response.decision}", changes

    return operation


def _print_diagnostics(diagnostics: list, stream: Any = None) -> None:
    if not diagnostics:
        return
    from commentmatrix.render.diagnostics import format_text

    lines = format_text(diagnostics, 0, "").splitlines()[:-1]  # without the files-checked summary
    print("\n".join(lines), file=stream or sys.stdout)


# ---------------------------------------------------------------- stakeholders

@stakeholder_app.command("add")
def stakeholder_add(
    stakeholder_id: Annotated[str, typer.Argument(metavar="ID", help="Short id, e.g. lao-pdr.")],
    name: Annotated[list[str], typer.Option("--name", help="Name as published; LANG=NAME for one language (repeat for each).")],
    kind: Annotated[str, typer.Option("--kind", help="country, organization or other.")],
    contact: Annotated[Optional[str], typer.Option("--contact", help="Contact person or address.")] = None,
    languages: Annotated[Optional[str], typer.Option("--languages", metavar="LANGS", help="Languages of its letters, in order, comma-separated, e.g. th,en (each one of cm.yaml's; default: all of them).")] = None,
    project: ProjectOption = None,
) -> None:
    """Add a stakeholder to the roster in cm.yaml."""
    from commentmatrix.write.project_edits import add_stakeholder

    codes = split_languages(languages)
    if languages is not None and not codes:
        raise UsageError("--languages names no language: give codes such as th,en, or leave it out for all of cm.yaml's")

    def operation(loaded):
        names = texts_by_language(name, loaded.languages, "--name", "name", loaded.primary_language)
        return f"Added {stakeholder_id} to the roster", add_stakeholder(loaded, stakeholder_id, names, kind, contact, codes)

    run_edit(project, operation)


@stakeholder_app.command("state")
def stakeholder_state(
    stakeholder_id: Annotated[str, typer.Argument(metavar="ID")],
    state: Annotated[str, typer.Argument(metavar="STATE", help="submitted, no-comments or reviewing.")],
    received: Annotated[Optional[str], typer.Option("--received", help="When the reply arrived (YYYY-MM-DD).")] = None,
    round_id: RoundOption = None,
    project: ProjectOption = None,
) -> None:
    """Record where a stakeholder's reply stands in a round (creates its comment file there if needed)."""
    from commentmatrix.write.project_edits import set_state

    day = parse_day(received) if received else None
    run_edit(project, lambda loaded: (f"{stakeholder_id}: {state}", set_state(loaded, stakeholder_id, state, day, round_id)))


# ---------------------------------------------------------------- comments

@commands.command()
def add(
    stakeholder: Annotated[str, typer.Argument(metavar="STAKEHOLDER", help="Roster id of who commented.")],
    target: Annotated[str, typer.Option("--target", "-t", help="Section or paragraph id, or general.")],
    text: Annotated[Optional[list[str]], typer.Option("--text", help="What the stakeholder said; LANG=TEXT for one language (or --lang); repeat for each language.")] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Language of the comment (and of its proposed edits given no --edit-lang/--insert-lang).")] = None,
    topic: Annotated[Optional[str], typer.Option("--topic", help="A free word such as wording.")] = None,
    old: ReplaceOption = None,
    new: WithOption = None,
    where: InOption = None,
    edit_lang: EditLangOption = None,
    insert: InsertOption = None,
    after: AfterOption = None,
    at: AtOption = None,
    new_id: NewIdOption = None,
    insert_lang: InsertLangOption = None,
    delete: DeleteOption = None,
    comment_id: Annotated[Optional[str], typer.Option("--id", help="Id to use instead of the next one in the scheme.")] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Write the comment in $EDITOR (for long texts).")] = False,
    repeats: Annotated[Optional[str], typer.Option("--repeats", metavar="OLD", help="Id of an earlier round's comment this one raises again.")] = None,
    single_language: SingleLanguageOption = False,
    dry_run: DryRunOption = False,
    round_id: RoundOption = None,
    project: ProjectOption = None,
) -> None:
    """Add a stakeholder's comment to a round (default: the one under way), with the next free id
    (e.g. LAO-11); its proposed edits are shown as a word diff before it is written."""
    from dataclasses import replace

    from commentmatrix.write.project_edits import NewComment, add_previewed, text_in_languages

    options = EditOptions.of(old, new, where, edit_lang, insert, after, new_id, insert_lang, delete, at)
    if edit:
        from commentmatrix.cli.editor import comment_from_editor

        if text and len(text) > 1:
            raise UsageError("--edit starts from one --text: give the others' languages in the editor")
        loaded = open_project(project)
        proposal = edits_from(options, loaded.languages, lang)
        new_comment = comment_from_editor(loaded, stakeholder, target, text[0] if text else None, lang, topic, proposal,
                                          comment_id)
    elif not text:
        raise UsageError("give the comment with --text TEXT, or write it in your editor with --edit")
    else:
        # The proposal is read with the project's languages (--replace th=...), once it is loaded.
        new_comment = NewComment(stakeholder, target, text, lang, topic, [], comment_id)
    if single_language:
        if not (new_comment.proposal or options.proposes):
            raise UsageError("--single-language is about the proposed edits: give them (--replace, --insert, --delete) too")
        new_comment = replace(new_comment, response={**(new_comment.response or {}), "single_language": True})
    new_comment = replace(new_comment, round=round_id, repeats=repeats)
    hints: list[str] = []

    def operation(loaded):
        comment = new_comment
        if not edit:
            # --text vi=..., as --name and --note take it: the comment in vi, not "vi=...". Once per
            # language: a text in several is a mapping, a plain one in --lang's or the primary one.
            given = text or []
            said: Any
            if len(given) == 1:
                said, text_lang = text_in_language(given[0], lang, loaded.languages, "--text", "comment")
            else:
                primary = lang or loaded.primary_language
                pairs = texts_by_language(given, loaded.languages, "--text", "comment", primary)
                said, text_lang = text_in_languages(pairs, primary), None
            comment = replace(comment, text=said, lang=text_lang, proposal=edits_from(options, loaded.languages, lang))
        added, changes, preview = add_previewed(loaded, comment)
        if comment.proposal:
            show_preview(loaded, preview)
        if repeats is None:  # else the secretariat has said what it repeats
            hints[:] = _look_alike(loaded, added, comment)
        return f"Added {added}", changes

    run_edit(project, operation, dry_run)
    for line in hints:
        print(f"note: {line}")


def _look_alike(loaded: Any, comment_id: str, new_comment: Any) -> list[str]:
    """What `cm import` says of a new comment that reads like another (exchange/repeat_hints.py):
    one of the stakeholder's of an earlier round, or another stakeholder's of the same round."""
    from commentmatrix.exchange.repeat_hints import NewText, duplicate_hints, repeat_hints

    text = {new_comment.lang: new_comment.text} if new_comment.lang else new_comment.text
    news = [NewText(comment_id, new_comment.stakeholder, loaded.round(new_comment.round).id, text)]
    return [hint.line for hint in repeat_hints(loaded, news)] + [hint.line for hint in duplicate_hints(loaded, news)]


@commands.command()
def respond(
    comment_id: Annotated[str, typer.Argument(metavar="COMMENT_ID")],
    decision: Annotated[Optional[str], typer.Option("--decision", "-d", help="accepted, partially, rejected or noted.")] = None,
    note: Annotated[Optional[list[str]], typer.Option("--note", "-n", help="The secretariat's answer, published in the matrix; LANG=NOTE for one language (or --lang).")] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Language of the note; adds it beside the note's other languages (the edits' languages: --edit-lang, --insert-lang).")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="Who decided.")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="When (YYYY-MM-DD); default today or $CM_TODAY.")] = None,
    take: Annotated[Optional[list[int]], typer.Option("--take", help="Apply proposed edit N (1 for the first); repeat. For partially.")] = None,
    old: ReplaceOption = None,
    new: WithOption = None,
    where: InOption = None,
    edit_lang: EditLangOption = None,
    insert: InsertOption = None,
    after: AfterOption = None,
    at: AtOption = None,
    new_id: NewIdOption = None,
    insert_lang: InsertLangOption = None,
    delete: DeleteOption = None,
    replace_edits: Annotated[bool, typer.Option("--replace-edits", help="The edits given replace the response's edits (by default they are added to them).")] = False,
    confirm: Annotated[bool, typer.Option("--confirm", help="The decision still holds for the target's text as it is now: record that text (clears a suspect response).")] = False,
    withdrawn_too: Annotated[bool, typer.Option("--withdrawn-too", help="Answer a comment its stakeholder withdrew (refused otherwise: it needs no decision, and one would apply its edits).")] = False,
    single_language: SingleLanguageOption = False,
    dry_run: DryRunOption = False,
    round_id: RoundOption = None,
    project: ProjectOption = None,
) -> None:
    """Record the secretariat's decision on a comment (in whichever round it is), or confirm one.
    Edits given are added to the response's edits, shown as a word diff, then written."""
    from commentmatrix.write.project_edits import NewResponse, confirm_response, find_comment, stale_notes

    options = EditOptions.of(old, new, where, edit_lang, insert, after, new_id, insert_lang, delete, at)
    if note and len(note) > 1:
        # Typer kept the last of several and the others were lost without a word.
        raise UsageError(f"--note is given {len(note)} times: one note per command",
                         hint="give each language's note in a command of its own: "
                              f"cm respond {comment_id} --decision {decision or 'D'} --note ... --lang L")
    if confirm:
        if any(v is not None for v in (decision, note, lang, by, date)) or options.given or take or single_language \
                or replace_edits or dry_run or withdrawn_too:
            raise UsageError("--confirm records the text the decision stands on, and nothing else: give it alone")
        run_edit(project, lambda loaded: (f"{comment_id}: confirmed", confirm_response(loaded, comment_id, round_id)),
                 reads=[comment_id])
        return
    if decision is None:
        raise UsageError("give the decision with --decision, or confirm a decision with --confirm")
    if replace_edits and not options.proposes and not take:
        raise UsageError("--replace-edits sets the response's edits anew: give them (--replace, --insert, --delete or --take)")
    given = NewResponse(comment_id, decision, note[0] if note else None, lang, by, parse_day(date), [], list(take or []),
                        single_language, replace_edits, withdrawn_too)
    stale: dict[str, str] = {}

    def operation(loaded):
        # The edits (--replace th=...) and the note (--note en=Accepted, as --name takes it) are
        # read with the project's languages: the text in that language, not "en=Accepted".
        edits = edits_from(options, loaded.languages)
        find_comment(loaded, comment_id, round_id)
        said, note_lang = text_in_language(given.note, given.lang, loaded.languages, "--note", "note")
        response = dataclasses.replace(given, note=said, lang=note_lang, edits=edits)
        stale.update(stale_notes(loaded, response))
        return response_recorded(response)(loaded)

    # It reads the comment alone: its edits' preview is of them alone on the draft, and the
    # check of what they do beside the others' edits is the quick check's (quick_edits.py).
    run_edit(project, operation, dry_run, reads=[comment_id])
    for other, text in stale.items():
        shown = text if len(text) <= 40 else text[:39] + "…"
        which, option = ("", "") if other == UNTAGGED else (f"'s {other} text", f" --lang {other}")
        print(f"note: the note{which} (“{shown}”) was written for the decision before; say it anew: "
              f"cm respond {comment_id} --decision {decision} --note ...{option}", file=sys.stderr)


@commands.command()
def show(
    comment_id: Annotated[str, typer.Argument(metavar="COMMENT_ID")],
    round_id: RoundOption = None,
    project: ProjectOption = None,
) -> None:
    """A comment in context, against the draft of its own round: the target's text, the proposal as
    a diff, the response, and its effect."""
    from commentmatrix.engine import revise
    from commentmatrix.terminal.comment import print_comment
    from commentmatrix.terminal.console import stdout_console
    from commentmatrix.write.project_edits import find_comment

    loaded = open_project(project)
    ref = find_comment(loaded, comment_id, round_id)
    print_comment(stdout_console(), loaded, ref, revise(loaded, loaded.draft_id_of(ref.source)))


# ---------------------------------------------------------------- the stakeholder's own acts on its comments

@commands.command()
def withdraw(
    comment_ids: Annotated[list[str], typer.Argument(metavar="COMMENT_ID...", help="The comments the stakeholder withdrew.")],
    date: Annotated[Optional[str], typer.Option("--date", help="When (YYYY-MM-DD); default today or $CM_TODAY.")] = None,
    undo: Annotated[bool, typer.Option("--undo", help="The comments are not withdrawn after all: remove `withdrawn:`.")] = False,
    project: ProjectOption = None,
) -> None:
    """Record that the stakeholder withdrew comments: they need no decision (a decision already made stands)."""
    from commentmatrix.write.project_edits import set_withdrawn

    if undo and date is not None:
        raise UsageError("--undo removes the withdrawal; it takes no --date")
    day = None if undo else parse_day(date)
    shown = ", ".join(comment_ids)
    run_edit(project, lambda loaded: (f"{shown}: {'no longer withdrawn' if undo else f'withdrawn {day}'}",
                                      set_withdrawn(loaded, comment_ids, day)))


@commands.command("repeats")
def repeats_command(
    comment_id: Annotated[str, typer.Argument(metavar="NEW", help="The later comment.")],
    earlier: Annotated[Optional[str], typer.Argument(metavar="OLD", help="The earlier round's comment it raises again.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="It repeats no earlier comment: remove `repeats:`.")] = False,
    project: ProjectOption = None,
) -> None:
    """Record that a comment raises again a comment of an earlier round."""
    from commentmatrix.write.project_edits import set_repeats

    if clear == (earlier is not None):
        raise UsageError("give the earlier comment (cm repeats NEW OLD), or --clear alone")
    run_edit(project, lambda loaded: (f"{comment_id}: {f'repeats {earlier}' if earlier else 'repeats nothing'}",
                                      set_repeats(loaded, comment_id, earlier)))


# ---------------------------------------------------------------- the stakeholder's answer to the responses

@stakeholder_app.command("ack")
def stakeholder_ack(
    stakeholder_id: Annotated[str, typer.Argument(metavar="ID")],
    agree: Annotated[bool, typer.Option("--agree", help="The stakeholder accepts the responses (with --comment: withdraws its objection).")] = False,
    object_: Annotated[bool, typer.Option("--object", help="The stakeholder objects to the responses (with --comment: to those comments').")] = False,
    note: Annotated[Optional[str], typer.Option("--note", "-n", help="What the stakeholder said; LANG=NOTE for one language (or --lang).")] = None,
    lang: LangOption = None,
    date: Annotated[Optional[str], typer.Option("--date", help="When (YYYY-MM-DD); default today or $CM_TODAY.")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="Who answered for the stakeholder.")] = None,
    comment_ids: Annotated[Optional[list[str]], typer.Option("--comment", metavar="COMMENT_ID", help="Only the response to this comment; repeat.")] = None,
    round_id: RoundOption = None,
    project: ProjectOption = None,
) -> None:
    """Record a stakeholder's answer to the responses of a round (default: the one under way), or an objection to single responses."""
    from commentmatrix.write.acks import Answer, acknowledge, object_to

    if agree == object_:
        raise UsageError("say what the stakeholder answered: --agree or --object")
    day = parse_day(date)
    if comment_ids:
        if by is not None:
            raise UsageError("--by goes with the answer to the whole round, not with --comment")
        if agree and (note is not None or lang is not None or date is not None):
            raise UsageError("--agree with --comment removes the objection; it takes no --note, --lang or --date")
        shown = ", ".join(comment_ids)
        run_edit(project, lambda loaded: (f"{stakeholder_id}: {'no objection to' if agree else 'objects to'} {shown}",
                                          object_to(loaded, stakeholder_id, comment_ids, None if agree else day,
                                                    *text_in_language(note, lang, loaded.languages, "--note", "note"), round_id)))
        return
    run_edit(project, lambda loaded: (f"{stakeholder_id}: {'agrees with' if agree else 'objects to'} the responses "
                                      f"of round {loaded.round(round_id).id}",
                                      acknowledge(loaded, Answer(stakeholder_id, "agree" if agree else "object", day,
                                                                 *text_in_language(note, lang, loaded.languages, "--note", "note"), by, round_id))))
