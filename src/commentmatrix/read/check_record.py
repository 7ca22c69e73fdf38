"""The record of a project's last full check, kept in the cache folder (quick_check.py).

One record per project folder, signed like a parse entry (read/documents.py): a record planted
or edited in a shared cache folder is not trusted, and the check runs in full.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import struct
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from commentmatrix.model.check_record import CheckRecord, SinceRecord
from commentmatrix.model.diagnostics import Diagnostic, Severity
from commentmatrix.model.edit_index import EditIndex
from commentmatrix.model.errors import Refusal
from commentmatrix.model.format import Acknowledgement
from commentmatrix.model.project import CommentSource, Project, is_comment_file
from commentmatrix.model.status_facts import (
    Bytes,
    CommentFacts,
    FileFacts,
    FileOutline,
    FilePart,
    ObjectionFacts,
    StatusFacts,
    SuspectFacts,
)
from commentmatrix.read.documents import (
    UNREADABLE,
    KnownReading,
    cache_folder,
    code_fingerprint,
    parsed_data,
    pickled,
    read_pickled,
    read_signed_view,
    store_signed_parts,
)
from commentmatrix.read.forked import forked, worth_forking
from commentmatrix.read.loader import ProjectFiles, load_project

RECORD_FORMAT = 7
RECORD_FOLDER = "checks"
MAX_RECORD_BYTES = 256 * 1024 * 1024
_OLD_DATA_LIMIT = 512 * 1024 * 1024
#: The share of the record's bytes the files written beside it may reach; beyond, it is written whole.
BESIDE_SHARE = 0.25
#: Below this many comments, forking to count cm status's facts costs more than it saves.
FORKED_FACTS_COMMENTS = 5000


def _record_key(root: Path) -> str:
    # By the code that made it, not only cm's version: other rules would have found other problems.
    digest = hashlib.blake2b(f"{RECORD_FORMAT}\0{code_fingerprint()}\0{root.resolve()}".encode(), digest_size=20)
    return digest.hexdigest()


def _path(cache: Path, key: str) -> Path:
    return cache / RECORD_FOLDER / f"{key}.record"


# A status after a change of words changes the facts of one file in 500: rather than write the
# whole record again (48 MB at 100,000 comments, most of a warm status's time), the files whose
# facts are not the record's are written beside it, with the record's head (the new keys,
# problems, signatures), in a signed file bound to the record by its signature; read, they take
# their places in it. A record written whole again leaves what was beside the last one unread
# (bound to another signature), and removes it.

def _beside_path(cache: Path, key: str) -> Path:
    return cache / RECORD_FOLDER / f"{key}.beside.record"


def _beside_key(key: str) -> str:
    return f"{key}.beside"


def read_record(root: Path) -> CheckRecord | None:
    """The record of `root`'s last check, if the cache is on and it is there, signed, of this
    version of cm and of this folder."""
    cache = cache_folder()
    if cache is None:
        return None
    key = _record_key(root)
    found = read_signed_view(_path(cache, key), key, MAX_RECORD_BYTES)
    if found is None:
        return None
    signature, payload = found
    # One part for the record, then _LINES per comment file of cm status's facts (_lines).
    parts = _parts(payload)
    if not parts or (len(parts) - 1) % _LINES:
        return None
    head, *lines = parts
    try:
        data = json.loads(bytes(head))
        kept = (_path(cache, key), _beside_path(cache, key))
        files = [_file(lines[i:i + _LINES], (signature, i // _LINES), kept) for i in range(0, len(lines), _LINES)]
        beside = read_signed_view(_beside_path(cache, key), _beside_key(key), MAX_RECORD_BYTES)
        if beside is not None:
            data, files = _with_beside(data, files, signature, beside[1], kept)
        if data["format"] != RECORD_FORMAT or data["root"] != str(root.resolve()):
            return None
        problems = [(origin, Diagnostic(path, line, column, Severity(severity), rule, message, hint))
                    for origin, path, line, column, severity, rule, message, hint in data["problems"]]
        facts = StatusFacts(files) if data["facts"] else None
        signatures = {name: tuple(signature) for name, signature in data["signatures"].items()}
        words = {name: (key, digest) for name, (key, digest) in data["words"].items()}
        edits = EditIndex(encoded=data["edits"]) if isinstance(data["edits"], str) else None
        return CheckRecord(list(data["names"]), dict(data["keys"]), set(data["loaded"]), problems, facts, signatures,
                           words, set(data["named"]), edits)
    except (*UNREADABLE, ValueError, KeyError, TypeError, IndexError):  # a model's ValidationError is a ValueError
        return None  # signed but not of this shape: the check runs in full


def _with_beside(data: dict[str, Any], files: list[FileFacts], signature: bytes, beside: memoryview,
                 kept: tuple[Path, ...]) -> tuple[dict[str, Any], list[FileFacts]]:
    """The record's head and files as what was written beside it says, if it was written
    beside this record (`signature`); else as they are."""
    parts = _parts(beside)
    if not parts:
        return data, files
    head, *lines = parts
    found = json.loads(bytes(head))
    if found["record"] != signature.decode() or found["count"] != len(files) or \
            len(lines) != _LINES * len(found["replaced"]):
        return data, files
    files = list(files)
    for place, index in enumerate(found["replaced"]):
        files[index] = _file(lines[place * _LINES:(place + 1) * _LINES], None, kept)
    return found, files


def store_record(root: Path, record: CheckRecord) -> None:
    """Keep `record` for `root` (nothing when the cache is off or cannot be written)."""
    cache = cache_folder()
    if cache is None:
        return
    key = _record_key(root)
    head = {
        "format": RECORD_FORMAT, "root": str(root.resolve()), "names": record.names, "keys": record.keys,
        "loaded": sorted(record.loaded),
        "problems": [[origin, d.path, d.line, d.column, d.severity.value, d.rule, d.message, d.hint]
                     for origin, d in record.problems],
        "facts": record.facts is not None, "signatures": record.signatures, "words": record.words,
        "named": sorted(record.named), "edits": record.edits.encoded if record.edits is not None else None,
    }
    # Those of the facts read from the record (the unchanged files') are stored as they were read.
    files = record.facts.files if record.facts is not None else []
    written = {id(file): file.encoded or _lines(file) for file in files}
    signature = _kept_record(files)
    if signature is not None:
        replaced = [index for index, file in enumerate(files) if file.stored != (signature, index)]
        size = sum(len(line) for file in files for line in written[id(file)])
        if sum(len(line) for index in replaced for line in written[id(files[index])]) < BESIDE_SHARE * size:
            store_signed_parts(_beside_path(cache, key), _beside_key(key), _framed([
                _encoded({**head, "record": signature.decode(), "count": len(files), "replaced": replaced}),
                *(line for index in replaced for line in written[id(files[index])])]))
            return
    store_signed_parts(_path(cache, key), key,
                       _framed([_encoded(head), *(line for file in files for line in written[id(file)])]))
    with contextlib.suppress(OSError):  # one left behind is bound to the record replaced
        _beside_path(cache, key).unlink(missing_ok=True)


def _kept_record(files: list[FileFacts]) -> bytes | None:
    """The signature of the record most of `files` were read from at their places, if any."""
    counted: dict[bytes, int] = {}
    for index, file in enumerate(files):
        if file.stored is not None and file.stored[1] == index:
            counted[file.stored[0]] = counted.get(file.stored[0], 0) + 1
    return max(counted, key=counted.__getitem__) if counted else None


# A record is a sequence of parts, each after its length: pickles hold any byte.
_LENGTH = struct.Struct("<I")


def _framed(parts: list[Bytes]) -> list[Bytes]:
    framed: list[Bytes] = []
    for part in parts:
        framed += (_LENGTH.pack(len(part)), part)
    return framed


def _parts(payload: memoryview) -> list[memoryview] | None:
    """The parts of a signed record: views, not copies (most are only stored again as they
    are); None when its lengths do not add up."""
    parts, at, end = [], 0, payload.nbytes
    while at < end:
        if end - at < _LENGTH.size:
            return None
        (length,) = _LENGTH.unpack_from(payload, at)
        at += _LENGTH.size
        if end - at < length:
            return None
        parts.append(payload[at:at + length])
        at += length
    return parts


def load_since(root: Path, record: CheckRecord) -> SinceRecord:
    """The project at `root` as far as it changed since `record` (see SinceRecord)."""
    return loaded_since(load_part(root, record, set()), record)


def files_naming(root: Path, record: CheckRecord, ids: list[str]) -> set[str] | None:
    """The comment files of the record whose bytes name one of `ids` (each at least the file
    holding it, whatever else names it); None when one of the ids is in none of them."""
    found: set[str] = set()
    wanted = {comment_id: comment_id.encode() for comment_id in ids}
    named: set[str] = set()
    files = ProjectFiles(root)
    for name in record.names:
        if not is_comment_file(name):
            continue
        try:
            # Read as the loader reads (its limits; no link out, no pipe, no device): a file it
            # refuses makes the edit go through the whole project, which says why.
            raw = files.read(name)
        except OSError:  # SourceRefused is one
            return None
        hits = [comment_id for comment_id, encoded in wanted.items() if encoded in raw]
        if hits:
            found.add(name)
            named.update(hits)
    return found if named == set(wanted) else None


def load_part(root: Path, record: CheckRecord, files: set[str], source: ProjectFiles | None = None,
              known: Mapping[str, KnownReading] | None = None, earlier: Project | None = None) -> Project:
    """The project at `root` as far as it changed since `record`, and the comment files `files`
    whatever they hold: what an edit of their comments reads (write/transaction.edit_in_part).
    The other comment files are only hashed, or vouched for by their signatures."""

    def unchanged(name: str, key: str) -> bool:
        return name not in files and record.keys.get(name) == key

    settled = {name: (signature, record.keys[name]) for name, signature in record.signatures.items() if name in record.keys}
    return load_project(root, source, known=known, earlier=earlier, skip=unchanged, settled=settled)


def loaded_since(project: Project, record: CheckRecord) -> SinceRecord:
    """A project loaded whole (cm status needs it all) or in part (load_part), with what changed
    in it since `record`."""
    changed = [name for name in project.files if is_comment_file(name)
               and name in project.file_keys and project.file_keys[name] != record.keys.get(name)]
    return SinceRecord(project, changed, _recorded_data(record, changed), lambda names: _unchanged_files(project, record, names))


def _unchanged_files(project: Project, record: CheckRecord, names: set[str]) -> dict[str, CommentSource] | None:
    """The comment files `names` of `project`'s folder, loaded from the disk, when their bytes
    are still the record's; None when one is not, or did not load."""
    if not names <= set(record.loaded):
        return None
    settled = {name: (signature, record.keys[name]) for name, signature in record.signatures.items() if name in record.keys}
    found = load_project(project.root, earlier=project, skip=lambda name, key: name not in names, settled=settled)
    sources = {source.path: source for source in found.comment_sources}
    return sources if set(sources) == names and all(found.file_keys.get(name) == record.keys[name] for name in names) else None


def _recorded_data(record: CheckRecord, changed: list[str]) -> Mapping[str, Any]:
    return _RecordedData(record, changed)


class _RecordedData(Mapping[str, Any]):
    """Each changed file's data as recorded (None where its parse entry is gone), decoded when
    first asked for: where the record holds its digest outside the words, and only words
    changed, it never is."""

    def __init__(self, record: CheckRecord, changed: list[str]) -> None:
        self.record, self.changed, self.found = record, changed, dict[str, Any]()

    def __getitem__(self, name: str) -> Any:
        if name not in self.changed:
            raise KeyError(name)
        if name not in self.found:
            cache, recorded = cache_folder(), self.record.keys.get(name)
            self.found[name] = parsed_data(cache, recorded, _OLD_DATA_LIMIT) if cache is not None and recorded else None
        return self.found[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.changed)

    def __len__(self) -> int:
        return len(self.changed)


# cm status's facts (model/status_facts.py) as lists, in the order of their fields: a record
# holds one row per comment, and 100,000 of them are read on every quick status. Per file:
# - its facts, without the comments;
# - what a status without a filter reads besides the long lists (FileOutline): the counts, the
#   comments with an objection or a suspect basis, the long lists' marks and lengths (null
#   when the file has no outline);
# - the outline's open items and decisions that change nothing, as status --json writes them
#   (bytes as they are: JSON);
# - the rest of the part's comments (open, or decided without effect);
# - the other comments (null in the place of those on the lines before).
_LINES = 6


def _lines(file: FileFacts) -> tuple[Bytes, ...]:
    part, outline = file.part, file.outline
    short = {id(comment) for comment in [*part.objections, *part.suspects]}
    listed = {id(comment) for comment in part.listed()}
    answer = file.acknowledgement
    ack = [answer.answer, answer.date, answer.note, answer.by] if answer is not None else None
    head = [file.path, file.stakeholder, file.round, file.draft, file.state, file.received, ack, file.acknowledgement_line]
    lengths = [outline.marked, outline.open_count, outline.unapplied_count] if outline is not None else None
    counted = [part.counts, [[index, comment] for index, comment in enumerate(file.comments) if id(comment) in short],
               lengths]
    long = [[index, comment] for index, comment in enumerate(file.comments)
            if id(comment) in listed and id(comment) not in short]
    rows = [None if id(comment) in listed else comment for comment in file.comments]
    written = (outline.open, outline.unapplied) if outline is not None else (b"", b"")
    return (pickled(head), pickled(counted), *written, pickled(long), pickled(rows))


def facts_counted_beside(project: Project, count: Callable[[Project], StatusFacts]) -> Callable[[], StatusFacts]:
    """`count(project)`, cm status's facts, counted by a forked process while this one checks the
    project, and sent back as a record holds them (its lines: read as a quick status reads the
    record's); counted here when asked for, on one CPU, in a small project, or when the fork
    failed. At 100,000 comments on two cores, counting took 1.3 s of a cold status, and writing
    them for the record 0.45 s more."""
    if sum(len(source.file.comments) for source in project.comment_sources) < FORKED_FACTS_COMMENTS or not worth_forking():
        return lambda: count(project)
    pending = forked(lambda: [line for file in count(project).files for line in _lines(file)])

    def facts() -> StatusFacts:
        lines = pending()
        if lines is None or len(lines) != _LINES * len(project.comment_sources):
            return count(project)
        return StatusFacts([_file([memoryview(line) for line in lines[at:at + _LINES]])
                            for at in range(0, len(lines), _LINES)])

    return facts


#: What a record's facts are made of besides plain values and dates.
_FACTS = (CommentFacts, ObjectionFacts, SuspectFacts)


def _loads(line: Bytes, kept: tuple[Path, ...] = ()) -> Any:
    try:
        return read_pickled(line, _FACTS)
    except UNREADABLE as exc:
        raise _unreadable(kept, exc) from None


def _unreadable(kept: tuple[Path, ...], exc: Exception) -> Refusal:
    """A signed record's facts that name what they may not (its signer had this user's key):
    decoded when first asked for, they are refused then, with nothing built, and the record
    removed, so that the next command checks in full."""
    for path in kept:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
    return Refusal(f"cm's record of the last check, in its cache folder, could not be read ({exc}); it was removed",
                   "run the command again: it will check the project in full")


def _encoded(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, default=_day).encode()


def _day(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _file(encoded: list[memoryview], stored: tuple[bytes, int] | None = None, kept: tuple[Path, ...] = ()) -> FileFacts:
    """A file's facts from its lines; `kept`, the record files they were read from."""
    head, counted, opened, unapplied, long, comments = encoded
    path, stakeholder, round_id, draft, state, received, ack, ack_line = _loads(head, kept)
    lines = _Lines(counted, opened, unapplied, long, comments, kept)
    return FileFacts(path, stakeholder, round_id, draft, state, received,
                     _acknowledgement(*ack) if ack is not None else None, ack_line, lines.comments, lines.part,
                     encoded=(head, counted, opened, unapplied, long, comments), outlined=lines.outline, stored=stored)


class _Lines:
    """A file's outline, part and comments as the record holds them, each decoded when first
    asked for; a comment on two of them is the same object on both."""

    def __init__(self, counted: Bytes, opened: Bytes, unapplied: Bytes, long: Bytes, comments: Bytes,
                 kept: tuple[Path, ...]) -> None:
        self.counted, self.opened, self.unapplied, self.long, self.rows = counted, opened, unapplied, long, comments
        self.kept = kept
        self.short: tuple[dict[str, list[int]], dict[int, CommentFacts], list[Any] | None] | None = None
        self.decoded: dict[int, CommentFacts] | None = None

    def shorts(self) -> tuple[dict[str, list[int]], dict[int, CommentFacts], list[Any] | None]:
        if self.short is None:
            counts, rows, lengths = _loads(self.counted, self.kept)
            self.short = (counts, dict(rows), lengths)
        return self.short

    def outline(self) -> FileOutline | None:
        counts, short, lengths = self.shorts()
        if lengths is None:
            return None
        marked, open_count, unapplied_count = lengths
        kept = list(short.values())
        return FileOutline(counts, [comment for comment in kept if comment.objection is not None],
                           [comment for comment in kept if comment.suspect is not None], self.opened,
                           marked, open_count,
                           self.unapplied, unapplied_count)

    def listed(self) -> dict[int, CommentFacts]:
        if self.decoded is None:
            _, short, _ = self.shorts()
            found = {**short, **dict(_loads(self.long, self.kept))}
            self.decoded = {index: found[index] for index in sorted(found)}  # in file order
        return self.decoded

    def part(self) -> FilePart:
        counts, _, _ = self.shorts()
        kept = list(self.listed().values())
        return FilePart.of(counts, kept, kept)

    def comments(self) -> list[CommentFacts]:
        # Signed with the rest, so of the shape written: a row of another shape would be a bug.
        listed = self.listed()
        return [listed[index] if row is None else row for index, row in enumerate(_loads(self.rows, self.kept))]


def _acknowledgement(answer: str, date: dt.date | None, note: Any, by: str | None) -> Acknowledgement:
    return Acknowledgement.model_validate({"answer": answer, "date": date, "note": note, "by": by})
