"""`cm group`: near-identical comments put under one lead, whose response answers them all.

Each member gets `group: LEAD` (one line added to the comment, every other byte kept); the lead
is left as it is. A group is refused, before anything is written, when its comments are in
different rounds, when a member has a decision of its own (a group has one decision: the
lead's), or when a comment given already leads or belongs to another group in a way that would
make a chain. A comment its stakeholder withdrew, as lead or member, is refused unless
`--withdrawn-too` says it is meant: it needs no answer, and grouped it would get one (a withdrawn
member counts with its lead's decision once the lead is decided). `cm respond MEMBER` is refused
by the rule group-member-decided at commit time.
"""

from __future__ import annotations

from dataclasses import dataclass

from commentmatrix.groups import members_of
from commentmatrix.model.errors import UsageError
from commentmatrix.model.project import CommentRef, Project
from commentmatrix.write.project_edits import find_comment, refuse_withdrawn, set_field
from commentmatrix.write.transaction import EditRefused, FileChange


@dataclass(frozen=True)
class Grouping:
    """What `cm group` does: the lead, the members it answers from now on, the file changes."""

    lead: str
    members: tuple[str, ...]
    changes: list[FileChange]

    @property
    def message(self) -> str:
        if not self.members:
            return "no comment changed its group"
        return f"{', '.join(self.members)}: answered by {self.lead}" if self.lead else f"{', '.join(self.members)}: in no group"


def group_comments(project: Project, comment_ids: list[str], lead_id: str | None = None,
                   withdrawn_too: bool = False) -> Grouping:
    """Put the comments under one lead (default: the first id); refused as the module says."""
    ids = list(dict.fromkeys(comment_ids))
    lead_id = lead_id or (ids[0] if ids else None)
    members = [i for i in ids if i != lead_id]
    if lead_id is None or not members:
        raise UsageError("give at least two comments: cm group LEAD MEMBER... (the first is the lead, or name it with --lead)")
    lead = find_comment(project, lead_id)
    refs = [find_comment(project, i) for i in members]
    _same_round(project, lead, refs)
    if lead.comment.group is not None:
        raise EditRefused(f"comment {lead_id} is itself in the group of {lead.comment.group}, so it cannot lead one",
                          hint=f"put them all in that group: cm group {lead.comment.group} {' '.join(members)}")
    if not withdrawn_too:
        refuse_withdrawn(lead, "leading a group it would need one, published as the group's answer "
                               "(another comment may lead: --lead ID)")
    for ref in refs:
        _may_join(project, lead, ref)
        if not withdrawn_too and ref.comment.group != lead_id:
            refuse_withdrawn(ref, f"in the group of {lead_id}, {lead_id}'s answer would be published as its answer")
    joining = [ref for ref in refs if ref.comment.group != lead_id]
    return Grouping(lead_id, tuple(r.id for r in joining), set_field(project, [r.id for r in joining], "group", lead_id))


def ungroup_comments(project: Project, comment_ids: list[str]) -> Grouping:
    """Take comments out of their groups; a lead given takes its whole group apart."""
    refs = [find_comment(project, i) for i in dict.fromkeys(comment_ids)]
    leaving: dict[str, None] = {}
    for ref in refs:
        if ref.comment.group is not None:
            leaving[ref.id] = None
        for member in members_of(project, ref.id):
            leaving[member.id] = None
    return Grouping("", tuple(leaving), set_field(project, list(leaving), "group", None))


def _same_round(project: Project, lead: CommentRef, refs: list[CommentRef]) -> None:
    wanted = project.comment_round(lead)
    others = [ref for ref in refs if project.comment_round(ref) != wanted]
    if others:
        shown = ", ".join(f"{r.id} (round {project.comment_round(r)})" for r in others)
        # The hint names the later of the two as the one raised again (the lead may be the
        # later: it named the earlier one), and the earlier as what it repeats when it is the
        # same stakeholder's.
        other = others[0]
        other_round = project.comment_round(other)
        later, earlier = ((other, lead) if wanted is None or other_round is None
                          or project.round_index(other_round) > project.round_index(wanted) else (lead, other))
        old = earlier.id if earlier.stakeholder == later.stakeholder else "OLD"
        raise EditRefused(f"{lead.id} is in round {wanted}, but {shown} not: a group is answered once, in one round",
                          hint=f"for a comment raised again from an earlier round, say so instead: cm repeats {later.id} {old}")


def _may_join(project: Project, lead: CommentRef, ref: CommentRef) -> None:
    own = members_of(project, ref.id)
    if own:
        shown = " ".join(m.id for m in own)
        raise EditRefused(f"comment {ref.id} leads a group of its own ({shown}), so it cannot join the group of {lead.id}",
                          hint=f"put them all under one lead: cm group {lead.id} {ref.id} {shown}")
    mine, theirs = ref.comment.decision, lead.comment.decision
    if mine is None:
        return
    if theirs is not None and mine != theirs:
        raise EditRefused(f"comment {ref.id} is already {mine}, and {lead.id} {theirs}: a group has one decision, the lead's",
                          hint=f"delete {ref.id}'s response if {lead.id}'s answers it, then group them; "
                               f"or keep the two apart and answer each")
    better = (f"make it the lead: run the same cm group with --lead {ref.id}" if theirs is None
              else f"delete {ref.id}'s response ({lead.id}'s, also {mine}, answers the group), then group them")
    raise EditRefused(f"comment {ref.id} has a response of its own ({mine}): in a group only the lead's response answers",
                      hint=better)
