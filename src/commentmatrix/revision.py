"""What the edit engine produces: requests, their outcomes, and the draft as revised.

These are plain values. The engine (engine.py) builds them; validation, `cm status`, `cm show`,
the matrix views, the revised draft and `cm diff` only read them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from commentmatrix.model.format import (
    DeleteEdit,
    Draft,
    Edit,
    InsertEdit,
    Paragraph,
    ReplaceEdit,
    Section,
)
from commentmatrix.model.suggestions import KnownNames
from commentmatrix.model.text import Text, as_mapping, from_mapping, nfc

SegmentOp = Literal["keep", "insert", "delete"]
EditKind = Literal["replace", "insert", "delete", "insert_section"]


def edit_kind(edit: Edit) -> EditKind:
    if isinstance(edit, ReplaceEdit):
        return "replace"
    if isinstance(edit, InsertEdit):
        return "insert"
    if isinstance(edit, DeleteEdit):
        return "delete"
    return "insert_section"


# ---------------------------------------------------------------- requests and outcomes

@dataclass(frozen=True, slots=True)
class EditRequest:
    """One edit of one comment, with what the engine needs to place and attribute it.

    `path` is where the edit sits in its comment file (for error positions); `origin` is the
    caller's handle on that file. The engine reads neither.
    """

    comment_id: str
    stakeholder: str
    target: str
    edit: Edit
    apply: bool
    date: dt.date | None = None
    path: tuple[str | int, ...] = ()
    origin: Any = field(default=None, compare=False, repr=False)

    @property
    def kind(self) -> EditKind:
        return edit_kind(self.edit)


Status = Literal["applied", "checked", "failed", "conflict"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one request. `field` names the key of the edit a problem is about."""

    request: EditRequest
    status: Status
    where: str | None = None
    lang: str | None = None
    span: tuple[int, int] | None = None
    rule: str | None = None
    message: str | None = None
    hint: str | None = None
    field: str | None = None
    conflicts_with: str | None = None

    @property
    def applied(self) -> bool:
        return self.status == "applied"

    @property
    def ok(self) -> bool:
        return self.status in ("applied", "checked")


# ---------------------------------------------------------------- the revised draft

@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of revised text: kept from the draft, deleted from it, or inserted by a comment."""

    text: str
    op: SegmentOp
    by: str | None = None


@dataclass(frozen=True, order=True, slots=True)
class Replacement:
    start: int
    end: int
    new: str
    by: str


@dataclass
class RevisedText:
    """One text (a paragraph's, or a section title) with the changes made to it."""

    base: dict[str, str]
    inserted_by: str | None = None
    deleted_by: str | None = None
    replacements: dict[str, list[Replacement]] = field(default_factory=dict)

    @classmethod
    def of(cls, text: Text, inserted_by: str | None = None) -> RevisedText:
        return cls({lang: nfc(value) for lang, value in as_mapping(text).items()}, inserted_by=inserted_by)

    @property
    def languages(self) -> list[str]:
        return list(self.base)

    @property
    def changed(self) -> bool:
        return bool(self.inserted_by or self.deleted_by or any(self.replacements.values()))

    def changed_by(self) -> list[str]:
        """Ids of the comments that changed this text, in first-change order."""
        found = [self.inserted_by, self.deleted_by]
        for reps in self.replacements.values():
            found.extend(r.by for r in sorted(reps))
        return list(dict.fromkeys(c for c in found if c))

    def languages_changed_by(self, comment_id: str) -> list[str]:
        """The languages of this text a comment's applied edits changed, in the text's order: every
        one for the comment that inserted or deleted it, else those it replaced words in."""
        if comment_id in (self.inserted_by, self.deleted_by):
            return self.languages
        return [lang for lang in self.base if any(r.by == comment_id for r in self.replacements.get(lang, ()))]

    def segments(self, lang: str) -> list[Segment]:
        base = self.base.get(lang)
        if base is None:
            return []
        pieces: list[Segment] = []
        position = 0
        for rep in sorted(self.replacements.get(lang, [])):
            if rep.start > position:
                pieces.append(Segment(base[position:rep.start], "keep"))
            pieces.append(Segment(base[rep.start:rep.end], "delete", rep.by))
            if rep.new:
                pieces.append(Segment(rep.new, "insert", rep.by))
            position = rep.end
        if position < len(base) or not pieces:
            pieces.append(Segment(base[position:], "keep"))
        if self.inserted_by:
            # The draft never had this text: what was "kept" is the inserting comment's text.
            pieces = [Segment(p.text, "insert", p.by if p.op == "insert" else self.inserted_by)
                      for p in pieces if p.op != "delete"]
        elif self.deleted_by:
            pieces = [Segment(p.text, "delete", self.deleted_by) for p in pieces if p.op != "insert"]
        return [p for p in pieces if p.text or (p.op == "keep" and len(pieces) == 1)]

    def revised(self) -> Text | None:
        """The text after the edits, or None when it was deleted."""
        if self.deleted_by:
            return None
        return from_mapping({lang: "".join(s.text for s in self.segments(lang) if s.op != "delete")
                             for lang in self.base})

    def original(self) -> Text | None:
        """The text as drafted, or None when an edit inserted it."""
        if self.inserted_by:
            return None
        return from_mapping(dict(self.base))


@dataclass
class RevisedParagraph:
    id: str
    kind: Literal["item"] | None
    text: RevisedText

    @property
    def inserted_by(self) -> str | None:
        return self.text.inserted_by

    @property
    def deleted_by(self) -> str | None:
        return self.text.deleted_by


@dataclass
class RevisedSection:
    id: str
    number: str
    title: RevisedText
    paragraphs: list[RevisedParagraph] = field(default_factory=list)
    sections: list[RevisedSection] = field(default_factory=list)

    @property
    def inserted_by(self) -> str | None:
        return self.title.inserted_by

    def texts(self) -> Iterator[tuple[str, RevisedText]]:
        """(id, text) for the title and every paragraph of this section and its subsections."""
        yield self.id, self.title
        for paragraph in self.paragraphs:
            yield paragraph.id, paragraph.text
        for section in self.sections:
            yield from section.texts()


@dataclass
class Revision:
    """A draft with a set of edits applied, and the outcome of every edit requested."""

    draft: Draft
    sections: list[RevisedSection]
    outcomes: list[Outcome]
    # Every section and paragraph id the revised draft holds, with the hints the engine found
    # for its failed edits: the comment rules ask again for many of the same (a comment's target
    # is its replace's place).
    place_names: KnownNames = field(default_factory=KnownNames, compare=False, repr=False)

    def walk(self) -> Iterator[tuple[RevisedSection, int]]:
        """Every section in document order, with its depth (0 for top level)."""
        def visit(sections: list[RevisedSection], depth: int) -> Iterator[tuple[RevisedSection, int]]:
            for section in sections:
                yield section, depth
                yield from visit(section.sections, depth + 1)
        yield from visit(self.sections, 0)

    def paragraphs(self) -> Iterator[tuple[RevisedSection, RevisedParagraph]]:
        for section, _ in self.walk():
            for paragraph in section.paragraphs:
                yield section, paragraph

    def changed_texts(self) -> Iterator[tuple[RevisedSection, str, RevisedText]]:
        """(section, paragraph or section id, text) for every text an applied edit changed."""
        for section, _ in self.walk():
            if section.title.changed:
                yield section, section.id, section.title
            for paragraph in section.paragraphs:
                if paragraph.text.changed:
                    yield section, paragraph.id, paragraph.text

    @property
    def applied(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.applied]

    def to_draft(self, draft_id: str | None = None, version: str | None = None) -> Draft:
        """The revised text as a new draft, the base of the next consultation round."""
        def section(revised: RevisedSection) -> Section:
            return Section(
                id=revised.id, number=revised.number, title=revised.title.revised(),
                paragraphs=[Paragraph(id=p.id, text=p.text.revised(), kind=p.kind)
                            for p in revised.paragraphs if not p.deleted_by],
                sections=[section(s) for s in revised.sections])
        return Draft(id=draft_id or self.draft.id, title=self.draft.title,
                     version=version or self.draft.version, sections=[section(s) for s in self.sections])
