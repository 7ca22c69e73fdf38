"""A two-round project on disk, made through the CLI as a secretariat would: the Lancang-Mekong
example is round 1; its revised text (`cm render draft --format yaml`) is round 2's draft."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_example
from typer.testing import CliRunner

from commentmatrix.cli import app

ROUND_1_DRAFT = "lmec-2017-08"
ROUND_2_DRAFT = "lmec-2018-01"
ROUNDS = f"""rounds:
  - id: '1'
    draft: {ROUND_1_DRAFT}
    deadline: 2017-09-10
  - id: '2'
    draft: {ROUND_2_DRAFT}
    deadline: 2018-02-28
"""


def cm(*args: str):
    return CliRunner().invoke(app, list(args))


def ok(*args: str) -> str:
    result = cm(*args)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout


def round_one(destination: Path) -> Path:
    return copy_example(destination)


def start_round_two(root: Path) -> None:
    """Round 2 consults on round 1's revised text; round 1's files stay directly in comments/."""
    ok("render", "draft", "-C", str(root), "--format", "yaml", "--id", ROUND_2_DRAFT, "--version", "2018-01",
       "-o", str(root / "build" / "next.yaml"))
    (root / "drafts" / f"{ROUND_2_DRAFT}.yaml").write_bytes((root / "build" / "next.yaml").read_bytes())
    config = root / "cm.yaml"
    text = config.read_text(encoding="utf-8")
    old = f"draft: {ROUND_1_DRAFT}\ndeadline: 2017-09-10\n"
    assert text.count(old) == 1
    config.write_text(text.replace(old, ROUNDS), encoding="utf-8")
    assert ok("validate", "-C", str(root)).startswith("No problems")


def project_bytes(root: Path) -> dict[str, bytes]:
    """Every source file of the project, to show a refusal wrote nothing."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*"))
            if path.is_file() and path.relative_to(root).parts[0] in ("cm.yaml", "drafts", "comments")}
