"""The HTML writers' shortcuts around markupsafe give markupsafe's own results."""

from __future__ import annotations

import pytest
from markupsafe import Markup, escape

from commentmatrix.render.templating import _printed, _replaced, escaped_text

TEXTS = ["", "plain", "<script>alert('x')</script>", 'a "quoted" & <b>', "湄公河 & 澜沧江 <合作>",
         "Hợp tác Mê Kông–Lan Thương", "ການຮ່ວມມື > ແມ່ນ້ຳຂອງ", "&amp; already an entity"]


@pytest.mark.parametrize("text", TEXTS)
def test_escaped_text_is_markupsafes_escape_as_a_plain_str(text: str) -> None:
    assert escaped_text(text) == _replaced(text) == str(escape(text))
    assert type(escaped_text(text)) is str


class Loud(Markup):
    def __html__(self) -> Markup:
        return Markup(str.upper(self))


@pytest.mark.parametrize("value", [*TEXTS, Markup("<b>ready</b>"), Loud("<i>own</i>"), 12, None])
def test_printing_a_value_is_escaping_it(value: object) -> None:
    assert _printed(value) == escape(value)
    assert isinstance(_printed(value), Markup)
