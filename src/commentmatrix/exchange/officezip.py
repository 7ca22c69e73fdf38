"""Reading Office files (DOCX, XLSX) that came from outside: the one place that opens them.

A reviewed copy comes back by e-mail from anyone, so it is read as hostile input. Before any
part is read, the archive's directory is checked (model/zipguard.py): member count, each
member's declared size, ratio and zip method, and the total. Reading then stops at the declared
size (a lying header cannot inflate past it), a damaged member is refused by name, and XML is
parsed without DTDs, entities or network access; a DOCTYPE is refused outright (Word and
LibreOffice never write one, and it is the door for entity-expansion bombs).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from commentmatrix.model.zipguard import (
    OFFICE_LIMITS,
    UnsafeFile,
    declares_entities,
    open_zip,
    read_member,
)

__all__ = ["MAX_MEMBER_BYTES", "OfficeZip", "UnsafeFile", "open_office", "parse_xml"]

# The limits themselves live in model/zipguard.py, shared with the reference .docx of render/.
MAX_FILE_BYTES = OFFICE_LIMITS.file_bytes
MAX_MEMBERS = OFFICE_LIMITS.members
MAX_MEMBER_BYTES = OFFICE_LIMITS.member_bytes
MAX_TOTAL_BYTES = OFFICE_LIMITS.total_bytes
MAX_RATIO = OFFICE_LIMITS.ratio
RATIO_FLOOR = OFFICE_LIMITS.ratio_floor


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
        return read_member(self.archive, name, self.sizes[name], self.path)

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), f"{self.path} ({name})")

    def elements(self, name: str, *tags: str) -> Iterator[etree._Element]:
        """The elements of an XML part named by `tags`, in document order, each whole when given
        and cleared once the caller moves on (with the siblings before it): a sheet of a million
        rows is read a row at a time, where its whole tree took a gigabyte. Checked as `xml`."""
        data = self.read(name)
        where = f"{self.path} ({name})"
        if declares_entities(data):
            raise UnsafeFile(where, "holds a DOCTYPE or entity declaration, which Office files never have: refused")
        try:
            for _, element in etree.iterparse(io.BytesIO(data), events=("end",), tag=tags, **_SAFE):
                yield element
                element.clear(keep_tail=True)
                while element.getprevious() is not None:
                    del element.getparent()[0]
        except etree.XMLSyntaxError as exc:
            raise UnsafeFile(where, _unreadable(exc)) from None

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> OfficeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_office(path: Path, kind: str = "DOCX") -> OfficeZip:
    """Open an Office file for reading after checking its archive directory; raises UnsafeFile."""
    archive, sizes = open_zip(path, kind, OFFICE_LIMITS)
    return OfficeZip(path, archive, sizes)


_SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "dtd_validation": False,
         "huge_tree": False, "remove_comments": True, "remove_pis": True}
_PARSER = etree.XMLParser(**_SAFE)


#: libxml2's limits (without XML_PARSE_HUGE, which cm never sets), in its words and in the user's.
_PARSER_LIMITS = (("Excessive depth", "nests its elements more than 256 deep (Word and Excel files nest a few dozen)"),
                  ("Text node too long", "holds more than 10,000,000 bytes of text in one piece"))


def _unreadable(exc: etree.XMLSyntaxError) -> str:
    """Why a part cannot be parsed, for the user: past one of the parser's limits (a well-formed
    part, which "not well-formed XML ... try XML_PARSE_HUGE" misnamed and told the user to set
    an option of a C library), or not XML."""
    for words, said in _PARSER_LIMITS:
        if words in str(exc):
            line, column = exc.position
            return f"{said}, by line {line}, column {column}: refused"
    return f"is not well-formed XML ({exc})"


def parse_xml(data: bytes, where: str) -> etree._Element:
    """Parse an XML part; a DOCTYPE (and with it any entity definition) is refused."""
    if declares_entities(data):
        raise UnsafeFile(where, "holds a DOCTYPE or entity declaration, which Office files never have: refused")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnsafeFile(where, _unreadable(exc)) from None
    if root.getroottree().docinfo.doctype:
        raise UnsafeFile(where, "holds a DOCTYPE, which Office files never have: refused")
    return root
