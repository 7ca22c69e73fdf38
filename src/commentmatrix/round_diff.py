"""Two rounds of one project compared, stakeholder by stakeholder: the value behind
`cm diff --rounds A B`.

Pure: the classification is carryover.py's; this adds what each comment came to (its outcome)
and, for a repeat, what the comment it repeats came to in the earlier round.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from commentmatrix import carryover
from commentmatrix.model.errors import UsageError
from commentmatrix.model.format import Round
from commentmatrix.model.project import CommentRef, Project
from commentmatrix.model.text import Text
from commentmatrix.tally import outcome_of


@dataclass(frozen=True)
class RoundComment:
    """A comment as the round comparison shows it: `kind` is carryover's; the `earlier_*` fields
    tell the comment a repeat or revision raises again (None otherwise)."""

    id: str
    kind: str
    round: str
    target: str
    outcome: str
    text: Text
    path: str
    line: int
    earlier_id: str | None = None
    earlier_outcome: str | None = None
    earlier_text: Text | None = None
    #: The round of the comment raised again: the earlier round compared, or one before it (a
    #: comment let rest in the round between).
    earlier_round: str | None = None

    def to_json(self) -> dict[str, Any]:
        repeats = ({"id": self.earlier_id, "round": self.earlier_round, "outcome": self.earlier_outcome,
                    "text": self.earlier_text}
                   if self.earlier_id else None)
        return {"id": self.id, "kind": self.kind, "round": self.round, "target": self.target, "outcome": self.outcome,
                "text": self.text, "file": self.path, "line": self.line, "repeats": repeats}


@dataclass
class StakeholderRounds:
    id: str
    name: Text
    comments: list[RoundComment] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(carryover.KINDS, 0)
        for comment in self.comments:
            found[comment.kind] += 1
        return found


@dataclass
class RoundsDiff:
    earlier: Round
    later: Round
    stakeholders: list[StakeholderRounds]

    @property
    def totals(self) -> dict[str, int]:
        found = dict.fromkeys(carryover.KINDS, 0)
        for stakeholder in self.stakeholders:
            for kind, count in stakeholder.counts.items():
                found[kind] += count
        return found

    def to_json(self) -> dict[str, Any]:
        def side(r: Round) -> dict[str, Any]:
            return {"id": r.id, "draft": r.draft, "title": r.title}
        return {"earlier": side(self.earlier), "later": side(self.later), "totals": self.totals,
                "stakeholders": [{"id": s.id, "name": s.name, "counts": s.counts,
                                  "comments": [c.to_json() for c in s.comments]} for s in self.stakeholders]}


def diff_rounds(project: Project, earlier_id: str, later_id: str) -> RoundsDiff:
    """The comparison of two rounds (earlier first); stakeholders with a comment in either, roster order."""
    earlier, later = project.round(earlier_id), project.round(later_id)
    if project.round_index(earlier.id) >= project.round_index(later.id):
        raise UsageError(f"round {earlier.id} does not come before round {later.id}: name the earlier round first",
                         hint=f"cm diff --rounds {later.id} {earlier.id}" if earlier.id != later.id else None)
    names = project.stakeholders_by_id
    found = []
    for stakeholder, items in carryover.compare_rounds(project, earlier.id, later.id).items():
        if items:
            name = names[stakeholder].name if stakeholder in names else stakeholder
            found.append(StakeholderRounds(stakeholder, name, [_shown(project, item) for item in items]))
    return RoundsDiff(earlier, later, found)


def _shown(project: Project, item: carryover.CarryOver) -> RoundComment:
    ref, before = item.ref, item.earlier
    comment = ref.comment
    return RoundComment(comment.id, item.kind, project.comment_round(ref) or "", comment.target, outcome_of(comment, project),
                        comment.text, ref.path, ref.position("id")[0],
                        *(_earlier(project, before) if before else (None, None, None, None)))


def _earlier(project: Project, ref: CommentRef) -> tuple[str, str, Text, str]:
    return ref.id, outcome_of(ref.comment, project), ref.comment.text, project.comment_round(ref) or ""
