"""A new version of a draft, imported from Word, keeps the ids of the old one where its text is still there.

Comments target ids, so the next round's draft must keep every id whose text survives. Each
section and paragraph of the new document is matched to the old draft: by its cm bookmark
(a review copy or rendered draft the drafting team edited), else by its words in a language
both have (the same words, else the most alike at 75% or more, for a lightly edited one),
wherever it now stands. Matched texts take the old id; the others get new ids that no text of
the old draft had. The report says, for each paragraph, whether it is unchanged, edited (with
how alike), moved (to another section, or out of its order), new, or removed.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

from commentmatrix.exchange.draft_ids import give_ids
from commentmatrix.exchange.draft_import import DraftImport, ImportedSection, made_lines
from commentmatrix.model.format import Draft
from commentmatrix.model.project import walk_sections
from commentmatrix.model.text import UNTAGGED, as_mapping, folded
from commentmatrix.textmatch import TextMatcher

MATCH_FLOOR = 0.75
SHOWN = 60


@dataclass
class _Old:
    id: str
    texts: dict[str, str]
    section: str | None  # for a paragraph, its section's id
    order: int


@dataclass
class VersionReport:
    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {"unchanged": 0, "edited": 0, "moved": 0, "new": 0, "removed": 0})

    def summary(self, old_id: str) -> str:
        parts = [f"{n} {kind}" for kind, n in self.counts.items()]
        return f"compared with draft {old_id}: " + ", ".join(parts) + " paragraphs"


def follow_draft(result: DraftImport, old: Draft) -> VersionReport:
    """Give the new draft the old one's ids where its texts are still there; report what changed."""
    old_sections: dict[str, _Old] = {}
    old_paragraphs: dict[str, _Old] = {}
    for order, (old_section, _) in enumerate(walk_sections(old.sections)):
        old_sections[old_section.id] = _Old(old_section.id, as_mapping(old_section.title), None, order)
        for paragraph in old_section.paragraphs:
            old_paragraphs[paragraph.id] = _Old(paragraph.id, as_mapping(paragraph.text), old_section.id, len(old_paragraphs))
    reserved = set(old_sections) | set(old_paragraphs)
    sections = _walk(result.sections)
    units = [(unit, section) for section in sections for unit in section.paragraphs]

    # Ids made up by the import are not evidence: only bookmarks and words match.
    for section in sections:
        if section.generated:
            section.id, section.generated = None, False
    for unit, _ in units:
        if unit.generated:
            unit.text_id, unit.generated = None, False

    section_match = _match([(s.id, s.title) for s in sections], old_sections)
    for index, (old_id, _) in section_match.items():
        sections[index].id = old_id
    paragraph_match = _match([(u.text_id, u.texts) for u, _ in units], old_paragraphs)
    for index, (old_id, _) in paragraph_match.items():
        units[index][0].text_id = old_id
    give_ids(result, reserved)

    report = VersionReport()
    in_order = _in_order([old_paragraphs[paragraph_match[i][0]].order for i in range(len(units)) if i in paragraph_match])
    rank = 0
    for index, (unit, section) in enumerate(units):
        text = _shown(unit.texts)
        if index not in paragraph_match:
            report.counts["new"] += 1
            report.lines.append(f"+ {unit.text_id}  new ({unit.place}): {text}")
            continue
        old_id, alike = paragraph_match[index]
        before = old_paragraphs[old_id]
        moved = before.section != section.id or not in_order[rank]
        rank += 1
        edited = unit.texts != before.texts
        if not moved and not edited:
            report.counts["unchanged"] += 1
            continue
        what = []
        if moved:
            report.counts["moved"] += 1
            what.append(f"moved from {before.section}" if before.section != section.id else "moved within its section")
        if edited:
            report.counts["edited"] += 1
            what.append(f"edited ({int(alike * 100)}% alike)" if alike < 1 else "edited")
        report.lines.append(f"~ {unit.text_id}  {' and '.join(what)}, matched by {'its bookmark' if alike == 2 else 'its words'}"
                            f" ({unit.place}): {text}")
    matched = {old_id for old_id, _ in paragraph_match.values()}
    for old_id, before in old_paragraphs.items():
        if old_id not in matched:
            report.counts["removed"] += 1
            report.lines.append(f"- {old_id}  removed: {_shown(before.texts)}")
    for index, section in enumerate(sections):
        if index not in section_match:
            report.lines.append(f"+ {section.id}  new section (paragraph {section.where}): {_shown(section.title)}")
    kept = {old_id for old_id, _ in section_match.values()}
    report.lines.extend(f"- {old_id}  section removed: {_shown(before.texts)}" for old_id, before in old_sections.items()
                        if old_id not in kept)
    result.made = made_lines(result)
    return report


def _walk(sections: list[ImportedSection]) -> list[ImportedSection]:
    found: list[ImportedSection] = []
    for section in sections:
        found.append(section)
        found.extend(_walk(section.sections))
    return found


def _match(new: list[tuple[str | None, dict[str, str]]], old: dict[str, _Old]) -> dict[int, tuple[str, float]]:
    """Index in `new` -> (old id, how alike: 2 for a bookmark, 1.0 for the same words, else the ratio)."""
    found: dict[int, tuple[str, float]] = {}
    free = dict(old)
    for index, (marked, _) in enumerate(new):
        if marked is not None and marked in free:
            found[index] = (marked, 2.0)
            del free[marked]
    exact: dict[tuple[str, str], list[str]] = {}
    for old_id, before in free.items():
        for lang, text in before.texts.items():
            exact.setdefault((lang, folded(text)), []).append(old_id)
    waiting = []
    for index, (_, texts) in enumerate(new):
        if index in found:
            continue
        hit = next((old_id for lang, text in texts.items() for old_id in exact.get((lang, folded(text)), []) if old_id in free), None)
        if hit is not None:
            found[index] = (hit, 1.0)
            del free[hit]
        else:
            waiting.append((index, texts))
    # Near matches through the one matcher: each new paragraph is compared only with the few old
    # ones sharing its trigrams, so a heavily edited version of a long draft stays linear.
    matchers = _matchers(free)
    candidates: list[tuple[float, int, int, str]] = []
    for index, texts in waiting:
        best: dict[str, float] = {}
        for lang, text in texts.items():
            if lang in matchers:
                for old_id, ratio in matchers[lang].alike(folded(text), MATCH_FLOOR):
                    best[old_id] = max(best.get(old_id, 0.0), ratio)
        candidates.extend((-ratio, free[old_id].order, index, old_id) for old_id, ratio in best.items())
    for negative, _, index, old_id in sorted(candidates):
        if index not in found and old_id in free:
            found[index] = (old_id, math.floor(-negative * 100) / 100)
            del free[old_id]
    return found


def _matchers(free: dict[str, _Old]) -> dict[str, TextMatcher[str]]:
    texts: dict[str, list[tuple[str, str]]] = {}
    for old_id, before in free.items():
        for lang, text in before.texts.items():
            texts.setdefault(lang, []).append((old_id, folded(text)))
    return {lang: TextMatcher.of(pairs) for lang, pairs in texts.items()}


def _in_order(orders: list[int]) -> list[bool]:
    """Which of the matched paragraphs keep the old order: those of a longest increasing run."""
    if not orders:
        return []
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(orders)
    for index, value in enumerate(orders):
        place = bisect.bisect_left(tails, value)
        if place == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[place] = value
            tail_index[place] = index
        previous[index] = tail_index[place - 1] if place else -1
    keep = [False] * len(orders)
    at = tail_index[-1]
    while at >= 0:
        keep[at] = True
        at = previous[at]
    return keep


def _shown(texts: dict[str, str]) -> str:
    text = texts.get(UNTAGGED) or next(iter(texts.values()), "")
    text = " ".join(text.split())
    return f"“{text if len(text) <= SHOWN else text[: SHOWN - 1].rstrip() + '…'}”"

