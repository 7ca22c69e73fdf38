"""`cm status` on the example and the base project, checked against independent counts."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO
from rich.cells import cell_len
from ruamel.yaml import YAML

from commentmatrix.cli import app
from commentmatrix.model.segmentation import is_grapheme_boundary


def _independent_counts(root: Path) -> dict[str, Counter]:
    """Decisions per stakeholder, read with a plain YAML loader: an oracle that shares no code with cm."""
    yaml = YAML(typ="safe")
    found: dict[str, Counter] = {}
    for path in sorted((root / "comments").rglob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        tally = found.setdefault(data["stakeholder"], Counter())
        for comment in data.get("comments") or []:
            decision = (comment.get("response") or {}).get("decision") or "open"
            tally[decision] += 1
            tally["comments"] += 1
    return found


def test_status_json_on_the_example_matches_the_files(runner, monkeypatch):
    monkeypatch.chdir(REPO)
    result = runner.invoke(app, ["status", "--json", "--today", "2017-09-01"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    oracle = _independent_counts(REPO)
    states = {s["id"]: s["state"] for s in report["stakeholders"]}
    assert states == {"cambodia": "no-comments", "lao-pdr": "submitted", "myanmar": "reviewing",
                      "thailand": "no-comments", "viet-nam": "pending", "tnc": "submitted",
                      "ci": "submitted", "sei": "submitted"}
    for row in report["stakeholders"]:
        tally = oracle.get(row["id"], Counter())
        assert {k: row[k] for k in ("comments", "accepted", "partially", "rejected", "noted", "open")} == \
            {k: tally[k] for k in ("comments", "accepted", "partially", "rejected", "noted", "open")}, row["id"]
    total = sum(oracle.values(), Counter())
    assert report["totals"]["comments"] == total["comments"] == 22
    assert report["days_left"] == 9
    assert report["validation"] == {"errors": 0, "warnings": 0}


def test_status_counts_decided_comments_that_change_nothing(runner, monkeypatch):
    monkeypatch.chdir(REPO)
    report = json.loads(runner.invoke(app, ["status", "--json"]).stdout)
    yaml = YAML(typ="safe")
    expected = []
    for path in sorted((REPO / "comments").rglob("*.yaml")):
        for comment in yaml.load(path.read_text(encoding="utf-8")).get("comments") or []:
            response = comment.get("response") or {}
            if response.get("decision") == "accepted" and not comment.get("proposal") and not response.get("edits"):
                expected.append(comment["id"])
    assert sorted(u["id"] for u in report["decided_without_edits"]) == sorted(expected)
    assert report["totals"]["decided_without_edits"] == len(expected)


def test_status_lists_open_items_with_roster_id_and_target(base, runner, monkeypatch):
    monkeypatch.chdir(base)
    report = json.loads(runner.invoke(app, ["status", "--json", "--today", "2030-02-02"]).stdout)
    assert report["open_items"] == [{"id": "LAO-2", "stakeholder": "lao-pdr", "target": "principles",
                                     "text": "Add a principle on openness.", "file": "comments/lao-pdr.yaml", "line": 17,
                                     "assignee": None, "due": None, "overdue": False}]
    assert report["days_left"] == -2
    assert report["totals"] == {"comments": 3, "accepted": 1, "partially": 0, "rejected": 0, "noted": 1, "withdrawn": 0,
                                "open": 1, "decided_without_edits": 0}
    assert [s["id"] for s in report["sections"]] == ["general", "background", "principles"]


def test_status_filters(base, runner, monkeypatch):
    monkeypatch.chdir(base)
    only_tnc = json.loads(runner.invoke(app, ["status", "--json", "--stakeholder", "tnc"]).stdout)
    assert [s["id"] for s in only_tnc["stakeholders"]] == ["tnc"]
    assert only_tnc["totals"]["comments"] == 1
    principles = json.loads(runner.invoke(app, ["status", "--json", "--section", "principles"]).stdout)
    assert [o["id"] for o in principles["open_items"]] == ["LAO-2"]
    assert principles["totals"]["comments"] == 1
    open_only = json.loads(runner.invoke(app, ["status", "--json", "--open"]).stdout)
    assert [(s["id"], s["state"]) for s in open_only["stakeholders"]] == [("lao-pdr", "submitted"), ("viet-nam", "pending")]


def test_status_of_several_stakeholders_shows_each_of_them_once(base, runner, monkeypatch):
    monkeypatch.chdir(base)

    def status(*args: str) -> dict:
        result = runner.invoke(app, ["status", "--json", *args])
        assert (result.exit_code, result.stderr) == (0, ""), result.output
        return json.loads(result.stdout)

    every, tnc, lao = status(), status("-s", "tnc"), status("--stakeholder", "lao-pdr")
    both = status("-s", "tnc", "--stakeholder", "lao-pdr")
    assert [s["id"] for s in both["stakeholders"]] == [s["id"] for s in every["stakeholders"] if s["id"] in ("tnc", "lao-pdr")]
    assert len(both["stakeholders"]) == 2 < len(every["stakeholders"])  # viet-nam, pending, left out
    assert both["totals"]["comments"] == tnc["totals"]["comments"] + lao["totals"]["comments"]
    assert both["open_items"] == [o for o in every["open_items"] if o["stakeholder"] in ("tnc", "lao-pdr")]
    assert status("-s", "tnc", "-s", "tnc") == tnc  # given twice, counted once
    plain = runner.invoke(app, ["status", "-s", "tnc", "-s", "lao-pdr"])
    assert plain.exit_code == 0 and "given twice" not in plain.stderr
    unknown = runner.invoke(app, ["status", "-s", "tnc", "-s", "laos"])
    assert (unknown.exit_code, unknown.stdout) == (2, "")
    assert "'laos' is not in the roster" in unknown.stderr


def test_status_unknown_filter_is_a_usage_error(base, runner, monkeypatch):
    monkeypatch.chdir(base)
    result = runner.invoke(app, ["status", "--stakeholder", "laos"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "'laos' is not in the roster" in result.stderr


@pytest.mark.parametrize(("args", "stderr"), [
    (["--section", "2"], "cm: '2' is not a section of draft d1\n    hint: section 2 is 'principles': cm status --section principles\n"),
    (["--section", "principles.1"], "cm: 'principles.1' is not a section of draft d1\n"
                                    "    hint: 'principles.1' is a paragraph of section 'principles': cm status --section principles\n"),
    (["--section", "principle"], "cm: 'principle' is not a section of draft d1\n    hint: did you mean 'principles'?\n"),
    (["--stakeholder", "lao"], "cm: 'lao' is not in the roster; known: lao-pdr, tnc, viet-nam\n    hint: did you mean 'lao-pdr'?\n"),
])
def test_status_unknown_filter_says_what_was_meant(base, runner, monkeypatch, args, stderr):
    """A section as readers know it (its number, as the matrix prints it), a paragraph, a slip:
    the refusal named none of what was meant."""
    monkeypatch.chdir(base)
    result = runner.invoke(app, ["status", *args])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)


def test_status_text_in_a_pipe_is_plain_and_fits_80_columns(runner, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["status", "--today", "2017-09-01"])
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "Lancang-Mekong Environmental Cooperation Strategic Framework - Comments Matrix",
        "澜沧江-湄公河环境合作战略框架 意见汇总",
        "Draft lmec-2017-08 (version 2017-08) · deadline 2017-09-10 (9 days left)",
        "22 comments: 18 accepted, 3 partially accepted, 0 rejected, 1 noted, 0 open",
    ]
    viet_nam = next(line for line in lines if line.strip().startswith("Viet Nam"))
    assert re.search(r"Viet Nam\s+0\s+0\s+0\s+0\s+0\s+0\s+pending", viet_nam)


def test_ids_and_targets_wider_than_the_terminal_fold_whole_never_cut(base, runner, monkeypatch):
    # Wider together than the terminal, both were cut with an ellipsis ("MONRE-LAO-PDR-2017-ROUN…"),
    # naming nothing cm show could find.
    long_id = "MONRE-LAO-PDR-2017-ROUND-ONE-COMMENT-0001"
    path = base / "comments" / "lao-pdr.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("LAO-2", long_id), encoding="utf-8")
    monkeypatch.chdir(base)
    monkeypatch.setenv("COLUMNS", "50")
    result = runner.invoke(app, ["status", "--today", "2030-02-02"])
    assert result.exit_code == 0, result.stderr
    table = result.stdout[result.stdout.index("Open comments (1)"):].splitlines()
    assert [line.rstrip() for line in table] == [
        "Open comments (1)",
        "",
        " Id                          Target      Comment",
        " " + "─" * 48,
        " MONRE-LAO-PDR-2017-ROUND-   principles  Add a p…",
        " ONE-COMMENT-0001",
        "",
    ]


def test_status_on_a_broken_project_reports_what_it_can(base, runner, monkeypatch):
    (base / "comments" / "tnc.yaml").write_text("stakeholder: tnc\ncomments: [\n", encoding="utf-8")
    monkeypatch.chdir(base)
    result = runner.invoke(app, ["status", "--json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert report["validation"]["errors"] == 1
    assert report["totals"]["comments"] == 2
    text = runner.invoke(app, ["status"]).stdout
    assert "cm validate found 1 error(s)" in text


@pytest.mark.parametrize("columns", [80, 57, 41, 30])
def test_decided_ids_that_change_nothing_wrap_under_the_first_id_whole(runner, monkeypatch, columns):
    # At 80 columns the last id, SEI-5, went to the left edge under the label; narrower, the
    # terminal's wrapping broke ids at their hyphens.
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("COLUMNS", str(columns))
    report = json.loads(runner.invoke(app, ["status", "--json", "--today", "2017-09-01"]).stdout)
    [(decision, reason)] = {(d["decision"], d["reason"]) for d in report["decided_without_edits"]}
    ids = [d["id"] for d in report["decided_without_edits"]]
    result = runner.invoke(app, ["status", "--today", "2017-09-01"])
    assert result.exit_code == 0, result.stderr
    label = f"  {decision}, {reason}:"
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    first = next(index for index, line in enumerate(lines) if line.startswith(label))
    group = [*itertools.takewhile(bool, lines[first:])]
    beside = group[0] != label
    indent = len(label) + 1 if beside else 4
    listed = [group[0][indent:], *group[1:]] if beside else group[1:]
    assert len(listed) > 1  # the list wraps at these widths
    assert all(len(line) <= columns for line in group)
    assert all(line[:indent] == " " * indent and line[indent] != " " for line in group[1:])
    # Every line but the last ends at a comma: no id goes on over a line's end.
    assert all(line.endswith(",") for line in listed[:-1])
    assert " ".join(line.strip() for line in listed).split(", ") == ids
    assert beside == (columns - len(label) - 1 >= 24)


def test_an_id_wider_than_its_room_is_alone_on_its_lines_folded_at_whole_characters():
    from commentmatrix.terminal.id_list import id_lines

    long_id = "DFP-CAMBODIA-សហគមន៍-0001"
    lines = id_lines(["CI-3", long_id, "SEI-5"], 10)
    assert lines[0] == "CI-3," and lines[-1] == "SEI-5"
    assert "".join(lines[1:-1]) == long_id + ","
    assert all(cell_len(line) <= 10 for line in lines)
    assert all(is_grapheme_boundary(long_id + ",", len("".join(lines[1:n]))) for n in range(1, len(lines) - 1))
