"""The fast read path (parse cache, forked worker) gives exactly what a plain parse gives."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, copy_example

from commentmatrix.cli import app
from commentmatrix.read import documents
from commentmatrix.read.documents import read_all
from commentmatrix.read.loader import load_project
from commentmatrix.read.yaml_reader import read_bytes

TRICKY = ("stakeholder: s1\nreceived: 2017-09-01\nwhen: 2017-09-01 10:00:00\nn: 5.10\nflag: true\nnothing: ~\n"
          "inf: .inf\nquoted: \"2017-09-01\"\nescaped: \"bell \\a here\"\nitems:\n  - id: A-1\n    at: 2017-01-02\n"
          "  - {id: A-2, text: {en: x, zh: 中文}}\n").encode()


def _project_files() -> list[tuple[str, bytes]]:
    names = ["cm.yaml", *sorted(f"drafts/{p.name}" for p in (REPO / "drafts").glob("*.yaml")),
             *sorted(f"comments/{p.name}" for p in (REPO / "comments").glob("*.yaml"))]
    return [(name, (REPO / name).read_bytes()) for name in names] + [("comments/tricky.yaml", TRICKY),
                                                                      ("comments/broken.yaml", b"a: [1, 2\n")]


def _plain(files: list[tuple[str, bytes]]) -> list[tuple]:
    """What read_bytes alone gives, in comparable form."""
    found = []
    for shown, raw in files:
        doc, problems = read_bytes(raw, shown)
        found.append((doc.data if doc else None, problems, doc.marks if doc else None))
    return found


def _compared(reads: list[documents.Read]) -> list[tuple]:
    return [(r.doc.data if r.doc else None, r.problems, r.doc.marks if r.doc else None) for r in reads]


def test_cache_and_worker_give_what_a_plain_parse_gives(tmp_path, monkeypatch):
    files = _project_files()
    expected = _plain(files)
    monkeypatch.setattr(documents, "PARALLEL_BYTES", 0)
    cold = read_all(files, tmp_path / "cache", workers=2)  # half parsed by a forked worker
    documents._wait_for_writers()
    warm = read_all(files, tmp_path / "cache", workers=2)  # everything from the cache
    serial = read_all(files, None, workers=1)
    assert _compared(cold) == expected
    assert _compared(warm) == expected
    assert _compared(serial) == expected
    tricky = warm[-2].doc.data
    assert tricky["received"].isoformat() == "2017-09-01" and tricky["quoted"] == "2017-09-01"
    assert tricky["when"].isoformat() == "2017-09-01T10:00:00" and tricky["n"] == 5.1
    assert warm[-2].doc.facts == {"controls": True, "languages": ["en", "zh"]}
    assert warm[-1].doc is None and warm[-1].problems[0].rule == "yaml-syntax"
    assert len(list((tmp_path / "cache").rglob("*.pickle"))) == len(files)


def test_a_changed_file_is_parsed_again_and_a_damaged_entry_is_ignored(tmp_path):
    cache = tmp_path / "cache"
    read_all([("comments/a.yaml", b"stakeholder: a\n")], cache, workers=1)
    changed = read_all([("comments/a.yaml", b"stakeholder: b\n")], cache, workers=1)
    assert changed[0].doc.data == {"stakeholder": "b"}
    for entry in cache.rglob("*.pickle"):
        entry.write_text('{"parsed": true, "data": {"stakeholder": "forged"}', encoding="utf-8")
    again = read_all([("comments/a.yaml", b"stakeholder: b\n")], cache, workers=1)
    assert again[0].doc.data == {"stakeholder": "b"}


@pytest.mark.parametrize("sent", [0, 2])
def test_a_worker_that_dies_leaves_its_files_to_the_main_process(tmp_path, monkeypatch, sent: int):
    files = _project_files()
    parent = os.getpid()
    real_entry = documents._entry
    made = []

    def crash_in_worker(shown: str, raw: bytes) -> dict:
        if os.getpid() != parent:
            if len(made) == sent:
                os._exit(139)  # as the C parser would on a stack overflow
            made.append(shown)
        return real_entry(shown, raw)

    monkeypatch.setattr(documents, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(documents, "_entry", crash_in_worker)
    assert _compared(read_all(files, None, workers=2)) == _plain(files)


def test_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CM_CACHE_DIR", "off")
    assert documents.cache_folder() is None
    monkeypatch.setenv("CM_CACHE_DIR", str(tmp_path))
    assert documents.cache_folder() == tmp_path
    monkeypatch.delenv("CM_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert documents.cache_folder() == tmp_path / "xdg" / "commentmatrix" / "parsed"


def test_validate_reports_the_same_lines_from_the_cache(tmp_path, runner, monkeypatch):
    root = copy_example(tmp_path / "project")
    path = root / "comments" / "tnc.yaml"
    path.write_text(re.sub(r"decision: \w+", "decision: acepted", path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("CM_CACHE_DIR", str(tmp_path / "cache"))
    first = runner.invoke(app, ["validate", "--format", "json"])
    second = runner.invoke(app, ["validate", "--format", "json"])
    assert first.exit_code == second.exit_code == 1
    assert json.loads(first.stdout) == json.loads(second.stdout)
    assert any(d["rule"] == "wrong-value" and d["line"] > 1 for d in json.loads(second.stdout)["diagnostics"])
    monkeypatch.setenv("CM_CACHE_DIR", "off")
    assert json.loads(runner.invoke(app, ["validate", "--format", "json"]).stdout) == json.loads(first.stdout)


@pytest.mark.parametrize("name", ["lao-pdr.yaml", "tnc.yaml"])
def test_project_positions_match_the_node_tree(name):
    """The marks kept for every run point where the full node tree points."""
    project = load_project(REPO)
    source = next(s for s in project.comment_sources if s.path.endswith(name))
    for index in range(len(source.file.comments)):
        for subpath in ((), ("id",)):
            marked = source.doc.position(("comments", index, *subpath))
            source.doc.marks = {}
            assert marked == source.doc.position(("comments", index, *subpath))
            source.doc.marks = load_project(REPO).comment_sources[project.comment_sources.index(source)].doc.marks


def test_progress_is_shown_only_on_a_terminal_outside_ci(monkeypatch):
    from commentmatrix.terminal import progress

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("CM_NO_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(progress.sys, "stderr", Terminal())
    assert progress._wanted()
    monkeypatch.setenv("CI", "true")
    assert not progress._wanted()
    monkeypatch.delenv("CI")
    monkeypatch.setattr(progress.sys, "stderr", io.StringIO())
    assert not progress._wanted()


def test_a_project_loads_from_a_relative_path(monkeypatch):
    monkeypatch.chdir(REPO / "drafts")
    project = load_project(Path(".."))
    assert project.load_problems == [] and project.root == REPO
    assert len(project.comment_sources) == len(list((REPO / "comments").glob("*.yaml")))


def _typed(value):
    """`value` with the type of every leaf beside it: a date read back as a datetime, or a
    number as text, would compare unequal here."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, value, getattr(value, "tzinfo", None))


def test_an_entry_gives_back_the_values_it_was_made_from():
    import random

    chance = random.Random(19)
    east = dt.timezone(dt.timedelta(hours=7))
    leaves = ["text", "中文 ລາວ ខ្មែរ", 5, 10**30, None, 1.5, float("inf"), True, dt.date(2017, 9, 1),
              dt.datetime(2017, 9, 1, 10, 0), dt.datetime(2017, 9, 1, 10, 0, tzinfo=east)]

    def value(depth):
        roll = chance.random()
        if depth > 3 or roll < 0.4:
            return chance.choice(leaves)
        if roll < 0.6:
            return [value(depth + 1) for _ in range(chance.randint(0, 4))]
        return {f"k{n}": value(depth + 1) for n in range(chance.randint(0, 4))}

    for _ in range(2000):
        data = value(0)
        entry = {"problems": [], "parsed": True, "data": data, "marks": {}, "facts": {}}
        read = documents._decode(documents._encode(entry), "comments/x.yaml", b"")
        assert read.doc is not None and _typed(read.doc.data) == _typed(data)


class _Other:
    """A class of this module: pickled by name, as a planted entry would name one."""


def test_an_entry_naming_any_other_class_is_not_read():
    for planted in (_Other(), os.system, dt.date.today, {"data": io.BytesIO(b"")}):
        payload = pickle.dumps({"problems": [], "parsed": True, "data": planted, "marks": {}, "facts": {}})
        with pytest.raises(pickle.UnpicklingError, match="a cache entry names"):
            documents._decode(payload, "comments/x.yaml", b"")


def test_a_read_that_fails_here_does_not_leave_the_worker_waiting(tmp_path):
    # The worker's files fill more than the pipe holds; the main process fails on its first own
    # file. Unread, the worker would wait on the pipe for ever, and the command for the worker.
    script = tmp_path / "fail.py"
    script.write_text("""
import sys
from commentmatrix.read import documents
comment = "  - id: C-{n}\\n    target: general\\n    text: {{en: '" + "words " * 60 + "'}}\\n"
files = [(f"comments/s{f}.yaml", ("stakeholder: s\\ncomments:\\n" + "".join(comment.format(n=n) for n in range(800))).encode())
         for f in range(12)]
documents.PARALLEL_BYTES = 0
def fail(n, read):
    raise RuntimeError("a file of ours")
try:
    documents.read_all(files, None, workers=2, consume=fail)
except RuntimeError:
    pass
documents._wait_for_writers()
print("ended")
""", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, "ended\n"), done.stderr
