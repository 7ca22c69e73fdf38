"""`cm round start`, `cm round list`: the rounds of a consultation."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Optional

import typer

from commentmatrix.cli.common import (
    ProjectOption,
    commands,
    open_project,
    parse_day,
    shown_path,
    texts_by_language,
    write_guard,
)

round_app = typer.Typer(help="The consultation's rounds: start the next one, list them.", no_args_is_help=True,
                        rich_markup_mode=None)
commands.add_typer(round_app, name="round")


@round_app.command("start")
def start(
    round_id: Annotated[str, typer.Argument(metavar="ID", help='Id of the new round, also its comments folder (comments/ID/), e.g. "2".')],
    version: Annotated[str, typer.Option("--version", metavar="V", help="Version label of the new draft, e.g. 2017-10.")],
    title: Annotated[Optional[list[str]], typer.Option("--title", help="What the round is, e.g. Second consultation; LANG=TITLE for one language (repeat for each).")] = None,
    opened: Annotated[Optional[str], typer.Option("--opened", help="When the new draft goes out (YYYY-MM-DD); default today.")] = None,
    deadline: Annotated[Optional[str], typer.Option("--deadline", help="Last day for comments in the new round (YYYY-MM-DD).")] = None,
    draft_id: Annotated[Optional[str], typer.Option("--draft-id", metavar="NEW-ID", help="Id of the new draft (default: the current one's with the new version).")] = None,
    source: Annotated[Optional[Path], typer.Option("--from", metavar="FILE.docx", help="Take the new draft from a Word version of the current one (ids kept, as cm import draft --from-draft) instead of the revised text.", dir_okay=False)] = None,
    allow_open: Annotated[bool, typer.Option("--allow-open", help="Start even though comments of the current round are still open.")] = False,
    today: Annotated[Optional[str], typer.Option("--today", help="The day the current round closes (YYYY-MM-DD); default today or $CM_TODAY.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Check and say what would be written; write nothing.")] = False,
    project: ProjectOption = None,
) -> None:
    """Close the current round and start the next: its draft is the current round's revised text
    (or a Word version, with --from), registered in cm.yaml; every stakeholder starts pending."""
    from commentmatrix.read.loader import find_root, load_project
    from commentmatrix.rules import check_project
    from commentmatrix.write.project_edits import text_in_languages
    from commentmatrix.write.round_start import RoundStart, check_start, start_round
    from commentmatrix.write.transaction import commit, locked

    day = parse_day(today)
    request = RoundStart(round_id, version, day, draft_id, None, parse_day(opened) if opened else None,
                         parse_day(deadline) if deadline else None, allow_open)
    root = find_root(project or Path.cwd())
    with write_guard(), locked(root):
        loaded = load_project(root)
        if title:
            # --title vi=... --title th=..., as --name takes it: the round's title in vi and th.
            titles = texts_by_language(title, loaded.languages, "--title", "title", loaded.primary_language)
            request = dataclasses.replace(request, title=text_in_languages(titles, loaded.primary_language))
        new_id = check_start(loaded, request, [d for d in check_project(loaded) if d.is_error])
        report: list[str] = []
        next_draft = _from_word(loaded, source, new_id, version, report) if source else _revised(loaded, new_id, version)
        changes = start_round(loaded, request, new_id, next_draft)
        commit(loaded, changes, write=not dry_run)
    for line in report:
        print(line)
    old = loaded.round(None)
    verb = "Would write" if dry_run else "Wrote"
    made = "from " + source.name if source else f"the revised text of draft {old.draft}"
    print(f"{verb} {shown_path(root / next_draft.change.path)}: draft {new_id}, version {version}, {made} "
          f"({next_draft.changed} paragraph{'s' if next_draft.changed != 1 else ''} changed)")
    print(f"{'Would change' if dry_run else 'Changed'} {shown_path(root / 'cm.yaml')}: round {old.id} closed {day.isoformat()}; "
          f"round {round_id} opened on draft {new_id}")
    stakeholders = len(loaded.stakeholders_by_id)
    print(f"Round {round_id}: {stakeholders} stakeholder{'s' if stakeholders != 1 else ''} pending; "
          f"their comment files go in comments/{round_id}/")
    if dry_run:
        print("(dry run: nothing written)")
    else:
        print("Next: cm export review-copy, and send it to the stakeholders.")


def _revised(loaded, new_id: str, version: str):
    """The current round's revised text as the new draft, written as `cm render draft --format yaml` writes it."""
    from commentmatrix.engine import revise
    from commentmatrix.model.project import DRAFTS_DIR
    from commentmatrix.render.documents import DraftRequest, render_document
    from commentmatrix.write.round_start import NextDraft, changed_paragraphs
    from commentmatrix.write.transaction import FileChange

    revision = revise(loaded)
    if revision is None:
        raise AssertionError("check_start refuses a project whose draft did not load")
    data = render_document(loaded, DraftRequest("yaml", False, tuple(loaded.languages), "sequential", new_id, version))
    return NextDraft(FileChange(f"{DRAFTS_DIR}/{new_id}.yaml", None, data), changed_paragraphs(revision))


def _from_word(loaded, source: Path, new_id: str, version: str, report: list[str]):
    """A Word version of the current draft, read by `cm import draft`'s core: every section and
    paragraph still there keeps its id. What `cm import draft --from-draft` reports of it goes
    into `report`: what did not fit (tracked changes read as accepted, Word comments left out, a
    paragraph without its translation) and each paragraph edited, moved, new or removed."""
    from commentmatrix.exchange.draft_ids import latin_language
    from commentmatrix.exchange.draft_import import draft_change, import_draft
    from commentmatrix.exchange.draft_versions import follow_draft
    from commentmatrix.exchange.word_structure import read_word
    from commentmatrix.model.errors import noted
    from commentmatrix.views.review_marks import names_for
    from commentmatrix.write.round_start import NextDraft

    current = loaded.current_draft
    if current is None:
        raise AssertionError("check_start refuses a project whose draft did not load")
    with noted("nothing was written"):
        result = import_draft(read_word(source), new_id, version, None, latin_language(loaded.languages),
                              names_for(current.draft, loaded.languages))
        versions = follow_draft(result, current.draft)
        change = draft_change(loaded, result, source)
    from commentmatrix.model.inert import one_line

    report.extend(f"note: {one_line(note)}" for note in result.notes)
    report.extend(one_line(line) for line in versions.lines)
    report.append(f"note: {one_line(versions.summary(current.draft.id))}")
    counts = versions.counts
    return NextDraft(change, counts["edited"] + counts["moved"] + counts["new"] + counts["removed"])


@round_app.command("list")
def list_rounds(project: ProjectOption = None) -> None:
    """The rounds, oldest first: draft, dates, comments, and which is under way."""
    from commentmatrix.model.inert import one_line

    loaded = open_project(project)
    current = loaded.round(None).id
    rows = [("", "round", "draft", "opened", "deadline", "closed", "comments")]
    for found in loaded.rounds:
        dates = [d.isoformat() if d else "-" for d in (found.opened, found.deadline, found.closed)]
        rows.append(("*" if found.id == current else "", found.id, found.draft, *dates,
                     str(sum(1 for _ in loaded.comments_in(found.id)))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(one_line("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()))
    print(f"* the round under way ({current})")
