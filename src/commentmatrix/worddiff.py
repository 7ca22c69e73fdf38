"""Word-level differences between two strings, for showing a proposed change.

Latin and Vietnamese split into words; Chinese, Japanese and the Southeast Asian scripts written
without spaces (Thai, Lao, Khmer, Myanmar) split into single characters, so a changed phrase
shows as that phrase and not as the whole sentence.
"""

from __future__ import annotations

import difflib
import re

from commentmatrix.model.text import nfc
from commentmatrix.revision import Segment, SegmentOp

_UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_UNSPACED}]|[^\W{_UNSPACED}]+|\s+|[^\w\s]", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Segment]:
    """The change from old to new as kept, deleted and inserted pieces, in reading order."""
    before, after = tokens(nfc(old)), tokens(nfc(new))
    pieces: list[Segment] = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            _add(pieces, "".join(before[a1:a2]), "keep")
            continue
        _add(pieces, "".join(before[a1:a2]), "delete")
        _add(pieces, "".join(after[b1:b2]), "insert")
    return pieces


def _add(pieces: list[Segment], text: str, op: SegmentOp) -> None:
    if not text:
        return
    if pieces and pieces[-1].op == op:
        pieces[-1] = Segment(pieces[-1].text + text, op)
    else:
        pieces.append(Segment(text, op))
