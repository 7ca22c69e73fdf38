"""cm status at 80 and 120 columns, in a pipe: long ids and targets are printed whole (wrapping
and dropping other columns instead), with Thai and Khmer comments and the assignee column."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.model.segmentation import graphemes

LONG = {
    "DFP-CAMBODIA-12": ("cambodia", "policy-mainstreaming.3",
                        "សូមបន្ថែមការពិពណ៌នាអំពីការចូលរួមរបស់សហគមន៍ក្នុងការគ្រប់គ្រងធនធានទឹកនៅតាមដងទន្លេមេគង្គ"),
    "DFP-THAILAND-104": ("thailand", "policy-mainstreaming.2",
                         "ขอให้เพิ่มเนื้อหาเกี่ยวกับการมีส่วนร่วมของชุมชนท้องถิ่นในการจัดการทรัพยากรน้ำอย่างยั่งยืน"),
    "DFP-MYANMAR-7": ("myanmar", "capacity-building.5",
                      "A long English comment that cannot fit in the width the other columns leave to it at all"),
}


def cm(root: Path, *args: str, columns: str):
    here = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(app, [*args, "--project", str(root)], env={"CM_TODAY": "2017-09-01", "COLUMNS": columns})
    finally:
        os.chdir(here)


@pytest.fixture
def long_ids(example: Path) -> Path:
    for comment_id, (stakeholder, target, text) in LONG.items():
        result = cm(example, "add", stakeholder, "-t", target, "--text", text, "--id", comment_id, columns="80")
        assert result.exit_code == 0, result.stderr
    assert cm(example, "assign", "DFP-CAMBODIA-12", "--to", "Sokha Chan", "--due", "2017-09-05", columns="80").exit_code == 0
    return example


def _width(line: str) -> int:
    from rich.cells import cell_len

    return cell_len(line)


def _open_table(out: str) -> list[str]:
    """The open-comments table's header and rows (the lines between its title and the blank line after it)."""
    lines = out[out.index("Open comments"):].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(" Id "))
    end = next(i for i in range(start, len(lines)) if not lines[i].strip())
    return [lines[start], *lines[start + 2:end]]


def _open_rows(out: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split() for line in _open_table(out)[1:]}


@pytest.mark.parametrize("columns", ["80", "120"])
def test_ids_and_targets_are_whole_at_every_width(long_ids: Path, columns: str):
    out = cm(long_ids, "status", columns=columns).stdout
    rows = _open_rows(out)
    for comment_id, (_, target, _) in LONG.items():
        assert rows[comment_id][0] == comment_id and target in rows[comment_id][1:3]
    assert all(_width(line) <= int(columns) for line in out.splitlines())
    # The comment's text is cut, at a character boundary, never the id or the target.
    khmer = rows["DFP-CAMBODIA-12"][-1]
    assert khmer.endswith("…") and LONG["DFP-CAMBODIA-12"][2].startswith(khmer[:-1])
    assert khmer[:-1] in graphemes_prefixes(LONG["DFP-CAMBODIA-12"][2])


def graphemes_prefixes(text: str) -> set[str]:
    clusters = list(graphemes(text))
    return {"".join(clusters[:n]) for n in range(len(clusters) + 1)}


def test_at_80_columns_from_and_due_go_first(long_ids: Path):
    out = cm(long_ids, "status", columns="80").stdout
    header = _open_table(out)[0].split()
    assert header == ["Id", "Target", "Assignee", "Comment"]
    assert _open_rows(out)["DFP-CAMBODIA-12"][2:4] == ["Sokha", "Chan"]
    wide = cm(long_ids, "status", columns="160").stdout
    assert _open_table(wide)[0].split() == [
        "Id", "From", "Target", "Assignee", "Due", "Comment"]


def test_stakeholder_names_wrap_and_the_table_fits(long_ids: Path):
    assert cm(long_ids, "stakeholder", "ack", "cambodia", "--agree", columns="80").exit_code == 0
    out = cm(long_ids, "status", columns="80").stdout
    assert all(_width(line) <= 80 for line in out.splitlines())
    stakeholders = out[out.index("Stakeholders"):out.index("Sections")]
    # With the answer column, the decided bar goes so that the counts stay whole.
    # No comment is withdrawn, so no Wdn column; names wrap at spaces, never inside a word.
    assert " Stakeholder               Cmts  Acc  Part  Rej  Note  Open  State      Answer" in stakeholders
    assert " Conservation                 6    4     1    0     1     0  submitted  not yet" in stakeholders
    assert "Decided" not in stakeholders
    assert " Cambodia                     1    0     0    0     0     1  submitted  agreed" in stakeholders
