"""What `cm status` reports: counts per stakeholder and section, open items, deadline.

Pure: takes a Project (and the day it is), returns a Status value. Printing is the CLI's job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from commentmatrix.engine import decided_edits
from commentmatrix.model.diagnostics import Diagnostic, counts
from commentmatrix.model.format import GENERAL
from commentmatrix.model.project import PENDING, Place, Project
from commentmatrix.model.text import Text
from commentmatrix.revision import Revision
from commentmatrix.tally import Tally


@dataclass
class StakeholderRow:
    id: str
    name: Text
    kind: str
    state: str
    received: dt.date | None
    tally: Tally = field(default_factory=Tally)


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


@dataclass
class UnappliedDecision:
    """A comment accepted (or partially) whose decision changes nothing in the revised draft."""

    id: str
    stakeholder: str
    decision: str
    reason: str


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

    @property
    def days_left(self) -> int | None:
        return (self.deadline - self.today).days if self.deadline else None

    def to_json(self) -> dict[str, Any]:
        def tally(t: Tally) -> dict[str, int]:
            return t.to_json()
        return {
            "title": self.title,
            "draft": {"id": self.draft_id, "version": self.draft_version},
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "today": self.today.isoformat(),
            "days_left": self.days_left,
            "totals": {**tally(self.totals), "decided_without_edits": len(self.unapplied)},
            "stakeholders": [{"id": s.id, "name": s.name, "kind": s.kind, "state": s.state,
                              "received": s.received.isoformat() if s.received else None, **tally(s.tally)}
                             for s in self.stakeholders],
            "sections": [{"id": s.id, "number": s.number, "title": s.title, **tally(s.tally)} for s in self.sections],
            "open_items": [{"id": o.id, "stakeholder": o.stakeholder, "target": o.target, "text": o.text,
                            "file": o.path, "line": o.line} for o in self.open_items],
            "decided_without_edits": [{"id": u.id, "stakeholder": u.stakeholder, "decision": u.decision, "reason": u.reason}
                                      for u in self.unapplied],
            "validation": {"errors": self.errors, "warnings": self.warnings},
        }


@dataclass(frozen=True)
class StatusFilter:
    stakeholder: str | None = None
    section: str | None = None
    open_only: bool = False


def build_status(project: Project, revision: Revision | None, diagnostics: list[Diagnostic],
                 today: dt.date, only: StatusFilter = StatusFilter()) -> Status:
    config = project.config
    draft_source = project.current_draft
    section_of = project.places()
    applied_by = _applied_comment_ids(revision)

    refs = [ref for ref in project.comments()
            if (only.stakeholder is None or ref.stakeholder == only.stakeholder)
            and (only.section is None or _in_section(ref.comment.target, only.section, section_of))]

    roster = list(config.stakeholders) if config else []
    rows: dict[str, StakeholderRow] = {}
    for stakeholder in roster:
        if only.stakeholder is None or stakeholder.id == only.stakeholder:
            rows[stakeholder.id] = StakeholderRow(stakeholder.id, stakeholder.name, stakeholder.kind,
                                                  project.state_of(stakeholder.id), project.received_from(stakeholder.id))
    section_rows: dict[str, SectionRow] = {}
    totals = Tally()
    open_items: list[OpenItem] = []
    unapplied: list[UnappliedDecision] = []
    for ref in refs:
        comment, decision = ref.comment, ref.comment.decision
        totals = totals.plus(decision)
        if ref.stakeholder in rows:
            row = rows[ref.stakeholder]
            row.tally = row.tally.plus(decision)
        key = _row_section(comment.target, section_of)
        if key not in section_rows:
            place = section_of.get(key)
            section_rows[key] = (SectionRow(key, place.section.number, place.section.title) if place
                                 else SectionRow(key, "", "General" if key == GENERAL else key))
        section_rows[key].tally = section_rows[key].tally.plus(decision)
        if decision is None:
            open_items.append(OpenItem(comment.id, ref.stakeholder, comment.target, comment.text,
                                       ref.path, ref.position("id")[0]))
        elif decision in ("accepted", "partially") and comment.id not in applied_by:
            edits, _ = decided_edits(comment)
            reason = "no edits to apply" if not edits else "its edits did not apply (see cm validate)"
            unapplied.append(UnappliedDecision(comment.id, ref.stakeholder, decision, reason))

    stakeholders = list(rows.values())
    if only.open_only:
        stakeholders = [s for s in stakeholders if s.tally.open or s.state in (PENDING, "reviewing")]
    order = {key: i for i, key in enumerate(section_of)}
    sections = sorted(section_rows.values(), key=lambda s: (s.id != GENERAL, order.get(s.id, len(order))))
    errors, warnings = counts(diagnostics)
    return Status(
        title=config.title if config else "",
        draft_id=config.current_draft_id if config else "",
        draft_version=draft_source.draft.version if draft_source else None,
        deadline=config.current_deadline if config else None,
        today=today, totals=totals, stakeholders=stakeholders, sections=sections,
        open_items=open_items, unapplied=unapplied, errors=errors, warnings=warnings)


def _row_section(target: str, section_of: dict[str, Place]) -> str:
    if target in section_of:
        return section_of[target].section.id
    return GENERAL if target == GENERAL else target


def _in_section(target: str, wanted: str, section_of: dict[str, Place]) -> bool:
    if target == wanted:
        return True
    found = section_of.get(target)
    return found is not None and (found.section.id == wanted or any(p.id == wanted for p in found.parents))


def _applied_comment_ids(revision: Revision | None) -> set[str]:
    if revision is None:
        return set()
    return {o.request.comment_id for o in revision.outcomes if o.applied}
