"""The HTML matrix's cells, escaped once in Python: what `matrix.html.j2` prints as `page`.

The sandbox checks every attribute a template reads and Jinja calls a macro per text, so a
template that walks the view spends most of its time on checks, not on writing (issue 19: 2.8×
the same page from plain strings). Here each cell's multilingual lines become their spans once,
as markup that autoescape passes through unchanged, so the packaged template only loops and
prints. The spans are the ones `_lines.html.j2`'s macros write (`ml`: one `<span class="l">` per
language; `inline`: spans side by side), byte for byte. `view` stays in the template's context:
a project's own template that walks it keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass

from commentmatrix.model.text import Lines
from commentmatrix.render.templating import Markup, escape
from commentmatrix.views.matrix import MatrixGroup, MatrixRow, MatrixView

EMPTY = Markup("")


def ml(lines: Lines) -> Markup:
    """One block span per language, as `_lines.html.j2`'s `ml` writes them."""
    return Markup("".join(f'<span class="l" lang="{escape(lang)}">{escape(value)}</span>' if lang
                          else f'<span class="l">{escape(value)}</span>' for lang, value in lines))


def inline(lines: Lines) -> Markup:
    """The languages side by side, as `_lines.html.j2`'s `inline` writes them."""
    return Markup(" ".join(f'<span lang="{escape(lang)}">{escape(value)}</span>' if lang
                           else f"<span>{escape(value)}</span>" for lang, value in lines))


@dataclass(frozen=True, slots=True)
class HtmlRow:
    """A matrix row's cells as markup; an empty string where the row has nothing to show."""

    id: Markup
    decision: str
    round: Markup  # the round's name, for the matrix of every round
    target: Markup  # the paragraph grouped by stakeholder, the stakeholder grouped by section
    carry: Markup
    where: Markup  # grouped by section: the paragraph when it is not the group's heading
    topic: Markup
    text: Markup
    proposal: tuple[Markup, ...]
    decision_label: Markup
    also_withdrawn: bool  # withdrawn by the stakeholder while a decision stands
    note: Markup  # the response's note, its lines that repeat the decision's words left out
    edits: tuple[Markup, ...]
    by: Markup  # "who · day", either alone, or empty
    objection: Markup
    internal_note: Markup


@dataclass(frozen=True, slots=True)
class HtmlGroup:
    heading: Markup
    acknowledgement: Markup
    state: Markup  # the stakeholder's state, for a group without rows
    rows: tuple[HtmlRow, ...]


@dataclass(frozen=True, slots=True)
class HtmlPage:
    groups: tuple[HtmlGroup, ...]


def html_page(view: MatrixView) -> HtmlPage:
    return HtmlPage(tuple(_group(view, group) for group in view.groups))


def _group(view: MatrixView, group: MatrixGroup) -> HtmlGroup:
    return HtmlGroup(heading=inline(group.heading), acknowledgement=inline(group.acknowledgement),
                     state=EMPTY if group.rows else ml(group.state_label),
                     rows=tuple(_row(view, group, row) for row in group.rows))


def _row(view: MatrixView, group: MatrixGroup, row: MatrixRow) -> HtmlRow:
    by_stakeholder = view.by == "stakeholder"
    said = [line for line in row.note if line not in row.decision_label]
    by = escape(row.by or "")
    if row.by and row.date:
        by += " · "
    if row.date:
        by += row.date.isoformat()
    return HtmlRow(
        id=escape(row.id), decision=row.decision, round=ml(row.round_label) if view.all_rounds else EMPTY,
        target=ml(row.target if by_stakeholder else row.stakeholder), carry=inline(row.carry),
        where=ml(row.target) if not by_stakeholder and row.target != group.heading else EMPTY,
        topic=escape(row.topic) if row.topic else EMPTY, text=ml(row.text),
        proposal=tuple(ml(edit) for edit in row.proposal), decision_label=inline(row.decision_label),
        also_withdrawn=row.withdrawn and row.decision != "withdrawn", note=ml(tuple(said)),
        edits=tuple(ml(edit) for edit in row.edits), by=by if (row.by or row.date) else EMPTY,
        objection=ml(row.objection), internal_note=ml(row.internal_note))
