"""Read one project file from disk without trusting what is there.

Comment files arrive through pull requests, so a name ending in .yaml may be a link out of the
project (to a secret, or to /dev/zero), a link loop, a named pipe that would block a read for
ever, or a folder. Each is refused with a plain reason before any byte is read, and no file is
read past the size the YAML reader accepts.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class SourceRefused(OSError):
    """A project file that is not read, with the rule, message and hint to report."""

    def __init__(self, rule: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.rule, self.message, self.hint = rule, message, hint


def too_large(size: int, limit: int) -> SourceRefused:
    """The refusal of a file of `size` bytes, past `limit`: it is not read at all."""
    mib = 1024 * 1024
    return SourceRefused("too-large", f"the file is {size:,} bytes ({size / mib:.1f} MiB); "
                         f"cm reads files of up to {limit:,} bytes ({limit // mib} MiB)",
                         "split it: one comment file per stakeholder and round")


def read_source(root: Path, name: str, limit: int) -> bytes:
    """The bytes of root/name (a regular file inside root), at most `limit` + 1 of them.

    Raises FileNotFoundError when nothing is there, SourceRefused for what must not be read, and
    OSError (permission denied, I/O error) when the system refuses.
    """
    path = root / name
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        if path.is_symlink():
            raise SourceRefused("broken-link", f"this link points to {os.readlink(path)}, which does not exist",
                                "fix the link or delete it") from None
        raise
    except (RuntimeError, OSError) as exc:
        if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
            raise SourceRefused("broken-link", "this link leads round in a loop and never reaches a file",
                                "delete the link") from None
        raise
    if not target.is_relative_to(root):
        message = (f"this link points outside the project, to {target}" if path.is_symlink()
                   else f"this file lies outside the project, at {target}, reached through a linked folder")
        raise SourceRefused("outside-project", message, "copy the file into the project instead of linking to it")
    # O_NONBLOCK: opening a named pipe for reading must not wait for a writer.
    handle = os.open(target, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise SourceRefused("not-a-file", "this is a folder, but cm expects a YAML file here",
                                "rename the folder, or move its files up")
        if not stat.S_ISREG(mode):
            raise SourceRefused("not-a-file", "this is not a plain file (it is a pipe, socket or device)",
                                "replace it with a YAML file")
        size = os.fstat(handle).st_size
        if size > limit:
            raise too_large(size, limit)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(handle, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)
