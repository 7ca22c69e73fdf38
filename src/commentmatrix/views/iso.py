"""The matrix in the columns of the ISO/IEC commenting template (version 2012-03, "Template for
comments and secretariat observations"), for secretariats that report in that form.

Its eight columns, in the template's order: MB/NC (the stakeholder), line number, clause/subclause
(the target's section number), paragraph/figure/table (the paragraph's number in its section),
type of comment (ge, te or ed: the comment's `topic` when it is one of those, else empty), the
comment, the proposed change, and the observations of the secretariat (the decision in words
and the note). cm's drafts have no line numbers, so that column stays empty. The headings are the
template's own English words, as every national body reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from commentmatrix.model.format import GENERAL
from commentmatrix.model.project import Project
from commentmatrix.model.text import Lines
from commentmatrix.views.matrix import MatrixRow, MatrixView

#: (key, heading) in the template's order.
ISO_COLUMNS: tuple[tuple[str, str], ...] = (
    ("mb", "MB/NC"),
    ("line", "Line number"),
    ("clause", "Clause/Subclause"),
    ("paragraph", "Paragraph/Figure/Table"),
    ("type", "Type of comment"),
    ("comments", "Comments"),
    ("proposed", "Proposed change"),
    ("observations", "Observations of the secretariat"),
)
#: The template's types of comment: general, technical, editorial.
COMMENT_TYPES = ("ge", "te", "ed")
ISO_TITLE = "Template for comments and secretariat observations"


@dataclass(frozen=True)
class IsoRow:
    id: str
    cells: dict[str, str]
    decision: str  # the decision key, '' while open, for the fill of the observations


@dataclass(frozen=True)
class IsoView:
    title: str
    document: str  # the draft's id and version, for the form's "Document:" line
    date: str
    rows: tuple[IsoRow, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in ISO_COLUMNS)

    @property
    def headings(self) -> list[str]:
        return [heading for _, heading in ISO_COLUMNS]

    def table(self) -> list[list[str]]:
        return [[row.cells[key] for key in self.keys] for row in self.rows]


def _joined(lines: Lines) -> str:
    return "\n".join(value for _, value in lines)


def comment_type(topic: str | None) -> str:
    """ge, te or ed when the comment's topic is one of those words, else ''."""
    found = (topic or "").strip().casefold()
    return found if found in COMMENT_TYPES else ""


def build_iso(project: Project, view: MatrixView) -> IsoView:
    """The ISO form of a matrix view: one row per comment, in the view's order."""
    rows = []
    for _, row in view.rows():
        rows.append(IsoRow(row.id, _cells(project, view, row), row.decision if row.decision != "open" else ""))
    title = " / ".join(value for _, value in view.draft_title) or view.draft_id
    document = f"{view.draft_id} {view.draft_version}".strip()
    return IsoView(title, document, view.date.isoformat() if view.date else "", tuple(rows))


def _cells(project: Project, view: MatrixView, row: MatrixRow) -> dict[str, str]:
    clause, paragraph = _place(project, view, row)
    note = row.own_note
    observations = "\n".join(part for part in (_joined(row.decision_label) if row.decision != "open" else "",
                                               _joined(note)) if part)
    return {"mb": _joined(row.stakeholder), "line": "", "clause": clause, "paragraph": paragraph,
            "type": comment_type(row.topic), "comments": _joined(row.text),
            "proposed": "\n".join(_joined(edit) for edit in row.proposal), "observations": observations}


def _place(project: Project, view: MatrixView, row: MatrixRow) -> tuple[str, str]:
    """(section number, paragraph number) of the row's target: 'General' for the whole draft."""
    if row.target_id == GENERAL:
        return "General", ""
    draft = project.round(row.round_id).draft if row.round_id else view.draft_id
    place = project.places(draft).get(row.target_id)
    if place is None:
        return row.target_id, ""
    number = place.section.number or place.section.id
    return number, f"¶{place.position}" if place.position is not None else ""
