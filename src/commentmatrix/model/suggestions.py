""""Did you mean ...?": the closest known name to a mistyped one, worded the same everywhere."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(name: str, known: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The known name most like `name` (not `name` itself), or None when none is close enough."""
    matches = difflib.get_close_matches(name, [k for k in known if k != name], n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(name: str, known: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    found = closest(name, known, cutoff=cutoff)
    return f"did you mean '{found}'?" if found else None
