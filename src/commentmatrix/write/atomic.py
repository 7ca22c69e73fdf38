"""Where outputs go and how every file is written: whole or not at all.

Writes go to a temporary file beside the target, are flushed to disk, then renamed over it,
so a crash or Ctrl-C leaves the old file whole. Default outputs live in the project's build/
folder and never overwrite a source file.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from glob import escape as glob_escape
from pathlib import Path

from commentmatrix.model.errors import UsageError
from commentmatrix.model.project import (
    BUILD_DIR,
    COMMENTS_DIR,
    CONFIG_NAME,
    DRAFTS_DIR,
    TEMPLATES_DIR,
)


class OutputRefused(UsageError):
    """The output path would overwrite a project source file."""


class WriteFailed(OSError):
    """A file could not be written (disk full, no permission); the files are as they were."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"cannot write {path}: {reason}")
        self.path, self.reason = path, reason


def write_atomic(path: Path, data: bytes) -> None:
    write_many([(path, data)])


def write_many(items: list[tuple[Path, bytes]]) -> None:
    """Write several files, each whole or not at all: every new content is staged and synced
    beside its target before the first rename, so a full disk changes none of them."""
    staged: list[tuple[str, Path]] = []
    path = items[0][0] if items else Path()
    try:
        for path, data in items:
            _stage(path, data, staged)
        for temporary, path in staged:
            os.replace(temporary, path)
    except BaseException as exc:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        if isinstance(exc, OSError) and not isinstance(exc, WriteFailed):
            raise WriteFailed(path, exc.strerror or str(exc)) from exc
        raise


def _stage(path: Path, data: bytes, staged: list[tuple[str, Path]]) -> None:
    """Write `data` to a synced temporary file beside `path` and add it to `staged`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(path)
    # Ctrl-C and SIGTERM wait while the temporary file is created and recorded: arriving in
    # between, they would leave a file nobody knows to remove.
    interrupts = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, interrupts)
    try:
        # The writer's process id in the name lets a later run tell an abandoned temporary file
        # (its writer was killed) from one another cm process is writing right now.
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
        staged.append((temporary, path))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    # From here on write_many removes the staged file if anything fails or interrupts.
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    if path.exists():
        os.chmod(temporary, path.stat().st_mode & 0o7777)
    else:
        os.chmod(temporary, 0o666 & ~_umask())


def _remove_stale(path: Path) -> None:
    """Delete temporary files left beside `path` by a cm process that was killed (SIGKILL, power cut)."""
    prefix = f".{path.name}."
    for leftover in path.parent.glob(f"{glob_escape(prefix)}*.tmp"):
        pid = leftover.name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def default_output(root: Path, name: str) -> Path:
    """build/<name> under the project root: the README's one place for generated files."""
    return root / BUILD_DIR / name


def check_output(root: Path, path: Path) -> Path:
    """Refuse an output path that is a source file of the project (cm.yaml, drafts, comments, templates)."""
    resolved = path.resolve()
    sources = [root / CONFIG_NAME, root / DRAFTS_DIR, root / COMMENTS_DIR, root / TEMPLATES_DIR]
    for source in sources:
        source = source.resolve()
        # A folder counts before it exists: -o templates/x.html.j2 would create a template.
        if resolved == source or resolved.is_relative_to(source):
            raise OutputRefused(f"{path} is a source file of the project; write outputs elsewhere (default: {BUILD_DIR}/)")
    return resolved
