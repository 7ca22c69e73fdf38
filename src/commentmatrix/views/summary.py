"""The one-page summary published beside the matrix (`cm render matrix --layout summary`), as plain values.

Nothing is counted here: the totals, the per-stakeholder and per-section tallies, the states and
the objections' words are the matrix view's (views/matrix.py, built for the same audience, round
and languages); the rounds' own totals and dates and each stakeholder's answer to the responses
are the status core's (status.py). Both are asked of the project as the audience may see it
(views/audience.py), so the summary counts exactly the rows the matrix beside it shows.
Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from commentmatrix.model.project import Project
from commentmatrix.model.text import Lines
from commentmatrix.status import NOT_YET, build_status
from commentmatrix.tally import Tally
from commentmatrix.views.audience import for_audience
from commentmatrix.views.labels import label
from commentmatrix.views.matrix import ALL_ROUNDS, MatrixOptions, MatrixView, build_matrix, round_name

#: The acknowledgement states a stakeholder row shows, as cm.yaml's answers name them.
ACK_WORDS = {"agree": "ack_agree", "object": "ack_object", NOT_YET: "ack_not_yet"}


@dataclass(frozen=True)
class SummaryRound:
    """A round with its dates and its own totals (a row per round for --round all)."""

    id: str
    label: Lines
    opened: dt.date | None
    deadline: dt.date | None
    closed: dt.date | None
    totals: Tally


@dataclass(frozen=True)
class SummaryStakeholder:
    id: str
    name: Lines
    state: str  # as the matrix has it: submitted, no-comments, reviewing or pending
    state_label: Lines
    tally: Tally
    acknowledgement: str  # agree, object or "not yet"
    acknowledgement_label: Lines


@dataclass(frozen=True)
class SummaryObjection:
    """A stakeholder's objection to the responses (`comment` None) or to one comment's."""

    stakeholder: Lines
    comment: str | None
    said: Lines  # "Objected by the stakeholder (2017-09-20): NOTE", as the matrix prints it


@dataclass(frozen=True)
class SummaryView:
    matrix: MatrixView  # the title, draft, date, labels and round heading come from it
    rounds: tuple[SummaryRound, ...]
    stakeholders: tuple[SummaryStakeholder, ...]
    sections: tuple[Tally, ...]  # the matrix's per-section tallies, labelled "5.3 Title"
    objections: tuple[SummaryObjection, ...]

    @property
    def labels(self) -> dict[str, Lines]:
        return self.matrix.labels

    @property
    def totals(self) -> Tally:
        return self.matrix.totals

    @property
    def decisions(self) -> tuple[str, ...]:
        return self.matrix.decisions


def build_summary(project: Project, options: MatrixOptions) -> SummaryView:
    """The summary of a round (options.round; None: the current one) or of every round (ALL_ROUNDS)."""
    visible = for_audience(project, options.audience)
    matrix = build_matrix(visible, None, MatrixOptions("stakeholder", options.languages, False, options.date,
                                                       options.round, options.audience))
    # The status day only dates overdue items and days left, which the summary does not print.
    status = build_status(visible, [], options.date or dt.date.min, round_id=options.round)
    langs = matrix.languages
    answers = {row.id: row.acknowledgement.answer if row.acknowledgement else NOT_YET for row in status.stakeholders}
    tallies = {tally.key: tally for tally in matrix.by_stakeholder}
    stakeholders = []
    objections = []
    for group in matrix.groups:
        answer = answers.get(group.key, NOT_YET)
        state = group.state or ""
        stakeholders.append(SummaryStakeholder(group.key, group.heading, state, label(state, langs) if state else (),
                                               tallies.get(group.key, Tally(group.key, group.heading)),
                                               answer, label(ACK_WORDS[answer], langs)))
        # Each round's objection to its responses (across rounds, every round's, with its round).
        objections += [SummaryObjection(group.heading, None, found.heading) for found in group.answers if found.answer == "object"]
        objections += [SummaryObjection(group.heading, row.id, row.objection) for row in group.rows if row.objection]
    shown = status.rounds if options.round == ALL_ROUNDS else [row for row in status.rounds if row.round.id == matrix.round_id]
    rounds = tuple(SummaryRound(row.round.id, round_name(row.round, langs) if visible.has_rounds else (),
                                row.round.opened, row.round.deadline, row.round.closed, row.totals) for row in shown)
    return SummaryView(matrix, rounds, tuple(stakeholders), matrix.by_section, tuple(objections))
