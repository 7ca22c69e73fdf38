"""The words secretariats write for their decisions, in the languages of the consultations: the
one table that maps them to cm's four decisions (accepted, partially, rejected, noted).

A response cell is read by the longest known phrase it starts with, ending where a word ends
(words as `model/segmentation.words` finds them, so Thai, Lao, Khmer and Chinese, written without
spaces, are cut into their own words): "Partially accepted. They are..." is partially, "不采纳" is
rejected, not accepted, "ຮັບເອົາບາງສ່ວນ" is partially, not accepted. What follows the phrase must
not change its meaning:

- nothing, or a new sentence (". Specific targets will be listed later", "：已修改");
- the same decision again in another language (`采纳 Accepted`), or words that only confirm it
  (`in full`, `with thanks`, `ครับ`, `ແລ້ວ`: `CONFIRMING`);
- after a comma (or a space in Thai, Lao, Khmer and Burmese, which mark clauses with spaces), a
  clause without words that qualify a decision (`but`, `in part`, `in principle`, `บางส่วน`:
  `QUALIFYING`).

Anything else (`Accepted with changes to 3.2`, `采纳部分意见`, `ยอมรับ ในหลักการ`) is a doubt:
`read_decision` says so and the importer stops with the row rather than guess. A cell that starts
with no known phrase is never guessed either: `read_decision` returns None. Add words here, in
lower case.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from commentmatrix.model.segmentation import script_of, word_bounds, words
from commentmatrix.model.text import folded

DECISIONS = ("accepted", "partially", "rejected", "noted")

DECISION_WORDS: dict[str, tuple[str, ...]] = {
    "accepted": (
        # en
        "accepted", "accept", "agreed", "agree", "adopted", "incorporated",
        # zh: 采纳/采用/接受 (adopt, accept), 同意 (agree); 吸收 (absorbed, i.e. taken into the
        # text) and 已修改 (the text has been revised as asked) report the same outcome.
        "采纳", "已采纳", "予以采纳", "完全采纳", "全部采纳", "接受", "已接受", "同意", "采用", "已采用",
        "吸收", "已吸收", "予以吸收", "已修改",
        # vi: tiếp thu (take on board), chấp nhận (accept), đồng ý (agree)
        "chấp nhận", "đã chấp nhận", "đồng ý", "tiếp thu", "đã tiếp thu",
        # fr
        "accepté", "acceptée", "acceptés", "retenu", "retenue", "adopté", "d'accord",
        # es
        "aceptado", "aceptada", "aceptados", "aceptar", "de acuerdo",
        # th: รับ/ยอมรับ (accept), เห็นด้วย (agree)
        "รับ", "ยอมรับ", "เห็นด้วย",
        # lo: ຮັບເອົາ/ຍອມຮັບ (accept), ເຫັນດີ (agree)
        "ຮັບເອົາ", "ຍອມຮັບ", "ເຫັນດີ",
        # km: ទទួលយក (accept), បានទទួលយក (accepted), យល់ព្រម (agree)
        "ទទួលយក", "បានទទួលយក", "យល់ព្រម",
    ),
    "partially": (
        # Part of the comment, or its principle, or with modifications: as in English, "in
        # principle" and "with modifications" are partial, since the edits that apply differ
        # from the stakeholder's.
        "partially accepted", "partly accepted", "partially", "accepted in part", "accepted in principle",
        "agreed in principle", "accepted with modifications", "accepted with modification",
        "accepted with changes", "accepted with amendments", "partially agreed",
        # zh: 部分 (part of it), 原则上 (in principle)
        "部分采纳", "部分接受", "部分同意", "部分采用", "部分吸收", "原则上采纳", "原则上同意", "原则同意",
        # vi: một phần (in part), về nguyên tắc (in principle), có chỉnh sửa (with modifications)
        "chấp nhận một phần", "tiếp thu một phần", "đồng ý một phần", "đồng ý về nguyên tắc",
        "chấp nhận về nguyên tắc", "tiếp thu có chỉnh sửa", "chấp nhận có chỉnh sửa",
        "partiellement accepté", "partiellement acceptée", "accepté en partie", "partiellement retenu",
        "accepté en principe", "parcialmente aceptado", "parcialmente aceptada", "aceptado parcialmente",
        "aceptada parcialmente", "aceptado en principio",
        # th: บางส่วน (in part), ในหลักการ (in principle), โดยมีการแก้ไข (with modifications)
        "รับบางส่วน", "ยอมรับบางส่วน", "เห็นด้วยบางส่วน", "เห็นด้วยในหลักการ", "ยอมรับในหลักการ",
        "รับในหลักการ", "รับโดยมีการแก้ไข", "ยอมรับโดยมีการแก้ไข",
        # lo: ບາງສ່ວນ (in part), ໃນຫຼັກການ (in principle)
        "ຮັບເອົາບາງສ່ວນ", "ຍອມຮັບບາງສ່ວນ", "ເຫັນດີບາງສ່ວນ", "ຮັບເອົາໃນຫຼັກການ", "ເຫັນດີໃນຫຼັກການ",
        # km: មួយផ្នែក (in part), ជាគោលការណ៍ (in principle), ដោយកែសម្រួល (with modifications)
        "ទទួលយកមួយផ្នែក", "យល់ព្រមមួយផ្នែក", "ទទួលយកជាគោលការណ៍", "យល់ព្រមជាគោលការណ៍", "ទទួលយកដោយកែសម្រួល",
    ),
    "rejected": (
        "rejected", "not accepted", "declined", "not agreed", "not adopted",
        # zh: 不/未 (not) adopted, accepted, absorbed; 保留原文 (the original text is kept): the
        # proposal is declined.
        "不采纳", "未采纳", "不予采纳", "不接受", "未接受", "不同意", "拒绝", "未采用", "不采用", "未吸收",
        "保留原文",
        # vi: không (not), chưa tiếp thu ("not taken on board": the proposal is not taken)
        "không chấp nhận", "không tiếp thu", "chưa tiếp thu", "không đồng ý", "bác bỏ",
        "rejeté", "rejetée", "non retenu", "non retenue", "refusé", "refusée",
        "rechazado", "rechazada", "no aceptado", "no aceptada",
        # th: ไม่ (not)
        "ไม่รับ", "ไม่ยอมรับ", "ไม่เห็นด้วย",
        # lo: ບໍ່ (not)
        "ບໍ່ຮັບເອົາ", "ບໍ່ຍອມຮັບ", "ບໍ່ເຫັນດີ",
        # km: មិន (not)
        "មិនទទួលយក", "មិនយល់ព្រម",
    ),
    "noted": (
        "noted", "taken note", "note taken", "for information", "acknowledged",
        # zh: 注意到/知悉 (noted); 参考/已参考/予以考虑 (taken as a reference, will be borne in
        # mind) and 解释说明 (an explanation is given instead of an edit) change no text and
        # accept nothing: noted.
        "注意到", "已注意到", "知悉", "已知悉", "备注", "参考", "已参考", "予以参考", "予以考虑",
        "解释说明", "已解释说明",
        # vi: ghi nhận (noted); giải trình (explained: the drafters answer with an explanation,
        # the text stays as it is)
        "ghi nhận", "đã ghi nhận", "giải trình", "đã giải trình",
        "noté", "notée", "pris note", "pris en note", "pris en compte pour information",
        "tomado nota", "se toma nota", "anotado",
        # th, lo, km: acknowledged (รับทราบ, ຮັບຊາບ), recorded (កត់សម្គាល់)
        "รับทราบ", "ຮັບຊາບ", "បានកត់សម្គាល់", "កត់សម្គាល់",
    ),
}

#: Words after a decision that confirm it and change nothing: politeness, thanks, "already",
#: "in full", "the comment", and the words that join a second phrase of the same decision.
CONFIRMING: tuple[str, ...] = (
    "in full", "fully", "entirely", "with thanks", "thank you", "thanks", "as proposed", "as suggested", "and",
    "意见", "建议", "该意见", "此意见", "该建议", "此建议", "谢谢", "并", "并且", "且",
    "ý kiến", "ý kiến này", "góp ý", "toàn bộ", "hoàn toàn", "cảm ơn", "xin cảm ơn", "và",
    "ครับ", "ค่ะ", "คะ", "แล้ว", "ขอบคุณ", "ทั้งหมด", "และ",
    "ແລ້ວ", "ຂອບໃຈ", "ທັງໝົດ", "ແລະ",
    "ហើយ", "អរគុណ", "ទាំងស្រុង", "ទាំងអស់", "និង",
    "merci", "intégralement", "gracias", "en su totalidad", "y", "et",
)

#: Words that, in a clause after a decision, may take part of it back or qualify it.
QUALIFYING: tuple[str, ...] = (
    "but", "except", "apart from", "other than", "partially", "partly", "in part", "in principle",
    "with modification", "with modifications", "with changes", "subject to", "pending", "provided", "however",
    "only", "not",
    "但", "但是", "除", "除了", "部分", "原则上", "原则", "仅", "只", "然而", "不过", "不", "未",
    "nhưng", "trừ", "ngoại trừ", "một phần", "về nguyên tắc", "nguyên tắc", "có chỉnh sửa", "có sửa đổi", "chỉ",
    "tuy nhiên", "không", "chưa",
    "แต่", "ยกเว้น", "บางส่วน", "ในหลักการ", "หลักการ", "โดยมีการแก้ไข", "เฉพาะ", "อย่างไรก็ตาม", "ไม่",
    "ແຕ່", "ຍົກເວັ້ນ", "ບາງສ່ວນ", "ຫຼັກການ", "ສະເພາະ", "ບໍ່",
    "ប៉ុន្តែ", "លើកលែង", "មួយផ្នែក", "គោលការណ៍", "តែ", "មិន",
    "mais", "sauf", "partiellement", "en partie", "en principe", "pero", "excepto", "salvo", "parcialmente",
    "en principio",
)

# A new sentence says why, not what was decided (unless it starts "But..."); a clause after a
# comma, colon, dash, slash or bracket goes on with the decision and is read for qualifiers.
_SENTENCE_END = ".;!?。；！？។៕\n"
_CLAUSE_BREAK = ",，、/:：-–—(（[【"
_SPACE_CLAUSES = {"Thai", "Lao", "Khmer", "Myanmar"}
_EDGE = re.compile(r"^[\s\W_]+", re.UNICODE)


def _sorted(phrases: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(phrases, key=lambda item: -len(item[0]))


_PHRASES = _sorted([(folded(phrase), decision) for decision, phrases in DECISION_WORDS.items() for phrase in phrases])
_CONFIRMING = sorted((folded(word) for word in CONFIRMING), key=len, reverse=True)
_QUALIFYING = tuple(folded(word) for word in QUALIFYING)


@dataclass(frozen=True)
class Reading:
    """What a response cell says: its decision, the phrase that said it, and, when the words
    after the phrase may change its meaning, those words (`doubt`) and the cell's leading clause
    to name in `--decision CLAUSE=...` (`clause`)."""

    decision: str
    phrase: str
    doubt: str | None = None
    clause: str | None = None


def read_decision(cell: str, extra: dict[str, str] | None = None) -> Reading | None:
    """The decision a response cell starts with, or None when it starts with no known phrase;
    `extra` adds the user's own words (cm import table --decision WORD=DECISION), read first."""
    shown = _EDGE.sub("", " ".join(unicodedata.normalize("NFC", cell).split()))
    text = shown.casefold()
    if len(text) != len(shown):  # a letter whose case folds to several (ß): show the folded text
        shown = text
    bounds = word_bounds(text)
    users = _sorted([(folded(k), v) for k, v in (extra or {}).items()])
    for phrase, decision in users + _PHRASES:
        if phrase and text.startswith(phrase) and len(phrase) in bounds:
            end = len(phrase)
            doubt = _doubt(text, end, decision, bounds)
            if doubt is None:
                return Reading(decision, shown[:end])
            low, high = doubt
            return Reading(decision, shown[:end], shown[low:high].strip(), shown[:_clause_end(text, high)].strip())
    return None


def decision_of(cell: str, extra: dict[str, str] | None = None) -> tuple[str, str] | None:
    """(decision, phrase) of a cell read without doubt; None for no known phrase or a doubt."""
    found = read_decision(cell, extra)
    return (found.decision, found.phrase) if found is not None and found.doubt is None else None


def _starts_with(text: str, at: int, phrase: str, bounds: frozenset[int]) -> bool:
    return text.startswith(phrase, at) and at + len(phrase) in bounds


def _doubt(text: str, at: int, decision: str, bounds: frozenset[int]) -> tuple[int, int] | None:
    """None when the words of `text` from `at` leave the decision as it is; else the span of
    the words that may change it."""
    spaced_clauses = script_of(text[:at]) in _SPACE_CLAUSES
    while True:
        start = at
        while at < len(text) and text[at].isspace():
            at += 1
        if at == len(text):
            return None
        if _ends_sentence(text, at):
            # The next sentence explains the decision, unless it starts by qualifying it.
            while at < len(text) and (_ends_sentence(text, at) or text[at].isspace()):
                at += 1
            word = next((w for w in _QUALIFYING if _starts_with(text, at, w, bounds)), None)
            return (at, _clause_end(text, at)) if word else None
        if text[at] in _CLAUSE_BREAK or (spaced_clauses and at > start):
            while at < len(text) and (text[at] in _CLAUSE_BREAK or text[at].isspace()):
                at += 1
            end = _clause_end(text, at)
            return (at, end) if _qualified(text, at, end, bounds) else None
        same = next((p for p, d in _PHRASES if d == decision and _starts_with(text, at, p, bounds)), None)
        word = same or next((w for w in _CONFIRMING if _starts_with(text, at, w, bounds)), None)
        if word is None:
            return at, _phrase_end(text, at)
        at += len(word)


def _ends_sentence(text: str, at: int) -> bool:
    # A full stop between digits or letters ("3.2", "e.g") ends no sentence.
    return text[at] in _SENTENCE_END and not (text[at] == "." and at + 1 < len(text) and text[at + 1].isalnum())


def _clause_end(text: str, at: int) -> int:
    """Where the sentence that `at` is in ends."""
    return next((i for i in range(at, len(text)) if _ends_sentence(text, i)), len(text))


def _phrase_end(text: str, at: int) -> int:
    return next((i for i in range(at, len(text)) if _ends_sentence(text, i) or text[i] in _CLAUSE_BREAK), len(text))


def _qualified(text: str, start: int, end: int, bounds: frozenset[int]) -> bool:
    for word in _QUALIFYING:
        found = text.find(word, start, end)
        while found != -1:
            if found in bounds and found + len(word) in bounds:
                return True
            found = text.find(word, found + 1, end)
    return False


def looks_like_a_decision_word(cell: str) -> bool:
    """Short cells (a word or three, no sentence) are meant as a decision; longer ones are notes.
    Words are counted as the language has them: an unspaced Thai or Chinese sentence is many."""
    text = cell.strip()
    if re.search(r"[.;:!?。；：！？។]\s*\S", text):
        return False
    count = sum(1 for word in words(text) if any(char.isalnum() for char in word))
    return 0 < count <= 3
