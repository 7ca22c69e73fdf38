"""Which edit touched which text in a full check's revisions, as its record keeps it.

A decision that applies or withdraws a replace changes the revised draft only in the text the
replace's old text was found in, and the outcomes only of the edits found in that text (of two
that change the same words the first in project order applies: engine.py). The index says, for
every edit of every comment, what it is, what became of it and, for a replace found once in
the draft or a delete, which text it works on: so quick_edits.py can run again the few edits
of one text rather than the 20,000 of the project. quick_edits.index_revisions makes it.

Kept encoded until asked (most checks never read it), and then decoded file by file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
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
    #: a delete names; None for the rest (and for an edit that failed).
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
    """The entries of a check's edits, looked up by request, by text and by comment.

    Encoded as one JSON object: each comment file's entries as a JSON string of their own, and
    for each text the files whose entries work on it. A lookup decodes the files it needs: a
    decision on one replace reads the few files of one text, not the 20,000 entries of 500.
    """

    def __init__(self, entries: Iterable[EditEntry] | None = None, encoded: str | None = None,
                 neighbours: Iterable[tuple[str, str]] = ()) -> None:
        self._encoded = encoded
        self._files: dict[str, list[EditEntry] | str] = {}  # a file's entries, or their JSON
        self._texts: dict[str, list[str]] = {}  # draft NUL text -> files
        #: draft NUL paragraph, for each paragraph a delete of which may change the paragraph before
        #: one an applied insert made (language_rules: the languages it is compared with).
        self._neighbours = {f"{draft}\0{paragraph}" for draft, paragraph in neighbours}
        if entries is not None:
            for entry in entries:
                found = self._files.setdefault(entry.file, [])
                assert isinstance(found, list)
                found.append(entry)
            self._texts = _texts_of({name: found for name, found in self._files.items() if isinstance(found, list)})
        self._decoded = encoded is None
        self._by_request: dict[str, dict[tuple[str | int, ...], EditEntry]] = {}

    def _decode(self) -> None:
        if not self._decoded:
            assert self._encoded is not None
            data = json.loads(self._encoded)
            self._files, self._texts, self._neighbours = data["files"], data["texts"], set(data["neighbours"])
            self._decoded = True

    def of_file(self, name: str) -> list[EditEntry]:
        self._decode()
        found = self._files.get(name, [])
        if isinstance(found, str):
            make = EditEntry._make
            found = self._files[name] = [make((name, tuple(path), kind, status, draft, text))
                                         for path, kind, status, draft, text in json.loads(found)]
        return found

    def status_of(self, key: RequestKey) -> str | None:
        entry = self.by_request(key)
        return entry.status if entry is not None else None

    def by_request(self, key: RequestKey) -> EditEntry | None:
        name, path = key
        if name not in self._by_request:
            self._by_request[name] = {entry.path: entry for entry in self.of_file(name)}
        return self._by_request[name].get(path)

    def on_text(self, draft: str, text: str) -> list[EditEntry]:
        self._decode()
        return [entry for name in self._texts.get(f"{draft}\0{text}", ()) for entry in self.of_file(name)
                if entry.text == text and entry.draft == draft]

    def is_neighbour(self, draft: str, paragraph: str) -> bool:
        """Whether a delete of the paragraph, made or taken back, may change which paragraph comes
        before one an applied insert made (language_rules compares their languages)."""
        self._decode()
        return f"{draft}\0{paragraph}" in self._neighbours

    def of_comment(self, name: str, place: int) -> list[EditEntry]:
        return [entry for entry in self.of_file(name) if entry.path[1] == place]

    @property
    def encoded(self) -> str:
        if self._encoded is None:
            files = {name: found if isinstance(found, str) else
                     json.dumps([[list(e.path), e.kind, e.status, e.draft, e.text] for e in found], ensure_ascii=False,
                                separators=(",", ":"))
                     for name, found in self._files.items()}
            self._encoded = json.dumps({"files": files, "texts": self._texts, "neighbours": sorted(self._neighbours)},
                                       ensure_ascii=False, separators=(",", ":"))
        return self._encoded

    def updated(self, found: dict[RequestKey, EditEntry], gone: set[RequestKey]) -> EditIndex:
        """The index with the entries of `found` for theirs (new ones at the end of their file's),
        none of `gone`; the other files' entries as they were (still encoded, if they were)."""
        self._decode()
        touched = {name for name, _ in [*found, *gone]}
        changed: dict[str, list[EditEntry]] = {}
        for name in touched:
            own = self.of_file(name)
            known = {entry.path for entry in own}
            changed[name] = [*(found.get(entry.key, entry) for entry in own if entry.key not in gone),
                             *(entry for key, entry in found.items() if key[0] == name and key[1] not in known)]
        new = EditIndex()
        new._files, new._neighbours = {**self._files, **changed}, set(self._neighbours)
        texts = {key: [name for name in names if name not in touched] for key, names in self._texts.items()}
        for key, names in _texts_of(changed).items():
            texts.setdefault(key, []).extend(names)
        new._texts = {key: names for key, names in texts.items() if names}
        return new


def _texts_of(files: dict[str, list[EditEntry]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, entries in files.items():
        for key in dict.fromkeys(f"{entry.draft}\0{entry.text}" for entry in entries if entry.text is not None):
            found.setdefault(key, []).append(name)
    return found
