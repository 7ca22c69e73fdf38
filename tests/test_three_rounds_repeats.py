"""A third round's comment may raise again a comment of the first round, one its stakeholder let
rest in the second: it is repeated or revised, not new, in `cm status`, `cm diff --rounds` and the
matrix's round column (carryover.py). Before, only the round just before was looked in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from two_rounds_replies import write

from commentmatrix.cli import app


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner) -> Path:
    root = write(tmp_path / "project")
    monkeypatch.chdir(root)
    monkeypatch.setenv("CM_TODAY", "2030-05-01")
    for args in (["round", "start", "3", "--version", "2030-05", "--deadline", "2030-06-30", "--allow-open"],
                 # LAO-1 (round 1) was let rest in round 2; raised again, in other words.
                 ["add", "lao-pdr", "-t", "background.1", "--text", "Say how many people, by province.",
                  "--repeats", "LAO-1", "--id", "L3-1"],
                 # L2-1 (round 2), raised again in the round after it, as before (in English only: revised).
                 ["add", "lao-pdr", "-t", "principles.1", "--text", "Benefit must be measured.", "--repeats", "L2-1",
                  "--id", "L3-2"],
                 ["add", "lao-pdr", "-t", "principles", "--text", "A new point.", "--id", "L3-3"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.stderr)
    return root


def test_status_counts_a_comment_raised_again_from_two_rounds_back_as_revised(project, runner):
    result = runner.invoke(app, ["status", "--json"])
    assert result.exit_code == 0, result.stderr
    lao = next(row for row in json.loads(result.stdout)["stakeholders"] if row["id"] == "lao-pdr")
    assert lao["carry_over"] == {"new": 1, "repeated": 0, "revised": 2, "withdrawn": 0, "resolved": 1}


def test_diff_rounds_names_the_first_rounds_comment_it_raises_again(project, runner):
    result = runner.invoke(app, ["diff", "--rounds", "2", "3", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    lao = next(row for row in json.loads(result.stdout)["stakeholders"] if row["id"] == "lao-pdr")
    kinds = {c["id"]: (c["kind"], c["repeats"] and c["repeats"]["id"]) for c in lao["comments"]}
    assert kinds == {"L3-1": ("revised", "LAO-1"), "L3-2": ("revised", "L2-1"), "L3-3": ("new", None),
                     "L2-2": ("resolved", None)}
    # Round 1's LAO-1 is no comment of round 2: it is not listed as resolved or withdrawn again.
    assert lao["counts"] == {"new": 1, "repeated": 0, "revised": 2, "withdrawn": 0, "resolved": 1}


def test_the_matrix_round_column_says_what_it_revises(project, runner):
    target = project / "build" / "m.csv"
    result = runner.invoke(app, ["render", "matrix", "--round", "3", "--lang", "en", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    rows = {row.split(",")[0]: row for row in target.read_text(encoding="utf-8-sig").splitlines()}
    assert "LAO-1" in rows["L3-1"] and "new" not in rows["L3-1"].lower()
    assert "L2-1" in rows["L3-2"]
    assert "new" in rows["L3-3"].lower()


def test_diff_rounds_says_which_round_the_comment_raised_again_was_of(project, runner):
    # L3-1 raises again round 1's LAO-1 in round 3: its note said "in round 2", the earlier round
    # compared, where LAO-1 was never a comment.
    for output in ("text", "markdown"):
        result = runner.invoke(app, ["diff", "--rounds", "2", "3", "--format", output])
        assert (result.exit_code, result.stderr) == (0, ""), output
        notes = re.findall(r"repeats (\S+), [a-z ]+ in round (\S+?)\)? ", result.stdout)
        assert notes == [("LAO-1", "1"), ("L2-1", "2")], (output, result.stdout)
    result = runner.invoke(app, ["diff", "--rounds", "2", "3", "--format", "json"])
    lao = next(row for row in json.loads(result.stdout)["stakeholders"] if row["id"] == "lao-pdr")
    assert {c["id"]: c["repeats"]["round"] for c in lao["comments"] if c["repeats"]} == {"L3-1": "1", "L3-2": "2"}
