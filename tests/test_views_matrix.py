"""views.matrix on a project built in memory: rows, groups, labels in several languages,
open-only, by section, and the synopsis rows."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from projects import SMALL, load, replaced, small

from commentmatrix.engine import revise
from commentmatrix.revision import Segment
from commentmatrix.tally import Tally
from commentmatrix.views.labels import label
from commentmatrix.views.matrix import (
    MatrixOptions,
    MatrixRow,
    SynopsisComment,
    SynopsisRow,
    build_matrix,
    build_synopsis,
)

EN_ZH = ("en", "zh")
PROTECT_POOLS = (("en", "+ new paragraph (after ¶1): Protect the deep pools."), ("zh", "+ 新增段落 (第1段之后): 保护深潭。"))


def matrix(files=SMALL, **options):
    project = load(files)
    return build_matrix(project, revise(project), MatrixOptions(**options))


def groups(view) -> list[tuple]:
    return [(g.key, g.heading, g.state, g.state_label, [r.id for r in g.rows]) for g in view.groups]


def test_rows_are_grouped_by_stakeholder_in_roster_order_with_a_state_for_those_without_comments():
    # The internal audience's view: a state with the stakeholder's contact (the public one drops it).
    assert groups(matrix(languages=EN_ZH, audience="internal")) == [
        ("lao-pdr", (("en", "Lao PDR"),), "submitted", (), ["LAO-1", "LAO-2"]),
        ("thailand", (("en", "Thailand"),), "no-comments", (("en", "No comments (คุณสมชาย)"), ("zh", "无意见(คุณสมชาย)")), []),
        ("cambodia", (("en", "Cambodia"),), "reviewing", (("en", "In the progress of reviewing"), ("zh", "审阅中")), []),
        ("viet-nam", (("en", "Viet Nam"),), "pending", (("en", "No reply yet"), ("zh", "尚未回复")), []),
        ("wwf", ((None, "WWF"),), "submitted", (), ["WWF-1", "WWF-2"]),
    ]


def test_a_row_holds_target_text_proposal_decision_and_response_in_the_languages_asked_for():
    rows = {row.id: row for _, row in matrix(languages=EN_ZH).rows()}
    assert rows["LAO-1"] == MatrixRow(
        id="LAO-1", stakeholder_id="lao-pdr", stakeholder=(("en", "Lao PDR"),), target_id="background.1",
        target=(("en", "1 Background ¶1"), ("zh", "1 背景 第1段")), topic=None, text=(("en", "Say how many people."),),
        proposal=((("en", "“sixty million” → “seventy million”"),),), decision="accepted",
        decision_label=(("en", "Accepted"), ("zh", "采纳")), note=(), edits=(), by=None, date=dt.date(2030, 2, 1), round_id="1")
    assert rows["WWF-2"] == MatrixRow(
        id="WWF-2", stakeholder_id="wwf", stakeholder=((None, "WWF"),), target_id="fisheries.1",
        target=(("en", "2.1 Fisheries ¶1"), ("zh", "2.1 渔业 第1段")), topic=None, text=(("en", "Name the deep pools."),),
        proposal=(PROTECT_POOLS,), decision="partially", decision_label=(("en", "Partially accepted"), ("zh", "部分采纳")),
        note=(("en", "One pool at a time."), ("zh", "逐个处理。")), edits=(PROTECT_POOLS,), by=None, date=None, round_id="1")
    assert (rows["LAO-2"].decision, rows["LAO-2"].decision_label) == ("open", (("en", "Open"), ("zh", "待回应")))
    assert (rows["WWF-1"].target, rows["WWF-1"].text) == ((("en", "General"), ("zh", "总体")),
                                                          ((None, "Fisheries deserve more weight."),))


def test_rows_share_the_names_and_words_they_repeat_and_hold_no_dict_each():
    # At 100,000 comments a copy of each per row was a large part of the view's memory.
    view = matrix(languages=EN_ZH)
    rows = {row.id: row for _, row in view.rows()}
    lao = next(group for group in view.groups if group.key == "lao-pdr")
    assert rows["LAO-1"].stakeholder is rows["LAO-2"].stakeholder is lao.heading
    again = matrix(files=replaced(SMALL, "comments/wwf.yaml", "target: general", "target: background.1"), languages=EN_ZH)
    moved = {row.id: row for _, row in again.rows()}
    assert moved["WWF-1"].target == (("en", "1 Background ¶1"), ("zh", "1 背景 第1段"))
    assert moved["WWF-1"].target is moved["LAO-1"].target
    assert not hasattr(rows["LAO-1"], "__dict__") and not hasattr(lao, "__dict__")


def test_texts_show_in_the_asked_languages_and_whole_when_they_have_none_of_them():
    view = matrix(by="section", languages=("vi", "km", "lo", "th"))
    rows = {row.id: row for _, row in view.rows()}
    assert rows["LAO-1"].target == (("vi", "1 Bối cảnh ¶1"),)
    assert rows["LAO-1"].stakeholder == (("lo", "ສປປ ລາວ"),)
    assert rows["LAO-1"].text == (("lo", "ບອກຈຳນວນຄົນ."),)
    assert rows["WWF-2"].text == (("km", "ដាក់ឈ្មោះអន្លង់ជ្រៅ។"),)
    # No Vietnamese, Khmer, Lao or Thai title for section 2: every language it has.
    assert rows["LAO-2"].target == (("en", "2 Principles"), ("zh", "2 原则"))
    # cm's own words in each of these languages (docs/labels.md).
    assert rows["LAO-1"].decision_label == (("vi", "Tiếp thu"), ("km", "ទទួលយក"), ("lo", "ຮັບເອົາ"), ("th", "ยอมรับ"))


def test_fixed_words_come_in_every_asked_language_that_has_them_and_english_when_none_has():
    assert label("partially", ("zh", "en")) == (("zh", "部分采纳"), ("en", "Partially accepted"))
    assert label("partially", ("th", "zh")) == (("th", "ยอมรับบางส่วน"), ("zh", "部分采纳"))
    assert label("partially", ("vi", "lo", "km")) == (("vi", "Tiếp thu một phần"), ("lo", "ຮັບເອົາບາງສ່ວນ"), ("km", "ទទួលយកមួយផ្នែក"))
    assert label("partially", ("xx", "yy")) == (("en", "Partially accepted"),)


def test_the_project_languages_are_the_default_order():
    view = matrix()
    assert view.languages == ("en", "zh", "vi", "th", "lo", "km")
    assert view.labels["decision"] == (("en", "Decision"), ("zh", "决定"), ("vi", "Kết quả"), ("th", "ผลการพิจารณา"),
                                       ("lo", "ຜົນການພິຈາລະນາ"), ("km", "សេចក្តីសម្រេច"))
    assert groups(view)[0][1] == (("en", "Lao PDR"), ("lo", "ສປປ ລາວ"))


def test_by_section_groups_general_first_then_draft_order_with_section_headings():
    assert groups(matrix(by="section", languages=EN_ZH)) == [
        ("general", (("en", "General"), ("zh", "总体")), None, (), ["WWF-1"]),
        ("background", (("en", "1 Background"), ("zh", "1 背景")), None, (), ["LAO-1"]),
        ("principles", (("en", "2 Principles"), ("zh", "2 原则")), None, (), ["LAO-2"]),
        ("fisheries", (("en", "2.1 Fisheries"), ("zh", "2.1 渔业")), None, (), ["WWF-2"]),
    ]


def test_tallies_count_each_decision_per_stakeholder_and_per_section():
    view = matrix(languages=("en",))
    assert view.totals == Tally.counted("all", (), accepted=1, partially=1, noted=1, open=1)
    assert view.by_stakeholder == (Tally.counted("lao-pdr", (("en", "Lao PDR"),), accepted=1, open=1),
                                   Tally.counted("wwf", ((None, "WWF"),), partially=1, noted=1))
    assert view.by_section == (Tally.counted("general", (("en", "General"),), noted=1),
                               Tally.counted("background", (("en", "1 Background"),), accepted=1),
                               Tally.counted("principles", (("en", "2 Principles"),), open=1),
                               Tally.counted("fisheries", (("en", "2.1 Fisheries"),), partially=1))


def test_open_only_keeps_open_rows_and_stakeholders_still_to_answer():
    view = matrix(open_only=True, languages=("th", "zh"))
    assert groups(view) == [
        ("lao-pdr", (("en", "Lao PDR"), ("lo", "ສປປ ລາວ")), "submitted", (), ["LAO-2"]),
        ("cambodia", (("en", "Cambodia"), ("km", "កម្ពុជា")), "reviewing", (("th", "อยู่ระหว่างการพิจารณา"), ("zh", "审阅中")), []),
        ("viet-nam", (("en", "Viet Nam"), ("vi", "Việt Nam")), "pending", (("th", "ยังไม่ตอบกลับ"), ("zh", "尚未回复")), []),
    ]
    assert (view.totals, view.open_only) == (Tally.counted("all", (), open=1), True)


def test_a_submitted_file_without_comments_reads_as_no_comments():
    files = replaced(SMALL, "comments/thailand.yaml", "state: no-comments", "state: submitted")
    assert groups(matrix(files, languages=("en",), audience="internal"))[1] == (
        "thailand", (("en", "Thailand"),), "no-comments", (("en", "No comments (คุณสมชาย)"),), [])
    assert groups(matrix(files, languages=("en",)))[1] == ("thailand", (("en", "Thailand"),), "no-comments",
                                                           (("en", "No comments"),), [])


def test_an_unknown_grouping_is_refused():
    with pytest.raises(ValueError, match="unknown grouping 'topic'"):
        matrix(by="topic")


def test_the_header_carries_titles_version_deadline_and_the_date_given():
    view = matrix(languages=("zh",), date=dt.date(2030, 2, 15))
    assert (view.title, view.draft_title, view.draft_id, view.draft_version, view.deadline, view.date) == (
        (("zh", "湄公河水战略"),), (("zh", "湄公河水战略"),), "mws-1", "2029-12", dt.date(2030, 1, 31), dt.date(2030, 2, 15))


def test_the_synopsis_has_one_row_per_changed_text_with_its_pieces_and_comments():
    project = small()
    view = build_synopsis(project, revise(project), MatrixOptions(languages=EN_ZH))
    # One round: each row is its one stage (the round's revision), told as the row itself.
    assert [[(stage.round_id, stage.text_id, stage.revised) for stage in row.stages] for row in view.rows] == [
        [("1", row.text_id, row.revised)] for row in view.rows]
    assert tuple(dataclasses.replace(row, stages=()) for row in view.rows) == (
        SynopsisRow(
            text_id="background.1", where=(("en", "1 Background ¶1"), ("zh", "1 背景 第1段")),
            original=(("en", "The river feeds sixty million people."), ("zh", "这条河养活了六千万人。")),
            revised=(("en", "The river feeds seventy million people."), ("zh", "这条河养活了六千万人。")),
            changes=(("en", (Segment("The river feeds ", "keep"), Segment("sixty million", "delete", "LAO-1"),
                             Segment("seventy million", "insert", "LAO-1"), Segment(" people.", "keep"))),
                     ("zh", (Segment("这条河养活了六千万人。", "keep"),))),
            comments=(SynopsisComment("LAO-1", (("en", "Lao PDR"),), "accepted", (("en", "Accepted"), ("zh", "采纳"))),)),
        SynopsisRow(
            text_id="fisheries.2", where=(("en", "2.1 Fisheries (new)"), ("zh", "2.1 渔业 (新增)")),
            original=(), revised=(("en", "Protect the deep pools."), ("zh", "保护深潭。")),
            changes=(("en", (Segment("Protect the deep pools.", "insert", "WWF-2"),)),
                     ("zh", (Segment("保护深潭。", "insert", "WWF-2"),))),
            comments=(SynopsisComment("WWF-2", ((None, "WWF"),), "partially",
                                      (("en", "Partially accepted"), ("zh", "部分采纳"))),)),
    )


def test_the_synopsis_of_a_project_without_decided_edits_has_no_rows():
    files = replaced(SMALL, "comments/lao-pdr.yaml", "decision: accepted", "decision: rejected\n      note: ບໍ່")
    files = replaced(files, "comments/wwf.yaml", "decision: partially", "decision: noted")
    project = load(files)
    assert build_synopsis(project, revise(project), MatrixOptions()).rows == ()
