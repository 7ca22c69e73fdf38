"""What a change does to a consultation: the comparison behind `cm diff`.

Pure: takes the project before and after (any two Projects, however loaded) and returns a Diff
value in consultation terms (comments, decisions, stakeholders, the revised text, the counts),
not lines of YAML. What the edits do is read from the edit engine's Revision of each side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from commentmatrix.engine import revise
from commentmatrix.model.format import Comment
from commentmatrix.model.project import CommentRef, Project
from commentmatrix.model.text import Text
from commentmatrix.revision import Revision
from commentmatrix.rules import check_project
from commentmatrix.status import ALL_ROUNDS, build_status
from commentmatrix.tally import Tally

#: Fields of a comment compared for "edited"; the decision is reported on its own.
COMPARED_FIELDS = ("target", "topic", "text", "proposal", "repeats", "withdrawn", "response.note", "response.edits", "response.by",
                   "response.date")


@dataclass(frozen=True)
class CommentEntry:
    """A comment added or removed, where it is (in the side that has it)."""

    id: str
    stakeholder: str
    target: str
    decision: str | None
    text: Text
    path: str
    line: int


@dataclass(frozen=True)
class CommentEdit:
    id: str
    stakeholder: str
    fields: tuple[str, ...]
    path: str
    line: int


@dataclass(frozen=True)
class DecisionChange:
    id: str
    stakeholder: str
    before: str | None
    after: str | None
    path: str
    line: int


@dataclass(frozen=True)
class StateChange:
    """A roster entry whose state changed; None means not in the roster on that side."""

    id: str
    name: Text
    before: str | None
    after: str | None


@dataclass(frozen=True)
class TextChange:
    """A text (section title or paragraph) of the revised draft that reads differently now.

    `before`/`after` are the revised texts; None means the text is not in that revised draft
    (deleted by an edit, or absent from the draft). `by` lists the comments changing it.
    """

    id: str
    number: str
    before: Text | None
    after: Text | None
    by: tuple[str, ...]


@dataclass(frozen=True)
class OutcomeChange:
    """A comment whose edits fare differently: statuses in request order on each side."""

    id: str
    stakeholder: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    problems: tuple[str, ...]


@dataclass
class Counts:
    tally: Tally
    errors: int
    warnings: int

    def to_json(self) -> dict[str, int]:
        return {**self.tally.to_json(), "errors": self.errors, "warnings": self.warnings}


@dataclass
class Diff:
    before: Counts
    after: Counts
    added: list[CommentEntry] = field(default_factory=list)
    removed: list[CommentEntry] = field(default_factory=list)
    edited: list[CommentEdit] = field(default_factory=list)
    decisions: list[DecisionChange] = field(default_factory=list)
    stakeholders: list[StateChange] = field(default_factory=list)
    texts: list[TextChange] = field(default_factory=list)
    outcomes: list[OutcomeChange] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.edited or self.decisions or self.stakeholders
                    or self.texts or self.outcomes) and self.before == self.after

    def to_json(self) -> dict[str, Any]:
        def plain(item: Any) -> dict[str, Any]:
            return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(item).items()}
        return {
            "counts": {"before": self.before.to_json(), "after": self.after.to_json()},
            "comments": {"added": [plain(c) for c in self.added], "removed": [plain(c) for c in self.removed],
                         "edited": [plain(c) for c in self.edited]},
            "decisions": [plain(d) for d in self.decisions],
            "stakeholders": [plain(s) for s in self.stakeholders],
            "revised_text": [plain(t) for t in self.texts],
            "outcomes": [plain(o) for o in self.outcomes],
        }


def diff_projects(before: Project, after: Project) -> Diff:
    old_revision, new_revision = revise(before), revise(after)
    old, new = before.comments_by_id, after.comments_by_id
    diff = Diff(_counts(before), _counts(after))
    diff.added = [_entry(ref) for ref in new.values() if ref.id not in old]
    diff.removed = [_entry(ref) for ref in old.values() if ref.id not in new]
    for ref in new.values():
        was = old.get(ref.id)
        if was is None:
            continue
        fields = _changed_fields(was, ref)
        line = ref.position("id")[0]
        if fields:
            diff.edited.append(CommentEdit(ref.id, ref.stakeholder, fields, ref.path, line))
        if was.comment.decision != ref.comment.decision:
            diff.decisions.append(DecisionChange(ref.id, ref.stakeholder, was.comment.decision, ref.comment.decision,
                                                 ref.path, line))
    diff.stakeholders = _state_changes(before, after)
    diff.texts = _text_changes(old_revision, new_revision)
    diff.outcomes = _outcome_changes(old_revision, new_revision, old, new)
    return diff


def _counts(project: Project) -> Counts:
    diagnostics = check_project(project)
    # Every round's comments; the day only feeds days_left, which a diff does not report.
    status = build_status(project, diagnostics, dt.date(1970, 1, 1), round_id=ALL_ROUNDS)
    return Counts(status.totals, status.errors, status.warnings)


def _entry(ref: CommentRef) -> CommentEntry:
    c = ref.comment
    return CommentEntry(c.id, ref.stakeholder, c.target, c.decision, c.text, ref.path, ref.position("id")[0])


def _field_values(comment: Comment) -> dict[str, Any]:
    # Models compare by value; model_dump is avoided because the edit union cannot serialize.
    response = comment.response
    return {name: (getattr(response, name.split(".")[1]) if response else None) if name.startswith("response.")
            else getattr(comment, name) for name in COMPARED_FIELDS}


def _changed_fields(was: CommentRef, now: CommentRef) -> tuple[str, ...]:
    old, new = _field_values(was.comment), _field_values(now.comment)
    fields = [name for name in COMPARED_FIELDS if old[name] != new[name]]
    if was.stakeholder != now.stakeholder:
        fields.append("stakeholder")
    elif was.path != now.path:
        fields.append("file")
    return tuple(fields)


def _states(project: Project) -> dict[str, tuple[Text, str]]:
    status = build_status(project, [], dt.date(1970, 1, 1), round_id=ALL_ROUNDS)
    return {row.id: (row.name, row.state) for row in status.stakeholders}


def _state_changes(before: Project, after: Project) -> list[StateChange]:
    old, new = _states(before), _states(after)
    changes = []
    for key in [*new, *(k for k in old if k not in new)]:
        was, now = old.get(key), new.get(key)
        state_before, state_after = (was[1] if was else None), (now[1] if now else None)
        if state_before != state_after:
            name = now[0] if now else was[0] if was else key
            changes.append(StateChange(key, name, state_before, state_after))
    return changes


def _texts(revision: Revision | None) -> dict[str, tuple[str, Text | None, list[str]]]:
    """id -> (section number, revised text, ids of the comments changing it), in document order."""
    found: dict[str, tuple[str, Text | None, list[str]]] = {}
    if revision is None:
        return found
    for section, _ in revision.walk():
        found.setdefault(section.id, (section.number, section.title.revised(), section.title.changed_by()))
        for paragraph in section.paragraphs:
            found.setdefault(paragraph.id, (section.number, paragraph.text.revised(), paragraph.text.changed_by()))
    return found


def _text_changes(before: Revision | None, after: Revision | None) -> list[TextChange]:
    old, new = _texts(before), _texts(after)
    changes = []
    for key in [*new, *(k for k in old if k not in new)]:
        was, now = old.get(key), new.get(key)
        old_text = was[1] if was else None
        new_text = now[1] if now else None
        if old_text != new_text:
            by = list(dict.fromkeys([*(now[2] if now else []), *(was[2] if was else [])]))
            number = now[0] if now else was[0] if was else ""
            changes.append(TextChange(key, number, old_text, new_text, tuple(by)))
    return changes


def _outcomes(revision: Revision | None) -> dict[str, list[tuple[str, str | None]]]:
    found: dict[str, list[tuple[str, str | None]]] = {}
    for outcome in revision.outcomes if revision else []:
        found.setdefault(outcome.request.comment_id, []).append((outcome.status, outcome.message))
    return found


def _outcome_changes(before: Revision | None, after: Revision | None,
                     old_refs: dict[str, CommentRef], new_refs: dict[str, CommentRef]) -> list[OutcomeChange]:
    old, new = _outcomes(before), _outcomes(after)
    changes = []
    for key in [*new, *(k for k in old if k not in new)]:
        was = tuple(status for status, _ in old.get(key, []))
        now = tuple(status for status, _ in new.get(key, []))
        if was != now:
            ref = new_refs.get(key) or old_refs.get(key)
            problems = tuple(message for status, message in new.get(key, []) if status in ("failed", "conflict") and message)
            changes.append(OutcomeChange(key, ref.stakeholder if ref else "", was, now, problems))
    return changes
