""""Did you mean ...?": the closest known name to a mistyped one, worded the same everywhere.

The answer is difflib's (`get_close_matches(name, known, n=1, cutoff)`: the highest ratio, ties
to the greater name), but found without comparing the name with every known one. A renamed
draft makes every comment's target unknown, and comparing each with the draft's 3,000 ids cost
16 ms a hint, 97 s for 5,000 comments. So each list of names gets an index, built once and
kept while the same list is asked again, and difflib's ratio is computed only where it can win.
Who asks for many hints over names it keeps (the engine, the comment rules) holds them in
KnownNames: its index is found without comparing any list, and follows the names it is given.

Why that is exact: difflib's ratio is 2·M/(la+lb) with M the characters its matching blocks
pair, and M is at most the characters the two names share counted with repetition (difflib's
`quick_ratio`). That shared count is read for every known name of one length at once from
bitsets: name `i` has bit `i` in the set of ("e", 2) when it holds at least two e's, and the
shared count of a known name is the number of the query's (character, k) pairs whose sets hold
it. Names are then compared best bound first, and the search stops when no bound left can reach
the best ratio found (an equal bound is still compared: an equal ratio with a greater name wins).
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

# Below this many names difflib's own loop is as quick as building an index.
INDEXED_FROM = 64
# Indexes kept: the lists one run asks again (a draft's ids, its sections) are few.
KEPT = 8


def closest(name: str, known: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The known name most like `name` (not `name` itself), or None when none is close enough."""
    if isinstance(known, KnownNames):
        return known.closest(name, cutoff)
    names = known if isinstance(known, list) else list(known)
    if _unindexed(names, name, cutoff):
        return _difflib_closest(name, names, cutoff)
    return _index_of(names).closest(name, cutoff)


def did_you_mean(name: str, known: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    found = closest(name, known, cutoff=cutoff)
    return f"did you mean '{found}'?" if found else None


#: Codes people write for a language of the region that are not its code: the country's (KH for
#: Khmer, VN for Vietnamese, LA for Lao, CN for Chinese) and ISO 639-2's three letters (tha, khm).
LANGUAGE_ALIASES = {
    "cn": "zh", "chi": "zh", "zho": "zh", "kh": "km", "khm": "km", "la": "lo", "lao": "lo", "tha": "th",
    "vn": "vi", "vie": "vi", "mm": "my", "mya": "my", "bur": "my", "jp": "ja", "jpn": "ja", "kr": "ko",
    "kor": "ko", "eng": "en", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es", "rus": "ru",
    "ara": "ar", "hin": "hi", "ind": "id", "msa": "ms", "may": "ms",
}


def did_you_mean_language(code: str, known: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """did_you_mean for a language code. Codes are not words: two letters apart by one (th and
    zh, km and ko) are other languages, so the code meant is only: a known code written with
    other case or separators (BCP 47 codes are case-insensitive: EN is en, zh_CN is zh-CN); the
    one known code of the same language (its first subtag, or its country's or three-letter
    code: zh-Hans or cn for zh-CN, kh or khm for km); or, among several codes of that language
    or for a longer code, the closest by its characters (zh-CM for zh-CN)."""
    codes = list(known)
    folded = code.casefold().replace("_", "-")
    same = next((known_code for known_code in codes if known_code.casefold().replace("_", "-") == folded), None)
    if same is not None:
        return f"did you mean '{same}'?" if same != code else None
    base = folded.split("-")[0]
    language = LANGUAGE_ALIASES.get(base, base)
    kin = [known_code for known_code in codes if known_code.casefold().replace("_", "-").split("-")[0] == language]
    if len(kin) == 1:
        return f"did you mean '{kin[0]}'?"
    if kin:
        return did_you_mean(code, kin, cutoff=cutoff)
    return did_you_mean(code, codes, cutoff=cutoff) if len(base) > 3 else None


class KnownNames:
    """Names that are only ever added to, and the index of them, made at the first hint asked.

    An index cannot go stale: names come in only through `add`, and those added since the last
    hint join the index at the next. The answer is difflib's over the names given, however many
    times each was given and in whatever order.
    """

    def __init__(self, names: Iterable[str] = ()):
        self._names = list(names)
        self._index: NameIndex | None = None
        self._indexed = 0  # how many of _names the index holds

    def add(self, name: str) -> None:
        self._names.append(name)

    def __len__(self) -> int:
        return len(self._names)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def closest(self, name: str, cutoff: float = 0.6) -> str | None:
        if _unindexed(self._names, name, cutoff):
            return _difflib_closest(name, self._names, cutoff)
        if self._index is None:
            self._index = NameIndex(self._names)
        elif self._indexed < len(self._names):
            self._index.add(self._names[self._indexed:])
        self._indexed = len(self._names)
        return self._index.closest(name, cutoff)


def _unindexed(names: list[str], name: str, cutoff: float) -> bool:
    return len(names) < INDEXED_FROM or not name or cutoff <= 0


def _difflib_closest(name: str, names: list[str], cutoff: float) -> str | None:
    matches = difflib.get_close_matches(name, [k for k in names if k != name], n=1, cutoff=cutoff)
    return matches[0] if matches else None


# The indexes made, oldest first, each under a copy of its names. A list is found again by
# comparing it whole with that copy (a third of the cost of hashing the names), so a list that
# changed never meets a stale index. A list that grew at its end (the engine's paragraphs, as
# inserts go in) has the names added to its index: a failed insert between applied ones would
# otherwise build the index of a whole draft again.
_indexes: list[tuple[list[str], NameIndex]] = []


def _index_of(names: list[str]) -> NameIndex:
    for kept, index in reversed(_indexes):
        if len(kept) <= len(names) and kept[0] == names[0] and names[:len(kept)] == kept:
            if len(kept) < len(names):
                index.add(names[len(kept):])
                kept.extend(names[len(kept):])
            return index
    if len(_indexes) >= KEPT:
        del _indexes[0]
    index = NameIndex(names)
    _indexes.append((list(names), index))
    return index


class NameIndex:
    """Known names by length, with a bitset per (character, k) of the names holding k of it."""

    def __init__(self, names: Sequence[str]):
        self.present = set(names)  # a name listed twice is one candidate
        by_length: dict[int, list[str]] = {}
        for known in dict.fromkeys(names):
            by_length.setdefault(len(known), []).append(known)
        self.lengths: dict[int, tuple[list[str], dict[tuple[str, int], int]]] = {
            length: (group, _bitsets(group)) for length, group in by_length.items()}
        # Several comments name the same unknown target: each is worked out once.
        self.answers: dict[tuple[str, float], str | None] = {}

    def add(self, names: Iterable[str]) -> None:
        for known in names:
            if known in self.present:
                continue
            self.present.add(known)
            group, bitsets = self.lengths.setdefault(len(known), ([], {}))
            bit = 1 << len(group)
            group.append(known)
            for token in _tokens(known):
                bitsets[token] = bitsets.get(token, 0) | bit
        self.answers.clear()

    def closest(self, name: str, cutoff: float) -> str | None:
        key = (name, cutoff)
        if key not in self.answers:
            self.answers[key] = self._search(name, cutoff)
        return self.answers[key]

    def _search(self, name: str, cutoff: float) -> str | None:
        lb = len(name)
        wanted = _tokens(name)
        # (bound, length, shared count): every group of names that difflib could accept. The
        # shared counts of a length are read when its first group is reached: most never are.
        groups: list[tuple[float, int, int]] = []
        for la in self.lengths:
            top = min(la, lb)
            groups += [(2.0 * shared / (la + lb), la, shared) for shared in range(top, 0, -1)
                       if 2.0 * shared / (la + lb) >= cutoff]
        counts: dict[int, list[int]] = {}
        groups.sort(reverse=True)
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(name)  # as get_close_matches has it: the same ratio, to the last bit
        best: tuple[float, str] | None = None
        positions: dict[str, int] = {}
        for at, char in enumerate(name):
            positions[char] = positions.get(char, 0) | 1 << at
        full = (1 << lb) - 1
        for bound, la, shared in groups:
            if best is not None and bound < best[0]:
                break
            if la not in counts:
                counts[la] = _at_least(wanted, self.lengths[la][1], min(la, lb))
            levels = counts[la]
            exactly = levels[shared] & ~levels[shared + 1] if shared + 1 < len(levels) else levels[shared]
            group = self.lengths[la][0]
            for position in _bits(exactly):
                known = group[position]
                if known == name:
                    continue
                # difflib's matching blocks are a common subsequence, so the longest one bounds them
                # too, and is a tenth of the cost of the ratio: most names sharing the characters in
                # another order stop here.
                floor = cutoff if best is None else best[0]
                if 2.0 * _common_subsequence(known, positions, full) / (la + lb) < floor:
                    continue
                matcher.set_seq1(known)
                ratio = matcher.ratio()
                if ratio >= cutoff and (best is None or (ratio, known) > best):
                    best = (ratio, known)
        return best[1] if best else None


def _bitsets(group: list[str]) -> dict[tuple[str, int], int]:
    marks: dict[tuple[str, int], bytearray] = {}
    size = (len(group) + 7) // 8
    for position, known in enumerate(group):
        for token in _tokens(known):
            bits = marks.get(token)
            if bits is None:
                bits = marks[token] = bytearray(size)
            bits[position >> 3] |= 1 << (position & 7)
    return {token: int.from_bytes(bits, "little") for token, bits in marks.items()}


def _tokens(name: str) -> list[tuple[str, int]]:
    """(character, k) for k = 1 .. the times it occurs: two names share as many of these as
    they share characters counted with repetition."""
    return [(char, k) for char, count in Counter(name).items() for k in range(1, count + 1)]


def _at_least(wanted: list[tuple[str, int]], bitsets: dict[tuple[str, int], int], top: int) -> list[int]:
    """levels[j]: the names sharing at least j of the wanted (character, k) pairs, j = 0..top."""
    levels = [-1] + [0] * top  # -1: every bit set, every name shares at least nothing
    for token in wanted:
        bits = bitsets.get(token)
        if not bits:
            continue
        for j in range(top, 0, -1):
            levels[j] |= levels[j - 1] & bits
    return levels


def _common_subsequence(a: str, positions: dict[str, int], full: int) -> int:
    """The length of the longest common subsequence of `a` and the name whose character
    positions are given, by the bit-parallel method (Allison and Dix; Hyyrö): one pass over `a`."""
    v = full
    for char in a:
        u = v & positions.get(char, 0)
        v = ((v + u) | (v - u)) & full
    return full.bit_length() - v.bit_count()


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low
