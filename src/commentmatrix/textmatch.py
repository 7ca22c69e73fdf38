"""Finding a text of the draft by its words: the one matcher every import uses.

A stakeholder's file names the paragraph it comments on only by its words when the bookmarks
are lost (a retyped copy, a table quoting the text). Comparing every such paragraph with every
text of the draft through difflib is quadratic twice over, and a hostile file of 20,000 commented
paragraphs made of the draft's letters shuffled ran for hours. So candidates come from an index
of character trigrams (which works alike for spaced scripts and for Chinese, Thai, Lao or Khmer
written without spaces), each query reads a bounded part of it, only the few texts sharing most
of the query's rarest trigrams are compared, and an import has a budget of comparisons: past it
a paragraph is left unmatched and the matcher says so (`exhausted`), never guessing.
"""

from __future__ import annotations

import difflib
import heapq
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)

CANDIDATES = 4  # texts compared in full for one query
QUERY_GRAMS = 64  # the query's rarest trigrams looked up
POSTINGS_READ = 4096  # index entries one query reads at most
# A text sharing fewer of the query's trigrams is not compared: a paragraph edited word by word
# keeps most of them, the draft's letters shuffled (which difflib's quick ratios let through)
# keep almost none. First among the trigrams looked up, then among all of the query's.
SHARED_FLOOR = 0.25
OVERLAP_FLOOR = 0.3
# difflib costs about 30 ns per pair of characters (length × length) on a shared 2-core machine:
# 3 × 10**8 is some 10 s of comparisons in one import, over a thousand retyped paragraphs of
# 500 characters (the right text is almost always the first compared).
WORK = 3 * 10**8


def _grams(text: str) -> set[str]:
    if len(text) < 3:
        return {text} if text else set()
    return {text[i:i + 3] for i in range(len(text) - 2)}


@dataclass
class TextMatcher(Generic[Key]):
    """Texts under keys (a key may have several forms, such as with and without its number).
    Texts are compared as given: callers normalise them (spaces, case) the same way as queries."""

    texts: list[tuple[Key, str]]
    work_left: int = WORK
    exhausted: bool = False
    _exact: dict[str, int] = field(default_factory=dict, repr=False)
    _postings: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _gone: set[Key] = field(default_factory=set, repr=False)

    @classmethod
    def of(cls, texts: Iterable[tuple[Key, str]], work: int | None = None) -> TextMatcher[Key]:
        matcher = cls(list(texts), WORK if work is None else work)
        for number, (_, text) in enumerate(matcher.texts):
            matcher._exact.setdefault(text, number)
            for gram in _grams(text):
                matcher._postings.setdefault(gram, []).append(number)
        return matcher

    def discard(self, key: Key) -> None:
        """A text already matched is not offered again."""
        self._gone.add(key)

    def exact(self, words: str) -> Key | None:
        number = self._exact.get(words)
        if number is None:
            return None
        key = self.texts[number][0]
        return None if key in self._gone else key

    def containing(self, words: str, candidates: list[int] | None = None) -> Key | None:
        """The first text (in the order given) that holds `words`, among those sharing most of its trigrams."""
        found = [n for n in (self._candidates(words) if candidates is None else candidates) if words in self.texts[n][1]]
        return self.texts[min(found)][0] if found else None

    def closest(self, words: str, floor: float, candidates: list[int] | None = None) -> tuple[Key, float] | None:
        """The text most alike (difflib's ratio, at least `floor`), or None."""
        found = self.alike(words, floor, candidates)
        return max(found, key=lambda pair: pair[1]) if found else None

    def quoted_or_closest(self, words: str, floor: float) -> tuple[Key, float | None] | None:
        """The text holding `words` (with no ratio), else the closest: one look at the index for both."""
        candidates = self._candidates(words)
        holding = self.containing(words, candidates)
        return (holding, None) if holding is not None else self.closest(words, floor, candidates)

    def alike(self, words: str, floor: float, candidates: list[int] | None = None) -> list[tuple[Key, float]]:
        """The texts at least `floor` alike (difflib's ratio), among the few worth comparing, in
        the order compared; an exact text alone, as soon as it is met."""
        found: list[tuple[Key, float]] = []
        grams = _grams(words)
        for number in self._candidates(words) if candidates is None else candidates:
            key, text = self.texts[number]
            if text == words:
                return [(key, 1.0)]
            if len(grams & _grams(text)) < OVERLAP_FLOOR * len(grams):
                continue
            compared = difflib.SequenceMatcher(None, words, text, autojunk=False)
            if compared.real_quick_ratio() < floor or compared.quick_ratio() < floor:
                continue
            cost = len(words) * len(text)
            if cost > self.work_left:
                self.exhausted = True
                break
            self.work_left -= cost
            ratio = compared.ratio()
            if ratio >= floor:
                found.append((key, ratio))
        return found

    def _candidates(self, words: str) -> list[int]:
        """The texts sharing most of the query's rarest trigrams, best first; a bounded read."""
        present = [g for g in _grams(words) if g in self._postings]
        rarest = heapq.nsmallest(QUERY_GRAMS, present, key=lambda g: (len(self._postings[g]), g))
        shared: dict[int, int] = {}
        read = looked_up = 0
        for gram in rarest:
            postings = self._postings[gram]
            if read + len(postings) > POSTINGS_READ and shared:
                break
            read += len(postings)
            looked_up += 1
            for number in postings[:POSTINGS_READ]:
                shared[number] = shared.get(number, 0) + 1
        enough = SHARED_FLOOR * looked_up
        alive = ((count, number) for number, count in shared.items()
                 if count >= enough and self.texts[number][0] not in self._gone)
        return [number for _, number in heapq.nlargest(CANDIDATES, alive, key=lambda pair: (pair[0], -pair[1]))]
