"""The round-to-round classification of a stakeholder's comments (carryover.py)."""

from __future__ import annotations

from projects import SMALL, load, replaced
from two_rounds_replies import TWO_ROUNDS, two_rounds

from commentmatrix.carryover import classify, compare_rounds, counts, kind_of, same_text


def kinds(items):  # type: ignore[no-untyped-def]
    return [(item.ref.id, item.kind, item.earlier.id if item.earlier else None) for item in items]


def test_lao_pdr_repeats_one_withdraws_one_lets_one_rest_and_raises_one_anew() -> None:
    project = two_rounds()
    assert kinds(classify(project, "lao-pdr", "1", "2")) == [
        ("L2-1", "new", None),
        ("L2-2", "repeated", "LAO-2"),  # re-wrapped over two lines with runs of spaces: the same text
        ("LAO-1", "resolved", None),
        ("LAO-3", "withdrawn", None),
    ]


def test_other_words_revise_and_a_repeat_of_another_stakeholders_comment_is_new() -> None:
    project = two_rounds()
    assert kinds(classify(project, "wwf", "1", "2")) == [("WWF2-1", "revised", "WWF-1"), ("WWF-2", "resolved", None)]
    assert kinds(classify(project, "thailand", "1", "2")) == [("TH2-1", "new", None)]


def test_compare_rounds_covers_the_roster_in_order() -> None:
    by_stakeholder = compare_rounds(two_rounds(), "1", "2")
    assert list(by_stakeholder) == ["lao-pdr", "thailand", "cambodia", "viet-nam", "wwf"]
    assert by_stakeholder["cambodia"] == [] and by_stakeholder["viet-nam"] == []
    assert counts(by_stakeholder["lao-pdr"]) == {"new": 1, "repeated": 1, "revised": 0, "withdrawn": 1, "resolved": 1}


def test_kind_of_a_comment_against_the_round_before_its_own() -> None:
    project = two_rounds()
    by_id = project.comments_by_id
    assert {cid: kind_of(project, by_id[cid]) for cid in ("LAO-1", "L2-1", "L2-2", "WWF2-1", "TH2-1")} == {
        "LAO-1": None, "L2-1": "new", "L2-2": "repeated", "WWF2-1": "revised", "TH2-1": "new"}


def test_a_changed_word_in_one_language_only_revises() -> None:
    files = replaced(TWO_ROUNDS, "comments/2/lao-pdr.yaml", "zh: 增加数据共享原则。", "zh: 增加数据共享的原则。")
    assert kinds(classify(load(files), "lao-pdr", "1", "2"))[1] == ("L2-2", "revised", "LAO-2")


def test_same_text_normalises_whitespace_in_every_language_and_nothing_else() -> None:
    assert same_text({"vi": "Bối  cảnh\nchung", "th": "ผลประโยชน์ ร่วมกัน"}, {"vi": "Bối cảnh chung", "th": "ผลประโยชน์ ร่วมกัน"})
    # Vietnamese typed with combining marks is the same text as precomposed.
    assert same_text("Bo\u0302\u0301i ca\u0309nh", "Bối cảnh")
    assert not same_text({"km": "ការបើកចំហ"}, {"km": "ការ បើកចំហ"})  # a space inside Khmer words is a change
    assert not same_text("Openness", "openness")
    assert not same_text({"en": "Openness", "lo": "ການເປີດກວ້າງ"}, {"en": "Openness"})


def test_a_project_of_one_round_has_no_kinds() -> None:
    project = load(SMALL)
    assert kind_of(project, project.comments_by_id["LAO-1"]) is None
