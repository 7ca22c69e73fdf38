"""render/docx/text.append_text writes a run's text as python-docx's own `Run.text` does."""

from __future__ import annotations

from docx import Document
from docx.oxml import OxmlElement
from docx.text.run import Run
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from commentmatrix.render.docx.text import BodyWriter, append_text

PIECES = st.sampled_from(["\t", "\n", "\r", "\r\n", " ", "  ", "word", "คำ", "ພາສາ", "ភាសា", "中文", "Tiếng Việt"])


def _ours(text: str) -> bytes:
    r = OxmlElement("w:r")
    append_text(r, text)
    return etree.tostring(r)


def _python_docx(text: str) -> bytes:
    r = OxmlElement("w:r")
    Run(r, None).text = text  # type: ignore[arg-type]
    return etree.tostring(r)


@given(st.lists(PIECES, max_size=12).map("".join))
def test_the_same_elements_as_python_docx(text: str) -> None:
    assert _ours(text) == _python_docx(text)


def test_breaks_tabs_and_kept_spaces() -> None:
    xml = _ours(" a\tb\r\nc ").decode()
    assert xml.count("<w:br/>") == 2 and xml.count("<w:tab/>") == 1
    assert 'xml:space="preserve">' in xml  # the leading space survives Word's trimming


def test_a_new_paragraph_gets_its_style_as_python_docx_sets_it() -> None:
    document = Document()
    writer = BodyWriter(document)
    ours = writer.paragraph("Heading 1")
    theirs = document.add_paragraph()
    theirs.style = document.styles["Heading 1"]
    assert etree.tostring(ours._p) == etree.tostring(theirs._p)
    assert ours._p.getnext() is theirs._p  # before the section properties, in order
    assert etree.tostring(writer.paragraph("No Such Style")._p) == etree.tostring(document.add_paragraph()._p)
