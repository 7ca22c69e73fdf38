"""Word's automatic numbering (word/numbering.xml): the label a reader sees before a paragraph.

A numbered paragraph names a `w:num` (numId) and a level (ilvl), directly or through its style.
The num points at an `w:abstractNum` whose `w:lvl`s say how each level counts (`w:start`,
`w:numFmt`: decimal, lowerLetter, upperRoman, chineseCounting, ...) and what it shows
(`w:lvlText`: "%1.%2" is the first two levels' counters joined by a dot). A num may override a
level's start (`w:lvlOverride/w:startOverride`, what Word writes for "Restart numbering") or the
whole level. Counters run in document order: using a level resets the levels below it (unless
`w:lvlRestart` says otherwise), and nums that share an abstractNum without overriding a start
share its counters, as in Word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAX_LEVELS = 9


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # lvlRestart: restart when a level above this 1-based one is used; 0 never
    legal: bool = False  # isLgl: show every level's counter in decimal
    style: str | None = None  # the paragraph style linked to this level (w:pStyle)


@dataclass
class Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # startOverride by level
    levels: dict[int, Level] = field(default_factory=dict)  # whole levels overridden


@dataclass(frozen=True)
class Label:
    """A paragraph's automatic number: what it shows, its level (0-based) and whether it is a bullet."""

    text: str
    level: int
    bullet: bool


class Numbering:
    """The numbering definitions of one document, and the counters as its paragraphs are read."""

    def __init__(self, abstracts: dict[str, dict[int, Level]], nums: dict[str, Num], links: dict[str, str] | None = None):
        self.abstracts = abstracts
        self.nums = nums
        # abstractNum id -> the abstractNum that defines it (w:numStyleLink through a numbering style)
        self.links = links or {}
        self.counters: dict[str, list[int | None]] = {}

    def level(self, num_id: str, ilvl: int) -> Level | None:
        num = self.nums.get(num_id)
        if num is None:
            return None
        if ilvl in num.levels:
            return num.levels[ilvl]
        return self.abstracts.get(self.links.get(num.abstract, num.abstract), {}).get(ilvl)

    def level_of_style(self, num_id: str, style_id: str) -> int | None:
        """The level of a num that names the style (a heading style linked to a list level)."""
        num = self.nums.get(num_id)
        if num is None:
            return None
        levels = self.abstracts.get(self.links.get(num.abstract, num.abstract), {})
        return next((ilvl for ilvl, level in sorted(levels.items()) if level.style == style_id), None)

    def advance(self, num_id: str, ilvl: int) -> Label | None:
        """Count one paragraph at (num, level) and return its label; None when it shows nothing."""
        num = self.nums.get(num_id)
        ilvl = max(0, min(ilvl, MAX_LEVELS - 1))
        level = self.level(num_id, ilvl)
        if num is None or level is None:
            return None
        # A num that restarts a level counts on its own; the others share their abstractNum's counters.
        key = f"num:{num_id}" if num.starts else f"abstract:{self.links.get(num.abstract, num.abstract)}"
        counters = self.counters.setdefault(key, [None] * MAX_LEVELS)
        current = counters[ilvl]
        counters[ilvl] = self._start(num, ilvl) if current is None else current + 1
        for lower in range(ilvl + 1, MAX_LEVELS):
            below = self.level(num_id, lower)
            restart = below.restart if below is not None else None
            if restart == 0 or (restart is not None and restart <= ilvl):
                continue
            counters[lower] = None
        if level.fmt == "bullet":
            return Label(level.text, ilvl, True)
        shown = _LEVEL_FIELD.sub(lambda m: self._shown(num_id, num, counters, int(m.group(1)) - 1, level.legal), level.text)
        return Label(shown, ilvl, False)

    def _start(self, num: Num, ilvl: int) -> int:
        if ilvl in num.starts:
            return num.starts[ilvl]
        level = num.levels.get(ilvl) or self.abstracts.get(self.links.get(num.abstract, num.abstract), {}).get(ilvl)
        return level.start if level is not None else 1

    def _shown(self, num_id: str, num: Num, counters: list[int | None], index: int, legal: bool) -> str:
        if not 0 <= index < MAX_LEVELS:
            return ""
        level = self.level(num_id, index)
        value = counters[index]
        if value is None:
            value = self._start(num, index)
        return format_number(value, "decimal" if legal else (level.fmt if level else "decimal"))


def read_numbering(root: Any | None, style_numbering: dict[str, str] | None = None) -> Numbering:
    """The definitions in numbering.xml (its parsed root; None when the document has none).
    `style_numbering` maps a numbering style's id to the numId its pPr names (for numStyleLink)."""
    abstracts: dict[str, dict[int, Level]] = {}
    nums: dict[str, Num] = {}
    links: dict[str, str] = {}
    if root is None:
        return Numbering(abstracts, nums)
    style_links: dict[str, str] = {}  # abstractNum id -> the numbering style it takes its levels from
    defines: dict[str, str] = {}  # numbering style id -> abstractNum id that defines it
    for element in root.findall(_w("abstractNum")):
        abstract_id = element.get(_w("abstractNumId")) or ""
        abstracts[abstract_id] = {ilvl: level for ilvl, level in (_level(lvl) for lvl in element.findall(_w("lvl")))
                                  if ilvl is not None}
        link = element.find(_w("numStyleLink"))
        if link is not None:
            style_links[abstract_id] = link.get(_w("val")) or ""
        defined = element.find(_w("styleLink"))
        if defined is not None:
            defines[defined.get(_w("val")) or ""] = abstract_id
    for element in root.findall(_w("num")):
        abstract = element.find(_w("abstractNumId"))
        num = Num(abstract.get(_w("val")) or "" if abstract is not None else "")
        for override in element.findall(_w("lvlOverride")):
            ilvl = _int(override.get(_w("ilvl")))
            if ilvl is None:
                continue
            start = override.find(_w("startOverride"))
            if start is not None and _int(start.get(_w("val"))) is not None:
                num.starts[ilvl] = _int(start.get(_w("val")))  # type: ignore[assignment]
            lvl = override.find(_w("lvl"))
            if lvl is not None:
                _, level = _level(lvl)
                num.levels[ilvl] = level
        nums[element.get(_w("numId")) or ""] = num
    for abstract_id, style in style_links.items():
        target = defines.get(style)
        if target is None and style_numbering and style in style_numbering:
            linked = nums.get(style_numbering[style])
            target = linked.abstract if linked is not None else None
        if target is not None and target != abstract_id:
            links[abstract_id] = target
    return Numbering(abstracts, nums, links)


def _level(element: Any) -> tuple[int | None, Level]:
    ilvl = _int(element.get(_w("ilvl")))

    def value(tag: str) -> str | None:
        found = element.find(_w(tag))
        return found.get(_w("val")) if found is not None else None

    restart = _int(value("lvlRestart"))
    legal = element.find(_w("isLgl"))
    start = _int(value("start"))
    return ilvl, Level(start=start if start is not None else 0,
                       fmt=value("numFmt") or "decimal", text=value("lvlText") or "",
                       restart=restart, legal=legal is not None and legal.get(_w("val"), "1") not in ("0", "false"),
                       style=value("pStyle"))


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    digits = value[1:] if value.startswith("-") else value
    if not digits.isascii() or not digits.isdigit() or len(digits) > 9:
        return None
    return int(value)


_LEVEL_FIELD = re.compile(r"%([1-9])")

_CHINESE_DIGITS = "〇一二三四五六七八九"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_NATIVE_DIGITS = {"thaiNumbers": "๐๑๒๓๔๕๖๗๘๙", "hindiNumbers": "०१२३४५६७८९", "decimalFullWidth": "０１２３４５６７８９",
                  "decimalFullWidth2": "０１２３４５６７８９", "decimalHalfWidth": "0123456789"}
_THAI_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"


def format_number(value: int, fmt: str) -> str:
    """A counter in a Word number format (ECMA-376 17.18.59); unknown formats count in decimal."""
    if fmt == "none":
        return ""
    if value < 0:
        return str(value)
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        if value <= 0:
            return str(value)
        # Word repeats the letter past z: 27 is "aa", 28 "bb".
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "ideographDigital",
               "taiwaneseCounting", "taiwaneseCountingThousand"):
        if fmt == "ideographDigital":
            return "".join(_CHINESE_DIGITS[int(d)] for d in str(value))
        return _chinese(value)
    if fmt in ("ideographTraditional",) and 1 <= value <= 10:
        return _HEAVENLY_STEMS[value - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return _CIRCLED[value - 1]
    if fmt in _NATIVE_DIGITS:
        digits = _NATIVE_DIGITS[fmt]
        return "".join(digits[int(d)] for d in str(value))
    if fmt == "thaiLetters" and 1 <= value <= len(_THAI_LETTERS):
        return _THAI_LETTERS[value - 1]
    if fmt == "ordinal":
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix}"
    return str(value)


def _roman(value: int) -> str:
    if value <= 0 or value >= 4000:
        return str(value)
    found = []
    for amount, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                            (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= amount:
            found.append(letters)
            value -= amount
    return "".join(found)


def _chinese(value: int) -> str:
    """一, 十, 十一, 二十, 一百零五, ...: Chinese counting up to 9,999."""
    if value == 0:
        return "〇"
    if value >= 10_000:
        return str(value)
    parts = []
    digits = [int(d) for d in f"{value:04d}"]
    units = ["千", "百", "十", ""]
    zero = False
    started = False
    for digit, unit in zip(digits, units):
        if digit == 0:
            zero = started
            continue
        if zero:
            parts.append("零")
            zero = False
        started = True
        parts.append(("" if (unit == "十" and digit == 1 and not parts) else _CHINESE_DIGITS[digit]) + unit)
    return "".join(parts)
