"""The revised draft as Markdown: the clean text, or a diff view for pull requests.

The diff view marks each change inline, as GitHub renders it: <del>old</del><ins>new</ins>
followed by the comment id in superscript, and ends with the list of who changed what.
User text is escaped here, so no stakeholder's `*` or `<` turns into markup; the template
(draft.md.j2, overridable in the project's templates/) only arranges the pieces.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from commentmatrix.render.markdown import inline as escape
from commentmatrix.render.markdown import unlisted as escape_lines
from commentmatrix.render.templating import render_template
from commentmatrix.views.draft import Block, DraftView, Version

TEMPLATE = "draft.md.j2"


def render_markdown(view: DraftView, project_root: Path | None, layout: str = "sequential") -> bytes:
    columns = view.columns()
    side_by_side = layout == "side-by-side" and len(columns) > 1
    sections: list[dict[str, Any]] = []
    for heading, body in view.sections():
        sections.append({
            "heading": _heading(heading) if heading else None,
            "blocks": [_block(block, view.tracked, columns if side_by_side else None) for block in body],
        })
    context = {
        "title": [escape(text) for _, text in view.title],
        "draft_id": view.draft_id,
        "version": escape(view.version),
        "diff": view.tracked,
        "side_by_side": side_by_side,
        "columns": columns,
        "sections": sections,
        "changes": [{"id": a.comment_id, "name": escape(a.name), "date": a.date.isoformat() if a.date else ""}
                    for a in view.attributions.values()],
    }
    items = sum(len(section["blocks"]) for section in sections) + len(view.attributions)
    return (render_template(project_root, TEMPLATE, context, items).rstrip("\n") + "\n").encode("utf-8")


def _heading(block: Block) -> dict:
    number = _pieces([(block.number, block.op, block.by)], True) if block.number else ""
    titles = " / ".join(_inline(v, True) for v in block.versions)
    return {"marker": "#" * min(block.level + 1, 6), "text": f"{number} {titles}".strip()}


def _block(block: Block, diff: bool, columns: list[str] | None) -> dict:
    texts = [escape_lines(_inline(v, diff)) for v in block.versions]
    if columns is not None:
        by_lang = {v.lang: escape_lines(_inline(v, diff)).replace("\n", "<br>") for v in block.versions}
        cells = [by_lang.get(lang, "") for lang in columns] if None not in by_lang else [by_lang[None]] + [""] * (len(columns) - 1)
        return {"kind": block.kind, "texts": texts, "cells": cells}
    if block.kind == "item":
        texts = [t.replace("\n", "\\\n  ") for t in texts]
    else:
        texts = [t.replace("\n", "\\\n") for t in texts]
    return {"kind": block.kind, "texts": texts, "cells": []}


def _inline(version: Version, diff: bool) -> str:
    if not diff:
        return escape(version.text)
    return _pieces([(s.text, s.op, s.by) for s in version.segments], True)


def _pieces(segments: list[tuple[str, str, str | None]], diff: bool) -> str:
    """Segments as Markdown; a run of changes by one comment is followed by its id."""
    out: list[str] = []
    pending: str | None = None
    for text, op, by in segments:
        if pending and by != pending:
            out.append(f"<sup>{escape(pending)}</sup>")
            pending = None
        if op == "keep" or not diff:
            out.append(escape(text))
            continue
        tag = "ins" if op == "insert" else "del"
        out.append(f"<{tag}>{escape(text)}</{tag}>")
        pending = by
    if pending:
        out.append(f"<sup>{escape(pending)}</sup>")
    return "".join(out)
