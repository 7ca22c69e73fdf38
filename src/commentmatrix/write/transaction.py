"""The edit transaction: one read-change-write cycle that leaves the project valid or untouched.

`commit` validates the project with the changes in place, in memory, and writes them (all of
them, atomically per file) only if they add no error. `locked` serialises the cycle between
`cm` processes, so two people running cm at once never lose each other's change.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from commentmatrix.model.diagnostics import Diagnostic
from commentmatrix.model.errors import Refusal
from commentmatrix.model.project import BUILD_DIR, Project

LOCK_NAME = ".cm.lock"


class EditRefused(Refusal):
    """The edit cannot be made; `diagnostics` holds the problems it would have caused, if any."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None, hint: str | None = None,
                 root: Path | None = None):
        super().__init__(message, hint, diagnostics or [], root)


@dataclass(frozen=True)
class FileChange:
    path: str
    before: bytes | None
    after: bytes


@dataclass
class Committed:
    changes: list[FileChange]
    remaining: list[Diagnostic] = field(default_factory=list)
    new_warnings: list[Diagnostic] = field(default_factory=list)


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the project's lock (build/.cm.lock) for a read-change-write cycle."""
    lock_path = root / BUILD_DIR / LOCK_NAME
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def commit(project: Project, changes: list[FileChange], write: bool = True) -> Committed:
    """Write the changes if the project stays as valid as it was; else raise EditRefused.
    With write=False only the check is made (a dry run)."""
    from commentmatrix.read.loader import OverlayFiles, ProjectFiles, load_project
    from commentmatrix.rules import check_project
    from commentmatrix.write.atomic import write_many

    changes = [c for c in changes if c.after != c.before]
    if not changes:
        return Committed([])
    before = check_project(project)
    after_project = load_project(project.root, OverlayFiles(ProjectFiles(project.root), {c.path: c.after for c in changes}))
    after = check_project(after_project)
    known = {_identity(d) for d in before}
    added = [d for d in after if _identity(d) not in known]
    new_errors = [d for d in added if d.is_error]
    if new_errors:
        raise EditRefused("the change would make the project invalid, so nothing was written", new_errors, root=project.root)
    if write:
        write_many([(project.root / change.path, change.after) for change in changes])
    return Committed(changes, [d for d in after if d.is_error], [d for d in added if not d.is_error])


def _identity(diagnostic: Diagnostic) -> tuple:
    # Lines move when an edit adds lines above a problem; what it says stays the same.
    return (diagnostic.path, diagnostic.severity, diagnostic.rule, diagnostic.message)
