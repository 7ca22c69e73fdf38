"""A project's own words for its outputs: templates/labels.yaml, language → key → word.

The file arrives through pull requests like a comment file (docs/safety.md): it is read with the
same limits, and every word is checked before an output prints it. An unknown key is warned about
(and left out) with the closest known one; a word whose {placeholders} differ from the English
one's is refused, as the output would fail or lose its id, place or comment.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from commentmatrix.model.diagnostics import Diagnostic, Severity, error, warning
from commentmatrix.model.format import LANGUAGE_CODE
from commentmatrix.model.label_table import ENGLISH, LANGUAGES, packaged, placeholders
from commentmatrix.model.suggestions import did_you_mean
from commentmatrix.model.textfacts import character_problems
from commentmatrix.read.documents import cache_folder, file_key, read_signed, store_signed
from commentmatrix.read.source import SourceRefused

if TYPE_CHECKING:
    from commentmatrix.read.yaml_reader import YamlDocument

LABELS_FILE = "templates/labels.yaml"


#: Where the cache folder keeps each labels.yaml's words as checked, by the file's key (its bytes
#: and the code that checks them), signed like a parse entry: a warm command neither parses the
#: file nor reads cm's own tables to check it (the YAML parser and tomllib were 60 ms of start-up).
KEPT_FOLDER = "labels"
_KEPT_LIMIT = 8 * 1024 * 1024


def read_label_overrides(raw: bytes | None) -> tuple[dict[str, dict[str, str]], list[Diagnostic]]:
    """The words of templates/labels.yaml (`raw`; None when the project has none) and its problems."""
    if raw is None:
        return {}, []
    cache = cache_folder()
    key = file_key(LABELS_FILE, raw)
    kept_path = cache / KEPT_FOLDER / f"{key}.json" if cache is not None else None
    if kept_path is not None:
        kept = read_signed(kept_path, key, _KEPT_LIMIT)
        if kept is not None:
            with contextlib.suppress(ValueError, KeyError, TypeError):  # signed, but not of this shape
                return _decoded(kept)
    found, problems = _checked(raw)
    if kept_path is not None:
        store_signed(kept_path, key, json.dumps({"found": found, "problems": [
            [d.path, d.line, d.column, d.severity.value, d.rule, d.message, d.hint] for d in problems]}, ensure_ascii=False))
    return found, problems


def _decoded(kept: bytes) -> tuple[dict[str, dict[str, str]], list[Diagnostic]]:
    data = json.loads(kept)
    found = {str(lang): {str(key): str(word) for key, word in words.items()} for lang, words in data["found"].items()}
    return found, [Diagnostic(path, line, column, Severity(severity), rule, message, hint)
                   for path, line, column, severity, rule, message, hint in data["problems"]]


def _checked(raw: bytes) -> tuple[dict[str, dict[str, str]], list[Diagnostic]]:
    from commentmatrix.read.yaml_reader import read_bytes

    doc, problems = read_bytes(raw, LABELS_FILE)
    if doc is None or doc.data is None:
        return {}, problems
    if not isinstance(doc.data, dict):
        return {}, [*problems, error(LABELS_FILE, 1, 1, "label-file", "templates/labels.yaml must map languages to their words",
                                     "e.g.\n  vi:\n    accepted: Đồng ý")]
    found: dict[str, dict[str, str]] = {}
    spelled: dict[str, str] = {}  # each code found, folded, as the file first wrote it
    for lang, words in doc.data.items():
        problems.extend(_language(doc, str(lang), words, found, spelled))
    return found, problems


def _language(doc: YamlDocument, lang: str, words: Any, found: dict[str, dict[str, str]],
              spelled: dict[str, str]) -> list[Diagnostic]:
    english = packaged()[ENGLISH]
    # Read as every language code of the format is (model/format.LANGUAGE_CODE): the language in
    # lower case, as cm.yaml's `languages` and every text's keys must be, its script and region in
    # any case (BCP 47: `zh-hant` is `zh-Hant`). `ZH:` was taken as a language of its own that no
    # output asks for: its words were left out without a word.
    if not LANGUAGE_CODE.fullmatch(lang):
        line, col = doc.position((lang,), key=True)
        meant = _lower_language(lang)
        if meant is not None:
            return [error(LABELS_FILE, line, col, "label-language",
                          f"'{lang}' is not a language code as cm.yaml and the texts write them (the language "
                          "in lower case, a script or region after a hyphen): its words would serve no output",
                          f"did you mean '{meant}'?")]
        return [error(LABELS_FILE, line, col, "label-language", f"'{lang}' is not a language code",
                      "use a code such as vi, zh-Hant or pt-BR")]
    first = spelled.setdefault(lang.lower(), lang)
    if first != lang:
        line, col = doc.position((lang,), key=True)
        return [error(LABELS_FILE, line, col, "label-language",
                      f"'{lang}' is '{first}' again: a language code is the same in any case",
                      f"put the words of '{lang}' under '{first}'")]
    if not isinstance(words, dict):
        line, col = doc.position((lang,))
        return [error(LABELS_FILE, line, col, "label-file", f"the words of '{lang}' must be a mapping of key: word")]
    problems: list[Diagnostic] = []
    for key, value in words.items():
        key = str(key)
        line, col = doc.position((lang, key), key=True)
        if key not in english:
            problems.append(warning(LABELS_FILE, line, col, "unknown-label", f"'{key}' is not a word cm prints; it is left out",
                                    did_you_mean(key, english) or "the keys are listed in docs/labels.md"))
            continue
        line, col = doc.position((lang, key))
        if not isinstance(value, str):
            problems.append(error(LABELS_FILE, line, col, "label-placeholder", f"the word for '{key}' must be text"))
            continue
        problem = _placeholder_problem(value, placeholders(english[key]))
        if problem:
            problems.append(error(LABELS_FILE, line, col, "label-placeholder", f"'{lang}.{key}' {problem}",
                                  f"the English word is “{english[key]}”"))
            continue
        # Printed in every output as a comment's text is: what a text may not hold, a word may not.
        characters = character_problems(value)
        if characters:
            problems.extend(error(LABELS_FILE, line, col, rule, f"'{lang}.{key}' holds {what}", hint)
                            for rule, what, hint in characters)
            continue
        found.setdefault(lang, {})[key] = value
    return problems


def _lower_language(code: str) -> str | None:
    """The language code `code` is with its language in lower case (`ZH` -> zh, `ZH-HANT` ->
    zh-Hant, as cm's own table writes it), or None when that is no language code either."""
    base, _, rest = code.replace("_", "-").partition("-")
    lowered = base.lower() + (f"-{rest}" if rest else "")
    if not LANGUAGE_CODE.fullmatch(lowered):
        return None
    return next((known for known in LANGUAGES if known.lower() == lowered.lower()), lowered)


def _placeholder_problem(value: str, wanted: frozenset[str]) -> str | None:
    try:
        has = placeholders(value)
    except ValueError:
        return "has a brace that is not a placeholder (write {{ and }} for braces)"
    if has == wanted:
        return None
    missing, extra = sorted(wanted - has), sorted(has - wanted)
    parts = ([f"lacks {', '.join('{' + name + '}' for name in missing)}"] if missing else []) + \
            ([f"has unknown {', '.join('{' + name + '}' for name in extra)}"] if extra else [])
    return " and ".join(parts)


def read_labels_source(read: Callable[[str], bytes]) -> tuple[bytes | None, list[Diagnostic]]:
    """templates/labels.yaml's bytes through the project's file reader (its limits), or None."""
    try:
        return read(LABELS_FILE), []
    except FileNotFoundError:
        return None, []
    except SourceRefused as exc:
        return None, [error(LABELS_FILE, 0, 0, exc.rule, exc.message, exc.hint)]
    except OSError as exc:
        return None, [error(LABELS_FILE, 0, 0, "unreadable", f"cannot read the file: {exc.strerror or exc}")]
