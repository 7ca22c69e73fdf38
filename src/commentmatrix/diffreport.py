"""`cm diff` output: Markdown for a pull-request comment, JSON for scripts, rich text for people.

User text is escaped for Markdown and goes to rich as Text, never as markup.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from commentmatrix.consultation_diff import Diff, OutcomeChange
from commentmatrix.text import Text, as_mapping, first_line

DIFF_JSON_VERSION = 1
NONE = "—"
TEXT_WIDTH = 70
CONTEXT = 25

_COUNT_ROWS = (("comments", "Comments"), ("accepted", "Accepted"), ("partially", "Partially accepted"),
               ("rejected", "Rejected"), ("noted", "Noted"), ("open", "Open"),
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


def headline(diff: Diff) -> str:
    parts = [_plural(len(diff.added), "comment") + " added" if diff.added else "",
             _plural(len(diff.removed), "comment") + " removed" if diff.removed else "",
             _plural(len(diff.edited), "comment") + " edited" if diff.edited else "",
             _plural(len(diff.decisions), "decision") + " changed" if diff.decisions else "",
             _plural(len(diff.texts), "revised text") + " changed" if diff.texts else ""]
    found = [p for p in parts if p]
    return ", ".join(found) if found else "no change to the comments or the revised text"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _decision(value: str | None) -> str:
    return value or "open"


def _state(value: str | None) -> str:
    return value.replace("-", " ") if value else "not in roster"


def _outcome(statuses: tuple[str, ...]) -> str:
    if not statuses:
        return NONE
    counted = {s: statuses.count(s) for s in dict.fromkeys(statuses)}
    return ", ".join(f"{n} {s}" for s, n in counted.items())


def _changes(before: Any, after: Any) -> str:
    return f"{before} → {after}"


def _counts(diff: Diff) -> list[tuple[str, int, int]]:
    before, after = diff.before.to_json(), diff.after.to_json()
    return [(label, before[key], after[key]) for key, label in _COUNT_ROWS]


# ---------------------------------------------------------------- Markdown

def _md(value: str) -> str:
    """Escape user text for a GitHub Markdown table cell or line."""
    out = re.sub(r"\s+", " ", value).replace("&", "&amp;")
    for char in "\\`*_[]<>|~":
        out = out.replace(char, f"\\{char}")
    return out


def _code(value: str) -> str:
    # Ids are ASCII letters, digits, '.', '-', '_' (models.ID_FORMAT); a backtick cannot occur.
    return f"`{value}`"


def _md_text(text: Text | None, langs: list[str]) -> str:
    if text is None:
        return f"*{NONE} (not in the revised draft)*"
    return _md(first_line(text, langs, TEXT_WIDTH)) or "*(empty)*"


def format_markdown(diff: Diff, base: Endpoint, head: Endpoint, langs: list[str], prefix: str = "") -> str:
    out = [f"### cm diff: {headline(diff)}", "",
           f"Comparing {_md(base.label())} with {_md(head.label())}.", "",
           "| | Before | After |", "| --- | ---: | ---: |"]
    out += [f"| {label} | {old} | {new}{' ' + _delta(old, new) if old != new else ''} |"
            for label, old, new in _counts(diff)]
    where = (lambda path, line: f"{prefix}/{path}:{line}" if prefix else f"{path}:{line}")
    if diff.added:
        out += ["", f"#### Comments added ({len(diff.added)})", "",
                "| Comment | Stakeholder | Target | Decision | Text | File |", "| --- | --- | --- | --- | --- | --- |"]
        out += [f"| {_code(c.id)} | {_md(c.stakeholder)} | {_code(c.target)} | {_decision(c.decision)} | "
                f"{_md_text(c.text, langs)} | {_code(where(c.path, c.line))} |" for c in diff.added]
    if diff.removed:
        out += ["", f"#### Comments removed ({len(diff.removed)})", "",
                "| Comment | Stakeholder | Target | Decision | Text |", "| --- | --- | --- | --- | --- |"]
        out += [f"| {_code(c.id)} | {_md(c.stakeholder)} | {_code(c.target)} | {_decision(c.decision)} | "
                f"{_md_text(c.text, langs)} |" for c in diff.removed]
    if diff.edited:
        out += ["", f"#### Comments edited ({len(diff.edited)})", "",
                "| Comment | Stakeholder | Changed | File |", "| --- | --- | --- | --- |"]
        out += [f"| {_code(c.id)} | {_md(c.stakeholder)} | {', '.join(c.fields)} | {_code(where(c.path, c.line))} |"
                for c in diff.edited]
    if diff.decisions:
        out += ["", f"#### Decisions ({len(diff.decisions)})", "",
                "| Comment | Stakeholder | Decision |", "| --- | --- | --- |"]
        out += [f"| {_code(d.id)} | {_md(d.stakeholder)} | {_changes(_decision(d.before), '**' + _decision(d.after) + '**')} |"
                for d in diff.decisions]
    if diff.stakeholders:
        out += ["", f"#### Stakeholders ({len(diff.stakeholders)})", "",
                "| Stakeholder | State |", "| --- | --- |"]
        out += [f"| {_md(first_line(s.name, langs))} ({_code(s.id)}) | {_changes(_state(s.before), _state(s.after))} |"
                for s in diff.stakeholders]
    if diff.outcomes:
        out += ["", f"#### Edit outcomes ({len(diff.outcomes)})", "",
                "| Comment | Stakeholder | Before | After |", "| --- | --- | --- | --- |"]
        out += [f"| {_code(o.id)} | {_md(o.stakeholder)} | {_outcome(o.before)} | {_md_outcome(o)} |" for o in diff.outcomes]
    if diff.texts:
        out += ["", f"#### Revised text ({len(diff.texts)})", ""]
        for t in diff.texts:
            by = f" (by {', '.join(_code(c) for c in t.by)})" if t.by else ""
            out.append(f"- {_code(t.id)} in section {_md(t.number)}{by}")
            for lang, (left, old, new, right) in text_changes(t.before, t.after, langs):
                label = f"{lang}: " if lang else ""
                old_md = f"~~{_md(old)}~~" if old else ""
                new_md = f"**{_md(new)}**" if new else ""
                out.append(f"  - {label}{_md(left)}{old_md}{' ' if old and new else ''}{new_md}{_md(right)}")
    return "\n".join(out) + "\n"


def _delta(old: int, new: int) -> str:
    return f"({'+' if new > old else '−'}{abs(new - old)})"


def _md_outcome(change: OutcomeChange) -> str:
    shown = _outcome(change.after)
    if change.problems:
        shown += ": " + "; ".join(_md(p) for p in change.problems)
    return shown


# ---------------------------------------------------------------- JSON

def format_json(diff: Diff, base: Endpoint, head: Endpoint, prefix: str = "") -> str:
    def side(end: Endpoint) -> dict[str, Any]:
        return {"revision": end.name if end.commit else None, "commit": end.commit}
    body = diff.to_json()
    if prefix:
        for group in (*body["comments"].values(), body["decisions"]):
            for item in group:
                item["path"] = f"{prefix}/{item['path']}"
    document = {"version": DIFF_JSON_VERSION, "base": side(base), "head": side(head), **body}
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"


# ---------------------------------------------------------------- rich text

def print_diff(console: Any, diff: Diff, base: Endpoint, head: Endpoint, langs: list[str], prefix: str = "") -> None:
    from rich.table import Table
    from rich.text import Text as RichText

    console.print(RichText(f"cm diff: {base.label()} → {head.label()}", style="bold"))
    console.print(RichText(headline(diff).capitalize() + "."))
    counts = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    counts.add_column("")
    counts.add_column("Before", justify="right")
    counts.add_column("After", justify="right")
    for label, old, new in _counts(diff):
        counts.add_row(label, str(old), RichText(f"{new} {_delta(old, new)}" if old != new else str(new),
                                                 style="bold" if old != new else ""))
    console.print()
    console.print(counts)
    where = (lambda path, line: f"{prefix}/{path}:{line}" if prefix else f"{path}:{line}")

    def heading(title: str, count: int) -> None:
        console.print()
        console.print(RichText(f"{title} ({count})", style="bold underline"))

    def row(*pieces: tuple[str, str]) -> None:
        line = RichText("  ")
        for text, style in pieces:
            line.append(text, style=style)
        # The terminal wraps long lines itself; rich's own wrapping would break ids and CJK text.
        console.print(line, soft_wrap=True)

    if diff.added:
        heading("Comments added", len(diff.added))
        for c in diff.added:
            row(("+ ", "green"), (c.id, "bold green"), (f"  {c.stakeholder} on {c.target}, {_decision(c.decision)}", ""),
                (f"  {where(c.path, c.line)}", "dim"))
            row(("    ", ""), (first_line(c.text, langs, TEXT_WIDTH), ""))
    if diff.removed:
        heading("Comments removed", len(diff.removed))
        for c in diff.removed:
            row(("- ", "red"), (c.id, "bold red"), (f"  {c.stakeholder} on {c.target}, {_decision(c.decision)}", ""))
    if diff.edited:
        heading("Comments edited", len(diff.edited))
        for c in diff.edited:
            row(("~ ", "yellow"), (c.id, "bold"), (f"  {', '.join(c.fields)}", ""), (f"  {where(c.path, c.line)}", "dim"))
    if diff.decisions:
        heading("Decisions", len(diff.decisions))
        for d in diff.decisions:
            row((d.id, "bold"), (f"  {_decision(d.before)} → ", ""), (_decision(d.after), "bold"))
    if diff.stakeholders:
        heading("Stakeholders", len(diff.stakeholders))
        for s in diff.stakeholders:
            row((first_line(s.name, langs), "bold"), (f" ({s.id})  {_changes(_state(s.before), _state(s.after))}", ""))
    if diff.outcomes:
        heading("Edit outcomes", len(diff.outcomes))
        for o in diff.outcomes:
            row((o.id, "bold"), (f"  {_outcome(o.before)} → {_outcome(o.after)}", ""))
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


# ---------------------------------------------------------------- what changed in a text

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
            found.append((lang, _cut(a, b)))
    return found


def _cut(a: str, b: str) -> tuple[str, str, str, str]:
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    # Back off to whole words where the text has spaces (CJK has none: characters are words).
    while start > 0 and a[start - 1] != " " and " " in a[:start]:
        start -= 1
    while end > 0 and a[len(a) - end] != " " and " " in a[len(a) - end:]:
        end -= 1
    left = a[:start]
    right = a[len(a) - end:] if end else ""
    left = ("…" + left[-CONTEXT:].lstrip()) if len(left) > CONTEXT else left
    right = (right[:CONTEXT].rstrip() + "…") if len(right) > CONTEXT else right
    return left, _short(a[start:len(a) - end]), _short(b[start:len(b) - end]), right


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 2 * TEXT_WIDTH else value[: 2 * TEXT_WIDTH - 1] + "…"
