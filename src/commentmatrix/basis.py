"""Suspect responses: a decision stands on the text it was made on.

`cm respond` records in the response a fingerprint (`basis:`) of the target's text as it stood.
The response is suspect when that text later changes, as requirements tools flag a link whose
end changed: the draft file was edited after the decision, or a later round's draft holds the
target with other words than the decision left it. `cm respond ID --confirm` records the text as
it stands now, and the response is sound again until the next change.

The other way round, a decision can come after its round's text was handed on: a comment of
round 1 accepted after `cm round start 2` wrote round 2's draft from round 1's revision. Its
edits are in round 1's revision only; round 2's draft never gets them (late_decision_rules).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from commentmatrix.engine import revise
from commentmatrix.model.diagnostics import Diagnostic, warning
from commentmatrix.model.format import GENERAL, Draft
from commentmatrix.model.project import CommentRef, Place, Project, index_draft
from commentmatrix.revision import Revision


def fingerprint(place: Place | None, draft_id: str = "") -> str | None:
    """A short fingerprint of a target's text in every language: a paragraph's text and kind, or
    a section's number, title and own paragraphs; with `draft_id`, of that text in that draft
    (a basis names the draft it was read in, since a later round's draft may hold the same
    words). None for what is not in the draft."""
    if place is None:
        return None
    if place.paragraph is not None:
        payload: object = [place.paragraph.text, place.paragraph.kind]
    else:
        section = place.section
        payload = [section.number, section.title, [[p.id, p.text, p.kind] for p in section.paragraphs]]
    data = draft_id + "\0" + json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class TextState:
    """The target's text in one round's draft (`text`, and `basis`: that text in that draft), and
    what that round leaves of it for the next (`carried`)."""

    round_id: str
    draft_id: str
    text: str | None
    basis: str | None
    carried: str | None  # None in the last round: no later round reads it


def states_of(project: Project, ref: CommentRef) -> list[TextState]:
    """The target's text from the comment's own round to the last round whose draft holds it."""
    round_id = project.round_of(ref.source)
    target = ref.comment.target
    if round_id is None or target == GENERAL or project.config is None:
        return []
    rounds = project.rounds[project.round_index(round_id):]
    found: list[TextState] = []
    for position, later in enumerate(rounds):
        draft_id = project.draft_id_of(ref.source) if position == 0 else later.draft
        if draft_id not in project.drafts_by_id:
            break
        place = project.places(draft_id).get(target)
        text = fingerprint(place)
        if text is None:
            break
        # The comment's own round hands on its revision; a later round's draft is what it holds.
        # Only a later round compares with what was handed on: the last round needs no revision
        # (so a quick check, which has no revision, can judge a basis in it: quick_check.py).
        carried: str | None
        if position > 0:
            carried = text
        else:
            carried = fingerprint(_revised_places(project, draft_id).get(target)) if len(rounds) > 1 else None
        found.append(TextState(later.id, draft_id, text, fingerprint(place, draft_id), carried))
    return found


def current_basis(project: Project, ref: CommentRef) -> str | None:
    """The fingerprint to record for a decision or a confirmation made now: the target's text in
    the newest round's draft that holds it."""
    states = states_of(project, ref)
    return states[-1].basis if states else None


def suspect_reason(project: Project, ref: CommentRef) -> str | None:
    """Why the comment's decided response no longer stands on its text, or None when it does (or
    records no basis)."""
    response = ref.comment.response
    if response is None or response.decision is None or response.basis is None:
        return None
    states = states_of(project, ref)
    if not states:
        return None
    target = ref.comment.target
    matched = [index for index, state in enumerate(states) if state.basis == response.basis]
    if not matched:
        return (f"the text of {target} in draft {states[0].draft_id} changed after the decision"
                if len(states) == 1 else f"the text of {target} is not the text the decision was made on")
    last = matched[-1]
    for state in states[last + 1:]:
        if state.text != states[last].carried:
            return f"round {state.round_id}'s draft {state.draft_id} changed {target} after the decision"
    return None


def suspect_rules(project: Project, revisions: dict[str, Revision]) -> Iterator[Diagnostic]:
    for source in project.comment_sources:  # project order, a CommentRef only for a recorded basis
        for index, comment in enumerate(source.file.comments):
            if comment.response is not None and comment.response.basis is not None:
                yield from suspect_problems(project, CommentRef(source, index))


def suspect_problems(project: Project, ref: CommentRef) -> Iterator[Diagnostic]:
    """The warning of a comment whose response is suspect (none when it stands)."""
    reason = suspect_reason(project, ref)
    if reason is not None:
        yield warning(ref.path, *ref.position("response", "basis"), "suspect-response",
                      f"comment {ref.id}: the response is suspect: {reason}",
                      f"check that the response still holds, then: cm respond {ref.id} --confirm")


def late_decision_rules(project: Project, revisions: dict[str, Revision]) -> Iterator[Diagnostic]:
    if not project.has_rounds:
        return
    last = len(project.rounds) - 1
    for source in project.comment_sources:
        round_id = project.round_of(source)
        if round_id is None or project.round_index(round_id) >= last:
            continue
        for index, comment in enumerate(source.file.comments):
            response = comment.response
            if (response is not None and response.decision in ("accepted", "partially") and response.date is not None
                    and (comment.proposal or response.edits)):
                yield from late_decision_problems(project, CommentRef(source, index))


def late_decision_problems(project: Project, ref: CommentRef) -> Iterator[Diagnostic]:
    """The warning of a comment decided, with edits, after the next round's draft was written
    from its round's revision, when that draft does not read as its round's revision has the
    target now (so it was not carried into it by hand)."""
    response = ref.comment.response
    round_id = project.round_of(ref.source)
    if response is None or response.date is None or round_id is None:
        return
    index = project.round_index(round_id)
    if index + 1 >= len(project.rounds):
        return
    own, following = project.rounds[index], project.rounds[index + 1]
    started = own.closed or following.opened
    if started is None or response.date <= started:
        return
    states = states_of(project, ref)
    if len(states) < 2 or states[1].text == states[0].carried:
        return
    decided = "accepted" if response.decision == "accepted" else "partially accepted"
    current = project.rounds[-1]
    later = f" and the drafts after it, to round {current.id}'s {current.draft}" if current is not following else ""
    yield warning(ref.path, *ref.position("response", "date"), "decided-after-round",
                  f"comment {ref.id} of round {round_id} was {decided} on {response.date}, after round {following.id} "
                  f"started ({started}): its edits are not in round {following.id}'s draft {following.draft}",
                  f"carry them by hand into drafts/{following.draft}.yaml{later} (this goes when {ref.comment.target} "
                  f"there reads as round {round_id}'s revision has it), or raise the point again in round {current.id}")


def _revised_places(project: Project, draft_id: str) -> dict[str, Place]:
    key = ("revised places", draft_id)
    if key not in project.memo:
        revision = revise(project, draft_id)
        draft: Draft | None = revision.to_draft() if revision is not None else None
        project.memo[key] = index_draft(draft.sections) if draft is not None else {}
    places: dict[str, Place] = project.memo[key]
    return places
