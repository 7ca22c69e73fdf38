"""`cm show` tells how a comment is answered: by its group's lead, withdrawn by the stakeholder,
and with the secretariat's internal note (cm show is the secretariat's own view)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from commentmatrix.cli import app


def cm(root: Path, *args: str):
    return CliRunner().invoke(app, [*args, "-C", str(root)], env={"NO_COLOR": "1", "COLUMNS": "100"})


def ok(root: Path, *args: str) -> str:
    result = cm(root, *args)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout


def test_a_grouped_comment_shows_its_leads_response(example: Path) -> None:
    ok(example, "add", "viet-nam", "--target", "principles.4", "--text", "Name the mechanisms.", "--lang", "en")
    ok(example, "add", "thailand", "--target", "principles.4", "--text", "Name the mechanisms, please.", "--lang", "en")
    ok(example, "group", "VIET-NAM-1", "THAILAND-1")
    ok(example, "respond", "VIET-NAM-1", "-d", "rejected", "-n", "They are in the annex.", "--date", "2017-10-01")
    shown = ok(example, "show", "THAILAND-1")
    response = shown[shown.index("Response"):]
    assert "answered with VIET-NAM-1, the lead of its group" in response
    assert "rejected on 2017-10-01" in response and "They are in the annex." in response


def test_a_withdrawn_comment_says_so_and_an_internal_note_is_shown_marked(example: Path) -> None:
    ok(example, "add", "viet-nam", "--target", "principles.4", "--text", "Name the mechanisms.", "--lang", "en")
    ok(example, "withdraw", "VIET-NAM-1", "--date", "2017-09-20")
    assert "withdrawn by the stakeholder on 2017-09-20: needs no decision" in ok(example, "show", "VIET-NAM-1")
    path = example / "comments" / "tnc.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("      decision: partially\n") == 1
    path.write_text(text.replace("      decision: partially\n",
                                 "      decision: partially\n      internal_note: Ask the drafting team about item 3.\n"),
                    encoding="utf-8")
    shown = ok(example, "show", "TNC-1")
    assert "internal note (never published):" in shown and "Ask the drafting team about item 3." in shown
