"""Comments counted by decision: the one count behind `cm status`, the matrix's summaries and
charts, and `cm diff`'s before/after table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from commentmatrix.groups import answering
from commentmatrix.model.format import DECISIONS, Comment
from commentmatrix.model.format import OPEN as OPEN  # the outcomes, named where the rest are
from commentmatrix.model.format import WITHDRAWN as WITHDRAWN
from commentmatrix.model.project import Project
from commentmatrix.model.text import Lines

# WITHDRAWN: the stakeholder took the comment back before it was decided: it needs no decision,
# and it is the stakeholder's act, never one of the secretariat's decisions.
#: The order every output lists outcomes in; a comment without a decision (and not withdrawn) is open.
DECISION_KEYS: tuple[str, ...] = (*DECISIONS, WITHDRAWN, OPEN)
_INDEX = {key: i for i, key in enumerate(DECISION_KEYS)}


def outcome_of(comment: Comment, project: Project | None = None) -> str:
    """What a comment counts as: its decision; else withdrawn when the stakeholder withdrew it; else open.
    A decision made before the stakeholder withdrew the comment stands.

    Given the project, a member of a group counts with its lead's decision (groups.py): the
    group is answered once. Its own withdrawal still counts while the lead is undecided."""
    decision = comment.decision
    if project is not None and comment.group is not None:
        answered_by = answering(project, comment)
        if answered_by is not comment:
            decision = answered_by.decision
    if decision is not None:
        return decision
    return WITHDRAWN if comment.withdrawn is not None else OPEN


def outcome_index(outcome: str | None) -> int:
    """Where Tally.counts counts an outcome (anything unknown as open, as Tally.of does)."""
    return _INDEX.get(outcome or OPEN, _INDEX[OPEN])


@dataclass(frozen=True)
class Tally:
    """Comments per decision (`counts`, in DECISION_KEYS order), for the whole consultation or for
    one stakeholder or section (`key`, with its `label` as lines per language)."""

    key: str = ""
    label: Lines = ()
    counts: tuple[int, ...] = (0,) * len(DECISION_KEYS)

    @classmethod
    def of(cls, decisions: Iterable[str | None], key: str = "", label: Lines = ()) -> Tally:
        counts = [0] * len(DECISION_KEYS)
        for decision in decisions:
            counts[_INDEX.get(decision or OPEN, _INDEX[OPEN])] += 1
        return cls(key, label, tuple(counts))

    @classmethod
    def counted(cls, key: str = "", label: Lines = (), **by_decision: int) -> Tally:
        """A tally from counts by name: Tally.counted(accepted=2, open=1)."""
        unknown = set(by_decision) - set(DECISION_KEYS)
        if unknown:
            raise ValueError(f"not a decision: {', '.join(sorted(unknown))}")
        return cls(key, label, tuple(by_decision.get(k, 0) for k in DECISION_KEYS))

    def plus(self, decision: str | None) -> Tally:
        counts = list(self.counts)
        counts[_INDEX.get(decision or OPEN, _INDEX[OPEN])] += 1
        return Tally(self.key, self.label, tuple(counts))

    def count(self, decision: str) -> int:
        return self.counts[_INDEX[decision]]

    @property
    def total(self) -> int:
        return sum(self.counts)

    comments = total

    @property
    def open(self) -> int:
        return self.count(OPEN)

    @property
    def decided(self) -> int:
        """Comments with a decision (withdrawn ones needed none)."""
        return self.total - self.open - self.withdrawn

    @property
    def accepted(self) -> int:
        return self.count("accepted")

    @property
    def partially(self) -> int:
        return self.count("partially")

    @property
    def rejected(self) -> int:
        return self.count("rejected")

    @property
    def noted(self) -> int:
        return self.count("noted")

    @property
    def withdrawn(self) -> int:
        return self.count(WITHDRAWN)

    def to_json(self) -> dict[str, int]:
        return {"comments": self.total, **dict(zip(DECISION_KEYS, self.counts))}
