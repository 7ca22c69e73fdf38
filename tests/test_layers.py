"""Each outside library is imported by the modules whose job it is, and the core knows no terminal."""

from __future__ import annotations

import ast
from pathlib import Path

import commentmatrix

PACKAGE = Path(commentmatrix.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def _owner_allowed(library: str, module: str) -> bool:
    name = module.rsplit("/", 1)[-1]
    rules = {
        "typer": module.startswith("cli/"),
        # Terminal views: status tables, a comment in context, a consultation diff.
        "rich": module.startswith("cli/") or name in ("terminal.py", "commentview.py", "diffreport.py"),
        "ruamel": name.startswith("yaml"),
        "jinja2": name == "templating.py",
        "docx": "docx" in name,
        "openpyxl": "xlsx" in name,
        # Files from outside (reviewed copies, tables) are parsed in one guarded place.
        "lxml": name == "officezip.py",
    }
    return rules.get(library, True)


def test_outside_libraries_stay_in_their_modules():
    misplaced = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        for library in _imports(path):
            if not _owner_allowed(library, module):
                misplaced.append(f"{module} imports {library}")
    assert misplaced == []
