"""Which edit touched which text in a full check's revisions, as its record keeps it.

A decision that applies or withdraws a replace changes the revised draft only in the text the
replace's old text was found in, and the outcomes only of the edits found in that text (of two
that change the same words the first in project order applies: engine.py). The index says, for
every edit of every comment, what it is, what became of it, for a replace found once in the
draft or a delete which text it works on, and the places it names (an insert's anchor and new
id): so quick_edits.py can run again the few edits of one text, or of the section an insert
puts its paragraph in, rather than the 20,000 of the project. It also keeps the comments'
targets that are no place of the draft as drafted, and the paragraphs before new ones.
quick_edits.index_revisions makes it.

Kept encoded until asked (most checks never read it), and then decoded file by file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
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
    #: The places the edit names, found or not: a replace's scope, a delete's paragraph, an
    #: insert's anchor and new id (quick_edits.names_of). What a new paragraph changes reaches
    #: every edit that names its id or its section.
    names: tuple[str, ...] = ()

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
                 neighbours: Iterable[tuple[str, str]] = (), new_targets: Iterable[tuple[str, str]] = ()) -> None:
        self._encoded = encoded
        self._files: dict[str, list[EditEntry] | str] = {}  # a file's entries, or their JSON
        self._texts: dict[str, list[str]] = {}  # draft NUL text -> files
        self._named: dict[str, list[str]] = {}  # draft NUL place named -> files
        #: draft NUL paragraph, for each paragraph a delete of which may change the paragraph before
        #: one an applied insert made (language_rules: the languages it is compared with).
        self._neighbours = {f"{draft}\0{paragraph}" for draft, paragraph in neighbours}
        #: draft NUL target, for each comment target that is not a place of its draft as drafted
        #: (one an insert makes, or none): whether such a place is there reads the revision.
        self._new_targets = {f"{draft}\0{target}" for draft, target in new_targets}
        if entries is not None:
            for entry in entries:
                found = self._files.setdefault(entry.file, [])
                assert isinstance(found, list)
                found.append(entry)
            files = {name: found for name, found in self._files.items() if isinstance(found, list)}
            self._texts, self._named = _texts_of(files), _named_in(files)
        self._decoded = encoded is None
        self._by_request: dict[str, dict[tuple[str | int, ...], EditEntry]] = {}

    def _decode(self) -> None:
        if not self._decoded:
            assert self._encoded is not None
            data = json.loads(self._encoded)
            self._files, self._texts, self._named = data["files"], data["texts"], data["named"]
            self._neighbours, self._new_targets = set(data["neighbours"]), set(data["new_targets"])
            self._decoded = True

    def of_file(self, name: str) -> list[EditEntry]:
        self._decode()
        found = self._files.get(name, [])
        if isinstance(found, str):
            make = EditEntry._make
            found = self._files[name] = [make((name, tuple(path), kind, status, draft, text, tuple(names)))
                                         for path, kind, status, draft, text, names in json.loads(found)]
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

    def naming(self, draft: str, place: str) -> list[EditEntry]:
        """The entries of the edits that name `place` (EditEntry.names)."""
        self._decode()
        return [entry for name in self._named.get(f"{draft}\0{place}", ()) for entry in self.of_file(name)
                if place in entry.names and entry.draft == draft]

    def is_new_target(self, draft: str, target: str) -> bool:
        """Whether a comment targets `target`, a place the draft as drafted does not have."""
        self._decode()
        return f"{draft}\0{target}" in self._new_targets

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
                     json.dumps([[list(e.path), e.kind, e.status, e.draft, e.text, list(e.names)] for e in found],
                                ensure_ascii=False, separators=(",", ":"))
                     for name, found in self._files.items()}
            self._encoded = json.dumps({"files": files, "texts": self._texts, "named": self._named,
                                        "neighbours": sorted(self._neighbours), "new_targets": sorted(self._new_targets)},
                                       ensure_ascii=False, separators=(",", ":"))
        return self._encoded

    def updated(self, found: dict[RequestKey, EditEntry], gone: set[RequestKey],
                neighbours: tuple[Iterable[tuple[str, str]], Iterable[tuple[str, str]]] = ((), ())) -> EditIndex:
        """The index with the entries of `found` for theirs (new ones at the end of their file's),
        none of `gone`, and of `neighbours` (those no more, those now) for its own; the other
        files' entries as they were (still encoded, if they were)."""
        self._decode()
        touched = {name for name, _ in [*found, *gone]}
        changed: dict[str, list[EditEntry]] = {}
        for name in touched:
            own = self.of_file(name)
            known = {entry.path for entry in own}
            changed[name] = [*(found.get(entry.key, entry) for entry in own if entry.key not in gone),
                             *(entry for key, entry in found.items() if key[0] == name and key[1] not in known)]
        new = EditIndex()
        removed, added = neighbours
        new._files, new._new_targets = {**self._files, **changed}, set(self._new_targets)
        new._neighbours = (self._neighbours - {f"{draft}\0{paragraph}" for draft, paragraph in removed}) | \
            {f"{draft}\0{paragraph}" for draft, paragraph in added}
        new._texts = _moved(self._texts, touched, _texts_of(changed))
        new._named = _moved(self._named, touched, _named_in(changed))
        return new


def _moved(files_of: dict[str, list[str]], touched: set[str], now: dict[str, list[str]]) -> dict[str, list[str]]:
    """A key -> files map with the `touched` files' keys as `now` has them."""
    found = {key: [name for name in names if name not in touched] for key, names in files_of.items()}
    for key, names in now.items():
        found.setdefault(key, []).extend(names)
    return {key: names for key, names in found.items() if names}


def _texts_of(files: dict[str, list[EditEntry]]) -> dict[str, list[str]]:
    return _files_by(files, lambda entry: [entry.text] if entry.text is not None else [])


def _named_in(files: dict[str, list[EditEntry]]) -> dict[str, list[str]]:
    return _files_by(files, lambda entry: entry.names)


def _files_by(files: dict[str, list[EditEntry]], keys_of: Callable[[EditEntry], Iterable[str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, entries in files.items():
        for key in dict.fromkeys(f"{entry.draft}\0{key}" for entry in entries for key in keys_of(entry)):
            found.setdefault(key, []).append(name)
    return found
