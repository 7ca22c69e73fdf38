"""`cm group`: near-identical comments answered once, by the response of the group's lead."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from commentmatrix.cli.common import ProjectOption, commands
from commentmatrix.cli.edit import run_edit
from commentmatrix.model.errors import UsageError


@commands.command("group")
def group_command(
    comment_ids: Annotated[list[str], typer.Argument(metavar="ID...", help="The comments of the group; the first is its lead.")],
    lead: Annotated[Optional[str], typer.Option("--lead", metavar="ID", help="The comment whose response answers the group (default: the first id).")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Take the comments out of their groups (a lead: its whole group).")] = False,
    withdrawn_too: Annotated[bool, typer.Option("--withdrawn-too", help="Group comments their stakeholders withdrew too (refused otherwise: they need no answer).")] = False,
    project: ProjectOption = None,
) -> None:
    """Answer near-identical comments once: each member gets `group: LEAD`, and the lead's response
    (cm respond LEAD) is its decision and note; only the lead's edits apply."""
    from commentmatrix.write.groups import group_comments, ungroup_comments

    if clear and lead is not None:
        raise UsageError("--clear takes the comments out of their groups; it takes no --lead")

    def operation(loaded):
        grouping = ungroup_comments(loaded, comment_ids) if clear else group_comments(loaded, comment_ids, lead, withdrawn_too)
        return grouping.message, grouping.changes

    run_edit(project, operation)
