"""What `cm status` reports: counts per stakeholder and section, open items, deadline, for one
round (default: the current one) or for all rounds together.

Pure: takes a Project (and the day it is), returns a Status value. Printing is the CLI's job.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from commentmatrix.carryover import carried_over, kind_counts
from commentmatrix.model.diagnostics import Diagnostic, counts
from commentmatrix.model.format import GENERAL, Acknowledgement, Round
from commentmatrix.model.inert import json_text
from commentmatrix.model.project import PENDING, Project, reply_state
from commentmatrix.model.status_facts import (
    EVERYTHING,
    Bytes,
    CommentFacts,
    FileFacts,
    FileOutline,
    FilePart,
    StatusFacts,
    StatusFilter,
)
from commentmatrix.model.text import Text
from commentmatrix.status_facts import DraftSections, status_facts
from commentmatrix.status_json import NOT_OVERDUE, OVERDUE, SEPARATOR, day, open_item, unapplied_item
from commentmatrix.tally import Tally

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
        return {"assignee": self.assignee, "open": self.open, "overdue": self.overdue, "next_due": day(self.next_due)}


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
        return {"stakeholder": self.stakeholder, "round": self.round, "comment": self.comment, "date": day(self.date),
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
        return {"id": r.id, "draft": r.draft, "title": r.title, "opened": day(r.opened),
                "deadline": day(r.deadline), "closed": day(r.closed), "totals": self.totals.to_json()}


@dataclass
class WrittenLists:
    """The open items and decisions that change nothing as status --json writes them (the files'
    outlines, FileOutline), for a status that is only written as one line of JSON."""

    #: The items not overdue, in file order; the overdue ones with their due dates.
    open: list[Bytes] = field(default_factory=list)
    overdue: list[tuple[dt.date, bytes]] = field(default_factory=list)
    open_count: int = 0
    #: The open items with an assignee or a due date: (assignee, due, overdue), in file order.
    marked: list[tuple[str | None, dt.date | None, bool]] = field(default_factory=list)
    unapplied: list[Bytes] = field(default_factory=list)
    unapplied_count: int = 0

    def add(self, outline: FileOutline, today: dt.date) -> None:
        self.open_count += outline.open_count
        self.unapplied.append(outline.unapplied)
        self.unapplied_count += outline.unapplied_count
        taken = 0
        for assignee, due, start, end in outline.marked:
            overdue = due is not None and due < today
            self.marked.append((assignee, due, overdue))
            if overdue:
                assert due is not None and bytes(outline.open[end - len(NOT_OVERDUE):end]) == NOT_OVERDUE
                self.open.append(outline.open[taken:start])
                self.overdue.append((due, bytes(outline.open[start:end - len(NOT_OVERDUE)]) + OVERDUE))
                taken = end
        self.open.append(outline.open[taken:] if taken else outline.open)

    def assignees(self) -> list[AssigneeRow]:
        # In the order of Status.open_items (the overdue first), so that equal names keep theirs.
        overdue = sorted(((assignee, due, True) for assignee, due, overdue in self.marked if overdue),
                         key=lambda mark: mark[1] or dt.date.min)
        return assignee_rows([*overdue, *(mark for mark in self.marked if not mark[2])],
                             self.open_count - len(self.marked))

    def open_bytes(self) -> list[Bytes]:
        """The open items, in pieces (25 MB at 100,000 comments: not joined to be written)."""
        return _without_last_separator([*(item for _, item in sorted(self.overdue, key=lambda pair: pair[0])),
                                        *self.open])

    def unapplied_bytes(self) -> list[Bytes]:
        return _without_last_separator(self.unapplied)


def _without_last_separator(pieces: list[Bytes]) -> list[Bytes]:
    found = [piece for piece in pieces if len(piece)]
    if found:
        assert bytes(found[-1][-len(SEPARATOR):]) == SEPARATOR
        found[-1] = found[-1][:-len(SEPARATOR)]
    return found


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
    #: The open items and the decisions that change nothing as written, when build_status was
    #: asked for them (then `open_items` and `unapplied` are empty): see json_bytes.
    written: WrittenLists | None = None

    @property
    def days_left(self) -> int | None:
        return (self.deadline - self.today).days if self.deadline else None

    @property
    def cumulative(self) -> bool:
        return self.round is None

    @property
    def unapplied_count(self) -> int:
        return self.written.unapplied_count if self.written is not None else len(self.unapplied)

    def to_json(self) -> dict[str, Any]:
        """Everything, for json.dumps (its long lists empty when `written`: see json_bytes)."""
        def stakeholder(s: StakeholderRow) -> dict[str, Any]:
            found: dict[str, Any] = {"id": s.id, "name": s.name, "kind": s.kind, "state": s.state,
                                     "received": day(s.received), **s.tally.to_json()}
            if s.carry_over is not None:
                found["carry_over"] = s.carry_over
            if s.states:
                found["states"] = dict(s.states)
            ack = s.acknowledgement
            found["acknowledged"] = s.acknowledged
            found["acknowledgement"] = {"answer": ack.answer, "date": day(ack.date), "note": ack.note, "by": ack.by} if ack else None
            return found
        return {
            "title": self.title,
            "round": self.round.id if self.round else ALL_ROUNDS,
            "rounds": [row.to_json() for row in self.rounds],
            "draft": {"id": self.draft_id, "version": self.draft_version},
            "deadline": day(self.deadline),
            "today": self.today.isoformat(),
            "days_left": self.days_left,
            "totals": {**self.totals.to_json(), "decided_without_edits": self.unapplied_count},
            "stakeholders": [stakeholder(s) for s in self.stakeholders],
            "sections": [{"id": s.id, "number": s.number, "title": s.title, **s.tally.to_json()} for s in self.sections],
            "open_items": [open_item(o.id, o.stakeholder, o.target, o.text, o.path, o.line, o.assignee, o.due,
                                     o.overdue) for o in self.open_items],
            "assignees": [row.to_json() for row in self.assignees],
            "objections": [o.to_json() for o in self.objections],
            "decided_without_edits": [unapplied_item(u.id, u.stakeholder, u.decision, u.reason) for u in self.unapplied],
            "suspect": [{"id": s.id, "reason": s.reason, "file": s.path, "line": s.line} for s in self.suspect],
            "validation": {"errors": self.errors, "warnings": self.warnings},
        }

    def json_bytes(self) -> list[Bytes]:
        """What `json.dumps(self.to_json(), ensure_ascii=False)` made inert (inert.json_text) is, as
        UTF-8 in pieces, with the `written` lists spliced in as they are."""
        document = self.to_json()
        if self.written is None:
            return [json_text(json.dumps(document, ensure_ascii=False)).encode()]
        keys = list(document)
        # The document in three, cut at the two long lists (none of the three empty): each
        # piece's braces dropped where the pieces are joined.
        cuts = [keys.index("open_items"), keys.index("decided_without_edits")]
        assert 0 < cuts[0] < cuts[1] - 1 < len(keys) - 2
        head, middle, tail = (json_text(json.dumps({key: document[key] for key in keys[start:end]}, ensure_ascii=False))
                              for start, end in ((0, cuts[0]), (cuts[0] + 1, cuts[1]), (cuts[1] + 1, len(keys))))
        return [head[:-1].encode(), b', "open_items": [', *self.written.open_bytes(), b"], ",
                middle[1:-1].encode(), b', "decided_without_edits": [', *self.written.unapplied_bytes(), b"], ",
                tail[1:].encode()]


def build_status(project: Project, diagnostics: list[Diagnostic], today: dt.date,
                 only: StatusFilter = EVERYTHING, round_id: str | None = None,
                 facts: StatusFacts | None = None, written: bool = False) -> Status:
    """The status of one round (`round_id`; None: the current one) or of all (ALL_ROUNDS),
    counted from `facts` (default: the project's own, status_facts.py). `written`: for a status
    only written as one line of JSON (Status.json_bytes), whose long lists may then come as the
    files' outlines wrote them (not under a filter of single comments)."""
    config = project.config
    facts = facts if facts is not None else status_facts(project)
    shown = None if round_id == ALL_ROUNDS else project.round(round_id) if config else None
    current = project.current_round
    draft_id = shown.draft if shown else config.current_draft_id if config else ""
    draft_source = project.drafts_by_id.get(draft_id)
    places = DraftSections(project)
    in_round = [file for file in facts.files if (shown is None or file.round == shown.id)
                and only.takes(file.stakeholder)]
    lists = WrittenLists() if written and only.per_file and all(file.outline is not None for file in facts.files) \
        else None
    share = _outlined if lists is not None else lambda file: places.part(file, only)

    rows = _stakeholder_rows(project, facts, shown, only)
    # The files' counts per outcome gathered, and summed once at the end (column by column, in C).
    by_stakeholder: dict[str, list[list[int]]] = {key: [] for key in rows}
    by_section: dict[str, list[list[int]]] = {}
    section_rows: dict[str, SectionRow] = {}
    open_items: list[OpenItem] = []
    unapplied: list[UnappliedDecision] = []
    objections: list[ObjectionItem] = []
    for file in in_round:
        part = share(file)
        counted = by_stakeholder.get(file.stakeholder)
        for key, in_section in part.counts.items():
            if key not in section_rows:
                place = places.of(file.draft)[0].get(key)
                section_rows[key] = (SectionRow(key, place.section.number, place.section.title) if place
                                     else SectionRow(key, "", "General" if key == GENERAL else key))
                by_section[key] = []
            by_section[key].append(in_section)
        if counted is not None:
            counted += part.counts.values()
        objections += [ObjectionItem(file.stakeholder, file.round or "", comment.id, comment.objection.date,
                                     comment.objection.note, file.path, comment.objection.line)
                       for comment in part.objections if comment.objection is not None]
        if lists is not None:
            assert isinstance(part, FileOutline)
            lists.add(part, today)
            continue
        assert isinstance(part, FilePart)
        open_items += [OpenItem(comment.id, file.stakeholder, comment.target, comment.text or "", file.path,
                                comment.line, comment.assignee, comment.due,
                                comment.due is not None and comment.due < today) for comment in part.open]
        unapplied += [UnappliedDecision(comment.id, file.stakeholder, comment.decision or "", comment.unapplied)
                      for comment in part.unapplied if comment.unapplied is not None]
    for key, row in rows.items():
        row.tally = _tally(by_stakeholder[key])
    for key, section_row in section_rows.items():
        section_row.tally = _tally(by_section[key])
    totals = _tally([list(row.tally.counts) for row in section_rows.values()]) if section_rows else Tally()

    # Overdue first, the most overdue at the top; the rest as the files have them.
    open_items.sort(key=lambda item: (not item.overdue, item.due if item.overdue else dt.date.min))
    stakeholders = list(rows.values())
    objections = _round_objections(facts, shown, stakeholders) + objections
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
                                      else _round_totals(facts, r.id, only, share)) for r in project.rounds],
        has_rounds=project.has_rounds, previous_round=previous.id if previous else None,
        current_round=current.id if current else "",
        suspect=list(_suspects(facts, only, _outlined if lists is not None else _unfiltered)), objections=objections, written=lists,
        assignees=lists.assignees() if lists is not None else
        assignee_rows((item.assignee, item.due, item.overdue) for item in open_items))


#: What a file adds to a status: its part under the filter, or its outline.
_Share = Callable[[FileFacts], "FilePart | FileOutline"]


def _unfiltered(file: FileFacts) -> FilePart:
    return file.part


def _outlined(file: FileFacts) -> FileOutline:
    outline = file.outline
    assert outline is not None  # build_status asks only when every file has one
    return outline


def assignees(facts: StatusFacts) -> list[str]:
    """Everyone some comment is assigned to, sorted."""
    return sorted({comment.assignee for file in facts.files for comment in file.comments if comment.assignee})


def assignee_rows(open_items: Iterable[tuple[str | None, dt.date | None, bool]], plain: int = 0) -> list[AssigneeRow]:
    """Each assignee's open comments, overdue ones and next due date; the unassigned last. None
    when no open comment is assigned: a project that does not share out its comments sees no table.
    `open_items` as (assignee, due, overdue), in the order of Status.open_items; `plain` more
    open comments with neither assignee nor due date."""
    items = list(open_items)
    if not any(assignee for assignee, _, _ in items):
        return []
    rows: dict[str | None, AssigneeRow] = {}
    for assignee, due, overdue in items:
        row = rows.setdefault(assignee, AssigneeRow(assignee))
        row.open += 1
        row.overdue += overdue
        if due is not None and (row.next_due is None or due < row.next_due):
            row.next_due = due
    if plain:
        rows.setdefault(None, AssigneeRow(None)).open += plain
    return sorted(rows.values(), key=lambda row: (row.assignee is None, (row.assignee or "").casefold()))


def _round_objections(facts: StatusFacts, shown: Round | None, rows: list[StakeholderRow]) -> list[ObjectionItem]:
    """The stakeholders that object to the responses of the round shown (of every round, across rounds)."""
    found = []
    by_stakeholder = _files_by_stakeholder(facts)
    for row in rows:
        for file in by_stakeholder.get(row.id, []):
            ack = file.acknowledgement
            if (shown is None or file.round == shown.id) and ack is not None and ack.answer == "object":
                found.append(ObjectionItem(row.id, file.round or "", None, ack.date, ack.note, file.path,
                                           file.acknowledgement_line))
    return found


def _stakeholder_rows(project: Project, facts: StatusFacts, shown: Round | None,
                      only: StatusFilter) -> dict[str, StakeholderRow]:
    """The roster's rows with each one's state in the round shown (the current one's, with its
    state in every round, in the cumulative view)."""
    roster = list(project.config.stakeholders) if project.config else []
    previous = project.previous_round(shown.id) if shown else None
    # A stakeholder's state and acknowledgement, without a round: the current round's.
    round_id = shown.id if shown else project.current_round.id if project.current_round else None
    by_stakeholder = _files_by_stakeholder(facts)
    before_shown = {round_.id for round_ in project.rounds_before(round_id)}
    rows: dict[str, StakeholderRow] = {}
    for stakeholder in roster:
        if not only.takes(stakeholder.id):
            continue
        files = by_stakeholder.get(stakeholder.id, [])
        in_round = [file for file in files if file.round == round_id]
        received = [file.received for file in in_round if file.received]
        row = StakeholderRow(stakeholder.id, stakeholder.name, stakeholder.kind,
                             reply_state(file.state for file in in_round), max(received) if received else None)
        if previous is not None:
            row.carry_over = _carry_over(files, previous.id, round_id, before_shown)
        if shown is None:
            row.states = tuple((r.id, reply_state(file.state for file in files if file.round == r.id))
                               for r in project.rounds)
        answers = [file.acknowledgement for file in in_round if file.acknowledgement]
        row.acknowledgement = answers[-1] if answers else None
        rows[stakeholder.id] = row
    return rows


def _carry_over(files: list[FileFacts], earlier_round: str, later_round: str | None,
                before_later: set[str]) -> dict[str, int]:
    """What became of one stakeholder's comments from the earlier round to the later (carryover.py);
    `before_later`, the rounds before the later one, whose comments it may repeat."""
    def of_round(round_id: str | None) -> list[CommentFacts]:
        return [comment for file in files if file.round == round_id for comment in file.comments]

    older = [comment for file in files if file.round in before_later and file.round != earlier_round
             for comment in file.comments]
    return kind_counts(kind for _, kind, _ in carried_over(
        of_round(earlier_round), of_round(later_round), id_of=lambda comment: comment.id,
        repeats_of=lambda comment: comment.repeats, withdrawn_of=lambda comment: comment.withdrawn,
        same=lambda one, other: one.compared == other.compared, older_comments=older))


def _files_by_stakeholder(facts: StatusFacts) -> dict[str, list[FileFacts]]:
    found: dict[str, list[FileFacts]] = {}
    for file in facts.files:
        found.setdefault(file.stakeholder, []).append(file)
    return found


def _round_totals(facts: StatusFacts, round_id: str, only: StatusFilter, share: _Share) -> Tally:
    return _tally([counted for file in facts.files
                   if file.round == round_id and only.takes(file.stakeholder)
                   for counted in share(file).counts.values()])


def _tally(counts: list[list[int]]) -> Tally:
    """The sum of `counts` (each per outcome, in DECISION_KEYS order)."""
    return Tally(counts=tuple(map(sum, zip(*counts)))) if counts else Tally()


def _suspects(facts: StatusFacts, only: StatusFilter, share: _Share) -> Iterator[SuspectResponse]:
    # Every round's: a decision of an earlier round made suspect by a later draft needs looking at now
    for file in facts.files:
        if only.takes(file.stakeholder):
            for comment in share(file).suspects:
                if comment.suspect is not None:
                    yield SuspectResponse(comment.id, file.stakeholder, comment.suspect.reason, file.path,
                                          comment.suspect.line)

