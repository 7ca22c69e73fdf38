"""Why cm stops: one base class for every refusal, and the exit codes, written down once.

Problems in a project's files are values (Diagnostics) and never raised. A Refusal is for when a
command cannot go on: no project here, an argument that names nothing, an edit that would break
the project, a file from outside that cm will not open. It carries a message in plain words, a
hint, the Diagnostics behind it, and its exit code; the CLI's one handler (cli/common.py) prints it
and exits with that code, so the same problem ends every command the same way.

Exit codes (README, "Exit codes"):
  0  done; for `cm validate`, no errors (and no warnings with --strict)
  1  problems found in the project's files, or an edit, import or render refused because of them
  2  usage: a bad option or argument, or one that names nothing in the project (a stakeholder,
     comment, section or language), no cm.yaml here or above, an unknown git revision, an
     output over a source file
  3  internal error: a bug in cm
  130 interrupted
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from commentmatrix.model.diagnostics import Diagnostic

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class Refusal(Exception):
    """The command cannot go on. Notes added with `add_note` are printed after the message."""

    exit_code = EXIT_PROBLEMS
    # Whether the message is shown after the command's name ("cm: diff: 'x' is not a commit"),
    # for refusals whose words alone do not say which step failed.
    names_command = False
    # How the Diagnostics are shown: after the message as its reasons (an edit refused because
    # of them), or first, as the full report, with the message as its conclusion (a render that
    # waits for the project to validate).
    report_first = False

    def __init__(self, message: str, hint: str | None = None, diagnostics: Sequence[Diagnostic] = (),
                 root: Path | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.diagnostics = list(diagnostics)
        # The project the diagnostics' paths are relative to, so they can be shown from where cm runs.
        self.root = root

    @property
    def notes(self) -> list[str]:
        return list(getattr(self, "__notes__", []))


class UsageError(Refusal):
    """The command line itself is wrong: fix the options or arguments, not the files."""

    exit_code = EXIT_USAGE


class UnknownName(UsageError):
    """An argument names a stakeholder, comment, section, language or revision that is not there."""


class ProjectNotFound(UsageError):
    """No cm.yaml in the folder given or any folder above it."""

    def __init__(self, where: str):
        super().__init__(f"{where}; run cm inside a consultation project or pass --project DIR")
        self.where = where


class SaidOfTheComment:
    """Marks a refusal that the comment an edit is about and its draft alone decide (not which
    ids or files the project has): made on the project loaded in part
    (write/transaction.edit_in_part), it is the one the whole project gives, and stands."""


class NotOneOf(SaidOfTheComment, UsageError):
    """An option's value is not one of those it takes (a decision, a state)."""


class NoSuchProposedEdit(SaidOfTheComment, UnknownName):
    """`--take N` names no edit of the comment's proposal."""


class ProjectInvalid(Refusal):
    """The project has errors, and this command's output would be wrong with them."""

    report_first = True

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic], files_checked: int, root: Path):
        super().__init__(message, diagnostics=diagnostics, root=root)
        self.files_checked = files_checked


@contextmanager
def noted(note: str) -> Iterator[None]:
    """Add `note` to any refusal raised inside, to be printed after it ("nothing was imported")."""
    try:
        yield
    except Refusal as exc:
        exc.add_note(note)
        raise
