"""Every write is whole or not at all: a full disk, a failing file among several, a killed process
and an abandoned temporary file all leave the old files as they were."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from commentmatrix.cli import app
from commentmatrix.write.atomic import WriteFailed, write_atomic, write_many

SRC = Path(__file__).resolve().parent.parent / "src" / "commentmatrix"
WRITE_CALL = re.compile(r"\.write_(bytes|text)\(|open\([^)]*['\"][rb]*[wax+][rwxab+]*['\"]|os\.replace\(|os\.rename\("
                        r"|shutil\.(copy|move)|\.save\(|fdopen\(")

# Writes that do not go through write/atomic, each for a reason.
ALLOWED_WRITES = {
    # GitHub's step summary is a file the runner gives to append to, never a project file.
    ("cli/check.py", 'with open(summary_path, "a", encoding="utf-8") as summary:'),
    # The scratch file handed to $EDITOR lives in the system's temporary folder.
    ("cli/editor.py", 'with os.fdopen(handle, "w", encoding="utf-8") as stream:'),
    # The lock file holds nothing; only its lock matters.
    ("write/transaction.py", 'with os.fdopen(descriptor, "a+b") as handle:'),
    # The parse worker, and work forked beside a command, send their results through a pipe, not a file.
    ("read/documents.py", 'with os.fdopen(writer, "wb") as out:'),
    ("read/forked.py", 'with os.fdopen(writer, "wb") as out:'),
    ("read/forked.py", 'with os.fdopen(reader, "rb") as incoming:'),
    # Parse-cache entries and check records live outside the project; each is written whole and renamed into place
    # (a lost entry only means parsing that file again, so no fsync).
    ("read/documents.py", 'with open(temporary, "wb") as written:'),
    ("read/documents.py", "os.replace(temporary, path)"),
    # LibreOffice reads the DOCX from a private temporary folder; the PDF it makes there is read
    # back and written to its place by write/atomic.
    ("render/pdf.py", "source.write_bytes(document)"),
    # The developers' script that rebuilds the packaged letter template (not run by cm).
    ("render/docx/letter_template.py", "document.save(out)"),
    ("render/docx/letter_template.py", "TARGET.write_bytes(build())"),
    ("render/xlsx.py", "ExcelWriter(workbook, archive).save()"),
    # The streamed sheet's temporary file copied into a member of the archive (in memory).
    ("render/zipstamp.py", 'with open(filename, "rb") as source, self.open(member, "w") as target:'),
    ("render/zipstamp.py", "shutil.copyfileobj(source, target, 1 << 20)"),
    # The writer itself.
    ("write/atomic.py", "os.replace(temporary, path)"),
    ("write/atomic.py", 'with os.fdopen(handle, "wb") as stream:'),
}


def test_every_file_write_in_the_source_goes_through_write_atomic():
    found = set()
    for path in sorted(SRC.rglob("*.py")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if WRITE_CALL.search(line):
                found.add((path.relative_to(SRC).as_posix(), line.strip()))
    assert found == ALLOWED_WRITES


def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_full_disk_fails_the_render_cleanly_and_keeps_the_old_file(example, runner, monkeypatch):
    from commentmatrix.write import atomic

    old = b"the matrix sent to ministries last week"
    (example / "build").mkdir()
    (example / "build" / "matrix.docx").write_bytes(old)
    monkeypatch.chdir(example)
    monkeypatch.setattr(atomic.os, "fsync", _no_space)  # where a full disk shows up for a buffered write
    result = runner.invoke(app, ["render", "matrix"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", "cm: cannot write build/matrix.docx: No space left on device; no file was changed\n")
    assert (example / "build" / "matrix.docx").read_bytes() == old
    assert _leftovers(example / "build") == []


def test_a_full_disk_fails_an_edit_cleanly_and_keeps_the_comment_file(example, runner, monkeypatch):
    from commentmatrix.write import atomic

    before = {p: p.read_bytes() for p in (example / "comments").iterdir()}
    monkeypatch.chdir(example)
    monkeypatch.setattr(atomic.os, "fsync", _no_space)
    result = runner.invoke(app, ["respond", "LAO-1", "--decision", "noted", "--note", "Thank you", "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr.startswith("cm: cannot write comments/")
    assert result.stderr.endswith(": No space left on device; no file was changed\n")
    assert {p: p.read_bytes() for p in (example / "comments").iterdir()} == before


def test_when_one_of_several_files_cannot_be_written_none_changes(tmp_path, monkeypatch):
    from commentmatrix.write import atomic

    first, second = tmp_path / "a.yaml", tmp_path / "sub" / "b.yaml"
    first.write_bytes(b"old a")
    real = atomic.os.fsync
    calls = []

    def second_fails(fd):
        calls.append(fd)
        if len(calls) == 2:
            _no_space()
        real(fd)

    monkeypatch.setattr(atomic.os, "fsync", second_fails)
    with pytest.raises(WriteFailed) as failed:
        write_many([(first, b"new a"), (second, b"new b")])
    assert (failed.value.path, failed.value.reason) == (second, "No space left on device")
    assert first.read_bytes() == b"old a" and not second.exists()
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "sub") == []


def test_a_write_keeps_the_file_mode_and_replaces_the_content(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert (target.read_bytes(), target.stat().st_mode & 0o777, _leftovers(tmp_path)) == (b"new", 0o640, [])


def test_temporary_files_of_killed_writers_are_removed_by_the_next_write(tmp_path):
    target = tmp_path / "matrix.docx"
    dead = tmp_path / ".matrix.docx.999999999.x1y2.tmp"   # no such process
    live = tmp_path / f".matrix.docx.{os.getpid()}.a1b2.tmp"  # a writer still at work
    other = tmp_path / ".synopsis.docx.999999999.z9.tmp"   # another target's: not ours to judge
    for leftover in (dead, live, other):
        leftover.write_bytes(b"half")
    write_atomic(target, b"whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, live.name, other.name])


def _tiny_disk(folder: Path, size: str) -> bool:
    import subprocess

    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


def test_a_really_full_disk_fails_cleanly(example, tmp_path):
    """On a real 1 MiB tmpfs (where this machine lets us mount one): the disk fills, cm says so."""
    import shutil
    import subprocess
    import sys

    disk = tmp_path / "disk"
    if not _tiny_disk(disk, "1m"):
        pytest.skip("cannot mount a tmpfs here (needs root in a container that allows it)")
    try:
        project = disk / "project"
        shutil.copytree(example, project, ignore=shutil.ignore_patterns("templates"))
        (project / "build").mkdir()
        old = b"old matrix"
        (project / "build" / "matrix.docx").write_bytes(old)
        free = os.statvfs(disk)
        (disk / "filler").write_bytes(b"\0" * (free.f_bavail * free.f_frsize - 8192))  # leave 8 KiB
        done = subprocess.run([sys.executable, "-m", "commentmatrix", "render", "matrix"], cwd=project,
                              capture_output=True, text=True, timeout=120)
        assert (done.returncode, done.stdout, done.stderr) == (
            1, "", "cm: cannot write build/matrix.docx: No space left on device; no file was changed\n")
        assert (project / "build" / "matrix.docx").read_bytes() == old
        assert _leftovers(project / "build") == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)
