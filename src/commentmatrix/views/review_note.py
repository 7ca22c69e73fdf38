"""The words of a review copy that are not the draft's: the cover note and the comments table.

They are keys of the one table of fixed words (views/labels.py, note_*); a language without its
own gets the English (once). Fields in braces are filled from the project: {title}, {version},
{deadline}.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from commentmatrix.model.label_table import ENGLISH, table_language
from commentmatrix.views.labels import own_word, word

STEPS = ("note_step_1", "note_step_2", "note_step_3", "note_step_4")
COLUMNS = ("note_section", "note_paragraph", "note_comment", "note_proposal")


@dataclass(frozen=True)
class NoteWords:
    heading: str
    intro: str
    deadline: str
    steps: tuple[str, ...]
    table_heading: str
    #: Column headings of the comments table: section, paragraph, comment, proposed change.
    columns: tuple[str, str, str, str]


def note_words(lang: str) -> NoteWords:
    """The cover note in one language (English for the words it lacks)."""
    section, paragraph, comment, proposal = (word(key, lang) for key in COLUMNS)
    return NoteWords(word("note_heading", lang), word("note_intro", lang), word("note_deadline", lang),
                     tuple(word(key, lang) for key in STEPS), word("note_table", lang),
                     (section, paragraph, comment, proposal))


def note_languages(languages: Iterable[str]) -> list[tuple[str, NoteWords]]:
    """(language, words) for each requested language, English standing in (once) for the others."""
    found: dict[str, tuple[str, NoteWords]] = {}
    for lang in languages:
        has_own = own_word("note_heading", lang) is not None
        key = (table_language(lang) or lang) if has_own else ENGLISH
        found.setdefault(key, (lang if has_own else ENGLISH, note_words(lang if has_own else ENGLISH)))
    return list(found.values()) or [(ENGLISH, note_words(ENGLISH))]
