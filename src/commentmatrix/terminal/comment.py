"""`cm show` and `cm triage` on a terminal: one comment in context, with its changes marked.

Changes are coloured on a terminal (deleted text red and struck through, inserted text green);
without colour (a pipe, NO_COLOR) they are marked the way `git diff --word-diff` marks them,
[-deleted-] and {+inserted+}, so nothing depends on colour. User text always goes in as
ScriptText, which shows control characters as markers (terminal/text.py); names, topics and file
names are one line each (`one_line`: a line feed shows as `\\n`).
"""

from __future__ import annotations

from dataclasses import replace

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table

from commentmatrix.engine import apply_edits, requests_for
from commentmatrix.model.format import (
    GENERAL,
    DeleteEdit,
    Draft,
    Edit,
    InsertEdit,
    InsertSectionEdit,
    ReplaceEdit,
)
from commentmatrix.model.inert import one_line
from commentmatrix.model.project import CommentRef, Project
from commentmatrix.model.text import Text, first_line, in_language, versions
from commentmatrix.revision import Outcome, RevisedText, Revision, Segment
from commentmatrix.terminal.text import ScriptText as RichText  # wraps at the words of each script
from commentmatrix.terminal.text import for_console
from commentmatrix.worddiff import refine_replacements, word_diff

MAX_SECTION_PARAGRAPHS = 6
_DECISION_STYLE = {"accepted": "bold green", "partially": "bold green", "rejected": "bold red", "noted": "bold cyan"}


def comment_view(project: Project, ref: CommentRef, revision: Revision | None, plain: bool) -> Group:
    comment, langs = ref.comment, project.languages
    parts: list[RenderableType] = [_header(project, ref)]
    parts += [*_heading("Target"), _indent(_target(project, ref, langs), 2)]
    parts += [*_heading("Comment"), _indent(_text_grid(comment.text, langs), 2)]
    if comment.proposal:
        parts += [*_heading("Proposal"), _indent(_edits(comment.proposal, comment.target, langs, plain), 2)]
    parts += [*_heading("Response"), _indent(_response(project, ref, langs, plain), 2)]
    title, effect = _effect(project, ref, revision, langs, plain)
    parts += [*_heading(title), _indent(effect, 2)]
    return Group(*parts)


def print_comment(console: Console, project: Project, ref: CommentRef, revision: Revision | None) -> None:
    plain = console.color_system is None
    _print(console, comment_view(project, ref, revision, plain=plain), plain)


def print_edit_preview(console: Console, project: Project, comment_id: str, revision: Revision, proposed: bool) -> None:
    """The texts a comment's edits change, as word diffs: what `cm respond`/`cm add` are about to write."""
    plain = console.color_system is None
    title = f"{comment_id}: if accepted as proposed" if proposed else f"{comment_id}: the edits"
    view = Group(RichText(title, style="bold underline"), _indent(_outcomes(revision, comment_id, project.languages, plain), 2))
    _print(console, view, plain)


def _print(console: Console, renderable: RenderableType, plain: bool) -> None:
    view = for_console(console, renderable)
    if not plain:
        console.print(view)
        return
    with console.capture() as captured:  # in a pipe: no padding spaces at line ends
        console.print(view)
    console.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


# ---------------------------------------------------------------- pieces

def _header(project: Project, ref: CommentRef) -> RichText:
    stakeholder = project.stakeholders_by_id.get(ref.stakeholder)
    name = first_line(stakeholder.name, project.languages) if stakeholder else ref.stakeholder
    line = RichText(one_line(ref.id), style="bold")
    line.append(one_line(f" · {name} ({ref.stakeholder})"))
    if ref.comment.topic:
        line.append(one_line(f" · {ref.comment.topic}"))
    decision = ref.comment.decision
    line.append(" · ")
    line.append(one_line(decision or "open"), style=_DECISION_STYLE.get(decision or "", "bold yellow"))
    line.append("\n" + one_line(f"{ref.path}:{ref.position()[0]}"), style="dim")
    return line


def _indent(renderable: RenderableType, columns: int) -> Padding:
    return Padding(renderable, (0, 0, 0, columns), expand=False)


def _heading(title: str) -> list[RenderableType]:
    return [RichText(""), RichText(title, style="bold underline")]


def _text_grid(text: Text | None, langs: list[str], marked: dict[str, RichText] | None = None) -> Table:
    rows = list(marked.items()) if marked else [(lang, RichText(version)) for lang, version in versions(text, langs)]
    grid = Table.grid(padding=(0, 1))
    # A text in no named language (a plain string) has no language column: it would only push
    # the text one column right of the others.
    labelled = any(lang for lang, _ in rows)
    if labelled:
        grid.add_column(no_wrap=True, style="dim")
    grid.add_column(overflow="fold")
    for lang, value in rows:
        grid.add_row(*([lang or ""] if labelled else []), value)
    return grid


def _own_draft(project: Project, ref: CommentRef) -> Draft | None:
    """The draft the comment was made on: its round's, not the one under consultation now."""
    draft_id = project.draft_id_of(ref.source)
    source = project.drafts_by_id.get(draft_id) if draft_id else None
    return source.draft if source is not None else None


def _target(project: Project, ref: CommentRef, langs: list[str]) -> RenderableType:
    target = ref.comment.target
    if target == GENERAL:
        return RichText("general: the whole draft", style="italic")
    draft = _own_draft(project, ref)
    if draft is None:
        return RichText(target)
    place = project.places(draft.id).get(target)
    if place is None:
        return RichText(f"{target} (not in draft {draft.id})", style="red")
    section = place.section
    trail = " › ".join(f"{s.number} {in_language(s.title, langs[0], langs) or ''}".strip() for s in (*place.parents, section))
    if place.paragraph is not None:
        return Group(RichText(f"{trail} › {target}", style="bold"), _text_grid(place.paragraph.text, langs))
    rows: list[RenderableType] = [RichText(f"{trail}  [{target}]", style="bold")]
    for paragraph in section.paragraphs[:MAX_SECTION_PARAGRAPHS]:
        rows += [RichText(paragraph.id, style="dim"), _indent(_text_grid(paragraph.text, langs), 2)]
    hidden = len(section.paragraphs) - MAX_SECTION_PARAGRAPHS
    if hidden > 0:
        rows.append(RichText(f"… {hidden} more paragraph(s)", style="dim"))
    if not section.paragraphs:
        rows.append(RichText("(no text of its own)", style="dim"))
    return Group(*rows)


def _edits(edits: list[Edit], target: str, langs: list[str], plain: bool) -> Group:
    rows: list[RenderableType] = []
    for number, edit in enumerate(edits, 1):
        rows.append(RichText(f"{number}. {describe_edit(edit, target)}", style="bold"))
        if isinstance(edit, ReplaceEdit):
            rows.append(_indent(marked(word_diff(edit.replace, edit.with_, edit.lang), plain), 3))
        elif isinstance(edit, InsertEdit):
            rows.append(_indent(_text_grid(edit.insert, langs), 3))
        elif isinstance(edit, InsertSectionEdit):
            rows.append(_indent(_text_grid(edit.insert_section.title, langs), 3))
    return Group(*rows)


def describe_edit(edit: Edit, target: str) -> str:
    if isinstance(edit, ReplaceEdit):
        lang = f" ({edit.lang})" if edit.lang else ""
        return f"replace in {edit.in_ or target}{lang}"
    if isinstance(edit, InsertEdit):
        place = f"after {edit.after}" if edit.after else f"at the end of {edit.at}"
        return f"new paragraph {edit.id}, {place}"
    if isinstance(edit, DeleteEdit):
        return f"delete paragraph {edit.delete}"
    assert isinstance(edit, InsertSectionEdit)
    return f"new section {edit.insert_section.number} [{edit.insert_section.id}], after {edit.after}"


def _response(project: Project, ref: CommentRef, langs: list[str], plain: bool) -> RenderableType:
    from commentmatrix.groups import lead_of

    lead = lead_of(project, ref.comment)
    # A grouped comment is answered by its lead's response: that is the one shown, and named.
    response = lead.comment.response if lead is not None else ref.comment.response
    answered_by = [RichText(f"answered with {lead.id}, the lead of its group", style="dim")] if lead is not None else []
    if ref.comment.withdrawn is not None and (response is None or response.decision is None):
        when = "" if ref.comment.withdrawn is True else f" on {ref.comment.withdrawn.isoformat()}"
        return Group(*answered_by, RichText(f"withdrawn by the stakeholder{when}: needs no decision", style="magenta"))
    if response is None or response.decision is None:
        return Group(*answered_by, RichText("open: no decision yet", style="yellow"))
    line = RichText(response.decision, style=_DECISION_STYLE.get(response.decision, ""))
    if response.by:
        line.append(f" by {response.by}")
    if response.date:
        line.append(f" on {response.date.isoformat()}")
    rows: list[RenderableType] = [*answered_by, line]
    if response.note:
        rows.append(_text_grid(response.note, langs))
    if response.edits:
        rows += [RichText("edits:"), _indent(_edits(response.edits, ref.comment.target, langs, plain), 2)]
    if response.internal_note:
        # cm show is the secretariat's own view: its internal note is shown, marked as such.
        rows += [RichText("internal note (never published):", style="dim"), _indent(_text_grid(response.internal_note, langs), 2)]
    if ref.comment.withdrawn is not None:
        when = "" if ref.comment.withdrawn is True else f" on {ref.comment.withdrawn.isoformat()}"
        rows.append(RichText(f"withdrawn by the stakeholder{when}, after the decision", style="magenta"))
    return Group(*rows)


def _effect(project: Project, ref: CommentRef, revision: Revision | None, langs: list[str], plain: bool) -> tuple[str, RenderableType]:
    comment = ref.comment
    if comment.decision is None:
        draft = _own_draft(project, ref)
        if not comment.proposal or draft is None:
            return "Effect", RichText("none yet: the comment is open and proposes no edit", style="dim")
        requests = [replace(r, apply=r.path[:1] == ("proposal",)) for r in requests_for(comment, ref.stakeholder)]
        preview = apply_edits(draft, requests)
        return "If accepted as proposed", _outcomes(preview, ref.id, langs, plain)
    if revision is None:
        return "Effect", RichText("the draft could not be read", style="red")
    return "Effect on the revised draft", _outcomes(revision, ref.id, langs, plain)


def _outcomes(revision: Revision, comment_id: str, langs: list[str], plain: bool) -> RenderableType:
    mine = [o for o in revision.outcomes if o.request.comment_id == comment_id]
    rows: list[RenderableType] = []
    texts = {text_id: text for section, _ in revision.walk() for text_id, text in _texts(section)}
    shown: set[str] = set()
    for outcome in mine:
        if not outcome.ok:
            rows.append(RichText(_problem(outcome), style="red"))
        elif outcome.applied and outcome.where and outcome.where not in shown and outcome.where in texts:
            shown.add(outcome.where)
            rows += [RichText(outcome.where, style="bold"),
                     _indent(_text_grid(None, langs, _marked_text(texts[outcome.where], comment_id, langs, plain)), 2)]
    if not rows:
        decision = next((o.request for o in mine), None)
        reason = "its edits are only checked, not applied" if decision else "no edits to apply"
        return RichText(f"changes nothing: {reason}", style="dim")
    return Group(*rows)


def _texts(section) -> list[tuple[str, RevisedText]]:
    return [(section.id, section.title), *((p.id, p.text) for p in section.paragraphs)]


def _problem(outcome: Outcome) -> str:
    message = outcome.message or "the edit does not apply"
    return message + (f" (hint: {outcome.hint})" if outcome.hint else "")


def _marked_text(text: RevisedText, comment_id: str, langs: list[str], plain: bool) -> dict[str, RichText]:
    found: dict[str, RichText] = {}
    ordered = [lang for lang in langs if lang in text.languages] + [lang for lang in text.languages if lang not in langs]
    for lang in ordered:
        pieces: list[Segment] = []
        for segment in text.segments(lang):
            if segment.by == comment_id or segment.op == "keep":
                pieces.append(segment)
            elif segment.op == "insert":  # another comment's change: show its result as plain text
                pieces.append(Segment(segment.text, "keep"))
        found[lang] = marked(refine_replacements(pieces, lang or None), plain)
    return found


def marked(segments: list[Segment], plain: bool) -> RichText:
    line = RichText()
    for segment in segments:
        if segment.op == "keep":
            line.append(segment.text)
        elif plain:
            line.append(f"[-{segment.text}-]" if segment.op == "delete" else f"{{+{segment.text}+}}")
        else:
            line.append(segment.text, style="red strike" if segment.op == "delete" else "bold green")
    return line
