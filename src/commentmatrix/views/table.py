"""The matrix and the synopsis as flat tables of strings: the shape CSV and XLSX share.

One row per comment (plus, grouped by stakeholder, one row per stakeholder without comments,
its state in words); texts in several languages are one cell, a line per language. A project
with rounds gets a round column (and, in the matrix, what a comment is against the previous
round); a project of one round keeps the columns it always had. The synopsis across rounds has
a line per round that revised a text, each line whole (its place and first-round text repeated),
so a script reads every line alone.
"""

from __future__ import annotations

from commentmatrix.model.text import Lines
from commentmatrix.views.audience import HIDDEN_COLUMNS
from commentmatrix.views.matrix import MatrixView, SynopsisComment, SynopsisView

#: Every column of the matrix table, in order; an audience's own leaves out its HIDDEN_COLUMNS.
ALL_MATRIX_COLUMNS = ("id", "stakeholder", "state", "target", "topic", "comment", "proposal", "decision", "note",
                      "edits", "by", "date", "internal_note")
#: The columns every audience's matrix has: cm import table knows cm's own matrix by them.
MATRIX_COLUMNS = tuple(key for key in ALL_MATRIX_COLUMNS if not any(key in hidden for hidden in HIDDEN_COLUMNS.values()))
SYNOPSIS_COLUMNS = ("where", "original", "revised", "changed_by")
ROUND_COLUMNS = ("round", "carryover")


def joined(lines: Lines) -> str:
    return "\n".join(value for _, value in lines)


def _heading(view: MatrixView | SynopsisView, key: str) -> str:
    return " / ".join(value for _, value in view.labels[key])


def matrix_columns(view: MatrixView) -> tuple[str, ...]:
    """The columns of the view's audience: the public matrix has no "Decided by" or "Internal note"
    column; the internal one has "Internal note" only when some comment shown has one."""
    columns = (ALL_MATRIX_COLUMNS[0], *ROUND_COLUMNS, *ALL_MATRIX_COLUMNS[1:]) if view.has_rounds else ALL_MATRIX_COLUMNS
    hidden = HIDDEN_COLUMNS[view.audience]
    if not any(row.internal_note for _, row in view.rows()):
        hidden = hidden | {"internal_note"}
    return tuple(key for key in columns if key not in hidden)


def synopsis_columns(view: SynopsisView) -> tuple[str, ...]:
    return ("where", "original", "round", "revised", "changed_by") if view.has_rounds else SYNOPSIS_COLUMNS


def matrix_table(view: MatrixView) -> tuple[list[str], list[list[str]], list[str]]:
    """(header, rows, decision key of each row: '' for a stakeholder-state row)."""
    keys = matrix_columns(view)
    header = [_heading(view, key) for key in keys]
    rows: list[list[str]] = []
    decisions: list[str] = []
    for group in view.groups:
        if not group.rows and group.state:
            cells = {"stakeholder": joined(group.heading), "state": "\n".join(
                value for value in (joined(group.state_label), joined(group.acknowledgement)) if value)}
            rows.append([cells.get(key, "") for key in keys])
            decisions.append("")
        for row in group.rows:
            note = row.own_note
            decision = joined(row.decision_label)
            if row.withdrawn and row.decision != "withdrawn":
                decision += "\n" + joined(view.labels["withdrawn"])
            if row.objection:
                decision += "\n" + joined(row.objection)
            cells = {
                "id": row.id, "round": joined(row.round_label), "carryover": joined(row.carry),
                "stakeholder": joined(row.stakeholder), "state": joined(group.answer_in(row.round_id)),
                "target": joined(row.target), "topic": row.topic or "",
                "comment": joined(row.text), "proposal": "\n".join(joined(e) for e in row.proposal), "decision": decision,
                "note": joined(note), "edits": "\n".join(joined(e) for e in row.edits), "by": row.by or "",
                "date": row.date.isoformat() if row.date else "", "internal_note": joined(row.internal_note)}
            rows.append([cells[key] for key in keys])
            decisions.append(row.decision)
    return header, rows, decisions


def _changed_by(comments: tuple[SynopsisComment, ...]) -> str:
    return "\n".join(f"{c.id} {c.stakeholder[0][1] if c.stakeholder else ''} · {c.decision_label[0][1]}".replace("  ", " ")
                     for c in comments)


def synopsis_table(view: SynopsisView) -> tuple[list[str], list[list[str]], list[str]]:
    keys = synopsis_columns(view)
    header = [_heading(view, key) for key in keys]
    inserted, deleted = view.labels["inserted"][0][1], view.labels["deleted"][0][1]
    rows = []
    for row in view.rows:
        # One round's row is its one stage; across rounds, a line per stage.
        for stage in row.stages if view.all_rounds else row.stages[-1:]:
            cells = {"where": joined(row.where), "original": joined(row.original) or inserted,
                     "round": joined(stage.round_label), "revised": joined(stage.revised) or deleted,
                     "changed_by": _changed_by(stage.comments)}
            rows.append([cells[key] for key in keys])
    return header, rows, [""] * len(rows)
