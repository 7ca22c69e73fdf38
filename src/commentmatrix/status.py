"""What `cm status` reports: counts per stakeholder and section, open items, deadline, for one
round (default: the current one) or for all rounds together.

Pure: takes a Project (and the day it is), returns a Status value. Printing is the CLI's job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from commentmatrix import carryover
from commentmatrix.basis import suspects
from commentmatrix.engine import decided_edits, revise
from commentmatrix.model.diagnostics import Diagnostic, counts
from commentmatrix.model.format import GENERAL, Acknowledgement, Round
from commentmatrix.model.project import PENDING, CommentRef, Place, Project
from commentmatrix.model.text import Text
from commentmatrix.tally import OPEN, Tally, outcome_of

#: The --round value for the cumulative view of every round.
ALL_ROUNDS = "all"
#: A stakeholder's acknowledgement state before it answers.
NOT_YET = "not yet"


@dataclass
class StakeholderRow:
    id: str
    name: Text
    kind: str
    state: str
    received: dt.date | None
    tally: Tally = field(default_factory=Tally)
    #: What became of its comments since the previous round, by carry-over kind (None in the first round).
    carry_over: dict[str, int] | None = None
    #: Its state in every round, oldest first (the cumulative view only).
    states: tuple[tuple[str, str], ...] = ()
    #: Its answer to the responses of the round (the current one in the cumulative view), if any.
    acknowledgement: Acknowledgement | None = None

    @property
    def acknowledged(self) -> str:
        """agreed, objected, or not yet."""
        if self.acknowledgement is None:
            return NOT_YET
        return "agreed" if self.acknowledgement.answer == "agree" else "objected"


@dataclass
class SectionRow:
    id: str
    number: str
    title: Text
    tally: Tally = field(default_factory=Tally)


@dataclass
class OpenItem:
    id: str
    stakeholder: str
    target: str
    text: Text
    path: str
    line: int
    assignee: str | None = None
    due: dt.date | None = None
    #: Due before today, and still open.
    overdue: bool = False


@dataclass
class AssigneeRow:
    """One person's share of the open comments (assignee None: the open comments nobody has)."""

    assignee: str | None
    open: int = 0
    overdue: int = 0
    next_due: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        return {"assignee": self.assignee, "open": self.open, "overdue": self.overdue, "next_due": _day(self.next_due)}


@dataclass
class ObjectionItem:
    """A stakeholder's objection: to the responses of a round (comment None), or to one comment's response."""

    stakeholder: str
    round: str
    comment: str | None
    date: dt.date | None
    note: Text | None
    path: str
    line: int

    def to_json(self) -> dict[str, Any]:
        return {"stakeholder": self.stakeholder, "round": self.round, "comment": self.comment, "date": _day(self.date),
                "note": self.note, "file": self.path, "line": self.line}


@dataclass
class UnappliedDecision:
    """A comment accepted (or partially) whose decision changes nothing in its round's revised draft."""

    id: str
    stakeholder: str
    decision: str
    reason: str


@dataclass
class SuspectResponse:
    """A decided response whose target's text changed since the decision (basis.py)."""

    id: str
    stakeholder: str
    reason: str
    path: str
    line: int


@dataclass
class RoundRow:
    round: Round
    totals: Tally

    def to_json(self) -> dict[str, Any]:
        r = self.round
        return {"id": r.id, "draft": r.draft, "title": r.title, "opened": _day(r.opened),
                "deadline": _day(r.deadline), "closed": _day(r.closed), "totals": self.totals.to_json()}


@dataclass
class Status:
    title: Text
    draft_id: str
    draft_version: str | None
    deadline: dt.date | None
    today: dt.date
    totals: Tally
    stakeholders: list[StakeholderRow]
    sections: list[SectionRow]
    open_items: list[OpenItem]
    unapplied: list[UnappliedDecision]
    errors: int
    warnings: int
    #: The round shown (None: all rounds together), and every round with its own totals.
    round: Round | None = None
    rounds: list[RoundRow] = field(default_factory=list)
    #: Whether cm.yaml lists rounds: without, the one implicit round is never mentioned.
    has_rounds: bool = False
    #: The round the shown round's comments are compared with (its previous one), if any.
    previous_round: str | None = None
    #: The round under way (whose draft and deadline the cumulative view shows).
    current_round: str = ""
    suspect: list[SuspectResponse] = field(default_factory=list)
    #: The open comments per assignee (people in name order, then the unassigned); empty when nobody has any.
    assignees: list[AssigneeRow] = field(default_factory=list)
    objections: list[ObjectionItem] = field(default_factory=list)

    @property
    def days_left(self) -> int | None:
        return (self.deadline - self.today).days if self.deadline else None

    @property
    def cumulative(self) -> bool:
        return self.round is None

    def to_json(self) -> dict[str, Any]:
        def stakeholder(s: StakeholderRow) -> dict[str, Any]:
            found: dict[str, Any] = {"id": s.id, "name": s.name, "kind": s.kind, "state": s.state,
                                     "received": _day(s.received), **s.tally.to_json()}
            if s.carry_over is not None:
                found["carry_over"] = s.carry_over
            if s.states:
                found["states"] = dict(s.states)
            ack = s.acknowledgement
            found["acknowledged"] = s.acknowledged
            found["acknowledgement"] = {"answer": ack.answer, "date": _day(ack.date), "note": ack.note, "by": ack.by} if ack else None
            return found
        return {
            "title": self.title,
            "round": self.round.id if self.round else ALL_ROUNDS,
            "rounds": [row.to_json() for row in self.rounds],
            "draft": {"id": self.draft_id, "version": self.draft_version},
            "deadline": _day(self.deadline),
            "today": self.today.isoformat(),
            "days_left": self.days_left,
            "totals": {**self.totals.to_json(), "decided_without_edits": len(self.unapplied)},
            "stakeholders": [stakeholder(s) for s in self.stakeholders],
            "sections": [{"id": s.id, "number": s.number, "title": s.title, **s.tally.to_json()} for s in self.sections],
            "open_items": [{"id": o.id, "stakeholder": o.stakeholder, "target": o.target, "text": o.text,
                            "file": o.path, "line": o.line, "assignee": o.assignee, "due": _day(o.due),
                            "overdue": o.overdue} for o in self.open_items],
            "assignees": [row.to_json() for row in self.assignees],
            "objections": [o.to_json() for o in self.objections],
            "decided_without_edits": [{"id": u.id, "stakeholder": u.stakeholder, "decision": u.decision, "reason": u.reason}
                                      for u in self.unapplied],
            "suspect": [{"id": s.id, "reason": s.reason, "file": s.path, "line": s.line} for s in self.suspect],
            "validation": {"errors": self.errors, "warnings": self.warnings},
        }


@dataclass(frozen=True)
class StatusFilter:
    stakeholder: str | None = None
    section: str | None = None
    open_only: bool = False
    assignee: str | None = None


def build_status(project: Project, diagnostics: list[Diagnostic], today: dt.date,
                 only: StatusFilter = StatusFilter(), round_id: str | None = None) -> Status:
    """The status of one round (`round_id`; None: the current one) or of all (ALL_ROUNDS)."""
    config = project.config
    shown = None if round_id == ALL_ROUNDS else project.round(round_id) if config else None
    current = project.current_round
    draft_id = shown.draft if shown else config.current_draft_id if config else ""
    draft_source = project.drafts_by_id.get(draft_id)
    outcomes = _Outcomes(project)
    refs = [ref for ref in (project.comments_in(shown.id) if shown else project.comments()) if _wanted(ref, only, outcomes)]

    rows = _stakeholder_rows(project, shown, only)
    # Counted as lists of outcomes and tallied once at the end: a Tally per comment and row cost
    # more than the rest of the loop.
    by_stakeholder: dict[str, list[str]] = {key: [] for key in rows}
    by_section: dict[str, list[str]] = {}
    section_rows: dict[str, SectionRow] = {}
    open_items: list[OpenItem] = []
    unapplied: list[UnappliedDecision] = []
    applied = _AppliedComments(project)
    objections: list[ObjectionItem] = []
    for ref in refs:
        comment, outcome = ref.comment, outcomes.of(ref)
        if ref.stakeholder in by_stakeholder:
            by_stakeholder[ref.stakeholder].append(outcome)
        places = outcomes.places_of(ref)
        key = _row_section(comment.target, places)
        if key not in section_rows:
            place = places.get(key)
            section_rows[key] = (SectionRow(key, place.section.number, place.section.title) if place
                                 else SectionRow(key, "", "General" if key == GENERAL else key))
            by_section[key] = []
        by_section[key].append(outcome)
        if comment.objection is not None:
            objections.append(ObjectionItem(ref.stakeholder, project.comment_round(ref) or "", comment.id,
                                            comment.objection.date, comment.objection.note, ref.path,
                                            ref.position("objection", key=True)[0]))
        if outcome == OPEN:
            open_items.append(OpenItem(comment.id, ref.stakeholder, comment.target, comment.text,
                                       ref.path, ref.position("id")[0], comment.assignee, comment.due,
                                       comment.due is not None and comment.due < today))
        elif comment.decision in ("accepted", "partially") and not applied.contains(ref):
            edits, _ = decided_edits(comment)
            reason = "no edits to apply" if not edits else "its edits did not apply (see cm validate)"
            unapplied.append(UnappliedDecision(comment.id, ref.stakeholder, comment.decision, reason))
    totals = Tally.of(outcome for found in by_section.values() for outcome in found)
    for key, row in rows.items():
        row.tally = Tally.of(by_stakeholder[key])
    for key, section_row in section_rows.items():
        section_row.tally = Tally.of(by_section[key])

    # Overdue first, the most overdue at the top; the rest as the files have them.
    open_items.sort(key=lambda item: (not item.overdue, item.due if item.overdue else dt.date.min))
    stakeholders = list(rows.values())
    objections = _round_objections(project, shown, stakeholders) + objections
    if only.open_only:
        stakeholders = [s for s in stakeholders if s.tally.open or s.state in (PENDING, "reviewing")]
    order = {key: i for i, key in enumerate(project.places(draft_id))}
    sections = sorted(section_rows.values(), key=lambda s: (s.id != GENERAL, order.get(s.id, len(order))))
    errors, warnings = counts(diagnostics)
    deadline_round = shown or current
    previous = project.previous_round(shown.id) if shown else None
    return Status(
        title=config.title if config else "",
        draft_id=draft_id,
        draft_version=draft_source.draft.version if draft_source else None,
        deadline=deadline_round.deadline if deadline_round else None,
        today=today, totals=totals, stakeholders=stakeholders, sections=sections,
        open_items=open_items, unapplied=unapplied, errors=errors, warnings=warnings,
        # The shown round's totals are the ones just counted (the same comments, the same filter).
        round=shown, rounds=[RoundRow(r, totals if shown is not None and r.id == shown.id
                                      else _round_totals(project, r.id, only, outcomes)) for r in project.rounds],
        has_rounds=project.has_rounds, previous_round=previous.id if previous else None,
        current_round=current.id if current else "",
        suspect=list(_suspects(project, only)), assignees=assignee_rows(open_items), objections=objections)


def assignee_rows(open_items: list[OpenItem]) -> list[AssigneeRow]:
    """Each assignee's open comments, overdue ones and next due date; the unassigned last. None
    when no open comment is assigned: a project that does not share out its comments sees no table."""
    if not any(item.assignee for item in open_items):
        return []
    rows: dict[str | None, AssigneeRow] = {}
    for item in open_items:
        row = rows.setdefault(item.assignee, AssigneeRow(item.assignee))
        row.open += 1
        row.overdue += item.overdue
        if item.due is not None and (row.next_due is None or item.due < row.next_due):
            row.next_due = item.due
    return sorted(rows.values(), key=lambda row: (row.assignee is None, (row.assignee or "").casefold()))


def _round_objections(project: Project, shown: Round | None, rows: list[StakeholderRow]) -> list[ObjectionItem]:
    """The stakeholders that object to the responses of the round shown (of every round, across rounds)."""
    found = []
    for row in rows:
        for source in project.sources_of(row.id, shown.id if shown else None):
            ack = source.file.acknowledgement
            if ack is not None and ack.answer == "object":
                found.append(ObjectionItem(row.id, project.round_of(source) or "", None, ack.date, ack.note,
                                           source.path, source.doc.position(("acknowledgement",), key=True)[0]))
    return found


def _stakeholder_rows(project: Project, shown: Round | None, only: StatusFilter) -> dict[str, StakeholderRow]:
    """The roster's rows with each one's state in the round shown (the current one's, with its
    state in every round, in the cumulative view)."""
    roster = list(project.config.stakeholders) if project.config else []
    previous = project.previous_round(shown.id) if shown else None
    compared = carryover.compare_rounds(project, previous.id, shown.id) if previous and shown else {}
    rows: dict[str, StakeholderRow] = {}
    for stakeholder in roster:
        if only.stakeholder is not None and stakeholder.id != only.stakeholder:
            continue
        round_id = shown.id if shown else None
        row = StakeholderRow(stakeholder.id, stakeholder.name, stakeholder.kind,
                             project.state_of(stakeholder.id, round_id), project.received_from(stakeholder.id, round_id))
        if previous is not None:
            row.carry_over = carryover.counts(compared.get(stakeholder.id, []))
        if shown is None:
            row.states = tuple((r.id, project.state_of(stakeholder.id, r.id)) for r in project.rounds)
        row.acknowledgement = _acknowledgement(project, stakeholder.id, shown)
        rows[stakeholder.id] = row
    return rows


def _acknowledgement(project: Project, stakeholder_id: str, shown: Round | None) -> Acknowledgement | None:
    round_id = shown.id if shown else project.current_round.id if project.current_round else None
    answers = [s.file.acknowledgement for s in project.sources_of(stakeholder_id, round_id) if s.file.acknowledgement]
    return answers[-1] if answers else None


def _round_totals(project: Project, round_id: str, only: StatusFilter, outcomes: _Outcomes) -> Tally:
    return Tally.of(outcomes.of(ref) for ref in project.comments_in(round_id) if _wanted(ref, only, outcomes))


def _wanted(ref: CommentRef, only: StatusFilter, outcomes: _Outcomes) -> bool:
    return ((only.stakeholder is None or ref.stakeholder == only.stakeholder)
            and (only.assignee is None or ref.comment.assignee == only.assignee)
            and (only.section is None or _in_section(ref.comment.target, only.section, outcomes.places_of(ref))))


def _suspects(project: Project, only: StatusFilter) -> Iterator[SuspectResponse]:
    # Every round's: a decision of an earlier round made suspect by a later draft needs looking at now.
    for ref, reason in suspects(project):
        if only.stakeholder is None or ref.stakeholder == only.stakeholder:
            yield SuspectResponse(ref.id, ref.stakeholder, reason, ref.path, ref.position("response", "basis")[0])


class _AppliedComments:
    """Which decided comments change their own round's draft: each round's comments are judged by
    the revision of that round's draft, computed when first asked for."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.by_draft: dict[str | None, set[str]] = {}

    def contains(self, ref: CommentRef) -> bool:
        draft_id = self.project.draft_id_of(ref.source)
        if draft_id not in self.by_draft:
            revision = revise(self.project, draft_id) if draft_id else None
            self.by_draft[draft_id] = ({o.request.comment_id for o in revision.outcomes if o.applied}
                                       if revision else set())
        return ref.id in self.by_draft[draft_id]


class _Outcomes:
    """Each comment's outcome and the index of the draft it is on (its round's), found once per
    comment and file: the shown round's rows and every round's totals ask for the same ones."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.outcomes: dict[tuple[int, int], str] = {}
        self.places: dict[int, dict[str, Place]] = {}

    def of(self, ref: CommentRef) -> str:
        key = (id(ref.source), ref.index)
        if key not in self.outcomes:
            self.outcomes[key] = outcome_of(ref.comment, self.project)
        return self.outcomes[key]

    def places_of(self, ref: CommentRef) -> dict[str, Place]:
        key = id(ref.source)
        if key not in self.places:
            draft_id = self.project.draft_id_of(ref.source)
            self.places[key] = self.project.places(draft_id) if draft_id else {}
        return self.places[key]


def _row_section(target: str, section_of: dict[str, Place]) -> str:
    if target in section_of:
        return section_of[target].section.id
    return GENERAL if target == GENERAL else target


def _in_section(target: str, wanted: str, section_of: dict[str, Place]) -> bool:
    if target == wanted:
        return True
    found = section_of.get(target)
    return found is not None and (found.section.id == wanted or any(p.id == wanted for p in found.parents))


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
