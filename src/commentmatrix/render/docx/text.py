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

    from commentmatrix.render.templating import TemplateProblem

    if reference is None:
        return Document()
    try:
        return Document(str(reference))
    except Exception as exc:  # noqa: BLE001 - zip, XML and package errors all mean "not a usable .docx"
        raise TemplateProblem(f"template {reference.name}: this is not a Word document cm can use for its styles "
                              f"({type(exc).__name__}: {exc}); replace it or delete it to use cm's own") from None


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
            found = next((s for s in self.document.styles if s.name == name), None)
            self._style_ids[name] = found.style_id if found is not None else None
        return self._style_ids[name]

    def paragraph(self, style: str) -> Paragraph:
        element = OxmlElement("w:p")
        if self.end is not None:
            self.end.addprevious(element)
        else:
            self.document.element.body.append(element)
        paragraph = Paragraph(element, self.document._body)
        self.style(paragraph, style)
        return paragraph

    def style(self, paragraph: Paragraph, name: str) -> None:
        found = self.style_id(name)
        if found:
            paragraph._p.style = found

    def table_style(self, table, name: str = "Table Grid") -> None:
        found = self.style_id(name)
        if found:
            table._tbl.tblPr.style = found
