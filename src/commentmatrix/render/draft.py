"""`cm render draft` in one call: the revised draft of a project, in the format asked for.

Every format reads the same Revision from the edit engine; the writers (DOCX, Markdown, YAML)
are imported only when used, so the command starts fast.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from commentmatrix.revision import Revision

FORMATS = ("docx", "md", "yaml")
SUFFIXES = {"docx": "docx", "md": "md", "yaml": "yaml"}


@dataclass(frozen=True)
class DraftRequest:
    """What to write: format, tracked or clean, languages in order, layout, and for YAML the new id."""

    format: str = "docx"
    tracked: bool = True
    languages: tuple[str, ...] = ()
    layout: str = "sequential"
    new_id: str | None = None
    new_version: str | None = None
    timestamp: dt.datetime | None = None


def output_name(draft_id: str, format_name: str) -> str:
    return f"{draft_id}-revised.{SUFFIXES[format_name]}"


def render_draft(project, revision: Revision, request: DraftRequest) -> bytes:
    if request.format == "yaml":
        from commentmatrix.render.draft_yaml import render_yaml

        assert request.new_id and request.new_version
        return render_yaml(revision, request.new_id, request.new_version)
    from commentmatrix.views.draft import build_draft_view

    view = build_draft_view(project, revision, request.languages or project.languages, request.tracked)
    if request.format == "md":
        from commentmatrix.render.draft_markdown import render_markdown

        return render_markdown(view, project.root, request.layout)
    from commentmatrix.render.docx.draft import REFERENCE_NAME, render_docx
    from commentmatrix.render.templating import template_path

    return render_docx(view, template_path(project.root, REFERENCE_NAME), request.layout, request.timestamp)
