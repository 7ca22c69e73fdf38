"""`cm add --edit`: the YAML snippet a secretariat writes a long comment in, and back.

The snippet shows the target's text as `#` comments for reference; what comes back is read as
a NewComment, with every problem said in words (the snippet is the user's own text).
"""

from __future__ import annotations

from typing import Any

from commentmatrix.model.project import Project
from commentmatrix.write import yaml_edit
from commentmatrix.write.project_edits import NewComment
from commentmatrix.write.transaction import EditRefused

_SNIPPET_KEYS = ("target", "topic", "text", "proposal")


def snippet_for(project: Project, stakeholder: str, target: str, text: str | None, lang: str | None,
                topic: str | None, proposal: list[dict[str, Any]]) -> str:
    """A YAML snippet to write a comment in: the fields, and the target's text as a reminder."""
    from commentmatrix.model.text import versions

    lines = [f"# New comment from {stakeholder} on {target}. Lines starting with # are left out.",
             "# Save and close the editor to add it; leave the text empty to add nothing."]
    for text_id, value in _target_texts(project, target):
        lines += ["#", f"# {text_id} now reads:"]
        for code, string in versions(value, project.languages):
            lines.extend(f"#   {code + ': ' if code else ''}{part}" for part in string.splitlines() or [""])
    body = yaml_edit.mapping({"target": target, "topic": topic or ""})
    languages = [lang] if lang else project.languages
    if len(languages) == 1:
        body["text"] = yaml_edit.literal(text or "")
    else:
        body["text"] = yaml_edit.mapping({code: yaml_edit.literal(text or "" if index == 0 else "")
                                         for index, code in enumerate(languages)})
    body["proposal"] = yaml_edit.block(proposal)
    return "\n".join(lines) + "\n" + yaml_edit.new_file(body).decode("utf-8")


def _target_texts(project: Project, target: str) -> list[tuple[str, Any]]:
    place = project.places().get(target)
    if place is None:
        return []
    if place.paragraph is not None:
        return [(place.paragraph.id, place.paragraph.text)]
    return [(p.id, p.text) for p in place.section.paragraphs][:6] or [(place.section.id, place.section.title)]


def comment_from_snippet(written: str, stakeholder: str, comment_id: str | None) -> NewComment:
    from commentmatrix.read.yaml_reader import read_text

    doc, problems = read_text(written, "snippet")
    if doc is None:
        problem = problems[0]
        raise EditRefused(f"the comment is not valid YAML (line {problem.line}: {problem.message})")
    data = doc.data or {}
    if not isinstance(data, dict):
        raise EditRefused("the comment must be a mapping of target, topic, text and proposal")
    unknown = [key for key in data if key not in _SNIPPET_KEYS]
    if unknown:
        raise EditRefused(f"unknown field '{unknown[0]}' (the fields are {', '.join(_SNIPPET_KEYS)})")
    text = data.get("text")
    if isinstance(text, dict):
        text = {code: value.rstrip("\n") for code, value in text.items() if isinstance(value, str) and value.strip()}
    elif isinstance(text, str):
        text = text.rstrip("\n")
    if not text:
        raise EditRefused("the comment's text is empty")
    target = data.get("target")
    if not isinstance(target, str) or not target:
        raise EditRefused("the comment needs a target")
    topic = data.get("topic") or None
    proposal = data.get("proposal") or []
    if not isinstance(proposal, list):
        raise EditRefused("the proposal must be a list of edits")
    return NewComment(stakeholder, target, text, None, str(topic) if topic else None, proposal, comment_id)
