"""A project as it was at a git revision, read through git itself: never checked out.

`git ls-tree` lists the project's files at the revision and one `git cat-file --batch` reads
them all, so the work tree, the index and the user's uncommitted changes are never touched.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from pathlib import Path

from commentmatrix.model.errors import UnknownName
from commentmatrix.model.project import COMMENTS_DIR, CONFIG_NAME, DRAFTS_DIR, Project
from commentmatrix.read.loader import MappingFiles, load_project
from commentmatrix.read.yaml_reader import MAX_FILE_BYTES

#: Where the default branch may be found, in order; the first that exists is the base.
DEFAULT_BRANCHES = ("origin/HEAD", "origin/main", "origin/master", "main", "master")

_REGULAR_FILES = ("100644", "100755")
_SYMLINK = "120000"


class GitProblem(UnknownName):
    """git is missing, the folder is not in a repository, or a revision does not exist."""

    names_command = True


def _git(folder: Path, *args: str, data: bytes | None = None) -> bytes:
    # Plain, untranslated git: its messages are passed on to the user in English as documented.
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        done = subprocess.run(["git", *args], cwd=folder, input=data, capture_output=True, env=env, check=False)
    except FileNotFoundError:
        raise GitProblem("git is not installed (cm diff reads the revisions through git)") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise GitProblem(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def repository_prefix(root: Path) -> str:
    """The project folder's path inside its repository ("" at the top, else "sub/dir/")."""
    try:
        return _git(root, "rev-parse", "--show-prefix").decode("utf-8", errors="surrogateescape").strip()
    except GitProblem as exc:
        raise GitProblem(f"{root} is not in a git repository ({exc})") from None


def commit_of(root: Path, revision: str) -> str:
    """The commit a revision names (branch, tag, sha, HEAD~2, ...), or GitProblem."""
    if not revision or revision.startswith("-"):
        raise GitProblem(f"'{revision}' is not a revision")
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}").decode().strip()
    except GitProblem:
        raise GitProblem(f"'{revision}' is not a commit in this repository") from None


def default_base(root: Path) -> tuple[str, str]:
    """(name, commit): the merge-base of HEAD with the default branch, as a pull request sees it."""
    head = commit_of(root, "HEAD")
    candidates = list(DEFAULT_BRANCHES)
    base_ref = os.environ.get("GITHUB_BASE_REF")
    if base_ref:
        candidates[1:1] = [f"origin/{base_ref}", base_ref]
    for name in candidates:
        try:
            branch = commit_of(root, name)
        except GitProblem:
            continue
        try:
            return name, _git(root, "merge-base", head, branch).decode().strip()
        except GitProblem:
            raise GitProblem(f"HEAD and {name} have no common ancestor; name the base revision") from None
    raise GitProblem(f"no default branch found (tried {', '.join(candidates)}); name the base revision")


#: A link's blob holds the path it points to; a longer one is no path (PATH_MAX is 4,096).
MAX_LINK_BYTES = 4096


def revision_files(root: Path, commit: str) -> tuple[dict[str, bytes], dict[str, int]]:
    """({path relative to the project root: bytes}, {path: size} of files too large to read) of
    cm.yaml, drafts/ and comments/ at a commit.

    The sizes come from the tree listing, so a blob past the reader's limit is never read.
    """
    prefix = repository_prefix(root)
    wanted = [f"{prefix}{CONFIG_NAME}", f"{prefix}{DRAFTS_DIR}", f"{prefix}{COMMENTS_DIR}"]
    listing = _git(root, "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", *wanted)
    blobs: dict[str, str] = {}
    links: dict[str, str] = {}
    oversized: dict[str, int] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, sha, size_field = meta.decode().split()
        # Names are bytes in git; one that is not UTF-8 keeps its bytes (as lone surrogates, as
        # on disk) for the loader to report.
        name = path.decode("utf-8", errors="surrogateescape")[len(prefix):]
        size = int(size_field) if size_field.isdigit() else 0
        if kind == "blob" and mode in _REGULAR_FILES:
            if size > MAX_FILE_BYTES:
                oversized[name] = size
            else:
                blobs[name] = sha
        elif kind == "blob" and mode == _SYMLINK and size <= MAX_LINK_BYTES:
            links[name] = sha
    contents = _read_blobs(root, [*blobs.values(), *links.values()])
    files = {name: contents[sha] for name, sha in blobs.items()}
    for name, sha in links.items():
        # A link is followed inside the project, as on disk; one leading elsewhere is left out.
        target = posixpath.normpath(posixpath.join(posixpath.dirname(name), contents[sha].decode("utf-8", "replace")))
        if target in files:
            files[name] = files[target]
        elif target in oversized:
            oversized[name] = oversized[target]
    return files, oversized


def _read_blobs(root: Path, shas: list[str]) -> dict[str, bytes]:
    if not shas:
        return {}
    unique = list(dict.fromkeys(shas))
    output = _git(root, "cat-file", "--batch", data="".join(f"{sha}\n" for sha in unique).encode())
    found: dict[str, bytes] = {}
    position = 0
    for sha in unique:
        end = output.index(b"\n", position)
        header = output[position:end].decode().split()
        size = int(header[2])
        found[sha] = output[end + 1:end + 1 + size]
        position = end + 1 + size + 1  # the content is followed by a newline
    return found


def load_revision(root: Path, revision: str) -> tuple[str, Project]:
    """(commit, project) for a revision of the project at `root`."""
    commit = commit_of(root, revision)
    files, oversized = revision_files(root, commit)
    return commit, load_project(root, MappingFiles(root, files, oversized))
