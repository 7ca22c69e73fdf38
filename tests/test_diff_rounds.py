"""`cm diff --rounds A B` on the two-round project (tests/two_rounds.py): each stakeholder's
comments of the later round with their kind and the comment they repeat, the earlier round's
withdrawn and resolved ones, the totals; in text, Markdown and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from two_rounds_replies import write

from commentmatrix.cli import app


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


def test_json_gives_each_stakeholders_comments_with_their_kind_and_what_they_repeat(project, runner):
    result = runner.invoke(app, ["diff", "--rounds", "1", "2", "--format", "json"])
    assert (result.exit_code, result.stderr) == (0, "")
    report = json.loads(result.stdout)
    assert (report["earlier"], report["later"]) == (
        {"id": "1", "draft": "mws-1", "title": None}, {"id": "2", "draft": "mws-2", "title": {"en": "Second reading", "zh": "二读"}})
    assert report["totals"] == {"new": 2, "repeated": 1, "revised": 1, "withdrawn": 1, "resolved": 2}
    lao = report["stakeholders"][0]
    assert (lao["id"], lao["counts"]) == ("lao-pdr", {"new": 1, "repeated": 1, "revised": 0, "withdrawn": 1, "resolved": 1})
    assert [(c["id"], c["kind"], c["round"], c["outcome"], c["repeats"] and c["repeats"]["id"]) for c in lao["comments"]] == [
        ("L2-1", "new", "2", "rejected", None), ("L2-2", "repeated", "2", "open", "LAO-2"),
        ("LAO-1", "resolved", "1", "accepted", None), ("LAO-3", "withdrawn", "1", "withdrawn", None)]
    assert lao["comments"][1]["repeats"] == {"id": "LAO-2", "round": "1", "outcome": "rejected",
                                             "text": {"en": "Add a principle on sharing data.", "zh": "增加数据共享原则。"}}
    assert (lao["comments"][1]["file"], lao["comments"][1]["line"]) == ("comments/2/lao-pdr.yaml", 10)
    assert [s["id"] for s in report["stakeholders"]] == ["lao-pdr", "thailand", "wwf"]  # those with a comment in either
    assert [(c["id"], c["kind"]) for c in report["stakeholders"][2]["comments"]] == [("WWF2-1", "revised"), ("WWF-2", "resolved")]


def test_text_lists_each_stakeholder_with_its_counts_and_comments(project, runner, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    result = runner.invoke(app, ["diff", "--rounds", "1", "2"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:12] == [
        "cm diff: round 1 → round 2 (Second reading)",
        "2 new, 1 repeated, 1 revised, 1 withdrawn, 2 resolved.",
        "",
        "Lao PDR (lao-pdr): 1 new, 1 repeated, 0 revised, 1 withdrawn, 1 resolved",
        "  new       L2-1  on principles.1, rejected  comments/2/lao-pdr.yaml:4",
        "            Benefit must be measured.",
        "  repeated  L2-2  on principles, open  (repeats LAO-2, rejected in round 1)  comments/2/lao-pdr.yaml:10",
        "            Add a principle   on sharing data.",
        "  resolved  LAO-1  on background.1, accepted in round 1  comments/lao-pdr.yaml:4",
        "            Say how many people.",
        "  withdrawn LAO-3  on fisheries.1, withdrawn in round 1  comments/lao-pdr.yaml:21",
        "            Name the spawning grounds.",
    ]
    assert "  revised   WWF2-1  on general, open  (repeats WWF-1, noted in round 1)  comments/2/wwf.yaml:3" in lines


def test_markdown_has_a_count_table_and_a_table_per_stakeholder(project, runner):
    result = runner.invoke(app, ["diff", "--rounds", "1", "2", "--format", "markdown"])
    lines = result.stdout.splitlines()
    assert lines[:11] == [
        "### cm diff: round 1 → round 2 (Second reading)", "",
        "2 new, 1 repeated, 1 revised, 1 withdrawn, 2 resolved.", "",
        "| Stakeholder | New | Repeated | Revised | Withdrawn | Resolved |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        "| Lao PDR | 1 | 1 | 0 | 1 | 1 |",
        "| Thailand | 1 | 0 | 0 | 0 | 0 |",
        "| WWF | 0 | 0 | 1 | 0 | 1 |",
        "| **All** | **2** | **1** | **1** | **1** | **2** |",
        "",
    ]
    assert ("| repeated | `L2-2` | `principles` | open | repeats LAO-2, rejected in round 1 | Add a principle on sharing data. "
            "| `comments/2/lao-pdr.yaml:10` |") in lines
    assert "| withdrawn | `LAO-3` | `fisheries.1` | withdrawn in round 1 | — | Name the spawning grounds. | `comments/lao-pdr.yaml:21` |" in lines


def test_rounds_in_the_wrong_order_or_unknown_are_usage_errors(project, runner):
    backwards = runner.invoke(app, ["diff", "--rounds", "2", "1"])
    assert (backwards.exit_code, backwards.stdout) == (2, "")
    assert "round 2 does not come before round 1" in backwards.stderr and "cm diff --rounds 1 2" in backwards.stderr
    unknown = runner.invoke(app, ["diff", "--rounds", "1", "3"])
    assert (unknown.exit_code, "there is no round '3'" in unknown.stderr) == (2, True)
    with_revisions = runner.invoke(app, ["diff", "HEAD", "--rounds", "1", "2"])
    assert (with_revisions.exit_code, "give no revisions with it" in with_revisions.stderr) == (2, True)
