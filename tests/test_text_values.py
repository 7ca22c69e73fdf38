"""Text and id fields as the models read them: composed to NFC, refused with their own words.

Their form is checked natively by pydantic-core (a union of a string and a mapping, a regex for
ids) and composed in place when already composed, the common case; the words of a refusal are put
in by model/validation.py. These tests hold them to what the plain Python rules say.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from commentmatrix.model.format import ID_FORMAT, Paragraph
from commentmatrix.model.validation import validate

VIET = "Việt Nam bảo vệ môi trường"
THAI = "เจ้าหน้าที่สิ่งแวดล้อม"


def _text(value):
    return Paragraph.model_validate({"id": "p.1", "text": value}).text


@pytest.mark.parametrize("value", [VIET, THAI, "中华人民共和国", "plain ASCII"])
def test_a_string_comes_out_composed(value):
    assert _text(unicodedata.normalize("NFD", value)) == unicodedata.normalize("NFC", value)
    assert _text(value) == unicodedata.normalize("NFC", value)


def test_a_mapping_is_composed_in_every_language_and_copied():
    given = {"en": "Viet Nam", "vi": unicodedata.normalize("NFD", VIET), "zh": "越南"}
    assert _text(given) == {"en": "Viet Nam", "vi": unicodedata.normalize("NFC", VIET), "zh": "越南"}
    composed = {"en": "Viet Nam", "vi": VIET}
    result = _text(composed)
    assert result == composed and result is not composed  # the model never shares the reader's dict


def _refusal(value):
    """The one FieldError of a paragraph whose text is `value`, as the reader gets it."""
    paragraph, errors = validate(Paragraph, {"id": "p.1", "text": value})
    assert paragraph is None
    (error,) = errors
    assert error["loc"] == ("text",)
    return error


def test_a_mapping_whose_late_value_is_not_a_string_names_that_language():
    error = _refusal({"en": "fine", "zh": "好", "vi": 5})
    assert error["type"] == "text_value"
    assert error["msg"] == "the 'vi' text must be a string, found the number 5"
    assert error["ctx"] == {"lang": "vi", "found": "the number 5"}


def test_an_empty_mapping_and_a_list_are_refused():
    assert _refusal({}) == {"loc": ("text",), "type": "text_empty", "msg": "the text mapping is empty: give at least one language",
                            "input": {}, "ctx": {}}
    error = _refusal(["a"])
    assert error["type"] == "text_type"
    assert error["msg"] == "expected text (a string, or a mapping of language codes to strings), found a list"
    with pytest.raises(ValidationError):  # refused by the model itself too, in pydantic's words
        Paragraph.model_validate({"id": "p.1", "text": {}})


def test_a_mapping_with_keys_that_are_not_strings_is_still_a_text():
    # The languages are checked by the rules (unknown-language), not by the model: as before.
    assert _text({1: "one"}) == {1: "one"}


def test_a_str_subclass_is_composed_too():
    class Tagged(str):
        pass

    assert _text(Tagged(unicodedata.normalize("NFD", VIET))) == unicodedata.normalize("NFC", VIET)
    assert _text({"vi": Tagged(unicodedata.normalize("NFD", VIET))}) == {"vi": unicodedata.normalize("NFC", VIET)}


@pytest.mark.parametrize("bad, culprit", [
    ("s1.p1 ", "holds a space"), ("\u0421" + "1.p1", "holds U+0421 (CYRILLIC CAPITAL LETTER ES)"),
    (".s1", "starts with '.'"), ("", "is empty"), ("p1\n", "holds U+000A (a control character)"),
    ("p\u00a01", "holds U+00A0 (NO-BREAK SPACE)"), ("p1\u200b", "holds U+200B (ZERO WIDTH SPACE)"),
])
def test_a_bad_id_is_refused_naming_its_culprit(bad, culprit):
    paragraph, errors = validate(Paragraph, {"id": bad, "text": "x"})
    assert paragraph is None
    (error,) = errors
    assert error["type"] == "id_format"
    assert error["msg"] == (f"the id '{bad}' {culprit}; ids may hold only ASCII letters, digits, '.', '-' and '_' "
                            "(no spaces or look-alike characters)")
    assert error["ctx"] == {"value": bad, "culprit": culprit}


# Ids near the edges of the rule: the allowed characters, their neighbours in ASCII, a final
# newline (which Python's `$` lets through and fullmatch does not), look-alikes and marks.
ID_PIECES = [*"aZ09._-", "\n", "\r", " ", "/", ":", "@", "[", "`", "{", "\u00e9", "\u0421", "\u00a0", "\u200b", "\u0301", "\uff11"]


@given(st.lists(st.sampled_from(ID_PIECES), max_size=6).map("".join) | st.text(max_size=8))
def test_the_native_id_pattern_takes_exactly_the_ids_id_format_takes(value):
    paragraph, errors = validate(Paragraph, {"id": value, "text": "x"})
    assert (paragraph is not None) == bool(ID_FORMAT.fullmatch(value))
    assert paragraph.id == value if paragraph is not None else [e["type"] for e in errors] == ["id_format"]
