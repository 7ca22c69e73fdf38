"""A review copy that shows the changes since an earlier round (`cm export review-copy
--changes-since R`) comes back with those changes still tracked, unless the reviewer accepted
them: they are cm's, not the reviewer's proposals. Before the copy is read as comments, each
tracked change credited to a comment of round R is taken as the
draft's own text: its insertions kept, its deletions dropped (a paragraph mark's too), the
comments' anchors moved with the text. What is left is the reviewer's.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools

from commentmatrix.exchange.reviewed_docx import Anchor, Piece, ReviewedDocument
from commentmatrix.model.project import Project
from commentmatrix.views.draft import attribution


def shown_authors(project: Project, round_id: str) -> set[str]:
    """The author lines the copy's shown changes carry (as views/draft credits them)."""
    return {attribution(project, ref.id).author for ref in project.comments_in(project.round(round_id).id)}


def without_shown_changes(document: ReviewedDocument, authors: set[str]) -> ReviewedDocument:
    paragraphs = []
    # Per paragraph: the offsets (in all the text read) where dropped text starts, and how much
    # was dropped before each, to move the comments' anchors.
    dropped: dict[int, tuple[list[int], list[int]]] = {}
    for paragraph in document.paragraphs:
        pieces, starts, removed = [], [], [0]
        at = 0
        for piece in paragraph.pieces:
            ours = piece.op != "keep" and piece.author in authors
            if ours and piece.op == "delete":
                starts.append(at)
                removed.append(removed[-1] + len(piece.text))
            elif ours:
                pieces.append(Piece(piece.text, "keep"))
            else:
                pieces.append(piece)
            at += len(piece.text)
        # A paragraph mark the copy shows inserted or deleted (a paragraph cm added or deleted)
        # is the draft's too: left as the reviewer's, it read as a paragraph split or joined.
        mark = paragraph.mark_change
        ours_mark = mark is not None and mark.author in authors
        paragraphs.append(dataclasses.replace(paragraph, pieces=_merged(pieces), _starts=None,
                                              mark_change=None if ours_mark else mark))
        if starts:
            dropped[paragraph.index] = (starts, removed)

    def moved(anchor: Anchor | None) -> Anchor | None:
        if anchor is None or anchor.paragraph not in dropped:
            return anchor
        starts, removed = dropped[anchor.paragraph]
        before = bisect.bisect_left(starts, anchor.offset)
        return Anchor(anchor.paragraph, max(anchor.offset - removed[before], 0))

    comments = [dataclasses.replace(c, start=moved(c.start), end=moved(c.end)) for c in document.comments]
    return ReviewedDocument(document.path, document.identifier, paragraphs, comments, document.tables)


def _merged(pieces: list[Piece]) -> list[Piece]:
    merged = []
    for key, group in itertools.groupby(pieces, key=lambda p: (p.op, p.author, p.date, p.move)):
        merged.append(Piece("".join(p.text for p in group), *key))
    return merged


