"""Hostile input on every read channel (issue 20): nesting hidden from the pre-parse check, file
names that are not UTF-8, committed links that would carry a write out of the project, files past
the size limits in git and in CSV imports. Each case runs `cm` in a fresh process where a crash
would be a signal, and asserts the exact exit code and message, and that nothing was written."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE
from gitrepo import git
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.error import YAMLError

from commentmatrix.read.yaml_parser import MAX_NESTING_ESTIMATE, _Loader, might_nest_too_deep, nesting_beyond_limit
from commentmatrix.read.yaml_reader import MAX_FILE_BYTES

TOO_DEEP = f"[error] the data nests more than {MAX_NESTING_ESTIMATE} levels deep, far beyond any cm file (too-deep)"
N = 40_000


def cm(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "commentmatrix", *args], cwd=project, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "COLUMNS": "200"})


def tree(root: Path) -> dict[str, bytes]:
    """The project's files (the empty lock file an import or edit takes left out)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.name != ".cm.lock"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    destination = tmp_path / "project"
    shutil.copytree(BASE, destination)
    return destination


def event_depth(text: str) -> int | None:
    """The deepest nesting of the text on the C parser's events (None: a syntax error first)."""
    parser = _Loader(text)
    depth = deepest = 0
    try:
        while True:
            event = parser.get_event()
            name = type(event).__name__
            if name == "StreamEndEvent":
                return deepest
            if name in ("SequenceStartEvent", "MappingStartEvent"):
                depth += 1
                deepest = max(deepest, depth)
            elif name in ("SequenceEndEvent", "MappingEndEvent"):
                depth -= 1
    except YAMLError:
        return None
    finally:
        parser.dispose()


# ---- 1. nesting that the old check could not see -------------------------------------------

# (name, text, line, column of the first collection past the limit); `x:` is the first level.
HOSTILE = [
    ("a comment full of ']' before the openings", "# " + "]" * N + "\nx: " + "[" * N + "\n", 2, 3 + 1000),
    ("']' in double-quoted strings", "x: " + '[ "]", ' * N + "\n", 1, 4 + 999 * 7),
    ("']' in single-quoted strings with '' escapes", "x: " + "[ ']'']', " * N + "\n", 1, 4 + 999 * 10),
    ("']' after an escaped quote", "x: " + '[ "\\"]", ' * N + "\n", 1, 4 + 999 * 9),
    ("a block scalar full of ']' before the openings", "a: |\n  " + "]" * N + "\nx: " + "[" * N + "\n", 3, 3 + 1000),
    ("'}' in a comment inside the flow", "x: " + "{k: # }}}}\n  " * 1500 + "v\n", 1000, 3),
    ("single-pair mappings in a flow (two levels a bracket)", "x: " + "[a: " * 600 + "b" + "]" * 600 + "\n", 1, 4 + 499 * 4 + 1),
    ("compact block sequences", "x:\n" + "- " * N + "v\n", 2, 1 + 999 * 2),
    ("block mappings 1,500 deep", "".join(" " * i + "k:\n" for i in range(1500)) + " " * 1500 + "v\n", 1001, 1001),
    ("block mappings with carriage returns only", "".join(" " * i + "k:\r" for i in range(1500)) + " " * 1500 + "v\r", 1001, 1001),
    ("block and flow nesting together", "".join(" " * i + "k:\n" for i in range(600)) + " " * 600 + "[" * 600 + "]" * 600 + "\n", 601, 601 + 400),
]


@pytest.mark.slow  # real processes (a crash by a signal is only visible there)
@pytest.mark.parametrize(("text", "line", "column"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_nesting_is_a_too_deep_diagnostic_in_a_real_process(project, text, line, column):
    (project / "comments" / "evil.yaml").write_text(text, encoding="utf-8")
    before = tree(project)
    done = cm(project, "validate")
    assert (done.returncode, done.stdout.splitlines()[0], done.stderr) == (1, f"comments/evil.yaml:{line}:{column}: {TOO_DEEP}", "")
    assert tree(project) == before


@pytest.mark.slow  # real processes (a crash by a signal is only visible there)
@pytest.mark.parametrize("command", [["status"], ["render", "matrix"], ["show", "TNC-1"]])
def test_no_command_dies_by_a_signal_on_hidden_nesting(project, command):
    (project / "comments" / "evil.yaml").write_text(HOSTILE[0][1], encoding="utf-8")
    done = cm(project, *command)
    assert done.returncode in (0, 1), done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr


BRACKETS = "[" * 3000 + "]" * 2000 + "{" * 1000
LEGITIMATE = f"""\
# a comment with brackets {BRACKETS}
stakeholder: tnc
state: submitted
comments:
  - id: TNC-1  # {BRACKETS}
    target: general
    text: "double {BRACKETS} \\" {BRACKETS}"
    response:
      decision: noted
      note: 'single {BRACKETS} '' {BRACKETS}'
  - id: TNC-2
    target: general
    text: |
      literal {BRACKETS}
        {BRACKETS}
    response:
      decision: noted
      note: >
        folded {BRACKETS}
  - id: TNC-3
    target: general
    text: plain text with a citation [1] and {{braces}} {BRACKETS.replace("[", "(")}
"""


def test_a_file_with_thousands_of_brackets_in_comments_strings_and_block_scalars_validates(project):
    (project / "comments" / "tnc.yaml").write_text(LEGITIMATE, encoding="utf-8")
    assert might_nest_too_deep(LEGITIMATE) and nesting_beyond_limit(LEGITIMATE) is None
    done = cm(project, "validate")
    assert (done.returncode, done.stdout, done.stderr) == (0, "No problems: 4 files checked.\n", "")


def _generated(rng: random.Random, depth: int) -> str:
    """A file nesting `depth` levels, with brackets in every kind of noise."""
    block = rng.randint(0, depth)
    lines, indent = [], 0
    for level in range(block):
        if rng.random() < 0.3:
            lines.append(" " * indent + "# " + rng.choice("[]{}") * rng.randint(1, 50))
        if rng.random() < 0.2:
            lines.append(" " * indent + "s: |")
            lines.append(" " * (indent + 2) + rng.choice("[]{}") * rng.randint(1, 50))
        lines.append(" " * indent + f"k{level}:")
        indent += 1
    noise = ['"]]}"', "'}]'''", '"\\"]"', "'#]'"]
    flow = []
    for _ in range(depth - block):
        if rng.random() < 0.5:
            flow.append("[" + rng.choice(noise) + ", ")
        else:
            flow.append("{" + rng.choice(noise) + ": " + rng.choice(noise) + ", k: ")
    closing = "".join("]" if part[0] == "[" else "}" for part in reversed(flow))
    lines.append(" " * indent + "".join(flow) + "v" + closing)
    return "\n".join(lines) + "\n"


@pytest.mark.slow  # real processes (a crash by a signal is only visible there)
def test_generated_nesting_around_the_limit_is_refused_exactly_past_it(project):
    rng = random.Random(20)
    expected = {}
    for number in range(40):
        depth = rng.choice([rng.randint(990, 1010), rng.randint(1, 60), rng.randint(2000, 5000)])
        text = _generated(rng, depth)
        assert event_depth(text) == depth, text[:200]  # the generator makes what it says
        (project / "comments" / f"g{number:02}.yaml").write_text(text, encoding="utf-8")
        expected[f"comments/g{number:02}.yaml"] = depth > MAX_NESTING_ESTIMATE
    done = cm(project, "validate")
    assert done.returncode == 1 and done.stderr == ""
    refused = {line.split(":")[0] for line in done.stdout.splitlines() if line.endswith(TOO_DEEP)}
    assert refused == {name for name, deep in expected.items() if deep}


_PREFIX = re.compile(r"(?:^|(?<=[\r\n\x85\u2028\u2029]))[-?: \t\ufeff]*")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]{}#'\"\\\n\r -?:|>,ab\t\ufeff", max_size=300))
def test_the_cheap_bound_holds_for_any_text(text):
    # The reasoning behind might_nest_too_deep: at most two levels per bracket, and block levels
    # only at columns within a line's prefix of indentation and indicators.
    depth = event_depth(text)
    if depth is None:
        return
    brackets = text.count("[") + text.count("{")
    prefix = max((len(m.group()) for m in _PREFIX.finditer(text)), default=0)
    assert depth <= 2 * brackets + 2 * (prefix + 1) + 1


# ---- 2. file names that are not UTF-8 --------------------------------------------------------

NAME_PROBLEM = ("comments/\\xff.yaml: [error] the name is not UTF-8 text (its bad bytes are shown escaped), "
                "so cm does not read the file (file-name)\n"
                "    hint: rename the file with plain letters, digits and dashes, e.g. the stakeholder's id\n")


def _bad_name(project: Path) -> None:
    with open(os.path.join(os.fsencode(project), b"comments", b"\xff.yaml"), "wb") as handle:
        handle.write((project / "comments" / "tnc.yaml").read_bytes().replace(b"TNC", b"ZZZ").replace(b"tnc", b"zzz"))


def test_a_file_name_that_is_not_utf8_is_a_diagnostic(project):
    _bad_name(project)
    done = cm(project, "validate")
    assert (done.returncode, done.stdout, done.stderr) == (1, NAME_PROBLEM + "1 error, 0 warnings (4 files checked).\n", "")
    for command in (["status"], ["render", "matrix"], ["show", "TNC-1"]):
        done = cm(project, *command)
        assert done.returncode in (0, 1) and "internal error" not in done.stderr, (command, done.stderr)


def test_a_folder_name_that_is_not_utf8_is_shown_escaped(project):
    folder = os.path.join(os.fsencode(project), b"comments", b"r\xfe")
    os.mkdir(folder)
    shutil.copyfile(project / "comments" / "tnc.yaml", os.path.join(folder, b"a.yaml"))
    done = cm(project, "validate")
    assert done.returncode == 1 and done.stdout.startswith("comments/r\\xfe/a.yaml: [error] the name is not UTF-8 text")


@pytest.mark.slow  # real processes (a crash by a signal is only visible there)
def test_cm_diff_reads_revisions_holding_a_name_that_is_not_utf8(project):
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    _bad_name(project)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "a file with a bad name")
    for revisions in (["HEAD~1", "HEAD"], ["HEAD"], ["HEAD", "HEAD"]):
        done = cm(project, "diff", *revisions, "--format", "json")
        assert (done.returncode, done.stderr) == (0, ""), revisions


# ---- 3. committed links that lead out of the project -----------------------------------------

def _respond(project: Path) -> subprocess.CompletedProcess:
    return cm(project, "respond", "TNC-1", "--decision", "rejected", "--note", "No.")


def test_a_build_link_out_of_the_project_does_not_carry_the_lock_there(project, tmp_path):
    outside = tmp_path / "outside"
    (project / "build").symlink_to(outside / "build")
    before = tree(project)
    done = _respond(project)
    assert (done.returncode, done.stderr) == (1, (
        f"cm: build is a link leading out of the project, to {outside / 'build'}; cm does not create or write files through it\n"
        "    hint: delete the link; cm creates build/ itself\n"))
    assert not outside.exists() and tree(project) == before


def test_a_lock_link_out_of_the_project_is_refused(project, tmp_path):
    (project / "build").mkdir()
    (project / "build" / ".cm.lock").symlink_to(tmp_path / "planted")
    before = tree(project)
    done = _respond(project)
    assert (done.returncode, done.stderr.splitlines()[0]) == (1, (
        f"cm: build/.cm.lock is a link leading out of the project, to {tmp_path / 'planted'}; cm does not create or write files through it"))
    assert not (tmp_path / "planted").exists() and tree(project) == before


def test_a_lock_link_inside_the_project_is_not_followed(project):
    (project / "build").mkdir()
    (project / "build" / ".cm.lock").symlink_to("../cm.yaml")
    before = tree(project)
    done = _respond(project)
    assert (done.returncode, done.stderr.splitlines()[0]) == (1, "cm: cannot take the project's lock build/.cm.lock: it is a link; no file was changed")
    assert tree(project) == before


def test_a_build_link_inside_the_project_is_used(project):
    (project / "out").mkdir()
    (project / "build").symlink_to("out")
    assert _respond(project).returncode == 0
    assert (project / "out" / ".cm.lock").is_file()


def test_a_schemas_link_out_of_the_project_is_refused(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "schemas").symlink_to(outside)
    done = cm(project, "schema")
    assert (done.returncode, done.stdout, done.stderr) == (1, "", (
        f"cm: schemas is a link leading out of the project, to {outside}; cm does not create or write files through it\n"
        "    hint: delete the link, or pass --out DIR to write the schemas there\n"))
    assert list(outside.iterdir()) == []


def test_a_schema_file_linked_out_stops_cm_schema_before_any_write(project, tmp_path):
    (project / "schemas").mkdir()
    (project / "schemas" / "comments.schema.json").symlink_to(tmp_path / "planted.json")
    done = cm(project, "schema")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("cm: schemas/comments.schema.json is a link leading out of the project")
    assert not (tmp_path / "planted.json").exists() and sorted(p.name for p in (project / "schemas").iterdir()) == ["comments.schema.json"]


def test_cm_schema_with_out_writes_where_it_says(project, tmp_path):
    done = cm(project, "schema", "--out", str(tmp_path / "elsewhere"))
    assert done.returncode == 0 and len(list((tmp_path / "elsewhere").iterdir())) == 3


# ---- 4. size limits: git blobs, CSV imports --------------------------------------------------

@pytest.mark.slow  # real processes (a crash by a signal is only visible there)
def test_cm_diff_does_not_read_a_blob_past_the_limit(project):
    from commentmatrix.read.git_revision import revision_files

    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    (project / "comments" / "big.yaml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "big")
    files, oversized = revision_files(project, git(project, "rev-parse", "HEAD").strip())
    assert "comments/big.yaml" not in files and oversized == {"comments/big.yaml": MAX_FILE_BYTES + 1}
    done = cm(project, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert (done.returncode, done.stderr) == (0, "")


def _import(project: Path, table: Path) -> subprocess.CompletedProcess:
    return cm(project, "import", "table", str(table), "--stakeholder", "tnc", "--dry-run")


def test_a_csv_past_the_size_limit_is_refused_unread(project, tmp_path):
    from commentmatrix.exchange.table_file import MAX_CSV_BYTES

    table = tmp_path / "big.csv"
    with open(table, "wb") as handle:
        handle.truncate(MAX_CSV_BYTES + 1)  # sparse: no disk used
    before = tree(project)
    done = _import(project, table)
    assert (done.returncode, done.stderr) == (1, (
        f"cm: {table}: is 67,108,865 bytes (64.0 MB); cm reads CSV files up to 67,108,864 bytes (64 MB)\n"
        "cm: nothing was imported\n"))
    assert tree(project) == before


def test_a_csv_row_too_wide_is_refused(project, tmp_path):
    table = tmp_path / "wide.csv"
    table.write_text("Comment," + "x," * 300 + "\n", encoding="utf-8")
    done = _import(project, table)
    assert (done.returncode, done.stderr.splitlines()[0]) == (1, f"cm: {table}: line 1: a row of 302 cells; cm imports rows of up to 256")


def test_a_csv_of_too_many_cells_is_refused(project, tmp_path):
    table = tmp_path / "cells.csv"
    table.write_text(("x," * 249 + "x\n") * 8001, encoding="utf-8")
    done = _import(project, table)
    assert (done.returncode, done.stderr.splitlines()[0]) == (1, f"cm: {table}: has more than 2,000,000 cells (by line 8001): refused")


def test_a_named_pipe_called_csv_is_refused_without_waiting(project, tmp_path):
    table = tmp_path / "pipe.csv"
    os.mkfifo(table)
    done = _import(project, table)
    assert (done.returncode, done.stderr.splitlines()[0]) == (1, f"cm: {table}: is not a plain file (it is a folder, pipe or device)")
