"""What became of a stakeholder's comments from one round to the next.

Each comment of the later round is new, repeated (it `repeats:` an earlier comment of the same
stakeholder with the same text) or revised (it repeats one with other text); each comment of
the earlier round that no later comment repeats was withdrawn (its `withdrawn:` is set) or
resolved (not raised again). The comment repeated may be of any round before the later one: a
third round's comment that raises again one of the first round (one the stakeholder let rest in
the second) is repeated, not new. The classification ISO ballots' stage comparison makes, as kinds
of one value for `cm status`, `cm diff --rounds` and the matrix's round column.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from commentmatrix.model.project import CommentRef, Project
from commentmatrix.model.text import Text, as_mapping, nfc

NEW = "new"
REPEATED = "repeated"
REVISED = "revised"
WITHDRAWN = "withdrawn"
RESOLVED = "resolved"
T = TypeVar("T")
#: The order outputs list the kinds in: the later round's comments, then what became of the earlier round's.
KINDS: tuple[str, ...] = (NEW, REPEATED, REVISED, WITHDRAWN, RESOLVED)


@dataclass(frozen=True)
class CarryOver:
    """One comment and its kind; `earlier` is the comment it repeats (repeated, revised)."""

    ref: CommentRef
    kind: str
    earlier: CommentRef | None = None


def classify(project: Project, stakeholder_id: str, earlier_round_id: str, later_round_id: str) -> list[CarryOver]:
    """The stakeholder's comments of the later round (file order), then those of the earlier round
    that no later comment repeats (file order)."""
    older = [ref for round_ in project.rounds_before(later_round_id) if round_.id != earlier_round_id
             for ref in _comments_of(project, stakeholder_id, round_.id)]
    return [CarryOver(ref, kind, before) for ref, kind, before in carried_over(
        _comments_of(project, stakeholder_id, earlier_round_id), _comments_of(project, stakeholder_id, later_round_id),
        id_of=lambda ref: ref.id, repeats_of=lambda ref: ref.comment.repeats,
        withdrawn_of=lambda ref: ref.comment.withdrawn is not None,
        same=lambda one, other: same_text(one.comment.text, other.comment.text), older_comments=older)]


def carried_over(earlier_comments: Iterable[T], later_comments: Iterable[T], *, id_of: Callable[[T], str],
                 repeats_of: Callable[[T], str | None], withdrawn_of: Callable[[T], bool],
                 same: Callable[[T, T], bool], older_comments: Iterable[T] = ()) -> list[tuple[T, str, T | None]]:
    """classify() on any kind of comment (a CommentRef, or the facts status keeps of one): each
    with its kind and the earlier comment it repeats. `older_comments`, the stakeholder's
    comments of the other rounds before the later one, may be repeated too; they are not
    classified themselves."""
    earlier: dict[str, T] = {}
    for comment in earlier_comments:
        earlier.setdefault(id_of(comment), comment)
    older: dict[str, T] = {}
    for comment in older_comments:
        older.setdefault(id_of(comment), comment)
    found: list[tuple[T, str, T | None]] = []
    repeated_ids: set[str] = set()
    for comment in later_comments:
        repeats = repeats_of(comment)
        before = (earlier.get(repeats) or older.get(repeats)) if repeats else None
        if before is None:
            found.append((comment, NEW, None))
            continue
        repeated_ids.add(id_of(before))
        found.append((comment, REPEATED if same(comment, before) else REVISED, before))
    for key, comment in earlier.items():
        if key not in repeated_ids:
            found.append((comment, WITHDRAWN if withdrawn_of(comment) else RESOLVED, None))
    return found


def compare_rounds(project: Project, earlier_round_id: str, later_round_id: str) -> dict[str, list[CarryOver]]:
    """classify() for every stakeholder, roster order (then any stakeholder not on the roster, by id)."""
    roster = [s.id for s in project.config.stakeholders] if project.config else []
    others = sorted({ref.stakeholder for round_id in (earlier_round_id, later_round_id)
                     for ref in project.comments_in(round_id)} - set(roster))
    return {stakeholder: classify(project, stakeholder, earlier_round_id, later_round_id)
            for stakeholder in (*roster, *others)}


def kind_of(project: Project, ref: CommentRef) -> str | None:
    """The kind of a comment against the rounds before its own (new, repeated or revised); None
    in the first round or for a file in no round."""
    round_id = project.comment_round(ref)
    previous = project.previous_round(round_id) if round_id is not None else None
    if round_id is None or previous is None:
        return None
    before = project.comments_by_id.get(ref.comment.repeats) if ref.comment.repeats else None
    before_round = project.comment_round(before) if before is not None else None
    if (before is None or before.stakeholder != ref.stakeholder or before_round is None
            or not 0 <= project.round_index(before_round) < project.round_index(round_id)):
        return NEW
    return REPEATED if same_text(ref.comment.text, before.comment.text) else REVISED


def counts(carry_overs: list[CarryOver]) -> dict[str, int]:
    """How many of each kind, every kind present (KINDS order)."""
    return kind_counts(item.kind for item in carry_overs)


def kind_counts(kinds: Iterable[str]) -> dict[str, int]:
    found = dict.fromkeys(KINDS, 0)
    for kind in kinds:
        found[kind] += 1
    return found


def same_text(one: Text, other: Text) -> bool:
    """Whether two texts say the same in every language, once whitespace is normalised (NFC, runs
    of spaces and line breaks as one space): re-wrapping a comment does not revise it."""
    return _normalised(one) == _normalised(other)


def text_key(text: Text) -> str:
    """A digest of the text as same_text compares it: two texts have the same key exactly when
    same_text holds (for a record that keeps no texts)."""
    normalised = json.dumps(_normalised(text), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(normalised.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _normalised(text: Text) -> dict[str, str]:
    return {lang: " ".join(nfc(value).split()) for lang, value in as_mapping(text).items()}


def _comments_of(project: Project, stakeholder_id: str, round_id: str) -> list[CommentRef]:
    # Grouped once per round and kept with the project: comparing every stakeholder must not walk
    # all the comments once per stakeholder.
    key = ("carry-over comments", round_id)
    if key not in project.memo:
        grouped: dict[str, list[CommentRef]] = {}
        for ref in project.comments_in(round_id):
            grouped.setdefault(ref.stakeholder, []).append(ref)
        project.memo[key] = grouped
    found: list[CommentRef] = project.memo[key].get(stakeholder_id, [])
    return found
