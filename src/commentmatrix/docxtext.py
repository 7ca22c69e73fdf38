"""Text into Word runs so every script shows: East Asian font slots and language tags.

python-docx's Font.name sets only the ascii/hAnsi slots; Chinese needs w:eastAsia, and a
w:eastAsiaTheme attribute would override it, so it is dropped. Vietnamese uses Latin slots
with combining-capable fonts; Lao, Khmer, Thai and Myanmar take the complex-script slot.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

LATIN_FONT = "Noto Sans"
EAST_ASIAN_FONT = "Noto Sans CJK SC"
COMPLEX_FONTS = {"lo": "Noto Sans Lao", "km": "Noto Sans Khmer", "th": "Noto Sans Thai", "my": "Noto Sans Myanmar"}
WORD_LANG = {"en": "en-GB", "zh": "zh-CN", "vi": "vi-VN", "lo": "lo-LA", "km": "km-KH", "th": "th-TH", "my": "my-MM",
             "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES", "ja": "ja-JP", "ko": "ko-KR"}

# Schema order of w:rPr children that matter here (CT_RPr): rFonts comes first, lang late.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def set_run_fonts(run_properties, lang: str | None = None, latin: str = LATIN_FONT,
                  east_asian: str = EAST_ASIAN_FONT) -> None:
    """Fill the rFonts slots and w:lang of an rPr element (python-docx CT_RPr)."""
    fonts = run_properties.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(slot), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), COMPLEX_FONTS.get(lang or "", latin))
    for theme in ("w:eastAsiaTheme", "w:asciiTheme", "w:hAnsiTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    if lang:
        _set_lang(run_properties, lang)


def _set_lang(run_properties, lang: str) -> None:
    tag = WORD_LANG.get(lang, lang)
    element = run_properties.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        successor = next((run_properties.find(qn(t)) for t in _AFTER_LANG if run_properties.find(qn(t)) is not None), None)
        if successor is not None:
            successor.addprevious(element)
        else:
            run_properties.append(element)
    element.set(qn("w:val"), tag)
    if lang in ("zh", "ja", "ko"):
        element.set(qn("w:eastAsia"), tag)
    if lang in COMPLEX_FONTS:
        element.set(qn("w:bidi"), tag)


def add_text(paragraph: Paragraph, text: str, lang: str | None = None, *, bold: bool = False,
             italic: bool = False, style: str | None = None) -> Run:
    """Append a run with fonts and language set; newlines become line breaks."""
    run = paragraph.add_run(text, style=style)
    run.bold = bold or None
    run.italic = italic or None
    set_run_fonts(run._r.get_or_add_rPr(), lang)
    return run


def open_reference(reference):
    """The reference .docx a project's templates/ may hold (styles, page, fonts), or Word's default.

    It comes from the repository like any template: a file that is not a usable Word document is
    a TemplateProblem with its name, not a crash."""
    from docx import Document

    from commentmatrix.templating import TemplateProblem

    if reference is None:
        return Document()
    try:
        return Document(str(reference))
    except Exception as exc:  # noqa: BLE001 - zip, XML and package errors all mean "not a usable .docx"
        raise TemplateProblem(f"template {reference.name}: this is not a Word document cm can use for its styles "
                              f"({type(exc).__name__}: {exc}); replace it or delete it to use cm's own") from None
