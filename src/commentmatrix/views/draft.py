"""The revised draft as a flat list of blocks, ready for any writer (DOCX, Markdown).

Built from a Revision only: every piece of text carries the op (keep/insert/delete) and the
comment the engine attributed it to. In clean mode the pieces are the revised text and deleted
blocks are gone; in tracked mode they are the engine's segments, a replaced span refined to the words that
changed (worddiff.refine_replacements).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

from commentmatrix.model.project import CommentRef, Project
from commentmatrix.model.text import UNTAGGED, in_language, versions
from commentmatrix.revision import RevisedText, Revision, Segment
from commentmatrix.views.audience import DEFAULT_AUDIENCE, for_audience
from commentmatrix.views.labels import word
from commentmatrix.worddiff import refine_replacements

BlockKind = Literal["heading", "paragraph", "item"]
#: The `by` of a change whose comment the audience does not see (an internal one): not an id, so
#: no comment can be named so.
SECRETARIAT = "(secretariat)"


@dataclass(frozen=True)
class Attribution:
    """Who a change is credited to: the comment, its stakeholder, and the day it was decided."""

    comment_id: str
    stakeholder: str
    name: str
    author: str
    date: dt.date | None


@dataclass(frozen=True)
class Version:
    """One language of a text (lang None for an untagged text), as pieces."""

    lang: str | None
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        """The text after the changes."""
        return "".join(s.text for s in self.segments if s.op != "delete")


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    id: str
    versions: tuple[Version, ...]
    level: int = 0
    number: str = ""
    inserted_by: str | None = None
    deleted_by: str | None = None

    @property
    def op(self) -> Literal["keep", "insert", "delete"]:
        return "insert" if self.inserted_by else "delete" if self.deleted_by else "keep"

    @property
    def by(self) -> str | None:
        return self.inserted_by or self.deleted_by


@dataclass
class DraftView:
    draft_id: str
    version: str
    title: list[tuple[str | None, str]]
    languages: list[str]
    tracked: bool
    blocks: list[Block] = field(default_factory=list)
    attributions: dict[str, Attribution] = field(default_factory=dict)

    def sections(self) -> Iterator[tuple[Block | None, list[Block]]]:
        """(heading, the paragraphs under it up to the next heading), in document order."""
        heading: Block | None = None
        body: list[Block] = []
        for block in self.blocks:
            if block.kind == "heading":
                if heading is not None or body:
                    yield heading, body
                heading, body = block, []
            else:
                body.append(block)
        if heading is not None or body:
            yield heading, body

    def columns(self) -> list[str]:
        """Languages that some text is written in, in requested order: a side-by-side table's columns."""
        present = {v.lang for b in self.blocks for v in b.versions if v.lang}
        return [lang for lang in self.languages if lang in present]


def build_draft_view(project: Project, revision: Revision, languages: Iterable[str], tracked: bool,
                     audience: str = DEFAULT_AUDIENCE) -> DraftView:
    """The revised text is every audience's; the credits of the changes are what `audience` may see:
    a change by a comment it does not see is the secretariat's."""
    project = for_audience(project, audience)
    langs = list(languages)
    view = DraftView(draft_id=revision.draft.id, version=revision.draft.version,
                     title=versions(revision.draft.title, langs), languages=langs, tracked=tracked)
    for section, depth in revision.walk():
        _add(view, Block("heading", section.id, _versions(section.title, langs, tracked), level=depth + 1,
                         number=section.number, inserted_by=section.title.inserted_by))
        for paragraph in section.paragraphs:
            if paragraph.deleted_by and not tracked:
                continue
            kind: BlockKind = "item" if paragraph.kind == "item" else "paragraph"
            _add(view, Block(kind, paragraph.id, _versions(paragraph.text, langs, tracked),
                             inserted_by=paragraph.inserted_by, deleted_by=paragraph.deleted_by))
    if tracked:
        view.blocks[:] = [_credited(block, project) for block in view.blocks]
        for comment_id in sorted({s.by for b in view.blocks for v in b.versions for s in v.segments if s.by}, key=natural_key):
            view.attributions[comment_id] = attribution(project, comment_id)
    return view


def _add(view: DraftView, block: Block) -> None:
    if not view.tracked:
        block = Block(block.kind, block.id, block.versions, block.level, block.number)
    view.blocks.append(block)


def _credited(block: Block, project: Project) -> Block:
    """The block with every change by a comment `project` does not hold credited to SECRETARIAT."""
    def credit(by: str | None) -> str | None:
        return by if by is None or by in project.comments_by_id else SECRETARIAT

    found = tuple(Version(v.lang, tuple(replace(s, by=credit(s.by)) for s in v.segments)) for v in block.versions)
    return replace(block, versions=found, inserted_by=credit(block.inserted_by), deleted_by=credit(block.deleted_by))


def attribution(project: Project, comment_id: str) -> Attribution:
    """The author line and date of a comment's changes: "Lao PDR (LAO-4)", the response's date,
    else the day the comment file was received, else the deadline of the comment's round."""
    if comment_id == SECRETARIAT:
        credit = word("secretariat", project.primary_language)
        return Attribution(comment_id, "", credit, credit, None)
    ref = project.comments_by_id.get(comment_id)
    if ref is None:
        return Attribution(comment_id, "", comment_id, comment_id, None)
    stakeholder = project.stakeholders_by_id.get(ref.stakeholder)
    primary = project.primary_language or ""
    name = in_language(stakeholder.name, primary, project.languages) if stakeholder else None
    response = ref.comment.response
    date = (response.date if response else None) or ref.source.file.received or _deadline_of(project, ref)
    name = name or ref.stakeholder
    return Attribution(comment_id, ref.stakeholder, name, f"{name} ({comment_id})", date)


def _deadline_of(project: Project, ref: CommentRef) -> dt.date | None:
    round_id = project.comment_round(ref)
    if project.config is None or round_id is None:
        return None
    return project.round(round_id).deadline


def natural_key(comment_id: str) -> list[tuple[int, int, str]]:
    """LAO-2 before LAO-10."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", comment_id)]


def _versions(text: RevisedText, langs: list[str], tracked: bool) -> tuple[Version, ...]:
    found = []
    for lang in _languages_shown(text, langs):
        segments = text.segments(lang)
        if not tracked:
            segments = [Segment("".join(s.text for s in segments if s.op != "delete"), "keep")]
        else:
            # The engine replaces the whole old text a proposal quoted, often more than it
            # changes (quoted to be unique); the tracked draft marks only the words that changed.
            segments = refine_replacements(segments, None if lang == UNTAGGED else lang)
        found.append(Version(None if lang == UNTAGGED else lang, tuple(segments)))
    return tuple(found)


def _languages_shown(text: RevisedText, langs: list[str]) -> list[str]:
    """As text.versions: the requested languages the text has, else all it has; never nothing."""
    have = text.languages
    if UNTAGGED in have:
        return [UNTAGGED]
    wanted = [lang for lang in langs if lang in have]
    return wanted or have
