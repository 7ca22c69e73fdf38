"""The response letters: one per stakeholder, saying point by point how each comment was answered.

Built on the matrix view (each comment's target, text, decision and note, as the matrix words
them) and the synopsis (what the edit engine changed, placed in the revised draft's numbering),
so a letter never says something the published matrix does not. A comment's letter shows a
changed text only in the languages that comment's edits changed (the engine's record of who
changed what, RevisedText.languages_changed_by): another comment's edit of the same paragraph in
another language is not told as its change. A stakeholder that sent no
comments, is still reviewing or has not replied gets an acknowledgement fit to its state. The
contact person is never in a letter: personal names stay internal. Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from commentmatrix.engine import revise
from commentmatrix.groups import lead_of
from commentmatrix.model.project import Project
from commentmatrix.model.text import UNTAGGED, Lines, line_in
from commentmatrix.revision import RevisedText
from commentmatrix.tally import WITHDRAWN
from commentmatrix.views.labels import label
from commentmatrix.views.matrix import (
    MatrixGroup,
    MatrixOptions,
    MatrixRow,
    SynopsisRow,
    SynopsisView,
    build_matrix,
    build_synopsis,
    lines,
    round_name,
)


@dataclass(frozen=True)
class LetterOptions:
    stakeholder: str | None = None  # one stakeholder's letter; None: every stakeholder's
    round: str | None = None  # None: the current round
    date: dt.date | None = None


@dataclass(frozen=True)
class LetterChange:
    """A text the comment changed, where it now stands in the revised draft and how it now reads,
    in each language the comment changed: `revised` has a line for each line of `where`, in the
    same language (none for a deleted text)."""

    where: Lines
    revised: Lines
    #: The text is not in the revised draft: said "Deleted from the revised draft", not "Changed".
    deleted: bool = False


@dataclass(frozen=True)
class LetterItem:
    id: str
    heading: Lines  # "Comment LAO-3"
    target: Lines  # the part of the draft as readers know it: "2.1 Principles ¶3"
    text: Lines
    decision: str
    decision_label: Lines
    note: Lines
    changes: tuple[LetterChange, ...]
    withdrawn: Lines = ()  # "You withdrew this comment", when it did
    grouped: Lines = ()  # "Answered with LAO-3, which raised the same point"
    repeats: Lines = ()  # "You raised this point in the previous round as LAO-3."


@dataclass(frozen=True)
class LetterView:
    stakeholder_id: str
    addressee: Lines  # the stakeholder's name, never its contact person's
    state: str  # submitted, no-comments, reviewing, pending
    languages: tuple[str, ...]
    date: dt.date | None
    consultation: Lines
    draft_title: Lines
    draft_version: str
    round_label: Lines
    subject: Lines
    salutation: Lines
    opening: Lines
    items: tuple[LetterItem, ...]
    closing: Lines
    regards: Lines
    signature: Lines
    labels: dict[str, Lines]


_LABEL_KEYS = ("letter_part", "letter_your_comment", "decision", "note", "letter_changed", "letter_deleted", "letter_no_change",
               "date")


def build_letters(project: Project, options: LetterOptions = LetterOptions()) -> tuple[LetterView, ...]:
    """The letters of a round's stakeholders in roster order (or the one asked for)."""
    shown = project.round(options.round)
    roster = [s for s in (project.config.stakeholders if project.config else [])
              if options.stakeholder is None or s.id == options.stakeholder]
    revision = revise(project, shown.draft)
    # Each changed text as the engine holds it: which comment changed which of its languages.
    texts = {text_id: text for _, text_id, text in revision.changed_texts()} if revision is not None else {}
    # One matrix and one synopsis per set of languages: most stakeholders share the project's.
    views: dict[tuple[str, ...], tuple[dict[str, MatrixGroup], SynopsisView | None]] = {}
    letters = []
    for stakeholder in roster:
        langs = tuple(stakeholder.languages or project.languages)
        if langs not in views:
            matrix_options = MatrixOptions("stakeholder", langs, False, options.date, shown.id)
            matrix = build_matrix(project, revision, matrix_options)
            # The synopsis in every language, the letter's first: a comment that changed only a
            # language its letter is not in is still told its change, in that language.
            every = langs + tuple(lang for lang in project.languages if lang not in langs)
            synopsis = (build_synopsis(project, revision, MatrixOptions("stakeholder", every, False, options.date, shown.id))
                        if revision is not None else None)
            views[langs] = ({group.key: group for group in matrix.groups}, synopsis)
        groups, synopsis = views[langs]
        group = groups.get(stakeholder.id)
        rows = group.rows if group is not None else ()
        state = (group.state if group is not None else None) or project.state_of(stakeholder.id, shown.id)
        letters.append(_letter(project, stakeholder.id, state, rows, synopsis, texts, shown.id, langs, options.date))
    return tuple(letters)


def _formatted(key: str, langs: tuple[str, ...], values: Mapping[str, Lines]) -> Lines:
    """A fixed sentence in each language, its {placeholders} filled with that language's value of each."""
    found = []
    for lang, sentence in label(key, langs):
        filled = {name: line_in(lang, given) for name, given in values.items()}
        found.append((lang, sentence.format(**filled)))
    return tuple(found)


def _letter(project: Project, stakeholder_id: str, state: str, rows: tuple[MatrixRow, ...], synopsis: SynopsisView | None,
            texts: Mapping[str, RevisedText], round_id: str, langs: tuple[str, ...], day: dt.date | None) -> LetterView:
    found = project.round(round_id)
    stakeholder = project.stakeholders_by_id[stakeholder_id]
    name = lines(stakeholder.name, langs)
    consultation = lines(project.config.title, langs) if project.config else ()
    source = project.drafts_by_id.get(found.draft)
    draft_title = lines(source.draft.title, langs) if source else ((None, found.draft),)
    # A project without rounds never speaks of them (nor does its matrix): its sentences name the
    # draft's version where a round's would name the round.
    round_label = round_name(found, langs) if project.has_rounds else ()
    version = source.draft.version if source else found.draft
    round_words = round_label or tuple((lang, f"{value} {version}") for lang, value in label("version", langs))
    values = {"name": name, "consultation": consultation, "draft": draft_title, "round": round_words}
    if rows:
        opening = _formatted("letter_opening", langs, values)
    else:
        key = "letter_ack_no-comments" if state in ("submitted", "no-comments") else f"letter_ack_{state}"
        opening = _formatted(key, langs, values)
        if state in ("reviewing", "pending") and found.deadline is not None:
            deadline = _formatted("letter_deadline", langs, {"date": ((None, found.deadline.isoformat()),)})
            opening = tuple((lang, f"{text} {line_in(lang, deadline)}") for lang, text in opening)
    return LetterView(
        stakeholder_id=stakeholder_id, addressee=name, state="no-comments" if not rows and state == "submitted" else state,
        languages=langs, date=day, consultation=consultation, draft_title=draft_title,
        draft_version=source.draft.version if source else "", round_label=round_label,
        subject=label("letter_subject", langs), salutation=_formatted("letter_dear", langs, values), opening=opening,
        items=tuple(_item(project, row, synopsis, texts, langs) for row in rows),
        # "We thank you again for your contribution" only where there was one to thank for.
        closing=label("letter_closing" if rows else "letter_closing_ack", langs), regards=label("letter_regards", langs),
        signature=label("letter_signature", langs), labels={key: label(key, langs) for key in _LABEL_KEYS})


def _item(project: Project, row: MatrixRow, synopsis: SynopsisView | None, texts: Mapping[str, RevisedText],
          langs: tuple[str, ...]) -> LetterItem:
    ref = project.comments_by_id[row.id]
    lead = lead_of(project, ref.comment)
    answered_by = lead.comment.id if lead is not None else row.id
    changes = tuple(_change(found, texts.get(found.text_id), answered_by, langs) for found in (synopsis.rows if synopsis else ())
                    if any(comment.id == answered_by for comment in found.comments))
    ids = {"id": ((None, row.id),)}
    return LetterItem(
        id=row.id, heading=_formatted("letter_comment_heading", langs, ids), target=row.target, text=row.text,
        decision=row.decision, decision_label=row.decision_label,
        # A grouped comment's note in the matrix only points at its lead: the letter gives the lead's answer.
        note=lines(lead.comment.response.note, langs) if lead is not None and lead.comment.response else row.note,
        changes=changes,
        withdrawn=label("letter_withdrawn", langs) if row.decision == WITHDRAWN else (),
        grouped=_formatted("letter_answered_with", langs, {"id": ((None, lead.comment.id),)}) if lead is not None else (),
        repeats=_formatted("letter_repeats", langs, _repeated(project, ref.comment.repeats))
        if ref.comment.repeats and project.has_rounds else ())


def _repeated(project: Project, old_id: str) -> dict[str, Lines]:
    """The earlier comment a comment repeats and its round: a round-3 comment may repeat one of
    round 1, and "the previous round" would send the reader to round 2."""
    old = project.comments_by_id.get(old_id)
    # Letters are written from a project that validates, where every `repeats:` names a comment.
    round_id = project.comment_round(old) if old is not None else None
    return {"id": ((None, old_id),), "round": ((None, round_id or "?"),)}


def _change(found: SynopsisRow, text: RevisedText | None, comment_id: str, langs: tuple[str, ...]) -> LetterChange:
    """The synopsis row's text in the languages `comment_id` changed: those of the letter's
    languages, else (it changed none of them) those it changed; every language for the comment
    that inserted or deleted the text, and for a text of no language."""
    changed = text.languages_changed_by(comment_id) if text is not None else []
    where = tuple((lang, value) for lang, value in found.where if lang is None or lang in langs) or found.where
    if not changed or UNTAGGED in changed:
        shown: list[str | None] = [lang for lang, _ in where]
    else:
        shown = [lang for lang in langs if lang in changed] or [lang for lang, _ in found.revised if lang in changed]
        if not shown:  # deleted in languages the synopsis does not hold: say where, in the letter's
            shown = [lang for lang, _ in where]
    said = dict(found.where)
    return LetterChange(
        where=tuple((lang, said.get(lang) or line_in(lang, where)) for lang in shown),
        revised=tuple((lang, line_in(lang, found.revised)) for lang in shown) if found.revised else (),
        deleted=not found.revised)
