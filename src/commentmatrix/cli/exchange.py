"""`cm export review-copy`, `cm import docx`, `cm import table`: Word and spreadsheets in and out.

Stakeholders do not write YAML: they get a review copy in Word and send it back with comments
and tracked changes, or fill a table. The imports write through the editing layer (validated,
atomic, under the project lock, which is taken only for the check and the write), so an import
that would break the project writes nothing.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from commentmatrix.cli.common import (
    ProjectOption,
    chosen_languages,
    commands,
    open_project,
    output_format,
    output_path,
    require_valid,
    shown_path,
    write_guard,
    write_output,
)
from commentmatrix.model.errors import Refusal, UnknownName, UsageError

export_app = typer.Typer(name="export", help="Documents for stakeholders: the review copy of the draft.",
                         no_args_is_help=True, rich_markup_mode=None)
import_app = typer.Typer(name="import", help="Read stakeholders' replies: a reviewed Word copy, or a table of comments.",
                         no_args_is_help=True, rich_markup_mode=None)
commands.add_typer(export_app, name="export")
commands.add_typer(import_app, name="import")


class CopyFormat(str, Enum):
    docx = "docx"
    pdf = "pdf"


COPY_SUFFIXES = {".docx": "docx", ".pdf": "pdf"}


class LineNumbers(str, Enum):
    continuous = "continuous"
    per_page = "per-page"
    none = "none"


@export_app.command("review-copy")
def review_copy(
    project: ProjectOption = None,
    lang: Annotated[Optional[list[str]], typer.Option("--lang", metavar="CODES", help="Languages to show, in order, comma-separated (default: the project's).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Where to write (default: build/<draft-id>-review-copy.<format>).", dir_okay=False)] = None,
    fmt: Annotated[Optional[CopyFormat], typer.Option("--format", "-f", help="docx (to comment on, and send back), or pdf (to read and print: the DOCX printed by LibreOffice, which must be installed). Default: from -o's suffix, else docx.")] = None,
    comments_table: Annotated[bool, typer.Option("--comments-table/--no-comments-table", help="End with a table to fill: section, paragraph, comment, proposed change.")] = True,
    line_numbers: Annotated[LineNumbers, typer.Option("--line-numbers", help="Number the draft's lines in the margin for reviewers to cite: continuous (ISO's way), per-page (restarting on each page, cited with the page), or none.")] = LineNumbers.continuous,
    round_id: Annotated[Optional[str], typer.Option("--round", metavar="ID", help="The round whose draft to send (default: the current one).")] = None,
    changes_since: Annotated[Optional[str], typer.Option("--changes-since", metavar="ROUND", help="Show what changed since that earlier round's draft, as tracked changes credited to the comments that caused them.")] = None,
) -> None:
    """The draft of a round as a Word document to send for review: numbered sections, invisible
    paragraph ids, a note on how to comment, Track Changes on."""
    from commentmatrix.render.documents import ReviewCopyRequest, render_document
    from commentmatrix.render.docx.review_copy import output_name
    from commentmatrix.render.zipstamp import source_date_epoch
    from commentmatrix.terminal.progress import activity

    chosen_format = output_format(fmt.value if fmt else None, output, COPY_SUFFIXES, "docx|pdf")
    with activity() as shown:
        loaded = open_project(project, shown)
        languages = chosen_languages(loaded, lang)
        chosen = loaded.round(round_id)
        if changes_since is not None:
            loaded.round(changes_since)
        draft = loaded.drafts_by_id.get(chosen.draft)
        require_valid(loaded, "fix these problems first: the review copy shows the draft under consultation",
                      loaded_whole=draft is not None, shown=shown)
        target = output_path(loaded, output, output_name(chosen.draft, chosen_format))
        stamp = source_date_epoch()
        request = ReviewCopyRequest(languages, comments_table, stamp.replace(tzinfo=None) if stamp else None,
                                    chosen.id, changes_since, format=chosen_format,
                                    line_numbers=None if line_numbers is LineNumbers.none else line_numbers.value)
        write_output(target, render_document(loaded, request), shown)


StakeholderOption = Annotated[Optional[str], typer.Option("--stakeholder", "-s", metavar="ID", help="Roster id of the stakeholder the comments are from.")]
ImportRoundOption = Annotated[Optional[str], typer.Option("--round", metavar="ID", help="The round the comments belong to (default: the current one; a review copy's is the round of the draft it shows).")]
DryRunOption = Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would be added; write nothing.")]


@import_app.command("docx")
def import_docx(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The reviewed copy (.docx) the stakeholder sent back.", dir_okay=False)],
    stakeholder: StakeholderOption = None,
    round_id: ImportRoundOption = None,
    dry_run: DryRunOption = False,
    project: ProjectOption = None,
) -> None:
    """A reviewed Word copy into comments: each Word comment, each tracked change (as a proposal
    the edit engine can apply) and each filled row of the comments table, in the round whose
    draft the copy shows. Importing the same file again adds nothing twice."""
    if not stakeholder:
        raise UsageError("say whose comments these are with --stakeholder ID")

    def plan(loaded):
        from commentmatrix.exchange.review_import import plan_review
        from commentmatrix.exchange.reviewed_docx import read_review

        return plan_review(loaded, read_review(path), stakeholder, round_id)

    _run_import(project, plan, stakeholder, dry_run)


@import_app.command("table")
def import_table(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="A comments matrix or comment form: .xlsx, .docx or .csv.", dir_okay=False)],
    stakeholder: StakeholderOption = None,
    stakeholder_column: Annotated[Optional[str], typer.Option("--stakeholder-column", metavar="HEADING", help="The column naming each row's stakeholder (id or name as in cm.yaml).")] = None,
    mapping: Annotated[Optional[list[str]], typer.Option("--map", metavar="HEADING=FIELD", help="Read the column headed HEADING (or numbered, 1 for the first) as FIELD: stakeholder, section, paragraph, target, topic, comment, proposal, response, note, round, date, ignore. Repeat for each.")] = None,
    decision: Annotated[Optional[list[str]], typer.Option("--decision", metavar="WORD=DECISION", help="A decision word of the table cm does not know, e.g. 'Retained=accepted'. Repeat for each.")] = None,
    round_id: ImportRoundOption = None,
    dry_run: DryRunOption = False,
    project: ProjectOption = None,
) -> None:
    """An existing comments matrix into comment files, with the decisions and notes it holds.
    Columns are recognised by their headings in several languages; --map names the others. Rows
    go to the round of their Round column, else to --round, else to the current round."""
    from commentmatrix.exchange.table_import import FIELDS
    from commentmatrix.model.format import DECISIONS

    if stakeholder is not None and stakeholder_column is not None:
        raise UsageError("give --stakeholder ID or --stakeholder-column HEADING, not both")
    columns = _pairs(mapping, "--map", "HEADING=FIELD", FIELDS)
    words = _pairs(decision, "--decision", "WORD=DECISION", DECISIONS)

    def plan(loaded):
        from commentmatrix.exchange.import_plan import ImportPlan
        from commentmatrix.exchange.table_file import read_tables
        from commentmatrix.exchange.table_import import find_columns, plan_table

        tables = read_tables(path)
        chosen = next((t for t in tables if find_columns(t, columns) is not None), tables[0] if tables else None)
        if chosen is None:
            result = ImportPlan()
            result.problems.append(f"{path}: holds no table")
            return result
        label = str(path) if len(tables) == 1 else f"{path} ({chosen.name})"
        return plan_table(loaded, chosen, label, stakeholder, stakeholder_column, columns, words, round_id=round_id)

    _run_import(project, plan, stakeholder, dry_run)


def _pairs(values: list[str] | None, option: str, form: str, allowed) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in values or []:
        key, sep, name = value.rpartition("=")
        if not sep or not key.strip():
            raise UsageError(f"{option} takes {form}, not '{value}'")
        if name.strip() not in allowed:
            raise UsageError(f"{option} {value}: '{name}' is not one of {', '.join(allowed)}")
        found[key.strip()] = name.strip()
    return found


def _run_import(folder: Path | None, make_plan, stakeholder: str | None, dry_run: bool) -> None:
    """Load, plan, check, then write under the project's lock (unless a dry run); report each
    comment. Reading and planning a large file takes time, so it is done before the lock is
    taken: under the lock, the project's files are compared with what was read, and the import
    is planned again if another cm command changed them meanwhile. Any refusal on the way
    writes nothing and says so; so does a write that fails."""
    from commentmatrix.model.errors import noted
    from commentmatrix.read.loader import RecordingFiles, find_root
    from commentmatrix.terminal.progress import activity
    from commentmatrix.write.transaction import commit, locked

    root = find_root(folder or Path.cwd())
    # A full disk, a read-only folder or a build/.cm.lock that is a folder: `cm: cannot write
    # FILE: REASON; no file was changed` (the writer has left every file as it was).
    with write_guard():
        files = RecordingFiles(root)
        with activity() as shown:
            loaded, plan, ids, file_changes = _planned(root, files, make_plan, stakeholder, shown)
            if dry_run:
                with noted("nothing was imported"):
                    committed = commit(loaded, file_changes, write=False)
        if not dry_run:
            with locked(root), activity() as shown:
                if files.changed():
                    files = RecordingFiles(root)
                    loaded, plan, ids, file_changes = _planned(root, files, make_plan, stakeholder, shown)
                    plan.remarks.append("another cm command changed the project while the file was read: "
                                        "the import was planned again on the project as it is now")
                with noted("nothing was imported"):
                    shown.step("Checking the project with the new comments")
                    committed = commit(loaded, file_changes)
    _report(plan, ids, committed.changes, root, dry_run)


def _planned(root: Path, files, make_plan, stakeholder: str | None, shown):
    """The project as `files` read it, the plan, and the ids and file changes it makes."""
    from commentmatrix.exchange.import_plan import add_hints, changes
    from commentmatrix.model.errors import noted
    from commentmatrix.read.loader import load_project

    shown.step("Reading the project")
    loaded = load_project(root, files, progress=shown.advance)
    if stakeholder is not None and stakeholder not in loaded.stakeholders_by_id:
        raise UnknownName(f"'{stakeholder}' is not in the roster of stakeholders in cm.yaml")
    if loaded.current_draft is None:
        raise Refusal("the draft under consultation does not load: run cm validate")
    with noted("nothing was imported"):
        shown.step("Reading the file to import")
        plan = make_plan(loaded)
        if plan.problems:
            refusal = Refusal(plan.problems[0])
            for problem in plan.problems[1:]:
                refusal.add_note(problem)
            raise refusal
        shown.step("Preparing the new comments")
        ids, file_changes = changes(loaded, plan)
        add_hints(loaded, plan, ids)
    return loaded, plan, ids, file_changes


def _report(plan, ids: list[str], written: list, root: Path, dry_run: bool) -> None:
    from commentmatrix.model.inert import one_line
    from commentmatrix.model.text import first_line

    for comment_id, planned in zip(ids, plan.planned):
        new = planned.comment
        # What stakeholders wrote (and where it came from) is shown inert: no escapes reach the terminal.
        print(f"+ {comment_id}  {one_line(new.target)}  {one_line(planned.origin)}: {one_line(first_line(new.text, [], 60))}")
        for remark in planned.remarks:
            print(f"    {one_line(remark)}")
    for origin, comment_id in plan.already:
        print(f"= {one_line(origin)}: imported before as {comment_id}")
    for remark in plan.remarks:
        print(f"note: {one_line(remark)}")
    for change in written:
        for note in change.notes:
            print(f"note: {shown_path(root / change.path)}: {note}")
    files = ", ".join(shown_path(root / c.path) for c in written)
    count = f"{len(ids)} comment{'' if len(ids) == 1 else 's'}"
    if dry_run:
        print(f"Would add {count}{f' to {files}' if files else ''} (dry run: nothing written)")
    else:
        print(f"Added {count}{f' ({files})' if files else ''}")


@import_app.command("draft")
def import_draft(
    path: Annotated[Path, typer.Argument(metavar="FILE.docx", help="The drafting team's Word document.", dir_okay=False)],
    draft_id: Annotated[Optional[str], typer.Option("--id", metavar="ID", help="Id of the new draft (default: the draft cm.yaml names, while it has no sections).")] = None,
    version: Annotated[Optional[str], typer.Option("--version", metavar="V", help="Version label of the new draft (default: the one a cm document carries, else 1).")] = None,
    lang: Annotated[Optional[list[str]], typer.Option("--lang", metavar="CODE", help="The document's one language (default: each paragraph's, from Word's language tags and its script); given again, the language of the --with document.")] = None,
    with_path: Annotated[Optional[Path], typer.Option("--with", metavar="FILE.docx", help="The same draft in another language, aligned by its structure.", dir_okay=False)] = None,
    from_draft: Annotated[Optional[str], typer.Option("--from-draft", metavar="OLD", help="The draft this is a new version of: every section and paragraph still there keeps its id.")] = None,
    current: Annotated[bool, typer.Option("--current", help="Make it the draft of the current round, while that round has no comments; with comments, start a new round instead: cm round start ID --version V --from FILE.docx.")] = False,
    dry_run: DryRunOption = False,
    project: ProjectOption = None,
) -> None:
    """A Word document into a draft file under drafts/: headings become sections (numbered as Word
    shows them), paragraphs and list items their paragraphs, in every language it holds; what a
    draft cannot hold is reported with where it was."""
    from commentmatrix.exchange.draft_ids import latin_language
    from commentmatrix.exchange.draft_import import draft_change
    from commentmatrix.exchange.draft_import import import_draft as build
    from commentmatrix.exchange.draft_pairs import pair_documents
    from commentmatrix.exchange.word_structure import read_word
    from commentmatrix.model.errors import noted
    from commentmatrix.read.loader import find_root, load_project
    from commentmatrix.terminal.progress import activity
    from commentmatrix.write.transaction import commit, locked

    codes = list(lang or [])
    if len(codes) > (2 if with_path is not None else 1):
        raise UsageError("--lang names the document's language, and once more the --with document's; no more")
    for code in codes:
        _check_code(code)
    root = find_root(project or Path.cwd())
    with write_guard(), locked(root), activity() as shown:
        shown.step("Reading the project")
        loaded = load_project(root, progress=shown.advance)
        loaded.require_languages(codes)
        if from_draft is not None and from_draft not in loaded.drafts_by_id:
            raise UnknownName(f"--from-draft {from_draft}: there is no draft of that id in drafts/",
                              hint=", ".join(sorted(loaded.drafts_by_id)) and f"the drafts are {', '.join(sorted(loaded.drafts_by_id))}")
        chosen = draft_id or _empty_current_draft(loaded)
        primary = latin_language(loaded.languages)
        known = None
        if from_draft is not None:
            from commentmatrix.views.review_marks import names_for

            known = names_for(loaded.drafts_by_id[from_draft].draft, loaded.languages)
        with noted("nothing was imported"):
            shown.step("Reading the document")
            result = build(read_word(path), chosen, version, codes[0] if codes else None, primary, known)
            if with_path is not None:
                other = build(read_word(with_path), chosen, version, codes[1] if len(codes) > 1 else None, primary, known)
                result = pair_documents(result, other, path.name, with_path.name)
            versions = None
            if from_draft is not None:
                from commentmatrix.exchange.draft_versions import follow_draft

                versions = follow_draft(result, loaded.drafts_by_id[from_draft].draft)
            shown.step("Checking the project with the new draft")
            change = draft_change(loaded, result, path)
            extra = []
            if current:
                from commentmatrix.write.project_edits import make_current

                extra = make_current(loaded, result.draft_id)
            commit(loaded, [change, *extra], write=not dry_run)
    _report_draft(result, shown_path(root / change.path), dry_run, versions, from_draft)
    for edited in extra:
        print(f"{'Would change' if dry_run else 'Changed'} {shown_path(root / edited.path)}: the current round's draft is {result.draft_id}")


def _empty_current_draft(loaded) -> str:
    current = loaded.current_draft
    if current is not None and not current.draft.sections:
        return current.draft.id
    raise UsageError("give the new draft's id with --id (the draft cm.yaml names already has sections)")


def _check_code(code: str) -> None:
    from commentmatrix.model.format import LANGUAGE_CODE

    if not LANGUAGE_CODE.fullmatch(code):
        raise UsageError(f"--lang {code}: not a language code; use a lower-case ISO 639 code such as en or zh")


def _report_draft(result, shown: str, dry_run: bool, versions=None, old_id: str | None = None) -> None:
    from commentmatrix.model.inert import one_line

    report_draft(result)
    if versions is not None:
        for line in versions.lines:
            print(one_line(line))
        print(f"note: {versions.summary(old_id)}")
    if dry_run:
        print(f"Would write {shown}: draft {result.draft_id}, version {result.version} (dry run: nothing written)")
    else:
        print(f"Wrote {shown}: draft {result.draft_id}, version {result.version}")


def report_draft(result) -> None:
    """What became what, and what did not fit (cm import draft, cm init --from)."""
    from commentmatrix.model.inert import one_line

    sections, paragraphs, items = result.counts()
    print(f"Read {sections} section{'s' if sections != 1 else ''}, {paragraphs} paragraph{'s' if paragraphs != 1 else ''} "
          f"({items} item{'s' if items != 1 else ''}) in {', '.join(result.languages) or 'no language'}:")
    for line in result.made:
        print(f"  {one_line(line)}")
    for note in result.notes:
        print(f"note: {one_line(note)}")
