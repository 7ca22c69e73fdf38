"""The comments matrix and the synopsis as plain values, built once for every output format.

`build_matrix` gives one row per comment of a round (default: the current one; or of every
round, `ALL_ROUNDS`), grouped by stakeholder (roster order, with a row for each stakeholder who
sent no comments, is still reviewing, or has not answered in that round) or by section (document
order, "General" first). Each comment's target is named as its own round's draft has it.
`build_synopsis` gives one row per text the decided edits changed, read from the edit engine's
Revision of the round's draft; across rounds, each row holds one stage per round that changed
the text. Every text is a tuple of (language, string) in the requested order, so writers never
choose languages themselves. Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from commentmatrix.carryover import kind_of
from commentmatrix.engine import revise
from commentmatrix.groups import lead_of
from commentmatrix.model.format import (
    GENERAL,
    DeleteEdit,
    Edit,
    InsertEdit,
    InsertSectionEdit,
    ReplaceEdit,
    Round,
    Section,
)
from commentmatrix.model.project import PENDING, CommentRef, Place, Project
from commentmatrix.model.text import UNTAGGED, Lines, Text, versions
from commentmatrix.revision import RevisedSection, RevisedText, Revision, Segment
from commentmatrix.tally import DECISION_KEYS, OPEN, WITHDRAWN, Tally, outcome_of
from commentmatrix.views.audience import DEFAULT_AUDIENCE, for_audience
from commentmatrix.views.labels import all_labels, label, word

GROUPINGS = ("stakeholder", "section")
#: `MatrixOptions.round` for every round at once.
ALL_ROUNDS = "all"
# How rows are ordered: tuples of positions, numbers and ids, compared element by element.
SortKey = tuple[Any, ...]


@dataclass(frozen=True)
class MatrixOptions:
    by: str = "stakeholder"
    languages: tuple[str, ...] = ()
    open_only: bool = False
    date: dt.date | None = None
    round: str | None = None  # a round's id; None: the current round; ALL_ROUNDS: every round
    audience: str = DEFAULT_AUDIENCE  # public or internal: what the view may hold (views/audience.py)


# Slots: a row per comment, 100,000 of them in a large consultation, without a __dict__ each.
@dataclass(frozen=True, slots=True)
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
    round_id: str = ""
    round_label: Lines = ()  # "Round 2 · Workshop", for a project with rounds
    carry: Lines = ()  # against the previous round: "repeats LAO-3", "revised from LAO-3", "new in this round"
    withdrawn: bool = False  # the stakeholder withdrew it (decision "withdrawn" unless a decision stands)
    objection: Lines = ()  # "Objected by the stakeholder (2017-09-20): NOTE", under the response
    internal_note: Lines = ()  # "Internal note (not for publication): NOTE"; only in the internal audience's view

    @property
    def own_note(self) -> Lines:
        """The note's lines that do not merely repeat the decision's words (a note "采纳 Accepted"
        under the decision "采纳 Accepted" says nothing more): what every format prints as the note."""
        return tuple(line for line in self.note if line not in self.decision_label)


@dataclass(frozen=True, slots=True)
class MatrixAnswer:
    """A stakeholder's answer to the responses of one round."""

    round_id: str
    answer: str  # agree or object
    said: Lines  # "Objects to the responses (2017-09-20): NOTE"
    #: `said` under the stakeholder's heading: across rounds, with the round ("Round 1 · Objects to ...").
    heading: Lines


@dataclass(frozen=True, slots=True)
class MatrixGroup:
    """The rows under one stakeholder or one section; `state` is set for a stakeholder group."""

    key: str
    heading: Lines
    rows: tuple[MatrixRow, ...]
    state: str | None = None
    state_label: Lines = ()
    #: The stakeholder's answer to the responses of the round: "Agrees with the responses (2017-09-20)";
    #: across rounds, each round's answer with its round.
    acknowledgement: Lines = ()
    #: The answers `acknowledgement` says, oldest round first.
    answers: tuple[MatrixAnswer, ...] = ()

    def answer_in(self, round_id: str) -> Lines:
        """The answer to the responses of the round a row is of (nothing when none was given)."""
        return next((answer.said for answer in self.answers if answer.round_id == round_id), ())


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
    has_rounds: bool = False
    all_rounds: bool = False
    round_id: str | None = None  # None with every round
    round_heading: Lines = ()  # "Round 2 · Workshop" (or "All rounds"); empty without rounds
    #: The outcomes the summaries and charts list, in order: withdrawn only when some comment is.
    decisions: tuple[str, ...] = tuple(key for key in DECISION_KEYS if key != WITHDRAWN)
    audience: str = DEFAULT_AUDIENCE

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


Changes = tuple[tuple[str | None, tuple[Segment, ...]], ...]


@dataclass(frozen=True)
class SynopsisStage:
    """What one round's revision did to a text: the text before and after, and the comments why."""

    round_id: str
    round_label: Lines
    text_id: str
    where: Lines
    original: Lines
    revised: Lines
    changes: Changes
    comments: tuple[SynopsisComment, ...]


@dataclass(frozen=True)
class SynopsisRow:
    """A changed text. `original` is the first round's text (across rounds) or the round's own;
    `revised`, `changes` and `comments` are the last stage's; `stages` every round's, oldest first."""

    text_id: str
    where: Lines
    original: Lines
    revised: Lines
    changes: Changes
    comments: tuple[SynopsisComment, ...]
    stages: tuple[SynopsisStage, ...] = ()


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
    has_rounds: bool = False
    all_rounds: bool = False
    round_id: str | None = None
    round_heading: Lines = ()
    audience: str = DEFAULT_AUDIENCE


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
    # The names and fixed words many rows repeat, each built once and shared by every row that
    # has it: at 100,000 comments, one copy per row was a large part of the view's memory.
    _targets: dict[str, Lines] = field(default_factory=dict)
    _stakeholders: dict[str, Lines] = field(default_factory=dict)
    _labels: dict[str, Lines] = field(default_factory=dict)

    def section_label(self, section: Section) -> Lines:
        return tuple((lang, f"{section.number} {value}".strip()) for lang, value in lines(section.title, self.langs))

    def label(self, key: str) -> Lines:
        found = self._labels.get(key)
        if found is None:
            found = self._labels[key] = label(key, self.langs)
        return found

    def target(self, target: str) -> Lines:
        found = self._targets.get(target)
        if found is None:
            found = self._targets[target] = self._target(target)
        return found

    def _target(self, target: str) -> Lines:
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
        found = self._stakeholders.get(stakeholder_id)
        if found is None:
            known = self.project.stakeholders_by_id.get(stakeholder_id)
            found = lines(known.name, self.langs) if known else ((None, stakeholder_id),)
            self._stakeholders[stakeholder_id] = found
        return found

    def decision_label(self, decision: str) -> Lines:
        return self.label(decision)


def _context(project: Project, langs: tuple[str, ...], draft_id: str | None = None) -> _Context:
    """Names of the parts of one draft (default: the current one), as the comments on it call them."""
    places = project.places(draft_id)
    refs = project.comments_on(draft_id) if draft_id else project.comments()
    added = {edit.id: ref.comment.id for ref in refs
             for edit in [*(ref.comment.proposal or []), *((ref.comment.response.edits or []) if ref.comment.response else [])]
             if isinstance(edit, InsertEdit)}
    return _Context(project, langs or tuple(project.languages), places, {name: i for i, name in enumerate(places)}, added)


def _labels(langs: tuple[str, ...]) -> dict[str, Lines]:
    return all_labels(langs)


def _header(project: Project, langs: tuple[str, ...], draft_id: str | None = None) -> tuple[Lines, Lines, str, str]:
    config = project.config
    draft_id = draft_id or (config.current_draft_id if config else "")
    source = project.drafts_by_id.get(draft_id)
    title = lines(config.title, langs) if config else ()
    draft_title = lines(source.draft.title, langs) if source else ()
    version = source.draft.version if source else ""
    return title, draft_title, draft_id, version


def rounds_shown(project: Project, chosen: str | None) -> list[Round]:
    """The rounds a view covers: every round for ALL_ROUNDS, else the one named (None: the current one)."""
    return list(project.rounds) if chosen == ALL_ROUNDS else [project.round(chosen)]


def round_name(found: Round, langs: tuple[str, ...]) -> Lines:
    """"Round 2 · Workshop, Kunming" in each language, the title where the round has one."""
    titles = dict(lines(found.title, langs)) if found.title is not None else {}
    named = []
    for lang, value in label("round_of", langs):
        title = titles.get(lang) or next(iter(titles.values()), "")
        named.append((lang, value.format(id=found.id) + (f" · {title}" if title else "")))
    return tuple(named)


def _round_heading(project: Project, shown: list[Round], all_rounds: bool, langs: tuple[str, ...]) -> Lines:
    if not project.has_rounds:
        return ()
    return label("all_rounds", langs) if all_rounds else round_name(shown[0], langs)


def carry_of(project: Project, ref: CommentRef, langs: tuple[str, ...],
             words: Callable[[str], Lines] | None = None) -> Lines:
    """What a comment of a later round is against the previous one, in words; () in the first round.
    `words` gives the fixed words (default: `label` in `langs`); a view passes its shared ones."""
    say = words or (lambda key: label(key, langs))
    round_id = project.comment_round(ref)
    previous = project.previous_round(round_id) if round_id is not None else None
    if previous is None:
        return ()
    kind = kind_of(project, ref)
    if kind is None:
        return ()
    if kind == "new":
        return say("new_in_round")
    # Repeated and revised are kinds of a comment that `repeats:` one of the round before: name it.
    key = "revised_from" if kind == "revised" else "repeats"
    return tuple((lang, value.format(id=ref.comment.repeats)) for lang, value in say(key))


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
    """The comments matrix of a round (options.round; default the current one) or of every round.
    `revision` is unused by the rows (decisions are the comments' own) but kept in the signature
    so every view takes the same. The rows are those `options.audience` may see."""
    del revision
    if options.by not in GROUPINGS:
        raise ValueError(f"unknown grouping {options.by!r}")
    project = for_audience(project, options.audience)
    all_rounds = options.round == ALL_ROUNDS
    shown_rounds = rounds_shown(project, options.round)
    current = project.round(None) if all_rounds else shown_rounds[0]
    context = _context(project, options.languages, current.draft)
    langs = context.langs
    roster = [s.id for s in project.config.stakeholders] if project.config else []
    roster_order = {sid: i for i, sid in enumerate(roster)}

    rows: list[tuple[SortKey, MatrixRow, _Context]] = []
    position = 0
    for round_index, shown in enumerate(shown_rounds):
        round_context = context if shown.draft == current.draft else _context(project, langs, shown.draft)
        round_label = round_name(shown, langs) if project.has_rounds else ()
        for ref in project.comments_in(shown.id):
            position += 1
            row = _row(project, ref, round_context, shown.id, round_label)
            if options.open_only and row.decision != OPEN:
                continue
            rows.append(((roster_order.get(ref.stakeholder, len(roster)), ref.stakeholder, round_index, position),
                         row, round_context))

    states_in = current.id
    # Across rounds, each round's answer to its responses: the current one's alone would stand
    # for the rows of the rounds before, and theirs would be lost.
    answers_of = [(shown, all_rounds) for shown in shown_rounds]
    if options.by == "stakeholder":
        groups = _by_stakeholder(project, rows, roster, options.open_only, context, states_in, answers_of)
    else:
        groups = _by_section(rows, context)
    shown_rows = [row for group in groups for row in group.rows]
    title, draft_title, draft_id, version = _header(project, langs, current.draft)
    return MatrixView(
        title=title, draft_title=draft_title, draft_id=draft_id, draft_version="" if all_rounds else version,
        deadline=None if all_rounds else current.deadline, date=options.date, languages=langs,
        by=options.by, open_only=options.open_only, labels=_labels(langs), groups=tuple(groups),
        totals=_tally("all", (), shown_rows),
        by_stakeholder=tuple(_tally(g.key, g.heading, g.rows) for g in
                             (groups if options.by == "stakeholder"
                              else _by_stakeholder(project, rows, roster, True, context, states_in, answers_of))
                             if g.rows),
        by_section=tuple(_tally(g.key, _short_section(g, context), g.rows) for g in
                         (groups if options.by == "section" else _by_section(rows, context)) if g.rows),
        has_rounds=project.has_rounds, all_rounds=all_rounds, round_id=None if all_rounds else current.id,
        round_heading=_round_heading(project, shown_rounds, all_rounds, langs),
        decisions=_outcomes_shown(shown_rows), audience=options.audience)


def _row(project: Project, ref: CommentRef, context: _Context, round_id: str, round_label: Lines) -> MatrixRow:
    comment = ref.comment
    decision = outcome_of(comment, project)
    # A member of a group is answered where its lead is: its cell points there ("see LAO-3").
    lead = lead_of(project, comment)
    response = None if lead else comment.response
    see_lead = tuple((lang, value.format(id=lead.id)) for lang, value in context.label("see_lead")) if lead else ()
    withdrawn_on = comment.withdrawn if isinstance(comment.withdrawn, dt.date) else None
    # A withdrawn comment's cell carries the day it was withdrawn; a decision that stands keeps its own.
    day = response.date if response else None
    if decision == WITHDRAWN:
        day = withdrawn_on or day
    return MatrixRow(
        id=comment.id, stakeholder_id=ref.stakeholder, stakeholder=context.stakeholder(ref.stakeholder),
        target_id=comment.target, target=context.target(comment.target), topic=comment.topic,
        text=lines(comment.text, context.langs), proposal=_edit_lines(comment.proposal, comment.target, context),
        decision=decision, decision_label=context.decision_label(decision),
        note=see_lead or (lines(response.note, context.langs) if response else ()),
        edits=_edit_lines(response.edits if response else None, comment.target, context),
        by=response.by if response else None, date=day, round_id=round_id, round_label=round_label,
        carry=carry_of(project, ref, context.langs, context.label) if project.has_rounds else (),
        withdrawn=comment.withdrawn is not None,
        objection=_said(comment.objection.date, comment.objection.note, context.label("objection"), context.langs)
        if comment.objection else (),
        internal_note=_said(None, response.internal_note, context.label("internal_note"), context.langs)
        if response and response.internal_note is not None else ())


def _said(day: dt.date | None, note: Text | None, words: Lines, langs: tuple[str, ...]) -> Lines:
    """The fixed words in each language, the date, and what the stakeholder said (in that language
    where it said it in several, else as it said it): "Objected by the stakeholder (2017-09-20): NOTE"."""
    said = dict(lines(note, langs)) if note is not None else {}
    found = []
    for lang, value in words:
        text = said.get(lang) or next(iter(said.values()), "")
        found.append((lang, value + (f" ({day.isoformat()})" if day else "") + (f": {text}" if text else "")))
    return tuple(found)


def _answer(project: Project, stakeholder_id: str, shown: Round, with_round: bool, langs: tuple[str, ...]) -> MatrixAnswer | None:
    answers = [s.file.acknowledgement for s in project.sources_of(stakeholder_id, shown.id) if s.file.acknowledgement]
    if not answers:
        return None
    answer = answers[-1]
    said = _said(answer.date, answer.note, label(f"ack_{answer.answer}", langs), langs)
    named = dict(round_name(shown, langs)) if with_round else {}
    heading = tuple((lang, f"{named.get(lang) or next(iter(named.values()))} · {value}") for lang, value in said) if named else said
    return MatrixAnswer(shown.id, answer.answer, said, heading)


def _outcomes_shown(rows: list[MatrixRow]) -> tuple[str, ...]:
    """Every outcome, but withdrawn only when a comment shown is (one-round projects rarely have any)."""
    withdrawn = any(row.decision == WITHDRAWN for row in rows)
    return tuple(key for key in DECISION_KEYS if key != WITHDRAWN or withdrawn)


def _by_stakeholder(project: Project, rows: list[tuple[SortKey, MatrixRow, _Context]], roster: list[str],
                    open_only: bool, context: _Context, round_id: str,
                    answers_of: list[tuple[Round, bool]]) -> list[MatrixGroup]:
    """`answers_of`: the rounds whose answers to the responses each group says, and whether with
    the round's name."""
    ordered: dict[str, list[MatrixRow]] = {sid: [] for sid in roster}
    for _, row, _ in sorted(rows, key=lambda item: item[0]):
        ordered.setdefault(row.stakeholder_id, []).append(row)
    groups: list[MatrixGroup] = []
    for sid, members in ordered.items():
        state = project.state_of(sid, round_id)
        if not members and state == "submitted":
            state = "no-comments"
        if open_only and not members and state not in (PENDING, "reviewing"):
            continue
        state_label: Lines = ()
        if not members:
            state_label = _state_label(project, sid, state, context.langs)
        answers = tuple(found for shown, with_round in answers_of
                        if (found := _answer(project, sid, shown, with_round, context.langs)) is not None)
        groups.append(MatrixGroup(sid, context.stakeholder(sid), tuple(members), state, state_label,
                                  tuple(line for answer in answers for line in answer.heading), answers))
    return groups


def _by_section(rows: list[tuple[SortKey, MatrixRow, _Context]], context: _Context) -> list[MatrixGroup]:
    """Sections in the order of `context`'s draft (the round shown, or the current one across rounds);
    a row's section is found in its own round's draft."""
    buckets: dict[str, list[tuple[SortKey, MatrixRow]]] = {}
    headings: dict[str, Lines] = {}
    for key, row, own in rows:
        place = own.places.get(row.target_id)
        section_id = place.section.id if place else row.target_id
        if place is not None and section_id not in context.places:
            headings.setdefault(section_id, own.section_label(place.section))
        order = context.order.get(row.target_id, own.order.get(row.target_id, len(own.order)))
        buckets.setdefault(section_id, []).append(((order, *key), row))

    def group_order(section_id: str) -> SortKey:
        # General first, then document order, then ids the draft does not have.
        return (section_id != GENERAL, context.order.get(section_id, len(context.order)), section_id)

    groups = []
    for section_id in sorted(buckets, key=group_order):
        place = context.places.get(section_id)
        heading = context.section_label(place.section) if place else headings.get(section_id) or context.target(section_id)
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
    """One row per text the decided edits changed, in the revised draft's order. For one round,
    `revision` is the revision of that round's draft; across rounds (ALL_ROUNDS) each round's
    revision is asked of the engine, and a row holds a stage per round that changed the text.
    A row names the comments `options.audience` may see (the texts are every audience's)."""
    project = for_audience(project, options.audience)
    all_rounds = options.round == ALL_ROUNDS
    shown_rounds = rounds_shown(project, options.round)
    current = project.round(None) if all_rounds else shown_rounds[0]
    langs = _context(project, options.languages, current.draft).langs
    if all_rounds:
        rows = _rows_across(project, shown_rounds, langs)
    else:
        context = _context(project, langs, current.draft)
        stages = _stages(project, revision, current, context) if revision is not None else []
        rows = [SynopsisRow(stage.text_id, stage.where, stage.original, stage.revised, stage.changes, stage.comments,
                            (stage,)) for stage in (item for _, item in stages)]
    title, draft_title, draft_id, version = _header(project, langs, current.draft)
    return SynopsisView(title=title, draft_title=draft_title, draft_id=draft_id, draft_version="" if all_rounds else version,
                        deadline=None if all_rounds else current.deadline, date=options.date,
                        languages=langs, labels=_labels(langs), rows=tuple(rows), has_rounds=project.has_rounds,
                        all_rounds=all_rounds, round_id=None if all_rounds else current.id,
                        round_heading=_round_heading(project, shown_rounds, all_rounds, langs),
                        audience=options.audience)


def _stages(project: Project, revision: Revision, shown: Round, context: _Context) -> list[tuple[int, SynopsisStage]]:
    """(position in the revised draft, stage) for each text the revision changed."""
    langs = context.langs
    round_label = round_name(shown, langs) if project.has_rounds else ()
    found = []
    for position, (section, text_id, text) in enumerate(revision.changed_texts()):
        commenters = []
        for comment_id in text.changed_by():
            ref = project.comments_by_id.get(comment_id)
            if ref is None:  # a comment this audience does not see (internal): the change stays, unattributed
                continue
            decision = outcome_of(ref.comment, project)
            commenters.append(SynopsisComment(comment_id, context.stakeholder(ref.stakeholder),
                                              decision, context.decision_label(decision)))
        found.append((position, SynopsisStage(shown.id, round_label, text_id, _revised_place(section, text_id, context),
                                              lines(text.original(), langs), lines(text.revised(), langs),
                                              _changes(text, langs), tuple(commenters))))
    return found


def _changes(text: RevisedText, langs: tuple[str, ...]) -> Changes:
    languages = [lang for lang in langs if lang in text.base] or list(text.base)
    return tuple((None if lang == UNTAGGED else lang, tuple(text.segments(lang))) for lang in languages)


def _rows_across(project: Project, shown_rounds: list[Round], langs: tuple[str, ...]) -> list[SynopsisRow]:
    """Every text some round changed: the first round's text, then each round's revision of it.
    Rows follow the latest draft that has the text, then the round and place where it first changed."""
    staged: dict[str, list[SynopsisStage]] = {}
    first_seen: dict[str, tuple[int, int]] = {}
    for round_index, shown in enumerate(shown_rounds):
        revision = revise(project, shown.draft)
        if revision is None:
            continue
        for position, stage in _stages(project, revision, shown, _context(project, langs, shown.draft)):
            staged.setdefault(stage.text_id, []).append(stage)
            first_seen.setdefault(stage.text_id, (round_index, position))
    latest = _context(project, langs, shown_rounds[-1].draft).order if shown_rounds else {}
    first = project.places(shown_rounds[0].draft) if shown_rounds else {}

    def order(text_id: str) -> SortKey:
        return (latest.get(text_id, len(latest)), *first_seen[text_id])

    rows = []
    for text_id in sorted(staged, key=order):
        stages = staged[text_id]
        last = stages[-1]
        original = _original(first.get(text_id), text_id, langs) if text_id in first else stages[0].original
        rows.append(SynopsisRow(text_id, last.where, original, last.revised, last.changes, last.comments, tuple(stages)))
    return rows


def _original(place: Place | None, text_id: str, langs: tuple[str, ...]) -> Lines:
    """The text `text_id` names in a draft: a paragraph's text or a section's title."""
    if place is None:
        return ()
    if place.paragraph is not None and place.paragraph.id == text_id:
        return lines(place.paragraph.text, langs)
    return lines(place.section.title, langs)


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
