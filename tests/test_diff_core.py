"""diff.diff_projects between two projects built in memory: comments added, removed and edited,
decisions, reply states, the revised text, edit outcomes and the counts."""

from __future__ import annotations

from projects import SMALL, load, replaced, with_file
from two_rounds_replies import TWO_ROUNDS

from commentmatrix.diff import (
    CommentEdit,
    CommentEntry,
    Counts,
    DecisionChange,
    OutcomeChange,
    StateChange,
    TextChange,
    diff_projects,
)
from commentmatrix.tally import Tally

BEFORE = Counts(Tally.counted(accepted=1, partially=1, noted=1, open=1), 0, 0)
BACKGROUND_ORIGINAL = {"en": "The river feeds sixty million people.", "zh": "这条河养活了六千万人。",
                       "vi": "Dòng sông nuôi sống sáu mươi triệu người."}
BACKGROUND_REVISED = {**BACKGROUND_ORIGINAL, "en": "The river feeds seventy million people."}
VIET_NAM_FILE = """
    stakeholder: viet-nam
    received: 2030-01-28
    comments:
      - id: VN-1
        target: background
        text: {vi: Thêm số liệu về phù sa., en: Add sediment figures.}
    """


def diff(after: dict[str, str], before: dict[str, str] = SMALL):
    return diff_projects(load(before), load(after))


def test_the_same_files_give_an_unchanged_diff():
    result = diff(dict(SMALL))
    assert result.unchanged
    assert (result.before, result.after) == (BEFORE, BEFORE)
    assert result.to_json()["comments"] == {"added": [], "removed": [], "edited": []}


def test_a_new_comment_file_adds_its_comments_and_changes_the_reply_state():
    result = diff(with_file(SMALL, "comments/viet-nam.yaml", VIET_NAM_FILE))
    assert result.added == [CommentEntry("VN-1", "viet-nam", "background", None,
                                         {"vi": "Thêm số liệu về phù sa.", "en": "Add sediment figures."},
                                         "comments/viet-nam.yaml", 4)]
    assert result.stakeholders == [StateChange("viet-nam", {"en": "Viet Nam", "vi": "Việt Nam"}, "pending", "submitted")]
    assert (result.removed, result.edited, result.decisions, result.texts, result.outcomes) == ([], [], [], [], [])
    assert result.after == Counts(Tally.counted(accepted=1, partially=1, noted=1, open=2), 0, 0)
    assert not result.unchanged


def test_a_removed_comment_is_listed_with_its_place_in_the_old_files():
    lao = replaced(SMALL, "comments/lao-pdr.yaml", "  - id: LAO-2\n    target: principles\n"
                   "    text: {en: Add a principle on sharing data., zh: 增加数据共享原则。}\n", "")
    result = diff(lao)
    assert result.removed == [CommentEntry("LAO-2", "lao-pdr", "principles", None,
                                           {"en": "Add a principle on sharing data.", "zh": "增加数据共享原则。"},
                                           "comments/lao-pdr.yaml", 15)]
    assert result.after == Counts(Tally.counted(accepted=1, partially=1, noted=1), 0, 0)


def test_edited_fields_are_named_and_a_decision_change_is_reported_apart():
    after = replaced(SMALL, "comments/wwf.yaml", "text: Fisheries deserve more weight.",
                     "text: {en: Fisheries deserve more weight., th: การประมงควรมีน้ำหนักมากขึ้น}")
    after = replaced(after, "comments/lao-pdr.yaml", "text: {en: Add a principle on sharing data., zh: 增加数据共享原则。}\n",
                     "text: {en: Add a principle on sharing data., zh: 增加数据共享原则。}\n    topic: data\n"
                     "    response:\n      decision: noted\n      by: Secretariat\n")
    result = diff(after)
    assert result.edited == [CommentEdit("LAO-2", "lao-pdr", ("topic", "response.by"), "comments/lao-pdr.yaml", 15),
                             CommentEdit("WWF-1", "wwf", ("text",), "comments/wwf.yaml", 3)]
    assert result.decisions == [DecisionChange("LAO-2", "lao-pdr", None, "noted", "comments/lao-pdr.yaml", 15)]


def test_a_comment_moved_to_another_file_of_its_stakeholder_is_edited_in_its_file():
    wwf_1 = ("  - id: WWF-1\n    target: general\n    text: Fisheries deserve more weight.\n    response:\n"
             "      decision: noted\n      note: The fisheries section covers this.\n")
    after = replaced(SMALL, "comments/wwf.yaml", wwf_1, "")
    after = with_file(after, "comments/wwf/general.yaml", "stakeholder: wwf\ncomments:\n" + wwf_1)
    result = diff(after)
    assert result.edited == [CommentEdit("WWF-1", "wwf", ("file",), "comments/wwf/general.yaml", 3)]
    assert (result.added, result.removed, result.decisions) == ([], [], [])


def test_rejecting_an_accepted_comment_restores_the_text_and_changes_the_outcome():
    result = diff(replaced(SMALL, "comments/lao-pdr.yaml", "decision: accepted", "decision: rejected\n      note: ບໍ່"))
    assert result.decisions == [DecisionChange("LAO-1", "lao-pdr", "accepted", "rejected", "comments/lao-pdr.yaml", 4)]
    assert result.edited == [CommentEdit("LAO-1", "lao-pdr", ("response.note",), "comments/lao-pdr.yaml", 4)]
    assert result.texts == [TextChange("background.1", "1", BACKGROUND_REVISED, BACKGROUND_ORIGINAL, ("LAO-1",))]
    assert result.outcomes == [OutcomeChange("LAO-1", "lao-pdr", ("applied",), ("checked",), ())]
    assert result.after == Counts(Tally.counted(partially=1, rejected=1, noted=1, open=1), 0, 0)


def test_an_inserted_paragraph_no_longer_decided_disappears_from_the_revised_text():
    result = diff(replaced(SMALL, "comments/wwf.yaml", "decision: partially", "decision: noted"))
    assert result.texts == [TextChange("fisheries.2", "2.1", {"en": "Protect the deep pools.", "zh": "保护深潭。"}, None, ("WWF-2",))]
    assert result.outcomes == [OutcomeChange("WWF-2", "wwf", ("checked", "applied"), ("checked", "checked"), ())]
    # The response still holds edits a noted comment does not apply: one warning more.
    assert result.after == Counts(Tally.counted(accepted=1, noted=2, open=1), 0, 1)


def test_an_edit_that_stops_applying_is_an_outcome_change_with_its_problem():
    result = diff(replaced(SMALL, "comments/lao-pdr.yaml", "replace: sixty million", "replace: sáu mươi triệu"))
    assert result.edited == [CommentEdit("LAO-1", "lao-pdr", ("proposal",), "comments/lao-pdr.yaml", 4)]
    assert result.outcomes == [OutcomeChange("LAO-1", "lao-pdr", ("applied",), ("failed",),
                                             ("the old text 'sáu mươi triệu' is not in paragraph 'background.1' (en)",))]
    assert result.texts == [TextChange("background.1", "1", BACKGROUND_REVISED, BACKGROUND_ORIGINAL, ("LAO-1",))]
    assert (result.before.errors, result.after.errors) == (0, 1)


def test_reply_states_changed_added_and_dropped_from_the_roster():
    after = replaced(SMALL, "comments/thailand.yaml", "state: no-comments", "state: reviewing")
    after = replaced(after, "cm.yaml", "  - id: cambodia\n    name: {en: Cambodia, km: កម្ពុជា}\n    kind: country\n",
                     "  - id: myanmar\n    name: {en: Myanmar, zh: 缅甸}\n    kind: country\n")
    after = with_file(after, "comments/cambodia.yaml", None)
    result = diff(after)
    assert result.stakeholders == [
        StateChange("thailand", {"en": "Thailand", "th": "ประเทศไทย"}, "no-comments", "reviewing"),
        StateChange("myanmar", {"en": "Myanmar", "zh": "缅甸"}, None, "pending"),
        StateChange("cambodia", {"en": "Cambodia", "km": "កម្ពុជា"}, "reviewing", None),
    ]


def test_a_changed_draft_text_is_a_revised_text_change_without_a_comment():
    result = diff(replaced(SMALL, "drafts/mws-1.yaml", "text: {en: Openness, zh: 开放, lo: ການເປີດກວ້າງ, km: ការបើកចំហ}",
                           "text: {en: Openness, zh: 开放, lo: ການເປີດກວ້າງ, km: ភាពបើកចំហ}"))
    assert result.texts == [TextChange("principles.2", "2", {"en": "Openness", "zh": "开放", "lo": "ການເປີດກວ້າງ", "km": "ការបើកចំហ"},
                                       {"en": "Openness", "zh": "开放", "lo": "ການເປີດກວ້າງ", "km": "ភាពបើកចំហ"}, ())]
    assert (result.added, result.removed, result.edited, result.decisions, result.stakeholders, result.outcomes) == (
        [], [], [], [], [], [])


def test_a_comment_withdrawn_is_counted_withdrawn_not_open_and_shows_as_edited():
    after = replaced(SMALL, "comments/lao-pdr.yaml", "text: {en: Add a principle on sharing data., zh: 增加数据共享原则。}\n",
                     "text: {en: Add a principle on sharing data., zh: 增加数据共享原则。}\n    withdrawn: 2030-01-25\n")
    result = diff(after)
    assert result.after == Counts(Tally.counted(accepted=1, partially=1, noted=1, withdrawn=1), 0, 0)
    assert result.edited == [CommentEdit("LAO-2", "lao-pdr", ("withdrawn",), "comments/lao-pdr.yaml", 15)]
    assert result.decisions == []


def test_counts_cover_every_round():
    result = diff(TWO_ROUNDS, TWO_ROUNDS)
    assert result.unchanged
    assert result.after.tally == Tally.counted(accepted=1, partially=1, rejected=2, noted=1, withdrawn=1, open=3)
