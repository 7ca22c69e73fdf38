"""`cm render matrix` on the example project, byte for byte against tests/golden/matrix/.

Each case renders the repository's example (the 2017 Lancang-Mekong framework, a copy from the
`example` fixture) through the CLI into tmp_path, with SOURCE_DATE_EPOCH fixed so the date on
the matrix does not depend on the day, and compares the whole file with its golden copy. A
mismatch fails with a unified diff of the two.

The golden files change only on purpose. After a deliberate change to the outputs, rewrite them
with

    CM_UPDATE_GOLDEN=1 pytest tests/test_golden_matrix.py

then read `git diff tests/golden/matrix/` before committing: the diff is the review of the change.
tests/golden/matrix/.gitattributes keeps git from touching their line endings (the CSV ends its
records with CRLF and its multi-line cells with LF).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from two_rounds_render import write_two_rounds
from typer.testing import CliRunner

from commentmatrix.cli import app

GOLDEN = Path(__file__).parent / "golden" / "matrix"
UPDATE = os.environ.get("CM_UPDATE_GOLDEN") == "1"
# 2017-10-01T00:00:00Z: three weeks after the example's deadline, as the secretariat published it.
EPOCH = "1506816000"
DAY = "2017-10-01"

CASES = {
    "matrix.html": ["--format", "html"],
    "matrix.md": ["--format", "md"],
    "matrix.csv": ["--format", "csv"],
    "matrix-by-section.html": ["--format", "html", "--by", "section"],
    "matrix-by-section.md": ["--format", "md", "--by", "section"],
    "matrix-by-section.csv": ["--format", "csv", "--by", "section"],
    "matrix-zh.md": ["--format", "md", "--lang", "zh"],
    "synopsis.html": ["--format", "html", "--layout", "synopsis"],
    "synopsis.md": ["--format", "md", "--layout", "synopsis"],
    "synopsis.csv": ["--format", "csv", "--layout", "synopsis"],
    # The secretariat's own copy: who decided and the internal notes, which the public one leaves out.
    "matrix-internal.html": ["--format", "html", "--audience", "internal"],
    "matrix-by-section-internal.html": ["--format", "html", "--by", "section", "--audience", "internal"],
    "matrix-internal.md": ["--format", "md", "--audience", "internal"],
}
# The two-round consultation of tests/two_rounds_render.py: the Round column, what repeats, withdrawn rows.
ROUNDS_CASES = {
    "rounds-all.html": ["--format", "html", "--round", "all"],
    "rounds-all-by-section.html": ["--format", "html", "--round", "all", "--by", "section"],
    "rounds-all.md": ["--format", "md", "--round", "all"],
    "rounds-synopsis.html": ["--format", "html", "--round", "all", "--layout", "synopsis"],
}


def render(root: Path, target: Path, *args: str) -> bytes:
    target.parent.mkdir(exist_ok=True)  # -o writes into a folder that exists
    result = CliRunner().invoke(app, ["render", "matrix", "-C", str(root), *args, "-o", str(target)])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert result.stdout == f"{target}\n"
    return target.read_bytes()


def mismatch(name: str, expected: bytes, found: bytes) -> str:
    """A readable account of how the rendered bytes differ from the golden file's."""
    old, new = expected.decode("utf-8", "replace"), found.decode("utf-8", "replace")
    diff = "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        f"golden/{name}", f"rendered/{name}", n=2))
    if not diff or old.splitlines() == new.splitlines():
        # Same lines, different bytes: line endings or a byte order mark. Show where, as repr.
        at = next((i for i, (a, b) in enumerate(zip(expected, found)) if a != b), min(len(expected), len(found)))
        diff = (f"the lines are the same but the bytes differ at offset {at}:\n"
                f"  golden:   {expected[max(0, at - 20):at + 20]!r}\n  rendered: {found[max(0, at - 20):at + 20]!r}\n")
    return (f"{name} differs from tests/golden/matrix/{name} "
            f"(if the change is intended: CM_UPDATE_GOLDEN=1 pytest {Path(__file__).name})\n{diff}")


def check_golden(name: str, found: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(found)
        return
    assert path.is_file(), f"no golden file {path}: write it with CM_UPDATE_GOLDEN=1"
    expected = path.read_bytes()
    if found != expected:
        pytest.fail(mismatch(name, expected, found), pytrace=False)


@pytest.mark.parametrize("name", list(CASES))
def test_example_matrix_matches_its_golden_file(example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                name: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    check_golden(name, render(example, tmp_path / "out" / name, *CASES[name]))


@pytest.mark.parametrize("name", list(ROUNDS_CASES))
def test_two_round_matrix_matches_its_golden_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1906502400")  # 2030-06-01, after the second round
    root = write_two_rounds(tmp_path / "mws")
    check_golden(name, render(root, tmp_path / "out" / name, *ROUNDS_CASES[name]))


@pytest.mark.parametrize("name", ["matrix.md", "matrix.html"])
def test_date_option_prints_the_same_matrix_as_source_date_epoch(example: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    found = render(example, tmp_path / name, *CASES[name], "--date", DAY)
    assert found == (GOLDEN / name).read_bytes()


def test_mismatch_report_is_a_unified_diff_naming_both_sides() -> None:
    report = mismatch("x.md", b"a\nb\nc\n", b"a\nB\nc\n")
    assert report.splitlines() == [
        "x.md differs from tests/golden/matrix/x.md (if the change is intended: CM_UPDATE_GOLDEN=1 pytest test_golden_matrix.py)",
        "--- golden/x.md", "+++ rendered/x.md", "@@ -1,3 +1,3 @@", " a", "-b", "+B", " c"]


def test_mismatch_report_shows_line_ending_changes_as_bytes() -> None:
    report = mismatch("x.csv", b"a,b\r\nc\r\n", b"a,b\nc\n")
    assert report.splitlines()[1:] == [
        "the lines are the same but the bytes differ at offset 3:",
        "  golden:   b'a,b\\r\\nc\\r\\n'",
        "  rendered: b'a,b\\nc\\n'"]
