"""The one matcher that finds a draft text by its words: right on real edits, bounded on hostile ones."""

from __future__ import annotations

import random

from commentmatrix.textmatch import TextMatcher

DRAFT = {
    "background.1": "Environmental cooperation among the Lancang-Mekong countries supports the implementation "
                    "of the 2030 Sustainable Development Agenda in the region.",
    "review.1": "Rapid economic growth and urbanization have brought a great pressure to the rich fragile "
                "ecological environment for the region.",
    "review.1-zh": "快速的经济增长与城镇化对区域内丰富而脆弱的生态环境带来了巨大的压力。",
    "areas.1": "ส่งเสริมความร่วมมือด้านการจัดการทรัพยากรน้ำและการอนุรักษ์ความหลากหลายทางชีวภาพในภูมิภาค",
    "areas.2": "Strengthen capacity building for environmental management, including training of trainers.",
}


def matcher(**options) -> TextMatcher[str]:
    return TextMatcher.of(DRAFT.items(), **options)


def test_an_edited_paragraph_is_found_in_every_script():
    found = matcher()
    assert found.closest(DRAFT["review.1"].replace("a great pressure", "great pressures"), 0.75)[0] == "review.1"
    assert found.closest("快速的经济增长与城市化对区域内丰富而脆弱的生态环境带来了压力。", 0.75)[0] == "review.1-zh"
    assert found.closest(DRAFT["areas.1"].replace("ในภูมิภาค", ""), 0.75)[0] == "areas.1"
    key, ratio = found.closest(DRAFT["areas.2"].upper().lower(), 0.75)
    assert key == "areas.2" and 0.9 < ratio < 1


def test_a_quote_is_found_in_the_text_holding_it_and_an_exact_text_by_its_index():
    found = matcher()
    assert found.containing("training of trainers") == "areas.2"
    assert found.containing("ร่วมมือด้านการจัดการ") == "areas.1"
    assert found.containing("not in the draft at all") is None
    assert found.exact(DRAFT["background.1"]) == "background.1"
    found.discard("background.1")
    assert found.exact(DRAFT["background.1"]) is None
    assert found.closest(DRAFT["background.1"], 0.75) is None  # a text matched once is not offered again


def test_the_drafts_letters_shuffled_match_nothing_and_cost_no_comparison():
    found = matcher()
    rng = random.Random(5)
    for text in DRAFT.values():
        letters = list(text)
        rng.shuffle(letters)
        assert found.closest("".join(letters), 0.5) is None
    assert found.work_left == matcher().work_left and not found.exhausted


def test_past_its_budget_the_matcher_stops_and_says_so():
    found = matcher(work=len(DRAFT["review.1"]) ** 2 * 3 // 2)
    edited = DRAFT["review.1"].replace("Rapid", "Fast")
    assert found.closest(edited, 0.75)[0] == "review.1"
    assert not found.exhausted
    assert found.closest(edited.replace("growth", "growing"), 0.75) is None
    assert found.exhausted
