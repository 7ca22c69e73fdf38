"""What a file's texts hold, found in one walk: the language codes they use and whether any
holds a character Word documents cannot hold.

The text rules need both for every file on every run. The answer depends on the file alone, so
it is computed when the file is read (in parallel, and cached with the parsed data); the rules
then walk only the rare file whose facts show a problem.
"""

from __future__ import annotations

import re
from typing import Any

# Characters a Word document cannot hold (python-docx refuses them).
WORD_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The same in UTF-8 bytes, plus the backslash a double-quoted YAML string spells them with.
_MAYBE_FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\\]|\xef\xbf[\xbe\xbf]")
# Fields whose value is a Text: a string, or a mapping of language codes to strings.
TEXT_FIELDS = frozenset({"title", "name", "text", "note", "insert", "contact"})


def text_facts(data: Any, raw: bytes) -> dict[str, Any]:
    """{"controls": may a text hold a forbidden character, "languages": codes used, sorted}."""
    return {"controls": _MAYBE_FORBIDDEN.search(raw) is not None, "languages": sorted(_codes(data))}


def language_of_text(key: Any, value: dict) -> bool:
    """Is `value`, found under `key`, a text given per language?"""
    return key in TEXT_FIELDS and all(isinstance(v, str) for v in value.values())


def _codes(data: Any) -> set[str]:
    found: set[str] = set()
    pending = [(None, data)]
    while pending:
        key, value = pending.pop()
        if isinstance(value, dict):
            if language_of_text(key, value):
                found.update(value)
            code = value.get("lang")
            if "replace" in value and isinstance(code, str):
                found.add(code)
            pending.extend((k, v) for k, v in value.items() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            pending.extend((None, v) for v in value if isinstance(v, (dict, list)))
    return found
