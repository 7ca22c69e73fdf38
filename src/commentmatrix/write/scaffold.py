"""A new consultation project: the files `cm init` writes, built as bytes before anything is written."""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from commentmatrix.model.diagnostics import Diagnostic
from commentmatrix.model.errors import Refusal
from commentmatrix.model.project import (
    BUILD_DIR,
    COMMENTS_DIR,
    CONFIG_NAME,
    DRAFTS_DIR,
    TEMPLATES_DIR,
)
from commentmatrix.write import yaml_edit

_DRAFT_HELP = """\
# The draft under consultation. Every section and paragraph has an id that comments target:
#
# sections:
#   - id: background
#     number: "1"
#     title: Background
#     paragraphs:
#       - id: background.1
#         text: The first paragraph of the background.
"""

_CONFIG_HELP = """\
# A consultation project for cm (commentmatrix). Add stakeholders with `cm stakeholder add`,
# their comments with `cm add`, and decisions with `cm respond` or `cm triage`.
"""

_ROUNDS_HELP = """\
The consultation's rounds, oldest first, each on its own draft. Round 1's comment files go
directly in comments/ (or in comments/1/). `cm round start 2 --version V` closes round 1 and
starts round 2 on the revised draft; round 2's comment files go in comments/2/."""


class ProjectExists(Refusal):
    """The folder already holds a project."""


def project_files(title: Any, languages: list[str], draft_id: str, deadline: str | None = None,
                  draft_file: bytes | None = None) -> dict[str, bytes]:
    """Relative path -> contents of a new project, default templates included. `title` is a Text;
    `draft_file` the draft's YAML when the project starts from a document (`cm init --from`)."""
    first = yaml_edit.mapping({"id": yaml_edit.quoted("1"), "draft": draft_id})
    if deadline:
        import datetime as dt

        first["deadline"] = dt.date.fromisoformat(deadline)
    config = yaml_edit.mapping({"title": title, "languages": languages, "rounds": yaml_edit.sequence([first])})
    yaml_edit.comment_before(config, "rounds", _ROUNDS_HELP)
    config["stakeholders"] = []
    draft = yaml_edit.mapping({"id": draft_id, "title": title, "version": yaml_edit.quoted("1"), "sections": []})
    files = {
        CONFIG_NAME: _CONFIG_HELP.encode("utf-8") + yaml_edit.new_file(config),
        f"{DRAFTS_DIR}/{draft_id}.yaml": draft_file if draft_file is not None else _DRAFT_HELP.encode("utf-8") + yaml_edit.new_file(draft),
        f"{COMMENTS_DIR}/.gitkeep": b"",
        ".gitignore": f"{BUILD_DIR}/\n".encode(),
    }
    for name, data in default_templates().items():
        files[f"{TEMPLATES_DIR}/{name}"] = data
    return files


def default_templates() -> dict[str, bytes]:
    """The package's templates (whatever src/commentmatrix/render/templates holds), by relative path."""
    found: dict[str, bytes] = {}

    def walk(folder, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.startswith((".", "__")):
                continue
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            else:
                found[prefix + entry.name] = entry.read_bytes()

    walk(resources.files("commentmatrix.render") / "templates", "")
    return found


def problems_of(files: dict[str, bytes]) -> list[Diagnostic]:
    """The errors `cm validate` would find in a new project, checked in memory (over an empty
    scratch folder) before anything is written where the project goes."""
    from commentmatrix.read.loader import OverlayFiles, ProjectFiles, load_project
    from commentmatrix.rules import check_project

    with tempfile.TemporaryDirectory(prefix="cm-init-") as scratch:
        root = Path(scratch)
        for folder in (DRAFTS_DIR, COMMENTS_DIR):
            (root / folder).mkdir()
        overlay = OverlayFiles(ProjectFiles(root), {n: d for n, d in files.items() if n.endswith(".yaml")})
        return [d for d in check_project(load_project(root, overlay)) if d.is_error]


def create_project(root: Path, files: dict[str, bytes]) -> list[str]:
    """Write the files under root; refuses (writing nothing) if root already holds a project."""
    from commentmatrix.write.atomic import write_many

    if (root / CONFIG_NAME).exists():
        raise ProjectExists(f"{root / CONFIG_NAME} already exists; cm init never overwrites a project")
    clashes = [name for name in files if (root / name).exists() and name != ".gitignore"]
    if clashes:
        raise ProjectExists(f"{root / clashes[0]} already exists; cm init never overwrites files")
    written = [name for name in files if not (name == ".gitignore" and (root / name).exists())]
    write_many([(root / name, files[name]) for name in written])
    return written

