"""cm reads its own matrix back: `cm import table` on the XLSX or CSV `cm render matrix` wrote
adds nothing to the project it came from (each row's id is a comment there), and into a copy
of the project without comment files it brings the same comments back: ids, stakeholders,
targets, topics, texts and notes per language, decisions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_xlsx_print import vi_en_project
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.read.loader import load_project
from commentmatrix.views.labels import LABELS


def cm(*args: str):
    return CliRunner().invoke(app, list(args))


def render(root: Path, out: Path) -> Path:
    result = cm("render", "matrix", "-C", str(root), "-o", str(out))
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return out


def comment_files(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((root / "comments").rglob("*.yaml"))}


def without_comments(root: Path, destination: Path) -> Path:
    shutil.copytree(root, destination)
    for path in (destination / "comments").glob("*.yaml"):
        path.unlink()
    return destination


def what_comes_back(root: Path) -> dict[str, tuple]:
    """Per comment: what the matrix shows in data. A note that only repeats the decision's word
    is not in the matrix (it prints the decision once), and a partially accepted comment needs
    its edits, which the matrix shows in words only: it comes back open with its note."""
    decision_words = {value for words in LABELS.values() for key, value in words.items()
                      if key in ("accepted", "partially", "rejected", "noted")}
    shown = {}
    for ref in load_project(root).comments():
        comment, response = ref.comment, ref.comment.response
        note = response.note if response else None
        if note is not None and set(note.values() if isinstance(note, dict) else [note]) <= decision_words:
            note = None
        decision = comment.decision if comment.decision != "partially" else None
        shown[ref.id] = (ref.stakeholder, comment.target, comment.topic, comment.text, decision, note)
    return shown


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_the_matrix_imported_into_its_own_project_adds_nothing(example: Path, tmp_path: Path, suffix: str):
    matrix = render(example, tmp_path / f"matrix.{suffix}")
    before = comment_files(example)
    result = cm("import", "table", str(matrix), "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[-1] == "Added 0 comments"
    assert len([line for line in lines if line.startswith("= ")]) == 22
    assert lines[0] == f"= {matrix}:{'Comments matrix!3' if suffix == 'xlsx' else '5'}: imported before as LAO-1"
    assert comment_files(example) == before


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_the_matrix_brings_its_comments_back_into_a_project_without_them(example: Path, tmp_path: Path, suffix: str):
    matrix = render(example, tmp_path / f"matrix.{suffix}")
    fresh = without_comments(example, tmp_path / "fresh")
    result = cm("import", "table", str(matrix), "-C", str(fresh))
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert result.stdout.splitlines()[-1].startswith("Added 22 comments")
    assert "note: the proposed edits of cm's matrix are words, not edits: they are not read back" in result.stdout
    assert what_comes_back(fresh) == what_comes_back(example)
    checked = cm("validate", "-C", str(fresh))
    assert (checked.exit_code, checked.stdout.splitlines()[-1]) == (0, "No problems: 6 files checked.")
    again = cm("import", "table", str(matrix), "-C", str(fresh))
    assert again.stdout.splitlines()[-1] == "Added 0 comments"


def test_a_row_whose_id_is_not_in_the_project_is_a_new_comment_with_that_id(example: Path, tmp_path: Path):
    matrix = render(example, tmp_path / "matrix.csv")
    text = matrix.read_text(encoding="utf-8").replace("\nLAO-3,", "\nLAO-30,")
    matrix.write_text(text, encoding="utf-8")
    result = cm("import", "table", str(matrix), "-C", str(example))
    assert result.exit_code == 0
    added = [line for line in result.stdout.splitlines() if line.startswith("+ ")]
    assert added == [f"+ LAO-30  general  {matrix}:17: use “NGOs” for short"]
    project = load_project(example)
    assert project.comments_by_id["LAO-30"].comment.text == {"en": "use “NGOs” for short", "zh": "将非政府组织统一简称为“NGOs”"}
    assert project.comments_by_id["LAO-30"].comment.decision == "accepted"


def test_a_vietnamese_and_english_matrix_comes_back_per_language(tmp_path: Path):
    root = vi_en_project(tmp_path / "vi")
    matrix = render(root, tmp_path / "matrix.xlsx")
    fresh = without_comments(root, tmp_path / "fresh")
    result = cm("import", "table", str(matrix), "-C", str(fresh))
    assert result.exit_code == 0, result.output
    assert what_comes_back(fresh) == what_comes_back(root)
    assert cm("validate", "-C", str(fresh)).exit_code == 0


def test_another_table_headed_with_some_of_cms_words_keeps_its_numbers_out_of_the_ids(example: Path, tmp_path: Path):
    table = tmp_path / "theirs.csv"
    table.write_text("No.,Stakeholders,Targeted Parts,Comments,Decision\r\n1,Lao PDR,General,Fine.,Accepted\r\n",
                     encoding="utf-8")
    result = cm("import", "table", str(table), "-C", str(example))
    assert (result.exit_code, result.stdout.splitlines()[0]) == (0, f"+ LAO-11  general  {table}:2: Fine.")
