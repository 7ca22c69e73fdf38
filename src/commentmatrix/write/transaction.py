"""The edit transaction: one read-change-write cycle that leaves the project valid or untouched.

`commit` validates the project with the changes in place, in memory, and writes them (all of
them, atomically per file) only if they add no error. `locked` serialises the cycle between
`cm` processes, so two people running cm at once never lose each other's change; a command
that has to wait for the lock says so on stderr.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from commentmatrix.model.collector import collector_paused
from commentmatrix.model.diagnostics import Diagnostic
from commentmatrix.model.errors import Refusal, SaidOfTheComment
from commentmatrix.model.project import BUILD_DIR, Project

if TYPE_CHECKING:
    from commentmatrix.model.check_record import CheckRecord
    from commentmatrix.read.documents import KnownReading

LOCK_NAME = ".cm.lock"


class EditRefused(Refusal):
    """The edit cannot be made; `diagnostics` holds the problems it would have caused, if any."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None, hint: str | None = None,
                 root: Path | None = None):
        super().__init__(message, hint, diagnostics or [], root)


class OwnEditsRefused(SaidOfTheComment, EditRefused):
    """What the comment's own edits are, or do to its draft, refuses the edit (write/edit_preview.py,
    project_edits.respond)."""


class LanguageUnsaid(SaidOfTheComment, EditRefused):
    """A text given without --lang where the text it replaces is in several languages: which one
    it is, only the text being changed says (project_edits.set_text)."""


class WithdrawnAnswered(SaidOfTheComment, EditRefused):
    """A response asked for a comment its stakeholder withdrew, without --withdrawn-too
    (project_edits.respond, write/groups.py)."""


@dataclass(frozen=True)
class FileChange:
    path: str
    before: bytes | None
    after: bytes
    # What reading `after` finds, when the edit knows it without a parse (one item's lines replaced).
    reading: KnownReading | None = field(default=None, compare=False, repr=False)
    #: What the change does besides what the command was asked, for the user to read (a
    #: comment file's state set to submitted as a comment is added).
    notes: tuple[str, ...] = field(default=(), compare=False)


@dataclass
class Committed:
    changes: list[FileChange]
    remaining: list[Diagnostic] = field(default_factory=list)
    new_warnings: list[Diagnostic] = field(default_factory=list)


class LinkOutOfProject(Refusal):
    """A committed link that would carry a file cm creates or writes out of the project."""


def inside_project(root: Path, relative: str, hint: str | None = None) -> Path:
    """root/relative, after making sure no link on the way (the file itself included) leads out
    of the project; raises LinkOutOfProject naming the first link that does and where it leads.

    Links come with the repository (a pull request can commit `build` as a link to anywhere), so
    every path cm creates or writes under the project is checked before it is touched.
    """
    real_root = Path(os.path.realpath(root))
    path = root
    for part in Path(relative).parts:
        path = path / part
        if not path.is_symlink():
            continue
        leads_to = Path(os.path.realpath(path))
        if not leads_to.is_relative_to(real_root):
            shown = path.relative_to(root).as_posix()
            raise LinkOutOfProject(f"{shown} is a link leading out of the project, to {leads_to}; "
                                   "cm does not create or write files through it",
                                   hint or f"delete the link {shown}; cm creates what it needs inside the project")
    return path


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the project's lock (build/.cm.lock) for a read-change-write cycle."""
    hint = f"delete the link; cm creates {BUILD_DIR}/ itself"
    lock_path = inside_project(root, f"{BUILD_DIR}/{LOCK_NAME}", hint)
    shown = f"{BUILD_DIR}/{LOCK_NAME}"
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: the lock itself is never reached through a link, whatever came in between.
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        reason = "it is a link" if exc.errno == errno.ELOOP else exc.strerror or str(exc)
        raise EditRefused(f"cannot take the project's lock {shown}: {reason}; no file was changed",
                          hint=hint if exc.errno == errno.ELOOP else None) from None
    with os.fdopen(descriptor, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # Said once, so a command that seems to hang says what it waits for.
            sys.stderr.write(f"cm: waiting for another cm command to finish with this project ({shown})…\n")
            sys.stderr.flush()
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def commit(project: Project, changes: list[FileChange], write: bool = True) -> Committed:
    """Write the changes if the project stays as valid as it was; else raise EditRefused.
    With write=False only the check is made (a dry run)."""
    from commentmatrix.read.loader import OverlayFiles, ProjectFiles, load_project

    changes = [c for c in changes if c.after != c.before]
    if not changes:
        return Committed([])
    known = {c.path: c.reading for c in changes if c.reading is not None}
    # A second project beside the first doubles the heap the cyclic collector would walk again
    # and again while the checks allocate; nothing made here forms cycles worth collecting.
    with collector_paused():
        after_project = load_project(project.root, OverlayFiles(ProjectFiles(project.root), {c.path: c.after for c in changes}),
                                     known=known, earlier=project)
        before, after, record = _checked(project, after_project)
    return _settled(project.root, changes, before, after, record, write)


def edit_in_part(root: Path, comment_ids: list[str], operation: Callable[[Project], tuple[str, list[FileChange]]],
                 write: bool = True) -> tuple[str, Committed] | None:
    """`operation` (an edit that reads nothing of the project but cm.yaml, the drafts and the
    comments `comment_ids`) made and committed on the project loaded only as far as it reads it
    and as it changed since the last check's record (read/check_record.load_part), the check
    taken quickly through the record; None, having written nothing, wherever that cannot be
    done exactly as on the whole project (no record, an id in no file or used twice, an edit
    the quick check cannot judge, a refusal: the edit on the whole project then says why)."""
    from commentmatrix.read.check_record import files_naming, load_part, read_record
    from commentmatrix.read.loader import OverlayFiles, ProjectFiles

    record = read_record(root)
    # A duplicated id is found in whichever file the whole project lists first.
    if record is None or any(d.rule == "duplicate-id" for _, d in record.problems):
        return None
    files = files_naming(root, record, comment_ids)
    if files is None:
        return None
    with collector_paused():
        project = load_part(root, record, files)
        if project.files != record.names:
            return None
        try:
            message, changes = operation(project)
        except Refusal as refusal:
            if isinstance(refusal, SaidOfTheComment):
                raise  # nothing but the comment and its draft says so: the whole project would too
            return None
        changes = [c for c in changes if c.after != c.before]
        if not changes:
            return message, Committed([])
        if any(c.path not in files for c in changes):
            return None
        known = {c.path: c.reading for c in changes if c.reading is not None}
        after_project = load_part(root, record, files, OverlayFiles(ProjectFiles(root), {c.path: c.after for c in changes}),
                                  known, project)
        checked = _quickly_checked(record, project, after_project)
    if checked is None:
        return None
    return message, _settled(root, changes, *checked, write)


def _checked(project: Project, after_project: Project) -> tuple[list[Diagnostic], list[Diagnostic], CheckRecord | None]:
    """The problems of the project before and after the changes, and the check record of after:
    quickly where _quickly_checked can; otherwise the whole project is checked, after and (when
    after has problems, to tell new ones from old) before."""
    from commentmatrix.quick_check import full_check
    from commentmatrix.read.check_record import read_record
    from commentmatrix.rules import check_project
    from commentmatrix.status_facts import status_facts

    record = read_record(project.root)
    checked = _quickly_checked(record, project, after_project) if record is not None else None
    if checked is not None:
        return checked
    # The check of after is kept as the record, so that the next command's check is quick; with
    # cm status's facts of after, or the next cm status counts the whole project again (7 s at
    # 100,000 comments, for the facts' 1 s here).
    facts = status_facts(after_project) if after_project.config is not None else None
    after = full_check(after_project, facts)
    # What was there before matters only for telling new problems from old ones: with none
    # after, there is nothing to tell, and checking the whole project once more is skipped.
    return check_project(project) if after.problems else [], after.problems, after.record


def _quickly_checked(record: CheckRecord, project: Project,
                     after_project: Project) -> tuple[list[Diagnostic], list[Diagnostic], CheckRecord] | None:
    """Both checks from the record and the files changed since it: where the record is of the
    project as it is, or it changed only in words and answers no other comment reads, and so do
    the changes (quick_check.py, as for cm validate); None otherwise."""
    from commentmatrix.quick_check import quick_check
    from commentmatrix.read.check_record import loaded_since

    before = quick_check(record, loaded_since(project, record))
    after = quick_check(record, loaded_since(after_project, record)) if before is not None else None
    if before is None or after is None or after.record is None:
        return None
    return before.problems, after.problems, after.record


def _settled(root: Path, changes: list[FileChange], before: list[Diagnostic], after: list[Diagnostic],
             record: CheckRecord | None, write: bool) -> Committed:
    """Refuse the changes if they add an error; else write them (unless a dry run) and keep
    `record`, the check of the project as written, for the next command."""
    from commentmatrix.read.check_record import store_record
    from commentmatrix.write.atomic import write_many

    old = {_identity(d) for d in before}
    added = [d for d in after if _identity(d) not in old]
    new_errors = [d for d in added if d.is_error]
    if new_errors:
        raise EditRefused("the change would make the project invalid, so nothing was written", new_errors, root=root)
    if write:
        write_many([(inside_project(root, change.path), change.after) for change in changes])
        if record is not None:
            # For the next command's quick check. The written files have no signature in it
            # (their bytes were not on disk yet): they are read again next time.
            store_record(root, record)
    return Committed(changes, [d for d in after if d.is_error], [d for d in added if not d.is_error])


def _identity(diagnostic: Diagnostic) -> tuple:
    # Lines move when an edit adds lines above a problem; what it says stays the same.
    return (diagnostic.path, diagnostic.severity, diagnostic.rule, diagnostic.message)
