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
        # cm render letters (views/letters.py)
        "letter_subject": "Responses to your comments", "letter_dear": "To {name}",
        "letter_opening": "Thank you for your comments on {draft} ({round}) in the consultation on {consultation}. "
                          "The secretariat has considered each of them; this letter sets out, point by point, how each was "
                          "answered and what it changed in the revised draft.",
        "letter_comment_heading": "Comment {id}", "letter_part": "Part of the draft", "letter_your_comment": "Your comment",
        "letter_changed": "Changed in the revised draft", "letter_no_change": "No change to the draft",
        "letter_withdrawn": "You withdrew this comment; it needs no answer.",
        "letter_answered_with": "Answered with {id}, which raised the same point",
        "letter_repeats": "You raised this point in the previous round as {id}.",
        "letter_ack_no-comments": "Thank you for letting us know that you have no comments on {draft} ({round}) "
                                  "in the consultation on {consultation}.",
        "letter_ack_reviewing": "Thank you for letting us know that you are still reviewing {draft} ({round}) "
                                "in the consultation on {consultation}. We look forward to your comments.",
        "letter_ack_pending": "We sent you {draft} ({round}) for comment in the consultation on {consultation} "
                              "and have not yet received your reply.",
        "letter_deadline": "Comments are welcome until {date}.",
        "letter_closing": "We thank you again for your contribution and remain at your disposal for any question.",
        "letter_regards": "Yours sincerely,", "letter_signature": "The Secretariat",
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
        # cm render letters (views/letters.py)
        "letter_subject": "关于贵方意见的回复", "letter_dear": "致{name}",
        "letter_opening": "感谢贵方在{consultation}征求意见中对{draft}（{round}）提出的意见。秘书处已逐条研究，"
                          "现将每条意见的处理情况及其对修订稿的修改逐项说明如下。",
        "letter_comment_heading": "意见 {id}", "letter_part": "所涉草案部分", "letter_your_comment": "贵方意见",
        "letter_changed": "修订稿中的修改", "letter_no_change": "草案未作修改",
        "letter_withdrawn": "贵方已撤回此条意见，无需回应。",
        "letter_answered_with": "与{id}一并回应（内容相同）",
        "letter_repeats": "贵方曾在上一轮以{id}提出此意见。",
        "letter_ack_no-comments": "感谢贵方告知对{consultation}征求意见中的{draft}（{round}）无意见。",
        "letter_ack_reviewing": "感谢贵方告知仍在审阅{consultation}征求意见中的{draft}（{round}），我们期待贵方的意见。",
        "letter_ack_pending": "我们已将{draft}（{round}）送交贵方，征求对{consultation}的意见，尚未收到贵方回复。",
        "letter_deadline": "意见截止日期为{date}。",
        "letter_closing": "再次感谢贵方的宝贵意见。如有任何问题，请随时与我们联系。",
        "letter_regards": "此致", "letter_signature": "秘书处",
    },
    # cm render letters (views/letters.py): the letters' words; vi's other words come with the labels of every language.
    "vi": {
        "letter_subject": "Phản hồi về các ý kiến góp ý của Quý cơ quan", "letter_dear": "Kính gửi {name}",
        "letter_opening": "Xin cảm ơn Quý cơ quan đã góp ý cho {draft} ({round}) trong đợt tham vấn về {consultation}. "
                          "Ban Thư ký đã xem xét từng ý kiến; thư này trình bày lần lượt cách trả lời từng ý kiến "
                          "và những thay đổi trong bản dự thảo sửa đổi.",
        "letter_comment_heading": "Ý kiến {id}", "letter_part": "Phần dự thảo", "letter_your_comment": "Ý kiến của Quý cơ quan",
        "letter_changed": "Thay đổi trong bản dự thảo sửa đổi", "letter_no_change": "Dự thảo không thay đổi",
        "letter_withdrawn": "Quý cơ quan đã rút ý kiến này; không cần trả lời.",
        "letter_answered_with": "Được trả lời cùng với {id} (cùng nội dung)",
        "letter_repeats": "Quý cơ quan đã nêu ý kiến này ở vòng trước ({id}).",
        "letter_ack_no-comments": "Xin cảm ơn Quý cơ quan đã thông báo không có ý kiến về {draft} ({round}) "
                                  "trong đợt tham vấn về {consultation}.",
        "letter_ack_reviewing": "Xin cảm ơn Quý cơ quan đã thông báo vẫn đang xem xét {draft} ({round}) trong đợt tham vấn "
                                "về {consultation}. Chúng tôi mong nhận được ý kiến của Quý cơ quan.",
        "letter_ack_pending": "Chúng tôi đã gửi {draft} ({round}) để lấy ý kiến trong đợt tham vấn về {consultation} "
                              "và chưa nhận được phản hồi của Quý cơ quan.",
        "letter_deadline": "Hạn gửi ý kiến: {date}.",
        "letter_closing": "Một lần nữa xin cảm ơn sự đóng góp của Quý cơ quan. Chúng tôi sẵn sàng giải đáp mọi câu hỏi.",
        "letter_regards": "Trân trọng,", "letter_signature": "Ban Thư ký",
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
