"""Problems found in a project, as values with a location.

A file that fails to parse does not raise: its problems travel as Diagnostics beside the data
of the files that did parse, so one bad file never hides the problems of the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is, how bad, which rule, and what to do about it.

    `line` and `column` are 1-based, as editors and CI annotations count; 0 means "the whole file".
    `rule` is a stable kebab-case slug, documented in docs/rules.md.
    """

    path: str
    line: int
    column: int
    severity: Severity = field(compare=False)
    rule: str
    message: str
    hint: str | None = field(default=None, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def said(self) -> tuple[str, str, str]:
        """What it says of which file, wherever in the file (as equality compares it): the line
        of the same problem moves when an edit adds lines above it."""
        return self.path, self.rule, self.message

    def location(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path


def error(path: str, line: int, column: int, rule: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(path, line, column, Severity.ERROR, rule, message, hint)


def warning(path: str, line: int, column: int, rule: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(path, line, column, Severity.WARNING, rule, message, hint)


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str, str]:
    return (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.rule, diagnostic.message)


def counts(diagnostics: list[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for d in diagnostics if d.is_error)
    return errors, len(diagnostics) - errors
