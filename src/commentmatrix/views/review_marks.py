"""The invisible ids of a review copy: Word bookmark names for (draft text id, language).

Word accepts bookmark names of at most 40 characters, starting with a letter, made of letters,
digits and '_'; cm ids may also hold '.' and '-' and be longer. A name is `cm_`, the id with
'_', '.', '-' escaped as `_0`, `_1`, `_2`, then `__` and the language (escaped the same way):
`principles.3` in Chinese is `cm_principles_13__zh`. That is reversible (`parse_name`). An id
too long for that gets a name of its own with a hash (`cm_h` + 16 hex digits) that only the draft
can resolve: `names_for` lists every name a draft's review copy can carry.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from commentmatrix.model.format import Draft
from commentmatrix.model.project import walk_sections
from commentmatrix.model.text import versions

PREFIX = "cm_"
MAX_LENGTH = 40
#: Bookmark of the comments table at the end of a review copy.
TABLE_MARK = "cm_comments_table"
_ESCAPES = {"_": "_0", ".": "_1", "-": "_2"}
_UNESCAPES = {value: key for key, value in _ESCAPES.items()}
_NAME = re.compile(r"cm_((?:[A-Za-z0-9]|_[012])+)(?:__((?:[A-Za-z0-9]|_[012])+))?")


def _escape(value: str) -> str:
    return "".join(_ESCAPES.get(char, char) for char in value)


def _unescape(value: str) -> str:
    return re.sub(r"_[012]", lambda match: _UNESCAPES[match.group(0)], value)


def bookmark_name(text_id: str, lang: str | None) -> str:
    """The bookmark that marks the text `text_id` in `lang` (None: an untagged text)."""
    readable = PREFIX + _escape(text_id) + (f"__{_escape(lang)}" if lang else "")
    if len(readable) <= MAX_LENGTH and readable.isascii():
        return readable
    digest = hashlib.sha256(f"{text_id}\0{lang or ''}".encode()).hexdigest()[:16]
    return f"{PREFIX}h{digest}"


def parse_name(name: str) -> tuple[str, str | None] | None:
    """(id, lang) of a readable name; None for hashed names and names cm did not make."""
    match = _NAME.fullmatch(name)
    if not match or (name.startswith(PREFIX + "h") and len(name) == len(PREFIX) + 17 and "_" not in name[3:]):
        return None
    return _unescape(match.group(1)), _unescape(match.group(2)) if match.group(2) else None


def names_for(draft: Draft, languages: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """Every bookmark name a review copy of the draft may carry -> (text id, language)."""
    langs = list(languages)
    found: dict[str, tuple[str, str | None]] = {}
    texts = [(draft.id, draft.title)]
    for section, _ in walk_sections(draft.sections):
        texts.append((section.id, section.title))
        texts.extend((paragraph.id, paragraph.text) for paragraph in section.paragraphs)
    for text_id, text in texts:
        for lang, _ in versions(text, langs):
            found.setdefault(bookmark_name(text_id, lang), (text_id, lang))
        if isinstance(text, dict):
            for lang in text:
                found.setdefault(bookmark_name(text_id, lang), (text_id, lang))
    return found


# ---------------------------------------------------------------- which copy this is

#: The start of a review copy's identifier (its core property dc:identifier), which names the
#: draft and version it shows, then (in a project of rounds) ` round ID`, and for a copy that
#: shows the changes since an earlier round ` changes-since ID`.
COPY_PREFIX = "commentmatrix review copy:"


@dataclass(frozen=True)
class CopyIdentity:
    draft: str
    version: str | None
    round: str | None = None
    changes_since: str | None = None


def copy_identifier(identity: CopyIdentity) -> str:
    text = f"{COPY_PREFIX} {identity.draft} {identity.version or ''}".rstrip()
    if identity.round is not None:
        text += f" round {identity.round}"
    if identity.changes_since is not None:
        text += f" changes-since {identity.changes_since}"
    return text


def parse_copy_identifier(identifier: str | None) -> CopyIdentity | None:
    """What a review copy says it shows; None for a document cm did not make (or one whose
    identifier was cleared)."""
    if not identifier or not identifier.startswith(COPY_PREFIX):
        return None
    parts = identifier[len(COPY_PREFIX):].split()
    if not parts:
        return None
    named: dict[str, str] = {}
    # Ids hold no spaces; a version label may: the keywords are read from the end.
    while len(parts) >= 3 and parts[-2] in ("round", "changes-since"):
        named.setdefault(parts[-2], parts[-1])
        parts = parts[:-2]
    return CopyIdentity(parts[0], " ".join(parts[1:]) or None, named.get("round"), named.get("changes-since"))
