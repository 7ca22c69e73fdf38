"""Every script in its font slot: the DOCX matrix, the revised draft (tracked) and the review copy
of a project written in English with Lao, Khmer, Thai and Chinese.

Word (and LibreOffice) set a run's Latin letters in `w:ascii`/`w:hAnsi`, its Chinese in
`w:eastAsia` and its Thai, Lao and Khmer in `w:cs`, whose size and bold are `w:szCs` and `w:bCs`.
The fonts come from the reference document's styles: the document defaults, and one character
style per complex script ("Text Thai", "Text Lao", "Text Khmer"). These tests read the document
XML and resolve, for every run, the style chain Word would: the font each script of its text is
set in, its size and bold in that slot, and its language tags.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.model.segmentation import script_of_char

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
COMPLEX = {"Thai": "th-TH", "Lao": "lo-LA", "Khmer": "km-KH"}
STYLE_OF = {"Thai": "Text Thai", "Lao": "Text Lao", "Khmer": "Text Khmer"}
FONT_OF = {"Thai": "Leelawadee UI", "Lao": "Leelawadee UI", "Khmer": "Khmer UI"}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


# ---------------------------------------------------------------- the project

CONFIG = """
    title:
      en: Mekong Typesetting Strategy - Comments Matrix
      zh: 湄公河排版战略 意见汇总
    languages: [en, zh, th, lo, km]
    draft: mts-1
    deadline: 2030-01-31
    stakeholders:
      - id: lao-pdr
        name: {en: Lao PDR, lo: ສປປ ລາວ}
        kind: country
      - id: thailand
        name: {en: Thailand, th: ประเทศไทย}
        kind: country
        contact: คุณสมชาย
      - id: cambodia
        name: {en: Cambodia, km: កម្ពុជា}
        kind: country
      - id: china
        name: {en: China, zh: 中国}
        kind: country
    """

DRAFT = """
    id: mts-1
    title: {en: Mekong Typesetting Strategy, zh: 湄公河排版战略, lo: ຍຸດທະສາດ ການຈັດພິມ ແມ່ນ້ຳຂອງ}
    version: "2029-12"
    sections:
      - id: water
        number: "1"
        title: {en: Water and people, lo: ນ້ຳ ແລະ ປະຊາຊົນ}
        paragraphs:
          - id: water.1
            text:
              en: The river feeds sixty million people.
              lo: ແມ່ນ້ຳ ລ້ຽງ ປະຊາຊົນ ຫົກສິບລ້ານຄົນ.
      - id: forests
        number: "2"
        title: {en: Community forests, km: ព្រៃសហគមន៍}
        paragraphs:
          - id: forests.1
            text:
              en: Local communities protect the forests.
              km: សហគមន៍មូលដ្ឋានការពារព្រៃឈើ។
      - id: officials
        number: "3"
        title: {en: Local officials, th: เจ้าหน้าที่ท้องถิ่น}
        paragraphs:
          - id: officials.1
            text:
              en: Local officials share the data.
              th: เจ้าหน้าที่รัฐท้องถิ่นแบ่งปันข้อมูล
      - id: disasters
        number: "4"
        title: {zh: 防灾, en: Disasters}
        paragraphs:
          - id: disasters.1
            text:
              zh: 提升洪旱灾害防御能力。
              en: Improve “flood and drought” defences.
    """

LAO = """
    stakeholder: lao-pdr
    comments:
      - id: LAO-1
        target: water.1
        topic: ຖ້ອຍຄຳ
        text: ບອກຈຳນວນຄົນ ໃຫ້ຊັດເຈນ.
        proposal:
          - replace: ຫົກສິບລ້ານຄົນ
            with: ເຈັດສິບລ້ານຄົນ
            lang: lo
        response:
          decision: accepted
          note: {en: Accepted, lo: ຮັບເອົາ}
    """

CAMBODIA = """
    stakeholder: cambodia
    comments:
      - id: KH-1
        target: forests.1
        topic: ពាក្យ
        text: ដាក់ឈ្មោះអន្លង់ជ្រៅ។
        proposal:
          - replace: ព្រៃឈើ
            with: ព្រៃឈើ និងអន្លង់
            lang: km
        response:
          decision: partially
          note: {en: In part., km: មួយផ្នែក។}
          edits:
            - replace: ព្រៃឈើ
              with: ព្រៃឈើ និងអន្លង់
              lang: km
    """

THAILAND = """
    stakeholder: thailand
    comments:
      - id: TH-1
        target: officials.1
        topic: ถ้อยคำ
        text: {en: Say which officials., th: ระบุเจ้าหน้าที่}
        proposal:
          - replace: ข้อมูล
            with: ข้อมูลน้ำ
            lang: th
        response:
          decision: accepted
    """

CHINA = """
    stakeholder: china
    comments:
      - id: CN-1
        target: disasters.1
        topic: 措辞
        text: {zh: 改为“洪涝”。, en: Say “floods”.}
        proposal:
          - replace: 洪旱
            with: 洪涝干旱
            lang: zh
        response:
          decision: accepted
    """

FILES = {"cm.yaml": CONFIG, "drafts/mts-1.yaml": DRAFT, "comments/lao-pdr.yaml": LAO,
         "comments/cambodia.yaml": CAMBODIA, "comments/thailand.yaml": THAILAND, "comments/china.yaml": CHINA}


def write_project(root: Path) -> Path:
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def cm(*args: str) -> None:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, (result.stdout, result.stderr)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = write_project(tmp_path_factory.mktemp("scripts") / "mts")
    build = root / "build"
    found = {"matrix": build / "matrix.docx", "synopsis": build / "synopsis.docx",
             "tracked": build / "tracked.docx", "review": build / "review.docx"}
    cm("validate", "-C", str(root))
    cm("render", "matrix", "-C", str(root), "-o", str(found["matrix"]))
    cm("render", "matrix", "-C", str(root), "--layout", "synopsis", "-o", str(found["synopsis"]))
    cm("render", "draft", "-C", str(root), "-o", str(found["tracked"]))
    cm("export", "review-copy", "-C", str(root), "-o", str(found["review"]))
    return found


# ---------------------------------------------------------------- resolving a run as Word does

@dataclass
class Slot:
    """What one script of a run is set in."""
    font: str | None
    size: str | None  # half-points
    bold: bool


class Styles:
    def __init__(self, styles_xml: bytes):
        root = etree.fromstring(styles_xml)
        self.by_id = {s.get(w("styleId")): s for s in root.iterfind("w:style", NS)}
        self.defaults = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
        self.default_paragraph = next((s.get(w("styleId")) for s in root.iterfind("w:style", NS)
                                       if s.get(w("type")) == "paragraph" and s.get(w("default")) in ("1", "true")), None)

    def name(self, style_id: str) -> str:
        return self.by_id[style_id].find("w:name", NS).get(w("val"))

    def chain(self, style_id: str | None) -> list:
        """The rPr elements of a style and its bases, nearest first."""
        found = []
        while style_id is not None and style_id in self.by_id:
            style = self.by_id[style_id]
            properties = style.find("w:rPr", NS)
            if properties is not None:
                found.append(properties)
            based = style.find("w:basedOn", NS)
            style_id = based.get(w("val")) if based is not None else None
        return found


def _toggle(element) -> bool:
    return element.get(w("val"), "true") not in ("0", "false", "off")


def resolve(properties_chain: list, slot: str) -> Slot:
    """The font, size and bold of one slot ("latin", "eastAsia", "cs") from rPr elements, nearest
    first (run, character style, paragraph style, its bases, document defaults)."""
    font_attribute = {"latin": "ascii", "eastAsia": "eastAsia", "cs": "cs"}[slot]
    size_tag, bold_tag = ("szCs", "bCs") if slot == "cs" else ("sz", "b")
    font = size = None
    bold = None
    for properties in properties_chain:
        fonts = properties.find("w:rFonts", NS)
        if font is None and fonts is not None:
            font = fonts.get(w(font_attribute))
        found = properties.find(f"w:{size_tag}", NS)
        if size is None and found is not None:
            size = found.get(w("val"))
        found = properties.find(f"w:{bold_tag}", NS)
        if bold is None and found is not None:
            bold = _toggle(found)
    return Slot(font, size, bool(bold))


@dataclass
class RunInfo:
    text: str
    paragraph_style: str | None
    run_style: str | None
    chain: list
    lang: dict[str, str]
    hint: str | None
    run: object


def runs(path: Path) -> tuple[Styles, list[RunInfo]]:
    with zipfile.ZipFile(path) as archive:
        styles = Styles(archive.read("word/styles.xml"))
        body = etree.fromstring(archive.read("word/document.xml"))
    found = []
    for paragraph in body.iter(w("p")):
        style = paragraph.find("w:pPr/w:pStyle", NS)
        paragraph_style = style.get(w("val")) if style is not None else styles.default_paragraph
        for run in paragraph.iter(w("r")):
            text = "".join(t.text or "" for t in run if t.tag in (w("t"), w("delText")))
            if not text:
                continue
            properties = run.find("w:rPr", NS)
            run_style = None
            lang: dict[str, str] = {}
            hint = None
            chain = []
            if properties is not None:
                chain.append(properties)
                found_style = properties.find("w:rStyle", NS)
                run_style = found_style.get(w("val")) if found_style is not None else None
                language = properties.find("w:lang", NS)
                if language is not None:
                    lang = {etree.QName(k).localname: v for k, v in language.attrib.items()}
                fonts = properties.find("w:rFonts", NS)
                hint = fonts.get(w("hint")) if fonts is not None else None
            chain += styles.chain(run_style) + styles.chain(paragraph_style) + [styles.defaults]
            found.append(RunInfo(text, paragraph_style, run_style, chain, lang, hint, run))
    return styles, found


def scripts_in(text: str) -> set[str]:
    return {s for s in map(script_of_char, text) if s is not None}


DOCUMENTS = ("matrix", "synopsis", "tracked", "review")


# ---------------------------------------------------------------- the checks

@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_script_sits_in_its_slot_with_its_language(outputs: dict[str, Path], name: str) -> None:
    styles, found = runs(outputs[name])
    seen: set[str] = set()
    for info in found:
        scripts = scripts_in(info.text)
        seen |= scripts
        where = f"{name}: run {info.text!r}"
        for script in scripts & set(COMPLEX):
            assert info.lang.get("bidi") == COMPLEX[script], where
            slot = resolve(info.chain, "cs")
            assert slot.font == FONT_OF[script], where
            if info.run_style is None or not info.run_style.startswith("Decision"):
                assert info.run_style is not None and styles.name(info.run_style) == STYLE_OF[script], where
            # No font is written on the run itself, except a decision's (it has its own style).
            fonts = info.run.find("w:rPr/w:rFonts", NS)
            if fonts is not None and fonts.get(w("cs")) is not None:
                assert info.run_style.startswith("Decision"), where
        if "Han" in scripts:
            assert info.lang.get("eastAsia") == "zh-CN", where
            assert resolve(info.chain, "eastAsia").font == "Microsoft YaHei", where
            if info.lang.get("val") == "zh-CN":
                assert info.hint == "eastAsia", where
        if "Latin" in scripts:
            assert resolve(info.chain, "latin").font == "Arial", where
        fonts = info.run.find("w:rPr/w:rFonts", NS)
        assert fonts is None or (fonts.get(w("ascii")) is None and fonts.get(w("eastAsia")) is None), where
    assert {"Latin", "Han", "Thai", "Lao", "Khmer"} <= seen or name == "synopsis", seen


@pytest.mark.parametrize("name", DOCUMENTS)
def test_complex_scripts_have_the_size_and_bold_of_the_latin(outputs: dict[str, Path], name: str) -> None:
    _, found = runs(outputs[name])
    checked = 0
    for info in found:
        latin, complex_script = resolve(info.chain, "latin"), resolve(info.chain, "cs")
        assert latin.size is not None and complex_script.size == latin.size, f"{name}: {info.text!r}"
        assert complex_script.bold == latin.bold, f"{name}: {info.text!r}"
        checked += bool(scripts_in(info.text) & set(COMPLEX))
    assert checked


def test_every_size_and_bold_in_the_packaged_styles_has_its_complex_script_twin() -> None:
    templates = Path(__file__).resolve().parents[1] / "src" / "commentmatrix" / "render" / "templates"
    for name in ("matrix-reference.docx", "draft-reference.docx"):
        xml = zipfile.ZipFile(templates / name).read("word/styles.xml")
        root = etree.fromstring(xml)
        for properties in root.iter(w("rPr")):
            tags = {etree.QName(child).localname for child in properties}
            for latin, complex_script in (("sz", "szCs"), ("b", "bCs"), ("i", "iCs")):
                assert (latin in tags) == (complex_script in tags), (name, etree.tostring(properties.getparent())[:200])
        assert b"Theme=" not in xml and b"cstheme" not in xml, name
        names = {s.find("w:name", NS).get(w("val")) for s in root.iterfind("w:style", NS)}
        assert set(STYLE_OF.values()) <= names


def test_matrix_headers_and_groups_are_bold_in_every_script(outputs: dict[str, Path]) -> None:
    styles, found = runs(outputs["matrix"])
    header = [i for i in found if i.paragraph_style and styles.name(i.paragraph_style) == "Matrix Group"]
    assert any(scripts_in(i.text) & set(COMPLEX) for i in header)
    for info in header:
        assert resolve(info.chain, "cs").bold and resolve(info.chain, "latin").bold, info.text
        assert resolve(info.chain, "cs").size == "18", info.text  # 9 pt, like the cell text


def test_untagged_text_is_tagged_by_its_script(outputs: dict[str, Path]) -> None:
    _, found = runs(outputs["matrix"])
    by_text = {i.text: i for i in found}
    for text, tag in (("ບອກຈຳນວນຄົນ ໃຫ້ຊັດເຈນ.", "lo-LA"), ("ពាក្យ", "km-KH"), ("ถ้อยคำ", "th-TH"), ("ຖ້ອຍຄຳ", "lo-LA")):
        assert by_text[text].lang == {"val": tag, "bidi": tag}, text
    assert by_text["措辞"].lang == {"val": "zh-CN", "eastAsia": "zh-CN"}
    assert by_text["措辞"].hint == "eastAsia"


def test_tracked_changes_keep_the_script_style_inside_the_revision(outputs: dict[str, Path]) -> None:
    xml = zipfile.ZipFile(outputs["tracked"]).read("word/document.xml").decode("utf-8")
    # The tracked draft marks only the words that changed (ຫົກ → ເຈັດ; น้ำ added after ข้อมูล).
    inserted = re.findall(r"<w:ins [^>]*>(.*?)</w:ins>", xml, re.S)
    assert any('<w:rStyle w:val="TextLao"/>' in i and "ເຈັດ" in i for i in inserted)
    assert any('<w:rStyle w:val="TextKhmer"/>' in i and "អន្លង់" in i for i in inserted)
    assert any('<w:rStyle w:val="TextThai"/>' in i and "น้ำ" in i for i in inserted)
    deleted = re.findall(r"<w:del [^>]*>(.*?)</w:del>", xml, re.S)
    assert any('<w:rStyle w:val="TextLao"/>' in d and "ຫົກ" in d for d in deleted)


def test_a_reference_template_sets_the_font_of_a_script(tmp_path: Path) -> None:
    """A secretariat's own reference names Phetsarath OT for Lao: the runs follow it."""
    from docx import Document
    from docx.oxml.ns import qn

    root = write_project(tmp_path / "mts")
    templates = Path(__file__).resolve().parents[1] / "src" / "commentmatrix" / "render" / "templates"
    reference = Document(str(templates / "matrix-reference.docx"))
    reference.styles["Text Lao"].element.rPr.rFonts.set(qn("w:cs"), "Phetsarath OT")
    (root / "templates").mkdir()
    reference.save(str(root / "templates" / "matrix-reference.docx"))
    cm("render", "matrix", "-C", str(root), "-o", str(root / "m.docx"))
    _, found = runs(root / "m.docx")
    lao = [i for i in found if "Lao" in scripts_in(i.text)]
    assert lao and all(resolve(i.chain, "cs").font == "Phetsarath OT" for i in lao)


@pytest.mark.parametrize("reference, output", [("draft-reference.docx", "draft"), ("matrix-reference.docx", "matrix")])
def test_a_reference_without_the_script_styles_gets_them(tmp_path: Path, reference: str, output: str) -> None:
    """An older or home-made reference has no "Text Khmer": it is added with cm's font (the
    streamed matrix then writes its styles part anew, not copied from the reference)."""
    from docx import Document

    root = write_project(tmp_path / "mts")
    (root / "templates").mkdir()
    Document().save(str(root / "templates" / reference))
    cm("render", output, "-C", str(root), "-o", str(root / "out.docx"))
    styles, found = runs(root / "out.docx")
    khmer = [i for i in found if "Khmer" in scripts_in(i.text)]
    assert khmer and all(styles.name(i.run_style) == "Text Khmer" for i in khmer)
    assert all(resolve(i.chain, "cs").font == "Khmer UI" for i in khmer)


def test_a_matrix_keeps_the_reference_styles_part_as_it_was_saved(tmp_path: Path) -> None:
    """A reference that has every style cm adds gives its styles part to the matrix byte for byte,
    as its author's program wrote it (here with a comment and line breaks python-docx would drop)."""
    root = write_project(tmp_path / "mts")
    templates = Path(__file__).resolve().parents[1] / "src" / "commentmatrix" / "render" / "templates"
    (root / "templates").mkdir()
    saved = root / "templates" / "matrix-reference.docx"
    with zipfile.ZipFile(templates / "matrix-reference.docx") as source, zipfile.ZipFile(saved, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/styles.xml":
                data = data.replace(b"><w:docDefaults>", b">\r\n<!-- saved by hand -->\r\n<w:docDefaults>", 1)
                styles_xml = data
            target.writestr(info, data)
    assert b"saved by hand" in styles_xml
    cm("render", "matrix", "-C", str(root), "-o", str(root / "m.docx"))
    assert zipfile.ZipFile(root / "m.docx").read("word/styles.xml") == styles_xml


# ---------------------------------------------------------------- LibreOffice, the real client

SAMPLES = {"matrix": ("ບອກຈຳນວນຄົນ", "ព្រៃសហគមន៍", "ระบุเจ้าหน้าที่", "改为", "Localofficials"),
           "tracked": ("ແມ່ນ້ຳ", "សហគមន៍", "เจ้าหน้าที่", "提升", "Localofficials")}


def _postscript_names(lang: str) -> set[str]:
    listed = subprocess.run(["fc-list", f":lang={lang}", "postscriptname"], capture_output=True, text=True,
                            check=True).stdout
    return {line.split("=", 1)[1].strip() for line in listed.splitlines() if "=" in line}


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs soffice (LibreOffice)")
@pytest.mark.skipif(shutil.which("pdffonts") is None or shutil.which("fc-list") is None,
                    reason="needs pdffonts (poppler-utils) and fc-list (fontconfig)")
@pytest.mark.parametrize("name", ["matrix", "tracked"])
def test_libreoffice_sets_thai_lao_and_khmer_in_fonts_that_have_them(outputs: dict[str, Path], tmp_path: Path,
                                                                     name: str) -> None:
    done = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(outputs[name])],
        capture_output=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / f"{outputs[name].stem}.pdf"
    # pdftotext puts a space inside some clusters it extracts (ຖ ້ອຍ): compare without spaces.
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    for sample in SAMPLES[name]:
        assert sample in text, sample
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    embedded = {line.split()[0].split("+", 1)[-1] for line in listed.splitlines()[2:] if line.strip()}
    for lang in ("th", "lo", "km"):
        having = _postscript_names(lang)
        if not having:
            pytest.skip(f"no font for {lang} installed (fonts-noto-core has them)")
        assert embedded & having, f"no embedded font has {lang}: {sorted(embedded)}"
