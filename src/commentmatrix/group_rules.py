"""Checks of groups of comments answered once (`group: LEAD`, see groups.py).

A group is sound when its lead is a comment of the same round that is in no group itself, and
when the lead alone carries the response. Members' proposals are never applied; where one asks
for another change to the same text than the lead's edits (or another member's proposal), the
secretariat is warned, since only the lead's edits apply.
"""

from __future__ import annotations

from collections.abc import Iterator

from commentmatrix.groups import members_of
from commentmatrix.model.diagnostics import Diagnostic, error, warning
from commentmatrix.model.format import DeleteEdit, InsertEdit, InsertSectionEdit, ReplaceEdit
from commentmatrix.model.project import CommentRef, Project
from commentmatrix.model.segmentation import shorten
from commentmatrix.model.suggestions import did_you_mean
from commentmatrix.revision import Outcome, Revision


def group_rules(project: Project, revisions: dict[str, Revision]) -> Iterator[Diagnostic]:
    # The files and their comments in project order, without a CommentRef for the many not grouped.
    for source in project.comment_sources:
        for index, comment in enumerate(source.file.comments):
            if comment.group is not None:
                yield from _member(project, CommentRef(source, index))
    yield from _conflicting_proposals(project, revisions)


def _member(project: Project, ref: CommentRef) -> Iterator[Diagnostic]:
    comment, lead_id = ref.comment, ref.comment.group
    assert lead_id is not None
    at = ref.position("group")
    mine = project.comment_round(ref)
    lead = project.comments_by_id.get(lead_id)
    if lead_id == comment.id:
        yield error(ref.path, *at, "group-chain", f"comment {ref.id} names itself as the lead of its group",
                    f"a group's lead has no `group:`: delete this line, or name the lead (cm group LEAD {ref.id})")
        return
    if lead is None:
        same_round = [c.id for c in project.comments() if project.comment_round(c) == mine and c.id != ref.id]
        yield error(ref.path, *at, "unknown-comment", f"comment {ref.id} is grouped with '{lead_id}', which is no comment of the project",
                    did_you_mean(lead_id, same_round) or "name the id of the comment whose response answers this one")
        return
    theirs = project.comment_round(lead)
    if theirs != mine:
        yield error(ref.path, *at, "group-across-rounds",
                    f"comment {ref.id} (round {mine}) is grouped with {lead_id}, which is in round {theirs}: "
                    "a group is answered once, in one round",
                    f"for a comment raised again from an earlier round, write `repeats: {lead_id}` instead (cm repeats {ref.id} {lead_id})")
        return
    if lead.comment.group is not None:
        yield error(ref.path, *at, "group-chain",
                    f"comment {ref.id} is grouped with {lead_id}, which is itself grouped with {lead.comment.group}: "
                    "a group has one lead",
                    f"name the lead of the whole group: cm group {lead.comment.group} {ref.id}")
        return
    if comment.decision is not None:
        yield error(ref.path, *ref.position("response", "decision"), "group-member-decided",
                    f"comment {ref.id} is answered by its group's lead {lead_id}, but has a decision of its own ({comment.decision})",
                    f"answer the group on its lead (cm respond {lead_id}) and delete {ref.id}'s response, "
                    f"or take it out of the group: cm group --clear {ref.id}")


# ---------------------------------------------------------------- proposals within a group

def _conflicting_proposals(project: Project, revisions: dict[str, Revision]) -> Iterator[Diagnostic]:
    leads = sorted(_leads(project))
    if not leads:
        return  # no group: no outcome needs sorting by comment
    for revision in revisions.values():
        by_comment: dict[str, list[Outcome]] = {}
        for outcome in revision.outcomes:
            if outcome.status in ("applied", "checked"):
                by_comment.setdefault(outcome.request.comment_id, []).append(outcome)
        for lead_id in leads:
            yield from _group_conflicts(project, lead_id, by_comment)


def _leads(project: Project) -> set[str]:
    return {comment.group for source in project.comment_sources for comment in source.file.comments
            if comment.group is not None}


def _group_conflicts(project: Project, lead_id: str, by_comment: dict[str, list[Outcome]]) -> Iterator[Diagnostic]:
    """Each member's proposed edit against the lead's edits (those its decision applies, else its
    proposal) and the proposals of the members before it; one warning per edit, the first conflict."""
    lead_outcomes = by_comment.get(lead_id, [])
    applied = [o for o in lead_outcomes if o.request.apply]
    proposed = [o for o in lead_outcomes if o.request.path[-2:-1] == ("proposal",)]
    earlier: list[tuple[str, Outcome]] = ([(f"{lead_id}'s edits", o) for o in applied] if applied
                                          else [(f"{lead_id}'s proposal", o) for o in proposed])
    for member in members_of(project, lead_id):
        own = [o for o in by_comment.get(member.id, []) if o.request.path[-2:-1] == ("proposal",)]
        for outcome in own:
            clash = next(((name, other) for name, other in earlier if _conflict(outcome, other)), None)
            if clash is not None:
                name, other = clash
                line, column = member.source.doc.position(outcome.request.path)
                yield warning(member.path, line, column, "group-proposal-conflict",
                              f"comment {member.id} proposes {_what(outcome)}, unlike {name} ({_what(other)}): "
                              f"in the group of {lead_id} only the lead's edits apply",
                              f"if {member.id} asks for something else, take it out of the group (cm group --clear {member.id}) "
                              "and answer it on its own")
        earlier += [(f"{member.id}'s proposal", o) for o in own]


def _conflict(one: Outcome, other: Outcome) -> bool:
    """Whether two edits change the same text (or make the same id) differently."""
    a, b = one.request.edit, other.request.edit
    if a == b:
        return False
    if isinstance(a, ReplaceEdit) and isinstance(b, ReplaceEdit):
        return (one.where == other.where and one.lang == other.lang and one.span is not None and other.span is not None
                and one.span[0] < other.span[1] and other.span[0] < one.span[1])
    if isinstance(a, DeleteEdit) or isinstance(b, DeleteEdit):
        deleted, edited = (a, other) if isinstance(a, DeleteEdit) else (b, one)
        assert isinstance(deleted, DeleteEdit)
        return isinstance(edited.request.edit, ReplaceEdit) and edited.where == deleted.delete
    if isinstance(a, InsertEdit) and isinstance(b, InsertEdit):
        return a.id == b.id
    if isinstance(a, InsertSectionEdit) and isinstance(b, InsertSectionEdit):
        return a.insert_section.id == b.insert_section.id
    return False


def _what(outcome: Outcome) -> str:
    edit = outcome.request.edit
    if isinstance(edit, ReplaceEdit):
        return f"'{shorten(edit.replace, 40)}' → '{shorten(edit.with_, 40)}' in {outcome.where}"
    if isinstance(edit, DeleteEdit):
        return f"deleting {edit.delete}"
    if isinstance(edit, InsertEdit):
        return f"a new paragraph {edit.id}"
    return f"a new section {edit.insert_section.id}"
