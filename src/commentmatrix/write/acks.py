"""The stakeholders' answers to the secretariat's responses: an acknowledgement of a round's
responses (agree or object), in the stakeholder's comment file of that round, and objections to
the responses to single comments.

As every edit in write/, the operations return the files' new contents (`FileChange`);
write/transaction.py validates and writes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from commentmatrix.model.errors import UsageError
from commentmatrix.model.project import Project
from commentmatrix.write import yaml_edit
from commentmatrix.write.project_edits import _check_lang, _known_stakeholder, find_comment, set_field, set_text
from commentmatrix.write.transaction import EditRefused, FileChange

ANSWERS = ("agree", "object")


@dataclass(frozen=True)
class Answer:
    stakeholder: str
    answer: str  # agree or object
    date: dt.date
    note: str | None = None
    lang: str | None = None
    by: str | None = None
    round: str | None = None  # default: the current round


def acknowledge(project: Project, new: Answer) -> list[FileChange]:
    """Record the stakeholder's answer to the responses of a round in its comment file of that
    round. A stakeholder with no file in the round sent nothing there, so there is nothing to
    answer: refused (its file is not made). A second answer replaces the first; a note in another
    language joins the note of the same answer."""
    if new.answer not in ANSWERS:
        raise UsageError(f"the answer must be one of {', '.join(ANSWERS)}, not '{new.answer}'")
    _known_stakeholder(project, new.stakeholder)
    _check_lang(project, new.lang)
    round_id = project.round(new.round).id
    sources = project.sources_of(new.stakeholder, round_id)
    if not sources:
        raise EditRefused(f"'{new.stakeholder}' has no comment file in round {round_id}: it sent no comments there, "
                          "so there are no responses for it to answer",
                          hint="name the round it commented in with --round ID" if project.has_rounds else None)
    if len(sources) > 1:
        raise EditRefused(f"'{new.stakeholder}' has several comment files in round {round_id} "
                          f"({', '.join(s.path for s in sources)}); merge them into one first")
    path = sources[0].path
    raw = (project.root / path).read_bytes()
    document = yaml_edit.load(raw)
    earlier = document.data.get("acknowledgement")
    same_answer = isinstance(earlier, dict) and earlier.get("answer") == new.answer
    entry: dict[str, Any] = {"answer": new.answer, "date": new.date}
    if new.note is not None:
        entry["note"] = set_text(earlier.get("note") if same_answer else None, new.note, new.lang, project.primary_language)
    elif same_answer and earlier.get("note") is not None:
        entry["note"] = earlier["note"]
    if new.by:
        entry["by"] = new.by
    _put_before_comments(document.data, "acknowledgement", yaml_edit.mapping(entry))
    return [FileChange(path, raw, document.dump(document.data))]


def object_to(project: Project, stakeholder: str, comment_ids: list[str], date: dt.date | None,
              note: str | None = None, lang: str | None = None, round_id: str | None = None) -> list[FileChange]:
    """Record that the stakeholder objects to the responses to its comments (`objection:` on each);
    `date` None removes the objections (the stakeholder agrees after all). Refused for a comment of
    another stakeholder, of another round than --round names, or without a decision to object to."""
    _known_stakeholder(project, stakeholder)
    _check_lang(project, lang)
    for comment_id in comment_ids:
        ref = find_comment(project, comment_id, round_id)
        if ref.stakeholder != stakeholder:
            raise EditRefused(f"comment {ref.id} is {ref.stakeholder}'s, not {stakeholder}'s",
                              hint=f"cm stakeholder ack {ref.stakeholder} ... --comment {ref.id}")
        if date is not None and ref.comment.decision is None:
            raise EditRefused(f"comment {ref.id} has no decision yet: there is no response to object to")
    if date is None:
        return set_field(project, comment_ids, "objection", None)
    objection: dict[str, Any] = {"date": date}
    if note is not None:
        objection["note"] = set_text(None, note, lang, project.primary_language)
    return set_field(project, comment_ids, "objection", yaml_edit.mapping(objection))


def _put_before_comments(data: Any, key: str, value: Any) -> None:
    """The file-level key set where a reader looks for it: with the state, above the comments list."""
    if key in data or "comments" not in data:
        yaml_edit.set_key(data, key, value)
        return
    data.insert(list(data).index("comments"), key, value)
