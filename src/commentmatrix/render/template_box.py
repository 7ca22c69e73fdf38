"""Templates in a box: a template renders in a forked child with CPU, memory, output and wall-clock limits.

Templates arrive through pull requests like comment files, and Jinja's sandbox guards what a
template may touch, not how much it may do: `'{:>999999999}'.format(1)`, a doubling loop or a
doubly recursive macro each run until the OOM killer or the CI timeout. No list of forbidden
operations can be complete, so the operating system bounds them all: the child gets an address
space limit (RLIMIT_AS) above what the parent already holds, a CPU limit (RLIMIT_CPU), and the
parent reads its output with a byte count and a deadline, killing it past either.

A fork rather than a fresh interpreter: the context (the project's views) is inherited, not
pickled, and the child starts in a millisecond. Where fork or the limits are missing (not
Linux), the template renders in process with the sandbox's own checks only.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import os
import resource
import select
import signal
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class TemplateLimits:
    cpu_seconds: int
    memory_bytes: int
    output_bytes: int
    wall_seconds: int


# What a template may spend grows with the project it renders: these are far above what cm's own
# templates need (the HTML matrix of 50,000 comments: 28 s and 491 MiB for the whole command).
_BASE = TemplateLimits(cpu_seconds=60, memory_bytes=1024 * MIB, output_bytes=256 * MIB, wall_seconds=180)
_PER_ITEM = TemplateLimits(cpu_seconds=0, memory_bytes=32 * 1024, output_bytes=16 * 1024, wall_seconds=0)
_CPU_ITEMS_PER_SECOND = 1000

# The runner (a CI job, a secretariat's machine) may set its own; a pull request cannot.
ENVIRONMENT = {
    "cpu_seconds": ("CM_TEMPLATE_CPU_SECONDS", 1),
    "memory_bytes": ("CM_TEMPLATE_MEMORY_MB", MIB),
    "output_bytes": ("CM_TEMPLATE_OUTPUT_MB", MIB),
    "wall_seconds": ("CM_TEMPLATE_WALL_SECONDS", 1),
}


class LimitReached(Exception):
    """A limit ("cpu", "output") met while the template runs: raised where the template is, so
    the traceback still points at its line. The CPU limit's warning signal raises it in the child."""


class BadLimit(ValueError):
    pass


def limits_for(items: int, environ: Mapping[str, str] | None = None) -> TemplateLimits:
    """The limits for rendering a project of `items` comments and paragraphs."""
    if environ is None:
        environ = os.environ
    cpu = _BASE.cpu_seconds + items // _CPU_ITEMS_PER_SECOND
    values = {
        "cpu_seconds": cpu,
        "memory_bytes": _BASE.memory_bytes + items * _PER_ITEM.memory_bytes,
        "output_bytes": _BASE.output_bytes + items * _PER_ITEM.output_bytes,
        "wall_seconds": max(_BASE.wall_seconds, 3 * cpu),
    }
    for field, (variable, unit) in ENVIRONMENT.items():
        given = environ.get(variable)
        if given is None or not given.strip():
            continue
        text = given.strip()
        if not (text.isascii() and text.isdigit()) or int(text) == 0:
            raise BadLimit(f"{variable} is '{given}', not a whole number above 0")
        values[field] = int(text) * unit
    if "CM_TEMPLATE_WALL_SECONDS" not in environ and "CM_TEMPLATE_CPU_SECONDS" in environ:
        values["wall_seconds"] = 3 * values["cpu_seconds"] + 5
    return TemplateLimits(**values)


def can_box() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux")


@dataclass(frozen=True)
class Outcome:
    """What came back: the text, or the reason it did not (a message from the template's own
    error handling, or which limit stopped it)."""

    text: str | None = None
    problem: str | None = None
    limit: str | None = None  # "cpu", "memory", "output", "wall", or "signal N"


_TEXT, _PROBLEM, _LIMIT = b"T", b"P", b"L"


def run_in_box(render: Callable[[], str], limits: TemplateLimits, on_problem: type[Exception]) -> Outcome:
    """Run `render` in a child under `limits`. `render` raises `on_problem` (with a finished
    message) for a template's own failures; anything else the child meets is a limit or a crash."""
    # The child's answer goes into a file in memory, read once it has ended: a pipe would hand a
    # large matrix over 64 KiB at a time (a quarter of a second for 30 MB). The pipe only tells
    # the parent, by closing, that the child has ended, so the wait can have a deadline.
    answer = _memory_file()
    reader, writer = os.pipe()
    # The child's collector then leaves the inherited objects (and their pages) alone. The parent
    # thaws them only if nothing was frozen before: a loaded project frozen by open_project stays
    # out of the collector's sight, or every later collection would walk it all again.
    thaw = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        pid = os.fork()
    except OSError:
        if thaw:
            gc.unfreeze()
        for descriptor in (reader, writer, answer):
            os.close(descriptor)
        raise
    if pid == 0:  # the child: never returns
        os.close(reader)
        _child(render, limits, on_problem, answer)
    if thaw:
        gc.unfreeze()
    os.close(writer)
    try:
        ended = _wait_for_end(pid, reader, limits)
        return _outcome(ended, answer, limits)
    finally:
        os.close(reader)
        os.close(answer)


def _memory_file() -> int:
    if hasattr(os, "memfd_create"):
        return os.memfd_create("cm-template", os.MFD_CLOEXEC)
    import tempfile

    with tempfile.TemporaryFile() as handle:
        return os.dup(handle.fileno())


def _child(render: Callable[[], str], limits: TemplateLimits, on_problem: type[Exception], answer: int) -> None:
    code = 0
    try:
        # Nothing the child meets reaches the terminal (a crash report, a warning): it speaks only
        # through its answer, and the parent words what it says.
        quiet = os.open(os.devnull, os.O_RDWR)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        faulthandler.disable()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGXCPU, _cpu_warning)
        # The soft CPU limit raises LimitReached between two Python steps; the hard one, two
        # seconds on, ends a single C call (one huge str.ljust) that never returns to Python.
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 2))
        resource.setrlimit(resource.RLIMIT_AS, (_address_space() + limits.memory_bytes,) * 2)
        try:
            tag, message = _TEXT, render().encode("utf-8", "surrogatepass")
        except LimitReached as exc:
            tag, message = _LIMIT, (exc.args[0] if exc.args else "cpu").encode("ascii", "replace") + b"\n"
        except MemoryError:
            tag, message = _LIMIT, b"memory\n"
        except on_problem as exc:
            tag, message = _PROBLEM, str(exc).encode("utf-8", "replace")
        if len(message) > limits.output_bytes:
            tag, message = _LIMIT, b"output\n"
        _send(answer, tag)
        _send(answer, message)
    except BaseException:  # noqa: BLE001 - a child must end here, whatever happened
        code = 70
    finally:
        os._exit(code)


def _cpu_warning(signum, frame) -> None:
    raise LimitReached("cpu")


def _address_space() -> int:
    with open("/proc/self/statm", "rb") as statm:
        pages = int(statm.read().split()[0])
    return pages * resource.getpagesize()


def _send(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


@dataclass(frozen=True)
class _Ended:
    status: int
    cpu_used: float
    stopped: str | None  # "wall" when the parent had to kill it


def _wait_for_end(pid: int, reader: int, limits: TemplateLimits) -> _Ended:
    deadline = time.monotonic() + limits.wall_seconds
    stopped: str | None = None
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                stopped = "wall"
                _kill(pid)
                break
            ready, _, _ = select.select([reader], [], [], min(left, 1.0))
            if ready and not os.read(reader, 1):
                break
    except BaseException:  # Ctrl-C while waiting: the child goes with the parent
        _kill(pid)
        _reap(pid)
        raise
    status, cpu_used = _reap(pid)
    return _Ended(status, cpu_used, stopped)


def _outcome(ended: _Ended, answer: int, limits: TemplateLimits) -> Outcome:
    if ended.stopped is not None:
        return Outcome(limit=ended.stopped)
    size = os.fstat(answer).st_size
    if size > limits.output_bytes + 1:
        return Outcome(limit="output")
    data = os.pread(answer, size, 0) if size else b""
    tag, body = data[:1], data[1:]
    if tag == _TEXT and os.WIFEXITED(ended.status) and len(data) == size:
        return Outcome(text=body.decode("utf-8", "surrogatepass"))
    if tag == _PROBLEM:
        return Outcome(problem=body.decode("utf-8", "replace"))
    if tag == _LIMIT:
        kind, _, _ = body.partition(b"\n")
        return Outcome(limit=kind.decode("ascii", "replace"))
    if os.WIFSIGNALED(ended.status):
        number = os.WTERMSIG(ended.status)
        # SIGKILL is also the OOM killer's: only a child that spent its CPU time hit that limit.
        if number in (signal.SIGXCPU, signal.SIGKILL) and ended.cpu_used >= limits.cpu_seconds - 0.5:
            return Outcome(limit="cpu")
        return Outcome(limit=f"signal {signal.Signals(number).name}")
    # Ended without an answer: the child could not even report (memory gone while encoding).
    return Outcome(limit="memory")


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _reap(pid: int) -> tuple[int, float]:
    """The child's exit status and the CPU seconds it used."""
    while True:
        try:
            _, status, usage = os.wait4(pid, 0)
            return status, usage.ru_utime + usage.ru_stime
        except InterruptedError:
            continue
        except ChildProcessError:
            return 0, 0.0
