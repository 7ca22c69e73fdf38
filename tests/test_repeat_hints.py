"""exchange/repeat_hints: a new comment of a later round that reads like one of its stakeholder's
earlier comments, in any script (Chinese and Thai have no spaces between words)."""

from __future__ import annotations

from projects import CONFIG, DRAFT, load, yaml

from commentmatrix.exchange.repeat_hints import DuplicateHint, NewText, RepeatHint, duplicate_hints, repeat_hints

ROUNDS = """
    rounds:
      - id: r1
        draft: mws-1
      - id: r2
        draft: mws-2
      - id: r3
        draft: mws-3
    """

ROUND_1 = """
    stakeholder: lao-pdr
    comments:
      - id: LAO-1
        target: background.1
        text: {en: Say how many people., zh: 请说明有多少人依靠这条河生活。}
        response:
          decision: rejected
      - id: LAO-2
        target: principles.1
        text: ควรเพิ่มหลักการแบ่งปันข้อมูลระหว่างประเทศสมาชิก
      - id: LAO-3
        target: general
        text: The fisheries chapter is too short.
        withdrawn: 2030-03-01
    """

ROUND_2 = """
    stakeholder: lao-pdr
    comments:
      - id: LAO-7
        target: background.1
        text: 请说明有多少人依靠这条河生活。
    """

WWF = """
    stakeholder: wwf
    comments:
      - id: WWF-1
        target: principles.1
        text: ควรเพิ่มหลักการแบ่งปันข้อมูลระหว่างประเทศสมาชิก
    """


def project():
    return load(project_files())


def project_files() -> dict[str, str]:
    config = yaml(CONFIG).replace("draft: mws-1\ndeadline: 2030-01-31\n", yaml(ROUNDS))
    files = {"cm.yaml": config, "comments/lao-pdr.yaml": ROUND_1, "comments/r2/lao-pdr.yaml": ROUND_2,
             "comments/wwf.yaml": WWF}
    for number in (1, 2, 3):
        files[f"drafts/mws-{number}.yaml"] = yaml(DRAFT).replace("id: mws-1", f"id: mws-{number}")
    return files


def hints(*added: NewText) -> list[RepeatHint]:
    return list(repeat_hints(project(), added))


def test_a_thai_comment_with_a_word_changed_is_hinted_with_its_likeness_and_fate() -> None:
    # แบ่งปัน (share) became เผยแพร่ (publish): the rest of the unspaced sentence is the same.
    found = hints(NewText("LAO-9", "lao-pdr", "r2", "ควรเพิ่มหลักการเผยแพร่ข้อมูลระหว่างประเทศสมาชิก"))
    assert found == [RepeatHint("LAO-9", "LAO-2", "r1", 0.89, "open")]
    assert found[0].line == ("LAO-9 looks like LAO-2 of round r1 (89% alike, open there): "
                             "if it repeats it, run: cm repeats LAO-9 LAO-2")


def test_a_chinese_comment_is_matched_against_every_language_of_the_earlier_one() -> None:
    found = hints(NewText("LAO-9", "lao-pdr", "r2", {"zh": "请说明有多少人依靠这条河生活", "en": "How many?"}))
    assert [(h.old_id, h.outcome) for h in found] == [("LAO-1", "rejected")]


def test_the_nearest_earlier_round_is_asked_first() -> None:
    found = hints(NewText("LAO-12", "lao-pdr", "r3", "请说明有多少人依靠这条河生活。"))
    assert [(h.old_id, h.round_id, h.alike) for h in found] == [("LAO-7", "r2", 1.0)]


def test_a_withdrawn_comment_says_so() -> None:
    found = hints(NewText("LAO-9", "lao-pdr", "r2", "The fisheries chapter is much too short."))
    assert [(h.old_id, h.outcome) for h in found] == [("LAO-3", "withdrawn")]


def test_no_hint_for_another_stakeholders_words_a_new_point_or_the_first_round() -> None:
    assert hints(NewText("WWF-2", "wwf", "r2", "请说明有多少人依靠这条河生活。"),
                 NewText("LAO-9", "lao-pdr", "r2", "เพิ่มแผนที่ลุ่มน้ำ"),
                 NewText("LAO-10", "lao-pdr", "r1", "ควรเพิ่มหลักการแบ่งปันข้อมูลระหว่างประเทศสมาชิก")) == []


# ---------------------------------------------------------------- duplicates in the same round

THAILAND = """
    stakeholder: thailand
    comments:
      - id: TH-1
        target: background.1
        text: 请说明有多少人依靠这条河生活。
    """


def duplicates(*added: NewText) -> list[DuplicateHint]:
    files = {**project_files(), "comments/r2/thailand.yaml": THAILAND}
    return list(duplicate_hints(load(files), added))


def test_a_chinese_comment_like_another_stakeholders_of_the_round_is_named_with_the_command():
    found = duplicates(NewText("WWF-5", "wwf", "r2", {"en": "How many?", "zh": "请说明有多少人依靠这条河生活"}))
    assert found == [DuplicateHint("WWF-5", "LAO-7", "Lao PDR", 0.96)]
    assert found[0].line == ("WWF-5 reads like LAO-7 (Lao PDR, 96% alike): if they say the same, run: cm group LAO-7 WWF-5")


def test_a_thai_comment_is_matched_with_a_new_one_before_it_of_another_stakeholder():
    found = duplicates(NewText("TH-2", "thailand", "r1", "ควรจัดทำแผนที่ลุ่มน้ำโขงฉบับใหม่"),
                       NewText("KH-1", "cambodia", "r1", "ควรจัดทำแผนที่ลุ่มน้ำโขงฉบับใหม่ด้วย"),
                       # the same words as LAO-2 and WWF-1 of round r1: the first is named
                       NewText("TH-3", "thailand", "r1", "ควรเพิ่มหลักการแบ่งปันข้อมูลระหว่างประเทศสมาชิก"))
    assert [(h.new_id, h.other_id, h.other_stakeholder, h.alike) for h in found] == [
        ("KH-1", "TH-2", "Thailand", 0.94), ("TH-3", "LAO-2", "Lao PDR", 1.0)]


def test_no_duplicate_hint_for_the_same_stakeholder_another_round_or_a_new_point():
    assert duplicates(NewText("LAO-8", "lao-pdr", "r2", "请说明有多少人依靠这条河生活。"),
                      NewText("WWF-5", "wwf", "r3", "请说明有多少人依靠这条河生活。"),
                      NewText("WWF-6", "wwf", "r2", "เพิ่มแผนที่ลุ่มน้ำ")) == [DuplicateHint("LAO-8", "TH-1", "Thailand", 1.0)]


def test_the_quoted_words_of_a_word_comment_are_left_out_of_the_comparison_on_both_sides() -> None:
    from commentmatrix.exchange.import_plan import with_quoted_words, without_quoted_words

    said = "ควรเพิ่มหลักการแบ่งปันข้อมูลระหว่างประเทศสมาชิก"
    assert without_quoted_words(with_quoted_words("หลักการ", said)) == said
    # Quotes elsewhere, or a text that is nothing but quoted words, are the text as it is.
    for text in ("Say “joint”: not “common”.", "“หลักการ”: ", "“a\nb”: c"):
        assert without_quoted_words(text) == text
    found = hints(NewText("LAO-9", "lao-pdr", "r2", with_quoted_words("ข้อมูล", said)))
    assert found == [RepeatHint("LAO-9", "LAO-2", "r1", 1.0, "open")]
