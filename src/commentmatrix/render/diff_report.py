"""`cm diff` (and `cm diff --rounds`) output for machines and pull requests: Markdown for a PR comment, JSON for scripts.

User text is escaped for Markdown (render/markdown.py): no stakeholder's text or file name
mentions anyone, links an issue or breaks the table. JSON escapes C1 and bidi controls too
(model/inert.py). The words come from views/diff.py.
"""

from __future__ import annotations

import json
from typing import Any

from commentmatrix.carryover import KINDS
from commentmatrix.diff import Diff, OutcomeChange
from commentmatrix.model.inert import json_text
from commentmatrix.model.text import Text, first_line
from commentmatrix.render.markdown import code as _code
from commentmatrix.render.markdown import one_line as _md
from commentmatrix.round_diff import RoundsDiff
from commentmatrix.views.diff import (
    KIND_WORDS,
    NONE,
    TEXT_WIDTH,
    Endpoint,
    arrow,
    count_rows,
    decision_label,
    delta,
    headline,
    outcome_label,
    outcome_note,
    place,
    repeat_note,
    round_label,
    rounds_headline,
    state_label,
    text_changes,
)

DIFF_JSON_VERSION = 1


def _md_text(text: Text | None, langs: list[str]) -> str:
    if text is None:
        return f"*{NONE} (not in the revised draft)*"
    return _md(first_line(text, langs, TEXT_WIDTH)) or "*(empty)*"


def format_markdown(diff: Diff, base: Endpoint, head: Endpoint, langs: list[str], prefix: str = "") -> str:
    out = [f"### cm diff: {headline(diff)}", "",
           f"Comparing {_md(base.label())} with {_md(head.label())}.", "",
           "| | Before | After |", "| --- | ---: | ---: |"]
    out += [f"| {label} | {old} | {new}{' ' + delta(old, new) if old != new else ''} |"
            for label, old, new in count_rows(diff)]
    if diff.added:
        out += ["", f"#### Comments added ({len(diff.added)})", "",
                "| Comment | Stakeholder | Target | Decision | Text | File |", "| --- | --- | --- | --- | --- | --- |"]
        out += [f"| {_code(c.id)} | {_md(c.stakeholder)} | {_code(c.target)} | {_md(decision_label(c.decision))} | "
                f"{_md_text(c.text, langs)} | {_code(place(c.path, c.line, prefix))} |" for c in diff.added]
    if diff.removed:
        out += ["", f"#### Comments removed ({len(diff.removed)})", "",
                "| Comment | Stakeholder | Target | Decision | Text |", "| --- | --- | --- | --- | --- |"]
        out += [f"| {_code(c.id)} | {_md(c.stakeholder)} | {_code(c.target)} | {_md(decision_label(c.decision))} | "
                f"{_md_text(c.text, langs)} |" for c in diff.removed]
    if diff.edited:
        out += ["", f"#### Comments edited ({len(diff.edited)})", "",
                "| Comment | Stakeholder | Changed | File |", "| --- | --- | --- | --- |"]
        out += [f"| {_code(c.id)} | {_md(c.stakeholder)} | {_md(', '.join(c.fields))} | {_code(place(c.path, c.line, prefix))} |"
                for c in diff.edited]
    if diff.decisions:
        out += ["", f"#### Decisions ({len(diff.decisions)})", "",
                "| Comment | Stakeholder | Decision |", "| --- | --- | --- |"]
        out += [f"| {_code(d.id)} | {_md(d.stakeholder)} | {arrow(_md(decision_label(d.before)), '**' + _md(decision_label(d.after)) + '**')} |"
                for d in diff.decisions]
    if diff.stakeholders:
        out += ["", f"#### Stakeholders ({len(diff.stakeholders)})", "",
                "| Stakeholder | State |", "| --- | --- |"]
        out += [f"| {_md(first_line(s.name, langs))} ({_code(s.id)}) | {arrow(state_label(s.before), state_label(s.after))} |"
                for s in diff.stakeholders]
    if diff.outcomes:
        out += ["", f"#### Edit outcomes ({len(diff.outcomes)})", "",
                "| Comment | Stakeholder | Before | After |", "| --- | --- | --- | --- |"]
        out += [f"| {_code(o.id)} | {_md(o.stakeholder)} | {outcome_label(o.before)} | {_mdoutcome_label(o)} |" for o in diff.outcomes]
    if diff.texts:
        out += ["", f"#### Revised text ({len(diff.texts)})", ""]
        for t in diff.texts:
            by = f" (by {', '.join(_code(c, table=False) for c in t.by)})" if t.by else ""
            out.append(f"- {_code(t.id, table=False)} in section {_md(t.number)}{by}")
            for lang, (left, old, new, right) in text_changes(t.before, t.after, langs):
                label = f"{lang}: " if lang else ""
                old_md = f"~~{_md(old)}~~" if old else ""
                new_md = f"**{_md(new)}**" if new else ""
                out.append(f"  - {label}{_md(left)}{old_md}{' ' if old and new else ''}{new_md}{_md(right)}")
    return "\n".join(out) + "\n"


def _mdoutcome_label(change: OutcomeChange) -> str:
    shown = outcome_label(change.after)
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
    return json_text(json.dumps(document, ensure_ascii=False, indent=2, default=str)) + "\n"


# ---------------------------------------------------------------- cm diff --rounds

def format_rounds_markdown(diff: RoundsDiff, langs: list[str], prefix: str = "") -> str:
    out = [f"### cm diff: {_md(round_label(diff.earlier, langs))} → {_md(round_label(diff.later, langs))}", "",
           f"{_md(rounds_headline(diff).capitalize())}.", "",
           "| Stakeholder | " + " | ".join(k.capitalize() for k in KINDS) + " |",
           "| --- |" + " ---: |" * len(KINDS)]
    out += [f"| {_md(first_line(s.name, langs))} | " + " | ".join(str(n) for n in s.counts.values()) + " |"
            for s in diff.stakeholders]
    out.append("| **All** | " + " | ".join(f"**{n}**" for n in diff.totals.values()) + " |")
    for stakeholder in diff.stakeholders:
        out += ["", f"#### {_md(first_line(stakeholder.name, langs))} ({_code(stakeholder.id, table=False)})", "",
                "| Kind | Comment | Target | Outcome | Repeats | Text | File |",
                "| --- | --- | --- | --- | --- | --- | --- |"]
        out += [f"| {_md(KIND_WORDS[c.kind])} | {_code(c.id)} | {_code(c.target)} | {_md(outcome_note(c))} | "
                f"{_md(repeat_note(c)) or NONE} | {_md_text(c.text, langs)} | "
                f"{_code(place(c.path, c.line, prefix))} |" for c in stakeholder.comments]
    return "\n".join(out) + "\n"


def format_rounds_json(diff: RoundsDiff, prefix: str = "") -> str:
    body = diff.to_json()
    if prefix:
        for stakeholder in body["stakeholders"]:
            for comment in stakeholder["comments"]:
                comment["file"] = f"{prefix}/{comment['file']}"
    document = {"version": DIFF_JSON_VERSION, **body}
    return json_text(json.dumps(document, ensure_ascii=False, indent=2, default=str)) + "\n"
