"""What a file's texts hold, found in one walk: the language codes they use and whether any
may hold a character Word documents cannot hold or a hidden one (DEL, a C1 control, a bidi
embedding, override or isolate).

The text rules need both for every file on every run. The answer depends on the file alone, so
it is computed when the file is read (in parallel, and cached with the parsed data); the rules
then walk only the rare file whose facts show a problem.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from commentmatrix.model.inert import BIDI_CONTROLS

# Characters a Word document cannot hold (python-docx refuses them).
WORD_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A file can hold such a character only as an escape in a double-quoted string (a backslash):
# YAML readers refuse them written raw (libyaml: "control characters are not allowed"), and
# U+FFFE/U+FFFF with them. Raw control bytes are looked for too, in case a reader lets one by.
_SUSPECT_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), ord("\\")])
# Hidden characters: shown as nothing, or obeyed by a terminal (C1), or reordering the text
# around them as displayed (bidi embeddings, overrides, isolates). Written raw only DEL can be
# refused by the YAML reader; bidi controls are fine YAML and C1 controls come in as escapes.
HIDDEN = re.compile("[\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")
_HIDDEN_RAW = re.compile(rb"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
_HIDDEN_BIDI_RAW = re.compile(rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")  # _HIDDEN_RAW's bidi controls
# Fields whose value is a Text: a string, or a mapping of language codes to strings.
TEXT_FIELDS = frozenset({"title", "name", "text", "note", "insert", "contact"})


def character_problems(value: str) -> list[tuple[str, str, str]]:
    """What `cm validate` says of a text's first character Word cannot hold and its first hidden
    one: (rule, what "the text holds", hint) each. One wording for every file that holds texts
    (comment files, drafts, cm.yaml, templates/labels.yaml)."""
    # Named only when found: the names' table comes with invisible.py, which start-up does not need.
    from commentmatrix.model.invisible import CONTROL_NAMES

    found = []
    bad = WORD_FORBIDDEN.search(value)
    if bad is not None:
        char = bad.group()
        name = unicodedata.name(char, None) or CONTROL_NAMES.get(ord(char), "control character")
        found.append(("control-character", f"the control character U+{ord(char):04X} ({name}), which Word documents cannot hold",
                      "delete it; it usually comes from copying out of a PDF or another program"))
    hidden = HIDDEN.search(value)
    if hidden is not None:
        char = hidden.group()
        code = f"U+{ord(char):04X}"
        if char in BIDI_CONTROLS:
            what = (f"the bidirectional control {code} ({unicodedata.name(char)}), which reorders how the text "
                    "around it is shown without being seen")
            hint = "delete it: it can make a reviewer read the words in another order than they are written"
        else:
            kind = "the control character" if char == "\x7f" else "the C1 control character"
            what = f"{kind} {code} ({CONTROL_NAMES.get(ord(char), 'C1 control')}), which shows nothing and which terminals may obey"
            hint = "delete it; it usually comes from copying out of a PDF or another program"
        found.append(("hidden-character", what, hint))
    return found


def text_facts(data: Any, raw: bytes) -> dict[str, Any]:
    """{"controls": may a text hold a forbidden or a hidden character, "languages": codes used,
    sorted}."""
    return {"controls": may_hold_controls(raw), "languages": sorted(_codes(data))}


# What both byte tests look at first (this module's and read/yaml_reader.printable_utf8): the C0
# controls but tab, LF and CR, the backslash, DEL and 0xC2 (the lead byte of U+0080-U+00BF, the C1
# controls among them). Kept by one translate() of the file's bytes, a C loop, for both.
_SCANNED = bytes(sorted({*_SUSPECT_BYTES, 0x7F, 0xC2}))
_NOT_SCANNED = bytes(b for b in range(256) if b not in _SCANNED)


def scanned_bytes(raw: bytes) -> bytes:
    """The bytes of `raw` that may_hold_controls and printable_utf8 look for (usually none)."""
    return raw.translate(None, _NOT_SCANNED)


def may_hold_controls(raw: bytes, scanned: bytes | None = None) -> bool:
    """`scanned`: scanned_bytes(raw), when the caller has it."""
    if scanned is None:
        scanned = scanned_bytes(raw)
    # An escape (a backslash) may be either; raw, only a hidden character is fine YAML.
    if scanned.translate(None, b"\x7f\xc2"):
        return True
    if scanned:  # DEL or 0xC2, a C1 control's lead byte: any hidden character may be there
        return _HIDDEN_RAW.search(raw) is not None
    # Else only a bidi control can be, and each starts E2 80 or E2 81: a lone E2 is found at memchr
    # speed, and the pattern that starts with it is searched for by that byte (the whole
    # _HIDDEN_RAW, an alternation, is tried at every byte: ten times slower).
    return b"\xe2" in raw and _HIDDEN_BIDI_RAW.search(raw) is not None


def languages_in(value: Any) -> set[str]:
    """The language codes one item of a top-level list uses (as text_facts counts them)."""
    return _codes(value)


def language_of_text(key: Any, value: dict[Any, Any]) -> bool:
    """Is `value`, found under `key`, a text given per language?"""
    return key in TEXT_FIELDS and all(isinstance(v, str) for v in value.values())


def _codes(data: Any) -> set[str]:
    found: set[str] = set()
    _collect(data, found)
    return found


def mapping_languages(mapping: dict[Any, Any], found: set[str]) -> None:
    """Add to `found` the language codes `mapping` itself names (not those of the mappings in
    it): the languages of each of its texts given per language, and an edit's `lang`. The rule
    of what counts, for this module's walk; the reader (read/yaml_parser._construct) applies it
    to each value as it builds it, held to this by tests/test_read_shortcuts.py."""
    for key, child in mapping.items():
        if type(child) is dict and language_of_text(key, child):
            found.update(child)
    if "replace" in mapping:
        code = mapping.get("lang")
        if isinstance(code, str):
            found.add(code)


def _collect(value: Any, found: set[str]) -> None:
    # Called for every mapping and list of every edited item: kept to plain loops.
    if type(value) is dict:
        mapping_languages(value, found)
        for child in value.values():
            if type(child) is dict or type(child) is list:
                _collect(child, found)
    elif type(value) is list:
        for child in value:
            if type(child) is dict or type(child) is list:
                _collect(child, found)
