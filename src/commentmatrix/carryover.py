"""What became of a stakeholder's comments from one round to the next.

Each comment of the later round is new, repeated (it `repeats:` an earlier comment of the same
stakeholder with the same text) or revised (it repeats one with other text); each comment of
the earlier round that no later comment repeats was withdrawn (its `withdrawn:` is set) or
resolved (not raised again). The classification ISO ballots' stage comparison makes, as kinds
of one value for `cm status`, `cm diff --rounds` and the matrix's round column.
"""

from __future__ import annotations

from dataclasses import dataclass

from commentmatrix.model.project import CommentRef, Project
from commentmatrix.model.text import Text, as_mapping, nfc

NEW = "new"
REPEATED = "repeated"
REVISED = "revised"
WITHDRAWN = "withdrawn"
RESOLVED = "resolved"
#: The order outputs list the kinds in: the later round's comments, then what became of the earlier round's.
KINDS: tuple[str, ...] = (NEW, REPEATED, REVISED, WITHDRAWN, RESOLVED)


@dataclass(frozen=True)
class CarryOver:
    """One comment and its kind; `earlier` is the comment it repeats (repeated, revised)."""

    ref: CommentRef
    kind: str
    earlier: CommentRef | None = None


def classify(project: Project, stakeholder_id: str, earlier_round_id: str, later_round_id: str) -> list[CarryOver]:
    """The stakeholder's comments of the later round (file order), then those of the earlier round
    that no later comment repeats (file order)."""
    earlier: dict[str, CommentRef] = {}
    for ref in _comments_of(project, stakeholder_id, earlier_round_id):
        earlier.setdefault(ref.id, ref)
    found: list[CarryOver] = []
    repeated_ids: set[str] = set()
    for ref in _comments_of(project, stakeholder_id, later_round_id):
        before = earlier.get(ref.comment.repeats) if ref.comment.repeats else None
        if before is None:
            found.append(CarryOver(ref, NEW))
            continue
        repeated_ids.add(before.id)
        same = same_text(ref.comment.text, before.comment.text)
        found.append(CarryOver(ref, REPEATED if same else REVISED, before))
    for ref in earlier.values():
        if ref.id not in repeated_ids:
            found.append(CarryOver(ref, WITHDRAWN if ref.comment.withdrawn is not None else RESOLVED))
    return found


def compare_rounds(project: Project, earlier_round_id: str, later_round_id: str) -> dict[str, list[CarryOver]]:
    """classify() for every stakeholder, roster order (then any stakeholder not on the roster, by id)."""
    roster = [s.id for s in project.config.stakeholders] if project.config else []
    others = sorted({ref.stakeholder for round_id in (earlier_round_id, later_round_id)
                     for ref in project.comments_in(round_id)} - set(roster))
    return {stakeholder: classify(project, stakeholder, earlier_round_id, later_round_id)
            for stakeholder in (*roster, *others)}


def kind_of(project: Project, ref: CommentRef) -> str | None:
    """The kind of a comment against the round before its own (new, repeated or revised); None
    in the first round or for a file in no round."""
    round_id = project.comment_round(ref)
    previous = project.previous_round(round_id) if round_id is not None else None
    if previous is None:
        return None
    before = project.comments_by_id.get(ref.comment.repeats) if ref.comment.repeats else None
    if (before is None or before.stakeholder != ref.stakeholder
            or project.comment_round(before) != previous.id):
        return NEW
    return REPEATED if same_text(ref.comment.text, before.comment.text) else REVISED


def counts(carry_overs: list[CarryOver]) -> dict[str, int]:
    """How many of each kind, every kind present (KINDS order)."""
    found = dict.fromkeys(KINDS, 0)
    for item in carry_overs:
        found[item.kind] += 1
    return found


def same_text(one: Text, other: Text) -> bool:
    """Whether two texts say the same in every language, once whitespace is normalised (NFC, runs
    of spaces and line breaks as one space): re-wrapping a comment does not revise it."""
    return _normalised(one) == _normalised(other)


def _normalised(text: Text) -> dict[str, str]:
    return {lang: " ".join(nfc(value).split()) for lang, value in as_mapping(text).items()}


def _comments_of(project: Project, stakeholder_id: str, round_id: str) -> list[CommentRef]:
    # Grouped once per round and kept with the project: comparing every stakeholder must not walk
    # all the comments once per stakeholder.
    key = ("carry-over comments", round_id)
    if key not in project.memo:
        grouped: dict[str, list[CommentRef]] = {}
        for ref in project.comments_in(round_id):
            grouped.setdefault(ref.stakeholder, []).append(ref)
        project.memo[key] = grouped
    found: list[CommentRef] = project.memo[key].get(stakeholder_id, [])
    return found
