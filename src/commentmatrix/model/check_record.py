"""The record of a project's last full check: what quick_check.py compares a new state with."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from commentmatrix.model.diagnostics import Diagnostic
from commentmatrix.model.edit_index import EditIndex
from commentmatrix.model.project import CommentSource, Project
from commentmatrix.model.status_facts import StatusFacts


@dataclass
class CheckRecord:
    names: list[str]  # every file the check read, in the loader's order
    keys: dict[str, str]  # name -> the key of its bytes (read/documents.file_key)
    loaded: set[str]  # the comment files that loaded into the project
    problems: list[tuple[str, Diagnostic]]  # (what found it: one of rules.ORIGINS), every problem
    #: What cm status counted, when the check was cm status's (status_facts.py); carried forward
    #: by each quick check, so that a status after a change of words needs no full load.
    facts: StatusFacts | None = None
    #: The comment files' signatures when their keys were taken (Project.file_signatures): a file
    #: with the same signature next time has the same key, and is not read again to know it.
    signatures: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: name -> (a key of its bytes, the digest of that data outside the words,
    #: quick_check._outside_words), for the comment files a quick check found it of: the next
    #: one compares with it rather than decoding and digesting the file's old data again.
    words: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: The ids of the comments another comment names (quick_check.named_comments): a change of
    #: answer elsewhere is checked quickly, but not of these, whose answers others read.
    named: set[str] = field(default_factory=set)
    #: Which edit touched which text, and what became of it (model/edit_index.py): a change of decision
    #: that applies or withdraws a replace is checked on that text alone (quick_edits.py).
    edits: EditIndex | None = None


@dataclass
class SinceRecord:
    """A project loaded as far as a record says it changed: cm.yaml, the drafts and the comment
    files whose bytes are not the recorded ones (`changed`), with each one's data as recorded
    (`before`: None where its parse entry is gone); the other comment files are only hashed."""

    project: Project
    changed: list[str]
    before: Mapping[str, Any]
    #: Loads more of the comment files that did not change, by name (read/check_record.py).
    load: Callable[[set[str]], Mapping[str, CommentSource] | None] | None = None
