"""The revised draft as a new draft file: the base of the next consultation round.

Block style, keys in the order people read them (id, number, title, paragraphs, sections;
id, kind, text), numbers and versions double-quoted so "5.10" stays a string, multi-line
text as literal blocks. A paragraph that a comment changed carries a `# revised: ID` note.
Loading the file with the project loader gives back exactly `Revision.to_draft()`.
"""

from __future__ import annotations

import textwrap
from typing import Any

from commentmatrix.model.text import as_mapping, from_mapping
from commentmatrix.revision import RevisedSection, RevisedText, Revision
from commentmatrix.views.draft import natural_key
from commentmatrix.write import yaml_edit


def render_yaml(revision: Revision, draft_id: str, version: str) -> bytes:
    draft = revision.to_draft(draft_id, version)
    document = yaml_edit.mapping({"id": draft.id, "title": _text(draft.title),
                                 "version": yaml_edit.quoted(draft.version)})
    document["sections"] = _sections(revision.sections)
    applied = sorted({o.request.comment_id for o in revision.applied}, key=natural_key)
    header = [f"Draft {draft.id}, version {draft.version}: draft {revision.draft.id} (version {revision.draft.version})",
              f"with the decided edits of {len(applied)} comment{'s' if len(applied) != 1 else ''} applied."]
    header += textwrap.wrap("Comments: " + ", ".join(applied), 96) if applied else []
    header.append("Written by `cm render draft --format yaml`.")
    yaml_edit.header(document, "\n".join(header))
    return yaml_edit.new_file(document)


def _sections(sections: list[RevisedSection]) -> Any:
    found = yaml_edit.sequence([])
    for section in sections:
        entry = yaml_edit.mapping({"id": section.id, "number": yaml_edit.quoted(section.number),
                                  "title": _text(section.title.revised())})
        if section.title.changed:
            yaml_edit.note_after(entry, "id", _note(section.title))
        paragraphs = yaml_edit.sequence([])
        for paragraph in section.paragraphs:
            if paragraph.deleted_by:
                continue
            item = yaml_edit.mapping({"id": paragraph.id, **({"kind": paragraph.kind} if paragraph.kind else {}),
                                     "text": _text(paragraph.text.revised())})
            if paragraph.text.changed:
                yaml_edit.note_after(item, "id", _note(paragraph.text))
            paragraphs.append(item)
        if paragraphs:
            entry["paragraphs"] = paragraphs
        if section.sections:
            entry["sections"] = _sections(section.sections)
        found.append(entry)
    return found


def _note(text: RevisedText) -> str:
    return ("added by " if text.inserted_by else "revised by ") + ", ".join(text.changed_by())



def _text(text):
    mapping = {lang: _scalar(value) for lang, value in as_mapping(text).items()}
    value = from_mapping(mapping)
    return yaml_edit.mapping(value) if isinstance(value, dict) else value


def _scalar(value: str):
    # A literal block keeps line breaks readable, but cannot hold trailing spaces on a line
    # or a text that ends without a newline in a way every reader agrees on: quote those.
    lines = value.split("\n")
    if len(lines) > 1 and value.strip() and all(line == line.rstrip() for line in lines) and not value[0].isspace():
        return yaml_edit.literal(value)
    return value
