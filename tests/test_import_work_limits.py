"""Tiny files, huge costs (issue 20, item 7): each hostile input is made here, a little past its
limit (refused: exit 1, its message, nothing written) or, for the legitimate ones, large enough
that the old quadratic code crawled (imported right). No timing is asserted: the costs are
measured in benchmarks/import_limits.py."""

from __future__ import annotations

import fcntl
import os
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import hostile_imports as make
import pytest
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.exchange.review_import import _widen
from commentmatrix.model.segmentation import is_grapheme_boundary, word_bounds


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "build" not in p.relative_to(root).parts}


def run_import(root: Path, path: Path, command: str, *extra: str):
    return CliRunner().invoke(app, ["import", command, str(path), "-s", "viet-nam", "-C", str(root), *extra])


def assert_refused(root: Path, path: Path, command: str, message: str) -> None:
    before = tree(root)
    result = run_import(root, path, command)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"cm: {path}: {message}\ncm: nothing was imported\n"
    assert tree(root) == before


# ---------------------------------------------------------------- refused past a limit

def test_more_word_comments_than_an_import_takes_are_refused_before_the_body_is_read(example: Path, tmp_path: Path):
    path = make.many_comments_docx(tmp_path / "comments.docx", 20_001)
    assert_refused(example, path, "docx", "holds 20,001 Word comments; cm imports up to 20,000 comments at a time: refused")


def test_a_table_of_more_comment_rows_than_an_import_takes_is_refused(example: Path, tmp_path: Path):
    path = make.rows_csv(tmp_path / "rows.csv", 20_001)
    assert_refused(example, path, "table", "holds 20,001 rows of comments; cm imports up to 20,000 comments at a time: refused")


def test_merged_ranges_covering_millions_of_cells_are_refused_from_their_corners(example: Path, tmp_path: Path):
    # 201 ranges of 10,000 cells: 32 KB of XML that the old reader expanded into a dict per cell.
    path = make.merged_xlsx(tmp_path / "merged.xlsx", 201)
    assert_refused(example, path, "table",
                   "sheet Sheet1: its merged ranges cover more than 2,000,000 cells (by A20002:CV20101): refused")


def test_one_shared_string_in_every_cell_counts_once_per_cell(example: Path, tmp_path: Path):
    # 14 rows of 256 cells, each showing the same 20,000 characters: 71.7 million in all.
    path = make.shared_string_xlsx(tmp_path / "shared.xlsx", 14)
    assert_refused(example, path, "table",
                   "sheet Sheet1 holds more than 67,108,864 characters of text (by row 14), counting each cell a shared "
                   "or merged text appears in: refused")


def test_a_word_table_merging_one_long_cell_down_thousands_of_rows_counts_it_in_each(example: Path, tmp_path: Path):
    path = make.merged_table_docx(tmp_path / "table.docx", 3_400)
    assert_refused(example, path, "docx", "has more than 67,108,864 characters of text in its tables: refused")


@pytest.mark.slow
def test_a_sheet_of_more_cells_than_a_table_holds_is_refused(example: Path, tmp_path: Path):
    # Empty cells count too: each is an element to walk.
    path = make.shared_string_xlsx(tmp_path / "cells.xlsx", 7_813, chars=2)
    assert_refused(example, path, "table", "sheet Sheet1 has more than 2,000,000 cells (by row 7813): refused")


# ---------------------------------------------------------------- legitimate but large: right, in linear time

def test_a_change_in_a_paragraph_of_one_word_repeated_is_widened_to_the_whole_paragraph(example: Path, tmp_path: Path):
    # 18,000 characters: the old word-by-word widening searched the paragraph once per word.
    path = make.widening_docx(tmp_path / "widen.docx", 9_000)
    before = tree(example)
    result = run_import(example, path, "docx", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "+ VIET-NAM-1  background.1  tracked change in background.1 (en) by Reviewer: Insert “b ”.",
        "    the paragraph's words differ from the draft's, so the change is described, not proposed",
        "note: paragraph 1 of the document (background.1 (en)) differs from the draft with no tracked change (typed with "
        "Track Changes off?): “Environmental cooperation among the Lancang-Mekong countries supports the…” is "
        f"“{'a ' * 39}a…”; it is not imported: compare it with the draft",
        f"Would add 1 comment to {example}/comments/viet-nam.yaml (dry run: nothing written)"]
    assert tree(example) == before


def test_thousands_of_changes_in_a_paragraph_of_one_word_repeated_merge_into_one(example: Path, tmp_path: Path):
    path = make.many_changes_docx(tmp_path / "changes.docx", 2_000)
    result = run_import(example, path, "docx", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "+ VIET-NAM-1  background.1  tracked change in background.1 (en) by Reviewer: Insert “x0 x1 x2 x3 x4 x5 x6 x7 x8 x9 x10 x11 x12 x13 x14 x…",
        "    the paragraph's words differ from the draft's, so the change is described, not proposed",
        "note: paragraph 1 of the document (background.1 (en)) differs from the draft with no tracked change (typed with "
        "Track Changes off?): “Environmental cooperation among the Lancang-Mekong countries supports the…” is "
        f"“{'a ' * 39}a…”; it is not imported: compare it with the draft",
        f"Would add 1 comment to {example}/comments/viet-nam.yaml (dry run: nothing written)"]


def test_changes_in_a_paragraph_longer_than_any_draft_s_are_described_not_widened(example: Path, tmp_path: Path):
    path = make.widening_docx(tmp_path / "widen.docx", 100_000)
    assert path.stat().st_size < 1_000
    before = tree(example)
    result = run_import(example, path, "docx", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert ("note: paragraph 1 of the document is 200,000 characters long: its changes are described, not proposed "
            "(cm proposes edits in paragraphs of up to 20,000 characters)") in result.stdout.splitlines()
    assert tree(example) == before


def test_a_tracked_change_split_into_thousands_of_runs_is_one_change(example: Path, tmp_path: Path):
    path = make.split_change_docx(tmp_path / "runs.docx", 20_000)
    result = run_import(example, path, "docx")
    assert result.exit_code == 0, result.stderr
    text = (example / "comments" / "viet-nam.yaml").read_text(encoding="utf-8")
    inserted = "".join(f"w{n} " for n in range(20_000))
    assert text.count("VIET-NAM-") == 1 and text.count("tracked change") == 0
    assert f"Insert “{inserted[:299]}…”." in text


@pytest.mark.slow
def test_thousands_of_word_comments_on_one_paragraph_each_get_their_words(example: Path, tmp_path: Path):
    path = make.many_comments_docx(tmp_path / "comments.docx", 3_000)
    result = run_import(example, path, "docx", "--dry-run")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "+ VIET-NAM-1  background.1  Word comment 1 by Reviewer: “word”: Comment 0."
    assert lines[2999] == "+ VIET-NAM-3000  background.1  Word comment 3000 by Reviewer: “word”: Comment 2999."


@pytest.mark.slow
def test_a_csv_of_thousands_of_rows_gets_one_new_id_each(example: Path, tmp_path: Path):
    path = make.rows_csv(tmp_path / "rows.csv", 3_000)
    result = run_import(example, path, "table")
    assert result.exit_code == 0, result.stderr
    ids = re.findall(r"^\+ (\S+)", result.stdout, re.MULTILINE)
    assert len(ids) == len(set(ids)) == 3_000
    assert ids[0] == "VIET-NAM-1" and ids[-1] == "VIET-NAM-3000"
    assert result.stdout.splitlines()[-1] == f"Added 3000 comments ({example}/comments/viet-nam.yaml)"


@pytest.mark.slow
def test_a_sheet_of_a_million_empty_rows_is_read_a_row_at_a_time(example: Path, tmp_path: Path):
    # Every row an element: the sheet's whole tree took 1.1 GB for this 2 MB file (each row
    # parsed into lxml's tree before a cell was read); read a row at a time it takes the bytes.
    path = make.empty_rows_xlsx(tmp_path / "rows.xlsx", 1_000_000)
    # The peak of the process's own memory (VmHWM, Linux): getrusage's ru_maxrss keeps the
    # parent's peak across fork and exec, which is the test runner's.
    script = ("from pathlib import Path\nfrom typer.testing import CliRunner\nfrom commentmatrix.cli import app\n"
              f"result = CliRunner().invoke(app, ['import', 'table', {str(path)!r}, '-s', 'viet-nam', '--dry-run', "
              f"'-C', {str(example)!r}])\n"
              "print(result.exit_code, (result.stdout.splitlines() or [result.stderr])[0])\n"
              "status = Path('/proc/self/status').read_text(encoding='ascii')\n"
              "print(int(status.split('VmHWM:')[1].split()[0]) // 1024)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    outcome, peak = done.stdout.splitlines()[-2:]
    assert outcome == f"0 + VIET-NAM-1  general  {path}:Sheet1!2: Say who pays", done.stdout
    assert int(peak) < 400, f"peak {peak} MiB"


def _old_widen(text: str, start: int, end: int, new: str, lang: str | None, draft: str | None) -> tuple[int, int]:
    """The word-by-word widening this replaced, kept as the oracle of what the span must be."""
    bounds = sorted(b for b in word_bounds(text, lang) if is_grapheme_boundary(text, b))
    low = max(b for b in bounds if b <= start)
    high = min(b for b in bounds if b >= end)
    revised = text[:start] + new + text[end:]
    shift = len(new) - (end - start)

    def once(needle: str) -> bool:
        first = (draft or text).find(needle)
        return first != -1 and (draft or text).find(needle, first + len(needle)) == -1

    def ok(low: int, high: int) -> bool:
        old = text[low:high]
        enough = bool(old.strip()) and (not re.search(r"\w", text) or bool(re.search(r"\w", old)))
        whole = is_grapheme_boundary(revised, low) and is_grapheme_boundary(revised, high + shift)
        return enough and once(old) and whole

    step = 1 if start == end else 0
    while not ok(low, high) and (low > 0 or high < len(text)):
        if (step % 2 == 0 and high < len(text)) or low == 0:
            high = min(b for b in bounds if b > high)
        else:
            low = max(b for b in bounds if b < low)
        step += 1
    return low, high


def test_widening_finds_the_span_the_word_by_word_walk_found():
    chance = random.Random(20)
    words = ["a", "b", "ab", " ", "  ", ", ", "เจ้า", "หน้าที่", "提升", "\u0301", "\U0001F1F9\U0001F1ED", "."]
    for _ in range(400):
        text = "".join(chance.choice(words) for _ in range(chance.randint(1, 40)))
        start = chance.randint(0, len(text))
        end = chance.randint(start, min(len(text), start + 6))
        new = "".join(chance.choice(words) for _ in range(chance.randint(0, 2)))
        assert _widen(text, start, end, new, None, None) == _old_widen(text, start, end, new, None, None), (text, start, end, new)


# ---------------------------------------------------------------- the lock

def _cm(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "commentmatrix", *args, "-C", str(root)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "CM_NO_PROGRESS": "1"})


@contextmanager
def _holding_lock(root: Path) -> Iterator[None]:
    """The project's lock, held as another cm command would hold it."""
    (root / "build").mkdir(exist_ok=True)
    with open(root / "build" / ".cm.lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield


def _wait_for_line(process: subprocess.Popen) -> str:
    assert process.stderr is not None
    return process.stderr.readline()


@pytest.mark.slow
def test_an_import_says_it_waits_for_the_lock_and_plans_again_on_what_the_other_command_wrote(example: Path, tmp_path: Path):
    path = make.rows_csv(tmp_path / "rows.csv", 3)
    with _holding_lock(example):
        process = _cm(example, "import", "table", str(path), "-s", "viet-nam")
        line = _wait_for_line(process)
        assert line == "cm: waiting for another cm command to finish with this project (build/.cm.lock)…\n"
        # What the other command does while it holds the lock: it changes a comment file.
        cambodia = example / "comments" / "cambodia.yaml"
        cambodia.write_bytes(cambodia.read_bytes() + b"# checked\n")
    stdout, stderr = process.communicate(timeout=120)
    assert (process.returncode, stderr) == (0, "")
    assert stdout.splitlines()[-2:] == [
        "note: another cm command changed the project while the file was read: the import was planned again on the "
        "project as it is now",
        f"Added 3 comments ({example}/comments/viet-nam.yaml)"]


@pytest.mark.slow
def test_a_dry_run_takes_no_lock(example: Path, tmp_path: Path):
    path = make.rows_csv(tmp_path / "rows.csv", 3)
    before = tree(example)
    with _holding_lock(example):
        process = _cm(example, "import", "table", str(path), "-s", "viet-nam", "--dry-run")
        stdout, stderr = process.communicate(timeout=120)
    assert (process.returncode, stderr) == (0, "")
    assert stdout.splitlines()[-1] == f"Would add 3 comments to {example}/comments/viet-nam.yaml (dry run: nothing written)"
    assert tree(example) == before


@pytest.mark.slow
def test_every_writing_command_says_it_waits_for_the_lock(example: Path):
    with _holding_lock(example):
        process = _cm(example, "stakeholder", "add", "mrc", "--name", "Mekong River Commission", "--kind", "organization")
        assert _wait_for_line(process) == "cm: waiting for another cm command to finish with this project (build/.cm.lock)…\n"
        assert process.poll() is None
    stdout, stderr = process.communicate(timeout=120)
    assert (process.returncode, stderr) == (0, ""), stdout
    assert "id: mrc" in (example / "cm.yaml").read_text(encoding="utf-8")


def test_paragraphs_of_the_drafts_letters_shuffled_are_not_compared_in_full_with_every_text(example: Path,
                                                                                            tmp_path: Path):
    # Before: each of them compared through difflib with every text of the draft (3,000 of them
    # on the example: 30 s; on a draft of 3,000 paragraphs, hours). Now they share too few
    # trigrams with any text to be compared at all, and their comments go on the draft as a whole.
    from commentmatrix.model.text import as_mapping
    from commentmatrix.read.loader import load_project

    project = load_project(example)
    texts = [value for place in project.places().values() if place.paragraph is not None
             for value in as_mapping(place.paragraph.text).values() if len(value) > 60]
    path = make.shuffled_paragraphs_docx(tmp_path / "shuffled.docx", texts, 400)
    result = run_import(example, path, "docx", "--dry-run")
    assert (result.exit_code, result.stderr) == (0, "")
    targets = [line.split()[2] for line in result.stdout.splitlines() if line.startswith("+ ")]
    assert targets == ["general"] * 400
    assert "stopped comparing" not in result.stdout  # the budget was not even needed


def test_an_import_past_the_matchers_budget_says_which_paragraphs_it_did_not_look_for(example: Path, tmp_path: Path,
                                                                                      monkeypatch):
    from commentmatrix import textmatch
    from commentmatrix.read.loader import load_project

    english = load_project(example).places()["background.1"].paragraph.text["en"]
    edited = [english.replace("supports", "helps"), english.replace("region", "whole region")]
    path = make.shuffled_paragraphs_docx(tmp_path / "edited.docx", edited, 2, seed=None)
    monkeypatch.setattr(textmatch, "WORK", len(english) ** 2 * 3 // 2)  # one comparison, not two
    result = run_import(example, path, "docx", "--dry-run")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert [line.split()[2] for line in lines if line.startswith("+ ")] == ["background.1", "general"]
    assert ("note: cm stopped comparing the document's paragraphs with the draft's by their words (the work one import "
            "may spend on it is used up): 1 paragraph(s) from paragraph 2 on were not looked for in the draft") in lines
