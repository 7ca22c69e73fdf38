"""A section's paragraph chain puts new paragraphs where `list.insert` would have."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from commentmatrix.paragraph_order import ParagraphOrder
from commentmatrix.revision import RevisedParagraph, RevisedSection, RevisedText


def paragraph(pid: str) -> RevisedParagraph:
    return RevisedParagraph(pid, None, RevisedText.of(f"Text of {pid}.", None))


# Each step: None puts a new paragraph last, a number puts it after that paragraph (taken modulo
# the paragraphs there are, so steps name drafted and inserted ones alike).
steps = st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(drafted=st.integers(min_value=0, max_value=8), steps=steps)
def test_the_chain_gives_the_order_list_insert_gives(drafted, steps):
    section = RevisedSection("s", "1", RevisedText.of("S", None), [paragraph(f"p{n}") for n in range(drafted)])
    expected = list(section.paragraphs)
    kept = section.paragraphs
    order = ParagraphOrder(section)
    for n, step in enumerate(steps):
        new = paragraph(f"new{n}")
        if step is None or not expected:
            order.put_last(new)
            expected.append(new)
        else:
            anchor = expected[step % len(expected)]
            order.put_after(anchor, new)
            expected.insert(expected.index(anchor) + 1, new)
    order.settle()
    assert [p.id for p in section.paragraphs] == [p.id for p in expected]
    assert section.paragraphs is kept  # the section's own list, which the engine's index refers to


def test_a_repeated_id_is_told_apart_by_identity():
    first, second = paragraph("p1"), paragraph("p1")
    section = RevisedSection("s", "1", RevisedText.of("S", None), [first, second])
    order = ParagraphOrder(section)
    order.put_after(second, paragraph("after-second"))
    order.settle()
    assert [p is first for p in section.paragraphs] == [True, False, False]
    assert section.paragraphs[2].id == "after-second"
