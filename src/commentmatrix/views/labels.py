"""The fixed words of the matrix and the synopsis (headings, decisions, states), per language.

Outputs print these around the stakeholders' text; a language without its own words uses the
English ones. A new language is a new entry in LABELS.
"""

from __future__ import annotations

from commentmatrix.model.text import Line, Lines

#: Words the outputs print around the data, per language; other languages use the English.
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "stakeholder": "Stakeholders", "target": "Targeted Parts", "comment": "Comments", "response": "Response",
        "id": "No.", "section": "Section", "topic": "Topic", "proposal": "Proposed edits", "decision": "Decision",
        "note": "Note", "edits": "Edits made", "state": "State", "by": "Decided by",
        "original": "Original text", "revised": "Revised text", "changed_by": "Changed by", "where": "Where",
        "general": "General", "paragraph": "¶", "title_of": "title", "new": "new",
        "accepted": "Accepted", "partially": "Partially accepted", "rejected": "Rejected", "noted": "Noted",
        "open": "Open", "withdrawn": "Withdrawn by the stakeholder",
        "submitted": "Submitted", "no-comments": "No comments", "reviewing": "In the progress of reviewing",
        "pending": "No reply yet",
        "insert": "+ new paragraph", "insert_section": "+ new section", "delete": "– delete",
        "deleted": "(deleted)", "inserted": "(new)", "after": "after {place}", "at_end": "at the end of {place}",
        "added_by": "the paragraph {comment} adds",
        "matrix": "Comments Matrix", "synopsis": "Synopsis of changes", "draft": "Draft", "version": "version",
        "deadline": "Comments until", "date": "Date", "comments_total": "comments",
        "by_stakeholder": "Decisions per stakeholder", "by_section": "Decisions per section",
        "round": "Round", "round_of": "Round {id}", "all_rounds": "All rounds", "carryover": "Since the previous round",
        "repeats": "repeats {id}", "revised_from": "revised from {id}", "new_in_round": "new in this round",
        "objection": "Objected by the stakeholder", "ack_agree": "Agrees with the responses",
        "ack_object": "Objects to the responses",
        "see_lead": "see {id}",
        # audiences (issue 17): who a public draft credits an internal comment's changes to; the internal note's words
        "secretariat": "Secretariat",
        "internal_note": "Internal note (not for publication)",
    },
    "zh": {
        "stakeholder": "国家/组织", "target": "针对条目", "comment": "具体意见", "response": "回应",
        "id": "编号", "section": "章节", "topic": "类别", "proposal": "修改建议", "decision": "决定",
        "note": "说明", "edits": "所作修改", "state": "状态", "by": "决定人",
        "original": "原文", "revised": "修订文本", "changed_by": "修改依据", "where": "位置",
        "general": "总体", "paragraph": "第", "title_of": "标题", "new": "新增",
        "accepted": "采纳", "partially": "部分采纳", "rejected": "不采纳", "noted": "已知悉", "open": "待回应", "withdrawn": "已撤回",
        "submitted": "已提交", "no-comments": "无意见", "reviewing": "审阅中", "pending": "尚未回复",
        "insert": "+ 新增段落", "insert_section": "+ 新增章节", "delete": "– 删除",
        "deleted": "(已删除)", "inserted": "(新增)", "after": "{place}之后", "at_end": "{place}末尾",
        "added_by": "{comment}新增的段落",
        "matrix": "意见汇总", "synopsis": "修改对照表", "draft": "草案", "version": "版本",
        "deadline": "意见截止", "date": "日期", "comments_total": "条意见",
        "by_stakeholder": "各国家/组织意见处理情况", "by_section": "各章节意见处理情况",
        "round": "轮次", "round_of": "第{id}轮", "all_rounds": "所有轮次", "carryover": "与上一轮相比",
        "repeats": "重复{id}", "revised_from": "修改自{id}", "new_in_round": "本轮新增",
        "objection": "该方提出异议", "ack_agree": "同意上述回应", "ack_object": "反对上述回应",
        "see_lead": "见{id}",
        # audiences (issue 17): who a public draft credits an internal comment's changes to; the internal note's words
        "secretariat": "秘书处",
        "internal_note": "内部备注(不公开)",
    },
}


def label(key: str, langs: tuple[str, ...]) -> Lines:
    """A fixed word in every requested language that has one; English once when none has."""
    found: list[Line] = []
    for lang in langs:
        word = LABELS.get(lang, {}).get(key)
        if word is not None and all(word != seen for _, seen in found):
            found.append((lang, word))
    return tuple(found) or (("en", LABELS["en"][key]),)


def all_labels(langs: tuple[str, ...]) -> dict[str, Lines]:
    return {key: label(key, langs) for key in LABELS["en"]}


def word(key: str, lang: str | None) -> str:
    return LABELS.get(lang or "en", LABELS["en"]).get(key, LABELS["en"][key])
