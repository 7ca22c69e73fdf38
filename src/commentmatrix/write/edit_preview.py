"""What a comment's edits do to its round's draft, worked out before `cm respond` or `cm add`
writes them: the engine applies the comment's edits (alone) to the draft, and an edit that does
not apply is refused here with the engine's own words and hint, before anything is written.
Conflicts with other comments' edits are left to the transaction's check of the whole project.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from commentmatrix.engine import apply_edits, requests_for
from commentmatrix.model.format import Comment
from commentmatrix.model.project import Project
from commentmatrix.model.validation import validate
from commentmatrix.revision import Revision
from commentmatrix.write.transaction import OwnEditsRefused


@dataclass(frozen=True)
class EditPreview:
    comment_id: str
    revision: Revision  # the draft with the comment's edits (and only those) made
    proposed: bool  # the proposal as if accepted (cm add), not the decided edits (cm respond)


def plain(value: Any) -> Any:
    """Edited YAML (ruamel's maps and lists) as plain dicts, lists and strings."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return str(value) if isinstance(value, str) else value


def preview_of(project: Project, draft_id: str | None, stakeholder: str, data: dict[str, Any],
               proposed: bool = False) -> EditPreview | None:
    """The preview of the comment `data` (as it will be written); None when there is no draft to
    show it on, or the comment does not validate (the transaction's check then says why)."""
    comment, _ = validate(Comment, data)
    source = project.drafts_by_id.get(draft_id) if draft_id else None
    if comment is None or source is None or source.draft is None:
        return None
    requests = requests_for(comment, stakeholder)
    side = "proposal" if proposed else "response"
    if proposed:
        requests = [replace(request, apply=request.path[:1] == ("proposal",)) for request in requests]
    revision = apply_edits(source.draft, requests)
    for outcome in revision.outcomes:
        if not outcome.ok and (outcome.request.apply or outcome.request.path[:1] == (side,)):
            number = int(outcome.request.path[-1]) + 1
            where = "proposed edit" if outcome.request.path[:1] == ("proposal",) else "edit"
            raise OwnEditsRefused(f"comment {comment.id}, {where} {number}: {outcome.message or 'the edit does not apply'}; "
                              "nothing was written", hint=outcome.hint)
    return EditPreview(comment.id, revision, proposed)
