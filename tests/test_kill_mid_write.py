"""Kill a real `cm` process over and over while it renders or edits: the file it writes is always
either the old one or the new one, whole; temporary files go away (at once for SIGTERM and
SIGINT, at the next write for SIGKILL, which no program can catch)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bigproject import generate

SIGNALS = (signal.SIGKILL, signal.SIGTERM, signal.SIGINT)
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1893456000", "CM_TODAY": "2030-01-20"}


def _start(args: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "commentmatrix", *args], cwd=cwd, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _timed_run(args: list[str], cwd: Path) -> float:
    started = time.monotonic()
    assert _start(args, cwd).wait(timeout=300) == 0
    return time.monotonic() - started


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _kill_at(args: list[str], cwd: Path, delay: float, signum: int) -> int:
    """The process id of the run, killed after `delay` seconds."""
    process = _start(args, cwd)
    time.sleep(delay)
    process.send_signal(signum)
    process.wait(timeout=300)
    return process.pid


@pytest.mark.slow
def test_a_render_killed_at_any_moment_leaves_the_old_matrix_or_the_new_one_whole(tmp_path):
    project = generate(tmp_path / "big", comments=3000)
    build = project / "build"
    render = ["render", "matrix", "--format", "xlsx"]
    full = _timed_run(render, project)  # also the new file every finished run writes
    new = (build / "matrix.xlsx").read_bytes()
    old = b"PK\x03\x04 the matrix of last week, not to be lost"
    rng = random.Random(9)
    outcomes = {"old": 0, "new": 0}
    for attempt in range(36):
        (build / "matrix.xlsx").write_bytes(old)
        signum = SIGNALS[attempt % len(SIGNALS)]
        pid = _kill_at(render, project, rng.uniform(0.05, full * 1.1), signum)
        found = (build / "matrix.xlsx").read_bytes()
        assert found in (old, new), f"attempt {attempt}: a half-written matrix ({len(found)} bytes)"
        outcomes["old" if found == old else "new"] += 1
        if signum != signal.SIGKILL:
            # Its own: one an earlier SIGKILL left stays until a run gets as far as writing.
            mine = [name for name in _temporaries(build) if name.startswith(f".matrix.xlsx.{pid}.")]
            assert mine == [], f"attempt {attempt}: {signal.Signals(signum).name} left a temporary file"
    assert outcomes["old"] > 0  # the kills did land before the rename
    _timed_run(render, project)
    assert (build / "matrix.xlsx").read_bytes() == new
    assert _temporaries(build) == []  # what SIGKILL left, the next write removed


@pytest.mark.slow
def test_an_edit_killed_at_any_moment_leaves_the_comment_file_old_or_new_whole(tmp_path):
    project = generate(tmp_path / "big", comments=3000)
    target = project / "comments" / "s3.yaml"
    old = target.read_bytes()
    respond = ["respond", "C-4", "--decision", "noted", "--note", "Seen.", "--lang", "en"]
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    full = _timed_run(respond, reference)
    new = (reference / "comments" / "s3.yaml").read_bytes()
    assert new != old
    rng = random.Random(10)
    for attempt in range(12):
        target.write_bytes(old)
        _kill_at(respond, project, rng.uniform(0.05, full * 1.1), SIGNALS[attempt % len(SIGNALS)])
        assert target.read_bytes() in (old, new), f"attempt {attempt}: a half-written comment file"
    target.write_bytes(old)
    _timed_run(respond, project)
    assert target.read_bytes() == new
    assert _temporaries(project / "comments") == []
