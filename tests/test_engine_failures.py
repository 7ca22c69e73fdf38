"""engine.apply_edits: the failures and conflicts tests/test_engine.py does not reach, each with
the rule, the field to point at, the message and the hint the secretariat reads."""

from __future__ import annotations

import difflib

import pytest

from commentmatrix.engine import apply_edits, decided_edits, requests_for
from commentmatrix.model.format import Comment, Draft

DRAFT = Draft.model_validate({
    "id": "d", "title": "T", "version": "1",
    "sections": [
        {"id": "bg", "number": "1", "title": {"en": "Background", "vi": "Bối cảnh"},
         "paragraphs": [{"id": "bg.1", "text": {"en": "The Mekong Agenda guides us.", "zh": "湄公河议程指导我们。",
                                                 "vi": "Chương trình nghị sự Mê Kông dẫn dắt chúng ta."}}]},
        {"id": "pr", "number": "2", "title": {"en": "Principles", "th": "หลักการ"},
         "paragraphs": [{"id": "pr.1", "text": {"en": "one river", "lo": "ແມ່ນ້ຳດຽວ"}},
                        {"id": "pr.2", "text": {"en": "two banks", "km": "ច្រាំងពីរ"}}]},
    ],
})


def comment(cid: str, edits: list, target: str = "pr", decision: str | None = "accepted") -> Comment:
    data = {"id": cid, "target": target, "text": "x", "proposal": edits}
    if decision:
        data["response"] = {"decision": decision}
    return Comment.model_validate(data)


def outcomes(*comments: Comment) -> list[tuple]:
    revision = apply_edits(DRAFT, [r for c in comments for r in requests_for(c, "st")])
    return [(o.request.comment_id, o.status, o.rule, o.field, o.message, o.hint, o.conflicts_with) for o in revision.outcomes]


def test_an_old_text_found_in_two_paragraphs_of_the_target_section_is_ambiguous():
    assert outcomes(comment("A-1", [{"replace": "o", "with": "0", "lang": "en"}])) == [
        ("A-1", "failed", "replace-ambiguous", "replace", "the old text 'o' occurs 2 times in section 'pr' (en): in pr.1 (en), pr.2 (en)",
         "quote more of the surrounding words, or point `in:` at one paragraph, so it occurs once", None)]


def test_a_replace_on_a_general_comment_must_say_where():
    assert outcomes(comment("A-1", [{"replace": "one", "with": "uno"}], target="general")) == [
        ("A-1", "failed", "replace-needs-place", "replace",
         "this comment targets 'general', so its replace must say where: add `in: PARAGRAPH_OR_SECTION`", None, None)]


def test_a_replace_on_a_general_comment_applies_where_in_points():
    assert outcomes(comment("A-1", [{"replace": "ແມ່ນ້ຳ", "with": "ແມ່ນ້ຳຂອງ", "in": "pr.1"}], target="general")) == [
        ("A-1", "applied", None, None, None, None, None)]


@pytest.mark.parametrize("old, lang, target, hint", [
    ("议程", "en", "bg.1", "it is in the 'zh' text: set `lang: zh`"),
    ("two", "en", "pr.1", "it is in 'pr.2': set `in: pr.2`"),
    ("mekong agenda", "en", "bg.1", "it is there with different capitals: copy the old text exactly"),
    ("Mekong river", "en", "bg.1", "copy the old text exactly as the draft has it"),
])
def test_an_old_text_not_found_gets_the_hint_that_says_where_it_is(old: str, lang: str, target: str, hint: str):
    assert outcomes(comment("A-1", [{"replace": old, "with": "x", "lang": lang}], target=target)) == [
        ("A-1", "failed", "replace-not-found", "replace", f"the old text '{old}' is not in paragraph '{target}' ({lang})", hint, None)]


def test_a_new_paragraph_may_not_take_an_id_the_draft_has():
    assert outcomes(comment("A-1", [{"insert": "ອີກ", "after": "pr.1", "id": "bg.1"}])) == [
        ("A-1", "failed", "duplicate-id", "id", "the new paragraph's id 'bg.1' is already used in the draft",
         "give the new paragraph an id of its own", None)]


def test_places_of_the_wrong_kind_say_which_kind_to_name():
    assert outcomes(comment("A-1", [{"insert": "x", "at": "pr.1", "id": "n"}, {"delete": "pr"},
                                    {"insert_section": {"id": "s", "number": "9", "title": "S"}, "after": "pr.1"}])) == [
        ("A-1", "failed", "unknown-target", "at", "insert is placed at the end of 'pr.1', which is not a section of the draft",
         "'pr.1' is a paragraph: write `after: pr.1`", None),
        ("A-1", "failed", "unknown-target", "delete", "delete names 'pr', which is not a paragraph of the draft",
         "delete removes one paragraph; delete a section's paragraphs one by one", None),
        ("A-1", "failed", "unknown-target", "after", "insert_section is placed after 'pr.1', which is not a section of the draft",
         "did you mean 'pr'?", None),
    ]


def test_the_second_delete_of_a_paragraph_conflicts_with_the_first():
    assert outcomes(comment("A-1", [{"delete": "pr.1"}]), comment("B-1", [{"delete": "pr.1"}])) == [
        ("A-1", "applied", None, None, None, None, None),
        ("B-1", "conflict", "edit-conflict", "delete", "comment A-1 already deletes paragraph 'pr.1'; this delete is not applied",
         "keep the edit on one of the two comments", "A-1")]


def test_a_replace_in_a_paragraph_an_earlier_comment_deletes_conflicts():
    assert outcomes(comment("A-1", [{"delete": "pr.1"}]),
                    comment("B-1", [{"replace": "one", "with": "uno", "lang": "en"}], target="pr.1")) == [
        ("A-1", "applied", None, None, None, None, None),
        ("B-1", "conflict", "edit-conflict", "replace", "comment A-1 deletes paragraph 'pr.1', which this replace edits; it is not applied",
         "keep the edit on one of the two comments", "A-1")]


def test_a_replace_before_a_delete_of_its_paragraph_in_project_order_applies():
    # docs/format.md ('The order edits apply in', 3.): the first in project order applies, though
    # the delete runs in an earlier pass.
    assert [o[:2] for o in outcomes(comment("A-1", [{"replace": "one", "with": "uno", "lang": "en"}], target="pr.1"),
                                    comment("B-1", [{"delete": "pr.1"}]))] == [("A-1", "applied"), ("B-1", "conflict")]


def test_a_delete_before_a_replace_of_its_paragraph_in_project_order_applies():
    assert [o[:2] for o in outcomes(comment("B-1", [{"delete": "pr.1"}]),
                                    comment("A-1", [{"replace": "one", "with": "uno", "lang": "en"}], target="pr.1"))] \
        == [("B-1", "applied"), ("A-1", "conflict")]


def test_a_withdrawn_delete_says_which_comment_it_gave_way_to_and_later_edits_still_apply():
    results = outcomes(comment("A-1", [{"replace": "one", "with": "uno", "lang": "en"}], target="pr.1"),
                       comment("B-1", [{"delete": "pr.1"}]),
                       comment("C-1", [{"replace": "river", "with": "río", "lang": "en"}], target="pr.1"))
    assert [o[:2] for o in results] == [("A-1", "applied"), ("B-1", "conflict"), ("C-1", "applied")]
    assert results[1][2:] == ("edit-conflict", "delete", "comment A-1 already edits paragraph 'pr.1'; this delete is not applied",
                              "keep the edit on one of the two comments", "A-1")


@pytest.mark.parametrize("decision, response_edits, expected", [
    ("accepted", None, (["proposal"], "proposal")),
    ("accepted", ["response"], (["response"], "response")),
    ("partially", ["response"], (["response"], "response")),
    ("partially", None, ([], "response")),
    ("rejected", ["response"], ([], "response")),
    ("noted", None, ([], "response")),
    (None, None, ([], "response")),
])
def test_decided_edits_follow_the_decision(decision, response_edits, expected):
    edit = {"proposal": {"delete": "pr.1"}, "response": {"delete": "pr.2"}}
    data = {"id": "A-1", "target": "pr", "text": "x", "proposal": [edit["proposal"]]}
    if decision:
        data["response"] = {"decision": decision, "note": "n"}
        if response_edits:
            data["response"]["edits"] = [edit[name] for name in response_edits]
    edits, source = decided_edits(Comment.model_validate(data))
    assert ([e.delete for e in edits], source) == ([{"proposal": "pr.1", "response": "pr.2"}[n] for n in expected[0]], expected[1])


# A draft of 70 sections of 2 paragraphs: enough names for the hints to come from an index.
LARGE = Draft.model_validate({"id": "d", "title": "T", "version": "1", "sections": [
    {"id": f"part{n}", "number": str(n), "title": f"Part {n}",
     "paragraphs": [{"id": f"part{n}.{p}", "text": f"text {n}.{p}"} for p in (1, 2)]} for n in range(1, 71)]})
LARGE_SECTIONS = [f"part{n}" for n in range(1, 71)]
LARGE_PARAGRAPHS = [f"part{n}.{p}" for n in range(1, 71) for p in (1, 2)]


def difflib_hint(name: str, known: list[str]) -> str | None:
    found = difflib.get_close_matches(name, [k for k in known if k != name], n=1)
    return f"did you mean '{found[0]}'?" if found else None


def annex(section_id: str, after: str) -> dict:
    return {"insert_section": {"id": section_id, "number": "71", "title": "Annex",
                               "paragraphs": [{"id": f"{section_id}.1", "text": "a"}]}, "after": after}


def test_the_hint_of_a_failed_edit_names_what_the_edits_before_it_added():
    # Each hint is difflib's over the ids the draft has when the edit runs: the second edit placed
    # after 'anex' (or 'new.1x') is answered after A-2 (B-2) added the section (paragraph) it means.
    revision = apply_edits(LARGE, [r for c in (
        comment("A-1", [annex("annex2", after="anex")]),
        comment("A-2", [annex("annex", after="part70")]),
        comment("A-3", [annex("annex3", after="anex")]),
        comment("B-1", [{"insert": "x", "after": "new.1x", "id": "b1"}]),
        comment("B-2", [{"insert": "y", "after": "part1.1", "id": "new.1"}]),
        comment("B-3", [{"insert": "z", "after": "new.1x", "id": "b3"}]),
        comment("C-1", [{"delete": "annex.1x"}]),
        comment("D-1", [{"replace": "t", "with": "u", "in": "new.1x"}]),
    ) for r in requests_for(c, "st")])
    sections, paragraphs = [*LARGE_SECTIONS, "annex"], [*LARGE_PARAGRAPHS, "annex.1"]
    expected = [
        ("A-1", "failed", difflib_hint("anex", LARGE_SECTIONS)),
        ("A-2", "applied", None),
        ("A-3", "failed", "did you mean 'annex'?"),
        ("B-1", "failed", difflib_hint("new.1x", paragraphs)),
        ("B-2", "applied", None),
        ("B-3", "failed", "did you mean 'new.1'?"),
        ("C-1", "failed", "did you mean 'annex.1'?"),
        ("D-1", "failed", "did you mean 'new.1'?"),
    ]
    assert [(o.request.comment_id, o.status, o.hint) for o in revision.outcomes] == expected
    assert expected[2][2] == difflib_hint("anex", sections) and expected[2][2] != expected[0][2]
    assert expected[5][2] == difflib_hint("new.1x", [*paragraphs, "new.1"]) != expected[3][2]
    assert expected[7][2] == difflib_hint("new.1x", [*sections, *paragraphs, "new.1"])


def test_the_place_names_of_a_revision_are_the_ids_it_holds():
    # Validation tests comments' targets against these names (and takes its hints from them):
    # what applied edits add is there, what a checked-only edit would add is not, and a deleted
    # paragraph stays (it is still in the revised draft, struck through).
    revision = apply_edits(LARGE, [r for c in (
        comment("A-1", [annex("annex", after="part70"), {"insert": "x", "after": "part2.1", "id": "new.1"},
                        {"insert": "y", "at": "annex", "id": "annex.2"}, {"delete": "part3.2"}]),
        comment("B-1", [annex("proposed", after="part1"), {"insert": "z", "after": "part4.1", "id": "proposed.2"}],
                decision=None),
    ) for r in requests_for(c, "st")])
    assert [o.status for o in revision.outcomes] == ["applied"] * 4 + ["checked"] * 2
    held = [id_ for section, _ in revision.walk() for id_ in (section.id, *(p.id for p in section.paragraphs))]
    assert sorted(revision.place_names) == sorted(held)
    assert set(held) == {*LARGE_SECTIONS, *LARGE_PARAGRAPHS, "annex", "annex.1", "annex.2", "new.1"}
