"""The folders are the stages of the flow (docs/architecture.md): each outside library is imported
only in the folder whose job it is, and imports between folders run one way."""

from __future__ import annotations

import ast
from pathlib import Path

import commentmatrix

PACKAGE = Path(commentmatrix.__file__).parent

# The modules at the top of the package (project model aside) are the core: they take values
# and return values, and know neither files nor terminals nor document formats.
CORE = "core"

# Library -> the folders (or single modules) that may import it.
LIBRARY_HOMES = {
    "pydantic": ("model/",),
    "icu4py": ("model/segmentation.py",),
    "ruamel": ("read/yaml_parser.py", "write/yaml_edit.py"),
    "jinja2": ("render/templating.py",),
    "markupsafe": ("render/templating.py",),  # Jinja's escaping: the other writers take it from templating
    "docx": ("render/docx/",),
    "docxtpl": ("render/docx/letter.py",),
    "openpyxl": ("render/xlsx.py",),
    "lxml": ("exchange/officezip.py",),
    "rich": ("terminal/",),
    "typer": ("cli/",),
}

# Stage -> the stages it may import from. The flow: model <- read <- core <- views <- render /
# exchange / write / terminal <- cli. `render` may use write's YAML dumper (the next round's
# draft is YAML) and read's signed cache entries (compiled templates, render/template_cache.py),
# and `exchange` writes imported comments through write's transaction.
ALLOWED_STAGES = {
    "model": {"model"},
    "read": {"model", "read"},
    CORE: {"model", CORE},
    "views": {"model", CORE, "views"},
    "render": {"model", "read", CORE, "views", "render", "write"},
    "exchange": {"model", CORE, "views", "exchange", "write"},
    "write": {"model", "read", CORE, "write"},
    "terminal": {"model", CORE, "views", "terminal"},
    "cli": {"model", "read", CORE, "views", "render", "exchange", "write", "terminal", "cli"},
}
STAGES = set(ALLOWED_STAGES) - {CORE}


def _stage_of_module(module: str) -> str:
    folder = module.split("/")[0]
    return folder if folder in STAGES else CORE


def _stage_of_import(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else CORE


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules() -> list[tuple[str, set[str]]]:
    return [(path.relative_to(PACKAGE).as_posix(), _imports(path)) for path in sorted(PACKAGE.rglob("*.py"))]


def test_outside_libraries_stay_in_their_folders():
    misplaced = []
    for module, imported in _modules():
        for name in sorted(imported):
            homes = LIBRARY_HOMES.get(name.split(".")[0])
            if homes is not None and not module.startswith(homes):
                misplaced.append(f"{module} imports {name.split('.')[0]}")
    assert misplaced == []


def test_imports_between_folders_run_one_way():
    against_the_flow = []
    for module, imported in _modules():
        if module == "__main__.py":
            continue  # `python -m commentmatrix` is the CLI
        stage = _stage_of_module(module)
        for name in sorted(imported):
            if name.startswith("commentmatrix.") and _stage_of_import(name) not in ALLOWED_STAGES[stage]:
                against_the_flow.append(f"{module} ({stage}) imports {name}")
    assert against_the_flow == []


def test_the_rules_know_every_folder_of_the_package():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == STAGES
