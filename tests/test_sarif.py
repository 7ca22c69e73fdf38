"""cm validate --format sarif: SARIF 2.1.0 that code scanning accepts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.model.diagnostics import error, warning
from commentmatrix.render.diagnostics import format_sarif

ROOT = Path(__file__).resolve().parents[1]


def test_sarif_of_a_typo_in_a_target(tmp_path, monkeypatch):
    for part in ("cm.yaml", "drafts", "comments"):
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, tmp_path / part)
    path = tmp_path / "comments" / "sei.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("target: ", "target: x", 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "--format", "sarif"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["version"] == "2.1.0"
    assert document["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    run = document["runs"][0]
    assert run["tool"]["driver"]["rules"] == [
        {"id": "unknown-target", "name": "unknown-target",
         "shortDescription": {"text": "cm rule unknown-target (see docs/rules.md)"}}]
    [result_] = run["results"]
    fingerprint = result_.pop("partialFingerprints")
    assert list(fingerprint) == ["commentmatrix/v1"] and len(fingerprint["commentmatrix/v1"]) == 32
    target = json.loads(json.dumps(result_))
    message = target["message"]["text"]
    assert target == {
        "ruleId": "unknown-target", "ruleIndex": 0, "level": "error", "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "comments/sei.yaml", "uriBaseId": "%SRCROOT%"},
                                            "region": {"startLine": 12, "startColumn": 13}}}],
    }
    assert message == "target 'xpriority-areas' is not in draft lmec-2017-08\nhint: did you mean 'priority-areas'?"


def test_sarif_fingerprints_follow_the_problem_not_the_line():
    a = error("comments/a.yaml", 3, 5, "unknown-target", "target 'p.7' is not in draft d")
    moved = error("comments/a.yaml", 9, 5, "unknown-target", "target 'p.7' is not in draft d")
    twice = [a, error("comments/a.yaml", 12, 5, "unknown-target", "target 'p.7' is not in draft d")]

    def prints(diagnostics):
        return [r["partialFingerprints"]["commentmatrix/v1"] for r in json.loads(format_sarif(diagnostics, 1))["runs"][0]["results"]]

    assert prints([a]) == prints([moved])
    assert len(set(prints(twice))) == 2


def test_sarif_whole_file_problems_sit_on_line_1_and_warnings_are_warnings():
    diagnostics = [error("comments/b c.yaml", 0, 0, "empty-file", "the file is empty", "add fields"),
                   warning("/abs/cm.yaml", 2, 1, "late", "after the deadline")]
    results = json.loads(format_sarif(diagnostics, 2))["runs"][0]["results"]
    assert [(r["level"], r["message"]["text"], r["locations"][0]["physicalLocation"]) for r in results] == [
        ("error", "the file is empty\nhint: add fields",
         {"artifactLocation": {"uri": "comments/b%20c.yaml", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 1}}),
        ("warning", "after the deadline",
         {"artifactLocation": {"uri": "file:///abs/cm.yaml"}, "region": {"startLine": 2, "startColumn": 1}}),
    ]


def test_sarif_of_a_clean_project_has_no_results():
    document = json.loads(format_sarif([], 9))
    assert document["runs"][0]["results"] == [] and document["runs"][0]["tool"]["driver"]["rules"] == []
