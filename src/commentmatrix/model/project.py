"""The one model of a project that every command reads.

Files that failed to load are absent here; their problems are in `load_problems`, so the rest
of the project can still be checked and reported on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from commentmatrix.model.diagnostics import Diagnostic
from commentmatrix.model.errors import UnknownName
from commentmatrix.model.format import (
    Comment,
    CommentFile,
    Draft,
    Paragraph,
    ProjectConfig,
    Round,
    Section,
    Stakeholder,
)
from commentmatrix.model.positions import SourceDocument
from commentmatrix.model.suggestions import did_you_mean, did_you_mean_language

CONFIG_NAME = "cm.yaml"
DRAFTS_DIR = "drafts"
COMMENTS_DIR = "comments"
TEMPLATES_DIR = "templates"
BUILD_DIR = "build"


def is_comment_file(name: str) -> bool:
    """Whether a file of the project, by its relative name (the loader's), is a comment file."""
    return name.startswith(f"{COMMENTS_DIR}/")

# A roster stakeholder with no comment file yet has not answered.
PENDING = "pending"
# When a stakeholder's files disagree, what it said most recently wins in this order: comments
# submitted, then still reviewing, then no comments.
_STATE_PRECEDENCE = ("submitted", "reviewing", "no-comments")


@dataclass
class DraftSource:
    path: str
    draft: Draft
    doc: SourceDocument


@dataclass
class CommentSource:
    path: str
    file: CommentFile
    doc: SourceDocument


@dataclass(frozen=True)
class CommentRef:
    """A comment with the file it lives in and its index there, to point at its lines."""

    source: CommentSource
    index: int

    @property
    def comment(self) -> Comment:
        return self.source.file.comments[self.index]

    @property
    def id(self) -> str:
        return self.comment.id

    @property
    def stakeholder(self) -> str:
        return self.source.file.stakeholder

    @property
    def path(self) -> str:
        return self.source.path

    def position(self, *subpath: str | int, key: bool = False) -> tuple[int, int]:
        return self.source.doc.position(("comments", self.index, *subpath), key=key)


@dataclass(frozen=True)
class Place:
    """Where an id sits in a draft: its (innermost) section and that section's ancestors; for a
    paragraph, the paragraph and its 1-based position in the section."""

    section: Section
    parents: tuple[Section, ...]
    paragraph: Paragraph | None = None
    position: int | None = None


def index_draft(sections: list[Section]) -> dict[str, Place]:
    """Every section and paragraph id of a draft, in document order (the first of a duplicate wins)."""
    found: dict[str, Place] = {}
    for section, parents in walk_sections(sections):
        found.setdefault(section.id, Place(section, parents))
        for position, paragraph in enumerate(section.paragraphs, start=1):
            found.setdefault(paragraph.id, Place(section, parents, paragraph, position))
    return found


@dataclass
class Project:
    root: Path
    config: ProjectConfig | None
    config_doc: SourceDocument | None
    drafts: list[DraftSource] = field(default_factory=list)
    comment_sources: list[CommentSource] = field(default_factory=list)
    load_problems: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    #: Each file read, by name: the key of its bytes (read/documents.file_key).
    file_keys: dict[str, str] = field(default_factory=dict)
    #: Each comment file whose bytes the file system can vouch for, by name: what it said of the
    #: file before it was read (read/loader.ProjectFiles.signature).
    file_signatures: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: templates/labels.yaml's words, checked (language → key → word; read/labels_file.py).
    label_overrides: dict[str, dict[str, str]] = field(default_factory=dict)
    # Values derived from the files (draft indexes, revisions), computed once per load: a loaded
    # project does not change, and several steps of one command ask for the same ones.
    memo: dict[tuple[str, ...] | tuple[str, str | None], Any] = field(default_factory=dict, repr=False)

    @property
    def languages(self) -> list[str]:
        return list(self.config.languages) if self.config else []

    def require_languages(self, codes: Iterable[str], otherwise: str | None = None) -> None:
        """Refuse (a usage error naming the closest one, else hinting `otherwise`) a language code
        that is not one of cm.yaml's languages."""
        for code in codes:
            if code not in self.languages:
                raise UnknownName(f"language '{code}' is not in cm.yaml's languages ({', '.join(self.languages)})",
                                  hint=did_you_mean_language(code, self.languages, cutoff=0.5) or otherwise)

    @property
    def primary_language(self) -> str | None:
        return self.config.languages[0] if self.config else None

    @cached_property
    def drafts_by_id(self) -> dict[str, DraftSource]:
        found: dict[str, DraftSource] = {}
        for source in self.drafts:
            found.setdefault(source.draft.id, source)
        return found

    @property
    def current_draft(self) -> DraftSource | None:
        """The draft under consultation (the current round's), if it loaded."""
        if self.config is None:
            return None
        return self.drafts_by_id.get(self.config.current_draft_id)

    # ------------------------------------------------------------ rounds

    @property
    def rounds(self) -> list[Round]:
        """The rounds, oldest first (one, for a project whose cm.yaml lists none)."""
        return self.config.round_list if self.config else []

    @property
    def has_rounds(self) -> bool:
        """Whether cm.yaml lists its rounds (else the project is one round and folders mean nothing)."""
        return bool(self.config and self.config.rounds)

    @property
    def current_round(self) -> Round | None:
        return self.config.current_round if self.config else None

    def round(self, round_id: str | None) -> Round:
        """The round named `round_id` (None: the current one); a usage error naming the closest otherwise."""
        if self.config is None:
            raise UnknownName(f"{CONFIG_NAME} could not be read, so its rounds are unknown", hint="run cm validate")
        if round_id is None:
            return self.config.current_round
        for found in self.rounds:
            if found.id == round_id:
                return found
        ids = [r.id for r in self.rounds]
        raise UnknownName(f"there is no round '{round_id}' in {CONFIG_NAME} (rounds: {', '.join(ids)})",
                          hint=did_you_mean(round_id, ids, cutoff=0.5) or "start one with: cm round start ID --version LABEL")

    def round_index(self, round_id: str) -> int:
        """The round's place, 0 for the first; -1 for an unknown id."""
        return next((i for i, r in enumerate(self.rounds) if r.id == round_id), -1)

    def previous_round(self, round_id: str) -> Round | None:
        index = self.round_index(round_id)
        return self.rounds[index - 1] if index > 0 else None

    def rounds_before(self, round_id: str | None) -> list[Round]:
        """The rounds before `round_id`, first to last (none for the first, an unknown id or None)."""
        index = self.round_index(round_id) if round_id is not None else -1
        return self.rounds[:index] if index > 0 else []

    def round_folder_of(self, path: str) -> str | None:
        """The round folder a comment file path is in (`comments/2/x.yaml` -> "2"); None directly in comments/."""
        parts = path.split("/")
        return parts[1] if len(parts) > 2 and parts[0] == COMMENTS_DIR else None

    def round_of(self, source: CommentSource) -> str | None:
        """The round a comment file belongs to: its folder under comments/ (a file directly in
        comments/ belongs to the first round); every file, without `rounds:` in cm.yaml. None for
        a folder that names no round (reported by cm validate)."""
        known = self.memo.setdefault(("round_of",), {})
        if source.path not in known:
            known[source.path] = self._round_of_path(source.path)
        found: str | None = known[source.path]
        return found

    def _round_of_path(self, path: str) -> str | None:
        if not self.rounds:
            return None
        if not self.has_rounds:
            return self.rounds[0].id
        folder = self.round_folder_of(path)
        if folder is None:
            return self.rounds[0].id
        return folder if self.round_index(folder) >= 0 else None

    def comment_round(self, ref: CommentRef) -> str | None:
        return self.round_of(ref.source)

    def comments_in(self, round_id: str) -> Iterator[CommentRef]:
        # A file's comments sit together in project order: its round is looked up once per file.
        source, wanted = None, False
        for ref in self.comments():
            if ref.source is not source:
                source = ref.source
                wanted = self.round_of(source) == round_id
            if wanted:
                yield ref

    def sources_in(self, round_id: str) -> list[CommentSource]:
        return [source for source in self.comment_sources if self.round_of(source) == round_id]

    @cached_property
    def stakeholders_by_id(self) -> dict[str, Stakeholder]:
        if self.config is None:
            return {}
        found: dict[str, Stakeholder] = {}
        for stakeholder in self.config.stakeholders:
            found.setdefault(stakeholder.id, stakeholder)
        return found

    def places(self, draft_id: str | None = None) -> dict[str, Place]:
        """The index of a draft (default: the one under consultation); empty when it did not load."""
        draft_id = draft_id or (self.config.current_draft_id if self.config else None)
        key = ("places", draft_id)
        if key not in self.memo:
            source = self.drafts_by_id.get(draft_id) if draft_id else None
            self.memo[key] = index_draft(source.draft.sections) if source else {}
        places: dict[str, Place] = self.memo[key]
        return places

    def draft_id_of(self, source: CommentSource) -> str | None:
        """The draft a file's comments are on: its round's (its own `draft:` must agree, see
        rules), or, in a project without `rounds:`, its `draft:` else the project's."""
        if self.config is None:
            return source.file.draft
        if not self.has_rounds:
            return source.file.draft or self.config.current_draft_id
        round_id = self.round_of(source)
        return self.round(round_id).draft if round_id is not None else None

    def comments(self) -> Iterator[CommentRef]:
        """Every comment, in project order: files by path, comments in file order."""
        if ("comments",) not in self.memo:  # several rules and reports walk them all
            self.memo[("comments",)] = [CommentRef(source, index) for source in self.comment_sources
                                        for index in range(len(source.file.comments))]
        return iter(self.memo[("comments",)])

    def comments_on(self, draft_id: str) -> Iterator[CommentRef]:
        for ref in self.comments():
            if self.draft_id_of(ref.source) == draft_id:
                yield ref

    @cached_property
    def comments_by_id(self) -> dict[str, CommentRef]:
        found: dict[str, CommentRef] = {}
        for ref in self.comments():
            found.setdefault(ref.id, ref)
        return found

    def state_of(self, stakeholder_id: str, round_id: str | None = None) -> str:
        """Where a stakeholder's reply in a round (default: the current one) stands: submitted,
        reviewing, no-comments, or pending."""
        return reply_state(source.file.state for source in self.sources_of(stakeholder_id, self._round_id(round_id)))

    def received_from(self, stakeholder_id: str, round_id: str | None = None) -> dt.date | None:
        """When the stakeholder's latest reply in a round (default: the current one) arrived, if the files say."""
        dates = [source.file.received for source in self.sources_of(stakeholder_id, self._round_id(round_id))
                 if source.file.received]
        return max(dates) if dates else None

    def sources_of(self, stakeholder_id: str, round_id: str | None = None) -> list[CommentSource]:
        """The comment files of one stakeholder in path order, in one round or (None) in all."""
        if ("sources",) not in self.memo:
            grouped: dict[str, list[CommentSource]] = {}
            for source in self.comment_sources:
                grouped.setdefault(source.file.stakeholder, []).append(source)
            self.memo[("sources",)] = grouped
        sources = list(self.memo[("sources",)].get(stakeholder_id, []))
        if round_id is None:
            return sources
        return [source for source in sources if self.round_of(source) == round_id]

    def _round_id(self, round_id: str | None) -> str | None:
        if round_id is not None or self.config is None:
            return round_id
        return self.config.current_round.id


def reply_state(states: Iterable[str]) -> str:
    """A stakeholder's state from the states of its files in a round (none: pending)."""
    found = set(states)
    return next((state for state in _STATE_PRECEDENCE if state in found), PENDING)


def walk_sections(sections: list[Section], parents: tuple[Section, ...] = ()) -> Iterator[tuple[Section, tuple[Section, ...]]]:
    """Depth-first, in document order: (section, its ancestors)."""
    for section in sections:
        yield section, parents
        yield from walk_sections(section.sections, (*parents, section))
