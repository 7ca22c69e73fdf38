"""`cm validate` and `cm status`: checking the project and reporting where it stands."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from commentmatrix.cli.common import (
    ProjectOption,
    check_for_status,
    check_root,
    commands,
    from_here,
    parse_day,
    repository_paths_prefix,
)
from commentmatrix.model.errors import UnknownName, UsageError
from commentmatrix.model.inert import one_line


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


@commands.command()
def validate(
    project: ProjectOption = None,
    output_format: Annotated[ValidateFormat, typer.Option("--format", "-f", help="text, json, github (workflow annotations) or sarif (code scanning).")] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check every file of the project and report every problem at once."""
    from commentmatrix.read.loader import find_root
    from commentmatrix.render.diagnostics import FORMATTERS, github_step_summary

    root = find_root(project or Path.cwd())
    checked = check_root(root)
    diagnostics = checked.problems
    in_repository = output_format in (ValidateFormat.github, ValidateFormat.sarif)
    prefix = repository_paths_prefix(root) if in_repository else ""
    shown = diagnostics if in_repository else from_here(root, diagnostics)
    sys.stdout.write(FORMATTERS[output_format.value](shown, checked.files, prefix))
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format is ValidateFormat.github and summary_path:
        try:
            with open(summary_path, "a", encoding="utf-8") as summary:
                summary.write(github_step_summary(diagnostics, checked.files, prefix))
        except OSError as exc:
            # The summary is the extra copy: every problem is in the annotations and the report
            # above, so the exit code stays validation's. It was an internal error (exit 3).
            sys.stdout.flush()
            sys.stderr.write(f"cm: the job summary was not written to $GITHUB_STEP_SUMMARY ({one_line(summary_path)}: "
                             f"{exc.strerror or exc}); every problem is in the report above\n")
    failing = [d for d in diagnostics if d.is_error or strict]
    raise typer.Exit(1 if failing else 0)


@commands.command()
def status(
    project: ProjectOption = None,
    stakeholder: Annotated[Optional[list[str]], typer.Option("--stakeholder", "-s", help="Only this stakeholder (roster id); repeat for several: -s viet-nam -s lao-pdr.")] = None,
    section: Annotated[Optional[str], typer.Option("--section", help="Only comments on this section (id), its paragraphs and subsections.")] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only what still needs work: open comments, pending and reviewing stakeholders.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the same facts as JSON, for scripts.")] = False,
    today: Annotated[Optional[str], typer.Option("--today", help="Count days to the deadline from this date (YYYY-MM-DD); default today or $CM_TODAY.")] = None,
    round_id: Annotated[Optional[str], typer.Option("--round", help="The round to report on (id), or all: every round together; default the current one.")] = None,
    assignee: Annotated[Optional[str], typer.Option("--assignee", metavar="NAME", help="Only the comments assigned to NAME (cm assign).")] = None,
) -> None:
    """The state of the consultation: who answered, what is decided, what is still open."""
    import json

    from commentmatrix.model.inert import json_text
    from commentmatrix.model.status_facts import StatusFilter
    from commentmatrix.read.loader import find_root
    from commentmatrix.status import ALL_ROUNDS, assignees, build_status

    day = parse_day(today)
    loaded, problems, facts = check_for_status(find_root(project or Path.cwd()))
    if loaded.config is None or facts is None:
        from commentmatrix.render.diagnostics import format_text

        sys.stderr.write(format_text(from_here(loaded.root, problems), len(loaded.files)))
        raise UsageError("cm.yaml could not be read, so there is no consultation to report on")
    unknown = next((given for given in stakeholder or () if given not in loaded.stakeholders_by_id), None)
    if unknown is not None:
        from commentmatrix.model.suggestions import did_you_mean

        raise UnknownName(f"'{unknown}' is not in the roster; known: {', '.join(loaded.stakeholders_by_id)}",
                          hint=did_you_mean(unknown, loaded.stakeholders_by_id))
    draft_id = loaded.config.current_draft_id if round_id == ALL_ROUNDS else loaded.round(round_id).draft
    if section and draft_id in loaded.drafts_by_id and section not in {s.id for s, _ in _sections(loaded, draft_id)}:
        raise UnknownName(f"'{section}' is not a section of draft {draft_id}", hint=_section_hint(loaded, draft_id, section))
    if assignee is not None:
        _known_assignee(assignees(facts), assignee)
    # Indented for a person at a terminal; one line for scripts, its long lists as the record's
    # outlines hold them (written by status_json.py).
    indent = 2 if as_json and sys.stdout.isatty() else None
    result = build_status(loaded, problems, day,
                          StatusFilter(stakeholders=tuple(dict.fromkeys(stakeholder or ())), section=section, open_only=open_only, assignee=assignee),
                          round_id, facts, written=as_json and indent is None)
    if as_json and indent is None:
        _write_utf8([*result.json_bytes(), b"\n"])
        return
    if as_json:
        sys.stdout.write(json_text(json.dumps(result.to_json(), ensure_ascii=False, indent=indent)) + "\n")
        return
    from commentmatrix.terminal.console import stdout_console
    from commentmatrix.terminal.status import print_status

    print_status(stdout_console(), result, loaded.languages)


def _write_utf8(data: list[bytes | memoryview]) -> None:
    """The bytes of `data` on standard output as its text stream would write their text: as they
    are where it writes UTF-8 (17 MB of JSON at 100,000 comments need no decoding and encoding again)."""
    import codecs

    buffer = getattr(sys.stdout, "buffer", None)
    # A text stream writes "\n" as os.linesep: the bytes only where that is "\n".
    if buffer is not None and os.linesep == "\n" and codecs.lookup(sys.stdout.encoding or "ascii").name == "utf-8":
        sys.stdout.flush()
        for piece in data:  # one by one: a stream's own write sees each (writelines may bypass it)
            buffer.write(piece)
    else:
        sys.stdout.write(b"".join(data).decode())


def _known_assignee(known: list[str], assignee: str) -> None:
    from commentmatrix.model.suggestions import did_you_mean

    if assignee not in known:
        raise UnknownName(f"no comment is assigned to '{assignee}'",
                          hint=did_you_mean(assignee, known) or (f"assigned: {', '.join(known)}" if known else
                                                                 "share out comments with cm assign ID --to NAME"))


def _section_hint(loaded, draft_id: str, given: str) -> str | None:
    """The section a reader may have meant: by its number ("5.3", as the matrix prints it), the
    one a paragraph is in, or the closest id."""
    from commentmatrix.model.suggestions import did_you_mean

    sections = [section for section, _ in _sections(loaded, draft_id)]
    for section in sections:
        if section.number == given:
            return f"section {given} is '{section.id}': cm status --section {section.id}"
        if any(paragraph.id == given for paragraph in section.paragraphs):
            return f"'{given}' is a paragraph of section '{section.id}': cm status --section {section.id}"
    return did_you_mean(given, [section.id for section in sections])


def _sections(loaded, draft_id):
    from commentmatrix.model.project import walk_sections

    return list(walk_sections(loaded.drafts_by_id[draft_id].draft.sections))


