"""The matrix and the synopsis as flat tables of strings: the shape CSV and XLSX share.

One row per comment (plus, grouped by stakeholder, one row per stakeholder without comments,
its state in words); texts in several languages are one cell, a line per language.
"""

from __future__ import annotations

from commentmatrix.model.text import Lines
from commentmatrix.views.matrix import MatrixView, SynopsisView

MATRIX_COLUMNS = ("id", "stakeholder", "state", "target", "topic", "comment", "proposal", "decision", "note",
                  "edits", "by", "date")
SYNOPSIS_COLUMNS = ("where", "original", "revised", "changed_by")


def joined(lines: Lines) -> str:
    return "\n".join(value for _, value in lines)


def _heading(view: MatrixView | SynopsisView, key: str) -> str:
    return " / ".join(value for _, value in view.labels[key])


def matrix_table(view: MatrixView) -> tuple[list[str], list[list[str]], list[str]]:
    """(header, rows, decision key of each row: '' for a stakeholder-state row)."""
    header = [_heading(view, key) for key in MATRIX_COLUMNS]
    rows: list[list[str]] = []
    decisions: list[str] = []
    for group in view.groups:
        if not group.rows and group.state:
            rows.append(["", joined(group.heading), joined(group.state_label)] + [""] * (len(MATRIX_COLUMNS) - 3))
            decisions.append("")
        for row in group.rows:
            note = tuple(line for line in row.note if line not in row.decision_label)
            rows.append([row.id, joined(row.stakeholder), "", joined(row.target), row.topic or "", joined(row.text),
                         "\n".join(joined(e) for e in row.proposal), joined(row.decision_label), joined(note),
                         "\n".join(joined(e) for e in row.edits), row.by or "",
                         row.date.isoformat() if row.date else ""])
            decisions.append(row.decision)
    return header, rows, decisions


def synopsis_table(view: SynopsisView) -> tuple[list[str], list[list[str]], list[str]]:
    header = [_heading(view, key) for key in SYNOPSIS_COLUMNS]
    rows = []
    for row in view.rows:
        by = "\n".join(f"{c.id} {c.stakeholder[0][1] if c.stakeholder else ''} · {c.decision_label[0][1]}".replace("  ", " ")
                       for c in row.comments)
        rows.append([joined(row.where), joined(row.original) or view.labels["inserted"][0][1],
                     joined(row.revised) or view.labels["deleted"][0][1], by])
    return header, rows, [""] * len(rows)
