"""The cyclic garbage collector paused while cm builds many objects that form no cycles.

Each collection walks every object the young generations hold, and a full one the whole heap:
while a step allocates hundreds of thousands of objects it means to keep (a project, a node
tree, a rendered view), the collector walks them again and again and frees nothing. Reference
counting still frees what the step drops; the collector resumes, as it was, when the step ends.

What the step made is walked once by the first collection after it, unless it is frozen
(gc.freeze) before the pause ends: the pause itself allocates nothing as it ends (a generator's
context manager would, and set that collection off before a caller's freeze could come).
"""

from __future__ import annotations

import gc
from types import TracebackType


class _Pause:
    def __enter__(self) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None) -> None:
        if self.was_enabled:
            gc.enable()


#: New objects that start a collection in a run of cm; Python's default, 700, suits a program
#: that runs for hours. A cm run is short, and what it makes before its command's work (its
#: modules, typer's, pydantic's and the format's models: tens of thousands of objects) stays until
#: it ends and holds no garbage: at 700 a warm `cm status` on the example made ~57 collections
#: after cm's entry that walked it all, twice over, and freed nothing (about 10 ms). At 100,000
#: such a run ends before the first; a larger one still collects, 140 times less often, each
#: time what came since (its project, loaded with the collector paused, is frozen, never walked).
RUN_THRESHOLD = 100_000


def set_for_a_short_run() -> None:
    """The collector's threshold for a run of cm (RUN_THRESHOLD), set where the run starts."""
    gc.set_threshold(RUN_THRESHOLD)


def collector_paused() -> _Pause:
    """The collector off while the block runs, and as it was before once it ends (even by an
    exception): a block inside another leaves it off for the outer one."""
    return _Pause()
