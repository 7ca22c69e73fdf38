"""`cm assign`: share out the open comments among the secretariat, each with a due date."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from commentmatrix.cli.common import ProjectOption, commands, parse_day
from commentmatrix.cli.edit import run_edit
from commentmatrix.model.errors import UsageError


@commands.command()
def assign(
    comment_ids: Annotated[list[str], typer.Argument(metavar="COMMENT_ID...", help="The comments to share out.")],
    to: Annotated[Optional[str], typer.Option("--to", metavar="NAME", help="Who in the secretariat prepares the responses.")] = None,
    due: Annotated[Optional[str], typer.Option("--due", metavar="YYYY-MM-DD", help="When the responses are due (today or later).")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the assignment and due date.")] = False,
    today: Annotated[Optional[str], typer.Option("--today", help="The day it is (YYYY-MM-DD); default today or $CM_TODAY.")] = None,
    project: ProjectOption = None,
) -> None:
    """Give open comments to someone in the secretariat, by a due date (internal: never in the public matrix)."""
    from commentmatrix.write.assign import Assignment, clear_assignment
    from commentmatrix.write.assign import assign as assign_comments

    shown = ", ".join(comment_ids)
    if clear:
        if to is not None or due is not None:
            raise UsageError("--clear removes the assignment; it takes no --to or --due")
        run_edit(project, lambda loaded: (f"{shown}: not assigned", clear_assignment(loaded, comment_ids)),
                 reads=comment_ids)
        return
    assignment = Assignment(to, parse_day(due) if due is not None else None)
    words = " ".join(part for part in (f"assigned to {to.strip()}" if to else "", f"due {assignment.due}" if assignment.due else "")
                     if part)
    run_edit(project, lambda loaded: (f"{shown}: {words}", assign_comments(loaded, comment_ids, assignment, parse_day(today))),
             reads=comment_ids)
