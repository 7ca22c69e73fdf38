"""Which edit touched which text in a full check's revisions, as its record keeps it.

A decision that applies or withdraws a replace changes the revised draft only in the text the
replace's old text was found in, and the outcomes only of the edits found in that text (of two
that change the same words the first in project order applies: engine.py). The index says, for
every edit of every comment, what it is, what became of it and, for a replace found once in
the draft or a delete, which text it works on: so quick_edits.py can run again the few edits
of one text rather than the 20,000 of the project. quick_edits.index_revisions makes it.

Kept encoded (JSON in one string) until asked: most checks never read it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cached_property
from typing import NamedTuple

#: A request's place: (comment file, its path in the file: comments, index, proposal|response...).
RequestKey = tuple[str, tuple[str | int, ...]]


class EditEntry(NamedTuple):
    file: str
    path: tuple[str | int, ...]  # EditRequest.path
    kind: str  # revision.EditKind
    status: str  # revision.Status
    draft: str
    #: The text a replace's old text was found in (once, in whole characters), or the paragraph
    #: a delete names; None for the rest.
    text: str | None

    @property
    def key(self) -> RequestKey:
        return self.file, self.path

    @property
    def comment(self) -> tuple[str, int]:
        index = self.path[1]
        assert isinstance(index, int)
        return self.file, index


class EditIndex:
    """The entries of a check's edits, looked up by request, by text and by comment."""

    def __init__(self, entries: Iterable[EditEntry] | None = None, encoded: str | None = None) -> None:
        self._entries = list(entries) if entries is not None else None
        self._encoded = encoded

    @cached_property
    def entries(self) -> list[EditEntry]:
        if self._entries is not None:
            return self._entries
        assert self._encoded is not None
        files, rows = json.loads(self._encoded)
        make = EditEntry._make
        return [make((files[file], tuple(path), kind, status, draft, text)) for file, path, kind, status, draft, text in rows]

    @property
    def encoded(self) -> str:
        if self._encoded is None:
            files: dict[str, int] = {}
            rows = [[files.setdefault(e.file, len(files)), list(e.path), e.kind, e.status, e.draft, e.text]
                    for e in self.entries]
            self._encoded = json.dumps([list(files), rows], ensure_ascii=False, separators=(",", ":"))
        return self._encoded

    @cached_property
    def by_request(self) -> dict[RequestKey, EditEntry]:
        return {entry.key: entry for entry in self.entries}

    @cached_property
    def by_text(self) -> dict[tuple[str, str], list[EditEntry]]:
        found: dict[tuple[str, str], list[EditEntry]] = {}
        for entry in self.entries:
            if entry.text is not None:
                found.setdefault((entry.draft, entry.text), []).append(entry)
        return found

    @cached_property
    def by_comment(self) -> dict[tuple[str, int], list[EditEntry]]:
        found: dict[tuple[str, int], list[EditEntry]] = {}
        for entry in self.entries:
            found.setdefault((entry.file, entry.path[1]), []).append(entry)  # type: ignore[arg-type]  # always an int
        return found

    def updated(self, found: dict[RequestKey, EditEntry], gone: set[RequestKey]) -> EditIndex:
        """The index with the entries of `found` for theirs (new ones at the end), none of `gone`."""
        kept = [found.get(entry.key, entry) for entry in self.entries if entry.key not in gone]
        known = self.by_request
        return EditIndex([*kept, *(entry for key, entry in found.items() if key not in known)])
