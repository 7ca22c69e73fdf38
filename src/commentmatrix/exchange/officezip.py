"""Reading Office files (DOCX, XLSX) that came from outside: the one place that opens them.

A reviewed copy comes back by e-mail from anyone, so it is read as hostile input. Before any
part is read, the archive's directory is checked: member count, each member's declared size and
the total. Reading then stops at the declared size (a lying header cannot inflate past it), and
XML is parsed without DTDs, entities or network access; a DOCTYPE is refused outright (Word and
LibreOffice never write one, and it is the door for entity-expansion bombs).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from commentmatrix.model.errors import Refusal

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 5_000
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 300 * 1024 * 1024
#: Text documents compress 5-20x; a ratio beyond this is a bomb, not a report.
MAX_RATIO = 200
#: Only members above this size are held to the ratio: tiny parts compress oddly.
RATIO_FLOOR = 1024 * 1024


class UnsafeFile(Refusal):
    """The file cannot be read safely or is not what it claims to be; `reason` says why."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason


@dataclass
class OfficeZip:
    """An opened, checked archive: `read(name)` bytes, `xml(name)` a parsed root, `names`."""

    path: Path
    archive: zipfile.ZipFile
    sizes: dict[str, int]

    @property
    def names(self) -> list[str]:
        return list(self.sizes)

    def has(self, name: str) -> bool:
        return name in self.sizes

    def read(self, name: str) -> bytes:
        declared = self.sizes[name]
        try:
            with self.archive.open(name) as stream:
                data = stream.read(declared + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError) as exc:
            raise UnsafeFile(self.path, f"part {name} cannot be read ({exc})") from None
        if len(data) > declared:
            raise UnsafeFile(self.path, f"part {name} holds more than its declared size: refused as a zip bomb")
        return data

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), f"{self.path} ({name})")

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> OfficeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_office(path: Path, kind: str = "DOCX") -> OfficeZip:
    """Open an Office file for reading after checking its archive directory; raises UnsafeFile."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnsafeFile(path, f"cannot be read ({exc.strerror or exc})") from None
    if size > MAX_FILE_BYTES:
        raise UnsafeFile(path, f"is {size // (1024 * 1024)} MB; cm reads files up to {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if not zipfile.is_zipfile(path):
        raise UnsafeFile(path, f"is not a {kind} file (a {kind} file is a zip archive; this one is not)")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnsafeFile(path, f"is not a readable {kind} file ({exc})") from None
    try:
        sizes = _checked_sizes(path, archive.infolist())
    except UnsafeFile:
        archive.close()
        raise
    return OfficeZip(path, archive, sizes)


def _checked_sizes(path: Path, members: list[zipfile.ZipInfo]) -> dict[str, int]:
    if len(members) > MAX_MEMBERS:
        raise UnsafeFile(path, f"holds {len(members)} parts; an Office file has far fewer: refused")
    sizes: dict[str, int] = {}
    total = 0
    for info in members:
        if info.file_size > MAX_MEMBER_BYTES:
            raise UnsafeFile(path, f"part {info.filename} would unpack to {info.file_size // (1024 * 1024)} MB: refused as a zip bomb")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeFile(path, f"part {info.filename} is compressed {info.file_size // max(info.compress_size, 1)} times: refused as a zip bomb")
        total += info.file_size
        sizes[info.filename] = info.file_size
    if total > MAX_TOTAL_BYTES:
        raise UnsafeFile(path, f"would unpack to {total // (1024 * 1024)} MB: refused as a zip bomb")
    return sizes


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                          huge_tree=False, remove_comments=True, remove_pis=True)


def parse_xml(data: bytes, where: str) -> etree._Element:
    """Parse an XML part; a DOCTYPE (and with it any entity definition) is refused."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise UnsafeFile(where, "holds a DOCTYPE or entity declaration, which Office files never have: refused")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnsafeFile(where, f"is not well-formed XML ({exc})") from None
    if root.getroottree().docinfo.doctype:
        raise UnsafeFile(where, "holds a DOCTYPE, which Office files never have: refused")
    return root
