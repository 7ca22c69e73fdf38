"""Build src/commentmatrix/render/templates/draft-reference.docx: the look of `cm render draft`.

Run from the repository root after changing it: python tools/make_draft_reference.py
A4 page, Noto fonts in every slot (Latin, East Asian, complex script) on the document defaults
and on every style the draft uses, so Chinese and Vietnamese show without theme fonts.
A secretariat overrides the look by putting its own draft-reference.docx in templates/.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from commentmatrix.render.docx.text import set_run_fonts  # noqa: E402

TARGET = ROOT / "src" / "commentmatrix" / "render" / "templates" / "draft-reference.docx"
HEADING_SIZES = {1: 16, 2: 13, 3: 12}


def build() -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_run_fonts(defaults)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name in ("Normal", "Title", "Subtitle", "List Bullet", "List Continue", *(f"Heading {n}" for n in range(1, 10))):
        set_run_fonts(styles[name].element.get_or_add_rPr())
    title = styles["Title"]
    title.font.size = Pt(20)
    title.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    for level in range(1, 10):
        heading = styles[f"Heading {level}"]
        heading.font.size = Pt(HEADING_SIZES.get(level, 11))
        heading.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
        heading.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        heading.paragraph_format.space_after = Pt(4)
    properties = document.core_properties
    properties.title = "Revised draft"
    properties.author = "commentmatrix"
    properties.last_modified_by = "commentmatrix"
    properties.created = properties.modified = dt.datetime(2024, 1, 1)
    properties.revision = 1
    import io
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


if __name__ == "__main__":
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(build())
    print(TARGET.relative_to(ROOT))
