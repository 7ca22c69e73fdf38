"""What every `cm` command shares: the Typer app and its one handler of refusals, project
lookup, dates, outputs.

Commands raise a Refusal (commentmatrix.model.errors) when they cannot go on; `_Commands.invoke`, the
one place that catches them, prints the message, hint and problems and exits with the
refusal's code. Exit codes are documented in errors.py and the README.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:  # only for the annotation: typer's vendored click is private at run time
    from typer._click import Context as ClickContext

from commentmatrix import __version__
from commentmatrix.cli.deferred import deferred_commands
from commentmatrix.model.collector import collector_paused
from commentmatrix.model.diagnostics import Diagnostic
from commentmatrix.model.errors import ProjectInvalid, Refusal, UsageError
from commentmatrix.model.inert import terminal_text


class _Commands(TyperGroup):
    """cm's command group: its commands are the ones registered on `commands`, each built when it is
    first needed (cli/deferred.py); its invoke turns every Refusal into its message and exit code."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands.update(deferred_commands(commands, rich_markup_mode=self.rich_markup_mode,
                                               suggest_commands=self.suggest_commands,
                                               pretty_exceptions_short=app.pretty_exceptions_short))

    # TyperGroup.invoke takes the Context of the click typer vendors; typer.Context is a subclass.
    def invoke(self, ctx: ClickContext) -> object:
        try:
            say_repeated_values(self, ctx, [*getattr(ctx, "_protected_args", ()), *ctx.args])
            return super().invoke(ctx)
        except Refusal as exc:
            command = ctx.invoked_subcommand if exc.names_command else None
            print_refusal(exc, command)
            raise typer.Exit(exc.exit_code) from None


def say_repeated_values(group: Any, ctx: ClickContext, args: list[str]) -> None:
    """Say so when an option that takes one value is given twice with two values (`cm status
    --today 2030-01-01 --today 2030-01-10`, `cm stakeholder add --contact x --contact y`): click
    keeps the last, as a shell alias's default overridden expects, and the first was dropped
    without a word. Options that take several (--name, --title, --text, --note, cm status's
    --stakeholder) repeat."""
    from typer.core import TyperOption

    command, rest = group, args
    # A group's commands may stand in for the ones they build (cli/deferred.py): asked by what they
    # do, not what they are; the command run is built here, as it would be to run it.
    while hasattr(command, "get_command") and rest and not rest[0].startswith("-"):
        command, rest = command.get_command(ctx, rest[0]), rest[1:]
        if command is None:
            return  # an unknown command: click says so, as ever
    options = {name: param for param in getattr(command, "params", ()) if isinstance(param, TyperOption)
               for name in (*param.opts, *param.secondary_opts)}
    given: dict[str, tuple[str, str]] = {}
    tokens = iter(rest)
    for token in tokens:
        if token == "--":
            break
        name, value = token.split("=", 1) if token.startswith("--") and "=" in token else (token, None)
        param = options.get(name)
        if param is None or param.is_flag or param.count:
            continue
        if value is None:
            value = next(tokens, "")
        if param.multiple:
            continue
        first_name, first = given.setdefault(param.name or name, (name, value))
        if value != first:  # the same value twice (an alias's and one's own) loses nothing
            print(f"note: {first_name} is given twice: '{terminal_text(first)}' is left out, "
                  f"'{terminal_text(value)}' is taken", file=sys.stderr)
            given[param.name or name] = (name, value)


def print_refusal(exc: Refusal, command: str | None = None) -> None:
    """A refusal on stderr: `cm: message`, its hint, the problems behind it, then its notes."""
    from commentmatrix.render.diagnostics import format_text

    diagnostics = from_here(exc.root, exc.diagnostics) if exc.root else exc.diagnostics
    if diagnostics and exc.report_first:
        files = exc.files_checked if isinstance(exc, ProjectInvalid) else 0
        sys.stderr.write(format_text(diagnostics, files))
    # Messages quote what the files and the command line hold: shown inert, never as escapes.
    print(f"cm: {command + ': ' if command else ''}{terminal_text(exc.message)}", file=sys.stderr)
    if exc.hint:
        print(f"    hint: {terminal_text(exc.hint)}", file=sys.stderr)
    if diagnostics and not exc.report_first:
        lines = format_text(diagnostics, 0).splitlines()[:-1]  # without the files-checked summary
        print("\n".join(lines), file=sys.stderr)
    for note in exc.notes:
        print(f"cm: {terminal_text(note)}", file=sys.stderr)


# Every command and group of cm registers here (`@commands.command()`, `commands.add_typer`); `app`
# below is what runs them. Kept apart so that typer, building `app`, builds none of them.
commands = typer.Typer()

app = typer.Typer(
    name="cm",
    cls=_Commands,
    help="commentmatrix: run a consultation on a strategy draft, kept as YAML files in git.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

# `cm render matrix`, `cm render draft`: the published documents, one subcommand each.
render_app = typer.Typer(name="render", help="Publish documents: the comments matrix, the revised draft.",
                         no_args_is_help=True, rich_markup_mode=None)
commands.add_typer(render_app, name="render")

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


def open_project(folder: Path | None, shown=None):
    """Load the project at or above `folder` (exit 2 when there is none); `shown`, an Activity,
    shows the reading of a large project."""
    from commentmatrix.read.loader import find_root, load_project

    root = find_root(folder or Path.cwd())
    if shown is not None:
        shown.step("Reading the files")
    # The project lives until the command ends: take its millions of objects out of the cyclic
    # collector's sight, or every later collection walks them all again (seconds at IPCC scale);
    # frozen before the collector resumes, or the first collection walks them once (0.8 s at
    # 100,000 comments).
    with collector_paused():
        project = load_project(root, progress=shown.advance if shown is not None else None)
        gc.freeze()
    return project


def check_for_status(root: Path):
    """What `cm status` counts at `root`: (the project, its problems, status_facts' facts; None
    when cm.yaml could not be read). Where only words changed since the last status (and the
    checks since), the project holds only cm.yaml, the drafts and the changed files, and the
    facts are the record's carried forward (quick_check.py)."""
    from commentmatrix.quick_check import full_check
    from commentmatrix.read.check_record import facts_counted_beside, load_since, loaded_since, read_record
    from commentmatrix.status_facts import status_facts

    with collector_paused():
        record = read_record(root)
        if record is not None and record.facts is not None:
            since = load_since(root, record)
            checked = _quick(record, lambda _: since)
            if checked is not None and since.project.config is not None:
                gc.freeze()
                return since.project, _recorded(root, checked, record).problems, checked.record.facts
            record = None  # it declined: asking again of the whole project declines too
    project = open_project(root)
    with collector_paused():
        # Counted beside the check where there is a CPU for it (read/check_record.py).
        counted = facts_counted_beside(project, status_facts) if project.config is not None else None
        checked = _quick(record, lambda found: loaded_since(project, found)) or full_check(project)
        facts = counted() if counted is not None else None
        if checked.record is not None:
            checked.record.facts = facts
        gc.freeze()
    return project, _recorded(root, checked).problems, facts


def check_root(root: Path):
    """What `cm validate` reports of the project at `root` (a quick_check.Checked): where only
    words changed since the last check, only the changed files are read."""
    from commentmatrix.quick_check import full_check
    from commentmatrix.read.check_record import load_since, read_record
    from commentmatrix.status_facts import status_facts

    with collector_paused():
        record = read_record(root)
        checked = _quick(record, lambda found: load_since(root, found))
    if checked is None:
        project = open_project(root)
        with collector_paused():
            # Where cm status counted from the last record, the next one counts from this one's
            # facts: without them it would load and count the whole project again (7 s at 100,000
            # comments, for 1 s here). A first check, as in CI, counts none.
            counted = record is not None and record.facts is not None and project.config is not None
            checked = full_check(project, status_facts(project) if counted else None)
            gc.freeze()
    return _recorded(root, checked, record)


def _quick(record, since):
    """quick_check against the project's record, `since(record)` giving what changed; None when
    there is no record or the quick check declines."""
    from commentmatrix.quick_check import quick_check

    return quick_check(record, since(record)) if record is not None else None


def _recorded(root: Path, checked, kept=None):
    """Keep `checked`'s record for the next check, unless it is the one `kept` already."""
    from commentmatrix.read.check_record import store_record

    if checked.record is not None and checked.record != kept:
        store_record(root, checked.record)
    return checked


def display_prefix(root: Path) -> str:
    """Paths are shown relative to where cm was run, so editors and CI find the files."""
    try:
        relative = root.relative_to(Path.cwd().resolve())
    except ValueError:
        return str(root)
    return "" if str(relative) == "." else relative.as_posix()


def from_here(root: Path, diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics with their paths as compilers and ruff print them, so that a terminal or an
    editor opens the file: relative to where cm runs when the file is in that folder or below it
    (`zz.yaml` in the project's comments/), else absolute. display_prefix alone made every path
    absolute when cm ran in a folder of the project. The CI formats keep theirs relative to the
    repository (repository_paths_prefix)."""
    here, top = Path.cwd().resolve(), root.resolve()

    def shown(path: str) -> str:
        full = top / path
        return full.relative_to(here).as_posix() if full.is_relative_to(here) else str(full)

    return [dataclasses.replace(d, path=shown(d.path)) for d in diagnostics]


def repository_paths_prefix(root: Path) -> str:
    """Paths for annotations and code scanning: relative to the root of the git repository the
    project is in (GitHub places them on the pull request's files by those paths, wherever cm was
    run from); outside a repository, relative to where cm was run."""
    from commentmatrix.read.git_revision import GitProblem, repository_prefix

    try:
        return repository_prefix(root).rstrip("/")
    except GitProblem:
        return display_prefix(root)


def parse_day(value: str | None) -> dt.date:
    """The date given, else $CM_TODAY, else today; a given value that is not a date is a usage error."""
    text = value if value is not None else os.environ.get("CM_TODAY") or None
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"'{text}' is not a date: write YYYY-MM-DD") from None



def split_lang(value: str, languages: list[str], option: str, what: str,
               listed: str = "cm.yaml's languages") -> tuple[str | None, str]:
    """A text option in the form LANG=TEXT: (LANG, TEXT) when LANG is one of `languages`,
    (None, value) when the text has no such prefix; a prefix that is a language code but not
    one of them is a usage error (taken as text, lo=ລາວ was published as "lo=ລາວ"). The one
    reading of --name, --note, --text, --title and the edits' --replace, --with and --insert."""
    from commentmatrix.model.format import LANGUAGE_CODE
    from commentmatrix.model.suggestions import did_you_mean_language

    lang, sep, rest = value.partition("=")
    if sep and lang in languages:
        return lang, rest
    if sep and LANGUAGE_CODE.fullmatch(lang):
        raise UsageError(f"language '{lang}' of {option} {value} is not in {listed} ({', '.join(languages)})",
                         hint=did_you_mean_language(lang, languages)
                         or f"add it to {listed} first, or give the {what} in one of them")
    return None, value


def texts_by_language(values: list[str], languages: list[str], option: str, what: str, primary: str | None,
                      listed: str = "cm.yaml's languages") -> list[tuple[str | None, str]]:
    """A repeatable text option (--name, --title: LANG=TEXT once per language), each value read by
    split_lang. A language given twice is a usage error, a plain text counting as the primary
    language's: kept as typer keeps them, the last would replace the first without a word."""
    pairs = [split_lang(value, languages, option, what, listed) for value in values]
    first: dict[str | None, str] = {}
    for value, (lang, _) in zip(values, pairs):
        language = lang or primary
        if language in first:
            raise UsageError(f"{option} is given twice in {language or 'the same language'}: '{first[language]}' and '{value}'",
                             hint=f"give one {what} per language, each as LANG=TEXT (e.g. {option} {language or 'en'}=...)")
        first[language] = value
    return pairs


# ---------------------------------------------------------------- what every output command shares

def text_in_language(value: str | None, lang: str | None, languages: list[str], option: str,
                     what: str) -> tuple[str | None, str | None]:
    """A text option's text and its language: --lang's when given, else that of a LANG= prefix
    (split_lang); a text not given stays None."""
    if value is None or lang is not None:
        return value, lang
    prefix, text = split_lang(value, languages, option, what)
    return text, prefix


def split_languages(values: str | list[str] | None) -> tuple[str, ...]:
    """`--lang zh,en` (or repeated `--lang`) as codes in order, without repeats."""
    given = [values] if isinstance(values, str) else values or []
    return tuple(dict.fromkeys(code.strip() for value in given for code in value.split(",") if code.strip()))


def chosen_languages(loaded, values: str | list[str] | None) -> tuple[str, ...]:
    """The languages `--lang` asks for, each one of cm.yaml's (else a usage error); all by default."""
    wanted = split_languages(values)
    loaded.require_languages(wanted)
    return wanted or tuple(loaded.languages)


def require_valid(loaded, why: str, *, loaded_whole: bool = True, shown=None) -> None:
    """Refuse (exit 1, with the project's errors) when the project has errors, or when what this
    output needs did not load (`loaded_whole` false): an output built from files that do not
    validate could silently leave comments out."""
    from commentmatrix.rules import check_project

    if shown is not None:
        shown.step("Checking the project")
    problems = [d for d in check_project(loaded) if d.is_error]
    if problems or not loaded_whole:
        raise ProjectInvalid(why, problems, len(loaded.files), loaded.root)


def output_format(given: str | None, output: Path | None, suffixes: dict[str, str], formats: str) -> str:
    """--format as given, else the format -o's suffix names, else docx; a suffix that names no
    format is a usage error (exit 2) rather than a guess."""
    if given is not None:
        return given
    if output is None:
        return "docx"
    found = suffixes.get(output.suffix.lower())
    if found is None:
        raise UsageError(f"cannot tell the format from '{output.name}': use --format {formats}")
    return found


def output_path(loaded, output: Path | None, default_name: str) -> Path:
    """-o as given, else build/<default_name>; never a source file of the project (exit 2), nor
    in a folder that does not exist (exit 1), other than the project's build/."""
    from commentmatrix.write.atomic import check_output, default_output

    target = output or default_output(loaded.root, default_name)
    resolved = check_output(loaded.root, target)
    if output is not None and not output.parent.is_dir() and resolved.parent != default_output(loaded.root, default_name).parent.resolve():
        # The writer makes the folders a path needs (build/, a round's comments/2/): for -o, a
        # mistyped folder made a whole tree silently, and the output seemed to go missing.
        raise Refusal(f"cannot write {output}: the folder {output.parent} does not exist; make it first, or give -o a "
                      "file in a folder that exists")
    if output is None and not resolved.is_relative_to(loaded.root.resolve()):
        # A build/ committed as a link must not carry default outputs out of the project.
        prefix = display_prefix(loaded.root)
        shown = target.parent.relative_to(loaded.root).as_posix() if target.parent.is_relative_to(loaded.root) else str(target.parent)
        raise Refusal(f"{prefix + '/' if prefix else ''}{shown} leads out of the project, to {resolved.parent}; "
                      "cm writes outputs outside the project only where -o says")
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
    """A file that cannot be written (disk full, read-only folder) is a refusal (exit 1) with the
    system's reason; the writers in write/atomic have left every file as it was."""
    try:
        yield
    except OSError as exc:
        target = getattr(exc, "path", None) or exc.filename or "a file"
        reason = getattr(exc, "reason", None) or exc.strerror or str(exc)
        raise Refusal(f"cannot write {shown_path(target)}: {reason}; no file was changed") from None
