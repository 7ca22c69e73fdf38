"""The cyclic garbage collector paused while cm builds many objects that form no cycles.

Each collection walks every object the young generations hold, and a full one the whole heap:
while a step allocates hundreds of thousands of objects it means to keep (a project, a node
tree, a rendered view), the collector walks them again and again and frees nothing. Reference
counting still frees what the step drops; the collector resumes, as it was, when the step ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off while the block runs, and as it was before once it ends (even by an
    exception): a block inside another leaves it off for the outer one."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
