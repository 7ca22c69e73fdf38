"""The "did you mean" index: the same answer as difflib's get_close_matches, without its cost."""

from __future__ import annotations

import difflib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commentmatrix.model import suggestions
from commentmatrix.model.suggestions import INDEXED_FROM, KnownNames, NameIndex, closest, did_you_mean

# Few letters, so that names share characters in every order and ratios tie often: the cases
# where a bound that prunes too much, or a tie broken the wrong way, would show.
LETTERS = "ab.12sp-é中ບ"
names = st.text(alphabet=LETTERS, max_size=10)


def difflib_answer(name: str, known: list[str], cutoff: float) -> str | None:
    found = difflib.get_close_matches(name, [k for k in known if k != name], n=1, cutoff=cutoff)
    return found[0] if found else None


@settings(max_examples=300, deadline=None)
@given(known=st.lists(names, min_size=1, max_size=120), name=names.filter(bool),
       cutoff=st.sampled_from([0.3, 0.5, 0.6, 0.7, 0.8]))
def test_the_index_gives_difflibs_answer(known, name, cutoff):
    assert NameIndex(known).closest(name, cutoff) == difflib_answer(name, known, cutoff)


def test_renamed_ids_get_difflibs_answer_at_draft_size():
    known = [f"s{s}.para{p}" for s in range(1, 140) for p in range(1, 24)] + [f"s{s}" for s in range(1, 140)]
    rng = random.Random(19)
    index = NameIndex(known)
    for _ in range(40):
        name = rng.choice([f"s{rng.randint(1, 150)}.p{rng.randint(1, 30)}", f"s{rng.randint(1, 150)}.para{rng.randint(1, 30)}x",
                           f"S{rng.randint(1, 150)}", rng.choice(known)[::-1]])
        assert index.closest(name, 0.6) == difflib_answer(name, known, 0.6), name


def test_a_list_that_changed_gets_a_new_index_not_the_old_answer():
    known = [f"para{n}" for n in range(INDEXED_FROM * 2)]
    assert closest("para-new", known) != "para-new1"
    known.append("para-new1")  # the same list object, now holding a closer name
    assert closest("para-new", known) == "para-new1"


def test_the_name_itself_is_never_suggested():
    known = [f"intro.{n}" for n in range(INDEXED_FROM * 2)]
    assert closest("intro.7", known) != "intro.7"
    assert closest("intro.7", known) == difflib_answer("intro.7", known, 0.6)


def test_indexes_kept_are_bounded():
    for n in range(suggestions.KEPT * 3):
        closest("x", [f"list{n}.{k}" for k in range(INDEXED_FROM)])
    assert len(suggestions._indexes) == suggestions.KEPT


def test_an_equal_ratio_in_another_length_goes_to_the_greater_name():
    # Both are 0.8 alike ("abcdef"): difflib prefers the greater name, here the shorter one,
    # whose bound only equals the best ratio found first.
    known = ["abcdefxyz", "bcde", "zzzz"]
    assert difflib_answer("abcdef", known, 0.6) == "bcde"
    assert NameIndex(known).closest("abcdef", 0.6) == "bcde"


@settings(max_examples=100, deadline=None)
@given(first=st.lists(names, min_size=1, max_size=60), added=st.lists(names, max_size=60),
       name=names.filter(bool))
def test_names_added_to_an_index_are_found_as_if_it_were_built_with_them(first, added, name):
    index = NameIndex(first)
    index.closest(name, 0.6)  # an answer kept from before the names were added is not reused
    index.add(added)
    assert index.closest(name, 0.6) == difflib_answer(name, first + added, 0.6)


def test_a_list_that_grew_at_its_end_is_answered_from_its_names_now():
    known = [f"para{n}" for n in range(INDEXED_FROM * 2)]
    assert closest("para-new", known) == difflib_answer("para-new", known, 0.6)
    grown = [*known, "para-new1"]
    assert closest("para-new", grown) == "para-new1"
    assert closest("para-new", known) == difflib_answer("para-new", known, 0.6)


@settings(max_examples=100, deadline=None)
@given(steps=st.lists(st.tuples(st.booleans(), names), min_size=1, max_size=150),
       first=st.lists(names, min_size=INDEXED_FROM - 8, max_size=120), cutoff=st.sampled_from([0.5, 0.6, 0.8]))
def test_known_names_answer_from_every_name_added_before_the_hint(first, steps, cutoff):
    # A step adds a name, or asks for the closest to it: each answer is difflib's over the
    # names given so far, whether the index was made before some of them came (or not yet).
    known = KnownNames(first)
    given_so_far = list(first)
    for adds, name in steps:
        if adds:
            known.add(name)
            given_so_far.append(name)
        elif name:
            assert closest(name, known, cutoff=cutoff) == difflib_answer(name, given_so_far, cutoff)
    assert list(known) == given_so_far and len(known) == len(given_so_far)


def test_known_names_are_answered_from_their_own_index_not_the_kept_lists():
    known = KnownNames(f"para{n}" for n in range(INDEXED_FROM * 2))
    kept = len(suggestions._indexes)
    assert did_you_mean("para-new", known) == f"did you mean '{difflib_answer('para-new', list(known), 0.6)}'?"
    known.add("para-new1")
    assert did_you_mean("para-new", known) == "did you mean 'para-new1'?"
    assert len(suggestions._indexes) == kept


def test_a_language_code_is_matched_without_case_or_separator_first():
    from commentmatrix.model.suggestions import did_you_mean_language

    known = ["en", "zh-CN", "vi", "km"]
    assert did_you_mean_language("EN", known) == "did you mean 'en'?"
    assert did_you_mean_language("zh_cn", known) == "did you mean 'zh-CN'?"
    assert did_you_mean_language("eng", known) == did_you_mean("eng", known) == "did you mean 'en'?"
    assert did_you_mean_language("fr", known) is None


@pytest.mark.parametrize("code, known, hint", [
    ("th", ["en", "zh"], None),  # Thai is not Chinese, though the codes differ by a letter
    ("km", ["en", "ko"], None),
    ("kh", ["en", "km", "th"], "km"),  # Cambodia's country code
    ("la", ["en", "lo"], "lo"),  # Laos's (la is Latin)
    ("vn", ["en", "vi"], "vi"),
    ("cn", ["en", "zh-CN"], "zh-CN"),
    ("tha", ["en", "th"], "th"),  # ISO 639-2
    ("khm", ["km", "zh"], "km"),
    ("zh-Hans", ["en", "zh"], "zh"),  # the one code of that language
    ("zh", ["zh-CN", "zh-TW"], None),  # two of them: which one is not told
    ("zh-CM", ["zh-CN", "zh-TW"], "zh-CN"),  # a slip in the region
    ("xx", ["en", "zh"], None),
])
def test_a_language_code_is_matched_as_a_code_not_as_a_word(code, known, hint):
    from commentmatrix.model.suggestions import did_you_mean_language

    assert did_you_mean_language(code, known) == (f"did you mean '{hint}'?" if hint else None)
