"""The shortcuts the checks take at scale give what the straightforward form gives."""

from __future__ import annotations

import itertools
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from commentmatrix.engine import decided_edits, requests_for
from commentmatrix.model.format import Comment, Paragraph
from commentmatrix.model.validation import validate

# Letters that compose (e + U+0301, Hangul jamo), marks out of canonical order, a newline, and
# precomposed forms: texts that are NFC, and texts that are not, in every mix.
PIECES = ["e", "\u0301", "\u0323", "é", "ệ", "A", "\u1100", "\u1161", "\n", "水", " "]
strings = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)


@given(st.dictionaries(st.sampled_from(["en", "vi", "ko", "zh"]), strings, min_size=1))
def test_a_text_per_language_is_composed_exactly_as_string_by_string(value):
    text = Paragraph.model_validate({"id": "p", "text": value}).text
    assert text == {lang: unicodedata.normalize("NFC", string) for lang, string in value.items()}
    assert list(text) == list(value)
    assert text is not value  # the model keeps its own mapping, never the data's


def test_a_text_with_a_number_in_it_is_still_refused_by_its_language():
    paragraph, errors = validate(Paragraph, {"id": "p", "text": {"en": "fine", "zh": 5}})
    assert paragraph is None
    assert [e["msg"] for e in errors] == ["the 'zh' text must be a string, found the number 5"]


def test_the_requests_a_decision_applies_are_the_edits_it_decides():
    replace = {"replace": "one", "with": "1"}
    delete = {"delete": "pr.2"}
    for decision, proposal, edits, group in itertools.product(
            [None, "accepted", "partially", "rejected", "noted"], [None, [], [replace]],
            [None, [], [delete]], [None, "LEAD"]):
        data: dict = {"id": "C1", "target": "pr.1", "text": "x", "proposal": proposal, "group": group}
        if decision is not None or edits is not None:
            data["response"] = {"decision": decision, "edits": edits}
        comment = Comment.model_validate(data)
        requests = requests_for(comment, "st")
        assert len(requests) == len(proposal or []) + len(edits or [])
        applied = [r.edit for r in requests if r.apply]
        assert applied == ([] if group else decided_edits(comment)[0]), (decision, proposal, edits, group)
