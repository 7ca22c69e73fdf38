"""Text and id fields as the models read them: composed to NFC, refused with their own words.

The validators take shortcuts for the common case (ASCII or already-composed strings checked in
place, ids remembered once well-formed); these tests hold them to what the slow path says.
"""

from __future__ import annotations

import unicodedata

import pytest
from pydantic import ValidationError

from commentmatrix.model import format as fmt
from commentmatrix.model.format import Paragraph

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


def test_a_mapping_whose_late_value_is_not_a_string_names_that_language():
    with pytest.raises(ValidationError) as raised:
        _text({"en": "fine", "zh": "好", "vi": 5})
    (error,) = raised.value.errors()
    assert error["type"] == "text_value"
    assert "'vi' text must be a string, found the number 5" in error["msg"]


def test_an_empty_mapping_and_a_list_are_refused():
    with pytest.raises(ValidationError, match="the text mapping is empty"):
        _text({})
    with pytest.raises(ValidationError, match="found a list"):
        _text(["a"])


def test_a_str_subclass_is_composed_too():
    class Tagged(str):
        pass

    assert _text(Tagged(unicodedata.normalize("NFD", VIET))) == unicodedata.normalize("NFC", VIET)


def test_a_bad_id_is_refused_however_many_good_ones_came_before(monkeypatch):
    monkeypatch.setattr(fmt, "_GOOD_IDS", set())
    monkeypatch.setattr(fmt, "_GOOD_IDS_HELD", 3)
    for index in range(10):  # past the memo's size: it empties and fills again
        assert Paragraph.model_validate({"id": f"s{index}.p1", "text": "x"}).id == f"s{index}.p1"
    assert len(fmt._GOOD_IDS) <= 3
    for bad in ("s1.p1 ", "С1.p1", ".s1", ""):  # a trailing space, a Cyrillic С, a leading dot, empty
        with pytest.raises(ValidationError) as raised:
            Paragraph.model_validate({"id": bad, "text": "x"})
        assert raised.value.errors()[0]["type"] in ("id_format", "string_too_short")
