"""Shared fixtures: copies of the example project and of the small test base project."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commentmatrix.read.documents import CACHE_ENV

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases"
BASE = CASES / "base"


def copy_example(destination: Path) -> Path:
    """The repository's own Lancang-Mekong project, copied so a test may change it."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "cm.yaml", destination / "cm.yaml")
    for folder in ("drafts", "comments", "templates"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, destination / folder, dirs_exist_ok=True)
    return destination


def overlay(destination: Path, case: Path, skip: tuple[str, ...] = ("expected.txt", "args")) -> None:
    for path in sorted(case.rglob("*")):
        relative = path.relative_to(case)
        if relative.as_posix() in skip:
            continue
        target = destination / relative
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


@pytest.fixture(autouse=True, scope="session")
def parse_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One parse cache for the whole run (subprocesses inherit it), never the user's own; nor the
    user's key that signs its entries (it lives in the cache home, here a folder of the run's)."""
    folder = tmp_path_factory.mktemp("parse-cache")
    os.environ[CACHE_ENV] = str(folder)
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))
    return folder


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "example")


@pytest.fixture
def base(tmp_path: Path) -> Path:
    destination = tmp_path / "project"
    shutil.copytree(BASE, destination)
    return destination


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
