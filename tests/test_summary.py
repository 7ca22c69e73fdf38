"""`cm render matrix --layout summary`: the one page beside the matrix, through the CLI.

Its counts are the status core's and the matrix view's; a test holds them to `cm status --json`.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from docx import Document
from two_rounds_render import write_two_rounds
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.tally import DECISION_KEYS

# 2030-06-01T00:00:00Z
EPOCH = "1906502400"
CONTACTS = ("Mr. Him Chandath", "Mr. Chao Nokyoo")


def cm(root: Path, *args: str):
    here = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(app, [*args, "--project", str(root)], env={"SOURCE_DATE_EPOCH": EPOCH, "CM_TODAY": "2017-09-20"})
    finally:
        os.chdir(here)


def summary(root: Path, name: str, *args: str) -> Path:
    target = root / "build" / name
    result = cm(root, "render", "matrix", "--layout", "summary", *args, "-o", str(target))
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", f"build/{name}\n")
    return target


def table_rows(markdown: str) -> dict[str, list[str]]:
    """The Markdown tables' rows by their first cell: the cells after it."""
    rows = {}
    for line in markdown.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0]] = cells[1:]
    return rows


def docx_text(path: Path) -> str:
    document = Document(io.BytesIO(path.read_bytes()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_totals_are_those_of_cm_status(example: Path) -> None:
    rows = table_rows(summary(example, "s.md", "--lang", "en").read_text(encoding="utf-8"))
    report = json.loads(cm(example, "status", "--json").stdout)
    totals = report["totals"]
    # The totals table: comments, then each outcome shown (no comment of the example is withdrawn).
    shown = [key for key in DECISION_KEYS if key != "withdrawn"]
    assert rows[str(totals["comments"])] == [str(totals[key]) for key in shown]
    for stakeholder in report["stakeholders"]:
        name = stakeholder["name"]["en"] if isinstance(stakeholder["name"], dict) else stakeholder["name"]
        assert rows[name][1:1 + 1 + len(shown)] == [str(stakeholder["comments"]), *(str(stakeholder[key]) for key in shown)]
    assert rows["5.3 Ecosystem Management and Biodiversity Conservation"][:3] == ["3", "1", "1"]


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_public_summary_names_no_contact(example: Path, fmt: str) -> None:
    path = summary(example, f"s.{fmt}")
    text = docx_text(path) if fmt == "docx" else path.read_text(encoding="utf-8")
    assert "Lao PDR" in text
    assert not [name for name in CONTACTS if name in text]


def test_md_and_html_have_a_row_per_stakeholder_with_its_state_and_answer(example: Path) -> None:
    assert cm(example, "stakeholder", "ack", "lao-pdr", "--agree", "--note", "Fine").exit_code == 0
    rows = table_rows(summary(example, "s.md", "--lang", "en").read_text(encoding="utf-8"))
    assert rows["Lao PDR"] == ["Submitted", "10", "9", "1", "0", "0", "0", "Agrees with the responses"]
    assert rows["Myanmar"] == ["In the progress of reviewing", "0", "0", "0", "0", "0", "0", "Not yet answered"]
    assert rows["Viet Nam"][0] == "No reply yet"
    assert rows["Cambodia"][0] == "No comments"
    html = summary(example, "s.html", "--lang", "en").read_text(encoding="utf-8")
    assert ('<tr class="stakeholder submitted"><td><span class="l" lang="en">Lao PDR</span></td>'
            '<td><span class="l" lang="en">Submitted</span></td><td class="n">10</td>') in html
    assert html.count('<tr class="stakeholder ') == 8
    assert '<td class="ack not-yet"><span class="l" lang="en">Not yet answered</span></td>' in html
    assert "<svg" in html and html.count("<figure>") == 2


def test_objections_to_the_responses_and_to_a_comment_are_listed_with_their_notes(example: Path) -> None:
    assert cm(example, "stakeholder", "ack", "ci", "--object", "--note", "Too vague", "--date", "2017-09-19").exit_code == 0
    assert cm(example, "stakeholder", "ack", "sei", "--object", "--comment", "SEI-1", "--note", "No targets").exit_code == 0
    text = summary(example, "s.md", "--lang", "en").read_text(encoding="utf-8")
    objections = text[text.index("## Objections"):].splitlines()[2:]
    assert objections == [
        "- **Conservation International Foundation**: Objects to the responses (2017-09-19): Too vague",
        "- **Stockholm Environment Institute Asia Centre** · SEI-1: Objected by the stakeholder (2017-09-20): No targets"]
    assert table_rows(text)["Conservation International Foundation"][-1] == "Objects to the responses"
    assert "No targets" in docx_text(summary(example, "s.docx", "--lang", "en"))


def test_all_rounds_have_a_row_each_and_a_withdrawn_comment_counts(tmp_path: Path) -> None:
    project = write_two_rounds(tmp_path / "mws")
    text = summary(project, "all.md", "--round", "all", "--lang", "en").read_text(encoding="utf-8")
    rows = table_rows(text)
    report = json.loads(cm(project, "status", "--round", "all", "--json").stdout)
    keys = list(DECISION_KEYS)  # the withdrawn column is there: LAO-5 was withdrawn
    for found, name in zip(report["rounds"], ("Round 1", "Round 2 · Workshop")):
        assert rows[name][3:] == [str(found["totals"]["comments"]), *(str(found["totals"][key]) for key in keys)]
    assert [name for name in rows if name.startswith("Round ")] == ["Round 1", "Round 2 · Workshop"]
    # Lao PDR across rounds: LAO-1..5, one withdrawn.
    assert rows["Lao PDR"][1:9] == ["5", "2", "0", "0", "0", "1", "2", "Not yet answered"]
    current = table_rows(summary(project, "2.md", "--lang", "en").read_text(encoding="utf-8"))
    assert [name for name in current if name.startswith("Round ")] == ["Round 2 · Workshop"]
    assert current["Lao PDR"][1] == "3" and current["Lao PDR"][6] == "1"


def test_the_docx_opens_and_holds_the_title_and_every_render_is_byte_stable(example: Path) -> None:
    document = Document(io.BytesIO(summary(example, "s.docx").read_bytes()))
    assert document.paragraphs[0].text == "Lancang-Mekong Environmental Cooperation Strategic Framework - Comments Matrix"
    assert document.core_properties.title == document.paragraphs[0].text
    assert len(document.tables) == 2  # stakeholders and sections; a project without rounds has no rounds table
    for fmt in ("docx", "md", "html"):
        assert summary(example, f"a.{fmt}").read_bytes() == summary(example, f"b.{fmt}").read_bytes()


def test_the_summary_is_not_written_as_a_sheet_and_takes_no_grouping(example: Path) -> None:
    result = cm(example, "render", "matrix", "--layout", "summary", "-o", str(example / "s.xlsx"))
    assert (result.exit_code, result.stderr) == (2, "cm: --layout summary is written as docx, html, md or pdf, not xlsx\n")
    result = cm(example, "render", "matrix", "--layout", "summary", "--by", "section")
    assert (result.exit_code, result.stderr) == (2, "cm: --by and --open-only apply to the matrix layout, not to --layout summary\n")
