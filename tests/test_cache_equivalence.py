"""Every shortcut the parse cache gives must give what a cold run gives (issue 19).

A stale check is worse than a slow one. Each case fills a cache on a project, changes the project
the way secretariats do (a draft paragraph edited, a decision changed, a stakeholder renamed, a
file deleted or broken, a comment answered through `cm respond`, whose reading goes into the
cache without a parse), and then compares, byte for byte, what `cm validate --format json` and
`cm status --json` print with that cache (twice: the second run reads what the first stored)
against a run without any cache. Every run is a fresh process, as a user's is.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, copy_example

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

pytestmark = pytest.mark.slow
TODAY = "2018-01-20"
CHECKS = (("validate", "--format", "json"), ("status", "--json"))


def cm(root: Path, cache: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CM_CACHE_DIR": cache, "CM_TODAY": TODAY, "COLUMNS": "120", "CM_NO_PROGRESS": "1"}
    return subprocess.run([sys.executable, "-m", "commentmatrix", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def outcome(root: Path, cache: str) -> list[tuple[int, str, str]]:
    return [(run.returncode, run.stdout, run.stderr) for run in (cm(root, cache, *args) for args in CHECKS)]


def assert_warm_equals_cold(root: Path, cache: Path) -> list[tuple[int, str, str]]:
    cold = outcome(root, "off")
    first = outcome(root, str(cache))
    second = outcome(root, str(cache))
    assert first == cold, "a warm run differs from a cold one"
    assert second == cold, "a run reading what the previous warm run stored differs from a cold one"
    return cold


# ---------------------------------------------------------------- the changes


ACCEPTED_REPLACE = re.compile(r"    target: (\S+)\n(?:(?!  - id:).*\n)*?      - replace: (.+)\n"
                              r"(?:(?!  - id:).*\n)*?      decision: accepted\n")


def edit_draft_paragraph(root: Path) -> None:
    """Change the words an accepted edit replaces in its paragraph, so that it no longer applies."""
    draft = next((root / "drafts").glob("*.yaml"))
    lines = draft.read_text(encoding="utf-8").splitlines(keepends=True)
    for comment_file in sorted((root / "comments").rglob("*.yaml")):
        for target, old in ACCEPTED_REPLACE.findall(comment_file.read_text(encoding="utf-8")):
            at = next((n for n, line in enumerate(lines) if line.strip() == f"- id: {target}"), None)
            if at is None:
                continue
            english = next(n for n in range(at, len(lines)) if lines[n].lstrip().startswith("en: "))
            if old in lines[english]:
                lines[english] = lines[english].replace(old, old.upper())
                draft.write_text("".join(lines), encoding="utf-8")
                return
    raise AssertionError("no accepted replace found in its paragraph")


def change_decisions(root: Path) -> None:
    """Accepted becomes rejected in one file, and one open comment is accepted in another."""
    files = sorted((root / "comments").rglob("*.yaml"), key=lambda p: p.stat().st_size)
    first = files[-1].read_text(encoding="utf-8")
    assert "decision: accepted" in first
    files[-1].write_text(first.replace("decision: accepted", "decision: rejected", 1), encoding="utf-8")
    second = files[-2].read_text(encoding="utf-8")
    files[-2].write_text(second.replace("decision: rejected", "decision: accepted", 1), encoding="utf-8")


def rename_stakeholder(root: Path) -> None:
    """The roster's id changes, its comment file still names the old one."""
    config = (root / "cm.yaml").read_text(encoding="utf-8")
    found = re.search(r"- id: (\S+)", config)
    assert found
    (root / "cm.yaml").write_text(config.replace(found.group(0), f"- id: {found.group(1)}-renamed", 1), encoding="utf-8")


def delete_file(root: Path) -> None:
    max((root / "comments").rglob("*.yaml"), key=lambda p: p.stat().st_size).unlink()


def break_file(root: Path) -> None:
    """A syntax error in one file, and a comment id that another file uses too."""
    files = sorted((root / "comments").rglob("*.yaml"))
    broken = files[0].read_text(encoding="utf-8")
    files[0].write_text(broken.replace("\n  - id:", "\n  - id: [\n", 1), encoding="utf-8")
    other = files[1].read_text(encoding="utf-8")
    taken = re.search(r"- id: (\S+)", files[2].read_text(encoding="utf-8"))
    assert taken
    files[1].write_text(re.sub(r"- id: \S+", f"- id: {taken.group(1)}", other, count=1), encoding="utf-8")


def touch_comment_text(root: Path) -> None:
    """The benchmark's change: words added to one comment's text, and a line added to another's."""
    largest = max((root / "comments").rglob("*.yaml"), key=lambda p: p.stat().st_size)
    text = largest.read_text(encoding="utf-8")
    text = text.replace("      en: ", "      en: (edited) ", 1)
    at = text.index("    text:\n", text.index("    text:\n") + 1)
    largest.write_text(text[:at] + "    note: a note of two\n      lines, added\n" + text[at:], encoding="utf-8")


def respond_to_open_comment(root: Path) -> None:
    """`cm respond` on an open comment (the example has none: it reopens one first): the file's
    reading is spliced from the one in memory and stored in the cache without a parse."""
    cache = os.environ["CM_CACHE_DIR"]
    listed = json.loads(cm(root, cache, "status", "--json").stdout)["open_items"]
    if not listed:
        path = root / "comments" / "lao-pdr.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"    response:\n(?:      .*\n)+", "", text, count=1), encoding="utf-8")
        listed = json.loads(cm(root, cache, "status", "--json").stdout)["open_items"]
    run = cm(root, cache, "respond", listed[-1]["id"], "--decision", "noted",
             "--note", "Taken into account in the revision", "--lang", "en")
    assert run.returncode == 0, run.stderr


CHANGES: dict[str, Callable[[Path], None]] = {
    "draft paragraph edited": edit_draft_paragraph,
    "decisions changed": change_decisions,
    "stakeholder renamed": rename_stakeholder,
    "file deleted": delete_file,
    "file broken, id duplicated": break_file,
    "comment text changed": touch_comment_text,
    "cm respond": respond_to_open_comment,
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated") / "project"
    # Over 2 MiB of YAML, so a cold read forks the second-core worker and a big `cm respond`
    # stores its entry in the background: the paths a large project takes.
    generate(root, comments=2500, stakeholders=12, paragraphs=300)
    return root


@pytest.mark.parametrize("change", list(CHANGES))
def test_generated_project_after_a_change(change: str, generated: Path, tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "project"
    shutil.copytree(generated, root)
    check_change(change, root, tmp_path / "cache", monkeypatch)


@pytest.mark.parametrize("change", ["draft paragraph edited", "decisions changed", "stakeholder renamed",
                                    "comment text changed", "cm respond"])
def test_example_after_a_change(change: str, tmp_path: Path, monkeypatch) -> None:
    check_change(change, copy_example(tmp_path / "example"), tmp_path / "cache", monkeypatch)


def check_change(change: str, root: Path, cache: Path, monkeypatch) -> None:
    monkeypatch.setenv("CM_CACHE_DIR", str(cache))
    before = assert_warm_equals_cold(root, cache)
    CHANGES[change](root)
    after = assert_warm_equals_cold(root, cache)
    assert after != before, f"'{change}' changed nothing cm reports: the case tests nothing"


def test_a_change_undone_reads_the_first_entries_again(generated: Path, tmp_path: Path, monkeypatch) -> None:
    """A file changed and changed back is read from its first entry: still what a cold run says."""
    root = tmp_path / "project"
    shutil.copytree(generated, root)
    cache = tmp_path / "cache"
    monkeypatch.setenv("CM_CACHE_DIR", str(cache))
    before = assert_warm_equals_cold(root, cache)
    saved = {p: p.read_bytes() for p in (root / "comments").rglob("*.yaml")}
    change_decisions(root)
    assert_warm_equals_cold(root, cache)
    for path, data in saved.items():
        path.write_bytes(data)
    assert assert_warm_equals_cold(root, cache) == before
