"""`cm group` through the CLI: near-identical comments put under one lead (one line added per
member, every other byte kept), each bad input refused with nothing written, the group counted
and published once, `cm respond MEMBER` refused, and `cm import` naming likely duplicates."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commentmatrix.cli import app

LAO_3 = """\
  - id: LAO-3
    target: principles.2
    text: {en: Say non-governmental organizations in full., zh: 请写出非政府组织的全称。}
    proposal:
      - replace: NGOs
        with: non-governmental organizations
        lang: en
"""

TNC_2 = """\
  - id: TNC-2
    target: principles.2
    text: Say non-governmental organizations in full, please.  # from the e-mail
    proposal:
      - replace: NGOs
        with: non-governmental organizations
        lang: en

# TNC's second letter follows.
"""

VIET_NAM = """\
stakeholder: viet-nam
comments:
  - id: VN-1
    target: principles.2
    text: {en: Spell out NGOs., zh: 写出非政府组织全称。}
"""


def cm(root: Path, *args: str):
    here = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(app, [*args, "--project", str(root)], env={"CM_TODAY": "2030-01-20", "COLUMNS": "200"})
    finally:
        os.chdir(here)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "build" not in p.parts}


@pytest.fixture
def project(base: Path) -> Path:
    with open(base / "comments" / "lao-pdr.yaml", "a", encoding="utf-8") as stream:
        stream.write(LAO_3)
    with open(base / "comments" / "tnc.yaml", "a", encoding="utf-8") as stream:
        stream.write(TNC_2)
    (base / "comments" / "viet-nam.yaml").write_text(VIET_NAM, encoding="utf-8")
    assert cm(base, "validate").exit_code == 0
    return base


def test_group_writes_one_line_on_each_member_and_nothing_else(project: Path):
    before = snapshot(project)
    result = cm(project, "group", "LAO-3", "TNC-2", "VN-1")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "TNC-2, VN-1: answered by LAO-3 (comments/tnc.yaml, comments/viet-nam.yaml)\n", "")
    after = snapshot(project)
    assert {name for name in before if after[name] != before[name]} == {"comments/tnc.yaml", "comments/viet-nam.yaml"}
    # The comment lines after the member (the next letter's heading) stay below the new line.
    assert after["comments/tnc.yaml"] == before["comments/tnc.yaml"].replace(
        b"        lang: en\n\n# TNC", b"        lang: en\n    group: LAO-3\n\n# TNC")
    assert after["comments/viet-nam.yaml"] == before["comments/viet-nam.yaml"] + b"    group: LAO-3\n"
    assert cm(project, "validate").stdout == "No problems: 5 files checked.\n"


def test_lead_option_and_clear_undo_the_group_byte_for_byte(project: Path):
    before = snapshot(project)
    result = cm(project, "group", "TNC-2", "VN-1", "--lead", "LAO-3")
    assert (result.exit_code, result.stdout) == (0, "TNC-2, VN-1: answered by LAO-3 (comments/tnc.yaml, comments/viet-nam.yaml)\n")
    # Ungrouping the lead takes its whole group apart.
    result = cm(project, "group", "--clear", "LAO-3")
    assert (result.exit_code, result.stdout) == (0, "TNC-2, VN-1: in no group (comments/tnc.yaml, comments/viet-nam.yaml)\n")
    assert snapshot(project) == before


def refused(root: Path, *args: str) -> tuple[int, str]:
    before = snapshot(root)
    result = cm(root, *args)
    assert snapshot(root) == before, "a refused cm group wrote a file"
    return result.exit_code, result.stderr


def test_an_unknown_id_is_refused_with_the_closest_and_nothing_written(project: Path):
    assert refused(project, "group", "LAO-3", "TNC-22") == (2, "cm: there is no comment 'TNC-22'\n    hint: did you mean 'TNC-2'?\n")


def test_one_comment_alone_is_no_group(project: Path):
    code, stderr = refused(project, "group", "LAO-3")
    assert (code, stderr.splitlines()[0]) == (
        2, "cm: give at least two comments: cm group LEAD MEMBER... (the first is the lead, or name it with --lead)")


def test_a_member_decided_otherwise_than_the_lead_is_refused_with_the_way_out(project: Path):
    assert cm(project, "respond", "LAO-3", "--decision", "accepted").exit_code == 0
    assert cm(project, "respond", "TNC-2", "--decision", "rejected", "--note", "No.").exit_code == 0
    assert refused(project, "group", "LAO-3", "TNC-2") == (1, (
        "cm: comment TNC-2 is already rejected, and LAO-3 accepted: a group has one decision, the lead's\n"
        "    hint: delete TNC-2's response if LAO-3's answers it, then group them; or keep the two apart and answer each\n"))


def test_a_decided_member_of_an_undecided_lead_is_told_to_lead(project: Path):
    assert cm(project, "respond", "TNC-2", "--decision", "accepted").exit_code == 0
    assert refused(project, "group", "LAO-3", "TNC-2") == (1, (
        "cm: comment TNC-2 has a response of its own (accepted): in a group only the lead's response answers\n"
        "    hint: make it the lead: run the same cm group with --lead TNC-2\n"))


def test_a_member_that_leads_another_group_is_refused(project: Path):
    assert cm(project, "group", "TNC-2", "VN-1").exit_code == 0
    assert refused(project, "group", "LAO-3", "TNC-2") == (1, (
        "cm: comment TNC-2 leads a group of its own (VN-1), so it cannot join the group of LAO-3\n"
        "    hint: put them all under one lead: cm group LAO-3 TNC-2 VN-1\n"))
    assert refused(project, "group", "VN-1", "LAO-3") == (1, (
        "cm: comment VN-1 is itself in the group of TNC-2, so it cannot lead one\n"
        "    hint: put them all in that group: cm group TNC-2 LAO-3\n"))


def _viet_nam_in_round_2(project: Path) -> None:
    """Two rounds, the second on a copy of the draft, with Viet Nam's file in round 2."""
    config = (project / "cm.yaml").read_text(encoding="utf-8").replace(
        "draft: d1\ndeadline: 2030-01-31\n", 'rounds:\n  - id: "1"\n    draft: d1\n  - id: "2"\n    draft: d2\n')
    (project / "cm.yaml").write_text(config, encoding="utf-8")
    draft = (project / "drafts" / "d1.yaml").read_text(encoding="utf-8").replace("id: d1", "id: d2")
    (project / "drafts" / "d2.yaml").write_text(draft, encoding="utf-8")
    (project / "comments" / "2").mkdir()
    (project / "comments" / "viet-nam.yaml").rename(project / "comments" / "2" / "viet-nam.yaml")
    assert cm(project, "validate").exit_code == 0


def test_a_group_across_rounds_is_refused(project: Path):
    _viet_nam_in_round_2(project)
    assert refused(project, "group", "LAO-3", "VN-1", "TNC-2") == (1, (
        "cm: LAO-3 is in round 1, but VN-1 (round 2) not: a group is answered once, in one round\n"
        "    hint: for a comment raised again from an earlier round, say so instead: cm repeats VN-1 OLD\n"))


def test_respond_to_a_member_is_refused_and_points_at_the_lead(project: Path):
    assert cm(project, "group", "LAO-3", "TNC-2").exit_code == 0
    code, stderr = refused(project, "respond", "TNC-2", "--decision", "accepted")
    assert (code, stderr.splitlines()) == (1, [
        "cm: the change would make the project invalid, so nothing was written",
        "comments/tnc.yaml:19:17: [error] comment TNC-2 is answered by its group's lead LAO-3, "
        "but has a decision of its own (accepted) (group-member-decided)",
        "    hint: answer the group on its lead (cm respond LAO-3) and delete TNC-2's response, "
        "or take it out of the group: cm group --clear TNC-2"])


def test_status_counts_the_group_with_its_leads_decision(project: Path):
    assert cm(project, "group", "LAO-3", "TNC-2", "VN-1").exit_code == 0
    assert cm(project, "respond", "LAO-3", "--decision", "accepted", "--note", "Done.").exit_code == 0
    status = json.loads(cm(project, "status", "--json").stdout)
    assert status["totals"] == {"comments": 6, "accepted": 4, "partially": 0, "rejected": 0, "noted": 1, "withdrawn": 0,
                                "open": 1, "decided_without_edits": 0}
    assert {s["id"]: (s["accepted"], s["open"]) for s in status["stakeholders"]} == {
        "lao-pdr": (2, 1), "tnc": (1, 0), "viet-nam": (1, 0)}
    assert [item["id"] for item in status["open_items"]] == ["LAO-2"]


def test_the_matrix_shows_the_shared_decision_and_see_the_lead_on_each_member(project: Path, tmp_path: Path):
    assert cm(project, "group", "LAO-3", "TNC-2").exit_code == 0
    assert cm(project, "respond", "LAO-3", "--decision", "accepted", "--note", "Done.").exit_code == 0
    output = tmp_path / "matrix.csv"
    assert cm(project, "render", "matrix", "-f", "csv", "-o", str(output)).exit_code == 0
    with open(output, encoding="utf-8") as stream:
        rows = {row["No. / 编号"]: row for row in csv.DictReader(stream)}
    assert (rows["LAO-3"]["Decision / 决定"], rows["LAO-3"]["Note / 说明"]) == ("Accepted\n采纳", "Done.")
    assert (rows["TNC-2"]["Decision / 决定"], rows["TNC-2"]["Note / 说明"]) == ("Accepted\n采纳", "see LAO-3\n见LAO-3")
    markdown = tmp_path / "matrix.md"
    assert cm(project, "render", "matrix", "-f", "md", "--lang", "zh", "-o", str(markdown)).exit_code == 0
    assert [line for line in markdown.read_text(encoding="utf-8").splitlines() if line.startswith("| TNC-2")] == [
        "| TNC-2 | 2 原则 第2段 | Say non-governmental organizations in full, please.<br>“NGOs” → “non-governmental organizations” "
        "| **采纳**<br>见LAO-3 |"]


def test_the_revised_draft_has_the_leads_edit_once(project: Path, tmp_path: Path):
    assert cm(project, "group", "LAO-3", "TNC-2").exit_code == 0
    assert cm(project, "respond", "LAO-3", "--decision", "accepted", "--single-language").exit_code == 0
    assert cm(project, "validate").stdout == "No problems: 5 files checked.\n"
    output = tmp_path / "draft.yaml"
    assert cm(project, "render", "draft", "--format", "yaml", "--id", "d2", "--version", "2", "-o", str(output)).exit_code == 0
    revised = output.read_text(encoding="utf-8")
    assert revised.count("non-governmental organizations") == 1 and "NGOs" not in revised


def test_import_table_names_a_likely_duplicate_of_another_stakeholder(project: Path, tmp_path: Path):
    path = tmp_path / "letter.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([["Targeted Parts", "Comments"],
                                      ["principles.2", "Please say non-governmental organisations in full."]])
    result = cm(project, "import", "table", str(path), "-s", "viet-nam", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        "    VN-2 reads like LAO-3 (Lao PDR, 90% alike): if they say the same, run: cm group LAO-3 VN-2")


def test_a_group_with_a_later_lead_names_the_lead_in_the_hint(project: Path):
    # The hint named the member of the earlier round as the one raised again: `cm repeats
    # LAO-3 OLD`, for a round-1 comment that repeats nothing.
    _viet_nam_in_round_2(project)
    assert refused(project, "group", "VN-1", "LAO-3") == (1, (
        "cm: VN-1 is in round 2, but LAO-3 (round 1) not: a group is answered once, in one round\n"
        "    hint: for a comment raised again from an earlier round, say so instead: cm repeats VN-1 OLD\n"))
