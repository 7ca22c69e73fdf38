"""PDF through LibreOffice (render/pdf.py), and the review copy's and the matrix's print faults:
line numbers, the page break that could leave a blank page, ids that break mid-word."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.render.pdf import pdf_date, stamp_pdf


def cm(*args: str):
    return CliRunner().invoke(app, list(args))


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return archive.read("word/document.xml").decode("utf-8")


# ---------------------------------------------------------------- without LibreOffice

def test_without_libreoffice_pdf_is_refused_and_nothing_written(example: Path, tmp_path: Path):
    empty = tmp_path / "bin"
    empty.mkdir()
    out = tmp_path / "matrix.pdf"
    # A real process with a PATH that has no soffice (nor libreoffice) on it.
    done = subprocess.run([sys.executable, "-m", "commentmatrix", "render", "matrix", "-C", str(example), "-o", str(out)],
                          capture_output=True, text=True, env={"PATH": str(empty), "PYTHONPATH": ":".join(sys.path)},
                          check=False)
    assert done.returncode == 1, done.stderr
    assert "no soffice (or libreoffice) is on PATH; nothing was written" in done.stderr
    assert "libreoffice-writer-nogui" in done.stderr
    assert not list(tmp_path.glob("*matrix.pdf*"))  # nor a temporary file beside it


# ---------------------------------------------------------------- the stamp

def test_the_pdf_date_and_id_are_replaced_in_place():
    import datetime as dt

    pdf = (b"%PDF-1.6\n1 0 obj\n<</Producer(x)/CreationDate(D:20261202030735Z')>>\nendobj\ntrailer\n"
           b"<</ID [ <BA5D30A5AAEF47A6AC7FBAFEBE80BB2C>\n<BA5D30A5AAEF47A6AC7FBAFEBE80BB2C> ]\n"
           b"/DocChecksum /C88076C7267153E8AD7512B92EA54085\n>>\n")
    later = pdf.replace(b"20261202030735", b"20300101000000").replace(b"BA5D30A5", b"11111111")
    stamp = dt.datetime(2017, 7, 14, 2, 40, tzinfo=dt.UTC)
    stamped = stamp_pdf(pdf, stamp)
    assert len(stamped) == len(pdf)
    assert b"/CreationDate(D:20170714024000Z')" in stamped
    assert stamped == stamp_pdf(later, stamp)  # the wall clock and LibreOffice's /ID no longer show
    assert b"BA5D30A5" not in stamped and b"C88076C7" not in stamped
    assert pdf_date(stamp) == b"D:20170714024000Z'"


# ---------------------------------------------------------------- the review copy's Word XML

def test_the_review_copy_numbers_its_lines_continuously_by_default(example: Path, tmp_path: Path):
    out = tmp_path / "copy.docx"
    assert cm("export", "review-copy", "-C", str(example), "-o", str(out)).exit_code == 0
    xml = document_xml(out)
    assert xml.count("<w:lnNumType ") == 1
    assert '<w:lnNumType w:countBy="1" w:distance="284" w:restart="continuous"/><w:cols' in xml


def test_line_numbers_per_page_or_none(example: Path, tmp_path: Path):
    per_page, none = tmp_path / "per-page.docx", tmp_path / "none.docx"
    assert cm("export", "review-copy", "-C", str(example), "-o", str(per_page), "--line-numbers", "per-page").exit_code == 0
    assert cm("export", "review-copy", "-C", str(example), "-o", str(none), "--line-numbers", "none").exit_code == 0
    assert 'w:restart="newPage"' in document_xml(per_page)
    assert "lnNumType" not in document_xml(none)


def test_the_draft_starts_on_a_new_page_without_a_page_break_paragraph(example: Path, tmp_path: Path):
    out = tmp_path / "copy.docx"
    assert cm("export", "review-copy", "-C", str(example), "-o", str(out)).exit_code == 0
    xml = document_xml(out)
    # The paragraph that held only a page break made the blank page; none is left.
    assert 'w:type="page"' not in xml
    first_heading = xml.index('w:name="cm_background__en"')
    assert "<w:pageBreakBefore/>" in xml[xml.rfind("<w:p>", 0, first_heading):first_heading]
    assert xml.count("<w:pageBreakBefore/>") == 2  # the draft and the comments table
    # The cover note is not counted: line 1 is the draft's first heading.
    cover = xml[:xml.rfind("<w:p>", 0, first_heading)]
    assert cover.count("<w:p>") == cover.count("<w:suppressLineNumbers/>")


# ---------------------------------------------------------------- the matrix's ids

def test_matrix_ids_do_not_break_and_read_back_with_hyphens(example: Path, tmp_path: Path):
    from commentmatrix.exchange.reviewed_docx import read_review

    out = tmp_path / "matrix.docx"
    assert cm("render", "matrix", "-C", str(example), "-o", str(out)).exit_code == 0
    xml = document_xml(out)
    assert '<w:t>LAO</w:t><w:noBreakHyphen/><w:t xml:space="preserve">1</w:t>' in xml
    assert ">LAO-1<" not in xml
    cells = [cell for table in read_review(out).tables for row in table.rows for cell in row]
    assert "LAO-1" in cells


# ---------------------------------------------------------------- through LibreOffice

def _pdftotext(path: Path, *pages: int) -> str:
    first, last = (pages[0], pages[-1]) if pages else (1, 0)
    options = ["-f", str(first), "-l", str(last)] if pages else []
    return subprocess.run(["pdftotext", "-layout", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.mark.parametrize("args, name", [
    (("render", "matrix"), "matrix.pdf"),
    (("render", "matrix", "--layout", "synopsis"), "synopsis.pdf"),
    (("render", "draft", "--format", "pdf"), "lmec-2017-08-revised.pdf"),
    (("export", "review-copy", "--format", "pdf"), "lmec-2017-08-review-copy.pdf"),
])
@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None, reason="needs LibreOffice and poppler")
def test_every_docx_document_comes_as_a_byte_stable_pdf(example: Path, monkeypatch: pytest.MonkeyPatch,
                                                         args: tuple[str, ...], name: str):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    output = [] if args[0] == "export" or "--format" in args else ["-f", "pdf"]
    first = cm(*args, *output, "-C", str(example))
    assert (first.exit_code, first.stderr) == (0, "")
    made = example / "build" / name
    before = made.read_bytes()
    assert before.startswith(b"%PDF-")
    assert b"/CreationDate(D:20170714024000Z')" in before
    again = cm(*args, *output, "-C", str(example))
    assert again.exit_code == 0 and made.read_bytes() == before
    assert not [p.name for p in made.parent.iterdir() if p.name != name]


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None, reason="needs LibreOffice and poppler")
def test_the_bilingual_review_copy_pdf_has_no_blank_page_and_numbered_lines(example: Path, tmp_path: Path):
    out = tmp_path / "copy.pdf"
    assert cm("export", "review-copy", "-C", str(example), "-o", str(out)).exit_code == 0
    pages = _pages(out)
    assert all(_pdftotext(out, page).strip() for page in range(1, pages + 1))
    second = _pdftotext(out, 2).splitlines()
    assert second[0].split() == ["1", "1", "Background"]
