"""The one Jinja environment for text outputs (HTML, Markdown).

Templates are looked up in the project's templates/ folder first, then in the defaults that
ship with the package, so a secretariat overrides a look by dropping in a file of the same name.
Sandboxed, undefined variables are errors, and HTML templates (*.html.j2) autoescape.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from commentmatrix.project import TEMPLATES_DIR


class TemplateProblem(Exception):
    """A template could not be found or rendered; the message names the template and line."""


def _autoescape(name: str | None) -> bool:
    # select_autoescape(["html"]) does not match "matrix.html.j2": decide on the full suffix.
    return bool(name) and name.endswith((".html.j2", ".html", ".htm", ".xml.j2", ".svg.j2"))


def environment(project_root: Path | None) -> SandboxedEnvironment:
    loaders = []
    if project_root is not None and (project_root / TEMPLATES_DIR).is_dir():
        loaders.append(FileSystemLoader(str(project_root / TEMPLATES_DIR), encoding="utf-8"))
    loaders.append(PackageLoader("commentmatrix", "templates"))
    env = SandboxedEnvironment(loader=ChoiceLoader(loaders), undefined=StrictUndefined, autoescape=_autoescape,
                               keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    return env


def render_template(project_root: Path | None, name: str, context: dict[str, Any]) -> str:
    env = environment(project_root)
    try:
        return env.get_template(name).render(**context)
    except TemplateError as exc:
        lineno = getattr(exc, "lineno", None) or _template_line(exc)
        where = f"{getattr(exc, 'filename', None) or getattr(exc, 'name', None) or name}"
        where += f":{lineno}" if lineno else ""
        raise TemplateProblem(f"template {where}: {exc.message or exc}") from None


def _template_line(exc: BaseException) -> int | None:
    # Render-time errors (an undefined attribute) carry no lineno; Jinja maps the template's
    # lines into the traceback, so the last frame that is not Python source is the template's.
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.endswith(".py")]
    return frames[-1].lineno if frames else None


def template_path(project_root: Path | None, name: str) -> Path | None:
    """A non-Jinja template file (a reference .docx): the project's own, else the packaged default."""
    if project_root is not None:
        candidate = project_root / TEMPLATES_DIR / name
        if candidate.is_file():
            return candidate
    packaged = Path(__file__).parent / "templates" / name
    return packaged if packaged.is_file() else None
