"""What an import would add, before it is added: the one shape every `cm import` produces.

A plan lists the comments to add, each with where it came from in the file (so the secretariat
can check it) and remarks (a paragraph found by its text, not its id, with the match's
confidence); what was imported before (same fingerprint in a comment's `source`); and problems
that stop the import. `changes` turns the plan into file changes through the editing layer.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from commentmatrix.model.project import Project
from commentmatrix.write.project_edits import NewComment, add_comments
from commentmatrix.write.transaction import FileChange

#: Comments one `cm import` adds at most. A consultation has tens to a few thousand comments;
#: past this a file is a flood, and each comment costs its planning, its id and a validation of
#: the project with it, under the lock.
MAX_COMMENTS = 20_000


#: Why an imported "partially accepted" stays open, and the command that decides it (the comment's
#: id is given when the plan is written, after this is said).
PARTIAL_NEEDS_EDITS = ("a partial decision needs the edits that apply "
                       "(cm respond ID --decision partially --take N, or --replace OLD --with NEW)")


def too_many(count: int, what: str) -> str:
    """The refusal for a file that would import more than MAX_COMMENTS comments."""
    return f"holds {count:,} {what}; cm imports up to {MAX_COMMENTS:,} comments at a time: refused"


@dataclass
class Planned:
    origin: str
    comment: NewComment
    remarks: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    planned: list[Planned] = field(default_factory=list)
    #: (origin, id of the comment that already came from it)
    already: list[tuple[str, str]] = field(default_factory=list)
    #: Lines the user should read, about things not imported or imported with care.
    remarks: list[str] = field(default_factory=list)
    #: Problems that stop the import: nothing is written while there is one.
    problems: list[str] = field(default_factory=list)


def with_quoted_words(quote: str, said: str) -> str:
    """A Word comment's text as `cm import docx` writes it: the draft's words it is anchored on,
    quoted, before what the reviewer said (`“joint construction”: Say who builds what.`)."""
    return f"“{quote}”: {said}"


#: The quoted words with_quoted_words puts before a Word comment's text.
QUOTED_WORDS = re.compile(r"“[^”\n]*”: ")


def without_quoted_words(text: str) -> str:
    """What the reviewer said, without the quoted words cm put before it (with_quoted_words): the
    same point sent again in a table, or anchored on other words, reads alike only without them."""
    found = QUOTED_WORDS.match(text)
    return text[found.end():] if found and text[found.end():].strip() else text


def skipped_blank(label: str, places: list[str], what: str) -> str:
    """The note of an import that left out blank comments (a Word comment with no words, a row
    whose comment is blank while its other cells are filled): never dropped without a word."""
    count = f"{len(places)} blank {what}{'' if len(places) == 1 else 's'}"
    return f"{label}: skipped {count}, with nothing to import: {', '.join(places)}"


def fingerprint(kind: str, *parts: Any) -> str:
    """`kind:` and 12 hex digits of a hash of what the comment says and where: the same Word
    comment, tracked change or table row gives the same fingerprint on every import."""
    payload = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return f"{kind}:{hashlib.sha256(payload.encode('utf-8')).hexdigest()[:12]}"


def keep_new(project: Project, plan: ImportPlan, candidates: list[Planned]) -> None:
    """Add the candidates to the plan, except those whose fingerprint a comment of the same round
    already carries: a round-1 copy imported again adds nothing, while the same words sent again
    in round 2 are round 2's comment."""
    imported = {(project.comment_round(ref), ref.comment.source): ref.id for ref in project.comments() if ref.comment.source}
    current = project.round(None).id
    seen: set[tuple[str, str]] = set()
    for candidate in candidates:
        source = candidate.comment.source
        key = (candidate.comment.round or current, source or "")
        if source and key in imported:
            plan.already.append((candidate.origin, imported[key]))
        elif not source or key not in seen:
            seen.add(key)
            plan.planned.append(candidate)


def changes(project: Project, plan: ImportPlan) -> tuple[list[str], list[FileChange]]:
    """The ids the planned comments get and the file changes that add them (nothing written)."""
    if not plan.planned:
        return [], []
    return add_comments(project, [p.comment for p in plan.planned])


def add_hints(project: Project, plan: ImportPlan, ids: list[str]) -> None:
    """Under each planned comment that reads like another, the command that would say so; nothing
    is written for it: `cm repeats NEW OLD` for one of its stakeholder's comments of an earlier
    round, `cm group OTHER NEW` for another stakeholder's comment of the same round."""
    from commentmatrix.exchange.repeat_hints import NewText, duplicate_hints, repeat_hints

    current = project.round(None).id
    planned = dict(zip(ids, plan.planned))
    news = [NewText(comment_id, p.comment.stakeholder, p.comment.round or current, p.comment.text)
            for comment_id, p in planned.items()]
    for hint in repeat_hints(project, news):
        planned[hint.new_id].remarks.append(hint.line)
    for duplicate in duplicate_hints(project, news):
        planned[duplicate.new_id].remarks.append(duplicate.line)
