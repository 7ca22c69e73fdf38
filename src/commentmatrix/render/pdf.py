"""PDF of any DOCX cm writes, through LibreOffice headless: the one place that runs soffice.

LibreOffice is found on PATH (`soffice`, else `libreoffice`). Each conversion runs in a temporary
folder of its own, with a private user profile (`-env:UserInstallation`), so it neither waits for
nor disturbs a LibreOffice the user has open, and CI needs no setup; it is stopped after a time
limit. Only the finished bytes leave the folder: the caller writes them atomically.

Byte stability: LibreOffice 7.4 stamps the PDF's Info dictionary with the wall clock
(/CreationDate, no /ModDate) and the trailer with a time-based /ID and a /DocChecksum over it all;
its export filter has no option for any of them. Everything else came out byte-identical in two runs of the same DOCX. So the date is
replaced by the stamp the DOCX carries, and the /ID and /DocChecksum by a digest of the PDF itself — both in place
and at the same length, so the cross-reference offsets stay right. A PDF whose date is written
otherwise (another LibreOffice version) is left as LibreOffice made it: valid, but not stable.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from commentmatrix.model.errors import Refusal

#: Seconds one conversion may take; a first start of LibreOffice builds its profile (~5 s).
TIMEOUT = 180

INSTALL_HINT = ("install LibreOffice: on Debian or Ubuntu `apt-get install libreoffice-writer-nogui`, elsewhere "
                "from https://www.libreoffice.org/download/ ; then make sure `soffice` is on PATH")

# With TZ=UTC LibreOffice writes the date as D:YYYYMMDDHHMMSSZ' (its own spelling of UTC).
_CREATION_DATE = re.compile(rb"/CreationDate\(D:\d{14}Z'\)")
# The trailer's /ID pair, and /DocChecksum, LibreOffice's own digest of the file (date included).
_TRAILER_DIGESTS = (re.compile(rb"/ID \[ ?<([0-9A-F]{32})>\s*<([0-9A-F]{32})> ?\]"),
                    re.compile(rb"/DocChecksum /([0-9A-F]{32})"))


class LibreOfficeMissing(Refusal):
    """No soffice on PATH: cm cannot make a PDF."""


class ConversionFailed(Refusal):
    """LibreOffice ran but gave no PDF (crashed, timed out, refused the file)."""


def find_libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_libreoffice() -> str:
    """The LibreOffice program to run, or a refusal (exit 1) that says what to install."""
    found = find_libreoffice()
    if found is None:
        raise LibreOfficeMissing("cm makes PDF with LibreOffice, and no soffice (or libreoffice) is on PATH; nothing was written",
                                 hint=INSTALL_HINT)
    return found


def to_pdf(document: bytes, suffix: str, stamp: dt.datetime, timeout: float = TIMEOUT) -> bytes:
    """The PDF of a document given as bytes (`suffix` names its format: ".docx"), dated `stamp`."""
    program = require_libreoffice()
    with tempfile.TemporaryDirectory(prefix="cm-pdf-") as folder:
        work = Path(folder)
        source = work / f"document{suffix}"
        source.write_bytes(document)
        out = work / "out"
        command = [program, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--convert-to", "pdf", "--outdir", str(out), str(source)]
        _run(command, timeout, work)
        produced = out / "document.pdf"
        if not produced.is_file():
            raise ConversionFailed("LibreOffice gave no PDF for this document; nothing was written",
                                   hint="open the DOCX (--format docx) in LibreOffice to see what it says")
        return stamp_pdf(produced.read_bytes(), stamp)


def _run(command: list[str], timeout: float, work: Path) -> None:
    # soffice is a launcher that starts soffice.bin: a session of its own lets a timeout stop both.
    env = {**os.environ, "TZ": "UTC", "HOME": str(work)}
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env, cwd=work, start_new_session=True)
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ConversionFailed(f"LibreOffice did not finish the PDF within {timeout:g} seconds; nothing was written") from None
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    if process.returncode != 0:
        said = errors.decode("utf-8", "replace").strip().splitlines()
        raise ConversionFailed(f"LibreOffice stopped (exit {process.returncode}) without a PDF; nothing was written",
                               hint=said[-1] if said else None)


def pdf_date(stamp: dt.datetime) -> bytes:
    """`stamp` as LibreOffice spells a UTC date in /CreationDate (same length as its own)."""
    aware = stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%SZ'").encode("ascii")


def stamp_pdf(pdf: bytes, stamp: dt.datetime) -> bytes:
    """The PDF with its creation date set to `stamp`, and its /ID (and LibreOffice's /DocChecksum,
    a digest that covers the date) a digest of its content.

    Each is replaced at the same length, so no offset in the file moves. A date or an /ID
    written otherwise than LibreOffice 7 writes them is left alone."""
    dated = pdf_date(stamp)
    if len(dated) == 18:
        pdf = _CREATION_DATE.sub(lambda _: b"/CreationDate(" + dated + b")", pdf, count=1)
    spans = [found.span(group) for pattern in _TRAILER_DIGESTS for found in pattern.finditer(pdf)
             for group in range(1, pattern.groups + 1)]
    if not spans:
        return pdf
    # The digest is taken with those values blanked, so it depends on the content alone.
    digest = hashlib.md5(_replaced(pdf, spans, b"0" * 32), usedforsecurity=False).hexdigest().upper().encode("ascii")
    return _replaced(pdf, spans, digest)


def _replaced(pdf: bytes, spans: list[tuple[int, int]], value: bytes) -> bytes:
    parts, last = [], 0
    for start, end in sorted(spans):
        parts += [pdf[last:start], value]
        last = end
    return b"".join([*parts, pdf[last:]])
