"""Groups of near-identical comments answered once (`group: LEAD` on each member).

Several stakeholders often ask for the same thing. The secretariat answers the group's lead;
each member says `group: LEAD-ID` and is answered by the lead's response: one decision and note
for all, and the lead's edits applied once. A member's own proposal is kept as the stakeholder
wrote it but never applied. The rules that keep groups sound are in group_rules.py.
"""

from __future__ import annotations

from commentmatrix.model.format import Comment, Response
from commentmatrix.model.project import CommentRef, Project


def lead_of(project: Project, comment: Comment) -> CommentRef | None:
    """The lead that answers a grouped comment; None for a comment in no group, or whose `group:`
    names no comment, itself, or a comment grouped in turn (errors of group_rules)."""
    if comment.group is None or comment.group == comment.id:
        return None
    lead = project.comments_by_id.get(comment.group)
    if lead is None or lead.comment.group is not None:
        return None
    return lead


def members_of(project: Project, lead_id: str) -> list[CommentRef]:
    """The comments that name `lead_id` as their group's lead, in project order."""
    if ("group_members",) not in project.memo:
        found: dict[str, list[CommentRef]] = {}
        for ref in project.comments():
            if ref.comment.group is not None and ref.comment.group != ref.id:
                found.setdefault(ref.comment.group, []).append(ref)
        project.memo[("group_members",)] = found
    members: list[CommentRef] = project.memo[("group_members",)].get(lead_id, [])
    return list(members)


def answering(project: Project, comment: Comment) -> Comment:
    """The comment whose response answers this one: its lead for a member, else itself."""
    lead = lead_of(project, comment)
    return lead.comment if lead is not None else comment


def response_of(project: Project, comment: Comment) -> Response | None:
    """The response that answers a comment: the lead's for a member of a group."""
    return answering(project, comment).response
