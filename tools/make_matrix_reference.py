"""Regenerate src/commentmatrix/render/templates/matrix-reference.docx, the look of `cm render matrix --format docx`.

Run: python tools/make_matrix_reference.py [OUTPUT]

The reference document carries the page (A4 landscape, margins, a footer with page numbers) and
the styles the writer uses by name: Title, Subtitle, "Matrix Summary", "Matrix Header",
"Matrix Cell", "Matrix Group", "Matrix Edit", "Matrix Id", and the character styles
"Decision Accepted", "Decision Partially", "Decision Rejected", "Decision Noted", "Decision Open".
The fonts are on the document defaults (Latin, East Asian and complex-script slots) and, one per
complex script, on the character styles "Text Thai", "Text Lao", "Text Khmer", "Text Myanmar"
(render/docx/text.py); every size and bold is set for the complex scripts too (szCs, bCs).
A secretariat can instead save its own .docx with these style names as templates/matrix-reference.docx.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from commentmatrix.render.docx.text import (
    add_script_styles,
    drop_theme_fonts,
    set_bold,
    set_italic,
    set_size,
    set_style_fonts,
)
from commentmatrix.render.zipstamp import ZIP_EPOCH, restamp

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "src" / "commentmatrix" / "render" / "templates" / "matrix-reference.docx"

DECISION_COLOURS = {
    "Accepted": "1E7B34",
    "Partially": "9A6700",
    "Rejected": "B3261E",
    "Noted": "555555",
    "Open": "1F5FAD",
}


def paragraph_style(document, name: str, size: float, *, bold: bool = False, italic: bool = False,
                    colour: str | None = None, before: float = 0, after: float = 2, base: str = "Normal"):
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base] if name != base else None
    properties = style.element.get_or_add_rPr()
    set_size(properties, size)
    set_bold(properties, bold or None)
    set_italic(properties, italic or None)
    if colour:
        style.font.color.rgb = RGBColor.from_string(colour)
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)
    return style


def build() -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    section.top_margin, section.bottom_margin = Cm(1.5), Cm(1.5)
    section.footer_distance = Cm(0.8)

    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_style_fonts(defaults)
    set_size(defaults, 9)
    drop_theme_fonts(document.styles.element)
    add_script_styles(document)
    normal = document.styles["Normal"]
    set_size(normal.element.get_or_add_rPr(), 9)
    normal.paragraph_format.space_after = Pt(2)
    paragraph_style(document, "Title", 16, bold=True, colour="1F3864", after=2)
    paragraph_style(document, "Subtitle", 10, colour="404040", after=2)
    paragraph_style(document, "Matrix Summary", 9, before=4, after=8)
    paragraph_style(document, "Matrix Header", 9, bold=True, after=0)
    paragraph_style(document, "Matrix Cell", 9, after=2)
    paragraph_style(document, "Matrix Group", 9, bold=True, after=2)
    paragraph_style(document, "Matrix Id", 8.5, bold=True, colour="1F3864", after=0)
    paragraph_style(document, "Matrix Edit", 8, colour="404040", before=2, after=1)
    for word, colour in DECISION_COLOURS.items():
        style = document.styles.add_style(f"Decision {word}", WD_STYLE_TYPE.CHARACTER)
        set_bold(style.element.get_or_add_rPr(), True)
        style.font.color.rgb = RGBColor.from_string(colour)

    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Subtitle"]
    footer.add_run("Page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)

    # The writer replaces the body; the empty paragraph only keeps the document valid on its own.
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    document.add_paragraph("", style="Normal")

    properties = document.core_properties
    stamp = ZIP_EPOCH.replace(tzinfo=None) + dt.timedelta(days=0)
    properties.created = properties.modified = properties.last_printed = stamp
    properties.author = properties.last_modified_by = "commentmatrix"
    properties.title = "Comments matrix reference"
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return restamp(out.getvalue(), ZIP_EPOCH)


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT
    target.write_bytes(build())
    print(target)


if __name__ == "__main__":
    main()
