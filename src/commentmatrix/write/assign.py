"""Sharing out the open comments: who in the secretariat prepares each response, and by when.

`assignee:` and `due:` are internal fields of a comment: they are for the secretariat's own
planning (cm status), never for the published matrix. Like every edit here, the operations return
the files' new contents (`FileChange`); write/transaction.py validates and writes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from commentmatrix.model.errors import UsageError
from commentmatrix.model.project import CommentRef, Project
from commentmatrix.write.project_edits import find_comment, set_fields
from commentmatrix.write.transaction import EditRefused, FileChange


@dataclass(frozen=True)
class Assignment:
    """What `cm assign` sets: a person, a due date, or both (None: keep what the comment has)."""

    assignee: str | None = None
    due: dt.date | None = None


def assign(project: Project, comment_ids: list[str], assignment: Assignment, today: dt.date) -> list[FileChange]:
    """Give the comments to an assignee (and a due date). Refused, for all of them, when one is
    unknown, withdrawn or already decided (an assignment is for a response still to prepare),
    when the due date is before `today`, or when a due date would go on a comment nobody has."""
    assignee = assignment.assignee.strip() if assignment.assignee is not None else None
    if assignee == "":
        raise UsageError("--to needs a name: who prepares the responses")
    if assignee is None and assignment.due is None:
        raise UsageError("say who prepares the responses with --to NAME (and by when with --due YYYY-MM-DD), "
                         "or remove the assignment with --clear")
    if assignment.due is not None and assignment.due < today:
        raise EditRefused(f"the due date {assignment.due.isoformat()} is before today ({today.isoformat()})",
                          hint="give a date from today on (today is taken from --today or $CM_TODAY)")
    refs = [find_comment(project, comment_id) for comment_id in dict.fromkeys(comment_ids)]
    for ref in refs:
        _check_assignable(ref, assignee is not None)
    fields: dict[str, Any] = {}
    if assignee is not None:
        fields["assignee"] = assignee
    if assignment.due is not None:
        fields["due"] = assignment.due
    return set_fields(project, refs, fields)


def clear_assignment(project: Project, comment_ids: list[str]) -> list[FileChange]:
    """Remove `assignee:` and `due:` from the comments (any comment: clearing is always allowed)."""
    refs = [find_comment(project, comment_id) for comment_id in dict.fromkeys(comment_ids)]
    return set_fields(project, refs, {"assignee": None, "due": None})


def _check_assignable(ref: CommentRef, names_assignee: bool) -> None:
    comment = ref.comment
    if comment.withdrawn is not None:
        raise EditRefused(f"comment {ref.id} was withdrawn by the stakeholder: it needs no response, so no one to prepare it",
                          hint=f"cm withdraw {ref.id} --undo first, if it was not withdrawn after all")
    if comment.decision is not None:
        raise EditRefused(f"comment {ref.id} is decided already ({comment.decision}): an assignment is for an open comment",
                          hint=f"cm assign {ref.id} --clear removes an assignment it still has")
    if not names_assignee and comment.assignee is None:
        raise EditRefused(f"comment {ref.id} is not assigned to anyone, so it can have no due date",
                          hint=f"give it to someone too: cm assign {ref.id} --to NAME --due DATE")
