"""One command timed as a fresh process, as a user waits for it: wall clock, CPU seconds, memory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple


class Measured(NamedTuple):
    wall: float  # seconds from start to exit
    cpu: float  # user + system seconds of the process and its children
    peak_mib: float  # peak resident memory of the process


def measured(command: list[str], env: dict[str, str], *, cwd: Path | None = None, expect: int = 0,
             pin: Callable[[], None] | None = None) -> Measured:
    """One run of `command`, which must exit `expect`; its output is dropped, unless it fails.

    CPU time matters beside the wall clock on a shared machine: a process pinned to a CPU that
    other jobs also use waits for it, and only its CPU time says what it cost.
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               preexec_fn=pin)
    assert process.stderr is not None
    errors = process.stderr.read()  # read before waiting: a full pipe would block the child
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if process.returncode != expect:
        sys.exit(f"{' '.join(command)} exited {process.returncode}, not {expect}: "
                 f"{errors.decode(errors='replace')[-2000:]}")
    return Measured(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def timed(command: list[str], env: dict[str, str], expect: int = 0) -> tuple[float, float]:
    """(wall clock, CPU: user + system) seconds of one run of `command`, which must exit `expect`."""
    run = measured(command, env, expect=expect)
    return run.wall, run.cpu
