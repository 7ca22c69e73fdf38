"""Work done by a forked copy of this process while this one goes on, its result sent back as
pieces of bytes: what two CPUs make of the work a command does after reading (cm status counts
its facts while the check runs).

The child shares the loaded project through the fork (nothing is copied or sent to it) and
sends back only bytes, which the caller decodes; it runs no exit handlers and writes nothing
else. A child that fails or dies sends nothing whole, and the caller does the work itself.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Sequence

from commentmatrix.read.documents import can_fork, cpus, usable_cpus, widen_pipe

_LENGTH = struct.Struct("<Q")


def worth_forking() -> bool:
    """Whether a fork can run beside this process: more than one CPU to run on, not turned off
    (CM_WORKERS=1), and a system that forks as Linux does."""
    return usable_cpus() > 1 and cpus() > 1 and can_fork()


def forked(work: Callable[[], Sequence[bytes | memoryview]]) -> Callable[[], list[bytes] | None]:
    """Start `work` in a forked process; the function returned waits for its pieces and gives
    them, or None when the child failed before it sent them all."""
    reader, writer = os.pipe()
    widen_pipe(writer)
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        code = 1
        try:
            pieces = work()
            with os.fdopen(writer, "wb") as out:
                out.write(_LENGTH.pack(len(pieces)))
                for piece in pieces:
                    out.write(_LENGTH.pack(len(piece)))
                    out.write(piece)
            code = 0
        finally:
            os._exit(code)  # the parent's exit handlers and buffers are the parent's
    os.close(writer)

    def result() -> list[bytes] | None:
        with os.fdopen(reader, "rb") as incoming:
            received = incoming.read()
        _, status = os.waitpid(pid, 0)
        if status != 0:
            return None
        return _pieces(received)

    return result


def _pieces(received: bytes) -> list[bytes] | None:
    view = memoryview(received)
    if len(view) < _LENGTH.size:
        return None
    (count,), at, pieces = _LENGTH.unpack_from(view), _LENGTH.size, []
    for _ in range(count):
        if len(view) - at < _LENGTH.size:
            return None
        (length,) = _LENGTH.unpack_from(view, at)
        at += _LENGTH.size
        if len(view) - at < length:
            return None
        pieces.append(bytes(view[at:at + length]))
        at += length
    return pieces if at == len(view) else None
