"""`cm triage`: walk the open comments and record a decision for each, one prompt at a time.

Each decision is written as soon as it is given (under the project lock, validated like
`cm respond`), so quitting at any point keeps everything recorded; running it again resumes
with the comments still open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from commentmatrix.cli.common import (
    ProjectOption,
    commands,
    open_project,
    parse_day,
)
from commentmatrix.model.errors import UnknownName

if TYPE_CHECKING:
    from commentmatrix.model.project import Project

_KEYS = {"a": "accepted", "p": "partially", "r": "rejected", "n": "noted"}
_PROMPT = "Decision: [a]ccepted [p]artially [r]ejected [n]oted, [e]dit of your own, [s]kip, [q]uit"


@commands.command()
def triage(
    stakeholder: Annotated[Optional[str], typer.Option("--stakeholder", "-s", help="Only this stakeholder's comments.")] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Language the notes are written in.")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="Who decides (recorded on each response).")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="Date of the decisions (YYYY-MM-DD); default today or $CM_TODAY.")] = None,
    round_id: Annotated[Optional[str], typer.Option("--round", metavar="ID", help="The round whose comments to walk (default: the one under way).")] = None,
    project: ProjectOption = None,
) -> None:
    """Walk the open comments of a round one by one and record a decision and note for each
    (withdrawn comments need none)."""
    from commentmatrix.cli.common import print_refusal
    from commentmatrix.cli.edit import response_recorded, run_edit
    from commentmatrix.engine import revise
    from commentmatrix.model.errors import Refusal
    from commentmatrix.tally import OPEN, outcome_of
    from commentmatrix.terminal.comment import print_comment
    from commentmatrix.terminal.console import stdout_console
    from commentmatrix.write.project_edits import NewResponse

    day = parse_day(date)
    loaded = open_project(project)
    if stakeholder and stakeholder not in loaded.stakeholders_by_id:
        raise UnknownName(f"'{stakeholder}' is not in the roster; known: {', '.join(loaded.stakeholders_by_id)}")
    chosen = loaded.round(round_id).id
    waiting = _open_ids(loaded, chosen, stakeholder)
    console = stdout_console()
    recorded = 0
    for number, comment_id in enumerate(waiting, 1):
        loaded = open_project(project)  # another process may have written since
        ref = loaded.comments_by_id.get(comment_id)
        if ref is None or outcome_of(ref.comment, loaded) != OPEN:
            continue
        console.rule(f"{number} of {len(waiting)}")
        print_comment(console, loaded, ref, revise(loaded, loaded.draft_id_of(ref.source)))
        answer = _ask_decision(len(ref.comment.proposal or []), loaded.languages)
        if answer is None:
            break
        if not answer:
            continue
        decision, take, edits = answer
        note = _ask("Note (Enter for none)")
        if note is None:
            break
        response = NewResponse(comment_id, decision, note or None, lang, by, day, edits, take)
        try:
            run_edit(project, response_recorded(response))
        except Refusal as exc:
            # A refused answer leaves that comment open; the walk goes on to the next one.
            print_refusal(exc)
            continue
        recorded += 1
    still_open = len(_open_ids(open_project(project), chosen, stakeholder))
    print(f"Recorded {recorded} decision(s); {still_open} comment(s) still open.")


def _open_ids(loaded: Project, round_id: str, stakeholder: str | None) -> list[str]:
    """The open comments of a round (neither decided nor withdrawn), of one stakeholder or all."""
    from commentmatrix.tally import OPEN, outcome_of

    return [ref.id for ref in loaded.comments_in(round_id)
            if outcome_of(ref.comment, loaded) == OPEN and (stakeholder is None or ref.stakeholder == stakeholder)]


def _ask(text: str) -> str | None:
    """A line from the user; None at end of input or Ctrl-C (both mean: stop here)."""
    try:
        return typer.prompt(text, default="", show_default=False).strip()
    except typer.Abort:
        return None


def _ask_decision(proposed: int, languages: list[str]) -> tuple[str, list[int], list[dict]] | tuple[()] | None:
    """(decision, proposed edits taken, the secretariat's own edits), () to skip, None to quit."""
    own: list[dict] = []
    while True:
        key = _ask(_PROMPT)
        if key is None or key.lower() in ("q", "quit"):
            return None
        key = key.lower()[:1]
        if key == "s":
            return ()
        if key == "e":
            edit = _ask_own_edit(languages)
            if edit is None:
                return None
            if edit:
                own.append(edit)
                print(f"{len(own)} edit(s) of your own so far; now the decision (a or p applies them).")
            continue
        if key not in _KEYS:
            print("Type a, p, r or n for a decision, e for an edit of your own, s to skip, q to quit.")
            continue
        if key != "p":
            return _KEYS[key], [], own
        if not proposed:
            if own:
                return "partially", [], own
            print("This comment proposes no edit to take part of; give the part that applies with e "
                  "(an edit of your own), or choose another decision.")
            continue
        take = _ask_numbers(proposed)
        if take is None:
            return None
        if take or own:
            return "partially", take, own


def _ask_own_edit(languages: list[str]) -> dict | None:
    """A replace typed at the prompt: {} to go back, None to quit."""
    from commentmatrix.write.project_edits import replace_edit

    old = _ask("Replace (the old text, exactly as in the draft; Enter to go back)")
    if not old:
        return None if old is None else {}
    new = _ask("With (the new text; Enter to delete the old text)")
    if new is None:
        return None
    while True:
        lang = _ask(f"Language of the text ({', '.join(languages)}; Enter for whichever has it)")
        if lang is None:
            return None
        if not lang or lang in languages:
            return replace_edit(old, new, lang or None)
        print(f"'{lang}' is not one of the project's languages: {', '.join(languages)}.")


def _ask_numbers(proposed: int) -> list[int] | None:
    while True:
        answer = _ask(f"Which proposed edits apply? Numbers 1-{proposed}, e.g. 1 3 (Enter to go back)")
        if answer is None:
            return None
        if not answer:
            return []
        try:
            numbers = [int(part) for part in answer.replace(",", " ").split()]
        except ValueError:
            numbers = []
        if numbers and all(1 <= n <= proposed for n in numbers):
            return sorted(set(numbers))
        print(f"Give numbers between 1 and {proposed}.")
