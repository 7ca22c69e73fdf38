"""Word-level differences between two strings, for showing a proposed change.

Text is cut into the words of its language by `model/segmentation.words` (ICU): Latin and
Vietnamese by the spaces between words, Thai, Lao, Khmer and Burmese by dictionary, so a changed
Thai word shows as that word deleted and the new word inserted, never as code points of the two
words interleaved (`ราย` `แจ้` `ง` `าน`, with vowel signs cut from their letters). Chinese is cut
into ICU's dictionary words too: a changed word shows whole (`[-水资源-]{+水资源管理+}` reads as a
word change, `灾[-害-]{+难+}` as a fragment), and a word the dictionary does not know falls back to
its single characters, so a Chinese diff is never coarser than the word it changes. Spaces and
punctuation are tokens of their own, so they are kept where they are unchanged.
"""

from __future__ import annotations

import difflib

from commentmatrix.model.segmentation import words
from commentmatrix.model.text import nfc
from commentmatrix.revision import Segment, SegmentOp


def tokens(text: str, lang: str | None = None) -> list[str]:
    """The words, spaces and punctuation of `text` in its language (or the one its script implies)."""
    return words(text, lang)


def word_diff(old: str, new: str, lang: str | None = None, by: str | None = None) -> list[Segment]:
    """The change from old to new as kept, deleted and inserted pieces, in reading order.

    `lang` is the texts' language when the caller knows it; `by` is put on the deleted and
    inserted pieces (the comment the change is credited to); kept pieces carry no one."""
    before, after = tokens(nfc(old), lang), tokens(nfc(new), lang)
    opcodes = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    pieces: list[Segment] = []
    deleted, inserted = "", ""  # the change being gathered, until text that stays
    for number, (tag, a1, a2, b1, b2) in enumerate(opcodes):
        kept = "".join(before[a1:a2])
        # A space or punctuation mark kept between two changes is part of the change
        # (`[-sixty million-]{+seventy thousand+}`, not `[-sixty-]{+seventy+} [-million-]{+thousand+}`).
        between = 0 < number < len(opcodes) - 1 and not any(char.isalnum() for char in kept)
        if tag == "equal" and not between:
            _add(pieces, deleted, "delete", by)
            _add(pieces, inserted, "insert", by)
            deleted, inserted = "", ""
            _add(pieces, kept, "keep", None)
            continue
        deleted += kept
        inserted += "".join(after[b1:b2])
    _add(pieces, deleted, "delete", by)
    _add(pieces, inserted, "insert", by)
    return pieces


def refine_replacements(segments: list[Segment], lang: str | None = None) -> list[Segment]:
    """Segments of a revised text with every replaced span (a deletion followed by an insertion
    of the same comment) shown word by word: the words a proposal quoted only to be unique
    (`提升洪旱灾害防御能力` for an added `生态系统和`) read as kept, and only the words that changed
    stay marked, still credited to that comment. A rewrite that keeps less than half of the old
    text stays one deletion and one insertion."""
    result: list[Segment] = []
    index = 0
    while index < len(segments):
        piece = segments[index]
        following = segments[index + 1] if index + 1 < len(segments) else None
        if piece.op == "delete" and following is not None and following.op == "insert" and following.by == piece.by:
            refined = word_diff(piece.text, following.text, lang, piece.by)
            kept = sum(len(s.text) for s in refined if s.op == "keep")
            # A rewrite that keeps less than half of the old text reads better as one
            # replacement than as scattered words of it.
            result.extend(refined if 2 * kept >= len(piece.text) else [piece, following])
            index += 2
            continue
        result.append(piece)
        index += 1
    return result


def _add(pieces: list[Segment], text: str, op: SegmentOp, by: str | None) -> None:
    if not text:
        return
    if pieces and pieces[-1].op == op:
        pieces[-1] = Segment(pieces[-1].text + text, op, by)
    else:
        pieces.append(Segment(text, op, by))
