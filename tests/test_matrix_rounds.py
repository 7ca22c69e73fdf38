"""`cm render matrix` on a consultation of two rounds (tests/two_rounds.py), through the CLI.

The default is the current round: its comments, its stakeholders' states and its draft's names
for the parts; `--round all` has every round's rows with a Round column and what each later
comment is against the previous round. A withdrawn comment has a cell of its own in every format.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from projects import SMALL, replaced, yaml
from two_rounds_render import write_two_rounds
from typer.testing import CliRunner

from commentmatrix.cli import app

# 2030-06-01T00:00:00Z
EPOCH = "1906502400"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return write_two_rounds(tmp_path / "mws")


def render(root: Path, name: str, *args: str) -> Path:
    target = root / "build" / name
    result = CliRunner().invoke(app, ["render", "matrix", "-C", str(root), "--lang", "en", *args, "-o", str(target)])
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", f"{target}\n")
    return target


def text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def test_the_current_round_shows_its_rows_its_states_and_its_drafts_names(project: Path) -> None:
    # Cambodia was reviewing in round 1 and has not answered in round 2; Thailand is reviewing now.
    # The secretariat's copy: with the contact and the Decided by column (the public one has neither).
    assert text(render(project, "m.csv", "--audience", "internal")) == (
        "No.,Round,Since the previous round,Stakeholders,State,Targeted Parts,Topic,Comments,Proposed edits,Decision,"
        "Note,Edits made,Decided by,Date\r\n"
        "LAO-3,Round 2 · Workshop,repeats LAO-2,Lao PDR,,2 Principles,,Add a principle on sharing data.,,Open,,,,\r\n"
        "LAO-4,Round 2 · Workshop,new in this round,Lao PDR,,1 Background ¶1,,The census says seventy-five million.,"
        "“seventy million” → “seventy-five million”,Accepted,,,,2030-04-02\r\n"
        "LAO-5,Round 2 · Workshop,new in this round,Lao PDR,,2.1 Fish and fisheries ¶2,,Name each pool.,,"
        "Withdrawn by the stakeholder,,,,2030-03-25\r\n"
        ",,,Thailand,In the progress of reviewing (คุณสมชาย),,,,,,,,,\r\n"
        ",,,Cambodia,No reply yet,,,,,,,,,\r\n"
        ",,,Viet Nam,No reply yet,,,,,,,,,\r\n"
        "WWF-3,Round 2 · Workshop,repeats WWF-1,WWF,,General,,Fisheries deserve more weight.,,"
        "\"Noted\nWithdrawn by the stakeholder\",,,,2030-04-01\r\n")


def test_the_header_names_the_round_and_its_deadline(project: Path) -> None:
    header = text(render(project, "m.md")).split("\n")[2]
    assert header == ("Comments Matrix · Round 2 · Workshop · Mekong Water Strategy · version 2030-03 · "
                      "Comments until 2030-03-31 · Date 2030-06-01")
    first = text(render(project, "m1.md", "--round", "1")).split("\n")[2]
    assert first == "Comments Matrix · Round 1 · Mekong Water Strategy · version 2029-12 · Comments until 2030-01-31 · Date 2030-06-01"


def test_an_earlier_round_shows_its_own_rows_and_states(project: Path) -> None:
    rows = text(render(project, "m1.csv", "--round", "1", "--audience", "internal")).split("\r\n")
    assert [row.split(",")[:5] for row in rows[1:-1]] == [
        ["LAO-1", "Round 1", "", "Lao PDR", ""], ["LAO-2", "Round 1", "", "Lao PDR", ""],
        ["", "", "", "Thailand", "No comments (คุณสมชาย)"], ["", "", "", "Cambodia", "In the progress of reviewing"],
        ["", "", "", "Viet Nam", "No reply yet"], ["WWF-1", "Round 1", "", "WWF", ""], ["WWF-2", "Round 1", "", "WWF", ""]]


def test_all_rounds_have_a_round_column_and_say_what_repeats(project: Path) -> None:
    found = text(render(project, "all.md", "--round", "all"))
    lao = found[found.index("## Lao PDR"):found.index("## Thailand")]
    assert lao == (
        "## Lao PDR\n\n"
        "| No. | Round | Targeted Parts | Comments | Response |\n"
        "|---|---|---|---|---|\n"
        "| LAO-1 | Round 1 | 1 Background ¶1 | Say how many people.<br>“sixty million” → “seventy million” | **Accepted**<br>*2030-02-01* |\n"
        "| LAO-2 | Round 1 | 2 Principles | Add a principle on sharing data. | **Open** |\n"
        "| LAO-3 | Round 2 · Workshop | 2 Principles | *repeats LAO-2*<br>Add a principle on sharing data. | **Open** |\n"
        "| LAO-4 | Round 2 · Workshop | 1 Background ¶1 | *new in this round*<br>The census says seventy-five million.<br>"
        "“seventy million” → “seventy-five million” | **Accepted**<br>*2030-04-02* |\n"
        "| LAO-5 | Round 2 · Workshop | 2.1 Fish and fisheries ¶2 | *new in this round*<br>Name each pool. | "
        "*Withdrawn by the stakeholder*<br>*2030-03-25* |\n\n")
    assert found.split("\n")[2] == "Comments Matrix · All rounds · Mekong Water Strategy · Date 2030-06-01"
    assert "| comments | Accepted | Partially accepted | Rejected | Noted | Withdrawn by the stakeholder | Open |\n" \
           "|---:|---:|---:|---:|---:|---:|---:|\n| 8 | 2 | 1 | 0 | 2 | 1 | 2 |\n" in found


def test_all_rounds_by_section_name_each_target_as_its_round_had_it(project: Path) -> None:
    found = text(render(project, "s.csv", "--round", "all", "--by", "section"))
    targets = [row.split(",")[:6:5] for row in found.split("\r\n")[1:-1]]
    assert targets == [["WWF-1", "General"], ["WWF-3", "General"], ["LAO-1", "1 Background ¶1"],
                       ["LAO-4", "1 Background ¶1"], ["LAO-2", "2 Principles"], ["LAO-3", "2 Principles"],
                       ["WWF-2", "2.1 Fisheries ¶1"], ["LAO-5", "2.1 Fish and fisheries ¶2"]]
    headings = [line for line in text(render(project, "s.md", "--round", "all", "--by", "section")).split("\n")
                if line.startswith("## ")]
    assert headings == ["## General", "## 1 Background", "## 2 Principles", "## 2.1 Fish and fisheries"]


def test_a_withdrawn_comment_has_its_own_cell_in_html(project: Path) -> None:
    html = text(render(project, "m.html"))
    row = html[html.index('<tr class="row withdrawn">'):]
    row = row[:row.index("</tr>")]
    assert row.endswith('<td class="response">\n<div class="decision withdrawn"><span lang="en">Withdrawn by the stakeholder'
                        '</span></div>\n<div class="by">2030-03-25</div></td>\n')
    assert ".decision.withdrawn { color: var(--withdrawn); font-style: italic; }" in html
    # WWF-3's decision stands; the withdrawal is told under it.
    assert ('<div class="decision noted"><span lang="en">Noted</span></div>\n'
            '<div class="decision withdrawn"><span lang="en">Withdrawn by the stakeholder</span></div>') in html


def test_a_withdrawn_comment_has_its_own_style_in_docx(project: Path) -> None:
    document = Document(str(render(project, "m.docx", "--round", "all")))
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["Stakeholders", "No.", "Round", "Targeted Parts", "Comments",
                                                           "Response"]
    lao5 = next(row for row in table.rows if row.cells[1].text == "LAO-5")
    response = lao5.cells[5].paragraphs
    assert [(p.text, [run.style.name for run in p.runs]) for p in response] == [
        ("Withdrawn by the stakeholder", ["Decision Withdrawn"]), ("2030-03-25", ["Default Paragraph Font"])]
    assert [p.text for p in lao5.cells[4].paragraphs] == ["new in this round", "Name each pool."]
    assert [p.text for p in lao5.cells[2].paragraphs] == ["Round 2 · Workshop"]
    summary = document.paragraphs[3].text
    assert summary == "8 comments: Accepted 2 · Partially accepted 1 · Noted 2 · Withdrawn by the stakeholder 1 · Open 2"


def test_xlsx_has_the_round_columns_and_the_withdrawn_fill(project: Path) -> None:
    sheet = load_workbook(render(project, "m.xlsx", "--round", "all")).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("No.", "Round", "Since the previous round", "Stakeholders")
    fills = {row[0].value: row[9].fill.fgColor.rgb for row in sheet.iter_rows(min_row=2) if row[0].value}
    assert (fills["LAO-5"], fills["WWF-3"], fills["WWF-1"]) == ("00E8DFF0", "00EEEEEE", "00EEEEEE")
    assert [row[1] for row in rows[1:] if row[0]] == ["Round 1"] * 2 + ["Round 2 · Workshop"] * 3 + ["Round 1"] * 2 + [
        "Round 2 · Workshop"]


def test_the_synopsis_across_rounds_has_the_first_text_each_revision_and_its_comments(project: Path) -> None:
    assert text(render(project, "s.md", "--layout", "synopsis", "--round", "all")) == (
        "# Mekong Water Strategy\n\n"
        "Synopsis of changes · All rounds · Mekong Water Strategy · Date 2030-06-01\n\n"
        "| Where | Original text | Round | Revised text | Changed by |\n"
        "|---|---|---|---|---|\n"
        "| 1 Background ¶1 | The river feeds sixty million people. | Round 1 | The river feeds seventy million people. | "
        "**LAO-1** Lao PDR · Accepted |\n"
        "|  |  | Round 2 · Workshop | The river feeds seventy-five million people. | **LAO-4** Lao PDR · Accepted |\n"
        "| 2.1 Fisheries (new) | *(new)* | Round 1 | Protect the deep pools. | **WWF-2** WWF · Partially accepted |\n")
    assert text(render(project, "s.csv", "--layout", "synopsis", "--round", "all")) == (
        "Where,Original text,Round,Revised text,Changed by\r\n"
        "1 Background ¶1,The river feeds sixty million people.,Round 1,The river feeds seventy million people.,"
        "LAO-1 Lao PDR · Accepted\r\n"
        "1 Background ¶1,The river feeds sixty million people.,Round 2 · Workshop,"
        "The river feeds seventy-five million people.,LAO-4 Lao PDR · Accepted\r\n"
        "2.1 Fisheries (new),(new),Round 1,Protect the deep pools.,WWF-2 WWF · Partially accepted\r\n")


def test_the_synopsis_across_rounds_in_html_and_docx_spans_a_text_over_its_rounds(project: Path) -> None:
    html = text(render(project, "s.html", "--layout", "synopsis", "--round", "all"))
    assert '<td class="where" rowspan="2"><span class="l" lang="en">1 Background ¶1</span></td>' in html
    assert html.count('<td class="round">') == 3
    table = Document(str(render(project, "s.docx", "--layout", "synopsis", "--round", "all"))).tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Where", "Original text", "Round", "Revised text", "Changed by"],
        ["1 Background ¶1", "The river feeds sixty million people.", "Round 1",
         "The river feeds sixty millionseventy million people.", "LAO-1\nLao PDR\nAccepted"],
        ["1 Background ¶1", "The river feeds sixty million people.", "Round 2 · Workshop",
         "The river feeds seventy millionseventy-five million people.", "LAO-4\nLao PDR\nAccepted"],
        ["2.1 Fisheries (new)", "(new)", "Round 1", "Protect the deep pools.", "WWF-2\nWWF\nPartially accepted"]]


def test_the_synopsis_of_one_round_is_that_rounds_revision(project: Path) -> None:
    assert text(render(project, "s1.md", "--layout", "synopsis", "--round", "1")).split("\n")[4:] == [
        "| Where | Original text | Revised text | Changed by |",
        "|---|---|---|---|",
        "| 1 Background ¶1 | The river feeds sixty million people. | The river feeds seventy million people. | "
        "**LAO-1** Lao PDR · Accepted |",
        "| 2.1 Fisheries (new) | *(new)* | Protect the deep pools. | **WWF-2** WWF · Partially accepted |", ""]
    assert text(render(project, "s2.csv", "--layout", "synopsis")) == (
        "Where,Original text,Round,Revised text,Changed by\r\n"
        "1 Background ¶1,The river feeds seventy million people.,Round 2 · Workshop,"
        "The river feeds seventy-five million people.,LAO-4 Lao PDR · Accepted\r\n")


def test_the_round_words_are_chinese_in_chinese(project: Path) -> None:
    target = project / "build" / "zh.csv"
    result = CliRunner().invoke(app, ["render", "matrix", "-C", str(project), "--lang", "zh", "--round", "all",
                                      "-o", str(target)])
    assert result.exit_code == 0
    rows = [row.split(",") for row in text(target).split("\r\n")]
    assert rows[0][:3] == ["编号", "轮次", "与上一轮相比"]
    assert [row[:3] for row in rows if row[0] in ("LAO-1", "LAO-3", "LAO-4")] == [
        ["LAO-1", "第1轮", ""], ["LAO-3", "第2轮 · 研讨会", "重复LAO-2"], ["LAO-4", "第2轮 · 研讨会", "本轮新增"]]


def test_an_unknown_round_is_refused_with_the_rounds_there_are(project: Path) -> None:
    result = CliRunner().invoke(app, ["render", "matrix", "-C", str(project), "--round", "3", "-o", str(project / "x.md")])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("cm: there is no round '3' in cm.yaml (rounds: 1, 2)\n")
    assert not (project / "x.md").exists()


def test_a_one_round_project_counts_withdrawn_only_when_a_comment_is(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    files = replaced(SMALL, "comments/lao-pdr.yaml", "    target: principles\n", "    target: principles\n    withdrawn: true\n")
    for name, body in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(yaml(body), encoding="utf-8")
    found = text(render(tmp_path, "m.md"))
    assert "| comments | Accepted | Partially accepted | Rejected | Noted | Withdrawn by the stakeholder | Open |\n" \
           "|---:|---:|---:|---:|---:|---:|---:|\n| 4 | 1 | 1 | 0 | 1 | 1 | 0 |\n" in found
    assert "| LAO-2 | 2 Principles | Add a principle on sharing data. | *Withdrawn by the stakeholder* |\n" in found
    csv_header = text(render(tmp_path, "m.csv")).split("\r\n")[0]
    assert csv_header.startswith("No.,Stakeholders,State,")  # no round columns without rounds
    html = text(render(tmp_path, "m.html"))
    assert '<span class="k-withdrawn">' in html and "--withdrawn: #7a4e9c" in html
    xml = zipfile.ZipFile(io.BytesIO(render(tmp_path, "m.docx").read_bytes())).read("word/document.xml").decode("utf-8")
    assert re.search(r'<w:rStyle w:val="DecisionWithdrawn"/>.*?<w:t>Withdrawn by the stakeholder</w:t>', xml)


@pytest.mark.parametrize(("change", "words", "zh"), [
    (None, "repeats WWF-1", "重复WWF-1"),
    (("text: Fisheries deserve more weight.", "text: Fisheries deserve far more weight."), "revised from WWF-1", "修改自WWF-1"),
    (("    repeats: WWF-1\n", ""), "new in this round", "本轮新增"),
])
def test_a_later_rounds_comment_is_told_by_its_kind_and_the_comment_it_repeats(
        project: Path, change: tuple[str, str] | None, words: str, zh: str) -> None:
    from commentmatrix.read.loader import load_project
    from commentmatrix.views import matrix

    wwf = project / "comments" / "2" / "wwf.yaml"
    if change is not None:
        text = wwf.read_text(encoding="utf-8")
        assert change[0] in text
        wwf.write_text(text.replace(change[0], change[1]), encoding="utf-8")
    loaded = load_project(project)
    # The same words repeat WWF-1, other words revise it, no `repeats:` is new.
    later, earlier = loaded.comments_by_id["WWF-3"], loaded.comments_by_id["WWF-1"]
    assert matrix.carry_of(loaded, later, ("en", "zh")) == (("en", words), ("zh", zh))
    assert matrix.carry_of(loaded, earlier, ("en",)) == ()


def test_all_rounds_say_each_rounds_answer_to_its_responses(project: Path) -> None:
    """Across rounds a row's State is the answer to the responses of its own round, and the
    stakeholder's heading says every round's answer with its round; the summary lists every
    round's objection, as `cm status --round all` does. Before, the current round's answer stood
    beside round 1's rows too, and round 1's answers (WWF's objection with them) were lost."""
    for args in (["lao-pdr", "--agree", "--round", "1", "--date", "2030-02-10"],
                 ["lao-pdr", "--object", "--note", "Too few fish.", "--date", "2030-04-05"],
                 ["wwf", "--object", "--round", "1", "--note", "Weigh fisheries.", "--date", "2030-02-12"]):
        result = CliRunner().invoke(app, ["stakeholder", "ack", "-C", str(project), *args, "--lang", "en"]
                                    if "--note" in args else ["stakeholder", "ack", "-C", str(project), *args])
        assert result.exit_code == 0, result.output
    rows = text(render(project, "all.csv", "--round", "all")).split("\r\n")[1:-1]
    assert [row.split(",")[:5:4] for row in rows if not row.startswith(",")] == [
        ["LAO-1", "Agrees with the responses (2030-02-10)"],
        ["LAO-2", "Agrees with the responses (2030-02-10)"],
        ["LAO-3", "Objects to the responses (2030-04-05): Too few fish."],
        ["LAO-4", "Objects to the responses (2030-04-05): Too few fish."],
        ["LAO-5", "Objects to the responses (2030-04-05): Too few fish."],
        ["WWF-1", "Objects to the responses (2030-02-12): Weigh fisheries."],
        ["WWF-2", "Objects to the responses (2030-02-12): Weigh fisheries."],
        ["WWF-3", ""],
    ]
    found = text(render(project, "all.md", "--round", "all"))
    assert found[found.index("## Lao PDR"):].split("\n")[:3] == [
        "## Lao PDR", "*Round 1 · Agrees with the responses (2030-02-10) / "
        "Round 2 · Workshop · Objects to the responses (2030-04-05): Too few fish.*", ""]
    summary = text(render(project, "summary.md", "--round", "all", "--layout", "summary"))
    assert summary[summary.index("## Objections"):].split("\n")[:5] == [
        "## Objections", "",
        "- **Lao PDR**: Round 2 · Workshop · Objects to the responses (2030-04-05): Too few fish.",
        "- **WWF**: Round 1 · Objects to the responses (2030-02-12): Weigh fisheries.", ""]
    # One round's matrix says its own answer, without the round (the header names it).
    one = text(render(project, "one.md"))
    assert one[one.index("## Lao PDR"):].split("\n")[:2] == [
        "## Lao PDR", "*Objects to the responses (2030-04-05): Too few fish.*"]
