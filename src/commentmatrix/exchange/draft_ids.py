"""Ids for an imported draft: readable, ASCII, deterministic and unique.

From section numbers (`s5-3`, paragraphs `s5-3.p2`; a lettered subsection under its parent,
`s6-2-a`), else from the title (`boi-canh` for "Bối cảnh"), else from the place; never an id an
earlier version used (a new text never takes a removed one's id).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from commentmatrix.exchange.word_structure import SCRIPT_LANGUAGES
from commentmatrix.model.format import GENERAL, ID_FORMAT

if TYPE_CHECKING:
    from commentmatrix.exchange.draft_import import DraftImport, ImportedSection

MAX_ID_WORDS = 4
MAX_ID_CHARS = 32


def give_ids(result: DraftImport, reserved: set[str] | frozenset[str] = frozenset()) -> None:
    """Ids for the sections and paragraphs that have none, unique in the draft and never one of
    `reserved` (the ids of an earlier version: a new text never takes a removed one's id)."""
    taken: set[str] = {GENERAL, result.draft_id, *reserved}
    stack: list[ImportedSection] = list(result.sections)
    while stack:
        section = stack.pop()
        taken.update(unit.text_id for unit in section.paragraphs if unit.text_id)
        if section.id:
            taken.add(section.id)
        stack.extend(section.sections)

    def unique(base: str) -> str:
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        return candidate

    def walk(sections: list[ImportedSection], parent: ImportedSection | None, ordinals: list[int]) -> None:
        for index, section in enumerate(sections, start=1):
            place = [*ordinals, index]
            if not section.id:
                section.id = unique(_section_id(section, parent, place))
                section.generated = True
            for position, unit in enumerate(section.paragraphs, start=1):
                if not unit.text_id:
                    while f"{section.id}.p{position}" in taken:
                        position += 1
                    unit.text_id = unique(f"{section.id}.p{position}")
                    unit.generated = True
            walk(section.sections, section, place)

    walk(result.sections, None, [])


def _section_id(section: ImportedSection, parent: ImportedSection | None, place: list[int]) -> str:
    number = slug(section.number)
    if number:
        if parent is not None and parent.number and not section.number.startswith(parent.number):
            return f"{parent.id}-{number}"
        return f"s{number}"
    title = next((found for text in section.title.values() if (found := slug(text, MAX_ID_WORDS))), None)
    if title:
        return title if ID_FORMAT.fullmatch(title) and title[0].isalpha() else f"s-{title}"
    return "s" + "-".join(str(n) for n in place)


def latin_language(languages: list[str]) -> str:
    """The language of Latin letters that no w:lang names: the project's first language not
    written in a script of its own (en, vi, fr...), else its first."""
    return next((code for code in languages if code.split("-")[0] not in SCRIPT_LANGUAGES.values()), languages[0] if languages else "en")


def slug(text: str, max_words: int = 0) -> str:
    """ASCII letters and digits, words joined by '-': 'Bối cảnh' is 'boi-canh', '๕.๓' is '5-3'."""
    text = ascii_digits(text)
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    words = re.findall(r"[A-Za-z0-9]+", "".join(c for c in plain if c.isascii()))
    if max_words:
        words = [w.lower() for w in words[:max_words]]
    slug = "-".join(words)
    return slug[:MAX_ID_CHARS].rstrip("-")


def ascii_digits(number: str) -> str:
    """A number with its digits in ASCII: Thai ๕.๓, Lao ໕.໓ and full-width ５．３ are 5.3."""
    return "".join(str(unicodedata.digit(c)) if unicodedata.digit(c, None) is not None else c
                   for c in number).replace("．", ".")
