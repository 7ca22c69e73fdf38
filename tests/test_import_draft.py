"""`cm import draft` and `cm init --from`: the drafting team's Word document becomes the project's
draft: headings as sections numbered as Word shows them, paragraphs and items, every language,
and a report of what a draft cannot hold, with where it was."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from test_import_hostile import CASES as HOSTILE
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.exchange.officezip import parse_xml as parse_part
from commentmatrix.exchange.word_numbering import format_number, read_numbering


def cm(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A new project in English and Chinese whose draft is still the empty skeleton."""
    root = tmp_path / "project"
    result = cm("init", str(root), "--title", "Strategy consultation", "--languages", "en,zh", "-y")
    assert result.exit_code == 0, result.output
    return root


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "build" not in p.parts}


# ---------------------------------------------------------------- documents made the ways users make them

def png() -> bytes:
    """A 1x1 PNG, for a picture in a test document."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def styled(path: Path) -> Path:
    """python-docx with Word's real styles: Title, Heading 1-2 with typed numbers, bullets
    (one nested), a table and a picture."""
    document = Document()
    document.add_paragraph("Mekong Water Strategy 2030", style="Title")
    document.add_heading("1 Background", 1)
    document.add_paragraph("Cooperation among the riparian countries supports the 2030 Agenda.")
    document.add_heading("2 Priority Areas", 1)
    document.add_heading("2.1 Capacity Building", 2)
    document.add_paragraph("Train officials in river basin management.", style="List Bullet")
    document.add_paragraph("Share hydrological data.", style="List Bullet")
    document.add_paragraph("Within two years.", style="List Bullet 2")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Indicator"
    document.add_paragraph("Progress is reviewed every year.")
    document.add_picture(io.BytesIO(png()))
    document.save(path)
    return path


EXPECTED_STYLED = """\
Read 3 sections, 5 paragraphs (3 items) in en:
  title: Mekong Water Strategy 2030
  s1  1 Background  (1 paragraph; paragraph 2, Heading 1)
  s2  2 Priority Areas  (0 paragraphs; paragraph 4, Heading 1)
    s2-1  2.1 Capacity Building  (1 paragraph, 3 items; paragraph 5, Heading 2)
note: 2 Priority Areas › 2.1 Capacity Building, paragraph 9: a table (2 rows, 2 columns) is not imported: a draft holds sections and paragraphs only; copy what it says into paragraphs
note: 2 Priority Areas › 2.1 Capacity Building, paragraph 14: an image is not imported (a draft holds text only)
note: 1 list item is nested below the first level (the first at 2 Priority Areas › 2.1 Capacity Building, paragraph 8): a draft's items have one level, so they are items there
Wrote {root}/drafts/draft-1.yaml: draft draft-1, version 1
"""

EXPECTED_STYLED_YAML = """\
# Draft draft-1, version 1, imported from styled.docx by `cm import draft`.
id: draft-1
title:
  en: Mekong Water Strategy 2030
version: "1"
sections:
  - id: s1
    number: "1"
    title:
      en: Background
    paragraphs:
      - id: s1.p1
        text:
          en: Cooperation among the riparian countries supports the 2030 Agenda.
  - id: s2
    number: "2"
    title:
      en: Priority Areas
    paragraphs: []
    sections:
      - id: s2-1
        number: "2.1"
        title:
          en: Capacity Building
        paragraphs:
          - id: s2-1.p1
            kind: item
            text:
              en: Train officials in river basin management.
          - id: s2-1.p2
            kind: item
            text:
              en: Share hydrological data.
          - id: s2-1.p3
            kind: item
            text:
              en: Within two years.
          - id: s2-1.p4
            text:
              en: Progress is reviewed every year.
"""


def test_headings_paragraphs_and_items_of_a_styled_document_become_the_draft(project: Path, tmp_path: Path):
    path = styled(tmp_path / "styled.docx")
    result = cm("import", "draft", str(path), "-C", str(project))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == EXPECTED_STYLED.format(root=project)
    assert (project / "drafts" / "draft-1.yaml").read_text(encoding="utf-8") == EXPECTED_STYLED_YAML
    assert cm("validate", "-C", str(project)).exit_code == 0


def numbered(path: Path, extra_num: str = "", paragraphs=None) -> Path:
    """Word's multilevel heading numbering as Word stores it: one abstractNum whose levels are
    linked to Heading 1-3 (w:pStyle), counting from 5, shown "%1", "%1.%2" and "%3)"; the heading
    styles name the num in their own numPr; a num with a startOverride restarts the list."""
    document = Document()
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:pStyle w:val="Heading{i + 1}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        for i, (start, fmt, text) in enumerate([(5, "decimal", "%1"), (1, "decimal", "%1.%2"), (1, "lowerLetter", "%3)")]))
    numbering.append(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="7">'
                               f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="3"><w:abstractNumId w:val="7"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="4"><w:abstractNumId w:val="7"/>'
                               '<w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    for level in (1, 2, 3):
        properties = document.styles[f"Heading {level}"].element.get_or_add_pPr()
        numbers = properties.get_or_add_numPr()
        if level > 1:
            numbers.get_or_add_ilvl().val = level - 1
        numbers.get_or_add_numId().val = 3
    for level, text in paragraphs if paragraphs is not None else [
            (1, "Background"), (0, "Body one."), (1, "Priority Areas"), (2, "Policy"), (2, "Capacity"),
            (3, "Officials"), (3, "Communities"), (2, "Biodiversity"), (3, "Wetlands"), (0, "Body two."),
            (1, "Implementation")]:
        if level:
            document.add_heading(text, level)
        else:
            document.add_paragraph(text)
    document.save(path)
    return path


EXPECTED_NUMBERED = """\
Read 9 sections, 2 paragraphs (0 items) in en:
  title: numbered
  s5  5 Background  (1 paragraph; paragraph 1, Heading 1)
  s6  6 Priority Areas  (0 paragraphs; paragraph 3, Heading 1)
    s6-1  6.1 Policy  (0 paragraphs; paragraph 4, Heading 2)
    s6-2  6.2 Capacity  (0 paragraphs; paragraph 5, Heading 2)
      s6-2-a  a) Officials  (0 paragraphs; paragraph 6, Heading 3)
      s6-2-b  b) Communities  (0 paragraphs; paragraph 7, Heading 3)
    s6-3  6.3 Biodiversity  (0 paragraphs; paragraph 8, Heading 2)
      s6-3-a  a) Wetlands  (1 paragraph; paragraph 9, Heading 3)
  s7  7 Implementation  (0 paragraphs; paragraph 11, Heading 1)
note: the document has no paragraph in the Title style: the title is its file name
Would write {root}/drafts/draft-1.yaml: draft draft-1, version 1 (dry run: nothing written)
"""


def test_word_multilevel_numbering_gives_the_numbers_word_shows(project: Path, tmp_path: Path):
    path = numbered(tmp_path / "numbered.docx")
    before = files_of(project)
    result = cm("import", "draft", str(path), "--dry-run", "-C", str(project))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == EXPECTED_NUMBERED.format(root=project)
    assert files_of(project) == before


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="needs LibreOffice")
def test_the_numbers_imported_are_the_ones_libreoffice_prints(project: Path, tmp_path: Path):
    path = numbered(tmp_path / "numbered.docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    printed = subprocess.run(["pdftotext", "-layout", str(tmp_path / "numbered.pdf"), "-"], check=True,
                             capture_output=True, text=True).stdout
    headings = [" ".join(line.split()) for line in printed.splitlines() if line.strip() and "Body" not in line]
    result = cm("import", "draft", str(path), "-C", str(project))
    assert result.exit_code == 0, result.output
    imported = re.findall(r'number: "([^"]*)"\n\s+title:\n\s+en: (.*)', (project / "drafts" / "draft-1.yaml").read_text(encoding="utf-8"))
    assert headings == [f"{number} {title}" for number, title in imported]


def test_numbering_counts_restarts_and_formats_as_word_does():
    numbering = read_numbering(parse_part(f"""<w:numbering {nsdecls("w")}>
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:isLgl/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/><w:lvlRestart w:val="1"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
      <w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>
    </w:numbering>""".encode(), "numbering.xml"))
    shown = [numbering.advance(num, level).text for num, level in
             [("1", 0), ("1", 1), ("1", 2), ("1", 2), ("1", 1), ("1", 2), ("2", 0), ("2", 2), ("3", 0), ("3", 1)]]
    # isLgl shows the Roman first level as 1; (c) goes on under 1.2 because level 3 restarts only
    # after level 1; num 2 shares num 1's counters; num 3 restarts at IV.
    assert shown == ["I.", "1.1", "(a)", "(b)", "1.2", "(c)", "II.", "(a)", "IV.", "4.1"]
    assert [numbering.advance("5", 0).text for _ in range(3)] == ["一、", "二、", "三、"]
    assert numbering.advance("5", 1).bullet
    assert numbering.advance("9", 0) is None
    assert [format_number(n, f) for n, f in [(28, "lowerLetter"), (14, "upperRoman"), (21, "chineseCounting"),
                                             (105, "chineseCounting"), (3, "decimalZero"), (0, "none")]] == \
        ["bb", "XIV", "二十一", "一百零五", "03", ""]


def localized(path: Path) -> Path:
    """Heading styles as a localized Word or another tool names them: "Überschrift 1" and
    "标题 2" with an outline level, a custom style based on one, and an outline level set on a
    Normal paragraph; "TOC Heading" (outline level 9) is body text; python-docx's "Subtitle"
    names a list level without a list."""
    document = Document()
    styles = document.styles.element
    for style_id, name, level, based in (("berschrift1", "Überschrift 1", 0, None), ("a2", "标题 2", 1, None),
                                         ("Kapitel", "Kapitel", None, "berschrift1")):
        outline = f'<w:pPr><w:outlineLvl w:val="{level}"/></w:pPr>' if level is not None else ""
        base = f'<w:basedOn w:val="{based}"/>' if based else ""
        styles.append(parse_xml(f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{style_id}">'
                                f'<w:name w:val="{name}"/>{base}{outline}</w:style>'))
    document.add_paragraph("Hintergrund", style="Überschrift 1")
    document.add_paragraph("Ein Absatz.")
    document.add_paragraph("Ziele", style="标题 2")
    document.add_paragraph("Noch ein Absatz.", style="Subtitle")
    document.add_paragraph("Umsetzung", style="Kapitel")
    outlined = document.add_paragraph("Finanzierung")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="1"/>'))
    document.add_paragraph("Letzter Absatz.")
    document.save(path)
    return path


def test_heading_levels_come_from_outline_levels_of_localized_and_custom_styles(project: Path, tmp_path: Path):
    path = localized(tmp_path / "localized.docx")
    result = cm("import", "draft", str(path), "--lang", "en", "--id", "de", "-n", "-C", str(project))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:6] == [
        "Read 4 sections, 3 paragraphs (0 items) in en:",
        "  title: localized",
        "  hintergrund  Hintergrund  (1 paragraph; paragraph 1, Überschrift 1)",
        "    ziele  Ziele  (1 paragraph; paragraph 3, 标题 2)",
        "  umsetzung  Umsetzung  (0 paragraphs; paragraph 5, Kapitel)",
        "    finanzierung  Finanzierung  (1 paragraph; paragraph 6, Normal)",
    ]


def bold_numbered(path: Path) -> Path:
    """No heading styles at all: headings are bold and start with a typed number."""
    document = Document()
    for text, bold in [("1. Introduction", True), ("This strategy sets out the plan.", False),
                       ("1.1 Scope", True), ("It covers the basin.", False), ("2. Actions", True),
                       ("A bold sentence of the body that has no number.", True), ("2.1 Monitoring", True),
                       ("Data are shared.", False)]:
        document.add_paragraph().add_run(text).bold = bold
    document.save(path)
    return path


def test_documents_that_only_bold_and_number_their_headings(project: Path, tmp_path: Path):
    result = cm("import", "draft", str(bold_numbered(tmp_path / "bold.docx")), "-n", "-C", str(project))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:6] == [
        "Read 4 sections, 4 paragraphs (0 items) in en:",
        "  title: bold",
        "  s1  1 Introduction  (1 paragraph; paragraph 1, bold, numbered)",
        "    s1-1  1.1 Scope  (1 paragraph; paragraph 3, bold, numbered)",
        "  s2  2 Actions  (1 paragraph; paragraph 5, bold, numbered)",
        "    s2-1  2.1 Monitoring  (1 paragraph; paragraph 7, bold, numbered)",
    ]


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def revised(path: Path) -> Path:
    """Tracked changes already in the source: an insertion, a deletion, a deleted paragraph mark
    (accepting it joins two paragraphs) and a whole deleted paragraph."""
    document = Document()
    document.add_heading("1 Goals", 1)
    first = document.add_paragraph("Protect the ")
    first._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="A" w:date="2026-11-02T00:00:00Z">'
                              '<w:r><w:delText>old </w:delText></w:r></w:del>'))
    first._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="A" w:date="2026-11-02T00:00:00Z">'
                              '<w:r><w:t>wetlands</w:t></w:r></w:ins>'))
    joined = document.add_paragraph("Restore rivers")
    joined._p.get_or_add_pPr().append(parse_xml(f'<w:rPr {nsdecls("w")}><w:del w:id="3" w:author="A"/></w:rPr>'))
    document.add_paragraph(" and lakes.")
    gone = document.add_paragraph()
    gone._p.get_or_add_pPr().append(parse_xml(f'<w:rPr {nsdecls("w")}><w:del w:id="4" w:author="A"/></w:rPr>'))
    gone._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="5" w:author="A"><w:r><w:delText>Dropped.</w:delText></w:r></w:del>'))
    document.add_paragraph("Last.")
    document.save(path)
    return path


def test_tracked_changes_are_read_as_accepted_and_said_so(project: Path, tmp_path: Path):
    result = cm("import", "draft", str(revised(tmp_path / "revised.docx")), "-C", str(project))
    assert (result.exit_code, result.stderr) == (0, "")
    assert "note: the document holds tracked changes (1 insertion, 4 deletions, the first at 1 Goals, paragraph 2): " \
           "read as if all were accepted\n" in result.stdout
    draft = (project / "drafts" / "draft-1.yaml").read_text(encoding="utf-8")
    assert re.findall(r"en: (.*)", draft) == ["revised", "Goals", "Protect the wetlands", "Restore rivers and lakes.", "Last."]


def with_footnote_comment_and_text_box(path: Path) -> Path:
    """A footnote, a Word comment, a text box and a page break, added the way Word stores them."""
    document = Document()
    document.add_heading("1 Finance", 1)
    paragraph = document.add_paragraph("Funds come from the members.")
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                                  '<w:footnoteReference w:id="1"/></w:r>'))
    document.add_paragraph("Reviewed yearly.")
    document.paragraphs[-1]._p.insert(1, parse_xml(f'<w:commentRangeStart {nsdecls("w")} w:id="0"/>'))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Boxed: ")._p.append(parse_xml(
        f'<w:r {nsdecls("w", "wp", "a")} xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<w:drawing><wp:anchor><a:graphic><a:graphicData>'
        '<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Key figures</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
        '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>'))
    document.save(path)
    footnotes = (f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:id="1"><w:p><w:r><w:t>See the 2025 budget annex.</w:t>'
                 '</w:r></w:p></w:footnote></w:footnotes>').encode()
    data = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(data) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/footnotes.xml"] = footnotes
    parts["word/comments.xml"] = (f'<w:comments xmlns:w="{W_NS}"><w:comment w:id="0" w:author="Le Thi Hoa">'
                                  '<w:p><w:r><w:t>Which year?</w:t></w:r></w:p></w:comment></w:comments>').encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, value in parts.items():
            target.writestr(name, value)
    return path


def test_what_a_draft_cannot_hold_is_reported_with_where_it_was(project: Path, tmp_path: Path):
    result = cm("import", "draft", str(with_footnote_comment_and_text_box(tmp_path / "notes.docx")), "-n",
                "-C", str(project))
    assert (result.exit_code, result.stderr) == (0, "")
    assert [line for line in result.stdout.splitlines() if line.startswith("note:")] == [
        "note: the document has no paragraph in the Title style: the title is its file name",
        "note: 1 Finance, paragraph 2: a footnote (“See the 2025 budget annex.”) is not imported: a draft has no "
        "footnotes; put it in the text if it matters",
        "note: 1 Finance, paragraph 3: a Word comment (Le Thi Hoa: “Which year?”) is not imported (a stakeholder's "
        "comments come in with cm import docx)",
        "note: 1 Finance, paragraph 4: a page break is not kept: cm lays out the pages of what it renders",
        "note: 1 Finance, paragraph 5: a text box (“Key figures”) is not imported",
    ]


@pytest.mark.parametrize("case", sorted(set(HOSTILE) - {"huge-comment"}))
def test_a_hostile_docx_is_refused_and_nothing_is_written(project: Path, tmp_path: Path, case: str):
    make, message = HOSTILE[case]
    path = make(tmp_path / f"{case}.docx")
    before = files_of(project)
    result = cm("import", "draft", str(path), "-C", str(project))
    assert (result.exit_code, result.stdout) == (1, "")
    first, last = result.stderr.splitlines()
    assert first.startswith(f"cm: {path}") and message in first
    assert last == "cm: nothing was imported"
    assert files_of(project) == before


def test_text_in_a_language_cm_yaml_does_not_list_stops_the_import(project: Path, tmp_path: Path):
    document = Document()
    document.add_heading("1 Bối cảnh", 1)
    document.add_paragraph("Hợp tác môi trường giữa các quốc gia.")
    document.save(tmp_path / "vi.docx")
    before = files_of(project)
    result = cm("import", "draft", str(tmp_path / "vi.docx"), "-C", str(project))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("cm: vi.docx has text in vi, which cm.yaml's languages (en, zh) do not list\n"
                             "    hint: add the language to cm.yaml's languages, or give the document's one language with --lang\n"
                             "cm: nothing was imported\n")
    assert files_of(project) == before


def test_a_draft_with_sections_is_never_replaced(example: Path, tmp_path: Path):
    result = cm("import", "draft", str(styled(tmp_path / "styled.docx")), "--id", "lmec-2017-08", "-C", str(example))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[0] == ("cm: draft lmec-2017-08 already exists (drafts/lmec-2017-08.yaml) and has "
                                             "sections; cm import draft never replaces a draft")
    result = cm("import", "draft", str(tmp_path / "styled.docx"), "-C", str(example))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "cm: give the new draft's id with --id (the draft cm.yaml names already has sections)\n"


# ---------------------------------------------------------------- cm's own documents come back the same

def same_draft(root: Path, expected_id: str, imported_id: str) -> None:
    from commentmatrix.read.loader import load_project

    loaded = load_project(root)
    expected, imported = loaded.drafts_by_id[expected_id].draft, loaded.drafts_by_id[imported_id].draft
    assert imported.model_dump(exclude={"id"}) == expected.model_dump(exclude={"id"})


@pytest.mark.parametrize("layout", ["sequential", "side-by-side"])
def test_the_rendered_revised_draft_imports_back_to_the_same_draft(example: Path, tmp_path: Path, layout: str):
    """`cm render draft --changes clean` shows the draft with the decided edits applied: importing
    it gives exactly the draft `cm render draft --format yaml` writes, ids and every language,
    whether each language follows the other or stands in its own column."""
    for name, args in (("rendered.docx", ["--changes", "clean", "--layout", layout]),
                       ("revised.yaml", ["--id", "revised", "--version", "2017-08"])):
        result = cm("render", "draft", *args, "-o", str(tmp_path / name), "-C", str(example))
        assert result.exit_code == 0, result.output
    shutil.copyfile(tmp_path / "revised.yaml", example / "drafts" / "revised.yaml")
    result = cm("import", "draft", str(tmp_path / "rendered.docx"), "--id", "round-trip", "--version", "2017-08",
                "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0] == "Read 18 sections, 57 paragraphs (52 items) in en, zh:"
    same_draft(example, "revised", "round-trip")


def test_the_review_copy_imports_back_to_the_draft_it_shows(example: Path, tmp_path: Path):
    """Its cover note and comments table are cm's, not the draft's: they are left out."""
    result = cm("export", "review-copy", "-o", str(tmp_path / "copy.docx"), "-C", str(example))
    assert result.exit_code == 0, result.output
    result = cm("import", "draft", str(tmp_path / "copy.docx"), "--id", "round-trip", "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert (lines[0], lines[-1]) == ("Read 17 sections, 48 paragraphs (45 items) in en, zh:",
                                     f"Wrote {example}/drafts/round-trip.yaml: draft round-trip, version 2017-08")
    assert [line for line in lines if line.startswith("note:")] == []
    same_draft(example, "lmec-2017-08", "round-trip")


# ---------------------------------------------------------------- bilingual documents

def alternating(path: Path) -> Path:
    """The Lancang-Mekong layout: each heading and paragraph in English, then its Chinese line;
    one English paragraph has no translation. The Chinese runs carry w:lang as Chinese Word writes it."""
    document = Document()
    rows = [("Title", "Lancang-Mekong Environmental Cooperation Strategic Framework"), ("Title", "澜沧江-湄公河环境合作战略框架"),
            ("Heading 1", "1. Background"), ("Heading 1", "1. 背景"),
            ("Normal", "Environmental cooperation supports the 2030 Agenda."), ("Normal", "环境合作致力于推动落实2030年议程。"),
            ("Heading 1", "2. Cooperative Principles"), ("Heading 1", "2.合作原则"),
            ("List Bullet", "Following the principles of joint construction"), ("List Bullet", "采取共建的合作原则"),
            ("List Bullet", "Taking full account of the needs of all countries"), ("List Bullet", "充分考虑各国需求"),
            ("Normal", "Reviewed every five years."),
            ("List Bullet", "Being open and inclusive"), ("List Bullet", "坚持开放包容")]
    for style, text in rows:
        run = document.add_paragraph(style=style).add_run(text)
        if any("\u4e00" <= c <= "\u9fff" for c in text):
            run._r.get_or_add_rPr().append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-US" w:eastAsia="zh-CN"/>'))
    document.save(path)
    return path


EXPECTED_ALTERNATING = """\
# Draft draft-1, version 1, imported from alternating.docx by `cm import draft`.
id: draft-1
title:
  en: Lancang-Mekong Environmental Cooperation Strategic Framework
  zh: 澜沧江-湄公河环境合作战略框架
version: "1"
sections:
  - id: s1
    number: "1"
    title:
      en: Background
      zh: 背景
    paragraphs:
      - id: s1.p1
        text:
          en: Environmental cooperation supports the 2030 Agenda.
          zh: 环境合作致力于推动落实2030年议程。
  - id: s2
    number: "2"
    title:
      en: Cooperative Principles
      zh: 合作原则
    paragraphs:
      - id: s2.p1
        kind: item
        text:
          en: Following the principles of joint construction
          zh: 采取共建的合作原则
      - id: s2.p2
        kind: item
        text:
          en: Taking full account of the needs of all countries
          zh: 充分考虑各国需求
      - id: s2.p3
        text:
          en: Reviewed every five years.
      - id: s2.p4
        kind: item
        text:
          en: Being open and inclusive
          zh: 坚持开放包容
"""


def test_a_document_of_paragraphs_each_followed_by_its_translation(project: Path, tmp_path: Path):
    result = cm("import", "draft", str(alternating(tmp_path / "alternating.docx")), "-C", str(project))
    assert (result.exit_code, result.stderr) == (0, "")
    assert [line for line in result.stdout.splitlines() if line.startswith("note:")] == [
        "note: 2 Cooperative Principles, paragraph 13: “Reviewed every five years.” has no zh text: "
        "it did not pair up with a translation"]
    assert (project / "drafts" / "draft-1.yaml").read_text(encoding="utf-8") == EXPECTED_ALTERNATING
    assert cm("validate", "-C", str(project)).exit_code == 0


# ---------------------------------------------------------------- cm init --from

def bilingual_numbered(path: Path) -> Path:
    """A bilingual strategy with Word's automatic heading numbering: each heading holds its
    English and Chinese titles on two lines, body paragraphs and items alternate."""
    numbered(path, paragraphs=[])
    document = Document(path)
    for level, english, chinese in [(1, "Background", "背景"), (0, "Cooperation supports the 2030 Agenda.", "合作推动落实2030年议程。"),
                                    (1, "Priority Areas", "优先领域"), (2, "Policy Dialogue", "政策对话"),
                                    (-1, "Hold a dialogue every year", "每年举行对话"), (2, "Capacity Building", "能力建设"),
                                    (3, "Officials", "官员"), (0, "Train officials.", "培训官员。")]:
        if level > 0:
            paragraph = document.add_heading("", level)
            paragraph.add_run(english).add_break()
            paragraph.add_run(chinese)
        else:
            for text in (english, chinese):
                document.add_paragraph(text, style="List Bullet" if level < 0 else None)
    document.save(path)
    return path


EXPECTED_INIT = """\
Read 5 sections, 3 paragraphs (1 item) in en, zh:
  title: strategy
  s5  5 Background  (1 paragraph; paragraph 1, Heading 1)
  s6  6 Priority Areas  (0 paragraphs; paragraph 4, Heading 1)
    s6-1  6.1 Policy Dialogue  (0 paragraphs, 1 item; paragraph 5, Heading 2)
    s6-2  6.2 Capacity Building  (0 paragraphs; paragraph 8, Heading 2)
      s6-2-a  a) Officials  (1 paragraph; paragraph 9, Heading 3)
note: the document has no paragraph in the Title style: the title is its file name
Created a consultation project in {root}: cm.yaml, drafts/strategy.yaml, comments/.gitkeep, .gitignore
Default templates copied to {root}/templates for customising (15 file(s)).
Next: check drafts/strategy.yaml against the document, then `cm stakeholder add`.
"""


def test_init_from_a_bilingual_strategy_gives_a_project_ready_for_review(tmp_path: Path):
    root = tmp_path / "consultation"
    result = cm("init", str(root), "--from", str(bilingual_numbered(tmp_path / "strategy.docx")), "-y")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == EXPECTED_INIT.format(root=root)
    draft = (root / "drafts" / "strategy.yaml").read_text(encoding="utf-8")
    assert re.findall(r'number: "(.*)"\n\s+title:\n\s+en: (.*)\n\s+zh: (.*)', draft) == [
        ("5", "Background", "背景"), ("6", "Priority Areas", "优先领域"), ("6.1", "Policy Dialogue", "政策对话"),
        ("6.2", "Capacity Building", "能力建设"), ("a)", "Officials", "官员")]
    assert (cm("validate", "-C", str(root)).exit_code, "languages:\n  - en\n  - zh\n" in (root / "cm.yaml").read_text(encoding="utf-8")) == (0, True)
    copy = tmp_path / "copy.docx"
    assert cm("export", "review-copy", "-o", str(copy), "-C", str(root)).exit_code == 0
    assert cm("import", "draft", str(copy), "--id", "again", "-C", str(root)).exit_code == 0
    same_draft(root, "strategy", "again")


def test_init_from_a_document_that_would_not_validate_creates_nothing(tmp_path: Path):
    root = tmp_path / "consultation"
    result = cm("init", str(root), "--from", str(tmp_path / "missing.docx"), "-y")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-1] == "cm: no project was created"
    assert not root.exists()


LIBREOFFICE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Mekong Strategy</title></head><body>
<h1>1 Background</h1><h1 lang="zh-CN">1 背景</h1>
<p>Cooperation supports the 2030 Agenda.</p><p lang="zh-CN">合作推动落实2030年议程。</p>
<h1>2 Priorities</h1><h1 lang="zh-CN">2 优先领域</h1>
<h2>2.1 Water</h2><h2 lang="zh-CN">2.1 水资源</h2>
<ul><li>Share data.</li><li lang="zh-CN">共享数据。</li><li>Train officials.</li><li lang="zh-CN">培训官员。</li></ul>
<table border="1"><tr><td>a</td><td>b</td></tr></table>
<p>End.</p><p lang="zh-CN">完。</p>
</body></html>
"""

EXPECTED_LIBREOFFICE = """\
Read 3 sections, 4 paragraphs (2 items) in en, zh:
  title: Mekong Strategy
  s1  1 Background  (1 paragraph; paragraph 1, Heading 1)
  s2  2 Priorities  (0 paragraphs; paragraph 5, Heading 1)
    s2-1  2.1 Water  (1 paragraph, 2 items; paragraph 7, Heading 2)
note: the document has no paragraph in the Title style: the title is its title property
note: 2 Priorities › 2.1 Water, paragraph 13: a table (1 row, 2 columns) is not imported: a draft holds sections and paragraphs only; copy what it says into paragraphs
Wrote {root}/drafts/draft-1.yaml: draft draft-1, version 1
"""


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_a_document_saved_by_libreoffice(project: Path, tmp_path: Path):
    (tmp_path / "strategy.html").write_text(LIBREOFFICE_HTML, encoding="utf-8")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--norestore",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(tmp_path / "strategy.html")],
                   check=True, capture_output=True, timeout=180)
    result = cm("import", "draft", str(tmp_path / "strategy.docx"), "-C", str(project))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == EXPECTED_LIBREOFFICE.format(root=project)
    draft = (project / "drafts" / "draft-1.yaml").read_text(encoding="utf-8")
    assert re.findall(r"(en|zh): (.*)", draft)[-4:] == [("en", "Train officials."), ("zh", "培训官员。"), ("en", "End."), ("zh", "完。")]


def test_a_table_per_section_with_one_column_per_language(project: Path, tmp_path: Path):
    document = Document()
    document.add_heading("1 Background\n背景", 1)
    table = document.add_table(rows=0, cols=2)
    for english, chinese, style in [("Cooperation supports the 2030 Agenda.", "合作推动落实2030年议程。", None),
                                    ("Share data.", "共享数据。", "List Bullet")]:
        cells = table.add_row().cells
        for cell, text in zip(cells, (english, chinese)):
            cell.paragraphs[0].add_run(text)
            if style:
                cell.paragraphs[0].style = document.styles[style]
    table.rows[1].cells[0].paragraphs[0].add_run().add_picture(io.BytesIO(png()))
    other = document.add_table(rows=1, cols=2)
    other.cell(0, 0).text, other.cell(0, 1).text = "Indicator", "Target"
    document.save(tmp_path / "columns.docx")
    result = cm("import", "draft", str(tmp_path / "columns.docx"), "-C", str(project))
    assert (result.exit_code, result.stderr) == (0, "")
    assert [line for line in result.stdout.splitlines() if line.startswith("note: 1")] == [
        "note: 1 Background, paragraph 4: an image is not imported (a draft holds text only)",
        "note: 1 Background, paragraph 6: a table (1 row, 2 columns) is not imported: a draft holds sections and "
        "paragraphs only; copy what it says into paragraphs"]
    assert (project / "drafts" / "draft-1.yaml").read_text(encoding="utf-8").split("sections:\n", 1)[1] == """\
  - id: s1
    number: "1"
    title:
      en: Background
      zh: 背景
    paragraphs:
      - id: s1.p1
        text:
          en: Cooperation supports the 2030 Agenda.
          zh: 合作推动落实2030年议程。
      - id: s1.p2
        kind: item
        text:
          en: Share data.
          zh: 共享数据。
"""


def test_a_bilingual_document_in_one_table_with_its_headings_in_rows_of_their_own(project: Path, tmp_path: Path):
    # The heading rows were read as paragraphs: one section 'preamble' held every paragraph,
    # the headings among them.
    document = Document()
    table = document.add_table(rows=0, cols=2)
    for english, chinese, style in [("1 Background", "1 背景", "Heading 1"),
                                    ("Cooperation supports the 2030 Agenda.", "合作推动落实2030年议程。", None),
                                    ("2 Priorities", "2 优先领域", "Heading 1"),
                                    ("Water.", "水资源。", None)]:
        cells = table.add_row().cells
        for cell, text in zip(cells, (english, chinese)):
            cell.paragraphs[0].add_run(text)
            if style:
                cell.paragraphs[0].style = document.styles[style]
    document.save(tmp_path / "table.docx")
    result = cm("import", "draft", str(tmp_path / "table.docx"), "-C", str(project))
    assert (result.exit_code, result.stderr) == (0, "")
    assert (project / "drafts" / "draft-1.yaml").read_text(encoding="utf-8").split("sections:\n", 1)[1] == """\
  - id: s1
    number: "1"
    title:
      en: Background
      zh: 背景
    paragraphs:
      - id: s1.p1
        text:
          en: Cooperation supports the 2030 Agenda.
          zh: 合作推动落实2030年议程。
  - id: s2
    number: "2"
    title:
      en: Priorities
      zh: 优先领域
    paragraphs:
      - id: s2.p1
        text:
          en: Water.
          zh: 水资源。
"""


def one_language(path: Path, rows: list[tuple[int, str]]) -> Path:
    document = Document()
    for level, text in rows:
        if level == -1:
            document.add_paragraph(text, style="Title")
        elif level:
            document.add_heading(text, level)
        else:
            document.add_paragraph(text)
    document.save(path)
    return path


def test_a_document_per_language_aligned_by_structure(project: Path, tmp_path: Path):
    english = one_language(tmp_path / "strategy-en.docx", [
        (-1, "Water Strategy"), (1, "1 Background"), (0, "Rivers connect us."), (1, "2 Goals"), (2, "2.1 Wetlands"),
        (0, "Protect wetlands."), (0, "Restore floodplains.")])
    chinese = one_language(tmp_path / "strategy-zh.docx", [
        (-1, "水战略"), (1, "1 背景"), (0, "河流连接我们。"), (1, "2 目标"), (2, "2.1 湿地"), (0, "保护湿地。"),
        (0, "恢复洪泛区。"), (0, "加强监测。"), (2, "2.2 资金")])
    result = cm("import", "draft", str(english), "--lang", "en", "--with", str(chinese), "--lang", "zh", "-C", str(project))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"""\
Read 3 sections, 3 paragraphs (0 items) in en, zh:
  title: Water Strategy
  s1  1 Background  (1 paragraph; paragraph 2, Heading 1)
  s2  2 Goals  (0 paragraphs; paragraph 4, Heading 1)
    s2-1  2.1 Wetlands  (2 paragraphs; paragraph 5, Heading 2)
note: strategy-zh.docx, 2.1 湿地, paragraph 8 (加强监测。): strategy-en.docx has no paragraph 3 in this section; it is not imported
note: strategy-zh.docx, paragraph 9: section 2.2 资金 is not in strategy-en.docx; it is not imported
Wrote {project}/drafts/draft-1.yaml: draft draft-1, version 1
"""
    draft = (project / "drafts" / "draft-1.yaml").read_text(encoding="utf-8")
    assert re.findall(r"(?:en|zh): (.*)", draft) == [
        "Water Strategy", "水战略", "Background", "背景", "Rivers connect us.", "河流连接我们。", "Goals", "目标", "Wetlands", "湿地",
        "Protect wetlands.", "保护湿地。", "Restore floodplains.", "恢复洪泛区。"]


# ---------------------------------------------------------------- a new version of the same draft

def version_two(path: Path) -> Path:
    """The alternating document, revised: a new first paragraph, an item lightly edited, an item
    moved to the first section, an untranslated paragraph removed, an item kept."""
    document = Document()
    rows = [("Title", "Lancang-Mekong Environmental Cooperation Strategic Framework"), ("Title", "澜沧江-湄公河环境合作战略框架"),
            ("Heading 1", "1. Background"), ("Heading 1", "1. 背景"),
            ("Normal", "The countries share one river."), ("Normal", "各国共享一条河流。"),
            ("Normal", "Environmental cooperation supports the 2030 Agenda."), ("Normal", "环境合作致力于推动落实2030年议程。"),
            ("List Bullet", "Taking full account of the needs of all countries"), ("List Bullet", "充分考虑各国需求"),
            ("Heading 1", "2. Cooperative Principles"), ("Heading 1", "2.合作原则"),
            ("List Bullet", "Following the principles of joint construction and sharing"), ("List Bullet", "采取共建共享的合作原则"),
            ("List Bullet", "Being open and inclusive"), ("List Bullet", "坚持开放包容")]
    for style, text in rows:
        document.add_paragraph(text, style=style)
    document.save(path)
    return path


def test_a_new_version_keeps_the_ids_of_what_is_still_there(project: Path, tmp_path: Path):
    assert cm("import", "draft", str(alternating(tmp_path / "alternating.docx")), "-C", str(project)).exit_code == 0
    result = cm("import", "draft", str(version_two(tmp_path / "v2.docx")), "--id", "draft-2", "--version", "2",
                "--from-draft", "draft-1", "-C", str(project))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.split("\n", 4)[4] == f"""\
+ s1.p2  new (1 Background, paragraph 5): “The countries share one river.”
~ s2.p2  moved from s2, matched by its words (1 Background, paragraph 9): “Taking full account of the needs of all countries”
~ s2.p1  edited (90% alike), matched by its words (2 Cooperative Principles, paragraph 13): “Following the principles of joint construction and sharing”
- s2.p3  removed: “Reviewed every five years.”
note: compared with draft draft-1: 2 unchanged, 1 edited, 1 moved, 1 new, 1 removed paragraphs
Wrote {project}/drafts/draft-2.yaml: draft draft-2, version 2
"""
    draft = (project / "drafts" / "draft-2.yaml").read_text(encoding="utf-8")
    assert re.findall(r"- id: (\S+)\n(?:\s+kind: item\n)?\s+text:\n\s+en: (.*)", draft) == [
        ("s1.p2", "The countries share one river."), ("s1.p1", "Environmental cooperation supports the 2030 Agenda."),
        ("s2.p2", "Taking full account of the needs of all countries"),
        ("s2.p1", "Following the principles of joint construction and sharing"), ("s2.p4", "Being open and inclusive")]
    assert cm("validate", "-C", str(project)).exit_code == 0


def test_from_draft_names_a_draft_of_the_project(project: Path, tmp_path: Path):
    result = cm("import", "draft", str(styled(tmp_path / "styled.docx")), "--from-draft", "draft-0", "-C", str(project))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("cm: --from-draft draft-0: there is no draft of that id in drafts/\n"
                             "    hint: the drafts are draft-1\n")


def test_the_review_copy_as_a_new_version_changes_nothing(example: Path, tmp_path: Path):
    assert cm("export", "review-copy", "-o", str(tmp_path / "copy.docx"), "-C", str(example)).exit_code == 0
    result = cm("import", "draft", str(tmp_path / "copy.docx"), "--id", "next", "--from-draft", "lmec-2017-08", "-n",
                "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-2] == ("note: compared with draft lmec-2017-08: 48 unchanged, 0 edited, 0 moved, "
                                              "0 new, 0 removed paragraphs")


def test_languages_come_from_word_tags_and_from_the_script(tmp_path: Path):
    """Vietnamese by its letters or its w:lang, Lao and Thai by their script; Latin text that no
    tag names is in the project's first Latin-script language, whatever comes first."""
    document = Document()
    for style, text, lang in [("Heading 1", "๑.๒ ภูมิหลัง", None), ("Heading 1", "1.2 Bối cảnh", None),
                              ("Normal", "ການຮ່ວມມືດ້ານສິ່ງແວດລ້ອມ", None), ("Normal", "Hợp tác môi trường", None),
                              ("Normal", "ການພັດທະນາແບບຍືນຍົງ", None), ("Normal", "Phat trien ben vung", "vi-VN")]:
        run = document.add_paragraph(style=style).add_run(text)
        properties = run._r.get_or_add_rPr()
        for child in list(properties):
            properties.remove(child)
        if lang:
            properties.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{lang}"/>'))
    document.save(tmp_path / "mekong.docx")
    root = tmp_path / "project"
    result = cm("init", str(root), "--from", str(tmp_path / "mekong.docx"), "--languages", "th,vi,lo", "-y")
    assert (result.exit_code, result.stderr) == (0, "")
    draft = (root / "drafts" / "mekong.yaml").read_text(encoding="utf-8")
    assert draft.split("sections:\n", 1)[1] == """\
  - id: s1-2
    number: "๑.๒"
    title:
      th: ภูมิหลัง
      vi: Bối cảnh
    paragraphs:
      - id: s1-2.p1
        text:
          vi: Hợp tác môi trường
          lo: ການຮ່ວມມືດ້ານສິ່ງແວດລ້ອມ
      - id: s1-2.p2
        text:
          vi: Phat trien ben vung
          lo: ການພັດທະນາແບບຍືນຍົງ
"""


LONG_ID_DRAFT = """\
id: draft-1
title: {en: Water, zh: 水}
version: "1"
sections:
  - id: background
    number: "1"
    title: {en: Background, zh: 背景}
    paragraphs:
      - id: background.a-paragraph-id-too-long-for-a-word-bookmark
        text: {en: Rivers connect us., zh: 河流连接我们。}
      - id: background.2
        text: {en: Wetlands matter., zh: 湿地很重要。}
"""


def test_ids_too_long_for_word_come_back_through_the_old_draft(project: Path, tmp_path: Path):
    (project / "drafts" / "draft-1.yaml").write_text(LONG_ID_DRAFT, encoding="utf-8")
    assert cm("export", "review-copy", "-o", str(tmp_path / "copy.docx"), "-C", str(project)).exit_code == 0
    result = cm("import", "draft", str(tmp_path / "copy.docx"), "--id", "alone", "-C", str(project))
    assert (result.exit_code, result.stderr) == (0, "")
    # Without the old draft its hashed bookmark names no id, but it still pairs its two languages.
    assert re.findall(r"- id: (\S+)\n\s+text:\n\s+en: (.*)\n\s+zh: (.*)", (project / "drafts" / "alone.yaml").read_text(encoding="utf-8")) == [
        ("background.p1", "Rivers connect us.", "河流连接我们。"), ("background.2", "Wetlands matter.", "湿地很重要。")]
    result = cm("import", "draft", str(tmp_path / "copy.docx"), "--id", "again", "--from-draft", "draft-1", "-C", str(project))
    assert (result.exit_code, result.stderr) == (0, "")
    assert "note: compared with draft draft-1: 2 unchanged, 0 edited, 0 moved, 0 new, 0 removed paragraphs\n" in result.stdout
    same_draft(project, "draft-1", "again")


def test_a_list_defined_through_a_numbering_style_counts_with_its_definition():
    """Word's "define new list style": the abstractNum with the levels names the style
    (w:styleLink); the one a num uses only links to it (w:numStyleLink)."""
    numbering = read_numbering(parse_part(f"""<w:numbering {nsdecls("w")}>
      <w:abstractNum w:abstractNumId="1"><w:styleLink w:val="ChapterList"/>
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="Chapter %1"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="ChapterList"/></w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>
    </w:numbering>""".encode(), "numbering.xml"))
    assert [numbering.advance("2", 0).text for _ in range(2)] == ["Chapter A", "Chapter B"]


def test_bold_paragraphs_numbered_by_word_are_headings_at_their_list_level(project: Path, tmp_path: Path):
    path = numbered(tmp_path / "listed.docx", paragraphs=[])
    document = Document(path)
    for level, text, bold in [(0, "Scope", True), (0, "The basin and its people.", False), (1, "Waters", True),
                              (0, "Rivers and lakes.", False), (0, "Actions", True)]:
        paragraph = document.add_paragraph()
        paragraph.add_run(text).bold = bold
        if bold:
            numbers = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            numbers.get_or_add_ilvl().val = level
            numbers.get_or_add_numId().val = 4
    document.save(path)
    result = cm("import", "draft", str(path), "-n", "-C", str(project))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[2:5] == [
        "  s5  5 Scope  (1 paragraph; paragraph 1, bold, numbered by Word)",
        "    s5-1  5.1 Waters  (1 paragraph; paragraph 3, bold, numbered by Word)",
        "  s6  6 Actions  (0 paragraphs; paragraph 5, bold, numbered by Word)",
    ]


def test_init_from_a_hostile_file_creates_nothing(tmp_path: Path):
    make, message = HOSTILE["entity-expansion"]
    path = make(tmp_path / "bomb.docx")
    result = cm("init", str(tmp_path / "consultation"), "--from", str(path), "-y")
    assert (result.exit_code, result.stdout) == (1, "")
    first, last = result.stderr.splitlines()
    assert first.startswith(f"cm: {path}") and message in first
    assert last == "cm: no project was created"
    assert not (tmp_path / "consultation").exists()


def test_current_makes_the_new_version_the_draft_of_a_round_without_comments(example: Path, tmp_path: Path):
    assert cm("export", "review-copy", "-o", str(tmp_path / "copy.docx"), "-C", str(example)).exit_code == 0
    for path in (example / "comments").glob("*.yaml"):
        path.unlink()
    before = (example / "cm.yaml").read_text(encoding="utf-8")
    result = cm("import", "draft", str(tmp_path / "copy.docx"), "--id", "lmec-2017-10", "--version", "2017-10",
                "--from-draft", "lmec-2017-08", "--current", "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-2:] == [
        f"Wrote {example}/drafts/lmec-2017-10.yaml: draft lmec-2017-10, version 2017-10",
        f"Changed {example}/cm.yaml: the current round's draft is lmec-2017-10"]
    assert (example / "cm.yaml").read_text(encoding="utf-8") == before.replace("\ndraft: lmec-2017-08\n", "\ndraft: lmec-2017-10\n")
    assert cm("validate", "-C", str(example)).exit_code == 0


def test_current_is_refused_in_a_round_with_comments_and_points_to_round_start(example: Path, tmp_path: Path):
    """Its comments are about the round's draft: a new version starts a round (the folder rule)."""
    assert cm("export", "review-copy", "-o", str(tmp_path / "copy.docx"), "-C", str(example)).exit_code == 0
    before = {p: p.read_bytes() for p in example.rglob("*") if p.is_file() and "build" not in p.parts}
    result = cm("import", "draft", str(tmp_path / "copy.docx"), "--id", "lmec-2017-10", "--version", "2017-10",
                "--from-draft", "lmec-2017-08", "--current", "-C", str(example))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-3:] == [
        "cm: round 1 has 22 comments on draft lmec-2017-08, so its draft stays; a new version of the draft starts the next round",
        "    hint: start it from the document: cm round start ID --version V --from FILE.docx",
        "cm: nothing was imported"]
    assert {p: p.read_bytes() for p in example.rglob("*") if p.is_file() and "build" not in p.parts} == before


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_a_review_copy_saved_by_libreoffice_imports_back_to_the_same_draft(example: Path, tmp_path: Path):
    assert cm("export", "review-copy", "-o", str(tmp_path / "copy.docx"), "-C", str(example)).exit_code == 0
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--norestore",
                    "--convert-to", "docx", "--outdir", str(tmp_path / "lo"), str(tmp_path / "copy.docx")],
                   check=True, capture_output=True, timeout=180)
    result = cm("import", "draft", str(tmp_path / "lo" / "copy.docx"), "--id", "round-trip", "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    same_draft(example, "lmec-2017-08", "round-trip")


def test_paragraphs_added_to_a_review_copy_pair_by_language(example: Path, tmp_path: Path):
    """The drafting team typed a new paragraph and its translation into the review copy: no
    bookmarks, but the document is known to be in English and Chinese."""
    from docx import Document as Open

    assert cm("export", "review-copy", "-o", str(tmp_path / "copy.docx"), "-C", str(example)).exit_code == 0
    document = Open(tmp_path / "copy.docx")
    anchor = next(p for p in document.paragraphs if p.text.startswith("澜沧江-湄公河国家环境合作"))
    for text in ("The countries share one river.", "各国共享一条河流。"):
        added = document.add_paragraph(text)
        anchor._p.addnext(added._p)
        anchor = added
    document.save(tmp_path / "v2.docx")
    result = cm("import", "draft", str(tmp_path / "v2.docx"), "--id", "next", "--from-draft", "lmec-2017-08",
                "-C", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert [line for line in result.stdout.splitlines() if line.startswith(("+", "~", "-", "note:"))] == [
        "+ background.p2  new (1 Background, paragraph 19): “The countries share one river.”",
        "note: compared with draft lmec-2017-08: 48 unchanged, 0 edited, 0 moved, 1 new, 0 removed paragraphs"]
    draft = (example / "drafts" / "next.yaml").read_text(encoding="utf-8")
    assert re.search(r"- id: background.p2\n\s+text:\n\s+en: (.*)\n\s+zh: (.*)\n", draft).groups() == (
        "The countries share one river.", "各国共享一条河流。")
