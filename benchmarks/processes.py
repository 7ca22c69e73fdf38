"""One command timed as a fresh process, as a user waits for it: wall clock and CPU seconds."""

from __future__ import annotations

import resource
import subprocess
import time


def timed(command: list[str], env: dict[str, str], expect: int = 0) -> tuple[float, float]:
    """(wall clock, CPU: user + system) seconds of one run of `command`, which must exit `expect`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != expect:
        raise SystemExit(f"{' '.join(command[2:])} exited {result.returncode}, not {expect}: "
                         f"{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
