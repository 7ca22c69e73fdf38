"""The items of `cm status --json`'s two long lists (open items, decisions that change nothing),
and each comment file's share of them written once (FileOutline), for the check record to keep.

At 100,000 comments those lists are 17 M characters (every open comment's text): a status
writes them from the outlines instead of decoding 50,000 comments and encoding them again.
The one shape of an item is here, for Status.to_json and for the outlines alike, so that both
write the same bytes; tests/test_status_facts.py holds the outlined output to the other.

Pure: takes facts, returns values.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from commentmatrix.model.inert import json_text
from commentmatrix.model.status_facts import FileFacts, FileOutline
from commentmatrix.model.text import Text

#: What follows each item in an outline's bytes (json.dumps's item separator).
SEPARATOR = b", "
#: How an item written not overdue ends, and the same item overdue.
NOT_OVERDUE, OVERDUE = b'"overdue": false}' + SEPARATOR, b'"overdue": true}' + SEPARATOR


def open_item(id: str, stakeholder: str, target: str, text: Text, path: str, line: int, assignee: str | None,
              due: dt.date | None, overdue: bool) -> dict[str, Any]:
    # "overdue" last: an outline's item turns overdue by its last bytes alone (NOT_OVERDUE).
    return {"id": id, "stakeholder": stakeholder, "target": target, "text": text, "file": path, "line": line,
            "assignee": assignee, "due": day(due), "overdue": overdue}


def unapplied_item(id: str, stakeholder: str, decision: str, reason: str) -> dict[str, Any]:
    return {"id": id, "stakeholder": stakeholder, "decision": decision, "reason": reason}


def day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def written(items: list[dict[str, Any]]) -> bytes:
    """Items as status --json writes them in a list (one line, made inert), each followed by its
    separator: one json.dumps for them all (50,000 calls of it would cost more than the writing)."""
    if not items:
        return b""
    return json_text(json.dumps(items, ensure_ascii=False))[1:-1].encode() + SEPARATOR


def file_outline(file: FileFacts) -> FileOutline | None:
    """`file`'s outline, from its part (status_facts.file_part); None when a text cannot be
    written as UTF-8 (a lone surrogate)."""
    part = file.part
    pieces: list[bytes] = []
    marked: list[tuple[str | None, dt.date | None, int, int]] = []
    run: list[dict[str, Any]] = []
    start = 0
    try:
        for comment in part.open:
            item = open_item(comment.id, file.stakeholder, comment.target, comment.text or "", file.path,
                             comment.line, comment.assignee, comment.due, False)
            if comment.assignee is None and comment.due is None:
                run.append(item)
                continue
            # An item with an assignee or a due date is written alone, to know where its bytes are.
            pieces.append(written(run))
            start += len(pieces[-1])
            pieces.append(written([item]))
            marked.append((comment.assignee, comment.due, start, start + len(pieces[-1])))
            start += len(pieces[-1])
            run = []
        pieces.append(written(run))
        unapplied = [unapplied_item(comment.id, file.stakeholder, comment.decision or "", comment.unapplied)
                     for comment in part.unapplied if comment.unapplied is not None]
        return FileOutline(part.counts, part.objections, part.suspects, b"".join(pieces), marked, len(part.open),
                           written(unapplied), len(unapplied))
    except UnicodeEncodeError:
        return None
