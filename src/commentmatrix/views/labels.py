"""The fixed words of the outputs (headings, decisions, states, cover notes, "Page"), per language.

The words live in model/labels/<lang>.toml (docs/labels.md); a project's templates/labels.yaml,
read and checked with the project, overrides or adds words for the documents rendered inside
`project_words`. A language code finds its table by model.label_table.table_language (vi-VN → vi,
zh-TW → zh-Hant); a language without a word uses the English one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from commentmatrix.model.label_table import ENGLISH, packaged, table_language
from commentmatrix.model.text import Line, Lines

#: Words defined in code, merged over the packaged files: a key added here before it has its line
#: in every model/labels/<lang>.toml (tests/test_labels.py asks every language for every key).
CODE_LABELS: dict[str, dict[str, str]] = {}

#: Every packaged language's words (code-defined ones merged in), keyed by table language.
LABELS: dict[str, dict[str, str]] = {lang: {**words, **CODE_LABELS.get(lang, {})} for lang, words in packaged().items()}

# The project's own words for the documents being rendered: set for the length of one render by
# project_words, so the views keep asking label()/word() without a project in every call.
_PROJECT_WORDS: ContextVar[Mapping[str, Mapping[str, str]] | None] = ContextVar("project_words", default=None)


@contextmanager
def project_words(overrides: Mapping[str, Mapping[str, str]]) -> Iterator[None]:
    """Use a project's words (language code → key → word) over the packaged ones while inside.
    Codes match in any case (BCP 47): the file's `zh-hant` serves zh-Hant."""
    token = _PROJECT_WORDS.set({code.lower(): words for code, words in overrides.items()})
    try:
        yield
    finally:
        _PROJECT_WORDS.reset(token)


def own_word(key: str, lang: str | None) -> str | None:
    """The word a language has for `key`, the project's first; None when it has none."""
    code = lang or ENGLISH
    overrides = _PROJECT_WORDS.get() or {}
    table = table_language(code)
    for name in (code, table):
        words = overrides.get(name.lower(), {}) if name is not None else {}
        if key in words:
            return words[key]
    return LABELS[table].get(key) if table else None


def label(key: str, langs: tuple[str, ...]) -> Lines:
    """A fixed word in every requested language that has one; English once when none has."""
    found: list[Line] = []
    for lang in langs:
        value = own_word(key, lang)
        if value is not None and all(value != seen for _, seen in found):
            found.append((lang, value))
    return tuple(found) or ((ENGLISH, word(key, ENGLISH)),)


def all_labels(langs: tuple[str, ...]) -> dict[str, Lines]:
    return {key: label(key, langs) for key in LABELS[ENGLISH]}


def word(key: str, lang: str | None) -> str:
    found = own_word(key, lang)
    if found is None:
        found = own_word(key, ENGLISH)
    return found if found is not None else LABELS[ENGLISH][key]
