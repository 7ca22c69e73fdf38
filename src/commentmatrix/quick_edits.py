"""A change of answer that applies, withdraws or changes edits, checked on the texts they touch.

`cm respond ID --decision accepted` on a comment that proposes a replace, or `--decision
partially --take 1`, is the commonest edit of a consultation, and it changes the revised draft:
at IPCC scale, checking the project again in full takes seconds. But a replace changes one
text, and its outcome reads only the other replaces found in that text (the first in project
order that changes the same words applies, the later one conflicts: engine.py); no other edit's
outcome reads it. So where the index of the last full check (model/edit_index.py) shows the
texts the changed replaces were found in (a new one's, its paragraph) or the paragraphs the
changed deletes name (a delete withdraws and is withdrawn by the replaces of its paragraph, and
is read otherwise only as what comes before a paragraph an insert made: so not there), the
applied edits found in those texts are run again through the one engine, on a draft of those
texts alone, as they were (which must give the recorded outcomes, or nothing is trusted) and as
they are now. The problems the edit rules and the one-language rule found in those texts then
are taken out of the record's; those found now go in. The same run finds again, on their new
lines, the problems of the edits of a changed file's other comments.

An insert puts a paragraph in one section, after a paragraph of it or at its end: that section
is run whole, with every edit that names it or its paragraphs, in whichever file (the inserts put
there, in order; the replaces looking in it, whatever their decisions, since an open one is
checked against the new paragraph too) and those that name the new paragraphs in turn. What is before each new paragraph
(the one-language rule) is then the section's own; the index's paragraphs before new ones are
those of the run.

Declined (the check runs in full) wherever that is not certain: a new section among the changed
edits; an insert whose anchor an edit made, whose new id the draft has or another comment's edit
or target names (whether that place is there reads the insert), or whose section's parents (or
the section itself, when it has sections) a replace looks in; an insert where the record holds an
unknown target (its hint is the nearest of the ids, new ones too) or an old text not found (its
hint names the text of the draft it is in, a new paragraph too); a new replace placed in a
section (whose texts hold what inserts add); a delete of a paragraph before one an insert made
(or before deleted ones up to it) outside a section run whole; a text an insert made; a group's
lead or a comment another names among their edits, or a group member's edit that comes out
otherwise (the group rules compare members' edits by where they were found); a comment of an earlier round (a later
round's basis reads its revision); a duplicated id; an outcome that differs from the record's; an
edit that now fails (its hint looks in the whole draft).
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
from commentmatrix.model.format import GENERAL, Comment, DeleteEdit, Draft, InsertEdit, InsertSectionEdit, ReplaceEdit, Response, Section
from commentmatrix.model.project import CommentSource, Place, Project, walk_sections
from commentmatrix.revision import EditRequest, Outcome, RevisedSection, Revision
from commentmatrix.rules import edit_rules
from commentmatrix.status_facts import unapplied_reason

#: Loads the named comment files (unchanged since the record), by name; None where one did not.
LoadFiles = Callable[[set[str]], Mapping[str, CommentSource] | None]


@dataclass
class Redone:
    """What running the touched texts' edits again found."""

    #: The problems of those edits and texts as the record's were found again (in a changed
    #: file, the record's may be on other lines: Diagnostic.said).
    removed: set[Diagnostic]
    added: list[Diagnostic]  # their problems now
    index: EditIndex  # the record's, with the outcomes now
    #: Each comment whose edits' outcomes changed, or whose decision did: why it changes nothing
    #: in the revised draft now (status_facts.unapplied_reason), by file and place.
    unapplied: dict[str, dict[int, str | None]]
    #: The files of those comments, changed or not: each one's facts are found again (a file
    #: loaded whole or named by an edit's comment is in the project, and not among the changed).
    sources: dict[str, CommentSource]


def redo_edits(record: CheckRecord, project: Project, decided: dict[str, list[int]], before: Mapping[str, Any],
               load: LoadFiles, changed_files: set[str], refound: Mapping[str, set[int]] | None = None) -> Redone | None:
    """The edits of the texts that the comments `decided` (by changed file, their places, whose
    answers changed: quick_check's answers that reach edits: a decision, or the response's
    edits) apply, withdraw or change, run again; None when that cannot be exact (see the module
    docstring). A problem of them in one of `changed_files` (whose lines may have moved) is the
    record's if it says the same (Diagnostic.said). The texts the edits of the comments
    `refound` (by file, their places) work on are run again too, to find their problems anew."""
    index = record.edits
    if index is None or any(d.rule == "duplicate-id" for _, d in record.problems):
        return None
    now = {source.path: source for source in project.comment_sources}
    change = _decided_change(project, record, index, decided, before, now)
    if change is None or not _add_refound(project, index, change, refound or {}):
        return None
    if change.whole and any(d.rule in ("unknown-target", "replace-not-found") for _, d in record.problems):
        return None  # its hint is the nearest of the ids a new paragraph is one of, or the text it is in
    change.touched |= _texts_of_sections(project, change.whole)
    entries = _entries_to_run(project, index, change)
    if entries is None:
        return None
    sources = _with_files_of(entries, now, load)
    if sources is None:
        return None
    requests = _requests_of(record, sources, entries, change.answered, change.changed)
    if requests is None:
        return None
    run = _run_again(project, record, index, change, requests, changed_files)
    if run is None:
        return None
    # The requests of the decided comments that are no more (a response's edits taken back).
    still = {(name, r.path) for (name, _), (_, new) in change.answered.items() for r in new}
    gone = {key for key in change.changed if index.by_request(key) is not None and key not in still}
    new_index = index.updated(run.outcomes, gone, run.neighbours)
    unapplied = _unapplied_now(index, new_index, run.outcomes, gone, change.answered, sources)
    return Redone(run.removed, run.added, new_index, unapplied, {name: sources[name] for name in unapplied})


#: A decided comment's requests as it was answered and as it is, by (file, place).
Answered = dict[tuple[str, int], tuple[list[EditRequest], list[EditRequest]]]


@dataclass
class _DecidedChange:
    """What the decided comments' new answers change."""

    answered: Answered
    changed: set[RequestKey]  # the requests that differ, by key
    touched: set[tuple[str, str]]  # the texts (draft, text id) they work on, as they were and are
    whole: set[tuple[str, str]]  # the sections (draft, section id) run whole: where an insert puts its paragraph


def _decided_change(project: Project, record: CheckRecord, index: EditIndex, decided: dict[str, list[int]],
                    before: Mapping[str, Any], now: Mapping[str, CommentSource]) -> _DecidedChange | None:
    """Each decided comment's requests as it was and as it is, and the texts and sections of those
    that differ; None where one cannot be known (see the module docstring)."""
    change = _DecidedChange({}, set(), set(), set())
    for name, places in decided.items():
        source = now[name]
        draft_id = project.draft_id_of(source)
        for place in places:
            found = _requests_then_and_now(project, record, source, place, before.get(name))
            if found is None or draft_id is None:
                return None
            change.answered[(name, place)] = found
            then = {r.path: r for r in found[0]}
            later = {r.path: r for r in found[1]}
            for path in then.keys() | later.keys():
                old, new = then.get(path), later.get(path)
                if old is not None and new is not None and old.edit == new.edit and old.apply == new.apply:
                    continue
                found_places = _places_of_change(project, index, draft_id, (name, path), old, new)
                if found_places is None:
                    return None
                change.changed.add((name, path))
                change.touched.update(found_places[0])
                change.whole.update(found_places[1])
    return change


def _add_refound(project: Project, index: EditIndex, change: _DecidedChange, refound: Mapping[str, set[int]]) -> bool:
    """Add the texts (and an insert's section) the recorded edits of the `refound` comments work
    on; False if one failed (its problem's hint is of the whole draft) or an insert's section
    cannot be run alone."""
    for name, again in refound.items():
        for place in again:
            for entry in index.of_comment(name, place):
                if entry.status == "failed":
                    return False
                if entry.kind == "insert":
                    section_id = _section_of_insert(project, index, entry.draft, entry.key, *entry.names)
                    if section_id is None:
                        return False
                    change.whole.add((entry.draft, section_id))
                elif entry.text is not None:
                    change.touched.add((entry.draft, entry.text))
    return True


def _entries_to_run(project: Project, index: EditIndex, change: _DecidedChange) -> list[EditEntry] | None:
    """The recorded edits of the touched texts and sections to run again; None where running
    them alone would not be certain: a text an insert made, or a delete before a new paragraph
    outside a section run whole."""
    # Of the others' edits of those texts, only those their decisions apply: one only checked
    # (open, rejected, a group member's) changes nothing and no rule reads its outcome.
    entries = [entry for draft_id, text_id in sorted(change.touched) for entry in index.on_text(draft_id, text_id)
               if entry.status in ("applied", "conflict") or entry.key in change.changed]
    if any(_made_by_an_edit(project, draft_id, text_id) for draft_id, text_id in change.touched):
        return None
    inside = _texts_of_sections(project, change.whole)
    entries += _edits_naming(index, inside, {entry.key for entry in entries})
    # A paragraph deleted or no more changes which paragraph comes before the next one: where that
    # is one an insert made, the one-language rule reads the languages of the one before it (in
    # a section run whole, the new paragraphs are run too).
    deleting = {(entry.draft, entry.text) for entry in entries if entry.kind == "delete" and entry.text is not None}
    deleting.update((draft_id, text_id) for draft_id, text_id in change.touched if _deletes(change.answered, text_id))
    if any(index.is_neighbour(draft_id, text_id) for draft_id, text_id in deleting - inside):
        return None
    return entries


def _with_files_of(entries: list[EditEntry], now: Mapping[str, CommentSource],
                   load: LoadFiles) -> dict[str, CommentSource] | None:
    """The project's comment files and those of `entries` it does not hold, loaded; None if one
    could not be."""
    sources = dict(now)
    wanted = {entry.file for entry in entries} - set(now)
    if wanted:
        loaded = load(wanted)
        if loaded is None or not wanted <= set(loaded):
            return None
        sources.update((name, loaded[name]) for name in wanted)
    return sources


@dataclass
class _RunAgain:
    """What running the touched texts' requests again found."""

    removed: set[Diagnostic]  # their problems as they were: the record's
    added: list[Diagnostic]  # their problems now
    outcomes: dict[RequestKey, EditEntry]  # their outcomes now
    #: The paragraphs before new ones (quick_edits.index_revisions) of the sections run whole:
    #: those to forget, and those now.
    neighbours: tuple[list[tuple[str, str]], list[tuple[str, str]]]


def _run_again(project: Project, record: CheckRecord, index: EditIndex, change: _DecidedChange,
               requests: tuple[list[EditRequest], list[EditRequest]], changed_files: set[str]) -> _RunAgain | None:
    """The touched texts' requests run through the engine as they were and as they are, each
    draft's texts alone; None where the texts alone do not give the record's outcomes and
    problems, or an edit fails now (its hint would be looked for in these texts alone)."""
    then_requests, now_requests = requests
    run = _RunAgain(set(), [], {}, ([], []))
    recorded = {d for _, d in record.problems}
    recorded_said = {d.said for _, d in record.problems if d.path in changed_files}
    drafts = {_key(r): project.draft_id_of(r.origin) for r in [*then_requests, *now_requests]}
    for draft_id in sorted({draft_id for draft_id, _ in change.touched}):
        draft = _draft_of(project, draft_id, {text for found, text in change.touched if found == draft_id})
        if draft is None:
            return None
        as_was = apply_edits(draft, [r for r in then_requests if drafts[_key(r)] == draft_id])
        if any(index.status_of(_key(o.request)) != o.status for o in as_was.outcomes):
            return None  # the texts alone do not give what the whole draft gave: not the same
        as_is = apply_edits(draft, [r for r in now_requests if drafts[_key(r)] == draft_id])
        if any(o.status == "failed" for o in as_is.outcomes):
            return None
        if _grouped_moved(as_was, as_is):
            return None
        was = set(_problems(project, draft_id, as_was))
        if any(d not in recorded and not (d.path in changed_files and d.said in recorded_said) for d in was):
            return None
        run.removed |= was
        run.added += _problems(project, draft_id, as_is)
        run.outcomes.update((_key(outcome.request), _entry(draft_id, outcome)) for outcome in as_is.outcomes)
        for section, _ in as_is.walk():
            if (draft_id, section.id) in change.whole:
                run.neighbours[0].extend((draft_id, paragraph.id) for paragraph in section.paragraphs)
                run.neighbours[1].extend(_neighbours_in(draft_id, section))
    return run


def _grouped_moved(as_was: Revision, as_is: Revision) -> bool:
    """Whether an edit of a group's member came out otherwise (found elsewhere, or not at all: an
    open replace looking in a section finds a new paragraph's words too). The group rules compare
    members' edits by where they were found, and are not run here."""
    def found(revision: Revision) -> dict[RequestKey, tuple[Any, ...]]:
        return {_key(o.request): (o.status, o.where, o.lang, o.span) for o in revision.outcomes if _in_a_group(o.request)}

    return found(as_was) != found(as_is)


def _in_a_group(request: EditRequest) -> bool:
    place = request.path[1] if len(request.path) > 1 else None
    comments = request.origin.file.comments if isinstance(request.origin, CommentSource) else []
    return isinstance(place, int) and place < len(comments) and comments[place].group is not None


def _unapplied_now(index: EditIndex, new_index: EditIndex, outcomes: dict[RequestKey, EditEntry],
                   gone: set[RequestKey], answered: Answered,
                   sources: Mapping[str, CommentSource]) -> dict[str, dict[int, str | None]]:
    """Why each comment whose edits' outcomes changed, or whose answer did, changes nothing in
    the revised draft now (None where it changes something), by file and place."""
    moved = {entry.comment for key, entry in outcomes.items() if index.status_of(key) != entry.status}
    moved.update(answered)
    moved.update(found.comment for found in map(index.by_request, gone) if found is not None)
    unapplied: dict[str, dict[int, str | None]] = {}
    for name, place in sorted(moved):
        comment = sources[name].file.comments[place]
        applied = any(entry.status == "applied" for entry in new_index.of_comment(name, place))
        unapplied.setdefault(name, {})[place] = unapplied_reason(comment, {comment.id} if applied else set())
    return unapplied


def _places_of_change(project: Project, index: EditIndex, draft_id: str, key: RequestKey, old: EditRequest | None,
                      new: EditRequest | None) -> tuple[set[tuple[str, str]], set[tuple[str, str]]] | None:
    """The texts a changed request of a decided comment works on, as it was (the record's) and
    as it is, and the sections it puts a new paragraph in (run whole); None where that is not
    certain: a new section, a replace or delete whose new place is not a paragraph of the draft
    (a section's texts hold what inserts add), an insert _section_of_insert declines."""
    texts: set[tuple[str, str]] = set()
    sections: set[tuple[str, str]] = set()
    if any(request is not None and request.kind == "insert_section" for request in (old, new)):
        return None
    entry = index.by_request(key)
    if old is not None:
        if entry is None or entry.kind != old.kind:
            return None
        if old.kind == "insert":
            section_id = _section_of_insert(project, index, draft_id, key, *names_of(old))
            if section_id is None:
                return None
            sections.add((draft_id, section_id))
        elif entry.text is not None:  # an edit that failed fails whatever else applies
            texts.add((entry.draft, entry.text))
    if new is None or (old is not None and old.edit == new.edit and new.kind != "insert"):
        return texts, sections  # found where it was: only whether it applies changed
    if new.kind == "insert":
        section_id = _section_of_insert(project, index, draft_id, key, *names_of(new))
        if section_id is None:
            return None
        sections.add((draft_id, section_id))
        return texts, sections
    place_id = getattr(new.edit, "delete", None) or getattr(new.edit, "in_", None) or new.target
    place = project.places(draft_id).get(place_id)
    if place is None or place.paragraph is None:
        return None  # a section's texts hold what inserts add: not known here
    texts.add((draft_id, place_id))
    return texts, sections


def _section_of_insert(project: Project, index: EditIndex, draft_id: str, key: RequestKey, anchor: str,
                       new_id: str) -> str | None:
    """The section an insert placed at `anchor` (after a paragraph, or at a section's end) puts
    paragraph `new_id` in, where running that section whole gives every outcome and problem the
    new paragraph changes; None where it may reach further: the anchor is not in the draft as
    drafted (another edit made it, or the hint of its failure reads the whole draft), the new id
    is one the draft has or another edit or a comment names (whether that place is there reads
    the insert), or a replace looks in a section around the new paragraph beyond its own texts."""
    places = project.places(draft_id)
    place = places.get(anchor)
    if place is None or new_id in places or index.is_new_target(draft_id, new_id):
        return None
    comment = (key[0], key[1][1])  # its own proposal may name the id its response's edits take up
    if any(entry.comment != comment for entry in index.naming(draft_id, new_id)):
        return None
    section = place.section
    scopes = [*place.parents, section] if section.sections else list(place.parents)
    if any(entry.kind == "replace" for scope in scopes for entry in index.naming(draft_id, scope.id)):
        return None
    return section.id


def _texts_of_sections(project: Project, sections: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The texts of the sections: each one's title and its paragraphs, as drafted."""
    found: set[tuple[str, str]] = set()
    for draft_id, section_id in sections:
        section = project.places(draft_id)[section_id].section
        found.add((draft_id, section_id))
        found.update((draft_id, paragraph.id) for paragraph in section.paragraphs)
    return found


def _edits_naming(index: EditIndex, places: set[tuple[str, str]], known: set[RequestKey]) -> list[EditEntry]:
    """The edits that name `places` (a section run whole and its paragraphs: the inserts put
    after them or at its end, whichever file they are in, the replaces looking in them), and
    those that name or work on the paragraphs those inserts make, in turn; whatever their
    decisions, for an open comment's replace looking in the section is checked against the new
    paragraphs too. Those in `known` are left out."""
    found: list[EditEntry] = []
    pending = sorted(places)
    seen: set[tuple[str, str]] = set()
    while pending:
        draft_id, place_id = pending.pop()
        if (draft_id, place_id) in seen:
            continue
        seen.add((draft_id, place_id))
        for entry in [*index.naming(draft_id, place_id), *index.on_text(draft_id, place_id)]:
            if entry.key in known:
                continue
            known.add(entry.key)
            found.append(entry)
            if entry.kind == "insert" and len(entry.names) == 2:
                pending.append((draft_id, entry.names[1]))
    return found


def names_of(request: EditRequest) -> tuple[str, ...]:
    """The places a request names (EditEntry.names): a replace its scope; a delete its
    paragraph; an insert its anchor, then its new paragraph; a new section its anchor and
    every id it brings."""
    edit = request.edit
    if isinstance(edit, ReplaceEdit):
        return (edit.in_ or request.target,)
    if isinstance(edit, DeleteEdit):
        return (edit.delete,)
    if isinstance(edit, InsertEdit):
        anchor = edit.after if edit.after is not None else edit.at
        assert anchor is not None  # the model asks for one of them
        return anchor, edit.id
    assert isinstance(edit, InsertSectionEdit)
    new = edit.insert_section
    ids = [edit.after, new.id, *(paragraph.id for paragraph in new.paragraphs)]
    for section, _ in walk_sections(new.sections):
        ids += [section.id, *(paragraph.id for paragraph in section.paragraphs)]
    return tuple(ids)


def _entry(draft_id: str, outcome: Outcome) -> EditEntry:
    request = outcome.request
    return EditEntry(request.origin.path, request.path, request.kind, outcome.status, draft_id, text_of(outcome),
                     names_of(request))


def text_of(outcome: Outcome) -> str | None:
    """The text an outcome's edit works on, as the index keeps it (EditEntry.text)."""
    if outcome.status == "failed":
        return None
    if outcome.request.kind == "replace":
        return outcome.where
    if outcome.request.kind == "delete":
        return getattr(outcome.request.edit, "delete", None)
    return None


def _requests_then_and_now(project: Project, record: CheckRecord, source: CommentSource, place: int,
                           before: Any) -> tuple[list[EditRequest], list[EditRequest]] | None:
    """The edits of the comment at `place` as its old answer (in the file's data `before`: the
    decision and the response's edits) and as its answer now make them."""
    comment = source.file.comments[place]
    if comment.group is not None or comment.repeats is not None or comment.id in record.named:
        return None
    round_id = project.round_of(source)
    if round_id is not None and project.round_index(round_id) != len(project.rounds) - 1:
        return None  # a later round's basis reads this round's revision
    old = _as_answered(comment, before, place)
    if old is None:
        return None
    path = ("comments", place)
    return requests_for(old, source.file.stakeholder, source, path), requests_for(comment, source.file.stakeholder, source, path)


def _as_answered(comment: Comment, before: Any, place: int) -> Comment | None:
    """The comment with the decision and the response's edits it had in the file's old data;
    None when that data does not say."""
    comments = before.get("comments") if isinstance(before, dict) else None
    if not isinstance(comments, list) or place >= len(comments) or not isinstance(comments[place], dict):
        return None
    response = comments[place].get("response")
    if response is not None and not isinstance(response, dict):
        return None
    answer = {key: response.get(key) for key in ("decision", "edits")} if response is not None else {}
    try:
        old = Response.model_validate({key: value for key, value in answer.items() if value is not None})
    except ValueError:  # pydantic's ValidationError: the old file did not say it right
        return None
    now = comment.response or Response.model_validate({})
    return comment.model_copy(update={"response": now.model_copy(update={"decision": old.decision, "edits": old.edits})})


def _deletes(answered: Answered, text_id: str) -> bool:
    """Whether a decided comment's edits delete the paragraph, as they were or are."""
    return any(getattr(request.edit, "delete", None) == text_id
               for then, now in answered.values() for request in (*then, *now))


def _made_by_an_edit(project: Project, draft_id: str, text_id: str) -> bool:
    """Whether the text is not the draft's own (a paragraph or section an insert made)."""
    return text_id not in project.places(draft_id)


def _requests_of(record: CheckRecord, sources: Mapping[str, CommentSource], entries: list[EditEntry],
                 answered: Answered, changed: set[RequestKey]) -> tuple[list[EditRequest], list[EditRequest]] | None:
    """The requests of `entries` and the changed ones of the `answered` comments (their
    requests as they were and as they are), in project order: the texts' requests then and now."""
    wanted = {entry.key for entry in entries} | changed
    order = {name: position for position, name in enumerate(record.names)}
    then: list[EditRequest] = []
    now: list[EditRequest] = []
    comments = {entry.comment for entry in entries} | set(answered)
    for name, place in sorted(comments, key=lambda found: (order[found[0]], found[1])):
        source = sources[name]
        if place >= len(source.file.comments):
            return None
        if (name, place) in answered:
            old, new = answered[(name, place)]
            then += [r for r in old if (name, r.path) in wanted]
            now += [r for r in new if (name, r.path) in wanted]
            continue
        comment = source.file.comments[place]
        if comment.id in record.named:
            return None  # a group's lead (the group rules read its outcomes), or repeated
        for request in requests_for(comment, source.file.stakeholder, source, ("comments", place)):
            key = (name, request.path)
            if key not in wanted:
                continue
            entry = record.edits.by_request(key) if record.edits is not None else None
            if entry is None or request.apply != (entry.status in ("applied", "conflict")):
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
    # In the draft's order: a new paragraph goes after its anchor, among its section's paragraphs.
    for text_id in sorted(texts, key=lambda found: (places[found].position or 0, found)):
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


def index_revisions(revisions: dict[str, Revision], project: Project) -> EditIndex:
    """The index of every outcome of `revisions` (by draft) whose request lives in a comment file;
    of the paragraphs whose delete may change the one before a new paragraph (_neighbours_in);
    and of the comments' targets that are not places of their drafts as drafted."""
    neighbours = [found for draft_id, revision in revisions.items() for section, _ in revision.walk()
                  for found in _neighbours_in(draft_id, section)]
    return EditIndex(_entries(revisions), neighbours=neighbours, new_targets=_new_targets(project))


def _neighbours_in(draft_id: str, section: RevisedSection) -> Iterator[tuple[str, str]]:
    """Going back from each paragraph of the section an applied insert made, the deleted ones
    and the first that is not."""
    paragraphs = section.paragraphs
    for at, paragraph in enumerate(paragraphs):
        if not paragraph.inserted_by:
            continue
        for before in reversed(paragraphs[:at]):
            if not before.inserted_by:
                yield draft_id, before.id
            if not before.deleted_by:
                break


def _new_targets(project: Project) -> Iterator[tuple[str, str]]:
    for source in project.comment_sources:
        draft_id = project.draft_id_of(source)
        if draft_id is None or draft_id not in project.drafts_by_id:
            continue
        places = project.places(draft_id)
        for comment in source.file.comments:
            if comment.target != GENERAL and comment.target not in places:
                yield draft_id, comment.target


def _entries(revisions: dict[str, Revision]) -> Iterator[EditEntry]:
    for draft_id, revision in revisions.items():
        for outcome in revision.outcomes:
            request = outcome.request
            origin = getattr(request.origin, "path", None)
            if not isinstance(origin, str) or len(request.path) < 2 or not isinstance(request.path[1], int):
                continue
            yield EditEntry(origin, request.path, request.kind, outcome.status, draft_id, text_of(outcome), names_of(request))
