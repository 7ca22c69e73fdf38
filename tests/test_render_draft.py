"""`cm render draft`: tracked changes attributed to comments, accept/reject all, clean layouts,
Markdown, and the YAML draft for the next round."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from draft_docx_reading import paragraphs, revision_ids, revisions
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.engine import revise
from commentmatrix.model.text import versions
from commentmatrix.read.loader import load_project

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "render-draft"
CJK = re.compile(r"[\u4e00-\u9fff]")



def cm(root: Path, *args: str):
    return CliRunner().invoke(app, ["render", "draft", "-C", str(root), *args])


def render(root: Path, name: str, *args: str) -> Path:
    target = root / "out" / name
    target.parent.mkdir(exist_ok=True)  # -o writes into a folder that exists
    result = cm(root, *args, "-o", str(target))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"{target}\n"
    return target


def original_paragraphs(root: Path, langs=("en", "zh")) -> list[str]:
    """The draft as written, in the sequential layout, read straight from the model."""
    draft = load_project(root).current_draft.draft
    found = ["\n".join(t for _, t in versions(draft.title, langs))]

    def visit(sections):
        for section in sections:
            found.append(f"{section.number} " + "\n".join(t for _, t in versions(section.title, langs)))
            for paragraph in section.paragraphs:
                found.extend(t for _, t in versions(paragraph.text, langs))
            visit(section.sections)
    visit(draft.sections)
    return found


# ---------------------------------------------------------------- tracked DOCX

EXPECTED_REVISIONS = {
    # (comment, ins|del): marks. A replace marks only the words it changes, one w:del or w:ins
    # per changed run (CI-5 only adds words: no w:del), unless it keeps less than half of the old
    # text (LAO-5 in English: one w:del, one w:ins); an inserted paragraph marks its run and its
    # paragraph mark; LAO-8's section also its heading's pieces.
    ("CI-1", "del"): 1, ("CI-1", "ins"): 1,
    ("CI-5", "ins"): 2,
    ("LAO-1", "del"): 1, ("LAO-1", "ins"): 3,
    ("LAO-2", "del"): 6, ("LAO-2", "ins"): 5,
    ("LAO-3", "del"): 1, ("LAO-3", "ins"): 1,
    ("LAO-4", "del"): 3, ("LAO-4", "ins"): 5,
    ("LAO-5", "del"): 3, ("LAO-5", "ins"): 6,
    ("LAO-6", "del"): 2, ("LAO-6", "ins"): 4,
    ("LAO-7", "ins"): 4,
    ("LAO-8", "ins"): 4 + 5 + 3 * 4,
    ("LAO-9", "ins"): 2,
    ("LAO-10", "ins"): 4,
    ("TNC-1", "ins"): 4,
}


def test_tracked_docx_has_one_attributed_revision_per_change(example: Path):
    path = render(example, "tracked.docx")
    assert dict(revisions(path)) == EXPECTED_REVISIONS
    applied = {o.request.comment_id for o in revise(load_project(example)).applied}
    assert {comment for comment, _ in EXPECTED_REVISIONS} == applied
    ids = revision_ids(path)
    assert len(ids) == len(set(ids)) == sum(EXPECTED_REVISIONS.values())


def test_revision_author_names_stakeholder_and_comment_with_the_deadline_as_date(example: Path):
    path = render(example, "tracked.docx")
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    authors = Counter(re.findall(r'w:author="([^"]+)" w:date="([^"]+)"', xml))
    assert authors[("Lao PDR (LAO-4)", "2017-09-10T00:00:00Z")] == 8
    assert authors[("The Nature Conservancy (TNC-1)", "2017-09-10T00:00:00Z")] == 4
    assert authors[("Conservation International Foundation (CI-1)", "2017-09-10T00:00:00Z")] == 2


def test_response_date_then_received_date_become_the_revision_date(example: Path):
    ci = example / "comments" / "ci.yaml"
    text = ci.read_text(encoding="utf-8").replace("state: submitted", "state: submitted\nreceived: 2017-09-05", 1)
    text = text.replace("        en: Accepted\n      edits:", "        en: Accepted\n      date: 2017-10-02\n      edits:", 1)
    ci.write_text(text, encoding="utf-8")
    xml = zipfile.ZipFile(render(example, "tracked.docx")).read("word/document.xml").decode("utf-8")
    assert set(re.findall(r'w:author="[^"]+\(CI-1\)" w:date="([^"]+)"', xml)) == {"2017-10-02T00:00:00Z"}
    assert set(re.findall(r'w:author="[^"]+\(CI-5\)" w:date="([^"]+)"', xml)) == {"2017-09-05T00:00:00Z"}


@pytest.mark.parametrize("layout", ["sequential", "side-by-side"])
def test_accepting_all_changes_gives_the_clean_document(example: Path, layout: str):
    tracked = render(example, "tracked.docx", "--layout", layout)
    clean = render(example, "clean.docx", "--changes", "clean", "--layout", layout)
    assert revisions(clean) == Counter()
    assert paragraphs(tracked, "accept") == paragraphs(clean)


def test_rejecting_all_changes_gives_the_original_draft(example: Path):
    tracked = render(example, "tracked.docx")
    assert paragraphs(tracked, "reject") == original_paragraphs(example)


def test_rejecting_all_side_by_side_gives_the_original_tables(example: Path, tmp_path: Path):
    tracked = render(example, "tracked.docx", "--layout", "side-by-side")
    shutil.rmtree(example / "comments")
    original = render(example, "original.docx", "--layout", "side-by-side")
    assert revisions(original) == Counter()
    assert paragraphs(tracked, "reject") == paragraphs(original)


def test_clean_text_is_the_revised_draft(example: Path):
    clean = paragraphs(render(example, "clean.docx", "--changes", "clean"))
    assert clean[:4] == [
        "Lancang-Mekong Environmental Cooperation Strategic Framework\n澜沧江-湄公河环境合作战略框架",
        "1 Background\n背景",
        "Environmental cooperation among the Lancang-Mekong countries supports the implementation of the 2030 Agenda for "
        "Sustainable Development, which includes a set of 17 United Nations Sustainable Development Goals (SDGs) in the region.",
        "澜沧江-湄公河国家环境合作致力于推动区域落实包含17个联合国可持续发展目标的2030年可持续发展议程。",
    ]
    assert "5.9 Environmental Education and Public Awareness\n环境教育与公众环境意识" in clean


def test_a_draft_without_decided_edits_renders_without_revisions(example: Path):
    shutil.rmtree(example / "comments")
    tracked = render(example, "tracked.docx")
    assert revisions(tracked) == Counter()
    assert paragraphs(tracked) == original_paragraphs(example)


def test_one_language_only(example: Path):
    tracked = render(example, "tracked.docx", "--lang", "zh")
    assert paragraphs(tracked, "reject") == original_paragraphs(example, ("zh",))
    # forms.1 exists in English only: it is shown rather than dropped.
    assert any(p.startswith("The cooperation and collaboration on environment") for p in paragraphs(tracked, "accept"))


def test_chinese_runs_have_east_asian_fonts_and_language(example: Path):
    xml = zipfile.ZipFile(render(example, "clean.docx", "--changes", "clean")).read("word/document.xml").decode("utf-8")
    runs = [r for r in re.findall(r"<w:r>.*?</w:r>", xml, re.S) if CJK.search(r)]
    assert runs
    for run in runs:
        assert '<w:rFonts w:hint="eastAsia"/>' in run  # the font itself comes from the styles
        assert '<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>' in run


def test_headings_are_numbered_and_items_are_list_paragraphs(example: Path):
    xml = zipfile.ZipFile(render(example, "clean.docx", "--changes", "clean")).read("word/document.xml").decode("utf-8")
    styles = Counter(re.findall(r'<w:pStyle w:val="([^"]+)"/>', xml))
    revision = revise(load_project(example))
    levels = Counter(f"Heading{depth + 1}" for _, depth in revision.walk())
    assert levels == {"Heading1": 7, "Heading2": 11}
    items = [p for _, p in revision.paragraphs() if p.kind == "item" and not p.deleted_by]
    assert {k: styles[k] for k in (*levels, "ListBullet")} == {**levels, "ListBullet": len(items)}
    assert "5.9 Environmental Education and Public Awareness\n环境教育与公众环境意识" in paragraphs(
        render(example, "clean.docx", "--changes", "clean"))


def test_same_input_gives_the_same_bytes(example: Path):
    first = render(example, "a.docx").read_bytes()
    assert render(example, "b.docx").read_bytes() == first


def test_tracked_document_turns_track_changes_on(example: Path):
    settings = zipfile.ZipFile(render(example, "tracked.docx")).read("word/settings.xml").decode("utf-8")
    assert "<w:trackRevisions/>" in settings
    settings = zipfile.ZipFile(render(example, "clean.docx", "--changes", "clean")).read("word/settings.xml").decode("utf-8")
    assert "trackRevisions" not in settings


def test_project_reference_docx_overrides_the_look(example: Path):
    from docx import Document
    from docx.shared import Pt

    reference = Document(str(REPO / "src" / "commentmatrix" / "render" / "templates" / "draft-reference.docx"))
    reference.styles["Normal"].font.size = Pt(14)
    (example / "templates").mkdir(exist_ok=True)
    reference.save(str(example / "templates" / "draft-reference.docx"))
    rendered = Document(str(render(example, "clean.docx", "--changes", "clean")))
    assert rendered.styles["Normal"].font.size == Pt(14)


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
def test_libreoffice_converts_both_variants(example: Path, tmp_path: Path):
    tracked = render(example, "tracked.docx")
    clean = render(example, "clean.docx", "--changes", "clean", "--layout", "side-by-side")
    out = tmp_path / "pdf"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "pdf", "--outdir", str(out), str(tracked), str(clean)],
                   check=True, capture_output=True, timeout=180)
    assert sorted(p.name for p in out.iterdir()) == ["clean.pdf", "tracked.pdf"]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out / "clean.pdf"), "-"], check=True, capture_output=True,
                              text=True).stdout
        assert "Environmental Education and Public Awareness" in text
        assert "环境教育与公众环境意识" in text


# ---------------------------------------------------------------- Markdown

@pytest.mark.parametrize("name, args", [
    ("clean.md", ["-f", "md"]),
    ("diff.md", ["-f", "md", "--diff"]),
    ("side-by-side.md", ["-f", "md", "--layout", "side-by-side"]),
])
def test_markdown_matches_golden(example: Path, name: str, args: list[str]):
    path = render(example, name, *args)
    assert path.read_text(encoding="utf-8") == (GOLDEN / name).read_text(encoding="utf-8")


def test_markdown_escapes_user_text():
    from commentmatrix.render.draft_markdown import escape, escape_lines

    assert escape("a *b* <i>[x](y)</i> & c|d") == r"a \*b\* \<i\>\[x\](y)\</i\> \& c\|d"
    assert escape_lines("1. one\n- two\n# three\nfour") == "1\\. one\n\\- two\n\\# three\nfour"


# ---------------------------------------------------------------- YAML for the next round

def test_yaml_draft_matches_golden_and_loads_as_the_revised_draft(example: Path):
    path = render(example, "next.yaml", "-f", "yaml", "--id", "lmec-2017-10", "--version", "2017-10")
    assert path.read_text(encoding="utf-8") == (GOLDEN / "lmec-2017-10.yaml").read_text(encoding="utf-8")
    expected = revise(load_project(example)).to_draft("lmec-2017-10", "2017-10")
    shutil.copy(path, example / "drafts" / "lmec-2017-10.yaml")
    loaded = load_project(example)
    assert loaded.load_problems == []
    assert loaded.drafts_by_id["lmec-2017-10"].draft == expected


def test_yaml_draft_is_a_valid_base_for_the_next_round(example: Path, tmp_path: Path):
    path = render(example, "next.yaml", "-f", "yaml", "--id", "lmec-2017-10", "--version", "2017-10")
    clean_before = paragraphs(render(example, "clean.docx", "--changes", "clean"))
    next_round = tmp_path / "next-round"
    next_round.mkdir()
    (next_round / "drafts").mkdir()
    shutil.copy(path, next_round / "drafts" / "lmec-2017-10.yaml")
    config = (example / "cm.yaml").read_text(encoding="utf-8").replace("draft: lmec-2017-08", "draft: lmec-2017-10")
    (next_round / "cm.yaml").write_text(config, encoding="utf-8")
    validated = CliRunner().invoke(app, ["validate", "-C", str(next_round)])
    assert (validated.exit_code, validated.stdout) == (0, "No problems: 2 files checked.\n")
    tracked = render(next_round, "tracked.docx")
    assert revisions(tracked) == Counter()
    assert paragraphs(tracked) == clean_before


def test_numbers_like_5_10_stay_strings(example: Path):
    draft = example / "drafts" / "lmec-2017-08.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace('number: "5.1"', 'number: "5.10"'), encoding="utf-8")
    path = render(example, "next.yaml", "-f", "yaml", "--id", "next", "--version", "2")
    text = path.read_text(encoding="utf-8")
    assert 'number: "5.10"' in text and 'version: "2"' in text


# ---------------------------------------------------------------- usage and errors

@pytest.mark.parametrize("args, message", [
    (["-f", "yaml"], "cm: --format yaml writes the next round's draft: give it --id NEW-ID and --version LABEL\n"),
    (["-f", "yaml", "--id", "lmec-2017-08", "--version", "2"],
     "cm: draft id 'lmec-2017-08' is already used by drafts/lmec-2017-08.yaml; give the new draft an id of its own\n"),
    (["-f", "yaml", "--id", "x", "--version", "2", "--diff"],
     "cm: a yaml draft holds the revised text only; leave out --changes tracked and --diff\n"),
    (["-f", "yaml", "--id", "x", "--version", "2", "--lang", "en"], "cm: a yaml draft keeps every language; leave out --lang\n"),
    (["--id", "x"], "cm: --id and --version name a new draft: use them with --format yaml\n"),
    (["--lang", "en,fr"], "cm: language 'fr' is not in cm.yaml's languages (en, zh)\n"),
    (["--diff", "--changes", "clean"], "cm: --diff shows the changes; it cannot go with --changes clean\n"),
])
def test_usage_errors(example: Path, args: list[str], message: str):
    result = cm(example, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert not (example / "build").exists()


def test_refuses_to_write_over_sources(example: Path):
    result = cm(example, "-o", str(example / "drafts" / "lmec-2017-08.yaml"), "-f", "yaml", "--id", "x", "--version", "2")
    assert result.exit_code == 2
    assert result.stderr.endswith("is a source file of the project; write outputs elsewhere (default: build/)\n")


def test_default_output_and_format_from_suffix(example: Path, monkeypatch):
    monkeypatch.chdir(example)
    result = cm(example)
    assert (result.exit_code, result.stdout) == (0, "build/lmec-2017-08-revised.docx\n")
    (example / "out").mkdir()
    result = cm(example, "-o", "out/revised.md")
    assert (result.exit_code, result.stdout) == (0, "out/revised.md\n")
    assert (example / "out" / "revised.md").read_text(encoding="utf-8").startswith("# Lancang-Mekong")


def test_a_stale_edit_stops_the_render_with_its_location(example: Path, monkeypatch):
    monkeypatch.chdir(example)
    ci = example / "comments" / "ci.yaml"
    ci.write_text(ci.read_text(encoding="utf-8").replace("- replace: support from enterprises", "- replace: support from banks"),
                  encoding="utf-8")
    result = cm(example)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "comments/ci.yaml:" in result.stderr and "(replace-not-found)" in result.stderr
    assert result.stderr.endswith("cm: fix these problems first: the revised draft must show every decided edit\n")
    assert not (example / "build").exists()


def _document_xml(data: bytes):
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_an_author_with_quotes_markup_and_line_breaks_reads_back_as_written():
    # The body is written as text: the author's name must survive as an attribute value,
    # a tab and a line break included (a parser turns a raw one into a space).
    import datetime as dt

    from commentmatrix.render.docx.draft import render_docx
    from commentmatrix.revision import Segment
    from commentmatrix.views.draft import Attribution, Block, DraftView, Version

    author = 'Lao "PDR" <ministry> & co\tdesk\nline'
    credit = {"c1": Attribution("c1", "LAO", "Lao", author, dt.date(2017, 9, 10))}
    block = Block("paragraph", "p1", (Version("en", (Segment("kept ", "keep"), Segment("added", "insert", "c1"),
                                                     Segment("gone", "delete", "c1"))),), inserted_by="c1")
    view = DraftView("d1", "1", [("en", "Title")], ["en"], True, [block], credit)
    root = _document_xml(render_docx(view, None))
    marks = list(root.iter(f"{W}ins", f"{W}del"))
    assert len(marks) == 3  # the insertion, the deletion, the inserted paragraph's mark
    assert {element.get(f"{W}author") for element in marks} == {author}
    assert [t.text for t in root.iter(f"{W}delText")] == ["gone"]


def test_side_by_side_an_untagged_text_spans_the_row():
    from commentmatrix.render.docx.draft import render_docx
    from commentmatrix.revision import Segment
    from commentmatrix.views.draft import Block, DraftView, Version

    blocks = [Block("paragraph", "p1", (Version("en", (Segment("one", "keep"),)), Version("zh", (Segment("一", "keep"),)))),
              Block("paragraph", "p2", (Version(None, (Segment("2030", "keep"),)),))]
    view = DraftView("d1", "1", [], ["en", "zh"], False, blocks, {})
    rows = list(_document_xml(render_docx(view, None, "side-by-side")).iter(f"{W}tr"))
    widths = [[int(cell.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for cell in row.iter(f"{W}tc")] for row in rows]
    assert len(widths[0]) == 2 and widths[1] == [sum(widths[0])]
    assert rows[1].find(f"{W}tc/{W}tcPr/{W}gridSpan").get(f"{W}val") == "2"
