"""Read a project's YAML files into YamlDocuments as fast as the machine allows.

Three things make a large project quick to read, and none changes what is read:
- a parse cache: each file's parsed data (with its marks, facts and read problems) is kept
  under the user's cache folder, named by a hash of the file's bytes, its path and the code
  that read it (`code_fingerprint`), so an unchanged file is never parsed twice and a changed one,
  or one read by other code, never matches;
- parallel parsing: when much is left to parse, a forked worker parses part of the files
  (WORKER_SHARE of the bytes) while this process parses and validates the rest;
- pickle for both, read back by an unpickler that builds nothing but plain values and the
  datetime module's dates (_Unpickler): it writes three times as fast as JSON with its dates
  marked (1.1 s against 0.4 s for 100,000 comments on one core), reads as fast, and no entry
  reaches it before its signature is checked (below).

The cache folder may be shared or restored (a CI cache), so anyone who can write there could
plant an entry saying that a file holding `!!python/object` is clean, or that it holds other
text. Each entry therefore carries an HMAC-SHA256 over its name and its bytes, under a key of
this user's that never lives in the cache folder (`cache.key` in the user's cache home,
~/.cache/commentmatrix, created 0600): an entry whose HMAC does not match (planted, edited,
from another machine or user) is ignored and the file is parsed again. When there is no key
and none can be made, or it is open to others, cm reads without the cache.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import hashlib
import hmac
import io
import os
import pickle
import secrets
import stat
import struct
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

from commentmatrix import __version__
from commentmatrix.model.diagnostics import Diagnostic, Severity
from commentmatrix.model.textfacts import languages_in, may_hold_controls, text_facts
from commentmatrix.read.yaml_reader import YamlDocument, read_bytes, read_text

CACHE_FORMAT = 3  # 2: entries signed (HMAC-SHA256); 3: parse entries pickled
CACHE_ENV = "CM_CACHE_DIR"  # a folder, or "off" to read without the cache
WORKERS_ENV = "CM_WORKERS"  # processes that read: "1", no worker; default, the usable CPUs
KEY_NAME = "cache.key"
_SIGNATURE = b"cm-parse-cache-2 "
# Below this many bytes to parse, starting a worker costs more than it saves.
PARALLEL_BYTES = 2 * 1024 * 1024


@dataclass
class Read:
    """One file's outcome: the document (None when it could not be parsed) and its problems."""

    doc: YamlDocument | None
    problems: list[Diagnostic]


def cache_folder() -> Path | None:
    """Where parsed files are kept: $CM_CACHE_DIR, else the user's cache folder; None when off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    return _cache_home() / "parsed"


def usable_cpus() -> int:
    """How many processes read: CM_WORKERS when it is a whole number (1: no worker), else the
    CPUs this process may run on (a pinned run or a one-CPU container has one: a worker there
    would only compete with this process)."""
    chosen = os.environ.get(WORKERS_ENV, "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    return cpus()


def cpus() -> int:
    """The CPUs this process may run on (a pinned run or a one-CPU container: one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")) / "commentmatrix"


def read_all(files: Sequence[tuple[str, bytes]], cache: Path | None = None, workers: int | None = None,
             progress: Callable[[int, int], None] | None = None,
             consume: Callable[[int, Read], None] | None = None,
             known: Mapping[str, KnownReading] | None = None, keys: Sequence[str] | None = None) -> list[Read]:
    """Parse each (shown path, bytes), in order, from the cache where it can.

    `progress` hears (files done, files in all) as the reading goes on; `consume` gets each
    file's Read (by index) as soon as it is ready, so the caller's own work on it overlaps the
    worker's parsing. `known` holds files whose reading is already known from an edit of one
    item (see `spliced`): they are not parsed again, and go into the cache like parsed ones.
    `keys` are the files' file_keys when the caller has them already.
    """
    progress = progress or (lambda done, total: None)
    consume = consume or (lambda n, read: None)
    if cache is not None and _secret() is None:
        cache = None  # no key to sign entries with: entries could not be told from planted ones
    keys = list(keys) if keys is not None else [file_key(shown, raw) for shown, raw in files]
    results: list[Read | None] = [_cached(cache, key, shown, raw) if cache else None
                                  for key, (shown, raw) in zip(keys, files)]
    entries = {}
    for n, (shown, raw) in enumerate(files):
        found = known.get(shown) if known and results[n] is None else None
        if found is not None and found.raw == raw:
            entries[n] = found.entry
            results[n] = _read(found.entry, shown, raw)
    missing = [n for n, result in enumerate(results) if result is None]
    for n, result in enumerate(results):
        if result is not None:
            consume(n, result)
    workers = workers if workers is not None else usable_cpus()
    parallel = workers > 1 and can_fork() and sum(len(files[n][1]) for n in missing) >= PARALLEL_BYTES
    mine, theirs = _halves(files, missing) if parallel else (missing, [])
    worker = _Worker(files, keys, theirs, cache) if theirs else None
    done = len(files) - len(missing)
    progress(done, len(files))

    def take(arrived: Iterator[tuple[int, bytes]]) -> None:
        nonlocal done
        for n, payload in arrived:
            decoded = results[n] = _decode(payload, *files[n])
            consume(n, decoded)
            done += 1
            progress(done, len(files))

    try:
        for n in mine:
            entries[n] = _entry(*files[n])
            read = results[n] = _read(entries[n], *files[n])
            consume(n, read)
            done += 1
            progress(done, len(files))
            if worker is not None:
                take(worker.arrived())  # the worker's files so far: no tail of them left after ours
        if worker is not None:
            take(worker.rest())
            for n in worker.missing():  # a worker that died (the C parser crashing on a hostile file)
                entries[n] = _entry(*files[n])
                read = results[n] = _read(entries[n], *files[n])
                consume(n, read)
            progress(len(files), len(files))
    finally:
        if worker is not None:
            worker.close()
    if cache and entries:
        # A large file known from an edit is stored while the command goes on to check the project.
        # On one CPU the writer would only take turns with this process, and its fork costs (a
        # copy of the page tables, then a page copied for each one either process writes to).
        large = sum(len(files[n][1]) for n in entries) >= PARALLEL_BYTES and can_fork()
        _store_all(cache, [(keys[n], entry) for n, entry in entries.items()], in_background=(parallel or large) and cpus() > 1)
    return [r for r in results if r is not None]


# ---------------------------------------------------------------- one item's lines replaced

@dataclass(frozen=True)
class KnownReading:
    """What reading `raw` finds, known without parsing it: a cache entry, in which only item
    `index` of the top-level list `key` differs from the reading it was made from."""

    raw: bytes
    entry: dict[str, Any]
    key: str
    index: int
    # The file's model as validated from that earlier reading, when the caller has it: the
    # loader then validates only the changed item (loader._revalidated).
    previous: Any = None


def spliced(doc: YamlDocument, key: str, index: int, first: int, removed: int, added: int, item: str,
            raw: bytes, previous: Any = None) -> KnownReading | None:
    """The reading of `raw`: the bytes `doc` was read from (without problems) with the lines of
    item `index` of the top-level list `key`, from line `first` (0-based, counted as the marks
    count lines) over `removed` line breaks, replaced by `item` (`added` breaks). Only `item` is
    parsed: the other items, their marks (moved by the lines added or taken) and the facts come
    from `doc`. None when `item` does not read as one list item on its own, and the file must be
    parsed whole.
    """
    items = doc.data.get(key) if isinstance(doc.data, dict) else None
    marks = doc.marks.get(key)
    if not isinstance(items, list) or marks is None or len(marks) != len(items) or not 0 <= index < len(items):
        return None
    piece, problems = read_text(f"{key}:\n" + item, doc.path)
    if piece is None or problems or not isinstance(piece.data, dict) or list(piece.data) != [key] \
            or not isinstance(piece.data[key], list) or len(piece.data[key]) != 1:
        return None
    new_item = piece.data[key][0]
    data = dict(doc.data)
    data[key] = [*items[:index], new_item, *items[index + 1:]]
    shift, after = added - removed, first + removed

    # Marks before the item stay; those after it move (a list comprehension: one per comment).
    new_marks = {name: [mark if mark[0] <= after and mark[2] <= after else
                        [line + shift if line > after else line, column, id_line + shift if id_line > after else id_line, id_column]
                        for mark in found for line, column, id_line, id_column in (mark,)]
                 for name, found in doc.marks.items()}
    line, column, id_line, id_column = piece.marks[key][0]
    # The piece's first line is line 2 of what was read (after `key:`), and line first + 1 of the file.
    new_marks[key][index] = [line - 1 + first, column, id_line - 1 + first if id_line else 0, id_column]
    gained = languages_in(new_item)
    if "languages" in doc.facts and languages_in(items[index]) <= gained:  # no code can have gone
        facts = {"controls": may_hold_controls(raw), "languages": sorted(set(doc.facts["languages"]) | gained)}
    else:
        facts = text_facts(data, raw)
    return KnownReading(raw, {"problems": [], "parsed": True, "data": data, "marks": new_marks, "facts": facts}, key, index, previous)


# ---------------------------------------------------------------- parsing, in parallel when worth it

#: Each file the worker sends: its index among the files and its entry's length, then the entry.
_FRAME = struct.Struct("<IQ")


class _Worker:
    """A forked process that parses `wanted`, sends each file's entry down a pipe as soon as it
    is made, then stores them in the cache. This process takes what has arrived between files of
    its own (`arrived`, without waiting), so none is left to decode after ours: with one reply
    at the end, that tail took 0.5 s at 100,000 comments on two cores. The pipe is made as large
    as the system allows, so that the worker seldom waits for us to read; a thread that drained
    it instead waited for the interpreter's lock on every 64 KiB and slowed the worker down."""

    def __init__(self, files: Sequence[tuple[str, bytes]], keys: list[str], wanted: list[int], cache: Path | None) -> None:
        self.wanted, self.received = set(wanted), set[int]()
        # Imported here first (read/yaml_reader imports it only to parse), or each process
        # would import ruamel.yaml on its own after the fork: 0.05 s of the worker's time.
        import commentmatrix.read.yaml_parser  # noqa: F401
        self.reader, writer = os.pipe()
        widen_pipe(writer)
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self.reader)
            try:
                payloads = {}
                with os.fdopen(writer, "wb") as out:
                    for n in wanted:
                        payload = payloads[n] = _encode(_entry(*files[n]))
                        out.write(_FRAME.pack(n, len(payload)))
                        out.write(payload)
                        out.flush()
                if cache:
                    for n in wanted:
                        _store(cache, keys[n], payloads[n])
            finally:
                os._exit(0)
        os.close(writer)
        _reap_at_exit(self.pid)  # it goes on to store its files in the cache
        os.set_blocking(self.reader, False)
        self.buffer = bytearray()
        self.ended = False

    def arrived(self) -> Iterator[tuple[int, bytes]]:
        """The files whose entries have arrived whole since last asked, without waiting."""
        while not self.ended:
            try:
                chunk = os.read(self.reader, 1 << 20)
            except BlockingIOError:
                break
            if not chunk:
                self.ended = True
            self.buffer += chunk
        return self._frames()

    def rest(self) -> Iterator[tuple[int, bytes]]:
        """The files still to arrive, as they do, until the worker is done."""
        os.set_blocking(self.reader, True)
        while not self.ended:
            chunk = os.read(self.reader, 1 << 20)
            self.ended = not chunk
            self.buffer += chunk
            yield from self._frames()
        self.close()

    def close(self) -> None:
        """Stop reading. A worker still sending (this process failed on a file of its own) gets
        a broken pipe and ends, instead of waiting for a reader that has gone while this process
        waits for it to end before exiting."""
        if self.reader >= 0:
            os.close(self.reader)
            self.reader = -1

    def missing(self) -> list[int]:
        """The files the worker did not send (after rest): it died before their turn, or while
        it wrote."""
        return sorted(self.wanted - self.received)

    def _frames(self) -> Iterator[tuple[int, bytes]]:
        frames, at = [], 0
        while len(self.buffer) - at >= _FRAME.size:
            n, length = _FRAME.unpack_from(self.buffer, at)
            if len(self.buffer) - at - _FRAME.size < length:
                break
            start = at + _FRAME.size
            if n in self.wanted and n not in self.received:
                self.received.add(n)
                frames.append((n, bytes(self.buffer[start:start + length])))
            at = start + length
        del self.buffer[:at]
        return iter(frames)


def widen_pipe(pipe: int) -> None:
    """Make the pipe hold as much as the system lets a user make it (Linux: 1 MiB by default)."""
    size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if size is None:
        return
    try:
        with open("/proc/sys/fs/pipe-max-size", encoding="ascii") as limit:
            wanted = int(limit.read())
        fcntl.fcntl(pipe, size, min(wanted, 1 << 20))
    except (OSError, ValueError):
        pass  # the default size: the worker waits on it more often


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux")


# The worker's share of the bytes: it parses and encodes them; this process parses the rest,
# decodes the worker's and validates them all.
WORKER_SHARE = 0.5


def _halves(files: Sequence[tuple[str, bytes]], wanted: list[int]) -> tuple[list[int], list[int]]:
    """(ours, the worker's): the worker's about WORKER_SHARE of the bytes, largest files first."""
    halves: tuple[list[int], list[int]] = ([], [])
    sizes = [0.0, 0.0]
    weights = (1 - WORKER_SHARE, WORKER_SHARE)
    for n in sorted(wanted, key=lambda n: -len(files[n][1])):
        lighter = 0 if sizes[0] / weights[0] <= sizes[1] / weights[1] else 1
        halves[lighter].append(n)
        sizes[lighter] += len(files[n][1])
    return halves


# ---------------------------------------------------------------- one file as bytes and back

def _entry(shown: str, raw: bytes) -> dict[str, Any]:
    """Everything reading one file finds out: what the cache keeps."""
    doc, problems = read_bytes(raw, shown)
    entry: dict[str, Any] = {"problems": [_problem(d) for d in problems], "parsed": doc is not None}
    if doc is not None:
        entry.update(data=doc.data, marks=doc.marks, facts=doc.facts)
    return entry


def _read(entry: dict[str, Any], shown: str, raw: bytes) -> Read:
    problems = [Diagnostic(shown, line, column, Severity(severity), rule, message, hint)
                for line, column, severity, rule, message, hint in entry["problems"]]
    if not entry["parsed"]:
        return Read(None, problems)
    return Read(YamlDocument(shown, entry["data"], None, entry["marks"], entry["facts"], raw=raw), problems)


def _encode(entry: dict[str, Any]) -> bytes:
    return pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)


def _decode(payload: bytes, shown: str, raw: bytes) -> Read:
    entry = _unpickled(payload)
    if not isinstance(entry, dict):
        raise ValueError("not a parse entry")
    return _read(entry, shown, raw)


def _problem(d: Diagnostic) -> list[Any]:
    return [d.line, d.column, d.severity.value, d.rule, d.message, d.hint]


#: What a parse entry may hold beyond str, numbers, None, lists and dicts: a YAML date, or a
#: timestamp with its offset.
_DATE_CLASSES = {("datetime", "date"): dt.date, ("datetime", "datetime"): dt.datetime,
                 ("datetime", "timezone"): dt.timezone, ("datetime", "timedelta"): dt.timedelta}
#: What reading bytes that are no whole entry raises.
_UNREADABLE = (pickle.UnpicklingError, EOFError, ValueError, KeyError, TypeError, IndexError, AttributeError,
               OverflowError, MemoryError)


class _Unpickler(pickle.Unpickler):
    """pickle's reader, made unable to build anything but plain values, dates and the classes it
    is given: every other class or function an entry names is refused. An entry is read only
    once its signature matched, so this is the second lock, not the first."""

    def __init__(self, payload: bytes | memoryview, classes: Mapping[tuple[str, str], type]) -> None:
        super().__init__(io.BytesIO(payload))
        self.classes = classes

    def find_class(self, module: str, name: str) -> Any:
        found = _DATE_CLASSES.get((module, name)) or self.classes.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"a cache entry names {module}.{name}")
        return found


def _unpickled(payload: bytes) -> Any:
    return _Unpickler(payload, {}).load()


#: What reading a signed entry's pickled values raises when they are not whole or name a class
#: they may not (read_pickled).
UNREADABLE = _UNREADABLE


def read_pickled(payload: bytes | memoryview, classes: Sequence[type] = ()) -> Any:
    """The values pickled in `payload` (part of a signed entry), built only of plain values, dates
    and `classes` (plain records, such as named tuples, which build nothing else); raises one of
    UNREADABLE otherwise."""
    return _Unpickler(payload, {(kind.__module__, kind.__qualname__): kind for kind in classes}).load()


def pickled(value: Any) -> bytes:
    """`value` as read_pickled reads it back."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


# ---------------------------------------------------------------- the cache folder

def file_key(shown: str, raw: bytes) -> str:
    """The name of a file's parse entry: its path and bytes and the code that reads it."""
    digest = hashlib.blake2b(f"{CACHE_FORMAT}\0{code_fingerprint()}\0{shown}\0".encode(), digest_size=20)
    digest.update(raw)
    return digest.hexdigest()


# The libraries whose behaviour is in what cm keeps: the parser, the models' messages, the
# character boundaries the edit engine cuts at.
_LIBRARIES = ("ruamel.yaml", "pydantic", "pydantic_core", "icu4py")
_fingerprint: list[str] = []


def code_fingerprint() -> str:
    """What made the cache's contents: this cm's source files and the libraries it reads with,
    each by path, modification time and size (as Python tells a stale .pyc), and Python's and
    Unicode's versions. An entry or a record made by other code is never found: cm's version
    string alone stays the same from one commit of cm to the next."""
    if not _fingerprint:
        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # commentmatrix/
        _fingerprint.append(fingerprint_of(package, _LIBRARIES))
    return _fingerprint[0]


def fingerprint_of(package: str, libraries: Sequence[str]) -> str:
    from importlib.util import find_spec

    found = [__version__, sys.version, unicodedata.unidata_version]
    pending = [package]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    found.append(f"{entry.path}\0{info.st_mtime_ns}\0{info.st_size}")
                elif entry.name != "__pycache__" and entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
    for name in libraries:
        spec = find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin and os.path.exists(origin):
            info = os.stat(origin)
            found.append(f"{name}\0{origin}\0{info.st_mtime_ns}\0{info.st_size}")
        else:
            found.append(f"{name}\0missing")
    return hashlib.blake2b("\n".join(sorted(found)).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _cached(cache: Path, key: str, shown: str, raw: bytes, limit: int | None = None) -> Read | None:
    """The entry named `key` if it is there, whole and signed with this user's key; else None."""
    payload = read_signed(_entry_path(cache, key), key, limit or 32 * len(raw) + 1024 * 1024)
    if payload is None:
        return None  # planted, edited, or signed with another key: parse the file again
    try:
        return _decode(payload, shown, raw)
    except _UNREADABLE:
        return None  # signed but not readable by this version: parse the file again


def parsed_data(cache: Path, key: str, limit: int) -> Any | None:
    """The data of the parse entry named `key` (see file_key), if it is there and signed; None
    when it is not, or the file it was made from did not parse."""
    read = _cached(cache, key, "", b"", limit)
    return read.doc.data if read is not None and read.doc is not None else None


def read_signed(path: Path, key: str, limit: int) -> bytes | None:
    """What `store_signed` kept under `key` at `path`: None unless it is a regular file of at
    most `limit` bytes whose HMAC under this user's secret matches."""
    found = read_signed_view(path, key, limit)
    return bytes(found[1]) if found is not None else None


def read_signed_view(path: Path, key: str, limit: int) -> tuple[bytes, memoryview] | None:
    """read_signed's bytes as a view of the file's, not copied (the check record is tens of MB),
    with their signature (which no one without this user's key can make for other bytes)."""
    signed = _read_entry(path, limit)
    if signed is None:
        return None
    cut = signed.find(b"\n")
    mark, rest = signed[:cut], memoryview(signed)[cut + 1:]
    secret = _secret()
    if cut < 0 or secret is None or not mark.startswith(_SIGNATURE) or \
            not hmac.compare_digest(mark[len(_SIGNATURE):], _signature(secret, key, rest)):
        return None
    return mark[len(_SIGNATURE):], rest


def store_signed(path: Path, key: str, payload: str | bytes) -> None:
    """Keep `payload` (text is kept as UTF-8) at `path`, signed for `key`, replacing what was
    there in one step; nothing is kept when there is no secret to sign with or the folder cannot
    be written."""
    store_signed_parts(path, key, [payload.encode("utf-8") if isinstance(payload, str) else payload])


def store_signed_parts(path: Path, key: str, parts: Sequence[bytes | memoryview]) -> None:
    """store_signed of `parts` one after the other, written without joining them."""
    secret = _secret()
    if secret is None:
        return
    mac = _mac(secret, key)
    for part in parts:
        mac.update(part)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as written:
            written.write(_SIGNATURE + mac.hexdigest().encode() + b"\n")
            for part in parts:
                written.write(part)
        os.replace(temporary, path)
    except OSError:
        # A full disk, a read-only home, or a cache "folder" that is a file (whose "files"
        # cannot even be unlinked: NotADirectoryError): run without the cache.
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


_NOT_FOLLOWED = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _open_regular(path: Path) -> tuple[int, os.stat_result] | None:
    """An open descriptor and the status of `path` if it is a regular file reached without
    following a link (a pipe or device planted in the cache would block or lie); else None."""
    try:
        descriptor = os.open(path, _NOT_FOLLOWED)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
    except OSError:
        os.close(descriptor)
        return None
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        return None
    return descriptor, info


def _read_entry(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes; None for anything else (a link, a
    pipe, a device, a huge file planted in the cache folder are not read)."""
    opened = _open_regular(path)
    if opened is None:
        return None
    descriptor, info = opened
    try:
        if info.st_size > limit:
            return None
        chunks, size = [], 0
        # In one read where the file is as large as it says (one chunk is not copied to be joined).
        while chunk := os.read(descriptor, min(limit + 1 - size, max(info.st_size + 1, 1 << 16))):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                return None
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _signature(secret: bytes, key: str, payload: bytes | memoryview) -> bytes:
    mac = _mac(secret, key)
    mac.update(payload)
    return mac.hexdigest().encode()


def _signed(key: str, payload: str | bytes) -> bytes | None:
    secret = _secret()
    if secret is None:
        return None
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    return _SIGNATURE + _signature(secret, key, data) + b"\n" + data


def _mac(secret: bytes, key: str) -> hmac.HMAC:
    mac = hmac.new(secret, digestmod=hashlib.sha256)
    mac.update(f"{CACHE_FORMAT}\0{key}\0".encode())
    return mac


_secrets: dict[Path, bytes | None] = {}


def _secret() -> bytes | None:
    """This user's key for signing cache entries (made on first use), or None when there is none
    to be had: the home folder read-only, or a key file that others may read or write."""
    path = _cache_home() / KEY_NAME
    if path not in _secrets:
        _secrets[path] = _load_secret(path)
    return _secrets[path]


def _load_secret(path: Path) -> bytes | None:
    found = _read_secret(path)
    if found is not None or path.exists() or path.is_symlink():
        return found
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{KEY_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(descriptor, secrets.token_hex(32).encode() + b"\n")
        finally:
            os.close(descriptor)
        try:
            os.link(temporary, path)  # never over a key another cm process made a moment ago
        except FileExistsError:
            pass
        finally:
            temporary.unlink(missing_ok=True)
    except OSError:
        return None
    return _read_secret(path)


def _read_secret(path: Path) -> bytes | None:
    opened = _open_regular(path)
    if opened is None:
        return None
    descriptor, info = opened
    try:
        owner_ok = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
        if not owner_ok or (os.name == "posix" and info.st_mode & 0o077):
            return None
        text = os.read(descriptor, 256).strip()
    except OSError:
        return None
    finally:
        os.close(descriptor)
    try:
        secret = bytes.fromhex(text.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None
    return secret if len(secret) >= 16 else None


_writers: list[int] = []


def _store_all(cache: Path, entries: list[tuple[str, dict[str, Any]]], in_background: bool) -> None:
    """Keep entries in the cache; on a large read, in a forked process while this one goes on
    (writing is not what the user waits for). The command waits for it before it exits."""
    if in_background:
        pid = os.fork()
        if pid == 0:
            try:
                for key, entry in entries:
                    _store(cache, key, _encode(entry))
            finally:
                os._exit(0)
        _reap_at_exit(pid)
        return
    for key, entry in entries:
        _store(cache, key, _encode(entry))


def _reap_at_exit(pid: int) -> None:
    if not _writers:
        atexit.register(_wait_for_writers)
    _writers.append(pid)


def _wait_for_writers() -> None:
    while _writers:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_writers.pop(), 0)


def _store(cache: Path, key: str, payload: bytes) -> None:
    store_signed(_entry_path(cache, key), key, payload)


def _entry_path(cache: Path, key: str) -> Path:
    return cache / key[:2] / f"{key}.pickle"
