"""Two rounds of the Lancang-Mekong consultation, through the command line only, as a secretariat
runs them: round 1 takes Viet Nam's reviewed Word copy and Myanmar's filled table and decides
them; `cm round start` opens round 2 on the revised text; Viet Nam's round-2 copy repeats its
rejected comment word for word and the delegation withdraws another; Lao PDR sends a new one.
Then the record: validation, status per round and in all, the classification, a suspect
response after the decided paragraph is edited, and the matrix with its round column."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import copy_example
from reviewing import Reviewer
from typer.testing import CliRunner

from commentmatrix.cli import app

REJECTED = "Say which existing mechanisms are meant."


def cm(root: Path, *args: str):
    return CliRunner().invoke(app, [*args, "-C", str(root)])


def ok(root: Path, *args: str) -> str:
    result = cm(root, *args)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout


def project_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] in ("cm.yaml", "drafts", "comments")}


@pytest.fixture
def consultation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("CM_CACHE_DIR", "off")
    root = copy_example(tmp_path / "lmec")
    # Round 1: Viet Nam's Word copy, a comment and a tracked change.
    ok(root, "export", "review-copy")
    reviewer = Reviewer(root / "build" / "lmec-2017-08-review-copy.docx")
    reviewer.comment("cm_principles_14__en", "existing regional cooperation mechanism", REJECTED)
    reviewer.comment("cm_principles_15__en", "equal dialogues", "Dialogue should include local communities.")
    reviewer.replace("cm_principles_11__en", "secular", "long-term")
    copy_1 = reviewer.save(tmp_path / "viet-nam-round-1.docx")
    assert "Added 3 comments" in ok(root, "import", "docx", str(copy_1), "-s", "viet-nam")
    # ... and Myanmar's table, filled in by hand.
    table = tmp_path / "myanmar.csv"
    with table.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Paragraph", "Comment"])
        writer.writerow(["principles.6", "Name the private sector's role."])
    assert "Added 1 comment" in ok(root, "import", "table", str(table), "-s", "myanmar")
    # In the copy's order: the tracked change (VIET-NAM-1), then the two Word comments.
    # The Chinese says 长期性 (long-term) already: only the English changes.
    ok(root, "respond", "VIET-NAM-1", "-d", "accepted", "--date", "2017-10-01", "--single-language")
    ok(root, "respond", "VIET-NAM-2", "-d", "rejected", "-n", "The mechanisms are listed in the annex.", "--date", "2017-10-01")
    ok(root, "respond", "VIET-NAM-3", "-d", "noted", "-n", "Local communities are in 5.3.", "--date", "2017-10-01")
    ok(root, "respond", "MYANMAR-1", "-d", "noted", "-n", "The work plan sets roles.", "--date", "2017-10-02")
    assert ok(root, "validate").startswith("No problems")
    ok(root, "round", "start", "2", "--version", "2017-12", "--deadline", "2018-01-31", "--opened", "2017-12-01",
       "--today", "2017-11-15")
    return root, copy_1


def test_two_rounds_through_the_command_line(consultation: tuple[Path, Path], tmp_path: Path) -> None:
    root, copy_1 = consultation
    # The round started cleanly: round 1's files stay where they are, on round 1's draft.
    assert ok(root, "validate").startswith("No problems")
    listed = ok(root, "round", "list").splitlines()
    assert listed[1].split()[:5] == ["1", "lmec-2017-08", "-", "2017-09-10", "2017-11-15"]
    assert listed[2].split()[:5] == ["*", "2", "lmec-2017-12", "2017-12-01", "2018-01-31"]

    # Round 2: Viet Nam's copy shows how it was answered, and repeats the rejected comment.
    ok(root, "export", "review-copy", "--changes-since", "1")
    reviewer = Reviewer(root / "build" / "lmec-2017-12-review-copy.docx")
    reviewer.comment("cm_principles_14__en", "existing regional cooperation mechanism", REJECTED)
    copy_2 = reviewer.save(tmp_path / "viet-nam-round-2.docx")
    imported = ok(root, "import", "docx", str(copy_2), "-s", "viet-nam")
    assert "VIET-NAM-4 looks like VIET-NAM-2 of round 1 (100% alike, rejected there)" in imported
    assert "comments/2/viet-nam.yaml" in imported
    ok(root, "repeats", "VIET-NAM-4", "VIET-NAM-2")
    ok(root, "withdraw", "VIET-NAM-3", "--date", "2017-12-20")
    ok(root, "add", "lao-pdr", "--target", "principles.5", "--text", "Name the Mekong River Commission here.", "--lang", "en")
    # The round-1 copy imported again adds nothing, anywhere.
    before = project_bytes(root)
    assert ok(root, "import", "docx", str(copy_1), "-s", "viet-nam").endswith("Added 0 comments\n")
    assert project_bytes(root) == before
    assert ok(root, "validate").startswith("No problems")

    # Status: round 2 by default, round 1 and all rounds on request.
    now = json.loads(ok(root, "status", "--json", "--today", "2018-01-10"))
    states = {s["id"]: s["state"] for s in now["stakeholders"]}
    assert (now["round"], states["viet-nam"], states["lao-pdr"], states["cambodia"]) == ("2", "submitted", "submitted", "pending")
    assert (now["totals"]["comments"], now["totals"]["open"]) == (2, 2)
    first = json.loads(ok(root, "status", "--json", "--round", "1", "--today", "2018-01-10"))
    assert (first["totals"]["comments"], first["totals"]["open"], first["totals"]["withdrawn"]) == (26, 0, 0)
    assert first["totals"]["noted"] == 3 and first["totals"]["rejected"] == 1
    every = json.loads(ok(root, "status", "--json", "--round", "all", "--today", "2018-01-10"))
    assert [(r["id"], r["totals"]["comments"]) for r in every["rounds"]] == [("1", 26), ("2", 2)]

    # What became of each stakeholder's round-1 comments.
    compared = json.loads(ok(root, "diff", "--rounds", "1", "2", "--format", "json"))
    text = json.dumps(compared)
    for expected in ("VIET-NAM-4", "VIET-NAM-2", "repeated", "withdrawn", "resolved", "new"):
        assert expected in text

    # A decision records the text it stands on; a later edit of that paragraph makes it suspect.
    ok(root, "respond", "LAO-11", "-d", "rejected", "-n", "The Commission is named in 6.", "--date", "2018-01-12")
    draft = root / "drafts" / "lmec-2017-12.yaml"
    words = draft.read_text(encoding="utf-8")
    assert words.count("equal dialogues and cooperation") == 1
    draft.write_text(words.replace("equal dialogues and cooperation", "equal dialogues and joint cooperation"), encoding="utf-8")
    report = cm(root, "validate", "--strict")
    assert report.exit_code == 1
    assert report.stdout.splitlines()[0].endswith(
        "[warning] comment LAO-11: the response is suspect: the text of principles.5 in draft lmec-2017-12 "
        "changed after the decision (suspect-response)")
    # Round 1's answer to Viet Nam on the same paragraph stood on the text round 2 sent out: suspect too.
    suspect = json.loads(ok(root, "status", "--json", "--today", "2018-01-13"))["suspect"]
    assert [(item["id"], item["reason"]) for item in suspect] == [
        ("LAO-11", "the text of principles.5 in draft lmec-2017-12 changed after the decision"),
        ("VIET-NAM-3", "round 2's draft lmec-2017-12 changed principles.5 after the decision")]
    # Someone reads the new wording: both answers still hold.
    assert ok(root, "respond", "LAO-11", "--confirm") == f"LAO-11: confirmed ({root}/comments/2/lao-pdr.yaml)\n"
    assert ok(root, "respond", "VIET-NAM-3", "--confirm") == f"VIET-NAM-3: confirmed ({root}/comments/viet-nam.yaml)\n"
    assert ok(root, "validate", "--strict").startswith("No problems")

    # The published record: every round's rows, with the round and what each repeats.
    ok(root, "render", "matrix", "--round", "all", "--lang", "en", "-o", str(root / "build" / "matrix.csv"))
    with (root / "build" / "matrix.csv").open(encoding="utf-8-sig") as rows:
        table = list(csv.DictReader(rows))
    by_id = {row["No."]: row for row in table if row.get("No.")}
    assert by_id["VIET-NAM-2"]["Round"] == "Round 1" and by_id["VIET-NAM-4"]["Round"] == "Round 2"
    assert "repeats VIET-NAM-2" in by_id["VIET-NAM-4"]["Since the previous round"]
    assert "Withdrawn" in json.dumps(by_id["VIET-NAM-3"], ensure_ascii=False)
