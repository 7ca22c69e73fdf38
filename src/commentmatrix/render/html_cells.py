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
from functools import lru_cache
from typing import NamedTuple

from commentmatrix.model.text import Lines
from commentmatrix.render.templating import Markup, escaped_text, ready_markup
from commentmatrix.views.matrix import MatrixGroup, MatrixRow, MatrixView

EMPTY = Markup("")


_markup = ready_markup


# Each piece of text is escaped as a plain str; the cell is made Markup once, whole.
_escaped = escaped_text


@lru_cache(maxsize=256)
def _lang(lang: str) -> str:
    # A handful of language tags, on every line of every cell.
    return escaped_text(lang)


def _ml(lines: Lines) -> str:
    return "".join([f'<span class="l" lang="{_lang(lang)}">{_escaped(value)}</span>' if lang
                    else f'<span class="l">{_escaped(value)}</span>' for lang, value in lines])


def _inline(lines: Lines) -> str:
    return " ".join([f'<span lang="{_lang(lang)}">{_escaped(value)}</span>' if lang
                     else f"<span>{_escaped(value)}</span>" for lang, value in lines])


def ml(lines: Lines) -> Markup:
    """One block span per language, as `_lines.html.j2`'s `ml` writes them."""
    return _markup(_ml(lines))


def inline(lines: Lines) -> Markup:
    """The languages side by side, as `_lines.html.j2`'s `inline` writes them."""
    return _markup(_inline(lines))


class HtmlRow(NamedTuple):
    """A matrix row's cells as markup, each cell's inside whole (what the packaged template
    printed from the row's fields before, in the same order). A tuple, so the packaged template
    unpacks it in its `for` and reads no attribute through the sandbox; `row.id` works too."""

    id: Markup
    decision: str
    round: Markup  # the round's name, for the matrix of every round; else empty
    target: Markup  # the paragraph grouped by stakeholder, the stakeholder grouped by section
    comment: Markup  # what repeats, where (by section), the topic, the text, the proposed edits
    response: Markup  # the decision, withdrawn, the note, the edits, who and when, the objection, the internal note


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
    cells = _Cells(view)
    return HtmlPage(tuple(cells.group(group) for group in view.groups))


class _Cells:
    """The page's cells, from one view. The stakeholder, the decision and the round repeat across
    thousands of rows with a few dozen values: each is laid out once."""

    def __init__(self, view: MatrixView):
        self.by_stakeholder = view.by == "stakeholder"
        self.all_rounds = view.all_rounds
        self.withdrawn = _inline(view.labels["withdrawn"])
        self.blocks: dict[Lines, Markup] = {}
        self.decisions: dict[tuple[str, Lines], str] = {}

    def block(self, lines: Lines) -> Markup:
        """`ml` of lines that repeat from row to row."""
        markup = self.blocks.get(lines)
        if markup is None:
            markup = self.blocks[lines] = _markup(_ml(lines))
        return markup

    def decision(self, decision: str, label: Lines) -> str:
        key = (decision, label)
        markup = self.decisions.get(key)
        if markup is None:
            markup = self.decisions[key] = f'<div class="decision {decision}">{_inline(label)}</div>\n'
        return markup

    def group(self, group: MatrixGroup) -> HtmlGroup:
        return HtmlGroup(heading=inline(group.heading), acknowledgement=inline(group.acknowledgement),
                         state=EMPTY if group.rows else ml(group.state_label),
                         rows=tuple([self.row(group, row) for row in group.rows]))

    def row(self, group: MatrixGroup, row: MatrixRow) -> HtmlRow:
        comment = []
        if row.carry:
            comment.append(f'<div class="carry">{_inline(row.carry)}</div>')
        if not self.by_stakeholder and row.target != group.heading:
            comment.append(f'<div class="where">{self.block(row.target)}</div>')
        if row.topic:
            comment.append(f'<div class="topic">{_escaped(row.topic)}</div>')
        comment.append(_ml(row.text) + "\n")
        for edit in row.proposal:
            comment.append(f'<div class="edit">{_ml(edit)}</div>')
        response = [self.decision(row.decision, row.decision_label)]
        if row.withdrawn and row.decision != "withdrawn":
            response.append(f'<div class="decision withdrawn">{self.withdrawn}</div>')
        if row.note:
            response.append(_ml(row.own_note))
        for edit in row.edits:
            response.append(f'<div class="edit">{_ml(edit)}</div>')
        if row.by or row.date:
            between = " · " if row.by and row.date else ""
            response.append(f'<div class="by">{_escaped(row.by or "")}{between}{row.date.isoformat() if row.date else ""}</div>')
        if row.objection:
            response.append(f'<div class="objection">{_ml(row.objection)}</div>')
        if row.internal_note:
            response.append(f'<div class="internal">{_ml(row.internal_note)}</div>')
        return HtmlRow(_markup(_escaped(row.id)), row.decision, self.block(row.round_label) if self.all_rounds else EMPTY,
                       self.block(row.target if self.by_stakeholder else row.stakeholder),
                       _markup("".join(comment)), _markup("".join(response)))
