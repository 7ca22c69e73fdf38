"""The revised draft as a new draft file: the base of the next consultation round.

Block style, keys in the order people read them (id, number, title, paragraphs, sections;
id, kind, text), numbers and versions double-quoted so "5.10" stays a string, multi-line
text as literal blocks. A paragraph that a comment changed carries a `# revised: ID` note.
Loading the file with the project loader gives back exactly `Revision.to_draft()`.
"""

from __future__ import annotations

import io
import textwrap

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from commentmatrix.draft_view import natural_key
from commentmatrix.edits import RevisedSection, RevisedText, Revision
from commentmatrix.text import as_mapping, from_mapping


def render_yaml(revision: Revision, draft_id: str, version: str) -> bytes:
    draft = revision.to_draft(draft_id, version)
    document = CommentedMap()
    document["id"] = draft.id
    document["title"] = _text(draft.title)
    document["version"] = DoubleQuotedScalarString(draft.version)
    document["sections"] = _sections(revision.sections)
    applied = sorted({o.request.comment_id for o in revision.applied}, key=natural_key)
    header = [f"Draft {draft.id}, version {draft.version}: draft {revision.draft.id} (version {revision.draft.version})",
              f"with the decided edits of {len(applied)} comment{'s' if len(applied) != 1 else ''} applied."]
    header += textwrap.wrap("Comments: " + ", ".join(applied), 96) if applied else []
    header.append("Written by `cm render draft --format yaml`.")
    document.yaml_set_start_comment("\n".join(header))
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue().encode("utf-8")


def _sections(sections: list[RevisedSection]) -> CommentedSeq:
    found = CommentedSeq()
    for section in sections:
        entry = CommentedMap()
        entry["id"] = section.id
        entry["number"] = DoubleQuotedScalarString(section.number)
        entry["title"] = _text(section.title.revised())
        if section.title.changed:
            entry.yaml_add_eol_comment(_note(section.title), "id")
        paragraphs = CommentedSeq()
        for paragraph in section.paragraphs:
            if paragraph.deleted_by:
                continue
            item = CommentedMap()
            item["id"] = paragraph.id
            if paragraph.kind:
                item["kind"] = paragraph.kind
            item["text"] = _text(paragraph.text.revised())
            if paragraph.text.changed:
                item.yaml_add_eol_comment(_note(paragraph.text), "id")
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
    if isinstance(value, dict):
        block = CommentedMap()
        block.update(value)
        return block
    return value


def _scalar(value: str):
    # A literal block keeps line breaks readable, but cannot hold trailing spaces on a line
    # or a text that ends without a newline in a way every reader agrees on: quote those.
    lines = value.split("\n")
    if len(lines) > 1 and value.strip() and all(line == line.rstrip() for line in lines) and not value[0].isspace():
        return LiteralScalarString(value)
    return value
