"""A transient progress bar on the terminal for commands that take more than a moment.

Shown only when stderr is a terminal (never in a pipe, a CI log or a redirected file), and only
once the command has run for half a second, so quick runs print nothing extra. It is cleared
before the command prints its result.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from commentmatrix.model.inert import one_line

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

DELAY = 0.5


class Activity:
    """What the command is doing now: a description, and a count when there is one."""

    def __init__(self, enabled: bool):
        self._lock = threading.Lock()
        # The bar and its current task, once shown; the two are set and cleared together.
        self._shown: tuple[Progress, TaskID] | None = None
        self._state: tuple[str, int | None, int] = ("", None, 0)
        self._timer = threading.Timer(DELAY, self._show) if enabled else None
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()

    def step(self, description: str, total: int | None = None) -> None:
        with self._lock:
            self._state = (one_line(description), total, 0)
            if self._shown is not None:
                # A new task: a step without a count shows a moving bar, not the last step's count.
                progress, task = self._shown
                progress.remove_task(task)
                self._shown = (progress, self._add_task(progress))

    def advance(self, done: int, total: int) -> None:
        """For core functions that report (done, total) as they go."""
        with self._lock:
            self._state = (self._state[0], total, done)
            if self._shown is not None:
                progress, task = self._shown
                progress.update(task, total=total, completed=done, count=f"{done:,}/{total:,}")

    def close(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            if self._shown is not None:
                self._shown[0].stop()
                self._shown = None

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with self._lock:
            progress = Progress(TextColumn("{task.description}", markup=False), BarColumn(), TextColumn("{task.fields[count]}"),
                                TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self._shown = (progress, self._add_task(progress))
            progress.start()

    def _add_task(self, progress: Progress) -> TaskID:
        description, total, done = self._state
        count = f"{done:,}/{total:,}" if total is not None else ""
        return progress.add_task(description, total=total, completed=done, count=count)


def _wanted() -> bool:
    if os.environ.get("CI") or os.environ.get("CM_NO_PROGRESS") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stderr.isatty()


@contextmanager
def activity() -> Iterator[Activity]:
    shown = Activity(_wanted())
    try:
        yield shown
    finally:
        shown.close()
