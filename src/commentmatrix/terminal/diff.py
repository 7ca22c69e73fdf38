"""`cm diff` (and `cm diff --rounds`) on a terminal: the counts and changes as rich text (user text as ScriptText, never
markup: control characters show as markers, see terminal/text.py; each row is one line)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from commentmatrix.diff import Diff
from commentmatrix.model.inert import one_line
from commentmatrix.model.text import first_line
from commentmatrix.round_diff import RoundsDiff
from commentmatrix.terminal.text import ScriptText as RichText
from commentmatrix.views.diff import (
    TEXT_WIDTH,
    Endpoint,
    arrow,
    count_rows,
    decision_label,
    delta,
    headline,
    kind_counts,
    outcome_label,
    outcome_note,
    place,
    repeat_note,
    round_label,
    rounds_headline,
    state_label,
    text_changes,
)


def print_diff(console: Console, diff: Diff, base: Endpoint, head: Endpoint, langs: list[str], prefix: str = "") -> None:
    console.print(RichText(f"cm diff: {base.label()} → {head.label()}", style="bold"))
    console.print(RichText(headline(diff).capitalize() + "."))
    counts = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    counts.add_column("")
    counts.add_column("Before", justify="right")
    counts.add_column("After", justify="right")
    for label, before, after in count_rows(diff):
        counts.add_row(label, str(before), RichText(f"{after} {delta(before, after)}" if before != after else str(after),
                                                    style="bold" if before != after else ""))
    console.print()
    console.print(counts)

    def heading(title: str, count: int) -> None:
        console.print()
        console.print(RichText(f"{title} ({count})", style="bold underline"))

    def row(*pieces: tuple[str, str]) -> None:
        line = RichText("  ")
        for text, style in pieces:
            line.append(one_line(text), style=style)
        # The terminal wraps long lines itself; rich's own wrapping would break ids and CJK text.
        console.print(line, soft_wrap=True)

    if diff.added:
        heading("Comments added", len(diff.added))
        for c in diff.added:
            row(("+ ", "green"), (c.id, "bold green"), (f"  {c.stakeholder} on {c.target}, {decision_label(c.decision)}", ""),
                (f"  {place(c.path, c.line, prefix)}", "dim"))
            row(("    ", ""), (first_line(c.text, langs, TEXT_WIDTH), ""))
    if diff.removed:
        heading("Comments removed", len(diff.removed))
        for c in diff.removed:
            row(("- ", "red"), (c.id, "bold red"), (f"  {c.stakeholder} on {c.target}, {decision_label(c.decision)}", ""))
    if diff.edited:
        heading("Comments edited", len(diff.edited))
        for e in diff.edited:
            row(("~ ", "yellow"), (e.id, "bold"), (f"  {', '.join(e.fields)}", ""), (f"  {place(e.path, e.line, prefix)}", "dim"))
    if diff.decisions:
        heading("Decisions", len(diff.decisions))
        for d in diff.decisions:
            row((d.id, "bold"), (f"  {decision_label(d.before)} → ", ""), (decision_label(d.after), "bold"))
    if diff.stakeholders:
        heading("Stakeholders", len(diff.stakeholders))
        for s in diff.stakeholders:
            row((first_line(s.name, langs), "bold"), (f" ({s.id})  {arrow(state_label(s.before), state_label(s.after))}", ""))
    if diff.outcomes:
        heading("Edit outcomes", len(diff.outcomes))
        for o in diff.outcomes:
            row((o.id, "bold"), (f"  {outcome_label(o.before)} → {outcome_label(o.after)}", ""))
            for problem in o.problems:
                row(("    ", ""), (problem, "red"))
    if diff.texts:
        heading("Revised text", len(diff.texts))
        for t in diff.texts:
            by = f"  by {', '.join(t.by)}" if t.by else ""
            row((t.id, "bold"), (f"  section {t.number}{by}", ""))
            for lang, (left, old, new, right) in text_changes(t.before, t.after, langs):
                # git's word-diff markers: the change must read without colour too (pipes, logs).
                row(("    ", ""), (f"{lang}: " if lang else "", "dim"), (left, ""),
                    (f"[-{old}-]" if old else "", "red"), (f"{{+{new}+}}" if new else "", "green"), (right, ""))




def print_rounds_diff(console: Console, diff: RoundsDiff, langs: list[str], prefix: str = "") -> None:
    console.print(RichText(f"cm diff: {round_label(diff.earlier, langs)} → {round_label(diff.later, langs)}", style="bold"))
    console.print(RichText(rounds_headline(diff).capitalize() + "."))
    for stakeholder in diff.stakeholders:
        console.print()
        title = RichText(first_line(stakeholder.name, langs), style="bold underline")
        title.append(f" ({stakeholder.id}): {kind_counts(stakeholder.counts)}")
        console.print(title, soft_wrap=True)
        for comment in stakeholder.comments:
            line = RichText("  ")
            line.append(f"{comment.kind:<10}", style=_KIND_STYLE[comment.kind])
            line.append(one_line(comment.id), style="bold")
            line.append(one_line(f"  on {comment.target}, {outcome_note(comment)}"))
            note = repeat_note(comment)
            if note:
                line.append(f"  ({one_line(note)})")
            line.append(f"  {place(comment.path, comment.line, prefix)}", style="dim")
            # The terminal wraps long lines itself; rich's own wrapping would break ids and CJK text.
            console.print(line, soft_wrap=True)
            console.print(RichText(" " * 12 + one_line(first_line(comment.text, langs, TEXT_WIDTH))), soft_wrap=True)


_KIND_STYLE = {"new": "green", "repeated": "yellow", "revised": "yellow", "withdrawn": "magenta", "resolved": "cyan"}
