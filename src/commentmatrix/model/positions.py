"""What the core needs of a file it was read from: its path, its data, and where each value is.

The reader's YamlDocument provides this; the model and the checks depend only on the protocol,
so they never import the YAML reader (and tests can hand them any object of this shape).
"""

from __future__ import annotations

from typing import Any, Protocol

Path = tuple[str | int, ...]


class SourceDocument(Protocol):
    path: str
    data: Any
    # What the reader learned about the data while reading it (language codes used, characters
    # Word cannot hold), so the checks need not walk it again.
    facts: dict[str, Any]

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`, or of its key."""
        ...

    def raw_scalar(self, path: Path) -> str:
        """The scalar at `path` exactly as written (`5.10`, not the float 5.1), or ''."""
        ...
