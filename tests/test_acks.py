"""cm stakeholder ack through the CLI: a round's acknowledgement and objections to single
responses, byte-exact, refused without writing; and where they show: cm status, its JSON, the matrix."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commentmatrix.cli import app

TODAY = "2017-09-20"
ACK = "acknowledgement:\n  answer: agree\n  date: 2017-09-20\n  note: Fine\n  by: Mr. Phoukhong\n"


def cm(root: Path, *args: str, columns: str = "100"):
    here = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(app, [*args, "--project", str(root)], env={"CM_TODAY": TODAY, "COLUMNS": columns})
    finally:
        os.chdir(here)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "build" not in p.parts}


def test_ack_writes_the_acknowledgement_above_the_comments(example: Path):
    before = snapshot(example)
    result = cm(example, "stakeholder", "ack", "lao-pdr", "--agree", "--note", "Fine", "--by", "Mr. Phoukhong")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "lao-pdr: agrees with the responses of round 1 (comments/lao-pdr.yaml)\n", "")
    after = snapshot(example)
    assert {name for name in after if after[name] != before[name]} == {"comments/lao-pdr.yaml"}
    old = before["comments/lao-pdr.yaml"].decode()
    assert after["comments/lao-pdr.yaml"].decode() == old.replace("state: submitted\n", "state: submitted\n" + ACK, 1)


def test_a_second_answer_replaces_the_first_and_a_note_in_another_language_joins(example: Path):
    assert cm(example, "stakeholder", "ack", "lao-pdr", "--object", "--note", "No", "--date", "2017-09-18").exit_code == 0
    assert cm(example, "stakeholder", "ack", "lao-pdr", "--agree", "--note", "Fine").exit_code == 0
    assert cm(example, "stakeholder", "ack", "lao-pdr", "--agree", "--note", "同意", "--lang", "zh").exit_code == 0
    text = (example / "comments" / "lao-pdr.yaml").read_text(encoding="utf-8")
    assert "acknowledgement:\n  answer: agree\n  date: 2017-09-20\n  note:\n    en: Fine\n    zh: 同意\ncomments:\n" in text
    assert text.count("acknowledgement:") == 1 and "No" not in text.split("comments:")[0]


def test_objection_to_single_comments_and_agree_clears_it(example: Path):
    before = snapshot(example)
    result = cm(example, "stakeholder", "ack", "sei", "--object", "--comment", "SEI-1", "--comment", "SEI-3",
                "--note", "Targets are missing")
    assert (result.exit_code, result.stdout) == (0, "sei: objects to SEI-1, SEI-3 (comments/sei.yaml)\n")
    old, new = before["comments/sei.yaml"].decode(), (example / "comments" / "sei.yaml").read_text(encoding="utf-8")
    added = "    objection:\n      date: 2017-09-20\n      note: Targets are missing\n"
    assert new.count(added) == 2 and new.replace(added, "") == old
    result = cm(example, "stakeholder", "ack", "sei", "--agree", "--comment", "SEI-1", "--comment", "SEI-3")
    assert (result.exit_code, result.stdout) == (0, "sei: no objection to SEI-1, SEI-3 (comments/sei.yaml)\n")
    assert snapshot(example) == before


@pytest.mark.parametrize(("args", "code", "message"), [
    (("lao-pdr",), 2, "cm: say what the stakeholder answered: --agree or --object"),
    (("lao-pdr", "--agree", "--object"), 2, "cm: say what the stakeholder answered: --agree or --object"),
    (("laos", "--agree"), 2, "cm: 'laos' is not in the roster of stakeholders in cm.yaml"),
    (("viet-nam", "--agree"), 1, "cm: 'viet-nam' has no comment file in round 1: it sent no comments there, "
                                 "so there are no responses for it to answer"),
    (("sei", "--object", "--comment", "LAO-1"), 1, "cm: comment LAO-1 is lao-pdr's, not sei's"),
    (("sei", "--object", "--comment", "SEI-9"), 2, "cm: there is no comment 'SEI-9'"),
    (("sei", "--agree", "--comment", "SEI-1", "--note", "x"), 2,
     "cm: --agree with --comment removes the objection; it takes no --note, --lang or --date"),
    (("sei", "--object", "--comment", "SEI-1", "--by", "x"), 2,
     "cm: --by goes with the answer to the whole round, not with --comment"),
    (("sei", "--object", "--note", "x", "--lang", "fr"), 2, "cm: language 'fr' is not in cm.yaml's languages (en, zh)"),
    (("sei", "--agree", "--round", "2"), 2, "cm: there is no round '2'"),
])
def test_ack_refusals_write_nothing(example: Path, args, code, message):
    before = snapshot(example)
    result = cm(example, "stakeholder", "ack", *args)
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr.splitlines()[0].startswith(message), result.stderr
    assert snapshot(example) == before


def test_an_open_comment_has_no_response_to_object_to(example: Path):
    assert cm(example, "add", "sei", "-t", "general", "--text", "More").exit_code == 0
    before = snapshot(example)
    result = cm(example, "stakeholder", "ack", "sei", "--object", "--comment", "SEI-6")
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        1, "cm: comment SEI-6 has no decision yet: there is no response to object to")
    assert snapshot(example) == before


def _answered(example: Path) -> None:
    assert cm(example, "stakeholder", "ack", "lao-pdr", "--agree", "--note", "Fine").exit_code == 0
    assert cm(example, "stakeholder", "ack", "ci", "--object", "--note", "Too vague", "--date", "2017-09-19").exit_code == 0
    assert cm(example, "stakeholder", "ack", "sei", "--object", "--comment", "SEI-1", "--note", "No targets").exit_code == 0


def test_status_lists_objections_and_answers(example: Path):
    _answered(example)
    out = cm(example, "status", columns="80").stdout
    assert out[out.index("2 objection(s)"):].splitlines() == [
        "2 objection(s) from the stakeholders:",
        "  ci to the responses (2017-09-19): Too vague",
        "  sei to SEI-1 (2017-09-20): No targets"]
    rows = {line.split()[0]: line.split()[-1] for line in out.splitlines() if line.startswith(" ") and "submitted" in line}
    assert (rows["Lao"], rows["Conservation"], rows["Stockholm"]) == ("agreed", "objected", "yet")
    report = json.loads(cm(example, "status", "--json").stdout)
    by_id = {s["id"]: s for s in report["stakeholders"]}
    assert by_id["lao-pdr"]["acknowledged"] == "agreed"
    assert by_id["lao-pdr"]["acknowledgement"] == {"answer": "agree", "date": "2017-09-20", "note": "Fine", "by": None}
    assert by_id["sei"]["acknowledged"] == "not yet"
    assert report["objections"] == [
        {"stakeholder": "ci", "round": "1", "comment": None, "date": "2017-09-19", "note": "Too vague",
         "file": "comments/ci.yaml", "line": 7},
        {"stakeholder": "sei", "round": "1", "comment": "SEI-1", "date": "2017-09-20", "note": "No targets",
         "file": "comments/sei.yaml", "line": 19}]


def test_the_matrix_shows_objections_and_answers(example: Path, tmp_path: Path):
    _answered(example)
    output = tmp_path / "matrix.md"
    assert cm(example, "render", "matrix", "-o", str(output)).exit_code == 0
    text = output.read_text(encoding="utf-8")
    assert "## Lao PDR / 老挝\n*Agrees with the responses (2017-09-20): Fine / 同意上述回应 (2017-09-20): Fine*\n" in text
    sei_1 = next(line for line in text.splitlines() if line.startswith("| SEI-1 |"))
    assert sei_1.endswith("<br>*Objected by the stakeholder (2017-09-20): No targets / 该方提出异议 (2017-09-20): No targets* |")
    assert sum("Objected by the stakeholder" in line for line in text.splitlines()) == 1
    html = tmp_path / "matrix.html"
    assert cm(example, "render", "matrix", "-o", str(html), "--lang", "zh").exit_code == 0
    assert '<div class="objection"><span class="l" lang="zh">该方提出异议 (2017-09-20): No targets</span></div>' in \
        html.read_text(encoding="utf-8")


def test_the_matrix_without_answers_is_as_it_was(example: Path, tmp_path: Path):
    before = tmp_path / "before.md"
    assert cm(example, "render", "matrix", "-o", str(before)).exit_code == 0
    assert "Objected" not in before.read_text(encoding="utf-8") and "Agrees" not in before.read_text(encoding="utf-8")
