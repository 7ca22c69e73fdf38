"""What `cm diff` says, in words shared by its outputs: headline, counts, labels, text changes;
and for `cm diff --rounds`, the words for what became of each comment between two rounds.

The Markdown and JSON reports (render/diff_report.py) and the terminal (terminal/diff.py) read
these, so the three outputs describe a change the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from commentmatrix.diff import Diff
from commentmatrix.model.format import Round
from commentmatrix.model.segmentation import common_ends, shorten, shorten_start
from commentmatrix.model.text import Text, as_mapping, first_line
from commentmatrix.round_diff import RoundComment, RoundsDiff

NONE = "—"
TEXT_WIDTH = 70
CONTEXT = 25

_COUNT_ROWS = (("comments", "Comments"), ("accepted", "Accepted"), ("partially", "Partially accepted"),
               ("rejected", "Rejected"), ("noted", "Noted"), ("withdrawn", "Withdrawn"), ("open", "Open"),
               ("errors", "Validation errors"), ("warnings", "Validation warnings"))


@dataclass(frozen=True)
class Endpoint:
    """One side of the comparison: how the user named it, and the commit (None: the work tree)."""

    name: str
    commit: str | None

    def label(self) -> str:
        if self.commit is None:
            return "working tree"
        short = self.commit[:7]
        return short if self.name in (self.commit, short) else f"{self.name} ({short})"


def place(path: str, line: int, prefix: str = "") -> str:
    """Where a comment is, as editors and CI read it: path:line, relative to where cm runs."""
    return f"{prefix}/{path}:{line}" if prefix else f"{path}:{line}"


def headline(diff: Diff) -> str:
    parts = [plural(len(diff.added), "comment") + " added" if diff.added else "",
             plural(len(diff.removed), "comment") + " removed" if diff.removed else "",
             plural(len(diff.edited), "comment") + " edited" if diff.edited else "",
             plural(len(diff.decisions), "decision") + " changed" if diff.decisions else "",
             plural(len(diff.texts), "revised text") + " changed" if diff.texts else ""]
    found = [p for p in parts if p]
    return ", ".join(found) if found else "no change to the comments or the revised text"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def decision_label(value: str | None) -> str:
    return value or "open"


def state_label(value: str | None) -> str:
    return value.replace("-", " ") if value else "not in roster"


def outcome_label(statuses: tuple[str, ...]) -> str:
    if not statuses:
        return NONE
    counted = {s: statuses.count(s) for s in dict.fromkeys(statuses)}
    return ", ".join(f"{n} {s}" for s, n in counted.items())


def arrow(before: Any, after: Any) -> str:
    return f"{before} → {after}"


def count_rows(diff: Diff) -> list[tuple[str, int, int]]:
    before, after = diff.before.to_json(), diff.after.to_json()
    return [(label, before[key], after[key]) for key, label in _COUNT_ROWS]


def text_changes(before: Text | None, after: Text | None, langs: list[str]) -> list[tuple[str, tuple[str, str, str, str]]]:
    """Per language that reads differently: (lang, (context, removed, inserted, context)).

    The common start and end are cut to a few words of context, so a one-word change in a
    long paragraph shows as that word, not as two copies of the paragraph. A text absent on
    one side shows whole (shortened) as removed or inserted.
    """
    old, new = as_mapping(before), as_mapping(after)
    order = [lang for lang in langs if lang in old or lang in new]
    order += [lang for lang in [*old, *new] if lang not in order]
    found = []
    for lang in dict.fromkeys(order):
        a, b = old.get(lang, ""), new.get(lang, "")
        if a != b:
            found.append((lang, _cut(a, b, lang or None)))
    return found


def _cut(a: str, b: str, lang: str | None = None) -> tuple[str, str, str, str]:
    # The common start and end are whole words of the text's language.
    start, end = common_ends(a, b, lang)
    left = a[:start]
    right = a[len(a) - end:] if end else ""
    left = shorten_start(left, CONTEXT + 1)
    right = shorten(right, CONTEXT + 1)
    return left, _short(a[start:len(a) - end]), _short(b[start:len(b) - end]), right


def _short(value: str) -> str:
    value = " ".join(value.split())
    return shorten(value, 2 * TEXT_WIDTH)


def delta(old: int, new: int) -> str:
    return f"({'+' if new > old else '−'}{abs(new - old)})"


# ---------------------------------------------------------------- cm diff --rounds

#: What each carry-over kind means, in the words the round comparison's outputs share.
KIND_WORDS = {"new": "new", "repeated": "repeated", "revised": "revised", "withdrawn": "withdrawn",
              "resolved": "resolved (not raised again)"}


def round_label(round_: Round, langs: list[str]) -> str:
    title = first_line(round_.title, langs) if round_.title else ""
    return f"round {round_.id}" + (f" ({title})" if title else "")


def rounds_headline(diff: RoundsDiff) -> str:
    return kind_counts(diff.totals) if any(diff.totals.values()) else "no comments in either round"


def kind_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in counts.items())


def repeat_note(comment: RoundComment) -> str:
    """For a repeat or revision: the comment it raises again and what it came to in its round."""
    if comment.earlier_id is None:
        return ""
    return f"repeats {comment.earlier_id}, {decision_label(comment.earlier_outcome)} in round {comment.earlier_round}"


def outcome_note(comment: RoundComment) -> str:
    """The comment's outcome, and for an earlier round's comment, that it is the earlier round's."""
    if comment.kind in ("withdrawn", "resolved"):
        return f"{decision_label(comment.outcome)} in round {comment.round}"
    return decision_label(comment.outcome)
