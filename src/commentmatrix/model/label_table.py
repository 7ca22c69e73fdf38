"""The table of the outputs' fixed words: one TOML file per language in model/labels/, read once.

TOML because the standard library reads it (the views may not import the YAML reader) and it keeps
comments, where a reviewer of a language can leave a note. A language code finds its table by
`table_language`: exact, then the Chinese script and region rules, then the base language, else English.
"""

from __future__ import annotations

import string
from functools import cache
from importlib import resources

ENGLISH = "en"
#: The languages cm has words for (docs/labels.md says which are machine-made).
LANGUAGES = ("en", "zh", "zh-Hant", "vi", "lo", "km", "th", "my", "fr")
#: Chinese codes that name a script or a region using it; other zh-* codes fall to the base "zh".
CHINESE = {"zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant",
           "zh-hans": "zh", "zh-cn": "zh", "zh-sg": "zh", "zh-my": "zh"}


@cache
def packaged() -> dict[str, dict[str, str]]:
    """Every packaged language's words, as the files hold them."""
    # Imported here, when the words are first wanted: a run that prints no labelled output (`cm
    # status`, `cm validate`) loads the label tables' module but never reads them.
    import tomllib

    folder = resources.files("commentmatrix.model") / "labels"
    return {lang: tomllib.loads((folder / f"{lang}.toml").read_text(encoding="utf-8")) for lang in LANGUAGES}


def table_language(code: str) -> str | None:
    """The packaged table a language code uses, or None (English stands in)."""
    if code in LANGUAGES:
        return code
    folded = code.replace("_", "-").lower()
    parts = folded.split("-")
    if parts[0] == "zh":
        for length in (3, 2):  # zh-Hant-TW before zh-Hant
            found = CHINESE.get("-".join(parts[:length]))
            if found:
                return found
        if len(parts) > 2 and parts[1] in {"hant", "hans"}:
            return CHINESE["zh-" + parts[1]]
    by_fold = {lang.lower(): lang for lang in LANGUAGES}
    return by_fold.get(folded) or by_fold.get(parts[0])


def placeholders(word: str) -> frozenset[str]:
    """The {names} a word is filled with; a stray brace makes it unusable, raising ValueError."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(word) if name is not None)

