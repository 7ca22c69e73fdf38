"""The matrix and the synopsis as HTML and Markdown, through the project's or the packaged templates.

Templates get one context (documented in docs/matrix.md): `view` (the MatrixView or SynopsisView),
`charts` (stacked bar geometry for HTML), `page` (HTML only: the matrix's groups and rows with
their cells escaped once, render/html_cells.py), `decisions` (the outcome keys the summaries list, in
order: withdrawn only when a comment shown is) and `md` (escapes user text for a Markdown table cell). HTML templates autoescape every value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from commentmatrix.model.collector import collector_paused
from commentmatrix.render.html_cells import html_page
from commentmatrix.render.markdown import cell as md
from commentmatrix.render.templating import render_template
from commentmatrix.tally import DECISION_KEYS, WITHDRAWN
from commentmatrix.views.chart import stacked_bars
from commentmatrix.views.matrix import MatrixView, SynopsisView


def render_matrix_text(root: Path | None, view: MatrixView, fmt: str, items: int = 0) -> str:
    context: dict[str, Any] = {"view": view, "charts": (), "decisions": view.decisions, "md": md}
    if fmt == "html":
        context["charts"] = (stacked_bars(view.labels["by_stakeholder"], view.by_stakeholder),
                             stacked_bars(view.labels["by_section"], view.by_section))
        with collector_paused():  # tens of thousands of new texts, none in a cycle
            context["page"] = html_page(view)
    return render_template(root, f"matrix.{fmt}.j2", context, items)


def render_synopsis_text(root: Path | None, view: SynopsisView, fmt: str, items: int = 0) -> str:
    withdrawn = any(comment.decision == WITHDRAWN for row in view.rows for stage in row.stages for comment in stage.comments)
    decisions = tuple(key for key in DECISION_KEYS if key != WITHDRAWN or withdrawn)
    return render_template(root, f"synopsis.{fmt}.j2", {"view": view, "charts": (), "decisions": decisions, "md": md},
                           items)
