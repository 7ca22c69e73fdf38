"""A draft as a YAML file in the house style: the one writer for every draft cm makes, the
revised draft of a round (`cm render draft --format yaml`) and a draft read from Word
(`cm import draft`).

Block style, keys in the order people read them (id, number, title, paragraphs, sections; id,
kind, text), numbers and versions double-quoted so "5.10" stays a string, languages in the
project's order, and text written so that it loads back exactly as given: a text of several
lines as a literal block (its chomping indicator keeping a final newline or its absence), one
with spaces at a line's end or start quoted instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from commentmatrix.model.text import UNTAGGED
from commentmatrix.write import yaml_edit


@dataclass(frozen=True)
class ParagraphEntry:
    id: str
    text: Mapping[str, str]  # by language; UNTAGGED alone for a text in no particular language
    kind: str | None = None
    note: str | None = None  # a `#` comment after the id, such as "revised by LAO-4"


@dataclass(frozen=True)
class SectionEntry:
    id: str
    number: str
    title: Mapping[str, str]
    paragraphs: Sequence[ParagraphEntry] = ()
    sections: Sequence[SectionEntry] = ()
    note: str | None = None
    empty_paragraphs: bool = False  # write `paragraphs: []` for a section with none


@dataclass(frozen=True)
class DraftEntry:
    id: str
    title: Mapping[str, str]
    version: str
    sections: Sequence[SectionEntry]
    header: str  # the `#` lines at the top: where the file came from
    languages: Sequence[str] = field(default_factory=tuple)  # the order of the languages; others after


def draft_file(draft: DraftEntry) -> bytes:
    order = {code: index for index, code in enumerate(draft.languages)}
    document = yaml_edit.mapping({"id": draft.id, "title": _text(draft.title, order),
                                 "version": yaml_edit.quoted(draft.version)})
    document["sections"] = _sections(draft.sections, order)
    yaml_edit.header(document, draft.header)
    return yaml_edit.new_file(document)


def _sections(sections: Sequence[SectionEntry], order: dict[str, int]) -> Any:
    found = yaml_edit.sequence([])
    for section in sections:
        entry = yaml_edit.mapping({"id": section.id, "number": yaml_edit.quoted(section.number),
                                  "title": _text(section.title, order)})
        if section.note:
            yaml_edit.note_after(entry, "id", section.note)
        paragraphs = yaml_edit.sequence([])
        for paragraph in section.paragraphs:
            item = yaml_edit.mapping({"id": paragraph.id, **({"kind": paragraph.kind} if paragraph.kind else {}),
                                     "text": _text(paragraph.text, order)})
            if paragraph.note:
                yaml_edit.note_after(item, "id", paragraph.note)
            paragraphs.append(item)
        if paragraphs or section.empty_paragraphs:
            entry["paragraphs"] = paragraphs
        if section.sections:
            entry["sections"] = _sections(section.sections, order)
        found.append(entry)
    return found


def _text(text: Mapping[str, str], order: dict[str, int]) -> Any:
    if set(text) == {UNTAGGED}:
        return _scalar(text[UNTAGGED])
    ordered = sorted(((code, value) for code, value in text.items() if code != UNTAGGED),
                     key=lambda item: order.get(item[0], len(order)))
    return yaml_edit.mapping({code: _scalar(value) for code, value in ordered})


def _scalar(value: str) -> Any:
    # A literal block keeps line breaks readable; it cannot hold spaces at the end of a line or a
    # text starting with a space in a way every reader agrees on: those stay quoted.
    lines = value.split("\n")
    if len(lines) > 1 and value.strip() and all(line == line.rstrip() for line in lines) and not value[0].isspace():
        return yaml_edit.exact_literal(value)
    return value
