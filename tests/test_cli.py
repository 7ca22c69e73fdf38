"""The CLI as a user meets it: exit codes, formats, project lookup, a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from commentmatrix.cli import app


def test_validate_example_is_clean(runner, monkeypatch):
    monkeypatch.chdir(REPO)
    result = runner.invoke(app, ["validate", "--strict"])
    assert (result.exit_code, result.stdout) == (0, "No problems: 9 files checked.\n")


def test_project_is_found_from_a_subfolder(base, runner, monkeypatch):
    monkeypatch.chdir(base / "comments")
    result = runner.invoke(app, ["validate"])
    assert (result.exit_code, result.stdout) == (0, "No problems: 4 files checked.\n")


def test_edits_from_a_subfolder_name_files_as_validate_does(base, runner, monkeypatch):
    monkeypatch.chdir(base / "comments")
    result = runner.invoke(app, ["respond", "TNC-1", "-d", "accepted", "-n", "en=Added.", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "(would change tnc.yaml)" in result.stdout
    assert str(base) not in result.output
    result = runner.invoke(app, ["respond", "TNC-1", "-d", "accepted", "-n", "en=Added."])
    assert result.exit_code == 0, result.output
    assert "tnc.yaml" in result.stdout and str(base) not in result.output


def test_no_project_is_a_usage_error(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"cm: no cm.yaml in {tmp_path.resolve()} or any folder above it")


def test_bad_option_is_a_usage_error(base, runner, monkeypatch):
    monkeypatch.chdir(base)
    result = runner.invoke(app, ["validate", "--format", "xml"])
    assert result.exit_code == 2


def _break_target(base: Path) -> None:
    path = base / "comments" / "tnc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("target: general", "target: principles.9"), encoding="utf-8")


def test_validate_json_format(base, runner, monkeypatch):
    _break_target(base)
    monkeypatch.chdir(base)
    result = runner.invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "version": 1, "files": 4, "errors": 1, "warnings": 0,
        "diagnostics": [{"path": "comments/tnc.yaml", "line": 5, "column": 13, "severity": "error",
                         "rule": "unknown-target", "message": "target 'principles.9' is not in draft d1",
                         "hint": "did you mean 'principles.2'?"}],
    }


def test_validate_github_format_annotates_the_line_and_writes_the_summary(base, runner, monkeypatch, tmp_path):
    _break_target(base)
    summary = tmp_path / "summary.md"
    monkeypatch.chdir(base)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = runner.invoke(app, ["validate", "--format", "github"])
    assert result.exit_code == 1
    token = result.stdout.splitlines()[1].removeprefix("::stop-commands::")
    assert result.stdout.splitlines() == [
        "::error file=comments/tnc.yaml,line=5,col=13,title=cm unknown-target::"
        "target 'principles.9' is not in draft d1%0Ahint: did you mean 'principles.2'?",
        f"::stop-commands::{token}",
        "comments/tnc.yaml:5:13: [error] target 'principles.9' is not in draft d1 (unknown-target)",
        "    hint: did you mean 'principles.2'?",
        "1 error, 0 warnings (4 files checked).",
        f"::{token}::",
    ]
    assert "| `comments/tnc.yaml:5:13` | error | unknown-target |" in summary.read_text(encoding="utf-8")


def test_paths_are_shown_relative_to_where_cm_runs(base, runner, monkeypatch):
    _break_target(base)
    monkeypatch.chdir(base.parent)
    result = runner.invoke(app, ["validate", "--project", "project"])
    assert result.stdout.splitlines()[0].startswith("project/comments/tnc.yaml:5:13: [error]")


def test_warnings_pass_unless_strict(base, runner, monkeypatch):
    path = base / "comments" / "tnc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("decision: noted", "decision: rejected")
                    .replace("      note: Targets will follow once the framework is endorsed.\n", ""), encoding="utf-8")
    monkeypatch.chdir(base)
    assert runner.invoke(app, ["validate"]).exit_code == 0
    assert runner.invoke(app, ["validate", "--strict"]).exit_code == 1


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, "cm 0.1.0\n")


def _cm_command() -> list[str]:
    installed = shutil.which("cm", path=str(Path(sys.executable).parent))
    return [installed] if installed else [sys.executable, "-m", "commentmatrix"]


def test_installed_cm_runs_in_a_real_process(base):
    _break_target(base)
    env = {**os.environ, "NO_COLOR": "1", "CM_TODAY": "2030-01-20"}
    validate = subprocess.run([*_cm_command(), "validate"], cwd=base, capture_output=True, text=True, env=env, timeout=60)
    assert validate.returncode == 1
    assert validate.stdout.startswith("comments/tnc.yaml:5:13: [error] target 'principles.9' is not in draft d1")
    assert "Traceback" not in validate.stderr
    status = subprocess.run([*_cm_command(), "status"], cwd=base, capture_output=True, text=True, env=env, timeout=60)
    assert status.returncode == 0
    assert "\x1b[" not in status.stdout
    assert "Draft d1 (version 1) · deadline 2030-01-31 (11 days left)" in status.stdout
    assert "cm validate found 1 error(s)" in status.stdout


def test_python_dash_m_works(base):
    result = subprocess.run([sys.executable, "-m", "commentmatrix", "validate"], cwd=base, capture_output=True,
                            text=True, timeout=60)
    assert (result.returncode, result.stdout) == (0, "No problems: 4 files checked.\n")


@pytest.mark.parametrize("content", [b"title: [\n", b"\xff\xfe\x00"])
def test_broken_cm_yaml_never_gives_a_traceback(base, runner, monkeypatch, content):
    (base / "cm.yaml").write_bytes(content)
    monkeypatch.chdir(base)
    for command in (["validate"], ["status"], ["status", "--json"]):
        result = runner.invoke(app, command)
        assert result.exit_code in (1, 2), command
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output


def test_a_comment_file_linking_outside_the_project_is_refused(base, tmp_path, runner, monkeypatch):
    outside = tmp_path / "secret.yaml"
    outside.write_text("stakeholder: tnc\ncomments: []\n", encoding="utf-8")
    (base / "comments" / "linked.yaml").symlink_to(outside)
    monkeypatch.chdir(base)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"comments/linked.yaml: [error] this link points outside the project, to {outside.resolve()} (outside-project)")


def test_a_project_loads_the_same_from_memory_and_from_disk(base):
    from commentmatrix.read.loader import (
        MappingFiles,
        OverlayFiles,
        ProjectFiles,
        load_project,
    )
    from commentmatrix.rules import check_project

    on_disk = load_project(base)
    names = {p.relative_to(base).as_posix(): p.read_bytes() for p in base.rglob("*.yaml")}
    in_memory = load_project(base, MappingFiles(base, names))
    assert in_memory.files == on_disk.files
    assert [s.file for s in in_memory.comment_sources] == [s.file for s in on_disk.comment_sources]
    broken = OverlayFiles(ProjectFiles(base.resolve()), {"comments/new.yaml": b"stakeholder: nobody\ncomments: []\n"})
    problems = check_project(load_project(base, broken))
    assert [(p.path, p.rule) for p in problems] == [("comments/new.yaml", "unknown-stakeholder")]
    assert not (base / "comments" / "new.yaml").exists()
