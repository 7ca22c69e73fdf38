"""consultation_diff on projects loaded from in-memory sources, and gitrevs on real revisions."""

from __future__ import annotations

import os
from pathlib import Path

from gitrepo import EXAMPLE, example_repo, git

from commentmatrix.diff import CommentEdit, StateChange, diff_projects
from commentmatrix.read.git_revision import load_revision, revision_files
from commentmatrix.read.loader import MappingFiles, load_project

FILES = {p.relative_to(EXAMPLE).as_posix(): p.read_bytes()
         for p in [EXAMPLE / "cm.yaml", *(EXAMPLE / "drafts").glob("*.yaml"), *(EXAMPLE / "comments").glob("*.yaml")]}


def changed(name: str, old: str, new: str, files=FILES) -> dict[str, bytes]:
    text = files[name].decode("utf-8")
    assert old in text
    return {**files, name: text.replace(old, new, 1).encode("utf-8")}


def test_loading_from_sources_gives_the_project_the_disk_gives():
    from_disk, from_sources = load_project(EXAMPLE), load_project(EXAMPLE, MappingFiles(EXAMPLE, FILES))
    assert from_sources.files == from_disk.files
    assert [r.comment for r in from_sources.comments()] == [r.comment for r in from_disk.comments()]
    assert from_sources.load_problems == []


def test_a_missing_config_in_sources_is_reported_like_a_missing_file():
    project = load_project(EXAMPLE, MappingFiles(EXAMPLE, {k: v for k, v in FILES.items() if k != "cm.yaml"}))
    assert [(d.path, d.rule) for d in project.load_problems] == [("cm.yaml", "missing-file")]


def test_an_unchanged_project_has_an_empty_diff():
    diff = diff_projects(load_project(EXAMPLE, MappingFiles(EXAMPLE, FILES)), load_project(EXAMPLE))
    assert diff.unchanged


def test_edited_fields_removed_comments_and_roster_changes():
    after = changed("comments/sei.yaml", "target: priority-areas", "target: cooperation")
    after = changed("comments/cambodia.yaml", "state: ", "state: reviewing  # ", after)
    lao = after["comments/lao-pdr.yaml"].decode("utf-8")
    start = lao.index("  - id: LAO-3\n")
    after["comments/lao-pdr.yaml"] = (lao[:start] + lao[lao.index("  - id: LAO-4\n"):]).encode("utf-8")
    diff = diff_projects(load_project(EXAMPLE, MappingFiles(EXAMPLE, FILES)), load_project(EXAMPLE, MappingFiles(EXAMPLE, after)))
    assert diff.edited == [CommentEdit("SEI-1", "sei", ("target",), "comments/sei.yaml", 11)]
    assert [c.id for c in diff.removed] == ["LAO-3"]
    assert diff.stakeholders == [StateChange("cambodia", {"en": "Cambodia", "zh": "柬埔寨"}, "no-comments", "reviewing")]
    assert (diff.before.tally.comments, diff.after.tally.comments) == (22, 21)
    assert [(t.id, t.by) for t in diff.texts] == [("principles.6", ("LAO-3",))]


def test_a_revision_of_a_project_in_a_subfolder_is_read_through_git(tmp_path):
    repo = tmp_path / "repo"
    example_repo(repo / "consultation")
    os.rename(repo / "consultation" / ".git", repo / ".git")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Move the project into a subfolder")
    (repo / "consultation" / "comments" / "sei.yaml").unlink()
    commit, project = load_revision(repo / "consultation", "HEAD")
    assert commit == git(repo, "rev-parse", "HEAD").strip()
    assert project.files == load_project(EXAMPLE).files
    assert sorted(revision_files(Path(repo / "consultation"), commit)[0]) == sorted(FILES)
