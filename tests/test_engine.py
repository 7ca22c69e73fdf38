"""The edit engine: what each edit does, in which order, and what it reports."""

from __future__ import annotations

import unicodedata

from commentmatrix.engine import apply_edits, requests_for
from commentmatrix.model.format import Comment, Draft
from commentmatrix.revision import Segment

DRAFT = Draft.model_validate({
    "id": "d", "title": "T", "version": "1",
    "sections": [
        {"id": "bg", "number": "1", "title": {"en": "Background", "zh": "背景"},
         "paragraphs": [{"id": "bg.1", "text": {"en": "The 2030 Agenda guides us.", "zh": "2030年议程指导我们。"}}]},
        {"id": "pr", "number": "2", "title": {"en": "Principles", "zh": "原则"},
         "paragraphs": [{"id": "pr.1", "text": {"en": "one", "zh": "一"}},
                        {"id": "pr.2", "text": {"en": "two", "zh": "二"}}]},
    ],
})


def comment(cid: str, proposal: list, decision: str | None = "accepted", target: str = "pr", **response) -> Comment:
    data = {"id": cid, "target": target, "text": "x", "proposal": proposal}
    if decision:
        data["response"] = {"decision": decision, **response}
    return Comment.model_validate(data)


def revise(*comments: Comment):
    requests = [r for c in comments for r in requests_for(c, "st")]
    return apply_edits(DRAFT, requests)


def paragraph_ids(revision) -> list[str]:
    return [p.id for _, p in revision.paragraphs() if not p.deleted_by]


def test_replace_in_one_language_is_attributed_to_its_comment():
    revision = revise(comment("A-1", [{"replace": "2030 Agenda", "with": "2030 Agenda for Sustainable Development", "lang": "en"}], target="bg.1"))
    text = {pid: t for _, pid, t in revision.changed_texts()}["bg.1"]
    assert text.segments("en") == [Segment("The ", "keep"), Segment("2030 Agenda", "delete", "A-1"),
                                   Segment("2030 Agenda for Sustainable Development", "insert", "A-1"),
                                   Segment(" guides us.", "keep")]
    assert text.segments("zh") == [Segment("2030年议程指导我们。", "keep")]
    assert text.revised() == {"en": "The 2030 Agenda for Sustainable Development guides us.", "zh": "2030年议程指导我们。"}
    assert text.original() == {"en": "The 2030 Agenda guides us.", "zh": "2030年议程指导我们。"}
    assert [(o.status, o.where, o.lang, o.span) for o in revision.outcomes] == [("applied", "bg.1", "en", (4, 15))]


def test_replace_without_lang_finds_the_one_language_that_has_it():
    revision = revise(comment("A-1", [{"replace": "议程", "with": "发展议程"}], target="bg"))
    assert [(o.status, o.where, o.lang) for o in revision.outcomes] == [("applied", "bg.1", "zh")]


def test_two_replacements_on_different_text_of_one_paragraph_both_apply():
    revision = revise(comment("A-1", [{"replace": "The", "with": "This", "lang": "en"}], target="bg.1"),
                      comment("B-1", [{"replace": "guides us", "with": "guides all of us", "lang": "en"}], target="bg.1"))
    assert [o.status for o in revision.outcomes] == ["applied", "applied"]
    assert revision.to_draft().sections[0].paragraphs[0].text["en"] == "This 2030 Agenda guides all of us."


def test_overlapping_replacements_conflict_and_the_first_in_project_order_wins():
    revision = revise(comment("A-1", [{"replace": "2030 Agenda", "with": "X", "lang": "en"}], target="bg.1"),
                      comment("B-1", [{"replace": "Agenda guides", "with": "Y", "lang": "en"}], target="bg.1"))
    assert [(o.status, o.conflicts_with) for o in revision.outcomes] == [("applied", None), ("conflict", "A-1")]
    assert revision.to_draft().sections[0].paragraphs[0].text["en"] == "The X guides us."


def test_inserts_after_the_same_paragraph_keep_project_order():
    revision = revise(comment("A-1", [{"insert": "first new", "after": "pr.1", "id": "pr.n1"}]),
                      comment("B-1", [{"insert": "second new", "after": "pr.1", "id": "pr.n2"}]),
                      comment("C-1", [{"insert": "at the end", "at": "pr", "id": "pr.end"}]))
    assert paragraph_ids(revision) == ["bg.1", "pr.1", "pr.n1", "pr.n2", "pr.2", "pr.end"]
    inserted = next(p for _, p in revision.paragraphs() if p.id == "pr.n2")
    assert inserted.text.segments("") == [Segment("second new", "insert", "B-1")]
    assert inserted.text.original() is None


def test_delete_marks_the_paragraph_and_the_clean_draft_drops_it():
    revision = revise(comment("A-1", [{"delete": "pr.1"}]))
    deleted = next(p for _, p in revision.paragraphs() if p.id == "pr.1")
    assert deleted.deleted_by == "A-1"
    assert deleted.text.segments("en") == [Segment("one", "delete", "A-1")]
    assert deleted.text.revised() is None
    assert [p.id for p in revision.to_draft().sections[1].paragraphs] == ["pr.2"]


def test_a_new_section_follows_its_anchor_and_later_edits_can_use_it():
    new = {"insert_section": {"id": "edu", "number": "3", "title": "Education",
                              "paragraphs": [{"id": "edu.1", "text": "Schools"}]}, "after": "bg"}
    revision = revise(comment("A-1", [new]),
                      comment("B-1", [{"insert": "Youth", "at": "edu", "id": "edu.2"},
                                      {"replace": "Schools", "with": "Schools and universities", "in": "edu.1"}]))
    assert [s.id for s, _ in revision.walk()] == ["bg", "edu", "pr"]
    assert [o.status for o in revision.outcomes] == ["applied", "applied", "applied"]
    edu = revision.to_draft().sections[1]
    assert [(p.id, p.text) for p in edu.paragraphs] == [("edu.1", "Schools and universities"), ("edu.2", "Youth")]
    schools = next(p for _, p in revision.paragraphs() if p.id == "edu.1")
    # Text that never was in the draft shows as inserted, each piece by the comment that wrote it:
    # B-1 replaced A-1's whole word, so nothing of A-1's text is left in that paragraph.
    assert schools.text.segments("") == [Segment("Schools and universities", "insert", "B-1")]
    youth = next(p for _, p in revision.paragraphs() if p.id == "edu.2")
    assert youth.text.segments("") == [Segment("Youth", "insert", "B-1")]
    title = revision.sections[1].title
    assert title.segments("") == [Segment("Education", "insert", "A-1")]


def test_open_rejected_and_noted_comments_are_checked_but_change_nothing():
    edit = [{"replace": "one", "with": "uno", "lang": "en"}]
    revision = revise(comment("A-1", edit, decision=None), comment("B-1", edit, decision="rejected", note="no"),
                      comment("C-1", edit, decision="noted"))
    assert [o.status for o in revision.outcomes] == ["checked", "checked", "checked"]
    assert list(revision.changed_texts()) == []


def test_partially_applies_the_response_edits_not_the_proposal():
    partial = comment("A-1", [{"replace": "one", "with": "uno", "lang": "en"}, {"replace": "two", "with": "dos", "lang": "en"}],
                      decision="partially", edits=[{"replace": "two", "with": "dos", "lang": "en"}])
    revision = revise(partial)
    assert [(o.request.path, o.status) for o in revision.outcomes] == [
        (("proposal", 0), "checked"), (("proposal", 1), "checked"), (("response", "edits", 0), "applied")]
    assert [p.text["en"] for p in revision.to_draft().sections[1].paragraphs] == ["one", "dos"]


def test_decomposed_vietnamese_matches_precomposed_draft_text():
    draft = Draft.model_validate({"id": "d", "title": "T", "version": "1", "sections": [
        {"id": "s", "number": "1", "title": "S", "paragraphs": [{"id": "s.1", "text": "Việt Nam hợp tác"}]}]})
    decomposed = unicodedata.normalize("NFD", "Việt Nam")
    requests = requests_for(comment("A-1", [{"replace": decomposed, "with": "Viet Nam"}], target="s.1"), "st")
    revision = apply_edits(draft, requests)
    assert revision.outcomes[0].status == "applied"
    assert revision.to_draft().sections[0].paragraphs[0].text == "Viet Nam hợp tác"


def test_failures_name_the_field_to_point_at():
    revision = revise(comment("A-1", [{"replace": "three", "with": "3", "lang": "en"}], target="pr"),
                      comment("B-1", [{"insert": "x", "after": "pr", "id": "pr.9"}]),
                      comment("C-1", [{"delete": "pr.7"}]))
    assert [(o.status, o.rule, o.field) for o in revision.outcomes] == [
        ("failed", "replace-not-found", "replace"), ("failed", "unknown-target", "after"), ("failed", "unknown-target", "delete")]


def test_no_decided_edits_gives_the_draft_unchanged():
    revision = revise()
    assert list(revision.changed_texts()) == []
    assert revision.to_draft() == DRAFT
