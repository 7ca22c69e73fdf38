"""The matrix view's words for targets and edits, and the chart geometry, on the example project."""

from __future__ import annotations

from pathlib import Path

import pytest

from commentmatrix.engine import revise
from commentmatrix.model.format import (
    DeleteEdit,
    InsertEdit,
    InsertSectionEdit,
    ReplaceEdit,
)
from commentmatrix.read.loader import load_project
from commentmatrix.tally import Tally
from commentmatrix.views.chart import stacked_bars
from commentmatrix.views.matrix import (
    MatrixOptions,
    _context,
    build_matrix,
    describe_edit,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project():
    return load_project(REPO)


def test_targets_read_as_section_number_title_and_paragraph(project) -> None:
    context = _context(project, ("en", "zh"))
    assert context.target("biodiversity") == (("en", "5.3 Ecosystem Management and Biodiversity Conservation"),
                                              ("zh", "5.3 生态系统管理与生物多样性保护"))
    assert context.target("principles.2") == (("en", "4 Cooperative Principles ¶2"), ("zh", "4 合作原则 第2段"))
    assert context.target("general") == (("en", "General"), ("zh", "总体"))
    assert context.target("nowhere.1") == ((None, "nowhere.1"),)


def test_edits_read_as_old_to_new_new_paragraph_delete_and_new_section(project) -> None:
    context = _context(project, ("en",))
    assert describe_edit(ReplaceEdit(replace="sharing", **{"with": "access"}, lang="en"), "principles.3", context) == (
        ("en", "“sharing” → “access”"),)
    assert describe_edit(ReplaceEdit(replace="etc", **{"with": ""}, lang="en", **{"in": "principles.6"}), "general", context) == (
        ("en", "4 ¶6: – delete “etc”"),)
    assert describe_edit(InsertEdit(insert="New item", id="urban.9", after="urban.5"), "urban", context) == (
        (None, "+ new paragraph (after ¶5): New item"),)
    assert describe_edit(InsertEdit(insert="New item", id="urban.9", at="urban"), "general", context) == (
        (None, "+ new paragraph (at the end of 5.5): New item"),)
    assert describe_edit(DeleteEdit(delete="rural.4"), "rural", context) == (
        ("en", "– delete ¶4: “promote resource utilization”"),)
    assert describe_edit(InsertSectionEdit(insert_section={"id": "x", "number": "5.10", "title": {"en": "Oceans", "zh": "海洋"}},
                                           after="data-management"), "general", context) == (
        ("en", "+ new section 5.10 Oceans"),)


def test_a_place_reads_in_each_language_and_a_new_paragraph_by_the_comment_adding_it(project) -> None:
    context = _context(project, ("en", "zh"))
    # forms.1 is not in the draft: LAO-9 adds it, and LAO-10 adds another after it.
    assert describe_edit(InsertEdit(insert={"en": "More.", "zh": "更多。"}, id="forms.3", after="forms.1"), "forms", context) == (
        ("en", "+ new paragraph (after the paragraph LAO-9 adds): More."), ("zh", "+ 新增段落 (LAO-9新增的段落之后): 更多。"))
    assert describe_edit(InsertEdit(insert={"en": "More.", "zh": "更多。"}, id="urban.9", after="urban.5"), "urban", context) == (
        ("en", "+ new paragraph (after ¶5): More."), ("zh", "+ 新增段落 (第5段之后): 更多。"))
    assert describe_edit(DeleteEdit(delete="nowhere.7"), "general", context) == ((None, "– delete nowhere.7"),)


def test_stakeholder_groups_follow_the_roster_with_states_in_words(project) -> None:
    # The secretariat's own copy: a state with the contact, as the source prints it (public drops it).
    view = build_matrix(project, revise(project), MatrixOptions(languages=("en",), audience="internal"))
    assert [(g.key, g.state, len(g.rows), g.state_label) for g in view.groups] == [
        ("cambodia", "no-comments", 0, (("en", "No comments (Mr. Him Chandath)"),)),
        ("lao-pdr", "submitted", 10, ()),
        ("myanmar", "reviewing", 0, (("en", "In the progress of reviewing"),)),
        ("thailand", "no-comments", 0, (("en", "No comments (Mr. Chao Nokyoo)"),)),
        ("viet-nam", "pending", 0, (("en", "No reply yet"),)),
        ("tnc", "submitted", 1, ()),
        ("ci", "submitted", 6, ()),
        ("sei", "submitted", 5, ()),
    ]
    assert view.totals == Tally.counted("all", (), accepted=18, partially=3, noted=1)
    assert [(t.key, t.accepted, t.partially, t.rejected, t.noted, t.withdrawn, t.open) for t in view.by_stakeholder] == [
        ("lao-pdr", 9, 1, 0, 0, 0, 0), ("tnc", 0, 1, 0, 0, 0, 0), ("ci", 4, 1, 0, 1, 0, 0), ("sei", 5, 0, 0, 0, 0, 0)]


def test_chart_bars_are_proportional_and_stacked_in_decision_order() -> None:
    chart = stacked_bars((("en", "Per stakeholder"),), (
        Tally.counted("a", (("en", "Alpha"),), accepted=2, open=2),
        Tally.counted("b", (("en", "A name far longer than the labels have room for"),), accepted=1)),
        width=340, label_width=100, bar_height=10, gap=5)
    first, second = chart.bars
    assert [(p.decision, p.x, p.width, p.count) for p in first.pieces] == [("accepted", 100.0, 100.0, 2), ("open", 200.0, 100.0, 2)]
    assert [(p.x, p.width) for p in second.pieces] == [(100.0, 50.0)]
    assert (second.y, chart.height, second.label) == (15, 25, "A name far longer than the labels…")
