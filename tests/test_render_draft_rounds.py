"""`cm render draft --round ID` on a consultation of two rounds (tests/two_rounds.py): each
round's draft revised by that round's comments, its changes credited to them."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from two_rounds_render import write_two_rounds
from typer.testing import CliRunner

from commentmatrix.cli import app


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return write_two_rounds(tmp_path / "mws")


def render(root: Path, *args: str, lang: tuple[str, ...] = ("--lang", "en")) -> tuple[Path, str]:
    result = CliRunner().invoke(app, ["render", "draft", "-C", str(root), *lang, *args])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    target = Path(result.stdout.strip())
    return target, target.read_bytes().decode("utf-8") if target.suffix != ".docx" else ""


def test_round_one_applies_round_ones_edits_to_round_ones_draft(project: Path) -> None:
    target, found = render(project, "--round", "1", "--diff", "-f", "md")
    assert target == project / "build" / "mws-1-revised.md"
    assert found == (
        "# Mekong Water Strategy\n\n"
        "mws-1 · 2029-12 · changes marked: <del>deleted</del> <ins>inserted</ins><sup>comment</sup>\n\n"
        "## 1 Background\n\n"
        "The river feeds <del>sixty</del><ins>seventy</ins><sup>LAO-1</sup> million people.\n\n"
        "## 2 Principles\n\nMutual benefit\n\nOpenness\n\n"
        "### 2.1 Fisheries\n\nProtect spawning grounds.\n\n"
        "<ins>Protect the deep pools.</ins><sup>WWF-2</sup>\n\n"
        "## Changes\n\n"
        "| Comment | Stakeholder | Date |\n| --- | --- | --- |\n"
        "| LAO-1 | Lao PDR | 2030-02-01 |\n"
        # No response date, no received date: the deadline of the comment's own round.
        "| WWF-2 | WWF | 2030-01-31 |\n")


def test_the_default_is_the_current_rounds_draft_and_its_comments(project: Path) -> None:
    target, found = render(project, "--diff", "-f", "md")
    assert target == project / "build" / "mws-2-revised.md"
    assert "The river feeds seventy<ins>-five</ins><sup>LAO-4</sup> million people.\n" in found
    assert found.endswith("| Comment | Stakeholder | Date |\n| --- | --- | --- |\n| LAO-4 | Lao PDR | 2030-04-02 |\n")
    assert render(project, "--round", "2", "--diff", "-f", "md")[1] == found


def test_round_one_tracked_docx_credits_round_ones_comments(project: Path) -> None:
    target, _ = render(project, "--round", "1")
    xml = zipfile.ZipFile(target).read("word/document.xml").decode("utf-8")
    authors = Counter(re.findall(r'w:author="([^"]+)" w:date="([^"]+)"', xml))
    assert set(authors) == {("Lao PDR (LAO-1)", "2030-02-01T00:00:00Z"), ("WWF (WWF-2)", "2030-01-31T00:00:00Z")}


def test_round_one_as_yaml_is_round_twos_draft(project: Path) -> None:
    _target, found = render(project, "--round", "1", "-f", "yaml", "--id", "mws-2b", "--version", "2030-03",
                           "-o", str(project / "build" / "mws-2b.yaml"), lang=())
    assert "en: The river feeds seventy million people.\n" in found
    assert "id: fisheries.2  # added by WWF-2\n" in found


def test_an_unknown_round_is_refused(project: Path) -> None:
    result = CliRunner().invoke(app, ["render", "draft", "-C", str(project), "--round", "9"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("cm: there is no round '9' in cm.yaml (rounds: 1, 2)\n")
    assert not (project / "build").exists()
