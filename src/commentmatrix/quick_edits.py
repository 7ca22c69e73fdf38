"""A change of decision that applies or withdraws replaces, checked on the texts they touch.

`cm respond ID --decision accepted` on a comment that proposes a replace is the commonest edit
of a consultation, and it changes the revised draft: at IPCC scale, checking the project again
in full takes seconds. But a replace changes one text, and its outcome reads only the other
replaces found in that text (the first in project order that changes the same words applies,
the later one conflicts: engine.py); no other edit's outcome reads it. So where the index of
the last full check (edit_index.py) shows the texts the changed replaces were found in, and
that only replaces were found in them (no delete, which withdraws and is withdrawn, and no
paragraph that an insert made), the edits found in those texts are run again through the one
engine, on a draft of those texts alone, as they were (which must give the recorded outcomes,
or nothing is trusted) and as they are now. The problems the edit rules and the one-language
rule found in those texts then, are taken out of the record's; those found now go in.

Declined (the check runs in full) wherever that is not certain: an insert or a delete among the
changed edits, a group's lead or a comment another names among the edits of those texts, a
comment of an earlier round (a later round's basis reads its revision), a duplicated id, an
outcome that differs from the record's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from commentmatrix.engine import apply_edits, requests_for
from commentmatrix.language_rules import language_rules
from commentmatrix.model.check_record import CheckRecord
from commentmatrix.model.diagnostics import Diagnostic
from commentmatrix.model.edit_index import EditEntry, EditIndex, RequestKey
from commentmatrix.model.format import DECISIONS, Comment, Draft, Response, Section
from commentmatrix.model.project import CommentSource, Place, Project
from commentmatrix.revision import EditRequest, Revision
from commentmatrix.rules import edit_rules
from commentmatrix.status_facts import unapplied_reason

#: Loads the named comment files (unchanged since the record), by name; None where one did not.
LoadFiles = Callable[[set[str]], Mapping[str, CommentSource] | None]


@dataclass
class Redone:
    """What running the touched texts' edits again found."""

    removed: set[Diagnostic]  # the record's problems of those edits and texts
    added: list[Diagnostic]  # their problems now
    index: EditIndex  # the record's, with the outcomes now
    #: Each comment whose edits' outcomes changed, or whose decision did: why it changes nothing
    #: in the revised draft now (status_facts.unapplied_reason), by file and place.
    unapplied: dict[str, dict[int, str | None]]
    #: The files of those comments, changed or not: each one's facts are found again (a file
    #: loaded whole or named by an edit's comment is in the project, and not among the changed).
    sources: dict[str, CommentSource]


def redo_edits(record: CheckRecord, project: Project, decided: dict[str, list[int]], before: Mapping[str, Any],
               load: LoadFiles) -> Redone | None:
    """The edits of the texts that the comments `decided` (by changed file, their places, whose
    decisions changed: quick_check's answers that reach edits) apply or withdraw, run again;
    None when that cannot be exact (see the module docstring)."""
    index = record.edits
    if index is None or any(d.rule == "duplicate-id" for _, d in record.problems):
        return None
    now = {source.path: source for source in project.comment_sources}
    changed: dict[RequestKey, tuple[EditRequest, EditRequest]] = {}  # (as it was, as it is)
    for name, places in decided.items():
        for place in places:
            pairs = _requests_then_and_now(project, record, now[name], place, before.get(name))
            if pairs is None:
                return None
            changed.update(pairs)
    touched: set[tuple[str, str]] = set()
    for key, (then, later) in changed.items():
        entry = index.by_request.get(key)
        if entry is None or entry.kind != later.kind:
            return None
        if then.apply != later.apply:
            if entry.kind != "replace":
                return None  # what a delete or an insert changes reaches past one text
            if entry.text is not None:  # a replace that fails either way changes nothing
                touched.add((entry.draft, entry.text))
    entries = [entry for text in sorted(touched) for entry in index.by_text[text]]
    if any(entry.kind != "replace" for entry in entries) or \
            any(_made_by_an_edit(project, draft_id, text_id) for draft_id, text_id in touched):
        return None
    sources = dict(now)
    wanted = {entry.file for entry in entries} - set(now)
    if wanted:
        loaded = load(wanted)
        if loaded is None or not wanted <= set(loaded):
            return None
        sources.update((name, loaded[name]) for name in wanted)
    requests = _requests_of(record, sources, entries, changed)
    if requests is None:
        return None
    then_requests, now_requests = requests
    removed: set[Diagnostic] = set()
    added: list[Diagnostic] = []
    statuses: dict[RequestKey, str] = {}
    for draft_id in sorted({draft_id for draft_id, _ in touched}):
        draft = _draft_of(project, draft_id, {text for found, text in touched if found == draft_id})
        if draft is None:
            return None
        old = apply_edits(draft, [r for r in then_requests if index.by_request[_key(r)].draft == draft_id])
        if any(o.status != index.by_request[_key(o.request)].status for o in old.outcomes):
            return None  # the texts alone do not give what the whole draft gave: not the same
        new = apply_edits(draft, [r for r in now_requests if index.by_request[_key(r)].draft == draft_id])
        was = set(_problems(project, draft_id, old))
        recorded = {d for _, d in record.problems}
        if not was <= recorded:
            return None
        removed |= was
        added += _problems(project, draft_id, new)
        statuses.update((_key(o.request), o.status) for o in new.outcomes)
    new_index = index.with_statuses(statuses)
    # The comments whose edits' outcomes changed, and those whose decisions did.
    moved = {index.by_request[key].comment for key, status in statuses.items() if index.by_request[key].status != status}
    moved.update((name, place) for name, places in decided.items() for place in places)
    unapplied: dict[str, dict[int, str | None]] = {}
    for name, place in sorted(moved):
        comment = sources[name].file.comments[place]
        applied = any(entry.status == "applied" for entry in new_index.by_comment.get((name, place), []))
        unapplied.setdefault(name, {})[place] = unapplied_reason(comment, {comment.id} if applied else set())
    return Redone(removed, added, new_index, unapplied, {name: sources[name] for name in unapplied})


def _requests_then_and_now(project: Project, record: CheckRecord, source: CommentSource, place: int,
                           before: Any) -> dict[RequestKey, tuple[EditRequest, EditRequest]] | None:
    """Each edit of the comment at `place` as its old decision (in the file's data `before`)
    and as its decision now make it."""
    comment = source.file.comments[place]
    if comment.group is not None or comment.repeats is not None or comment.id in record.named:
        return None
    round_id = project.round_of(source)
    if round_id is not None and project.round_index(round_id) != len(project.rounds) - 1:
        return None  # a later round's basis reads this round's revision
    old = _as_decided(comment, _old_decision(before, place))
    if old is None:
        return None
    path = ("comments", place)
    then = requests_for(old, source.file.stakeholder, source, path)
    later = requests_for(comment, source.file.stakeholder, source, path)
    if [r.path for r in then] != [r.path for r in later]:
        return None
    return {(source.path, r.path): (t, r) for t, r in zip(then, later)}


_NO_DECISION = object()


def _old_decision(before: Any, place: int) -> Any:
    """The decision the comment at `place` had in the file's old data (None when it had none);
    _NO_DECISION when that data does not say."""
    comments = before.get("comments") if isinstance(before, dict) else None
    if not isinstance(comments, list) or place >= len(comments) or not isinstance(comments[place], dict):
        return _NO_DECISION
    response = comments[place].get("response")
    if response is None:
        return None
    if not isinstance(response, dict):
        return _NO_DECISION
    decision = response.get("decision")
    return decision if decision is None or decision in DECISIONS else _NO_DECISION


def _as_decided(comment: Comment, decision: Any) -> Comment | None:
    """The comment with `decision` for its own (what it was, as far as edits go)."""
    if decision is _NO_DECISION:
        return None
    response = comment.response
    if response is None:
        response = Response.model_validate({"decision": decision})
    return comment.model_copy(update={"response": response.model_copy(update={"decision": decision})})


def _made_by_an_edit(project: Project, draft_id: str, text_id: str) -> bool:
    """Whether the text is not the draft's own (a paragraph or section an insert made)."""
    return text_id not in project.places(draft_id)


def _requests_of(record: CheckRecord, sources: Mapping[str, CommentSource], entries: list[EditEntry],
                 changed: dict[RequestKey, tuple[EditRequest, EditRequest]]) -> tuple[list[EditRequest], list[EditRequest]] | None:
    """The requests of `entries` in project order, as they were and as they are."""
    wanted = {entry.key for entry in entries}
    order = {name: position for position, name in enumerate(record.names)}
    then: list[EditRequest] = []
    now: list[EditRequest] = []
    for name, place in sorted({entry.comment for entry in entries}, key=lambda found: (order[found[0]], found[1])):
        source = sources[name]
        if place >= len(source.file.comments):
            return None
        comment = source.file.comments[place]
        for request in requests_for(comment, source.file.stakeholder, source, ("comments", place)):
            key = (name, request.path)
            if key not in wanted:
                continue
            if key in changed:
                then.append(changed[key][0])
                now.append(changed[key][1])
                continue
            if comment.id in record.named:
                return None  # a group's lead (the group rules read its outcomes), or repeated
            if request.apply != (record.edits is not None and record.edits.by_request[key].status in ("applied", "conflict")):
                return None  # the record is not of these files
            then.append(request)
            now.append(request)
    return then, now


def _key(request: EditRequest) -> RequestKey:
    return request.origin.path, request.path


def _draft_of(project: Project, draft_id: str, texts: set[str]) -> Draft | None:
    """The draft with only `texts` (paragraphs, or sections' titles) and the sections they are in."""
    source = project.drafts_by_id.get(draft_id)
    if source is None:
        return None
    places = project.places(draft_id)
    kept: dict[str, tuple[Section, list[str], list[Any]]] = {}  # id -> (section, child ids, paragraphs)
    tops: list[str] = []
    for text_id in sorted(texts):
        place: Place = places[text_id]
        chain = [*place.parents, place.section]
        for depth, section in enumerate(chain):
            if section.id not in kept:
                kept[section.id] = (section, [], [])
                if depth == 0:
                    tops.append(section.id)
                else:
                    kept[chain[depth - 1].id][1].append(section.id)
        if place.paragraph is not None:
            kept[place.section.id][2].append(place.paragraph)

    def built(section_id: str) -> Section:
        section, children, paragraphs = kept[section_id]
        return section.model_copy(update={"paragraphs": paragraphs, "sections": [built(child) for child in children]})

    return source.draft.model_copy(update={"sections": [built(top) for top in tops]})


def _problems(project: Project, draft_id: str, revision: Revision) -> list[Diagnostic]:
    revisions = {draft_id: revision}
    return [*edit_rules(project, revisions), *language_rules(project, revisions)]


def index_revisions(revisions: dict[str, Revision]) -> EditIndex:
    """The index of every outcome of `revisions` (by draft) whose request lives in a comment file."""
    return EditIndex(_entries(revisions))


def _entries(revisions: dict[str, Revision]) -> Iterator[EditEntry]:
    for draft_id, revision in revisions.items():
        for outcome in revision.outcomes:
            request = outcome.request
            origin = getattr(request.origin, "path", None)
            if not isinstance(origin, str) or len(request.path) < 2 or not isinstance(request.path[1], int):
                continue
            kind = request.kind
            if kind == "replace":
                text = outcome.where if outcome.status != "failed" else None
            elif kind == "delete":
                text = getattr(request.edit, "delete", None)
            else:
                text = None
            yield EditEntry(origin, request.path, kind, outcome.status, draft_id, text)
