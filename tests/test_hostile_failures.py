"""Bad input and ordinary failures end with a plain message and exit 1 or 2, never exit 3 (which
means a bug in cm), and write nothing: damaged Office files, non-ASCII digits in their XML, dates
a zip cannot hold, a full or read-only disk, a lock that is a folder, standard output that takes
nothing, a SOURCE_DATE_EPOCH out of range, a zip bomb as a reference .docx, planted cache entries.

Each runs through the CLI: in a real `cm` process where the failure needs one (standard output,
the environment, exit 3 itself, which only `cli.main` gives), else through typer's runner with
the exact stderr. The hostile files are made here; nothing large is committed.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import pickle
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.read import documents

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NO_PROGRESS = {"CM_NO_PROGRESS": "1"}


# ---------------------------------------------------------------- helpers

def cm(*args: str, cwd: Path, env: dict[str, str] | None = None, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    """`cm` in a fresh process: the exit code main() gives, 3 included."""
    environment = {**os.environ, **NO_PROGRESS, **(env or {})}
    return subprocess.run([sys.executable, "-m", "commentmatrix", *args], cwd=cwd, env=environment, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=120)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the project but the (empty) lock file an edit takes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".cm.lock"}


def office(path: Path, parts: dict[str, bytes | str]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        for name, data in parts.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def damaged(path: Path, member: str) -> Path:
    """`path` with bytes flipped inside `member`'s compressed data (its headers left whole)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(member)
    name_length = int.from_bytes(data[info.header_offset + 26: info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28: info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    assert info.compress_size > 40, "the member must be compressed enough to damage"
    for offset in range(start + 4, start + 24):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def word_table(rows: list[list[str]], grid_span: str | None = None) -> str:
    span = f'<w:tcPr><w:gridSpan w:val="{grid_span}"/></w:tcPr>' if grid_span is not None else ""
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{span}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>" for text in row)
                    + "</w:tr>" for row in rows)
    return f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body><w:tbl>{cells}</w:tbl></w:body></w:document>'


COMMENT_ROWS = [["Section", "Comment"], ["1", "Please add targets for the rivers. " * 8]]


def workbook(path: Path, index: str = "1") -> Path:
    """An XLSX with a heading row and one comment, the comment by shared-string `index`."""
    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData>'
             '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
             f'<row r="2"><c r="A2" t="s"><v>{index}</v></c></row></sheetData></worksheet>')
    return office(path, {
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                           'relationships"><sheets><sheet name="Comments" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
                                      'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}"><si><t>Comment</t></si><si><t>{"More on the rivers. " * 10}</t></si></sst>',
        "xl/worksheets/sheet1.xml": sheet,
    })


def comments_csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([["Section", "Comment"], ["", "The framework needs a budget."]])
    return path


# ---------------------------------------------------------------- 1a: a damaged deflate stream

@pytest.mark.slow  # a real cm process
@pytest.mark.parametrize("command", ["docx", "table"])
def test_a_docx_with_a_damaged_deflate_stream_is_refused_by_name(base: Path, tmp_path: Path, command: str):
    path = damaged(office(tmp_path / "reviewed.docx", {"word/document.xml": word_table(COMMENT_ROWS * 20)}),
                   "word/document.xml")
    before = snapshot(base)
    result = cm("import", command, str(path), "-s", "viet-nam", cwd=base)
    assert (result.returncode, result.stdout) == (1, "")
    first, last = result.stderr.splitlines()
    assert first.startswith(f"cm: {path}: part word/document.xml cannot be read (its compressed data is damaged: ")
    assert first.endswith(")") and last == "cm: nothing was imported"
    assert snapshot(base) == before


@pytest.mark.slow  # a real cm process
def test_an_xlsx_with_a_damaged_deflate_stream_is_refused_by_name(base: Path, tmp_path: Path):
    path = damaged(workbook(tmp_path / "matrix.xlsx"), "xl/sharedStrings.xml")
    before = snapshot(base)
    result = cm("import", "table", str(path), "-s", "viet-nam", cwd=base)
    assert (result.returncode, result.stdout) == (1, "")
    first, last = result.stderr.splitlines()
    assert first.startswith(f"cm: {path}: part xl/sharedStrings.xml cannot be read (its compressed data is damaged: ")
    assert last == "cm: nothing was imported"
    assert snapshot(base) == before


# ---------------------------------------------------------------- 1b: non-ASCII digits in the XML

@pytest.mark.parametrize("command", ["docx", "table"])
def test_a_grid_span_in_superscript_digits_counts_as_no_span(base: Path, tmp_path: Path, command: str):
    path = office(tmp_path / "reviewed.docx", {"word/document.xml": word_table(COMMENT_ROWS, grid_span="²")})
    result = CliRunner().invoke(app, ["import", command, str(path), "-s", "viet-nam", "-n", "-C", str(base)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 0, result.stderr
    assert re.match(r"\+ VIET-NAM-1  background  \S*reviewed\.docx:table 1 row 2: Please add targets", result.stdout)


@pytest.mark.slow  # a real cm process
def test_a_shared_string_index_in_superscript_digits_is_no_crash(base: Path, tmp_path: Path):
    path = workbook(tmp_path / "matrix.xlsx", index="²")
    result = cm("import", "table", str(path), "-s", "viet-nam", "-n", cwd=base)
    assert result.returncode in (0, 1) and "internal error" not in result.stderr


# ---------------------------------------------------------------- 1c: dates a zip cannot hold

def test_a_response_dated_2200_renders_with_zip_times_clamped_to_2107(base: Path, runner, monkeypatch):
    path = base / "comments" / "tnc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("decision: noted", "decision: noted\n      date: 2200-01-01"),
                    encoding="utf-8")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.chdir(base)
    assert runner.invoke(app, ["validate"]).exit_code == 0
    for output in ("matrix.docx", "matrix.xlsx"):
        result = runner.invoke(app, ["render", "matrix", "-o", f"build/{output}"])
        assert (result.exit_code, result.stdout, result.stderr) == (0, f"build/{output}\n", "")
        with zipfile.ZipFile(base / "build" / output) as archive:
            assert {info.date_time for info in archive.infolist()} == {(2107, 12, 31, 23, 59, 58)}
            # The document's own dates are the data's: only the container's times are clamped.
            assert b"2200-01-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_a_source_date_epoch_after_2107_is_clamped_in_the_zip(base: Path, runner, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "5000000000")  # 2128-06-11
    monkeypatch.chdir(base)
    for args in (["render", "matrix", "-f", "xlsx"], ["render", "draft", "-f", "docx"], ["export", "review-copy"]):
        result = runner.invoke(app, args)
        assert (result.exit_code, result.stderr) == (0, ""), args
        with zipfile.ZipFile(base / result.stdout.strip()) as archive:
            assert {info.date_time for info in archive.infolist()} == {(2107, 12, 31, 23, 59, 58)}


# ---------------------------------------------------------------- 1d, 1e: the import cannot write

def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _read_only(*args, **kwargs):
    raise OSError(errno.EROFS, os.strerror(errno.EROFS))


@pytest.mark.parametrize(("where", "fault", "reason"), [
    ("fsync", _no_space, "No space left on device"),  # a full disk shows up when the data is synced
    ("mkstemp", _read_only, "Read-only file system"),  # a read-only folder, when the temporary file is made
])
def test_an_import_that_cannot_write_says_so_and_changes_nothing(base: Path, tmp_path: Path, runner, monkeypatch,
                                                                 where, fault, reason):
    from commentmatrix.write import atomic

    path = comments_csv(tmp_path / "comments.csv")
    before = snapshot(base)
    monkeypatch.chdir(base)
    monkeypatch.setattr(atomic.os if where == "fsync" else atomic.tempfile, where, fault)
    result = runner.invoke(app, ["import", "table", str(path), "-s", "viet-nam"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"cm: cannot write comments/viet-nam.yaml: {reason}; no file was changed\n")
    assert snapshot(base) == before
    assert not list(base.rglob("*.tmp"))


@pytest.mark.slow  # a real cm process
@pytest.mark.parametrize("args", [["import", "table", "{csv}", "-s", "viet-nam"],
                                  ["import", "docx", "{docx}", "-s", "viet-nam"],
                                  ["respond", "TNC-1", "--decision", "accepted"]])
def test_a_lock_file_that_is_a_folder_is_refused(base: Path, tmp_path: Path, args: list[str]):
    (base / "build" / ".cm.lock").mkdir(parents=True)
    files = {"{csv}": str(comments_csv(tmp_path / "comments.csv")),
             "{docx}": str(office(tmp_path / "reviewed.docx", {"word/document.xml": word_table(COMMENT_ROWS)}))}
    before = snapshot(base)
    result = cm(*[files.get(a, a) for a in args], cwd=base)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", "cm: cannot take the project's lock build/.cm.lock: Is a directory; no file was changed\n")
    assert snapshot(base) == before


# ---------------------------------------------------------------- 1f: standard output takes nothing

@pytest.mark.slow  # a real cm process
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["status"], ["validate"], ["status", "--json"], ["--help"]])
def test_standard_output_that_cannot_be_written_is_exit_1_with_the_reason(base: Path, args: list[str]):
    before = snapshot(base)
    with open("/dev/full", "w") as full:
        result = cm(*args, cwd=base, stdout=full)
    assert (result.returncode, result.stderr) == (1, "cm: cannot write to standard output: No space left on device\n")
    assert snapshot(base) == before


@pytest.mark.slow  # a real cm process
def test_a_reader_that_goes_away_is_no_error_message(example: Path):
    """`cm status | head -c 1`: the pipe closes; cm stops without a traceback or a message."""
    with subprocess.Popen([sys.executable, "-m", "commentmatrix", "render", "matrix", "-f", "md", "-o", "/dev/stdout"],
                          cwd=example, env={**os.environ, **NO_PROGRESS}, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(1)
        process.stdout.close()
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=60)
    assert code in (0, 1)
    assert "Traceback" not in stderr and "internal error" not in stderr


# ---------------------------------------------------------------- 1g: SOURCE_DATE_EPOCH

@pytest.mark.slow  # a real cm process
@pytest.mark.parametrize("value", ["99999999999999", "253402300800", "²", "-1", "1e9", "yesterday"])
def test_a_source_date_epoch_cm_cannot_use_is_a_usage_error(base: Path, value: str):
    before = snapshot(base)
    result = cm("render", "matrix", cwd=base, env={"SOURCE_DATE_EPOCH": value})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"cm: SOURCE_DATE_EPOCH is '{value}', not a time cm can use: it takes whole seconds "
                             "since 1970-01-01 UTC, from 0 to 253402300799 (9999-12-31)\n"
                             "    hint: unset it to date outputs by the project's data\n")
    assert snapshot(base) == before


@pytest.mark.slow  # a real cm process
def test_the_last_source_date_epoch_of_year_9999_is_fine(base: Path):
    result = cm("render", "matrix", "-f", "xlsx", cwd=base, env={"SOURCE_DATE_EPOCH": "253402300799"})
    assert (result.returncode, result.stderr) == (0, "")


# ---------------------------------------------------------------- 2: a zip bomb as a reference .docx

def reference(path: Path, extra: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None) -> Path:
    """A real reference .docx (python-docx's default), with parts added or replaced."""
    buffer = io.BytesIO()
    Document().save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, (replace or {}).get(info.filename, source.read(info.filename)))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return path


def _styles_bomb() -> bytes:
    """styles.xml padded with 24 MB of blanks: 2 MB unpacked per KB packed."""
    return b'<?xml version="1.0"?><w:styles xmlns:w="' + W.encode() + b'">' + b" " * (24 * 1024 * 1024) + b"</w:styles>"


HOSTILE_REFERENCES = {
    "bomb": (lambda p: reference(p, replace={"word/styles.xml": _styles_bomb()}),
             r"part word/styles\.xml is compressed \d+ times: refused as a zip bomb"),
    "doctype": (lambda p: reference(p, replace={"word/styles.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aa">]>'
                                                                   b'<w:styles xmlns:w="' + W.encode() + b'"/>'}),
                r"part word/styles\.xml holds a DOCTYPE or entity declaration, which Office files never have: refused"),
    "damaged": (lambda p: damaged(reference(p), "word/styles.xml"),
                r"part word/styles\.xml cannot be read \(its compressed data is damaged: [^)]+\)"),
    "many-parts": (lambda p: reference(p, extra={f"word/extra/item{n}.xml": b"<a/>" for n in range(1_001)}),
                   r"holds \d+ parts; an Office file has far fewer: refused"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_REFERENCES))
@pytest.mark.parametrize(("name", "args"), [("matrix-reference.docx", ["render", "matrix", "-f", "docx"]),
                                            ("draft-reference.docx", ["render", "draft", "-f", "docx"]),
                                            ("draft-reference.docx", ["export", "review-copy"])])
def test_a_hostile_reference_docx_is_refused_before_it_is_unpacked(base: Path, runner, monkeypatch, case, name, args):
    make, reason = HOSTILE_REFERENCES[case]
    make(base / "templates" / name)
    before = snapshot(base)
    monkeypatch.chdir(base)
    started = time.perf_counter()
    result = runner.invoke(app, args)
    elapsed = time.perf_counter() - started
    assert (result.exit_code, result.stdout) == (1, ""), result.stderr
    assert re.fullmatch(rf"cm: template {re.escape(name)}: this is not a Word document cm can use for its styles "
                        rf"\({reason}\); replace it or delete it to use cm's own\n", result.stderr), result.stderr
    assert snapshot(base) == before
    print(f"{case} {name} {' '.join(args)}: refused in {elapsed:.2f} s")  # measured, not asserted


def test_a_sound_reference_docx_is_still_used(base: Path, runner, monkeypatch):
    document = Document()
    document.styles["Normal"].font.name = "TH Sarabun New"
    (base / "templates").mkdir()
    document.save(str(base / "templates" / "matrix-reference.docx"))
    monkeypatch.chdir(base)
    result = runner.invoke(app, ["render", "matrix", "-f", "docx"])
    assert (result.exit_code, result.stderr) == (0, "")
    with zipfile.ZipFile(base / "build" / "matrix.docx") as archive:
        assert b"TH Sarabun New" in archive.read("word/styles.xml")


# ---------------------------------------------------------------- 3: planted parse-cache entries

PYTHON_TAG = b"stakeholder: tnc\ncomments: !!python/object/apply:os.system [echo hi]\n"
CLEAN = b"stakeholder: tnc\ncomments: []\n"


def _entry_path(cache: Path, shown: str, raw: bytes) -> Path:
    return documents._entry_path(cache, documents.file_key(shown, raw))


def _forged_payload(shown: str) -> bytes:
    """What the cache would hold for a clean file: the entry an attacker would plant."""
    return documents._encode(documents._entry(shown, CLEAN))


@pytest.mark.parametrize("forgery", ["unsigned", "signed-with-another-key", "signature-of-another-entry"])
def test_a_planted_cache_entry_is_ignored_and_the_file_parsed_again(base: Path, tmp_path: Path, runner, monkeypatch,
                                                                    forgery: str):
    cache = tmp_path / "cache"
    monkeypatch.setenv(documents.CACHE_ENV, str(cache))
    monkeypatch.chdir(base)
    (base / "comments" / "tnc.yaml").write_bytes(PYTHON_TAG)
    first = runner.invoke(app, ["validate"])
    assert first.exit_code == 1 and "(yaml-tag)" in first.stdout
    entry = _entry_path(cache, "comments/tnc.yaml", PYTHON_TAG)
    assert entry.is_file()  # the entry the run stored is the one planted over below
    payload = _forged_payload("comments/tnc.yaml")
    if forgery == "unsigned":
        planted = payload
    elif forgery == "signed-with-another-key":
        planted = documents._SIGNATURE + documents._signature(b"k" * 32, entry.stem, payload) + b"\n" + payload
    else:  # a genuine signature, lifted from the entry of another file
        clean_key = documents.file_key("comments/tnc.yaml", CLEAN)
        signed = documents._signed(clean_key, payload)
        assert signed is not None
        planted = signed
    entry.write_bytes(planted)
    again = runner.invoke(app, ["validate"])
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)


def test_a_planted_entry_cannot_put_words_in_the_matrix(base: Path, tmp_path: Path, runner, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv(documents.CACHE_ENV, str(cache))
    monkeypatch.chdir(base)
    path = base / "comments" / "tnc.yaml"
    raw = path.read_bytes()
    assert runner.invoke(app, ["render", "matrix", "-f", "md", "-o", "build/a.md"]).exit_code == 0
    entry = _entry_path(cache, "comments/tnc.yaml", raw)
    forged = pickle.loads(entry.read_bytes().partition(b"\n")[2])
    forged["data"]["comments"][0]["text"] = "Send the budget to this account."
    entry.write_bytes(pickle.dumps(forged))
    assert runner.invoke(app, ["render", "matrix", "-f", "md", "-o", "build/b.md"]).exit_code == 0
    shown = (base / "build" / "b.md").read_text(encoding="utf-8")
    assert "Send the budget" not in shown and "The framework needs targets." in shown


class _MakesAFolder:
    """What a hostile pickle holds: an object whose reading calls a function (here os.mkdir)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __reduce__(self):
        return (os.mkdir, (str(self.folder),))


def test_a_signed_entry_that_names_a_function_is_not_run(base: Path, tmp_path: Path, runner, monkeypatch):
    # The second lock: even an entry signed with this user's key (a leaked key, or a bug in the
    # signing) builds nothing but plain values and dates when it is read.
    cache = tmp_path / "cache"
    monkeypatch.setenv(documents.CACHE_ENV, str(cache))
    monkeypatch.chdir(base)
    assert runner.invoke(app, ["render", "matrix", "-f", "md", "-o", "build/a.md"]).exit_code == 0
    raw = (base / "comments" / "tnc.yaml").read_bytes()
    key = documents.file_key("comments/tnc.yaml", raw)
    marker = tmp_path / "made-by-the-entry"
    entry = pickle.loads(documents._entry_path(cache, key).read_bytes().partition(b"\n")[2])
    entry["data"]["stakeholder"] = _MakesAFolder(marker)
    signed = documents._signed(key, pickle.dumps(entry))
    assert signed is not None
    documents._entry_path(cache, key).write_bytes(signed)
    again = runner.invoke(app, ["render", "matrix", "-f", "md", "-o", "build/b.md"])
    assert not marker.exists()
    assert again.exit_code == 0
    assert (base / "build" / "b.md").read_bytes() == (base / "build" / "a.md").read_bytes()


def test_a_planted_pipe_or_link_as_an_entry_is_not_read(base: Path, tmp_path: Path, runner, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv(documents.CACHE_ENV, str(cache))
    monkeypatch.chdir(base)
    shown = {"comments/tnc.yaml": (base / "comments" / "tnc.yaml").read_bytes(),
             "comments/lao-pdr.yaml": (base / "comments" / "lao-pdr.yaml").read_bytes()}
    pipe, link = (_entry_path(cache, name, raw) for name, raw in shown.items())
    pipe.parent.mkdir(parents=True, exist_ok=True)
    link.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(pipe)  # opened the plain way, it would wait for a writer forever
    link.symlink_to("/dev/zero")
    result = runner.invoke(app, ["validate"])
    assert (result.exit_code, result.stdout) == (0, "No problems: 4 files checked.\n")


def test_a_cache_folder_that_is_a_file_leaves_cm_to_run_without_the_cache(base: Path, tmp_path: Path, runner, monkeypatch):
    # $CM_CACHE_DIR naming a file: storing an entry failed, and cleaning up after it raised
    # NotADirectoryError, an internal error (exit 3) of a command the cache only speeds up.
    cache = tmp_path / "cache"
    cache.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv(documents.CACHE_ENV, str(cache))
    monkeypatch.chdir(base)
    result = runner.invoke(app, ["validate"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "No problems: 4 files checked.\n", "")
    assert cache.read_text(encoding="utf-8") == "not a folder\n"


def test_without_a_private_key_the_cache_is_not_used(tmp_path: Path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setattr(documents, "_secrets", {})
    files = [("comments/a.yaml", CLEAN)]
    documents.read_all(files, tmp_path / "cache", workers=1)
    key = home / "commentmatrix" / documents.KEY_NAME
    assert key.stat().st_mode & 0o777 == 0o600 and len(list((tmp_path / "cache").rglob("*.pickle"))) == 1
    key.chmod(0o644)  # others could read it, and sign entries with it
    monkeypatch.setattr(documents, "_secrets", {})
    entry = _entry_path(tmp_path / "cache", "comments/a.yaml", CLEAN)
    entry.write_bytes(entry.read_bytes().replace(b"[]", b'[{"id": "X"}]'))  # would not verify anyway
    assert documents._secret() is None
    assert documents.read_all(files, tmp_path / "cache", workers=1)[0].doc.data == {"stakeholder": "tnc", "comments": []}


def test_a_signed_check_record_that_names_a_function_is_not_run(base: Path, tmp_path: Path, runner, monkeypatch):
    # The record's facts are pickled: even signed with this user's key, they build only plain
    # values, dates and the facts' own named tuples. A part read with the record sends the check
    # in full; one decoded later, when asked for, is a refusal that removes the record.
    from commentmatrix.read import check_record

    cache = tmp_path / "cache"
    monkeypatch.setenv(documents.CACHE_ENV, str(cache))
    monkeypatch.chdir(base)
    args = ["status", "--json", "--today", "2017-09-01"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0
    key = check_record._record_key(base)
    path = check_record._path(cache, key)
    found = documents.read_signed_view(path, key, check_record.MAX_RECORD_BYTES)
    assert found is not None
    parts = [bytes(part) for part in check_record._parts(found[1]) or []]
    assert len(parts) > 1 and (len(parts) - 1) % check_record._LINES == 0
    marker = tmp_path / "made-by-the-record"
    # Of each file's lines, the third and fourth are status --json's own bytes, not pickled.
    pickled = [at for at in range(1, len(parts)) if (at - 1) % check_record._LINES not in (2, 3)]
    outcomes = set()
    for at in pickled:
        documents.store_signed_parts(path, key, check_record._framed(
            [*parts[:at], pickle.dumps([_MakesAFolder(marker)]), *parts[at + 1:]]))
        again = runner.invoke(app, args)
        assert not marker.exists()
        if again.exit_code == 0:
            assert again.stdout == first.stdout, at
            outcomes.add("checked in full")
            continue
        assert (again.exit_code, again.stdout) == (1, ""), (at, repr(again.exception))
        assert again.stderr.startswith("cm: cm's record of the last check, in its cache folder, could not be read ("), at
        assert "it was removed" in again.stderr and f"a cache entry names {os.mkdir.__module__}.mkdir" in again.stderr
        assert not path.exists()
        outcomes.add("refused")
        after = runner.invoke(app, args)
        assert (after.exit_code, after.stdout) == (0, first.stdout)
    assert outcomes == {"checked in full", "refused"}
