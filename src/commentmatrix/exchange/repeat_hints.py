"""Which new comments look like another comment: one the same stakeholder made in an earlier
round (a repeat), or one another stakeholder made in the same round (a duplicate).

Stakeholders often send a comment again in the next round when they were not satisfied. cm does
not decide that a comment repeats another (`repeats:` is the secretariat's word, written by
`cm repeats NEW OLD`); an import only says which new comments read like an earlier one, so the
secretariat can look. Texts are compared by their words with the one matcher of the imports
(textmatch, character trigrams then difflib's ratio), which works alike for spaced scripts and
for Chinese, Thai, Lao or Khmer written without spaces. The nearest earlier round is asked
first: the comment most likely repeated is the one the stakeholder read the answer to last.

Duplicates are the same look the other way: several stakeholders asking for the same change in
one round can be answered once (`cm group LEAD MEMBER`, groups.py); an import names the likely
ones and groups nothing itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from commentmatrix.exchange.import_plan import without_quoted_words
from commentmatrix.model.project import CommentRef, Project
from commentmatrix.model.text import as_mapping, folded, in_language
from commentmatrix.tally import outcome_of
from commentmatrix.textmatch import WORK, TextMatcher

#: How alike two comments must read to be worth a look: a word or two changed, not a new point.
FLOOR = 0.8
#: What an earlier comment's fate is called in a hint.
OUTCOMES = {"accepted": "accepted", "partially": "partially accepted", "rejected": "rejected", "noted": "noted"}


@dataclass(frozen=True)
class RepeatHint:
    new_id: str
    old_id: str
    round_id: str
    alike: float
    outcome: str

    @property
    def line(self) -> str:
        return (f"{self.new_id} looks like {self.old_id} of round {self.round_id} ({self.alike:.0%} alike, "
                f"{self.outcome} there): if it repeats it, run: cm repeats {self.new_id} {self.old_id}")


@dataclass(frozen=True)
class NewText:
    """A comment about to be added: its id, stakeholder, round and text (str or {lang: str})."""

    comment_id: str
    stakeholder: str
    round_id: str
    text: Any


@dataclass(frozen=True)
class DuplicateHint:
    new_id: str
    other_id: str
    other_stakeholder: str
    alike: float

    @property
    def line(self) -> str:
        return (f"{self.new_id} reads like {self.other_id} ({self.other_stakeholder}, {self.alike:.0%} alike): "
                f"if they say the same, run: cm group {self.other_id} {self.new_id}")


def repeat_hints(project: Project, added: Iterable[NewText]) -> Iterator[RepeatHint]:
    """A hint for each new comment of a round after the first that reads like one of the same
    stakeholder's comments of an earlier round (the nearest round with one)."""
    matchers: dict[tuple[str, str], TextMatcher[str]] = {}
    budget = _Budget()
    for new in added:
        index = project.round_index(new.round_id)
        for earlier in reversed(project.rounds[:max(index, 0)]):
            key = (new.stakeholder, earlier.id)
            if key not in matchers:
                matchers[key] = _matcher((ref.id, ref.comment.text) for ref in project.comments_in(earlier.id)
                                         if ref.stakeholder == new.stakeholder)
            best = _closest(matchers[key], new.text, budget)
            if best is not None:
                old_id, ratio = best
                yield RepeatHint(new.comment_id, old_id, earlier.id, ratio, outcome(project, project.comments_by_id[old_id]))
                break


def duplicate_hints(project: Project, added: Iterable[NewText]) -> Iterator[DuplicateHint]:
    """A hint for each new comment that reads like a comment of another stakeholder in the same
    round: one already in the project, or one added before it by the same import."""
    news = list(added)
    stakeholder_of = {ref.id: ref.stakeholder for ref in project.comments()} | {n.comment_id: n.stakeholder for n in news}
    matchers: dict[tuple[str, str], TextMatcher[str]] = {}
    budget = _Budget()
    found: list[DuplicateHint] = []
    # From the last new comment back: one leaves every matcher before it is looked up, so each
    # is compared with the round's comments and the new ones before it, never with a later one.
    for place in reversed(range(len(news))):
        new = news[place]
        for matcher in matchers.values():
            matcher.discard(new.comment_id)
        key = (new.round_id, new.stakeholder)
        if key not in matchers:
            matchers[key] = _matcher(
                [(ref.id, ref.comment.text) for ref in project.comments_in(new.round_id) if ref.stakeholder != new.stakeholder]
                + [(n.comment_id, n.text) for n in news[:place] if n.round_id == new.round_id and n.stakeholder != new.stakeholder])
        best = _closest(matchers[key], new.text, budget)
        if best is not None:
            other_id, ratio = best
            found.append(DuplicateHint(new.comment_id, other_id, _name(project, stakeholder_of[other_id]), ratio))
    yield from reversed(found)


def _matcher(texts: Iterable[tuple[str, Any]]) -> TextMatcher[str]:
    """Every language of every text, under its comment's id."""
    return TextMatcher.of((key, _form(value)) for key, text in texts for value in as_mapping(text).values())


@dataclass
class _Budget:
    """The comparisons left to one look for hints, shared by its matchers (one per stakeholder
    and round): an import of many stakeholders costs no more than an import of one."""

    left: int = WORK


def _closest(matcher: TextMatcher[str], text: Any, budget: _Budget) -> tuple[str, float] | None:
    """The comment most alike (in any language of the text), at least FLOOR alike; its likeness
    rounded down, so a near match is never reported as 100% alike."""
    matcher.work_left = budget.left
    found = [pair for value in as_mapping(text).values() if _form(value)
             for pair in [matcher.closest(_form(value), FLOOR)] if pair]
    budget.left = matcher.work_left
    if not found:
        return None
    key, ratio = max(found, key=lambda pair: pair[1])
    return key, math.floor(ratio * 100) / 100


def _name(project: Project, stakeholder_id: str) -> str:
    found = project.stakeholders_by_id.get(stakeholder_id)
    if found is None:
        return stakeholder_id
    return in_language(found.name, project.primary_language or "en", project.languages) or stakeholder_id


def _form(text: str) -> str:
    """A text as it is compared, new and earlier alike: folded, without the quoted words a Word
    comment's import puts before it (which took LAO-PDR-2's “ຊຸມຊົນທ້ອງຖິ່ນ”: ... below 80% alike
    to the same words sent again in a table)."""
    return folded(without_quoted_words(text))


def outcome(project: Project, ref: CommentRef) -> str:
    """What became of the earlier comment, as every count says (tally.outcome_of): a group's
    member has its lead's decision, a decision stands when the comment was withdrawn after it."""
    found = outcome_of(ref.comment, project)
    return OUTCOMES.get(found, found)
