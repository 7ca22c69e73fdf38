"""Which new comments look like a comment the same stakeholder made in an earlier round.

Stakeholders often send a comment again in the next round when they were not satisfied. cm does
not decide that a comment repeats another (`repeats:` is the secretariat's word, written by
`cm repeats NEW OLD`); an import only says which new comments read like an earlier one, so the
secretariat can look. Texts are compared by their words with the one matcher of the imports
(textmatch, character trigrams then difflib's ratio), which works alike for spaced scripts and
for Chinese, Thai, Lao or Khmer written without spaces. The nearest earlier round is asked
first: the comment most likely repeated is the one the stakeholder read the answer to last.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from commentmatrix.model.project import CommentRef, Project
from commentmatrix.model.text import as_mapping, folded
from commentmatrix.textmatch import TextMatcher

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


def repeat_hints(project: Project, added: Iterable[NewText]) -> Iterator[RepeatHint]:
    """A hint for each new comment of a round after the first that reads like one of the same
    stakeholder's comments of an earlier round (the nearest round with one)."""
    matchers: dict[tuple[str, str], TextMatcher[str]] = {}
    for new in added:
        index = project.round_index(new.round_id)
        forms = [_form(value) for value in as_mapping(new.text).values()]
        for earlier in reversed(project.rounds[:max(index, 0)]):
            key = (new.stakeholder, earlier.id)
            if key not in matchers:
                matchers[key] = TextMatcher.of(
                    (ref.id, _form(value)) for ref in project.comments_in(earlier.id)
                    if ref.stakeholder == new.stakeholder for value in as_mapping(ref.comment.text).values())
            best = max((found for form in forms if form for found in [matchers[key].closest(form, FLOOR)] if found),
                       key=lambda pair: pair[1], default=None)
            if best is not None:
                old_id, ratio = best
                # Rounded down: a near match is never reported as 100% alike.
                yield RepeatHint(new.comment_id, old_id, earlier.id, math.floor(ratio * 100) / 100,
                                 outcome(project.comments_by_id[old_id]))
                break


def _form(text: str) -> str:
    return folded(text)


def outcome(ref: CommentRef) -> str:
    comment = ref.comment
    if comment.withdrawn:
        return "withdrawn"
    decision = comment.response.decision if comment.response else None
    return OUTCOMES.get(decision or "", "open")
