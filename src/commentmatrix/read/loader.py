"""Find a project on disk and load it into a Project, collecting problems as Diagnostics."""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from commentmatrix.model.collector import collector_paused
from commentmatrix.model.diagnostics import Diagnostic, error, warning
from commentmatrix.model.errors import ProjectNotFound
from commentmatrix.model.format import (
    Comment,
    CommentFile,
    Draft,
    ProjectConfig,
)
from commentmatrix.model.project import (
    COMMENTS_DIR,
    CONFIG_NAME,
    DRAFTS_DIR,
    CommentSource,
    DraftSource,
    Project,
)
from commentmatrix.model.validation import FileModel, validate
from commentmatrix.read.documents import KnownReading, Read, cache_folder, file_key, read_all
from commentmatrix.read.field_errors import field_diagnostics
from commentmatrix.read.labels_file import read_label_overrides, read_labels_source
from commentmatrix.read.source import SourceRefused, read_source, too_large
from commentmatrix.read.yaml_reader import MAX_FILE_BYTES, YamlDocument

M = TypeVar("M", bound=FileModel)
YAML_SUFFIXES = (".yaml", ".yml")


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding cm.yaml, as git finds .git."""
    start = start.resolve()
    for folder in (start, *start.parents):
        config = folder / CONFIG_NAME
        if config.exists() or config.is_symlink():  # a folder or broken link named cm.yaml is reported, not passed over
            return folder
    raise ProjectNotFound(f"no {CONFIG_NAME} in {start} or any folder above it")


class ProjectFiles:
    """Where a project's files come from: the disk, by default.

    `list` names the YAML files of a folder (relative POSIX paths, sorted) and reports what cannot
    be read as a file; `read` gives a file's bytes or raises OSError. One loader reads every source.
    """

    def __init__(self, root: Path):
        self.root = root

    def yaml_files(self, folder: str, recursive: bool, problems: list[Diagnostic]) -> list[str]:
        return [relative(self.root, p) for p in _yaml_files(self.root, folder, recursive=recursive, problems=problems)]

    def read(self, name: str) -> bytes:
        return read_source(self.root, name, MAX_FILE_BYTES)

    def signature(self, name: str) -> tuple[int, ...] | None:
        """What the file system says of root/name without reading it, if that is enough to tell
        a later change of its bytes (see file_signature); None when it is not."""
        return file_signature(self.root / name)

    def top_level(self) -> list[str]:
        """YAML files directly in the project folder (cm.yaml among them), to spot misplaced ones."""
        return sorted(entry.name for entry in os.scandir(self.root)
                      if entry.name.endswith(YAML_SUFFIXES) and not entry.name.startswith(".") and entry.is_file())


class MappingFiles(ProjectFiles):
    """Files given as {relative path: bytes}: a git revision read without checking it out.

    `too_large` names the files left unread because of their size ({path: bytes}): each is
    refused as on disk.
    """

    def __init__(self, root: Path, files: Mapping[str, bytes], too_large: Mapping[str, int] | None = None):
        super().__init__(root)
        self.files = dict(files)
        self.too_large = dict(too_large or {})

    def yaml_files(self, folder: str, recursive: bool, problems: list[Diagnostic]) -> list[str]:
        return sorted(name for name in (*self.files, *self.too_large) if _listed(name, folder, recursive))

    def top_level(self) -> list[str]:
        return sorted(name for name in self.files if "/" not in name and name.endswith(YAML_SUFFIXES))

    def signature(self, name: str) -> tuple[int, ...] | None:
        return None  # bytes in memory: nothing vouches for them but their key

    def read(self, name: str) -> bytes:
        if name in self.too_large:
            raise too_large(self.too_large[name], MAX_FILE_BYTES)
        if name not in self.files:
            raise FileNotFoundError(name)
        return self.files[name]


class OverlayFiles(ProjectFiles):
    """The disk with some files replaced (or added) in memory: a change checked before it is written."""

    def __init__(self, base: ProjectFiles, replaced: Mapping[str, bytes]):
        super().__init__(base.root)
        self.base, self.replaced = base, dict(replaced)

    def yaml_files(self, folder: str, recursive: bool, problems: list[Diagnostic]) -> list[str]:
        names = set(self.base.yaml_files(folder, recursive, problems))
        names.update(name for name in self.replaced if _listed(name, folder, recursive))
        return sorted(names)

    def read(self, name: str) -> bytes:
        return self.replaced[name] if name in self.replaced else self.base.read(name)

    def signature(self, name: str) -> tuple[int, ...] | None:
        return None if name in self.replaced else self.base.signature(name)

    def top_level(self) -> list[str]:
        return sorted(set(self.base.top_level()) | {n for n in self.replaced if "/" not in n and n.endswith(YAML_SUFFIXES)})


class RecordingFiles(ProjectFiles):
    """The disk, remembering each listing and each file's bytes as they were read: `changed()`
    tells whether any of it differs now. An import reads and plans before it takes the project's
    lock, and checks under the lock that what it planned on is still what is on disk."""

    def __init__(self, root: Path):
        super().__init__(root)
        self.listed: dict[tuple[str, bool], list[str]] = {}
        self.seen: dict[str, bytes | None] = {}

    def yaml_files(self, folder: str, recursive: bool, problems: list[Diagnostic]) -> list[str]:
        names = super().yaml_files(folder, recursive, problems)
        self.listed[(folder, recursive)] = names
        return names

    def read(self, name: str) -> bytes:
        try:
            data = super().read(name)
        except OSError:
            self.seen[name] = None
            raise
        self.seen[name] = data
        return data

    def changed(self) -> bool:
        disk = ProjectFiles(self.root)
        for (folder, recursive), names in self.listed.items():
            if disk.yaml_files(folder, recursive, []) != names:
                return True
        for name, data in self.seen.items():
            try:
                if disk.read(name) != data:
                    return True
            except OSError:
                if data is not None:
                    return True
        return False


def _listed(name: str, folder: str, recursive: bool) -> bool:
    parts = name.split("/")
    if parts[0] != folder or len(parts) < 2 or (len(parts) > 2 and not recursive):
        return False
    return not any(part.startswith(".") for part in parts[1:]) and name.endswith(YAML_SUFFIXES)


def load_project(root: Path, files: ProjectFiles | None = None, progress: Callable[[int, int], None] | None = None,
                 known: Mapping[str, KnownReading] | None = None, earlier: Project | None = None,
                 skip: Callable[[str, str], bool] | None = None,
                 settled: Mapping[str, tuple[tuple[int, ...], str]] | None = None) -> Project:
    """Load the project at `root` from `files` (default: the disk), collecting every problem;
    `progress` hears (files read, files in all); `known` holds readings known without parsing
    (documents.read_all); from `earlier`, a project loaded before, each file with the same bytes
    that was read and validated without a problem is taken as it is. A comment file for which
    `skip(name, key)` is true (its file_key) is read but neither parsed nor part of the project
    (it is still among `files` and `file_keys`): quick_check loads only what changed. Such a file
    whose signature (ProjectFiles.signature) is the one `settled` holds for it, with its key, is
    not even read: the key is the one recorded."""
    # Loading creates millions of objects and frees almost none: the cyclic garbage collector
    # would walk the growing heap again and again (at 100,000 comments it took most of the time).
    with collector_paused():
        return _load_project(root.resolve(), files, progress, known, earlier, skip, settled or {})


def _load_project(root: Path, files: ProjectFiles | None, progress: Callable[[int, int], None] | None,
                  known: Mapping[str, KnownReading] | None, earlier: Project | None,
                  skip: Callable[[str, str], bool] | None, settled: Mapping[str, tuple[tuple[int, ...], str]]) -> Project:
    files = files or ProjectFiles(root)
    problems: list[Diagnostic] = []
    drafts = _named(files.yaml_files(DRAFTS_DIR, False, problems), problems)
    comments = _named(files.yaml_files(COMMENTS_DIR, True, problems), problems)
    names = [CONFIG_NAME, *drafts, *comments]
    comment_names = set(comments)
    keys: dict[str, str] = {}
    signatures: dict[str, tuple[int, ...]] = {}
    contents: list[tuple[str, bytes]] = []
    for name in names:
        # Taken before the bytes are read: a change while they are read shows next time.
        signature = files.signature(name) if name in comment_names else None
        if signature is not None:
            signatures[name] = signature
            recorded = settled.get(name)
            if skip is not None and recorded is not None and recorded[0] == signature and skip(name, recorded[1]):
                keys[name] = recorded[1]
                continue
        raw = _read_raw(files, name, problems)
        if raw is None:
            signatures.pop(name, None)
            continue
        if skip is not None and name in comment_names:
            keys[name] = file_key(name, raw)
            if skip(name, keys[name]):
                continue
        contents.append((name, raw))
    # Each file is validated against its model as soon as it is read: on a large project that
    # overlaps the worker still parsing the other half.
    kinds = {CONFIG_NAME: ProjectConfig, **dict.fromkeys(drafts, Draft), **dict.fromkeys(comments, CommentFile)}
    loaded: dict[str, tuple[Any, YamlDocument | None, list[Diagnostic]]] = {}
    if earlier is not None:
        # An edit's check loads the project again with one file changed: the others need not
        # be decoded from the cache and validated a second time.
        unchanged = _unchanged(earlier)
        for name, raw in contents:
            if name in unchanged and unchanged[name][1].raw == raw and kinds[name] is type(unchanged[name][0]):
                loaded[name] = (*unchanged[name], [])
                if name in earlier.file_keys:  # the same bytes: the same key (a quick check compares them)
                    keys.setdefault(name, earlier.file_keys[name])
        contents = [(name, raw) for name, raw in contents if name not in loaded]

    def consume(index: int, read: Read) -> None:
        name = contents[index][0]
        found = known.get(name) if known else None
        reused = _revalidated(read, found) if found is not None else None
        loaded[name] = reused or _model(read, name, kinds[name])

    # Hashed once, here: the cache names entries by these keys, and quick_check records them.
    for name, raw in contents:
        if name not in keys:
            keys[name] = file_key(name, raw)
    read_all(contents, cache_folder(), progress=progress, consume=consume, known=known,
             keys=[keys[name] for name, _ in contents])
    for name in names:  # problems in file order, as the files are listed
        problems.extend(loaded[name][2] if name in loaded else ())
    config, config_doc, _ = loaded.get(CONFIG_NAME, (None, None, []))
    project = Project(root=root, config=config, config_doc=config_doc, load_problems=problems, files=names,
                      file_keys=keys, file_signatures=signatures)
    for name in drafts:
        draft, doc, _ = loaded.get(name, (None, None, []))
        if draft is not None and doc is not None:
            project.drafts.append(DraftSource(doc.path, draft, doc))
    for name in comments:
        comment_file, doc, _ = loaded.get(name, (None, None, []))
        if comment_file is not None and doc is not None:
            project.comment_sources.append(CommentSource(doc.path, comment_file, doc))
    problems.extend(_stray_comment_files(files))
    raw_labels, labels_problems = read_labels_source(files.read)
    project.label_overrides, found = read_label_overrides(raw_labels)
    problems.extend([*labels_problems, *found])
    return project


def shown_name(name: str) -> str:
    """A file name as it can be printed: bytes that are not UTF-8 (kept by the system as lone
    surrogates) shown as escapes, `comments/\\xff.yaml`."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def _named(names: list[str], problems: list[Diagnostic]) -> list[str]:
    """The names that are UTF-8 text; each other one is reported, and its file is not read.

    A name arrives in a pull request like a file's content: its bytes can be anything the file
    system holds, and a report, a cache key or a terminal cannot carry bytes that are not text.
    """
    kept = []
    for name in names:
        shown = shown_name(name)
        if shown == name:
            kept.append(name)
            continue
        problems.append(error(shown, 0, 0, "file-name",
                              "the name is not UTF-8 text (its bad bytes are shown escaped), so cm does not read the file",
                              "rename the file with plain letters, digits and dashes, e.g. the stakeholder's id"))
    return kept


_COMMENT_FILE_KEYS = (re.compile(rb"^stakeholder:", re.MULTILINE), re.compile(rb"^comments:", re.MULTILINE))


def _stray_comment_files(files: ProjectFiles) -> list[Diagnostic]:
    """Comment files saved beside cm.yaml instead of in comments/: their comments would go uncounted."""
    found = []
    for name in files.top_level():
        if name == CONFIG_NAME or shown_name(name) != name:
            continue
        try:
            head = files.read(name)[:65536]
        except OSError:
            continue
        if all(key.search(head) for key in _COMMENT_FILE_KEYS):
            found.append(warning(name, 1, 1, "stray-comments",
                                 f"this looks like a comment file, but cm reads comment files only from {COMMENTS_DIR}/, "
                                 "so its comments are not counted",
                                 f"move it to {COMMENTS_DIR}/"))
    return found


def relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _yaml_files(root: Path, folder: str, *, recursive: bool, problems: list[Diagnostic]) -> list[Path]:
    """YAML files under root/folder in path order; hidden files and folders are passed over."""
    base = root / folder
    if not base.is_dir():
        if base.exists() or base.is_symlink():
            problems.append(error(folder, 0, 0, "not-a-folder", f"{folder} should be a folder of YAML files, but it is not a folder",
                                  f"move it away and create the folder {folder}/"))
        return []
    found: list[Path] = []
    pending = [base]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.name.endswith(YAML_SUFFIXES):
                    found.append(Path(entry.path))
                elif recursive and entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif recursive and entry.is_symlink() and entry.is_dir():
                    # Not followed: a linked folder can lead out of the project or round in a loop.
                    problems.append(error(shown_name(relative(root, Path(entry.path))), 0, 0, "outside-project",
                                          "this folder is a link, and cm does not read files through linked folders",
                                          "move the files into the project instead of linking a folder"))
    found.sort(key=lambda p: relative(root, p))
    return [p for p in found if _acceptable(root, p, problems)]


#: How long a file must have stood unchanged before its signature vouches for its bytes: a
#: change within the same tick of the file system's clock (coarse: milliseconds, two seconds on
#: FAT) leaves the same times, so a file changed this recently is always read (as git does with
#: a file as new as its index).
SETTLED_NS = 3_000_000_000


def file_signature(path: Path) -> tuple[int, ...] | None:
    """A plain file's device, inode, size, and modification and change times (ns), when these
    tell any later change of its bytes: on POSIX systems, where writing a file or putting another
    in its place moves its change time, which no program can set back; for a file not changed
    in the last SETTLED_NS. None otherwise (Windows, a link, not a plain file, changed just now):
    then only its bytes tell."""
    if os.name != "posix":
        return None
    try:
        found = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode) or time.time_ns() - max(found.st_mtime_ns, found.st_ctime_ns) < SETTLED_NS:
        return None
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


def _acceptable(root: Path, path: Path, problems: list[Diagnostic]) -> bool:
    shown = shown_name(relative(root, path))
    if path.is_dir():
        problems.append(error(shown, 0, 0, "not-a-file", "this is a folder, but its name says it is a YAML file",
                              "rename the folder, or move its files up"))
        return False
    return True


def _read_raw(files: ProjectFiles, shown: str, problems: list[Diagnostic]) -> bytes | None:
    try:
        return files.read(shown)
    except FileNotFoundError:
        problems.append(error(shown, 0, 0, "missing-file", f"{shown} is missing"))
    except SourceRefused as exc:
        problems.append(error(shown, 0, 0, exc.rule, exc.message, exc.hint))
    except OSError as exc:
        problems.append(error(shown, 0, 0, "unreadable", f"cannot read the file: {exc.strerror or exc}"))
    return None


def _model(read: Read, shown: str, model: type[M]) -> tuple[M | None, YamlDocument | None, list[Diagnostic]]:
    """The file's data as `model`, with every problem found on the way."""
    problems = list(read.problems)
    doc = read.doc
    if doc is None:
        return None, None, problems
    if doc.data is None:
        problems.append(error(shown, 1, 1, "empty-file", "the file is empty",
                              f"a {_kind_name(model)} file starts with the fields shown in docs/format.md"))
        return None, doc, problems
    if not isinstance(doc.data, dict):
        problems.append(error(shown, 1, 1, "wrong-type", f"a {_kind_name(model)} file must be a mapping of fields, not {_found(doc.data)}"))
        return None, doc, problems
    misplaced = _misplaced(model, doc.data)
    if misplaced:
        problems.append(error(shown, 1, 1, "wrong-folder", *misplaced))
        return None, doc, problems
    value, errors = validate(model, doc.data)
    problems.extend(field_diagnostics(errors, doc))
    return value, doc, problems


def _unchanged(project: Project) -> dict[str, tuple[Any, YamlDocument]]:
    """The files of `project` read and validated without a problem: (model, document) by name."""
    troubled = {problem.path for problem in project.load_problems}
    found: list[tuple[str, Any, Any]] = [(source.path, source.draft, source.doc) for source in project.drafts]
    found += [(source.path, source.file, source.doc) for source in project.comment_sources]
    if project.config is not None:
        found.append((CONFIG_NAME, project.config, project.config_doc))
    return {name: (model, doc) for name, model, doc in found
            if name not in troubled and isinstance(doc, YamlDocument) and doc.path == name and doc.raw is not None}


def _revalidated(read: Read, known: KnownReading) -> tuple[CommentFile, YamlDocument, list[Diagnostic]] | None:
    """The comment file's model when its reading is `known` from an edit of one comment of a
    file that validated cleanly: that comment validated, the others taken from the earlier
    model (the data around them is the same objects). None when anything else could differ."""
    doc = read.doc
    if not isinstance(known.previous, CommentFile) or known.key != "comments" or read.problems \
            or doc is None or doc.data is not known.entry["data"]:
        return None
    comments = list(known.previous.comments)
    if len(comments) != len(doc.data["comments"]):
        return None
    comment, errors = validate(Comment, doc.data["comments"][known.index])
    if comment is None or errors:
        return None
    comments[known.index] = comment
    return known.previous.model_copy(update={"comments": comments}), doc, []


def _misplaced(model: type[FileModel], data: dict) -> tuple[str, str] | None:
    """A comment file dropped in drafts/ (or a draft in comments/) gets one plain error, not a
    list of every field that does not belong."""
    if model is Draft and "stakeholder" in data and "comments" in data:
        return (f"this is a comment file (it has `stakeholder:` and `comments:`), but it is in {DRAFTS_DIR}/",
                f"move it to {COMMENTS_DIR}/")
    if model is CommentFile and "sections" in data and "stakeholder" not in data:
        return (f"this is a draft (it has `sections:`), but it is in {COMMENTS_DIR}/", f"move it to {DRAFTS_DIR}/")
    return None


def _kind_name(model: type[FileModel]) -> str:
    return {ProjectConfig: "cm.yaml", Draft: "draft", CommentFile: "comment"}.get(model, model.__name__)


def _found(value: Any) -> str:
    return "a list" if isinstance(value, list) else f"'{value}'"
