"""The facts `cm status` counts (model/status_facts.py), found in a loaded project, or carried
forward from the last check's record past a change of words only (quick_check.py).

Pure: takes a Project, returns facts.
"""

from __future__ import annotations

from collections.abc import Mapping

from commentmatrix.basis import suspect_reason
from commentmatrix.carryover import text_key
from commentmatrix.engine import decided_edits, revise
from commentmatrix.model.format import GENERAL, Comment
from commentmatrix.model.project import CommentRef, CommentSource, Place, Project
from commentmatrix.model.status_facts import (
    EVERYTHING,
    CommentFacts,
    FileFacts,
    FilePart,
    ObjectionFacts,
    StatusFacts,
    StatusFilter,
    SuspectFacts,
)
from commentmatrix.status_json import file_outline
from commentmatrix.tally import DECISION_KEYS, OPEN, outcome_index, outcome_of


class _Found:
    """What a comment's facts take from the rest of the project: its outcome, whether its
    decision applied, whether its basis is suspect, and whether a carry-over compares its text."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.applied: dict[str | None, set[str]] = {}
        self.repeated = {ref.comment.repeats for ref in project.comments() if ref.comment.repeats}

    def of(self, ref: CommentRef, comment: Comment) -> tuple[str, str | None, str | None, bool]:
        response = comment.response
        decision = response.decision if response is not None else None
        outcome = outcome_of(comment, self.project)
        suspect = _suspect(self.project, ref, comment)
        unapplied = unapplied_reason(comment, self._applied(ref)) if decision in ("accepted", "partially") else None
        return outcome, unapplied, suspect, comment.repeats is not None or comment.id in self.repeated

    def _applied(self, ref: CommentRef) -> set[str]:
        # Each round's comments are judged by the revision of that round's draft.
        draft_id = self.project.draft_id_of(ref.source)
        if draft_id not in self.applied:
            revision = revise(self.project, draft_id) if draft_id else None
            self.applied[draft_id] = ({o.request.comment_id for o in revision.outcomes if o.applied}
                                      if revision else set())
        return self.applied[draft_id]


def status_facts(project: Project) -> StatusFacts:
    """The facts of every comment file that loaded, in project order."""
    found = _Found(project)
    sections = DraftSections(project)
    files = []
    for source in project.comment_sources:
        rows = []
        for index, comment in enumerate(source.file.comments):
            ref = CommentRef(source, index)
            rows.append(_comment_facts(ref, comment, *found.of(ref, comment)))
        files.append(_file_facts(project, source, rows, sections))
    return StatusFacts(files)


def carried_forward(facts: StatusFacts, project: Project, found_again: Mapping[str, CommentSource],
                    answered: Mapping[str, list[int]], unapplied: Mapping[str, Mapping[int, str | None]]) -> StatusFacts | None:
    """The record's facts with the files of `found_again` found again, each comment keeping what
    it takes from the rest of the project, but: those of `answered` (by file, their places),
    whose answers changed and which take nothing from the rest (quick_check's answers that
    stand alone: no group, no repeat); and those of `unapplied`, whose decisions' effect on the
    revised draft is known anew (quick_edits.py), with that. Only for such changes: None when a
    file found again no longer has the comments it had."""
    sections = DraftSections(project)
    files = []
    for recorded in facts.files:
        source = found_again.get(recorded.path)
        if source is None:
            files.append(recorded)
            continue
        if len(source.file.comments) != len(recorded.comments):
            return None
        fresh = set(answered.get(recorded.path, ()))
        known = unapplied.get(recorded.path, {})
        rows = []
        for index, (comment, kept) in enumerate(zip(source.file.comments, recorded.comments)):
            if comment.id != kept.id:
                return None
            ref = CommentRef(source, index)
            if index in fresh:
                outcome, reason, suspect, compared = _standing_alone(project, ref, comment)
            else:
                outcome, reason, suspect, compared = (kept.outcome, kept.unapplied, kept.suspect.reason if kept.suspect else None,
                                                      kept.compared is not None)
            rows.append(_comment_facts(ref, comment, outcome, known.get(index, reason), suspect, compared))
        files.append(_file_facts(project, source, rows, sections))
    return StatusFacts(files)


def _standing_alone(project: Project, ref: CommentRef, comment: Comment) -> tuple[str, str | None, str | None, bool]:
    """_Found.of of a comment that proposes and writes no edit, is in no group and that no
    comment repeats or is repeated by: what the rest of the project gives it is known."""
    return outcome_of(comment), unapplied_reason(comment, set()), _suspect(project, ref, comment), False


def _suspect(project: Project, ref: CommentRef, comment: Comment) -> str | None:
    # Most comments record no basis: the question needs no asking.
    response = comment.response
    return suspect_reason(project, ref) if response is not None and response.basis is not None else None


def unapplied_reason(comment: Comment, applied: set[str]) -> str | None:
    """Why a comment's decision changes nothing in its revised draft, `applied` holding the ids
    of the comments whose edits applied there; None when it does, or is no such decision."""
    if comment.decision not in ("accepted", "partially") or comment.id in applied:
        return None
    edits, _ = decided_edits(comment)
    return "no edits to apply" if not edits else "its edits did not apply (see cm validate)"


def file_part(comments: list[CommentFacts], section_of: dict[str, Place], only: StatusFilter = EVERYTHING,
              keys: dict[str, str] | None = None) -> FilePart:
    """What `comments` (one file's) add to a status under `only` (its stakeholder filter is the
    caller's: it keeps or drops the whole file); `section_of` is their draft's index, `keys` a
    memo of the section each target is counted in."""
    keys = {} if keys is None else keys
    counts: dict[str, list[int]] = {}
    kept = []
    for comment in comments:
        target = comment.target
        if only.assignee is not None and comment.assignee != only.assignee:
            continue
        if only.section is not None and not in_section(target, only.section, section_of):
            continue
        key = keys.get(target)
        if key is None:
            key = keys[target] = section_key(target, section_of)
        counted = counts.get(key)
        if counted is None:
            counted = counts[key] = [0] * len(DECISION_KEYS)
        counted[outcome_index(comment.outcome)] += 1
        kept.append(comment)
    return FilePart.of(counts, kept, comments)


def section_key(target: str, section_of: dict[str, Place]) -> str:
    """The section a comment on `target` is counted in: its own, general, or (an unknown
    target) the target itself."""
    if target in section_of:
        return section_of[target].section.id
    return GENERAL if target == GENERAL else target


def in_section(target: str, wanted: str, section_of: dict[str, Place]) -> bool:
    if target == wanted:
        return True
    found = section_of.get(target)
    return found is not None and (found.section.id == wanted or any(p.id == wanted for p in found.parents))


class DraftSections:
    """Each draft's index, and the section each target is counted in, found once per draft; and
    what a file adds to a status under a filter."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.by_draft: dict[str | None, tuple[dict[str, Place], dict[str, str]]] = {}

    def of(self, draft_id: str | None) -> tuple[dict[str, Place], dict[str, str]]:
        if draft_id not in self.by_draft:
            self.by_draft[draft_id] = (self.project.places(draft_id) if draft_id else {}, {})
        return self.by_draft[draft_id]

    def part(self, file: FileFacts, only: StatusFilter) -> FilePart:
        # Without a filter of single comments, the file's own part (kept in the check record).
        if only.per_file:
            return file.part
        section_of, keys = self.of(file.draft)
        return file_part(file.comments, section_of, only, keys)


def _file_facts(project: Project, source: CommentSource, comments: list[CommentFacts],
                sections: DraftSections) -> FileFacts:
    file = source.file
    ack = file.acknowledgement
    # Only an objection's acknowledgement is pointed at; finding a key's line composes the file.
    ack_line = source.doc.position(("acknowledgement",), key=True)[0] if ack is not None and ack.answer == "object" else 0
    draft_id = project.draft_id_of(source)
    section_of, keys = sections.of(draft_id)
    found = FileFacts(source.path, file.stakeholder, project.round_of(source), draft_id, file.state,
                      file.received, ack, ack_line, comments, file_part(comments, section_of, EVERYTHING, keys))
    found.outlined = lambda: file_outline(found)
    return found


def _comment_facts(ref: CommentRef, comment: Comment, outcome: str, unapplied: str | None, suspect: str | None,
                   compared: bool) -> CommentFacts:
    objection = comment.objection
    return CommentFacts(
        comment.id, comment.target, outcome, comment.decision, comment.assignee, comment.due, ref.position("id")[0],
        comment.text if outcome == OPEN else None,
        ObjectionFacts(objection.date, objection.note, ref.position("objection", key=True)[0]) if objection else None,
        unapplied,
        SuspectFacts(suspect, ref.position("response", "basis")[0]) if suspect is not None else None,
        comment.repeats, comment.withdrawn is not None, text_key(comment.text) if compared else None)
