"""`cm status` on a consultation in two rounds (tests/two_rounds.py): one round's figures, the
cumulative view, carry-over counts, suspect responses, and decisions judged by their own round."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from projects import load, replaced
from two_rounds_replies import TWO_ROUNDS, write

from commentmatrix.basis import current_basis
from commentmatrix.cli import app

NONE = {"accepted": 0, "partially": 0, "rejected": 0, "noted": 0, "withdrawn": 0, "open": 0}


def tally(**counts: int) -> dict[str, int]:
    return {"comments": sum(counts.values()), **NONE, **counts}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


def status_json(runner, *args: str) -> dict:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["status", "--json", "--today", "2030-04-01", *args])
    assert (result.exit_code, result.stderr) == (0, "")
    return json.loads(result.stdout)


def test_the_current_round_is_shown_by_default_with_its_draft_deadline_states_and_comments(project, runner):
    report = status_json(runner)
    assert (report["round"], report["draft"], report["deadline"], report["days_left"]) == (
        "2", {"id": "mws-2", "version": "2030-03"}, "2030-04-15", 14)
    assert {s["id"]: s["state"] for s in report["stakeholders"]} == {
        "lao-pdr": "submitted", "thailand": "submitted", "cambodia": "pending", "viet-nam": "reviewing", "wwf": "submitted"}
    assert report["totals"] == {**tally(rejected=1, open=3), "decided_without_edits": 0}
    assert [o["id"] for o in report["open_items"]] == ["L2-2", "TH2-1", "WWF2-1"]
    assert [s["id"] for s in report["sections"]] == ["general", "background", "principles"]


def test_an_earlier_round_shows_its_own_states_deadline_and_counts_with_withdrawn_apart(project, runner):
    report = status_json(runner, "--round", "1")
    assert (report["round"], report["draft"]["id"], report["deadline"], report["days_left"]) == ("1", "mws-1", "2030-01-31", -60)
    assert {s["id"]: s["state"] for s in report["stakeholders"]} == {
        "lao-pdr": "submitted", "thailand": "no-comments", "cambodia": "reviewing", "viet-nam": "pending", "wwf": "submitted"}
    assert report["totals"] == {**tally(accepted=1, partially=1, rejected=1, noted=1, withdrawn=1), "decided_without_edits": 0}
    lao = report["stakeholders"][0]
    assert {key: lao[key] for key in tally()} == tally(accepted=1, rejected=1, withdrawn=1)
    assert report["open_items"] == []
    assert "carry_over" not in lao  # the first round has nothing before it


def test_the_cumulative_view_has_a_row_per_round_the_totals_and_each_stakeholders_state_per_round(project, runner):
    report = status_json(runner, "--round", "all")
    assert report["round"] == "all"
    assert [(r["id"], r["draft"], r["title"], r["opened"], r["deadline"], r["closed"], r["totals"]) for r in report["rounds"]] == [
        ("1", "mws-1", None, "2029-12-01", "2030-01-31", "2030-02-10", tally(accepted=1, partially=1, rejected=1, noted=1, withdrawn=1)),
        ("2", "mws-2", {"en": "Second reading", "zh": "二读"}, "2030-03-01", "2030-04-15", None, tally(rejected=1, open=3)),
    ]
    assert report["totals"] == {**tally(accepted=1, partially=1, rejected=2, noted=1, withdrawn=1, open=3), "decided_without_edits": 0}
    assert {s["id"]: s["states"] for s in report["stakeholders"]} == {
        "lao-pdr": {"1": "submitted", "2": "submitted"}, "thailand": {"1": "no-comments", "2": "submitted"},
        "cambodia": {"1": "reviewing", "2": "pending"}, "viet-nam": {"1": "pending", "2": "reviewing"},
        "wwf": {"1": "submitted", "2": "submitted"}}


def test_the_rounds_list_is_in_every_view(project, runner):
    assert [r["id"] for r in status_json(runner, "--round", "1")["rounds"]] == ["1", "2"]


def test_carry_over_counts_per_stakeholder_against_the_previous_round(project, runner):
    report = status_json(runner)
    assert {s["id"]: s["carry_over"] for s in report["stakeholders"]} == {
        "lao-pdr": {"new": 1, "repeated": 1, "revised": 0, "withdrawn": 1, "resolved": 1},
        "thailand": {"new": 1, "repeated": 0, "revised": 0, "withdrawn": 0, "resolved": 0},
        "cambodia": {"new": 0, "repeated": 0, "revised": 0, "withdrawn": 0, "resolved": 0},
        "viet-nam": {"new": 0, "repeated": 0, "revised": 0, "withdrawn": 0, "resolved": 0},
        "wwf": {"new": 0, "repeated": 0, "revised": 1, "withdrawn": 0, "resolved": 1}}


def test_a_round_one_decision_whose_edit_applies_to_round_ones_draft_is_not_decided_without_edits(project, runner):
    # LAO-1's replace reads "sixty million", which mws-1 has and the current round's mws-2 no longer has.
    for view in ("1", "all"):
        assert status_json(runner, "--round", view)["decided_without_edits"] == []


def test_a_round_one_decision_whose_edit_fails_on_round_ones_draft_is_decided_without_edits(tmp_path, runner, monkeypatch):
    files = replaced(TWO_ROUNDS, "comments/lao-pdr.yaml", "replace: sixty million", "replace: eighty million")
    monkeypatch.chdir(write(tmp_path / "broken", files))
    report = status_json(runner, "--round", "1")
    assert report["decided_without_edits"] == [{"id": "LAO-1", "stakeholder": "lao-pdr", "decision": "accepted",
                                                "reason": "its edits did not apply (see cm validate)"}]


def _with_suspect(root: Path) -> None:
    """L2-1's rejection recorded on principles.1 as it stood, then principles.1 edited in the draft."""
    project = load(TWO_ROUNDS)
    fingerprint = current_basis(project, project.comments_by_id["L2-1"])
    assert fingerprint is not None
    comments = root / "comments" / "2" / "lao-pdr.yaml"
    text = comments.read_text(encoding="utf-8")
    comments.write_text(text.replace("      note: Out of scope.\n", f"      note: Out of scope.\n      basis: {fingerprint}\n"),
                        encoding="utf-8")
    draft = root / "drafts" / "mws-2.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace("{en: Mutual benefit,", "{en: Mutual and fair benefit,"),
                     encoding="utf-8")


def test_a_response_recorded_before_its_paragraph_changed_is_listed_as_suspect(project, runner):
    assert status_json(runner)["suspect"] == []
    _with_suspect(project)
    assert status_json(runner)["suspect"] == [{"id": "L2-1", "reason": "the text of principles.1 in draft mws-2 changed after the decision",
                                                "file": "comments/2/lao-pdr.yaml", "line": 10}]
    lines = [line.rstrip() for line in runner.invoke(app, ["status", "--today", "2030-04-01"]).stdout.splitlines()]
    start = lines.index("1 response(s) suspect: the text they were decided on changed since:")
    assert lines[start + 1:] == [
        "  L2-1: the text of principles.1 in draft mws-2 changed after the decision",
        "  check each still holds, then: cm respond ID --confirm",
        "",
        # Only errors leave files unread: with warnings alone the figures are whole.
        "cm validate found 0 error(s) and 1 warning(s). Run `cm validate` for details."]


def test_the_text_names_the_round_and_fits_80_columns(project, runner, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    for view, header in (("2", ["Round 2 · Second reading · opened 2030-03-01",
                                "Draft mws-2 (version 2030-03) · deadline 2030-04-15 (14 days left)",
                                "4 comments: 0 accepted, 0 partially accepted, 1 rejected, 0 noted, 3 open"]),
                         ("1", ["Round 1 · opened 2029-12-01 · closed 2030-02-10",
                                "Draft mws-1 (version 2029-12) · deadline 2030-01-31 (closed 60 days ago)",
                                "5 comments: 1 accepted, 1 partially accepted, 1 rejected, 1 noted, 1 withdrawn,",
                                "0 open"]),
                         ("all", ["All 2 rounds (figures for every round together; draft and deadline of round 2)",
                                  "Draft mws-2 (version 2030-03) · deadline 2030-04-15 (14 days left)",
                                  "9 comments: 1 accepted, 1 partially accepted, 2 rejected, 1 noted, 1 withdrawn,",
                                  "3 open"])):
        result = runner.invoke(app, ["status", "--round", view, "--today", "2030-04-01"])
        lines = [line.rstrip() for line in result.stdout.splitlines()]
        assert (result.exit_code, lines[2:2 + len(header)]) == (0, header)
        assert max(len(line) for line in lines) <= 80, view
    current = [line.rstrip() for line in runner.invoke(app, ["status", "--today", "2030-04-01"]).stdout.splitlines()]
    since = current.index("Since round 1")
    assert current[since + 2:since + 6] == [
        " Stakeholder  New  Repeated  Revised  Withdrawn  Resolved",
        " ────────────────────────────────────────────────────────",
        " Lao PDR        1         1        0          1         1",
        " Thailand       1         0        0          0         0"]
    everything = runner.invoke(app, ["status", "--round", "all", "--today", "2030-04-01"]).stdout
    assert re.search(r"Cambodia\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+reviewing\s+pending", everything)


def test_comments_left_open_in_an_earlier_round_are_named_under_the_current_rounds_totals(project, runner):
    # Round 1 decided or withdrew all its comments: nothing to say.
    before = runner.invoke(app, ["status", "--today", "2030-04-01"]).stdout
    assert "Still open from earlier rounds" not in before
    # LAO-3's withdrawal taken back: it is open in round 1, which round 2 does not list.
    lao = project / "comments" / "lao-pdr.yaml"
    lao.write_text(lao.read_text(encoding="utf-8").replace("    withdrawn: 2030-01-25\n", ""), encoding="utf-8")
    report = status_json(runner)
    assert "LAO-3" not in [o["id"] for o in report["open_items"]]
    assert [r["totals"]["open"] for r in report["rounds"]] == [1, 3]
    lines = [line.rstrip() for line in runner.invoke(app, ["status", "--today", "2030-04-01"]).stdout.splitlines()]
    assert lines[4:6] == ["4 comments: 0 accepted, 0 partially accepted, 1 rejected, 0 noted, 3 open",
                          "Still open from earlier rounds: 1 of round 1 (cm status --round 1 lists it)"]
    # The round itself, and every round together, count it among their own.
    for view in ("1", "all"):
        shown = runner.invoke(app, ["status", "--round", view, "--today", "2030-04-01"]).stdout
        assert "Still open from earlier rounds" not in shown
    assert "LAO-3" in runner.invoke(app, ["status", "--round", "1", "--today", "2030-04-01"]).stdout


def test_an_unknown_round_is_a_usage_error_with_the_closest_name(project, runner):
    result = runner.invoke(app, ["status", "--round", "3"])
    assert result.exit_code == 2
    assert "there is no round '3' in cm.yaml (rounds: 1, 2)" in result.stderr


def test_a_section_filter_is_checked_against_the_rounds_draft(project, runner):
    assert status_json(runner, "--round", "1", "--section", "fisheries")["totals"]["comments"] == 2
    result = runner.invoke(app, ["status", "--round", "1", "--section", "fisheries.2"])
    assert (result.exit_code, "'fisheries.2' is not a section of draft mws-1" in result.stderr) == (2, True)


def test_the_round_named_in_cm_yaml_is_the_current_one(tmp_path, runner, monkeypatch):
    files = replaced(TWO_ROUNDS, "cm.yaml", "stakeholders:\n", "round: \"1\"\nstakeholders:\n")
    monkeypatch.chdir(write(tmp_path / "back", files))
    assert (status_json(runner)["round"], status_json(runner, "--round", "all")["deadline"]) == ("1", "2030-01-31")
    header = runner.invoke(app, ["status", "--round", "all", "--today", "2030-04-01"]).stdout.splitlines()[2]
    assert header == "All 2 rounds (figures for every round together; draft and deadline of round 1)"
