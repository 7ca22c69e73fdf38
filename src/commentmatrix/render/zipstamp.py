"""Office files (DOCX, XLSX) are zip archives; reproducible ones need fixed member timestamps.

python-docx and openpyxl stamp every zip member with the wall clock. `restamp` rewrites the
archive with one fixed time (SOURCE_DATE_EPOCH, or the caller's date) and the members in the
order written, so two renders of the same input are byte-identical.

A zip member's time holds 1980 to 2107 only (two bytes of MS-DOS date). The time given may lie
outside (a response dated 2200-01-01 is valid data; so is a SOURCE_DATE_EPOCH in 2150), so the
members' time is clamped into that range: it is metadata of the container, and the date shown in
the document and its properties stays the one given.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import zipfile
import zlib

from commentmatrix.model.errors import UsageError
from commentmatrix.model.zipguard import Deflated

#: The earliest time a zip member can carry; used when nothing better is known.
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
#: The latest (the MS-DOS date's year field ends at 2107; its seconds are even).
ZIP_END = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC)
#: The latest SOURCE_DATE_EPOCH a date can hold: 9999-12-31 23:59:59 UTC.
MAX_EPOCH = 253_402_300_799


def source_date_epoch() -> dt.datetime | None:
    """$SOURCE_DATE_EPOCH (reproducible builds) as a UTC time, or None when it is not set.

    A value that is not a count of seconds cm can date (a sign, a letter, '²', more seconds
    than year 9999 holds) is a usage error: the reproducible-builds rule is to stop, not to
    guess, and a build that quietly took the wall clock would not be reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not (epoch.isascii() and epoch.isdigit()) or len(epoch) > 12 or int(epoch) > MAX_EPOCH:
        shown = epoch if len(epoch) <= 40 else epoch[:40] + "..."
        raise UsageError(f"SOURCE_DATE_EPOCH is '{shown}', not a time cm can use: it takes whole seconds since "
                         f"1970-01-01 UTC, from 0 to {MAX_EPOCH} (9999-12-31)",
                         hint="unset it to date outputs by the project's data")
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)


def build_time(fallback: dt.date | None = None) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else midnight UTC of `fallback`, else 1980."""
    epoch = source_date_epoch()
    if epoch is not None:
        return max(epoch, ZIP_EPOCH)
    if fallback is not None:
        return max(dt.datetime(fallback.year, fallback.month, fallback.day, tzinfo=dt.UTC), ZIP_EPOCH)
    return ZIP_EPOCH


def zip_time(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """`when` as a zip member's time, clamped into the 1980-2107 a zip can hold."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
    clamped = min(max(aware.astimezone(dt.UTC), ZIP_EPOCH), ZIP_END)
    return (clamped.year, clamped.month, clamped.day, clamped.hour, clamped.minute, clamped.second)


def stamped_member(name: str, stamp: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    """A deflated member dated `stamp` (zip_time), readable by all (0644): every member cm writes."""
    member = zipfile.ZipInfo(name, date_time=stamp)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = 0o644 << 16
    return member


def restamp(data: bytes, when: dt.datetime) -> bytes:
    stamp = zip_time(when)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(stamped_member(info.filename, stamp), source.read(info.filename))
    return out.getvalue()


def deflated(data: bytes) -> Deflated:
    """`data` compressed as zipfile's writestr compresses a deflated member (one compressor at
    the default level, fed the whole of it): what write_deflated then writes gives the same
    archive as writestr, and a stream made once serves every archive that holds those bytes."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return Deflated(compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data))


def write_deflated(archive: zipfile.ZipFile, member: zipfile.ZipInfo, deflated: Deflated) -> None:
    """Add `member` to an archive being written to a seekable file, its deflate stream at hand
    (an unchanged part of a reference, model/zipguard.deflated_streams): the bytes writestr of
    the unpacked data gives when this zlib makes the same stream, without compressing it again.
    zipfile has no call for a stream already compressed, so the stream is written as a stored
    member and its header then rewritten as the deflated one's (the central directory is made
    from `member` at the end): the header's length does not change with its sizes, method and
    CRC. A reference's members are far below the 2 GiB that would need zip64 headers."""
    if deflated.size >= 1 << 31:
        raise ValueError(f"{member.filename}: {deflated.size} bytes would need a zip64 header")
    archive.writestr(member, deflated.stream, compress_type=zipfile.ZIP_STORED)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.CRC, member.file_size, member.compress_size = deflated.crc, deflated.size, len(deflated.stream)
    end = archive.fp.tell()  # type: ignore[union-attr]
    archive.fp.seek(member.header_offset)  # type: ignore[union-attr]
    archive.fp.write(member.FileHeader(False))  # type: ignore[union-attr]
    archive.fp.seek(end)  # type: ignore[union-attr]


class StampedZipFile(zipfile.ZipFile):
    """A zip archive being written whose every member gets one fixed time as it is written (the
    members in the order written), so that a writer handed it (openpyxl's ExcelWriter) makes a
    reproducible file in one pass, without `restamp` reading and compressing it all again."""

    def __init__(self, file, when: dt.datetime) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._stamp = zip_time(when)

    def _member(self, name: str, size: int = 0) -> zipfile.ZipInfo:
        member = stamped_member(name, self._stamp)
        member.file_size = size
        return member

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        super().writestr(self._member(name), data)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None) -> None:
        # A file on disk (the streamed sheet): copied in in pieces, never read whole into memory.
        name = arcname if arcname is not None else os.path.basename(filename)
        member = self._member(name, os.path.getsize(filename))
        with open(filename, "rb") as source, self.open(member, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)
