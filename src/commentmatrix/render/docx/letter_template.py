"""Builds cm's default letter template, render/templates/letter.docx: run it after changing it
(`python -m commentmatrix.render.docx.letter_template`) and commit the result. A secretariat
designs its own in Word from a copy, keeping the Jinja tags (docs/letters.md)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from commentmatrix.render.docx.text import add_script_styles
from commentmatrix.render.zipstamp import restamp

TARGET = Path(__file__).resolve().parent.parent / "templates" / "letter.docx"
_FIXED = dt.datetime(2017, 1, 1, tzinfo=dt.UTC)


def build() -> bytes:
    document = Document()
    add_script_styles(document)
    letterhead = document.add_paragraph()
    run = letterhead.add_run("{{ signature }}")
    run.bold = True
    run.font.size = Pt(14)
    document.add_paragraph("{{ consultation }}").runs[0].font.size = Pt(9)
    document.add_paragraph()
    document.add_paragraph("{{ date }}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph("{{ addressee }}").runs[0].bold = True
    document.add_paragraph()
    document.add_paragraph("{{p body }}")
    document.add_paragraph()
    document.add_paragraph("{{ regards }}")
    document.add_paragraph()
    document.add_paragraph("{{ signature }}")
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "{{ consultation }}"
    footer.runs[0].font.size = Pt(8)
    properties = document.core_properties
    properties.created = properties.modified = properties.last_printed = _FIXED.replace(tzinfo=None)
    properties.author = properties.last_modified_by = "commentmatrix"
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return restamp(out.getvalue(), _FIXED)


if __name__ == "__main__":
    TARGET.write_bytes(build())
    print(TARGET)
