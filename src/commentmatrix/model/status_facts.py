"""What `cm status` reads of each comment file, as plain values (status_facts.py finds them).

Status is counted from these, never from the comment models, so that a status after a change
of words only (quick_check.py) need not build 100,000 comments again: the facts of the files
that did not change come from the last check's record, and a changed file's are found again
with what depends on other files (a group member's outcome, whether a decision applied, a
suspect basis) kept from the record, since a change of words cannot touch it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from commentmatrix.model.format import Acknowledgement
from commentmatrix.model.text import Text


class ObjectionFacts(NamedTuple):
    date: dt.date | None
    note: Text | None
    line: int  # of its `objection:` key


class SuspectFacts(NamedTuple):
    reason: str  # basis.suspect_reason
    line: int  # of the response's basis


class CommentFacts(NamedTuple):
    id: str
    target: str
    #: What it counts as (tally.outcome_of with the project: a group member counts with its lead).
    outcome: str
    #: Its own decision (not its lead's).
    decision: str | None
    assignee: str | None
    due: dt.date | None
    line: int  # of its id: where an open item points
    #: What it says, kept only while it is open (the one time status prints it).
    text: Text | None
    objection: ObjectionFacts | None
    #: Why its decision (accepted or partially) changes nothing in its round's revised draft;
    #: None when it does, or is not such a decision.
    unapplied: str | None
    suspect: SuspectFacts | None
    repeats: str | None
    withdrawn: bool
    #: Its text normalised as carryover.same_text compares it (a digest), for a comment that
    #: repeats another or that another repeats; None for the rest, which no comparison reads.
    compared: str | None


@dataclass
class FileFacts:
    path: str
    stakeholder: str
    round: str | None  # Project.round_of
    draft: str | None  # Project.draft_id_of
    state: str  # CommentFile.state
    received: dt.date | None
    acknowledgement: Acknowledgement | None
    acknowledgement_line: int  # of its key, for an objection (0 otherwise: nothing points at it)
    comments: list[CommentFacts]


@dataclass
class StatusFacts:
    files: list[FileFacts]  # the project's comment files that loaded, in project order
