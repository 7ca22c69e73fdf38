"""Zip archives from outside, opened without trusting them: the checks every Office file gets.

DOCX and XLSX files are zip archives, and both kinds cm opens come from outside: a reviewed
copy or a comments table a stakeholder sent (exchange/officezip.py), and a reference .docx in a
project's templates/ (render/docx/text.py), which arrives through pull requests like any other
file. Before any member is unpacked, the archive's directory is checked: member count, each
member's declared size, its compression ratio and method, and the total. A member is then read
only up to its declared size (a lying header cannot inflate past it), and every way the unpacking
can fail (a damaged deflate stream, a bad checksum, an encrypted member) is an `UnsafeFile`
refusal with the member's name, never an exception of zlib's.

This module needs nothing but the standard library, so both the render stage and the exchange
stage can use it (the layer rules of docs/architecture.md let each import `model/` and not each
other); parsing the XML inside is the caller's business (lxml lives in exchange/officezip.py).
"""

from __future__ import annotations

import io
import lzma
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from commentmatrix.model.errors import Refusal


@dataclass(frozen=True)
class ZipLimits:
    """How much an archive may hold; past any of these it is refused before it is unpacked."""

    file_bytes: int
    members: int
    member_bytes: int
    total_bytes: int
    #: Text documents compress 5-20x; a ratio beyond this is a bomb, not a report.
    ratio: int = 200
    #: Only members above this size are held to the ratio: tiny parts compress oddly.
    ratio_floor: int = 1024 * 1024


MIB = 1024 * 1024
#: What stakeholders send back: a reviewed copy, a comments table (exchange/).
OFFICE_LIMITS = ZipLimits(file_bytes=200 * MIB, members=5_000, member_bytes=100 * MIB, total_bytes=300 * MIB)
#: A reference .docx (templates/): styles, page setup, perhaps a logo and embedded fonts. It is
#: unpacked whole and its XML parsed into trees by python-docx, so it is held tighter.
REFERENCE_LIMITS = ZipLimits(file_bytes=64 * MIB, members=1_000, member_bytes=32 * MIB, total_bytes=64 * MIB)

#: Office files use only these: stored and deflated. Anything else is not an Office file.
METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}

#: What unpacking a damaged member can raise, by the module that notices.
UNPACK_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, OSError, EOFError, RuntimeError, ValueError,
                 NotImplementedError)


class UnsafeFile(Refusal):
    """The file cannot be read safely or is not what it claims to be; `reason` says why, `path` where."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason


def checked_sizes(path: Path | str, members: list[zipfile.ZipInfo], limits: ZipLimits) -> dict[str, int]:
    """Each member's declared size, after checking the directory against `limits`; raises UnsafeFile."""
    if len(members) > limits.members:
        raise UnsafeFile(path, f"holds {len(members)} parts; an Office file has far fewer: refused")
    sizes: dict[str, int] = {}
    total = 0
    for info in members:
        if info.compress_type not in METHODS:
            raise UnsafeFile(path, f"part {info.filename} is packed with zip method {info.compress_type}; Office files "
                                   "use only stored or deflated parts: refused")
        if info.file_size > limits.member_bytes:
            raise UnsafeFile(path, f"part {info.filename} would unpack to {info.file_size // MIB} MB: refused as a zip bomb")
        if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise UnsafeFile(path, f"part {info.filename} is compressed {info.file_size // max(info.compress_size, 1)} "
                                   "times: refused as a zip bomb")
        if info.filename in sizes:
            raise UnsafeFile(path, f"holds the part {info.filename} twice: refused (a program would read one, cm another)")
        total += info.file_size
        sizes[info.filename] = info.file_size
    if total > limits.total_bytes:
        raise UnsafeFile(path, f"would unpack to {total // MIB} MB: refused as a zip bomb")
    return sizes


def open_zip(path: Path, kind: str, limits: ZipLimits) -> tuple[zipfile.ZipFile, dict[str, int]]:
    """The open archive at `path` (the caller closes it) and its members' checked sizes; raises UnsafeFile."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnsafeFile(path, f"cannot be read ({exc.strerror or exc})") from None
    if size > limits.file_bytes:
        raise UnsafeFile(path, f"is {size // MIB} MB; cm reads files up to {limits.file_bytes // MIB} MB")
    try:
        is_zip = zipfile.is_zipfile(path)
    except OSError as exc:
        raise UnsafeFile(path, f"cannot be read ({exc.strerror or exc})") from None
    if not is_zip:
        raise UnsafeFile(path, f"is not a {kind} file (a {kind} file is a zip archive; this one is not)")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsafeFile(path, f"is not a readable {kind} file ({exc})") from None
    try:
        return archive, checked_sizes(path, archive.infolist(), limits)
    except UnsafeFile:
        archive.close()
        raise


def read_member(archive: zipfile.ZipFile, name: str, declared: int, where: Path | str) -> bytes:
    """The member's bytes, read no further than its declared size; raises UnsafeFile."""
    try:
        with archive.open(name) as stream:
            data = stream.read(declared + 1)
    except UNPACK_ERRORS as exc:
        raise UnsafeFile(where, f"part {name} cannot be read ({_reason(exc)})") from None
    if len(data) > declared:
        raise UnsafeFile(where, f"part {name} holds more than its declared size: refused as a zip bomb")
    return data


def _reason(exc: BaseException) -> str:
    if isinstance(exc, zlib.error):
        # "Error -3 while decompressing data: invalid code lengths set": keep zlib's reason only.
        return f"its compressed data is damaged: {str(exc).rpartition(': ')[2]}"
    return str(exc) or type(exc).__name__


def declares_entities(data: bytes) -> bool:
    """Whether an XML part has a DOCTYPE or an entity declaration, which Office files never have
    (they are the door for entity-expansion bombs)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        # UTF-16 (or 32): the declarations are there, but not in these bytes; look at the text.
        data = data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else _wide(data), "replace").encode()
    if b"<!" not in data:
        # Both declarations start "<!", which lowering leaves as it is: without it, a part (most
        # are) needs no lowered copy of all its bytes, and a reference's styles run to megabytes.
        return False
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lower()
    return b"<!doctype" in head or b"<!entity" in data.lower()


def _wide(data: bytes) -> str:
    """The encoding of XML that starts `<` in two or four bytes without a byte-order mark."""
    return {b"<\x00\x00\x00": "utf-32-le", b"\x00\x00\x00<": "utf-32-be"}.get(data[:4],
                                                                         "utf-16-le" if data[:1] == b"<" else "utf-16-be")


def checked_members(path: Path, kind: str, limits: ZipLimits) -> dict[str, bytes]:
    """Every member of the archive at `path`, by name, after checking it against `limits`: each
    read (so a damaged one is found here, by name) and its XML free of DOCTYPEs. Raises UnsafeFile."""
    archive, sizes = open_zip(path, kind, limits)
    members: dict[str, bytes] = {}
    with archive:
        for name, declared in sizes.items():
            data = read_member(archive, name, declared, path)
            if name.lower().endswith((".xml", ".rels")) and declares_entities(data):
                raise UnsafeFile(path, f"part {name} holds a DOCTYPE or entity declaration, which Office files never "
                                       "have: refused")
            members[name] = data
    return members


@dataclass(frozen=True)
class Deflated:
    """A member's deflate stream as its archive holds it, with the CRC and size of what it unpacks to."""

    stream: bytes
    crc: int
    size: int


#: A zip member's local header: its fixed part, and where in it the name's and extra field's lengths are.
_LOCAL_HEADER, _LOCAL_SIGNATURE, _LENGTHS = 30, b"PK\x03\x04", slice(26, 30)


def deflated_streams(path: Path, members: dict[str, bytes]) -> dict[str, Deflated]:
    """The deflate stream of each deflated member of the archive at `path` whose stream unpacks
    to exactly its checked bytes (`members`, from checked_members) and ends where the member
    does: what a writer may copy instead of compressing those bytes again. The file is read
    again, so each stream is unpacked and compared here; a member that does not match (the file
    changed, junk after the stream, anything odd) is left out, and is compressed as before."""
    found: dict[str, Deflated] = {}
    try:
        with open(path, "rb") as file, zipfile.ZipFile(file) as archive:
            for info in archive.infolist():
                data = members.get(info.filename)
                if data is None or info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1:
                    continue
                file.seek(info.header_offset)
                header = file.read(_LOCAL_HEADER)
                if len(header) < _LOCAL_HEADER or header[:4] != _LOCAL_SIGNATURE:
                    continue
                name_length, extra_length = struct.unpack("<HH", header[_LENGTHS])
                file.seek(info.header_offset + _LOCAL_HEADER + name_length + extra_length)
                stream = file.read(info.compress_size)
                unpacker = zlib.decompressobj(-zlib.MAX_WBITS)
                if (unpacker.decompress(stream, len(data) + 1) == data and unpacker.eof and not unpacker.unused_data
                        and not unpacker.unconsumed_tail):
                    found[info.filename] = Deflated(stream, zlib.crc32(data), len(data))
    except UNPACK_ERRORS:
        return {}
    return found


def stored_copy(members: dict[str, bytes]) -> bytes:
    """Checked members (checked_members) packed again, stored, for a library to open from memory:
    what the library reads is what was checked."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for name, data in members.items():
            copy.writestr(name, data)
    return out.getvalue()
