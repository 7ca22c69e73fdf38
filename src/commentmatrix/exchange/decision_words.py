"""The words secretariats write for their decisions, in the languages of the consultations: the
one table that maps them to cm's four decisions (accepted, partially, rejected, noted).

A response cell is matched by the longest known phrase it starts with ("Partially accepted.
They are..." is partially, "不采纳" is rejected, not accepted); a word not in the table is never
guessed: `decision_of` returns None and the importer reports it. Add words here, in lower case.
"""

from __future__ import annotations

import re
import unicodedata

DECISION_WORDS: dict[str, tuple[str, ...]] = {
    "accepted": (
        # en
        "accepted", "accept", "agreed", "agree", "adopted", "incorporated",
        # zh
        "采纳", "已采纳", "接受", "已接受", "同意", "采用",
        # vi
        "chấp nhận", "đồng ý", "tiếp thu", "đã tiếp thu",
        # fr
        "accepté", "acceptée", "acceptés", "retenu", "retenue", "adopté", "d'accord",
        # es
        "aceptado", "aceptada", "aceptados", "aceptar", "de acuerdo",
        # th, lo, km
        "ยอมรับ", "ຍອມຮັບ", "ទទួលយក",
    ),
    "partially": (
        "partially accepted", "partly accepted", "partially", "accepted in part", "accepted in principle",
        "accepted with modifications", "accepted with modification", "partially agreed",
        "部分采纳", "部分接受", "部分同意", "部分采用",
        "chấp nhận một phần", "tiếp thu một phần", "đồng ý một phần",
        "partiellement accepté", "partiellement acceptée", "accepté en partie", "partiellement retenu",
        "parcialmente aceptado", "parcialmente aceptada", "aceptado parcialmente", "aceptada parcialmente",
        "ยอมรับบางส่วน",
    ),
    "rejected": (
        "rejected", "not accepted", "declined", "not agreed", "not adopted",
        "不采纳", "未采纳", "不接受", "未接受", "不同意", "拒绝",
        "không chấp nhận", "không tiếp thu", "bác bỏ",
        "rejeté", "rejetée", "non retenu", "non retenue", "refusé", "refusée",
        "rechazado", "rechazada", "no aceptado", "no aceptada",
        "ไม่ยอมรับ",
    ),
    "noted": (
        "noted", "taken note", "note taken", "for information", "acknowledged",
        "注意到", "已注意到", "知悉", "已知悉", "备注",
        "ghi nhận", "đã ghi nhận",
        "noté", "notée", "pris note", "pris en note", "pris en compte pour information",
        "tomado nota", "se toma nota", "anotado",
        "รับทราบ",
    ),
}

_PHRASES: list[tuple[str, str]] = sorted(
    ((unicodedata.normalize("NFC", phrase), decision) for decision, phrases in DECISION_WORDS.items() for phrase in phrases),
    key=lambda item: -len(item[0]))
_EDGE = re.compile(r"^[\s\W_]+", re.UNICODE)


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def decision_of(cell: str, extra: dict[str, str] | None = None) -> tuple[str, str] | None:
    """(decision, the phrase that said it) for a response cell that starts with a known phrase;
    `extra` adds the user's own words (cm import table --decision WORD=DECISION)."""
    text = _EDGE.sub("", _normal(cell))
    phrases = sorted([(_normal(k), v) for k, v in (extra or {}).items()], key=lambda item: -len(item[0])) + _PHRASES
    for phrase, decision in phrases:
        if text.startswith(phrase):
            rest = text[len(phrase):]
            # "accepted" must not match "acceptedly"; after a Han or Thai word anything may follow.
            if not rest or not (rest[0].isalnum() and phrase[-1].isascii() and phrase[-1].isalnum() and rest[0].isascii()):
                return decision, phrase
    return None


def looks_like_a_decision_word(cell: str) -> bool:
    """Short cells (a word or three, no sentence) are meant as a decision; longer ones are notes."""
    words = _normal(cell).split()
    return 0 < len(words) <= 3 and not re.search(r"[.;:!?。；：！？]\s*\S", cell.strip())
