"""Text into Word runs so every script shows: each script in its font slot, tagged with its language.

Word sets each character of a run in one of three font slots, chosen by the character: Latin and
Vietnamese in `w:ascii`/`w:hAnsi`, Chinese, Japanese and Korean in `w:eastAsia`, Thai, Lao,
Khmer and Burmese in the complex-script slot `w:cs`, which has its own size (`w:szCs`) and bold
(`w:bCs`). LibreOffice does the same (Western, Asian and CTL fonts).

The fonts are not written on the runs: they are declared in the styles of the reference document
(templates/matrix-reference.docx, draft-reference.docx, or a project's own), so a secretariat can
set TH Sarabun New, Phetsarath OT or Khmer OS there. The document defaults carry the Latin, East
Asian and a complex-script font; since one slot holds one font and no font has Thai, Lao and
Khmer alike, each complex script has a character style ("Text Thai", "Text Lao", "Text Khmer",
"Text Myanmar") whose `w:cs` font a run of that script takes. A reference that lacks one of them
gets it added with cm's font for it (SCRIPT_STYLES).

A run carries only what depends on its text: the script's character style, `w:lang` (`w:val` the
run's language; `w:eastAsia` and `w:bidi` the language of its Chinese and of its Thai, Lao or
Khmer characters), `w:hint="eastAsia"` on Chinese text, so that its quotation marks and dashes
take the Chinese font, and `w:bCs`/`w:iCs` with `w:b`/`w:i`. Text without a language tag (imported comments,
topics, the subtitle) is tagged by the script of its letters (model/segmentation.script_of).
"""

from __future__ import annotations

import io
import re
import weakref
from collections.abc import Callable
from typing import Any, NamedTuple

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.styles.style import StyleFactory
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from commentmatrix.model.segmentation import graphemes, leading_script, script_of

# The fonts of the packaged reference documents: what Word on Windows has (macOS Word substitutes
# Thonburi, Lao Sangam MN, Khmer Sangam MN, PingFang SC by the script), and what LibreOffice
# replaces through fontconfig with a font of the script (Liberation Sans, Noto Sans CJK SC, Noto
# Sans Thai, Noto Sans Khmer, Noto Sans Myanmar; for Lao, DejaVu Sans or Noto Sans Lao).
LATIN_FONT = "Arial"
EAST_ASIAN_FONT = "Microsoft YaHei"
COMPLEX_FONT = "Leelawadee UI"  # the document default: Thai and Lao both
#: Complex script: (its character style, cm's font for it, its language)
SCRIPT_STYLES: dict[str, tuple[str, str, str]] = {
    "Thai": ("Text Thai", "Leelawadee UI", "th"),
    "Lao": ("Text Lao", "Leelawadee UI", "lo"),
    "Khmer": ("Text Khmer", "Khmer UI", "km"),
    "Myanmar": ("Text Myanmar", "Myanmar Text", "my"),
}
EAST_ASIAN_SCRIPTS = {"Han": "zh", "Kana": "ja", "Hangul": "ko"}
EAST_ASIAN_LANGS = ("zh", "ja", "ko")
COMPLEX_LANGS = {lang: script for script, (_, _, lang) in SCRIPT_STYLES.items()}
WORD_LANG = {"en": "en-GB", "zh": "zh-CN", "vi": "vi-VN", "lo": "lo-LA", "km": "km-KH", "th": "th-TH", "my": "my-MM",
             "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES", "ja": "ja-JP", "ko": "ko-KR"}

# CT_RPr's children in schema order (ECMA-376 17.3.2.28): a new child goes before the first
# later one present.
_RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
              "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
              "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
# Each tag's successors, qualified once: the set was built again for every child compared.
_LATER_IN_RPR = {tag: frozenset(qn(t) for t in _RPR_ORDER[n + 1:]) for n, tag in enumerate(_RPR_ORDER)}
_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


# ---------------------------------------------------------------- run properties, in schema order

def child(run_properties: Any, tag: str) -> Any:
    """The `tag` child of an rPr element, added in schema order when missing."""
    found = run_properties.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    later = _LATER_IN_RPR[tag]
    successor = next((c for c in run_properties if c.tag in later), None)
    if successor is not None:
        successor.addprevious(element)
    else:
        run_properties.append(element)
    return element


def _drop(run_properties: Any, tag: str) -> None:
    found = run_properties.find(qn(tag))
    if found is not None:
        run_properties.remove(found)


def set_size(run_properties: Any, points: float) -> None:
    """The size of every script: `w:sz` and `w:szCs` (half-points)."""
    half_points = str(round(points * 2))
    for tag in ("w:sz", "w:szCs"):
        child(run_properties, tag).set(qn("w:val"), half_points)


def _set_pair(run_properties: Any, tags: tuple[str, str], on: bool | None) -> None:
    for tag in tags:
        if on is None:
            _drop(run_properties, tag)
        else:
            element = child(run_properties, tag)
            if on:
                element.attrib.pop(qn("w:val"), None)
            else:
                element.set(qn("w:val"), "0")


def set_bold(run_properties: Any, bold: bool | None) -> None:
    """Bold for every script (`w:b` and `w:bCs`, as Word writes them), off (False) or inherited (None)."""
    _set_pair(run_properties, ("w:b", "w:bCs"), bold)


def set_italic(run_properties: Any, italic: bool | None) -> None:
    """Italic for every script (`w:i` and `w:iCs`, as Word writes them), off or inherited."""
    _set_pair(run_properties, ("w:i", "w:iCs"), italic)


def set_style_fonts(run_properties: Any, latin: str = LATIN_FONT, east_asian: str = EAST_ASIAN_FONT,
                    complex_script: str = COMPLEX_FONT, lang: str = "en") -> None:
    """The fonts of every slot and the default languages, on the document defaults or a style
    (for the tools that build the reference documents). Theme fonts are dropped: they would win."""
    fonts = child(run_properties, "w:rFonts")
    for theme in _THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(theme), None)
    for slot, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asian), ("w:cs", complex_script)):
        fonts.set(qn(slot), name)
    language = child(run_properties, "w:lang")
    language.attrib.clear()
    language.set(qn("w:val"), WORD_LANG.get(lang, lang))
    language.set(qn("w:eastAsia"), WORD_LANG["zh"])
    language.set(qn("w:bidi"), WORD_LANG["th"])


def drop_theme_fonts(element: Any) -> None:
    """Remove theme font references (they override named fonts) from every rFonts in `element`
    (the styles part, for the reference tools); an emptied rFonts goes too."""
    for fonts in list(element.iter(qn("w:rFonts"))):
        for theme in _THEME_ATTRIBUTES:
            fonts.attrib.pop(qn(theme), None)
        if not fonts.attrib:
            fonts.getparent().remove(fonts)


def add_script_styles(document: Any) -> None:
    """The character styles that carry each complex script's font (for the reference tools)."""
    for script in SCRIPT_STYLES:
        _script_style(document.styles, script)


def _script_style(styles: Any, script: str) -> Any:
    name, font, _ = SCRIPT_STYLES[script]
    # Found by name in C (lxml), not through a style object per style: these names are not among
    # the built-in ones python-docx translates, so the UI name is the stored one.
    found = styles.element.get_by_name(name)
    if found is not None:
        return StyleFactory(found)
    style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), font)
    return style


# ---------------------------------------------------------------- what a text is written in

_BEYOND_LATIN = re.compile("[^\x00-\u024f]")
_COMPLEX_SCRIPTS = tuple(SCRIPT_STYLES)
_EAST_ASIAN_SCRIPTS = tuple(EAST_ASIAN_SCRIPTS)


class Scripts:
    """What a text holds: its language (the tag, or the one its letters imply), the complex
    script of most of its Thai, Lao, Khmer or Burmese letters, and the East Asian one."""

    __slots__ = ("complex", "east_asian", "lang")

    def __init__(self, text: str, lang: str | None):
        self.complex = self.east_asian = None
        # Latin text (the common case) has nothing above U+024F: no search for other scripts.
        if not text.isascii() and _BEYOND_LATIN.search(text):
            self.complex = leading_script(text, _COMPLEX_SCRIPTS)
            self.east_asian = leading_script(text, _EAST_ASIAN_SCRIPTS)
            if lang is None:
                # Below U+0250 every letter is Latin, so an untagged Latin text is left untagged.
                leading = script_of(text)
                lang = SCRIPT_STYLES[leading][2] if leading in SCRIPT_STYLES else EAST_ASIAN_SCRIPTS.get(leading or "")
        self.lang = lang

    @property
    def key(self) -> tuple[str | None, str | None, str | None]:
        """All that typeset reads of the text: its language and its two leading scripts."""
        return self.lang, self.complex, self.east_asian

    @property
    def complex_lang(self) -> str | None:
        if self.lang in COMPLEX_LANGS:
            return self.lang
        return SCRIPT_STYLES[self.complex][2] if self.complex else None

    @property
    def east_asian_lang(self) -> str | None:
        if self.lang in EAST_ASIAN_LANGS:
            return self.lang
        return EAST_ASIAN_SCRIPTS[self.east_asian] if self.east_asian else None

    @property
    def complex_script(self) -> str | None:
        """The complex script whose style the run takes: of its letters, else of its tag."""
        return self.complex or COMPLEX_LANGS.get(self.lang or "")


class RunFormat(NamedTuple):
    """What a run's properties say, decided from its text alone: the one decision both the
    python-docx path (add_text) and the streaming writer (render/docx/wordml.py) write out.

    `style` is the character style id (a decision's, else the complex script's); `cs_font` the
    complex script's font when it cannot come from a style; `lang` Word's tags for w:val,
    w:eastAsia and w:bidi (None: not written)."""

    style: str | None
    cs_font: str | None
    east_asian_hint: bool
    bold: bool
    italic: bool
    lang: tuple[str | None, str | None, str | None]


#: A document's complex-script character styles: script -> (style id, or None where the part has
#: no styles (a footer), and the script's font).
ScriptStyle = Callable[[str], tuple[str | None, str]]


def _word_lang(value: str | None) -> str | None:
    return WORD_LANG.get(value, value) if value else None


def run_format(text: str, lang: str | None, script_style: ScriptStyle, *, bold: bool = False, italic: bool = False,
               run_style: str | None = None) -> RunFormat:
    """The character style, font hint and language tags a run of `text` needs.

    `run_style` is the id of a character style the run takes for another reason (a decision's
    colour): a run has one, so the complex script's font is then copied onto the run from its
    style instead."""
    return typeset(Scripts(text, lang), script_style, bold=bold, italic=italic, run_style=run_style)


def typeset(scripts: Scripts, script_style: ScriptStyle, *, bold: bool = False, italic: bool = False,
            run_style: str | None = None) -> RunFormat:
    """run_format of a text whose Scripts are `scripts`: the text counts only through them, so
    two texts of the same Scripts.key are typeset alike."""
    script = scripts.complex_script
    style, cs_font = run_style, None
    if script is not None:
        script_id, font = script_style(script)
        if run_style is not None or script_id is None:
            cs_font = font
        else:
            style = script_id
    return RunFormat(style, cs_font, scripts.lang in EAST_ASIAN_LANGS, bold, italic,
                     (_word_lang(scripts.lang), _word_lang(scripts.east_asian_lang), _word_lang(scripts.complex_lang)))


def apply_format(run_properties: Any, found: RunFormat) -> None:
    """Write `found` onto a python-docx run's rPr, each child in schema order."""
    if found.style is not None:
        child(run_properties, "w:rStyle").set(qn("w:val"), found.style)
    if found.cs_font is not None:
        child(run_properties, "w:rFonts").set(qn("w:cs"), found.cs_font)
    if found.east_asian_hint:
        child(run_properties, "w:rFonts").set(qn("w:hint"), "eastAsia")
    if found.bold:
        set_bold(run_properties, True)
    if found.italic:
        set_italic(run_properties, True)
    if any(found.lang):
        element = child(run_properties, "w:lang")
        for attribute, value in zip(("w:val", "w:eastAsia", "w:bidi"), found.lang):
            if value:
                element.set(qn(attribute), value)


# ---------------------------------------------------------------- runs

class _Typesetter:
    """Per document: the style id of each complex script's character style, and its font."""

    def __init__(self, part: Any):
        self.styles = getattr(part, "styles", None)
        self.found: dict[str, tuple[str | None, str]] = {}

    def script(self, script: str) -> tuple[str | None, str]:
        """(style id, font) of a complex script; no id when the part has no styles (a footer)."""
        if script not in self.found:
            self.found[script] = (None, SCRIPT_STYLES[script][1]) if self.styles is None else script_style(self.styles, script)
        return self.found[script]


def script_style(styles: Any, script: str) -> tuple[str, str]:
    """(style id, font) of a complex script's character style in `styles`, added when missing."""
    style = _script_style(styles, script)
    fonts = style.element.rPr.rFonts if style.element.rPr is not None else None
    font = fonts.get(qn("w:cs")) if fonts is not None else None
    return style.style_id, font or SCRIPT_STYLES[script][1]


_TYPESETTERS: weakref.WeakKeyDictionary[Any, _Typesetter] = weakref.WeakKeyDictionary()


def _typesetter(paragraph: Paragraph) -> _Typesetter:
    return _part_typesetter(paragraph.part)


def _part_typesetter(part: Any) -> _Typesetter:
    found = _TYPESETTERS.get(part)
    if found is None:
        found = _TYPESETTERS[part] = _Typesetter(part)
    return found


def script_styles_of(part: Any) -> ScriptStyle:
    """The (style id, font) of each complex script for runs of `part` written as text (wordml):
    the look-up add_text uses, so a style added for one is there for the other."""
    return _part_typesetter(part).script


def add_text(paragraph: Paragraph, text: str, lang: str | None = None, *, bold: bool = False,
             italic: bool = False, run_style: str | None = None) -> Run:
    """Append a run typeset for its scripts; newlines become line breaks. `run_style` is a
    character style id."""
    run = paragraph.add_run()
    append_text(run._r, text)
    found = run_format(text, lang, _typesetter(paragraph).script, bold=bold, italic=italic, run_style=run_style)
    if found.style or found.cs_font or found.east_asian_hint or found.bold or found.italic or any(found.lang):
        apply_format(run._r.get_or_add_rPr(), found)
    return run


_RUN_BREAKS = re.compile(r"([\t\r\n])")


def append_text(r, text: str) -> None:
    """Append `text` to a w:r as python-docx's `Run.text` does (a tab is w:tab, each CR or LF a
    w:br, the rest w:t), a piece at a time: python-docx walks it a character at a time, which was
    most of the time of rendering a 3,000-paragraph draft."""
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            r.add_tab()
        elif piece == "\n" or piece == "\r":
            r.add_br()
        elif piece:
            r.add_t(piece)


def open_reference(reference):
    """The reference .docx a project's templates/ may hold (styles, page, fonts), or Word's default.

    It comes from the repository like any template, so it is opened like a file from outside
    (model/zipguard.py: sizes, ratios, members, damaged parts, DOCTYPEs checked before python-docx
    sees it): a file that is not a usable Word document is a TemplateProblem with its name, not
    a crash, and a zip bomb is refused before it is unpacked."""
    return read_reference(reference)[0]


def read_reference(reference) -> tuple[Any, dict[str, bytes]]:
    """The reference opened (open_reference), and its members as checked, by member name (none
    for Word's default): the bytes of a part cm leaves as it is can be written as they came."""
    from docx import Document

    if reference is None:
        return Document(), {}
    return guarded_word_file(reference, "for its styles")


def guarded_word_file(path, purpose: str) -> tuple[Any, dict[str, bytes]]:
    """A Word file from the project opened by python-docx after the zip guard (model/zipguard.py:
    sizes, ratios, members, DOCTYPEs), with its checked members by name. One that is not a
    usable Word document is a TemplateProblem saying it cannot serve `purpose`, not a crash."""
    from docx import Document

    from commentmatrix.model.zipguard import REFERENCE_LIMITS, UnsafeFile, checked_members, stored_copy
    from commentmatrix.render.templating import TemplateProblem

    try:
        members = checked_members(path, "DOCX", REFERENCE_LIMITS)
    except UnsafeFile as exc:
        raise TemplateProblem(f"template {path.name}: this is not a Word document cm can use {purpose} "
                              f"({exc.reason}); replace it or delete it to use cm's own") from None
    try:
        return Document(io.BytesIO(stored_copy(members))), members
    except Exception as exc:  # noqa: BLE001 - zip, XML and package errors all mean "not a usable .docx"
        raise TemplateProblem(f"template {path.name}: this is not a Word document cm can use {purpose} "
                              f"({type(exc).__name__}: {exc}); replace it or delete it to use cm's own") from None


def first_style_id(styles: Any, name: str) -> str | None:
    """The id of the first style of that name (as python-docx shows names) in `styles`, if any."""
    found = next((style for style in styles if style.name == name), None)
    return found.style_id if found is not None else None


class BodyWriter:
    """Appends paragraphs to a document's body in constant time each, styled by name.

    python-docx's add_paragraph searches the body for sectPr and the styles by name on every
    call: quadratic on a 300-page draft. A project's own reference .docx may lack a style:
    the paragraph then keeps Normal rather than failing.
    """

    def __init__(self, document):
        self.document = document
        self.end = document.element.body.find(qn("w:sectPr"))
        self._style_ids: dict[str, str | None] = {}

    def style_id(self, name: str) -> str | None:
        if name not in self._style_ids:
            self._style_ids[name] = first_style_id(self.document.styles, name)
        return self._style_ids[name]

    def paragraph(self, style: str) -> Paragraph:
        found = self.style_id(style)
        # A new paragraph's only child is its style, so it is built whole: python-docx's style
        # setter looks up the schema order of w:pPr's and w:p's children on every call.
        element = OxmlElement("w:p")
        if found:
            properties = OxmlElement("w:pPr")
            properties.append(OxmlElement("w:pStyle", {qn("w:val"): found}))
            element.append(properties)
        if self.end is not None:
            self.end.addprevious(element)
        else:
            self.document.element.body.append(element)
        return Paragraph(element, self.document._body)

    def style(self, paragraph: Paragraph, name: str) -> None:
        found = self.style_id(name)
        if found:
            paragraph._p.style = found

    def table_style(self, table, name: str = "Table Grid") -> None:
        found = self.style_id(name)
        if found:
            table._tbl.tblPr.style = found


# Word's core properties (title, identifier...) hold at most 255 characters; python-docx refuses
# a longer one. The document's own text keeps the whole title.
CORE_PROPERTY_LIMIT = 255


def core_property(value: str) -> str:
    """`value` cut to fit a core property, on a character boundary, with an ellipsis when cut."""
    if len(value) <= CORE_PROPERTY_LIMIT:
        return value
    kept, size = [], 0
    for cluster in graphemes(value):
        if size + len(cluster) > CORE_PROPERTY_LIMIT - 1:
            break
        kept.append(cluster)
        size += len(cluster)
    return "".join(kept) + "…"
