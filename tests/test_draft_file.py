"""The one draft writer: every text loads back exactly as given, in the project's language order."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from commentmatrix.write.draft_file import DraftEntry, ParagraphEntry, SectionEntry, draft_file

TEXTS = ["one line", "two\nlines", "two\nlines and a final newline\n", " starts with a space\nand goes on",
         "ends a line with a space \nthen more", "澜沧江-湄公河\n环境合作", "ສະບາຍດີ\nສະບາຍດີ\n\n", "5.10", "yes", "# not a comment"]


@pytest.mark.parametrize("text", TEXTS)
def test_a_text_loads_back_exactly_as_given(text):
    draft = DraftEntry("d", {"en": "Title"}, "1", [SectionEntry("s1", "1", {"en": "S", "zh": "节"},
                                                                 [ParagraphEntry("s1.p1", {"en": text, "zh": text}, "item")])],
                       "A test draft.", ["zh", "en"])
    loaded = YAML(typ="safe").load(draft_file(draft))
    paragraph = loaded["sections"][0]["paragraphs"][0]
    assert paragraph == {"id": "s1.p1", "kind": "item", "text": {"zh": text, "en": text}}
    assert list(paragraph["text"]) == ["zh", "en"]  # the project's order, not the order given
    assert loaded["version"] == "1" and loaded["sections"][0]["number"] == "1"


def test_notes_and_empty_sections_as_each_caller_wants_them():
    section = SectionEntry("s1", "1", {"en": "S"}, [ParagraphEntry("s1.p1", {"en": "x"}, note="revised by LAO-4")],
                           [SectionEntry("s1-1", "1.1", {"en": "Sub"}, empty_paragraphs=True), SectionEntry("s1-2", "1.2", {"en": "Two"})],
                           note="revised by CI-2")
    text = draft_file(DraftEntry("d", {"en": "T"}, "2", [section], "Header line.")).decode("utf-8")
    assert text.startswith("# Header line.\n")
    assert "- id: s1  # revised by CI-2\n" in text and "- id: s1.p1  # revised by LAO-4\n" in text
    loaded = YAML(typ="safe").load(text)
    assert loaded["sections"][0]["sections"] == [{"id": "s1-1", "number": "1.1", "title": {"en": "Sub"}, "paragraphs": []},
                                                 {"id": "s1-2", "number": "1.2", "title": {"en": "Two"}}]
