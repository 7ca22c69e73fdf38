"""`cm add` says when a new comment reads like another, as `cm import` does (exchange/repeat_hints.py):
one of the same stakeholder's comments of an earlier round, or another stakeholder's of the same
round; it writes nothing for it (`repeats:` and groups are the secretariat's word)."""

from __future__ import annotations

from pathlib import Path

import pytest
from two_rounds_replies import write

from commentmatrix.cli import app


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


def test_cm_add_says_when_a_new_comment_reads_like_an_earlier_one(project, runner):
    """As `cm import` does (exchange/repeat_hints.py): a round-2 comment in the words of the
    stakeholder's round-1 comment, or of another stakeholder's in the same round, gets the command
    that would say so; nothing is written for it."""
    again = runner.invoke(app, ["add", "lao-pdr", "-t", "principles", "--lang", "en", "--text",
                                "Add a principle on sharing the data."])
    assert again.exit_code == 0, again.stderr
    added = again.stdout.split()[1]  # "Added LAO-4 (comments/2/lao-pdr.yaml)"
    assert f"note: {added} looks like LAO-2 of round 1" in again.stdout
    assert f"cm repeats {added} LAO-2" in again.stdout
    assert "repeats:" not in (project / "comments" / "2" / "lao-pdr.yaml").read_text(encoding="utf-8").split(added)[1]
    same = runner.invoke(app, ["add", "thailand", "-t", "general", "--lang", "en", "--text",
                               "Fisheries deserve much more weight."])
    assert "reads like WWF2-1 (WWF, 100% alike)" in same.stdout and "cm group WWF2-1" in same.stdout
    said = runner.invoke(app, ["add", "lao-pdr", "-t", "principles", "--lang", "en", "--text",
                               "Add a principle on sharing data.", "--repeats", "LAO-2"])
    new = runner.invoke(app, ["add", "lao-pdr", "-t", "principles.2", "--lang", "en", "--text",
                              "Openness needs a definition of its own."])
    assert "note:" not in said.stdout and "note:" not in new.stdout
