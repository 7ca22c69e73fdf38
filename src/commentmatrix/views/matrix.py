"""The comments matrix and the synopsis as plain values, built once for every output format.

`build_matrix` gives one row per comment, grouped by stakeholder (roster order, with a row for
each stakeholder who sent no comments, is still reviewing, or has not answered) or by section
(document order, "General" first). `build_synopsis` gives one row per text the decided edits
changed, read from the edit engine's Revision. Every text is a tuple of (language, string) in
the requested order, so writers never choose languages themselves. Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from commentmatrix.model.format import (
    GENERAL,
    DeleteEdit,
    Edit,
    InsertEdit,
    InsertSectionEdit,
    ReplaceEdit,
    Section,
)
from commentmatrix.model.project import PENDING, Place, Project
from commentmatrix.model.text import UNTAGGED, Lines, Text, versions
from commentmatrix.revision import RevisedSection, Revision, Segment
from commentmatrix.tally import OPEN, Tally
from commentmatrix.views.labels import all_labels, label, word

GROUPINGS = ("stakeholder", "section")
# How rows are ordered: tuples of positions, numbers and ids, compared element by element.
SortKey = tuple[Any, ...]



@dataclass(frozen=True)
class MatrixOptions:
    by: str = "stakeholder"
    languages: tuple[str, ...] = ()
    open_only: bool = False
    date: dt.date | None = None


@dataclass(frozen=True)
class MatrixRow:
    id: str
    stakeholder_id: str
    stakeholder: Lines
    target_id: str
    target: Lines
    topic: str | None
    text: Lines
    proposal: tuple[Lines, ...]
    decision: str
    decision_label: Lines
    note: Lines
    edits: tuple[Lines, ...]
    by: str | None
    date: dt.date | None


@dataclass(frozen=True)
class MatrixGroup:
    """The rows under one stakeholder or one section; `state` is set for a stakeholder group."""

    key: str
    heading: Lines
    rows: tuple[MatrixRow, ...]
    state: str | None = None
    state_label: Lines = ()


@dataclass(frozen=True)
class MatrixView:
    title: Lines
    draft_title: Lines
    draft_id: str
    draft_version: str
    deadline: dt.date | None
    date: dt.date | None
    languages: tuple[str, ...]
    by: str
    open_only: bool
    labels: dict[str, Lines]
    groups: tuple[MatrixGroup, ...]
    totals: Tally
    by_stakeholder: tuple[Tally, ...]
    by_section: tuple[Tally, ...]

    def rows(self) -> Iterator[tuple[MatrixGroup, MatrixRow]]:
        for group in self.groups:
            for row in group.rows:
                yield group, row


@dataclass(frozen=True)
class SynopsisComment:
    id: str
    stakeholder: Lines
    decision: str
    decision_label: Lines


@dataclass(frozen=True)
class SynopsisRow:
    text_id: str
    where: Lines
    original: Lines
    revised: Lines
    changes: tuple[tuple[str | None, tuple[Segment, ...]], ...]
    comments: tuple[SynopsisComment, ...]


@dataclass(frozen=True)
class SynopsisView:
    title: Lines
    draft_title: Lines
    draft_id: str
    draft_version: str
    deadline: dt.date | None
    date: dt.date | None
    languages: tuple[str, ...]
    labels: dict[str, Lines]
    rows: tuple[SynopsisRow, ...]


# ---------------------------------------------------------------- shared pieces

def lines(text: Text | None, langs: tuple[str, ...]) -> Lines:
    return tuple((lang or None, value) for lang, value in versions(text, langs))


@dataclass
class _Context:
    project: Project
    langs: tuple[str, ...]
    places: dict[str, Place] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)
    added: dict[str, str] = field(default_factory=dict)  # a new paragraph's id -> the comment adding it

    def section_label(self, section: Section) -> Lines:
        return tuple((lang, f"{section.number} {value}".strip()) for lang, value in lines(section.title, self.langs))

    def target(self, target: str) -> Lines:
        if target == GENERAL:
            return label("general", self.langs)
        place = self.places.get(target)
        if place is None:
            return ((None, target),)
        heading = self.section_label(place.section)
        if place.position is None:
            return heading
        return tuple((lang, f"{value} {self.paragraph_mark(lang, place.position)}") for lang, value in heading)

    def paragraph_mark(self, lang: str | None, position: int) -> str:
        if lang == "zh":
            return f"第{position}段"
        return f"¶{position}"

    def short_place(self, name: str, target: str, lang: str | None = None) -> str:
        """'¶5' (第5段) when in the target's own section, '5.3 ¶5' elsewhere; a paragraph another
        comment adds by that comment ("the paragraph LAO-9 adds"); the id when unknown."""
        place = self.places.get(name)
        if place is None:
            if name in self.added:
                return word("added_by", lang).format(comment=self.added[name])
            return name
        same = self.places.get(target)
        if place.position is None:
            return place.section.number or name
        mark = self.paragraph_mark(lang, place.position)
        if same is not None and same.section.id == place.section.id:
            return mark
        return f"{place.section.number} {mark}".strip()

    def stakeholder(self, stakeholder_id: str) -> Lines:
        found = self.project.stakeholders_by_id.get(stakeholder_id)
        return lines(found.name, self.langs) if found else ((None, stakeholder_id),)

    def decision_label(self, decision: str) -> Lines:
        return label(decision, self.langs)


def _context(project: Project, langs: tuple[str, ...]) -> _Context:
    places = project.places()
    added = {edit.id: comment.id for source in project.comment_sources for comment in source.file.comments
             for edit in [*(comment.proposal or []), *((comment.response.edits or []) if comment.response else [])]
             if isinstance(edit, InsertEdit)}
    return _Context(project, langs or tuple(project.languages), places, {name: i for i, name in enumerate(places)}, added)


def _labels(langs: tuple[str, ...]) -> dict[str, Lines]:
    return all_labels(langs)


def _header(project: Project, langs: tuple[str, ...]) -> tuple[Lines, Lines, str, str]:
    config = project.config
    source = project.current_draft
    title = lines(config.title, langs) if config else ()
    draft_title = lines(source.draft.title, langs) if source else ()
    draft_id = config.current_draft_id if config else ""
    version = source.draft.version if source else ""
    return title, draft_title, draft_id, version


# ---------------------------------------------------------------- edits in words

def describe_edit(edit: Edit, target: str, context: _Context) -> Lines:
    """An edit as the reader checks it: “old” → “new”, + new paragraph, – delete ¶n, + new section."""
    langs = context.langs
    if isinstance(edit, ReplaceEdit):
        where = f"{context.short_place(edit.in_, target, edit.lang)}: " if edit.in_ and edit.in_ != target else ""
        change = f"“{edit.replace}” → “{edit.with_}”" if edit.with_ else f"{word('delete', edit.lang)} “{edit.replace}”"
        return ((edit.lang, where + change),)
    if isinstance(edit, InsertEdit):
        anchor = edit.after or edit.at or ""
        where = "after" if edit.after else "at_end"
        return tuple((lang, f"{word('insert', lang)} ({word(where, lang).format(place=context.short_place(anchor, target, lang))})"
                            f": {value}")
                     for lang, value in lines(edit.insert, langs))
    if isinstance(edit, DeleteEdit):
        place = context.places.get(edit.delete)
        quoted = lines(place.paragraph.text, langs) if place and place.paragraph else ()
        if not quoted:
            return ((None, f"{word('delete', None)} {context.short_place(edit.delete, target)}"),)
        return tuple((lang, f"{word('delete', lang)} {context.short_place(edit.delete, target, lang)}: “{value}”")
                     for lang, value in quoted)
    assert isinstance(edit, InsertSectionEdit)
    new = edit.insert_section
    return tuple((lang, f"{word('insert_section', lang)} {new.number} {value}".rstrip())
                 for lang, value in lines(new.title, langs))


def _edit_lines(edits: list[Edit] | None, target: str, context: _Context) -> tuple[Lines, ...]:
    described = [describe_edit(edit, target, context) for edit in edits or []]
    # A replace in a language the reader did not ask for is left out, unless that leaves nothing.
    wanted = [d for d in described if any(lang is None or lang in context.langs for lang, _ in d)]
    return tuple(wanted or described)


# ---------------------------------------------------------------- the matrix

def build_matrix(project: Project, revision: Revision | None, options: MatrixOptions = MatrixOptions()) -> MatrixView:
    """The comments matrix of the project's current draft. `revision` is unused by the rows
    (decisions are the comments' own) but kept in the signature so every view takes the same."""
    del revision
    if options.by not in GROUPINGS:
        raise ValueError(f"unknown grouping {options.by!r}")
    context = _context(project, options.languages)
    langs = context.langs
    roster = [s.id for s in project.config.stakeholders] if project.config else []
    roster_order = {sid: i for i, sid in enumerate(roster)}

    rows: list[tuple[SortKey, MatrixRow]] = []
    for position, ref in enumerate(project.comments()):
        comment = ref.comment
        decision = comment.decision or OPEN
        if options.open_only and decision != OPEN:
            continue
        response = comment.response
        row = MatrixRow(
            id=comment.id, stakeholder_id=ref.stakeholder, stakeholder=context.stakeholder(ref.stakeholder),
            target_id=comment.target, target=context.target(comment.target), topic=comment.topic,
            text=lines(comment.text, langs), proposal=_edit_lines(comment.proposal, comment.target, context),
            decision=decision, decision_label=context.decision_label(decision),
            note=lines(response.note, langs) if response else (),
            edits=_edit_lines(response.edits if response else None, comment.target, context),
            by=response.by if response else None, date=response.date if response else None)
        rows.append(((roster_order.get(ref.stakeholder, len(roster)), ref.stakeholder, position), row))

    if options.by == "stakeholder":
        groups = _by_stakeholder(project, rows, roster, options.open_only, context)
    else:
        groups = _by_section(rows, context)
    shown = [row for group in groups for row in group.rows]
    title, draft_title, draft_id, version = _header(project, langs)
    return MatrixView(
        title=title, draft_title=draft_title, draft_id=draft_id, draft_version=version,
        deadline=project.config.current_deadline if project.config else None, date=options.date, languages=langs,
        by=options.by, open_only=options.open_only, labels=_labels(langs), groups=tuple(groups),
        totals=_tally("all", (), shown),
        by_stakeholder=tuple(_tally(g.key, g.heading, g.rows) for g in
                             (groups if options.by == "stakeholder" else _by_stakeholder(project, rows, roster, True, context))
                             if g.rows),
        by_section=tuple(_tally(g.key, _short_section(g, context), g.rows) for g in
                         (groups if options.by == "section" else _by_section(rows, context)) if g.rows))


def _by_stakeholder(project: Project, rows: list[tuple[SortKey, MatrixRow]], roster: list[str], open_only: bool,
                    context: _Context) -> list[MatrixGroup]:
    ordered: dict[str, list[MatrixRow]] = {sid: [] for sid in roster}
    for _, row in sorted(rows, key=lambda item: item[0]):
        ordered.setdefault(row.stakeholder_id, []).append(row)
    groups: list[MatrixGroup] = []
    for sid, members in ordered.items():
        state = project.state_of(sid)
        if not members and state == "submitted":
            state = "no-comments"
        if open_only and not members and state not in (PENDING, "reviewing"):
            continue
        state_label: Lines = ()
        if not members:
            state_label = _state_label(project, sid, state, context.langs)
        groups.append(MatrixGroup(sid, context.stakeholder(sid), tuple(members), state, state_label))
    return groups


def _by_section(rows: list[tuple[SortKey, MatrixRow]], context: _Context) -> list[MatrixGroup]:
    buckets: dict[str, list[tuple[SortKey, MatrixRow]]] = {}
    for key, row in rows:
        place = context.places.get(row.target_id)
        section_id = place.section.id if place else row.target_id
        buckets.setdefault(section_id, []).append(((context.order.get(row.target_id, len(context.order)), *key), row))

    def group_order(section_id: str) -> SortKey:
        # General first, then document order, then ids the draft does not have.
        return (section_id != GENERAL, context.order.get(section_id, len(context.order)), section_id)

    groups = []
    for section_id in sorted(buckets, key=group_order):
        place = context.places.get(section_id)
        heading = context.section_label(place.section) if place else context.target(section_id)
        members = tuple(row for _, row in sorted(buckets[section_id], key=lambda item: item[0]))
        groups.append(MatrixGroup(section_id, heading, members))
    return groups


def _short_section(group: MatrixGroup, context: _Context) -> Lines:
    place = context.places.get(group.key)
    if place is None:
        return group.heading
    return tuple((lang, f"{place.section.number} {value}".strip()) for lang, value in lines(place.section.title, context.langs))


def _state_label(project: Project, stakeholder_id: str, state: str, langs: tuple[str, ...]) -> Lines:
    words = label(state, langs)
    stakeholder = project.stakeholders_by_id.get(stakeholder_id)
    contact = stakeholder.contact if stakeholder else None
    if contact is None:
        return words
    # As the source prints it: 无意见(Mr. Him Chandath), No comments (Mr. Him Chandath).
    return tuple((lang, f"{word}({_contact(contact, lang, langs)})" if lang in ("zh", "ja", "ko")
                  else f"{word} ({_contact(contact, lang, langs)})") for lang, word in words)


def _contact(contact: Text, lang: str | None, langs: tuple[str, ...]) -> str:
    found = dict(lines(contact, (lang,) if lang else langs))
    return found.get(lang) or next(iter(found.values()), "")


def _tally(key: str, heading: Lines, rows: tuple[MatrixRow, ...] | list[MatrixRow]) -> Tally:
    return Tally.of((row.decision for row in rows), key, heading)

def build_synopsis(project: Project, revision: Revision | None, options: MatrixOptions = MatrixOptions()) -> SynopsisView:
    """One row per text the decided edits changed, in the revised draft's order."""
    context = _context(project, options.languages)
    langs = context.langs
    rows: list[SynopsisRow] = []
    if revision is not None:
        for section, text_id, text in revision.changed_texts():
            commenters = []
            for comment_id in text.changed_by():
                ref = project.comments_by_id.get(comment_id)
                decision = (ref.comment.decision if ref else None) or OPEN
                commenters.append(SynopsisComment(comment_id, context.stakeholder(ref.stakeholder) if ref else (),
                                                  decision, context.decision_label(decision)))
            languages = [lang for lang in langs if lang in text.base] or list(text.base)
            changes = tuple((None if lang == UNTAGGED else lang, tuple(text.segments(lang))) for lang in languages)
            rows.append(SynopsisRow(text_id, _revised_place(section, text_id, context), lines(text.original(), langs),
                                    lines(text.revised(), langs), changes, tuple(commenters)))
    title, draft_title, draft_id, version = _header(project, langs)
    return SynopsisView(title=title, draft_title=draft_title, draft_id=draft_id, draft_version=version,
                        deadline=project.config.current_deadline if project.config else None, date=options.date,
                        languages=langs, labels=_labels(langs), rows=tuple(rows))


def _revised_place(section: RevisedSection, text_id: str, context: _Context) -> Lines:
    heading = tuple((lang, f"{section.number} {value}".strip())
                    for lang, value in lines(section.title.revised() or section.title.original(), context.langs))
    if text_id == section.id:
        key = "inserted" if section.inserted_by else "title_of"
        return tuple((lang, f"{value} {word(key, lang)}") for lang, value in heading)
    place = context.places.get(text_id)
    if place is not None and place.paragraph is not None and place.position is not None:
        return tuple((lang, f"{value} {context.paragraph_mark(lang, place.position)}") for lang, value in heading)
    return tuple((lang, f"{value} {word('inserted', lang)}") for lang, value in heading)
