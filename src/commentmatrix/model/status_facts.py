"""What `cm status` reads of each comment file, as plain values (status_facts.py finds them).

Status is counted from these, never from the comment models, so that a status after a change
of words only (quick_check.py) need not build 100,000 comments again: the facts of the files
that did not change come from the last check's record, and a changed file's are found again
with what depends on other files (a group member's outcome, whether a decision applied, a
suspect basis) kept from the record, since a change of words cannot touch it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from commentmatrix.model.format import OPEN, Acknowledgement
from commentmatrix.model.text import Text

#: Bytes as the check record holds them: views of the record's (read/check_record.py).
Bytes = bytes | memoryview


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


@dataclass(frozen=True)
class StatusFilter:
    #: The stakeholders shown (roster ids); none given, every one.
    stakeholders: tuple[str, ...] = ()
    section: str | None = None
    open_only: bool = False
    assignee: str | None = None

    def takes(self, stakeholder: str) -> bool:
        """Whether the files and roster row of `stakeholder` are in the status."""
        return not self.stakeholders or stakeholder in self.stakeholders

    @property
    def per_file(self) -> bool:
        """Whether it keeps or drops whole files (a stakeholder's), never single comments."""
        return self.section is None and self.assignee is None


#: Every comment of every stakeholder.
EVERYTHING = StatusFilter()


@dataclass
class FilePart:
    """What one file's comments add to a status under a filter (status_facts.file_part)."""

    #: By the section each is counted in (in the order they first appear), per outcome in
    #: tally.DECISION_KEYS order.
    counts: dict[str, list[int]]
    open: list[CommentFacts]
    unapplied: list[CommentFacts]  # decided (not open), and the decision changes nothing
    objections: list[CommentFacts]
    #: Suspect responses, whatever the filter: status lists them all (of its stakeholder).
    suspects: list[CommentFacts]

    @classmethod
    def of(cls, counts: dict[str, list[int]], kept: list[CommentFacts], comments: list[CommentFacts]) -> FilePart:
        """The part with `counts` of the comments a filter `kept`, of a file's `comments`."""
        return cls(counts, [comment for comment in kept if comment.outcome == OPEN],
                   [comment for comment in kept if comment.outcome != OPEN and comment.unapplied is not None],
                   [comment for comment in kept if comment.objection is not None],
                   [comment for comment in comments if comment.suspect is not None])

    def listed(self) -> list[CommentFacts]:
        """Every comment its lists hold, once, in file order being theirs."""
        return list({id(comment): comment for comment in [*self.open, *self.unapplied, *self.objections, *self.suspects]}.values())


@dataclass
class FileOutline:
    """What a status without a filter of single comments reads of a file (status_json.py makes
    it, the check record keeps it): its part's counts, objections and suspects, and its long
    lists as `cm status --json` writes them, so that 25,000 open items are written without
    being decoded and encoded again."""

    counts: dict[str, list[int]]  # FilePart.counts
    objections: list[CommentFacts]
    suspects: list[CommentFacts]
    #: Its open items as status --json writes them (UTF-8, made inert, none overdue), each
    #: followed by ", ".
    open: Bytes
    #: The open items with an assignee or a due date: (assignee, due, where its bytes start and
    #: end in `open`); the others have neither and are never overdue.
    marked: list[tuple[str | None, dt.date | None, int, int]]
    open_count: int
    #: Its decisions that change nothing (FilePart.unapplied), written the same way.
    unapplied: Bytes
    unapplied_count: int


@dataclass(eq=False)
class FileFacts:
    path: str
    stakeholder: str
    round: str | None  # Project.round_of
    draft: str | None  # Project.draft_id_of
    state: str  # CommentFile.state
    received: dt.date | None
    acknowledgement: Acknowledgement | None
    acknowledgement_line: int  # of its key, for an objection (0 otherwise: nothing points at it)
    #: Its comments' facts, or how to find them when first asked for: a check that needs only
    #: the changed files' (cm validate) never decodes the rest of the record.
    found: list[CommentFacts] | Callable[[], list[CommentFacts]] = field(repr=False)
    #: What its comments add to a status without a filter (the one a morning's status needs), or
    #: how to find it.
    counted: FilePart | Callable[[], FilePart] = field(repr=False)
    #: How the check record holds these facts, when they were read from it: stored again as
    #: they are (read/check_record.py).
    encoded: tuple[Bytes, ...] | None = field(default=None, repr=False)
    #: Where the record holds them as `encoded`: (the signature of the record file, its place
    #: there); None when they were read from beside it, or not read from it.
    stored: tuple[bytes, int] | None = field(default=None, repr=False)
    #: Its outline, or how to find it; None when its texts cannot be written as UTF-8 (then
    #: status --json encodes the comments themselves).
    outlined: FileOutline | Callable[[], FileOutline | None] | None = field(default=None, repr=False)

    @property
    def comments(self) -> list[CommentFacts]:
        if callable(self.found):
            self.found = self.found()
        return self.found

    @property
    def part(self) -> FilePart:
        if callable(self.counted):
            self.counted = self.counted()
        return self.counted

    @property
    def outline(self) -> FileOutline | None:
        if callable(self.outlined):
            self.outlined = self.outlined()
        return self.outlined


@dataclass
class StatusFacts:
    files: list[FileFacts]  # the project's comment files that loaded, in project order
