"""A throwaway git repository holding a copy of the example project, for cm diff tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("cm.yaml", "drafts", "comments", "schemas")

VIET_NAM = """\
# yaml-language-server: $schema=../schemas/comments.schema.json
stakeholder: viet-nam
received: 2017-09-08
comments:
  - id: VN-1
    target: principles.3
    text: Add transparency to the principles.
    proposal:
      - replace: sharing and mutual benefit
        with: sharing, transparency and mutual benefit
        lang: en
  - id: VN-2
    target: principle.4
    text: The word "tolerance" should read "openness".
"""


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Secretariat", "GIT_AUTHOR_EMAIL": "lmec@example.org",
           "GIT_COMMITTER_NAME": "Secretariat", "GIT_COMMITTER_EMAIL": "lmec@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def example_repo(repo: Path) -> Path:
    """The example project committed on `main`."""
    repo.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = EXAMPLE / part
        if source.is_dir():
            shutil.copytree(source, repo / part)
        else:
            shutil.copy2(source, repo / part)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Example consultation")
    return repo


def flip_decision(repo: Path, comment_id: str, old: str, new: str) -> None:
    path = repo / "comments" / f"{comment_id.split('-')[0].lower().replace('lao', 'lao-pdr')}.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {comment_id}\n")
    at = text.index(f"decision: {old}", start)
    path.write_text(text[:at] + f"decision: {new}" + text[at + len(f"decision: {old}"):], encoding="utf-8")


def pull_request(repo: Path) -> None:
    """On branch `viet-nam`: Viet Nam's letter (one good comment, one typo'd target), LAO-2 rejected."""
    git(repo, "checkout", "-q", "-b", "viet-nam")
    (repo / "comments" / "viet-nam.yaml").write_text(VIET_NAM, encoding="utf-8")
    flip_decision(repo, "LAO-2", "accepted", "rejected")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Viet Nam's comments; LAO-2 rejected")
