"""Multilingual text: a plain string, or a mapping from language code to string.

A plain string carries no language tag: it is shown once whatever languages are asked for,
and an edit in any language may apply to it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

from commentmatrix.model.segmentation import shorten

Text = str | dict[str, str]

#: Key under which an untagged (plain string) text is stored in a language mapping.
UNTAGGED = ""

# A text as the outputs show it: one (language, string) line per language, in the order asked for.
Line = tuple[str | None, str]
Lines = tuple[Line, ...]


def nfc(value: str) -> str:
    """NFC form: Vietnamese typed with combining marks must compare equal to precomposed."""
    if value.isascii() or unicodedata.is_normalized("NFC", value):  # the common case, without a copy
        return value
    return unicodedata.normalize("NFC", value)


def folded(value: str) -> str:
    """The form two headings or decision words are compared in: NFC, casefolded, spaces collapsed."""
    return " ".join(nfc(value).casefold().split())


def as_mapping(text: Text | None) -> dict[str, str]:
    """The text as {language: string}; a plain string is keyed by UNTAGGED."""
    if text is None:
        return {}
    if isinstance(text, str):
        return {UNTAGGED: text}
    return dict(text)


def from_mapping(mapping: Mapping[str, str]) -> Text:
    """Inverse of as_mapping: an UNTAGGED-only mapping becomes a plain string again."""
    if set(mapping) == {UNTAGGED}:
        return mapping[UNTAGGED]
    return {lang: value for lang, value in mapping.items() if lang != UNTAGGED}


def line_in(lang: str | None, lines: Lines) -> str:
    """The line of `lang` among `lines`; else the untagged one; else the first; "" when none."""
    said = dict(lines)
    return said.get(lang) or said.get(None) or next(iter(said.values()), "")


def in_language(text: Text | None, lang: str, fallback: Iterable[str] = ()) -> str | None:
    """The string for `lang`; a plain string serves every language; else the first fallback found."""
    if text is None:
        return None
    if isinstance(text, str):
        return text
    if lang in text:
        return text[lang]
    for other in fallback:
        if other in text:
            return text[other]
    return None


def versions(text: Text | None, langs: Iterable[str]) -> list[tuple[str | None, str]]:
    """(language, string) for each requested language the text has, in the requested order.

    A plain string gives one entry with language None. A mapping that has none of the requested
    languages gives all it has, so no text ever disappears from an output.
    """
    if text is None:
        return []
    if isinstance(text, str):
        return [(None, text)]
    wanted: list[tuple[str | None, str]] = [(lang, text[lang]) for lang in langs if lang in text]
    return wanted or list(text.items())


def first_line(text: Text | None, langs: Iterable[str], width: int = 0) -> str:
    """The first non-empty line of the text in the first available language, for one-line lists."""
    for _, value in versions(text, langs):
        for line in value.splitlines():
            line = line.strip()
            if line:
                return shorten(line, width) if width else line
    return ""
