"""The HTML writers' shortcuts around markupsafe give markupsafe's own results."""

from __future__ import annotations

import enum

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


class LoudText(str):
    def __html__(self) -> str:
        return "<b>" + str.upper(self) + "</b>"


class Counted(int):
    def __html__(self) -> str:
        return f"<i>{int(self)}</i>"


class Shown(enum.IntEnum):
    A = 1

    def __str__(self) -> str:
        return "<A & B>"


# Numbers and plain texts are printed without markupsafe's escape; everything else goes to it.
NUMBERS = [0, 12, -5, 10**40, 2.5, -0.0, 1e300, 1e-300, float("inf"), float("-inf"), float("nan"), True, False]


@pytest.mark.parametrize("value", [*TEXTS, *NUMBERS, Markup("<b>ready</b>"), Loud("<i>own</i>"), LoudText("own"),
                                   Counted(3), Shown.A, None, (1, "<x>")])
def test_printing_a_value_is_escaping_it(value: object) -> None:
    assert _printed(value) == escape(value)
    assert type(_printed(value)) is type(escape(value))
