"""model/zipguard: the DOCTYPE and entity declarations an Office part never has, and the deflate
streams of a checked archive a writer may copy (render/zipstamp.write_deflated)."""

from __future__ import annotations

import io
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path

import pytest

from commentmatrix.model.zipguard import REFERENCE_LIMITS, checked_members, declares_entities, deflated_streams
from commentmatrix.render.zipstamp import write_deflated

W = b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
PADDING = b"<w:style/>" * 1000  # past the 4,096 bytes a DOCTYPE is looked for in


@pytest.mark.parametrize(("data", "declares"), [
    (b'<?xml version="1.0"?>' + W + PADDING + b"</w:styles>", False),
    (b'<?xml version="1.0"?><!-- saved by hand -->' + W + b"<![CDATA[<!doc>]]></w:styles>", False),
    (b'<?xml version="1.0"?><!DOCTYPE x>' + W + b"</w:styles>", True),
    (b'\xef\xbb\xbf<?xml version="1.0"?><!doctype x>' + W + b"</w:styles>", True),
    (b'<?xml version="1.0"?>' + W + PADDING + b'<!EnTiTy a "aa"></w:styles>', True),
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x>'.encode("utf-16"), True),
    ('<?xml version="1.0" encoding="UTF-16"?><w:styles/>'.encode("utf-16"), False),
    ('<?xml version="1.0"?><!ENTITY a "b">'.encode("utf-16-le"), True),
])
def test_declarations_are_found_anywhere_and_in_any_case(data: bytes, declares: bool) -> None:
    assert declares_entities(data) is declares


# ---------------------------------------------------------------- deflate streams copied, not compressed again

def _archive(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


STYLES = W + PADDING + b"</w:styles>"


def test_a_member_s_stream_is_offered_when_it_unpacks_to_the_checked_bytes(tmp_path: Path) -> None:
    path = tmp_path / "reference.docx"
    _archive(path, {"word/styles.xml": STYLES, "word/empty.xml": b""})
    found = deflated_streams(path, checked_members(path, "DOCX", REFERENCE_LIMITS))
    assert set(found) == {"word/styles.xml", "word/empty.xml"}
    styles = found["word/styles.xml"]
    assert zlib.decompress(styles.stream, -zlib.MAX_WBITS) == STYLES
    assert (styles.crc, styles.size) == (zlib.crc32(STYLES), len(STYLES))


def test_stored_members_and_bytes_that_differ_are_not_offered(tmp_path: Path) -> None:
    stored, deflated = tmp_path / "stored.docx", tmp_path / "deflated.docx"
    _archive(stored, {"word/styles.xml": STYLES}, zipfile.ZIP_STORED)
    _archive(deflated, {"word/styles.xml": STYLES})
    assert deflated_streams(stored, checked_members(stored, "DOCX", REFERENCE_LIMITS)) == {}
    # The file changed since it was checked: its stream is not what was checked.
    assert deflated_streams(deflated, {"word/styles.xml": STYLES + b" "}) == {}
    assert deflated_streams(tmp_path / "gone.docx", {"word/styles.xml": STYLES}) == {}


def test_a_stream_with_bytes_after_its_end_is_not_offered(tmp_path: Path) -> None:
    """The member's compressed data runs past the deflate stream's end: unzip ignores the rest, a
    copy would carry it, so the member is compressed again instead."""
    path = tmp_path / "reference.docx"
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    stream = packer.compress(STYLES) + packer.flush() + b"junk"
    info = zipfile.ZipInfo("word/styles.xml")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(info, stream)
    # Made a deflated member of `stream`, as write_deflated does: its header rewritten.
    data = bytearray(path.read_bytes())
    struct.pack_into("<H", data, 8, zipfile.ZIP_DEFLATED)
    struct.pack_into("<LLL", data, 14, zlib.crc32(STYLES), len(stream), len(STYLES))
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 10, zipfile.ZIP_DEFLATED)
    struct.pack_into("<LLL", data, central + 16, zlib.crc32(STYLES), len(stream), len(STYLES))
    path.write_bytes(bytes(data))
    members = checked_members(path, "DOCX", REFERENCE_LIMITS)
    assert members == {"word/styles.xml": STYLES}  # zipfile reads it: it stops at the stream's end
    assert deflated_streams(path, members) == {}


def test_a_copied_stream_makes_the_bytes_writestr_makes(tmp_path: Path) -> None:
    """render/zipstamp.write_deflated: the archive is byte for byte the one compressing the data
    again would give (this zlib makes the same stream), and reads back."""
    path = tmp_path / "reference.docx"
    _archive(path, {"word/styles.xml": STYLES})
    stream = deflated_streams(path, checked_members(path, "DOCX", REFERENCE_LIMITS))["word/styles.xml"]

    def written(copy: bool) -> bytes:
        with tempfile.TemporaryFile() as out:
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(zipfile.ZipInfo("[Content_Types].xml", (2020, 1, 1, 0, 0, 0)), b"<Types/>")
                info = zipfile.ZipInfo("word/styles.xml", (2020, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                if copy:
                    write_deflated(archive, info, stream)
                else:
                    archive.writestr(info, STYLES)
                archive.writestr(zipfile.ZipInfo("word/document.xml", (2020, 1, 1, 0, 0, 0)), b"<w:document/>")
            out.seek(0)
            return out.read()

    assert written(copy=True) == written(copy=False)
    with zipfile.ZipFile(io.BytesIO(written(copy=True))) as archive:
        assert archive.testzip() is None
        assert archive.read("word/styles.xml") == STYLES
        assert archive.getinfo("word/styles.xml").compress_type == zipfile.ZIP_DEFLATED
