"""Folder-driven cases: each folder under tests/cases/invalid/ holds the files that differ from
tests/cases/base/ and the exact `cm validate` output expected. A new regression case is a new
folder, no code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import BASE, CASES, overlay

from commentmatrix.cli import app

INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (CASES / "valid").iterdir() if p.is_dir())


def _project(tmp_path: Path, case: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(BASE, project)
    overlay(project, case)
    return project


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else b"" for p in sorted(root.rglob("*"))}


def _args(case: Path) -> list[str]:
    args_file = case / "args"
    return args_file.read_text(encoding="utf-8").split() if args_file.exists() else []


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case_gives_its_exact_report_and_exit_1(case, tmp_path, runner, monkeypatch):
    project = _project(tmp_path, case)
    before = _tree(project)
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["validate", "--project", str(project), *_args(case)])
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert (result.exit_code, result.stdout) == (1, expected)
    # CliRunner turns an escaping exception into exit 1 too: make sure this 1 is cm's own.
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert _tree(project) == before  # nothing written, nothing changed


@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_valid_case_validates_clean(case, tmp_path, runner, monkeypatch):
    project = _project(tmp_path, case)
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["validate", "--project", str(project), "--strict"])
    assert (result.exit_code, result.stdout) == (0, (case / "expected.txt").read_text(encoding="utf-8"))
