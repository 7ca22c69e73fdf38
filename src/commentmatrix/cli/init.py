"""`cm init`: start a new consultation project."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from commentmatrix.cli.common import commands, texts_by_language, write_guard
from commentmatrix.model.errors import Refusal, UsageError


@commands.command()
def init(
    folder: Annotated[Path, typer.Argument(metavar="[DIR]", help="Where to create the project (default: here).",
                                           file_okay=False)] = Path("."),
    title: Annotated[Optional[list[str]], typer.Option("--title", help="Title of the consultation; LANG=TITLE for one of --languages (repeat for each).")] = None,
    languages: Annotated[Optional[str], typer.Option("--languages", help="Language codes, comma-separated; the first is primary (default en).")] = None,
    draft: Annotated[Optional[str], typer.Option("--draft", help="Id of the draft under consultation (default: draft-1, or the one a document from cm carries).")] = None,
    deadline: Annotated[Optional[str], typer.Option("--deadline", help="Last day for comments (YYYY-MM-DD).")] = None,
    source: Annotated[Optional[Path], typer.Option("--from", metavar="FILE.docx", help="Start from the drafting team's Word document: its sections and paragraphs become the draft (see cm import draft).", dir_okay=False)] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Ask nothing: take the options and defaults as they are.")] = False,
) -> None:
    """Create a consultation project: cm.yaml, a draft (a skeleton, or the sections of a Word
    document with --from), comments/ and templates/."""
    import datetime as dt

    from commentmatrix.model.format import ID_FORMAT, LANGUAGE_CODE
    from commentmatrix.write.project_edits import text_in_languages
    from commentmatrix.write.scaffold import (
        create_project,
        problems_of,
        project_files,
    )

    if (folder / "cm.yaml").exists():
        raise Refusal(f"{folder / 'cm.yaml'} already exists; cm init never overwrites a project")
    imported = _read_draft(source, draft, languages) if source is not None else None
    titles = list(title or [])
    titled = bool(titles)
    if imported is not None:
        first = _first_title(imported)
        titles = titles or ([first] if first else [])
        languages = languages or ",".join(imported.languages) or None
    if sys.stdin.isatty() and not yes:
        if len(titles) <= 1:
            titles = [typer.prompt("Title of the consultation", default=titles[0] if titles else None)]
        languages = typer.prompt("Languages (comma-separated, primary first)", default=languages or "en")
    if not titles or not all(given.strip() for given in titles):
        raise UsageError("give the consultation's title with --title")
    codes = [code.strip() for code in (languages or "en").split(",") if code.strip()]
    bad = [code for code in codes if not LANGUAGE_CODE.fullmatch(code)]
    if bad or not codes:
        raise UsageError(f"'{bad[0] if bad else languages}' is not a list of language codes: use lower-case ISO 639 codes such as en,zh")
    draft = draft or (imported.draft_id if imported is not None else "draft-1")
    if not ID_FORMAT.fullmatch(draft):
        raise UsageError(f"'{draft}' cannot be a draft id: use ASCII letters, digits, '.', '-' and '_'")
    if deadline:
        try:
            dt.date.fromisoformat(deadline)
        except ValueError:
            raise UsageError(f"'{deadline}' is not a date: write YYYY-MM-DD") from None
    draft_file = None
    # --title zh=... --title en=..., as --name takes it: the title in zh and en (a code not in
    # --languages is refused).
    pairs = texts_by_language([given.strip() for given in titles], codes, "--title", "title", codes[0], "--languages")
    project_title: object = text_in_languages([(lang, text.strip()) for lang, text in pairs], codes[0])
    if imported is not None and not titled and titles == [_first_title(imported)]:
        # The document's title in every language it has, as the draft's.
        project_title = {code: imported.title[code] for code in codes if code in imported.title} or project_title
    if imported is not None and source is not None:
        from commentmatrix.exchange.draft_import import draft_yaml

        missing = [code for code in imported.languages if code not in codes]
        if missing:
            raise UsageError(f"{source.name} has text in {', '.join(missing)}, which --languages does not list")
        draft_file = draft_yaml(imported, source)
    files = project_files(project_title, codes, draft, deadline, draft_file)
    if imported is not None:
        problems = problems_of(files)
        if problems:
            raise Refusal(f"the draft from {source} would not validate, so no project was created", diagnostics=problems)
        _report_import(imported)
    with write_guard():
        written = create_project(folder, files)
    print(f"Created a consultation project in {folder}: " + ", ".join(w for w in written if not w.startswith("templates/")))
    templates = [w for w in written if w.startswith("templates/")]
    if templates:
        print(f"Default templates copied to {folder / 'templates'} for customising ({len(templates)} file(s)).")
    if imported is None:
        print(f"Next: put the draft's sections in drafts/{draft}.yaml, then `cm stakeholder add`.")
    else:
        print(f"Next: check drafts/{draft}.yaml against the document, then `cm stakeholder add`.")


def _first_title(imported) -> str | None:
    return (imported.title.get(imported.languages[0]) if imported.languages else None) or next(iter(imported.title.values()), None)


def _read_draft(source: Path, draft: str | None, languages: str | None):
    """The draft a Word document holds (nothing written), for `cm init --from`."""
    from commentmatrix.exchange.draft_ids import latin_language
    from commentmatrix.exchange.draft_import import import_draft
    from commentmatrix.exchange.word_structure import read_word
    from commentmatrix.model.errors import noted

    latin = latin_language([code.strip() for code in (languages or "").split(",") if code.strip()])
    with noted("no project was created"):
        return import_draft(read_word(source), draft, None, None, latin)


def _report_import(imported) -> None:
    from commentmatrix.cli.exchange import report_draft

    report_draft(imported)
