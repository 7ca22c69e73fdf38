"""Files from outside that must not be trusted: each is refused with a clear message, exit 1,
and nothing written."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.exchange.officezip import MAX_MEMBER_BYTES

MINIMAL_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
BODY = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        b'<w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>')


def docx(path: Path, parts: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {"[Content_Types].xml": MINIMAL_TYPES, **parts}.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def run_import(root: Path, path: Path, command: str = "docx"):
    return CliRunner().invoke(app, ["import", command, str(path), "-s", "viet-nam", "-C", str(root)])


def billion_laughs() -> bytes:
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    return (f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{entities}]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            '<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>').encode()


def huge_comment() -> bytes:
    text = "x" * 25_000
    return ('<?xml version="1.0"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:comment w:id="0" w:author="Spam"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment></w:comments>').encode()


def nested(depth: int) -> bytes:
    return (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + b"<w:sdt><w:sdtContent>" * (depth // 2) + b"<w:p/>" + b"</w:sdtContent></w:sdt>" * (depth // 2)
            + b"</w:body></w:document>")


CASES = {
    "not-a-zip": (lambda p: (p.write_bytes(b"%PDF-1.4 this is not a Word file"), p)[1],
                  "is not a DOCX file (a DOCX file is a zip archive; this one is not)"),
    "zip-without-word": (lambda p: docx(p, {"hello.txt": b"hi"}),
                         "is a zip archive but not a Word document (it has no word/document.xml)"),
    "zip-bomb": (lambda p: docx(p, {"word/document.xml": BODY, "word/bomb.xml": b"\0" * (MAX_MEMBER_BYTES + 1)}),
                 "part word/bomb.xml would unpack to 100 MB: refused as a zip bomb"),
    "entity-expansion": (lambda p: docx(p, {"word/document.xml": billion_laughs()}),
                         "holds a DOCTYPE or entity declaration, which Office files never have: refused"),
    "huge-comment": (lambda p: docx(p, {"word/document.xml": BODY, "word/comments.xml": huge_comment()}),
                     "comment 0 by Spam is 25,000 characters long; cm imports comments of up to 20,000: shorten or split it"),
    "broken-xml": (lambda p: docx(p, {"word/document.xml": b"<w:document><w:body>"}), "is not well-formed XML"),
    # Both were "is not well-formed XML (... use XML_PARSE_HUGE option ...)": well-formed, past the parser's limits.
    "deep-nesting": (lambda p: docx(p, {"word/document.xml": nested(300)}),
                     "(word/document.xml): nests its elements more than 256 deep (Word and Excel files nest a few "
                     "dozen), by line 1, column 2765: refused"),
    "huge-text-node": (lambda p: docx(p, {"word/document.xml": BODY.replace(b"Hello", os.urandom(5_500_000).hex().encode())}),
                       "(word/document.xml): holds more than 10,000,000 bytes of text in one piece, by line 1, "
                       "column 10004001: refused"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_docx_is_refused_and_nothing_is_written(example: Path, tmp_path: Path, case: str):
    make, message = CASES[case]
    path = make(tmp_path / f"{case}.docx")
    before = sorted(p.relative_to(example) for p in example.rglob("*") if "build" not in p.parts)
    result = run_import(example, path)
    assert (result.exit_code, result.stdout) == (1, "")
    first, last = result.stderr.splitlines()
    assert first.startswith(f"cm: {path}") and message in first
    assert last == "cm: nothing was imported"
    assert sorted(p.relative_to(example) for p in example.rglob("*") if "build" not in p.parts) == before


def test_a_part_larger_than_its_declared_size_is_refused(example: Path, tmp_path: Path):
    path = docx(tmp_path / "liar.docx", {"word/document.xml": BODY})
    data = bytearray(path.read_bytes())
    # Lower the declared size of word/document.xml (the last entry) in the central directory.
    entry = data.rfind(b"PK\x01\x02")
    data[entry + 24: entry + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    result = run_import(example, path)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"cm: {path}: part word/document.xml cannot be read (Bad CRC-32 for file "
                             "'word/document.xml')\ncm: nothing was imported\n")
    assert not (example / "comments" / "viet-nam.yaml").exists()


def test_a_hostile_xlsx_is_refused(example: Path, tmp_path: Path):
    path = docx(tmp_path / "matrix.xlsx", {"xl/workbook.xml": billion_laughs()})
    result = run_import(example, path, "table")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"cm: {path} (xl/workbook.xml): holds a DOCTYPE or entity declaration, which Office files "
                             "never have: refused\ncm: nothing was imported\n")
