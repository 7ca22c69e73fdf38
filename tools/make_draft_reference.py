"""Build src/commentmatrix/render/templates/draft-reference.docx: the look of `cm render draft`.

Run from the repository root after changing it: python tools/make_draft_reference.py [OUTPUT]
A4 page; the fonts on the document defaults, one per slot (Latin, East Asian, complex script),
and one per complex script on the character styles "Text Thai", "Text Lao", "Text Khmer",
"Text Myanmar" (render/docx/text.py), with no theme fonts left to override them; every size and
bold set for the complex scripts too (szCs, bCs). The review copy uses the same reference.
A secretariat overrides the look by putting its own draft-reference.docx in templates/.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from commentmatrix.render.docx.text import (  # noqa: E402
    add_script_styles,
    drop_theme_fonts,
    set_size,
    set_style_fonts,
)
from commentmatrix.render.zipstamp import ZIP_EPOCH, restamp  # noqa: E402

TARGET = ROOT / "src" / "commentmatrix" / "render" / "templates" / "draft-reference.docx"
HEADING_SIZES = {1: 16, 2: 13, 3: 12}


def build() -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_style_fonts(defaults)
    set_size(defaults, 10.5)
    styles = document.styles
    drop_theme_fonts(document.styles.element)
    add_script_styles(document)
    normal = styles["Normal"]
    set_size(normal.element.get_or_add_rPr(), 10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    title = styles["Title"]
    set_size(title.element.get_or_add_rPr(), 20)
    title.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    for level in range(1, 10):
        heading = styles[f"Heading {level}"]
        set_size(heading.element.get_or_add_rPr(), HEADING_SIZES.get(level, 11))
        heading.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
        heading.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        heading.paragraph_format.space_after = Pt(4)
    properties = document.core_properties
    properties.title = "Revised draft"
    properties.author = "commentmatrix"
    properties.last_modified_by = "commentmatrix"
    properties.created = properties.modified = dt.datetime(2024, 1, 1)
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return restamp(buffer.getvalue(), ZIP_EPOCH)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build())
    print(target)
