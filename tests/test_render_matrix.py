"""`cm render matrix` through the CLI, on a copy of the example project (the repository root)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from typer.testing import CliRunner

from commentmatrix.cli import app

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_IDS = sorted(
    ["LAO-1", "LAO-2", "LAO-3", "LAO-4", "LAO-5", "LAO-6", "LAO-7", "LAO-8", "LAO-9", "LAO-10", "TNC-1",
     "CI-1", "CI-2", "CI-3", "CI-4", "CI-5", "CI-6", "SEI-1", "SEI-2", "SEI-3", "SEI-4", "SEI-5"])
FORMATS = ("docx", "xlsx", "html", "md", "csv")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "lmec"
    root.mkdir()
    shutil.copy(REPO / "cm.yaml", root / "cm.yaml")
    shutil.copytree(REPO / "drafts", root / "drafts")
    shutil.copytree(REPO / "comments", root / "comments")
    monkeypatch.chdir(root)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return root


def run(*args: str):
    return CliRunner().invoke(app, ["render", "matrix", *args])


def add_viet_nam(root: Path, comments: str) -> None:
    (root / "comments" / "viet-nam.yaml").write_text(
        "stakeholder: viet-nam\nstate: submitted\ncomments:\n" + comments, encoding="utf-8")


# ---------------------------------------------------------------- reading outputs back

def docx_rows(path: Path) -> list[list[str]]:
    table = Document(str(path)).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


def ids_in(path: Path, fmt: str) -> list[str]:
    """Comment ids in the id column of each format, one entry per row."""
    if fmt == "docx":
        return [row[1] for row in docx_rows(path)[1:] if row[1] and row[1] != row[2]]
    if fmt == "xlsx":
        sheet = load_workbook(path).active
        return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    text = path.read_text(encoding="utf-8")
    if fmt == "csv":
        return [row[0] for row in list(csv.reader(io.StringIO(text)))[1:] if row[0]]
    if fmt == "html":
        return re.findall(r'<td class="id">([^<]*)</td>', text)
    return re.findall(r"^\| ([A-Z]+-\d+) \|", text, flags=re.MULTILINE)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_comment_appears_exactly_once_in_every_format(project: Path, fmt: str) -> None:
    result = run("--format", fmt)
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"build/matrix.{fmt}\n", "")
    found = ids_in(project / "build" / f"matrix.{fmt}", fmt)
    assert sorted(found) == EXAMPLE_IDS


@pytest.mark.parametrize("fmt", FORMATS)
def test_by_section_keeps_every_comment_once(project: Path, fmt: str) -> None:
    assert run("--format", fmt, "--by", "section").exit_code == 0
    assert sorted(ids_in(project / "build" / f"matrix.{fmt}", fmt)) == EXAMPLE_IDS


def test_format_follows_the_output_extension(project: Path) -> None:
    (project / "out").mkdir()
    result = run("-o", "out/consultation.xlsx")
    assert (result.exit_code, result.stdout) == (0, "out/consultation.xlsx\n")
    assert (project / "out" / "consultation.xlsx").read_bytes()[:2] == b"PK"


def test_docx_table_reads_back_with_the_expected_cells(project: Path) -> None:
    assert run().exit_code == 0
    rows = docx_rows(project / "build" / "matrix.docx")
    assert rows[0] == ["Stakeholders\n国家/组织", "No.\n编号", "Targeted Parts\n针对条目", "Comments\n具体意见", "Response\n回应"]
    # Cambodia: no comments; the state spans the other columns. The public matrix (the default)
    # names no contact (the internal one does: tests/test_audiences.py).
    assert rows[1] == ["Cambodia\n柬埔寨"] + ["No comments\n无意见"] * 4
    assert rows[2][:3] == ["Lao PDR\n老挝", "LAO-1", "1 Background ¶1\n1 背景 第1段"]
    assert rows[2][4] == "Accepted 采纳"
    assert rows[4][:3] == ["Lao PDR\n老挝", "LAO-3", "General\n总体"]
    assert rows[4][3].splitlines()[-1] == "4 ¶6: “non-governmental organizations” → “NGOs”"
    lao8 = next(row for row in rows if row[1] == "LAO-8")
    assert lao8[4].splitlines()[:4] == ["Partially accepted 部分采纳", "List public awareness as one of the priorities",
                                        "环境教育与公众环境意识单独列为优先领域之一",
                                        "+ new paragraph (after ¶3): To promote and strengthen the climate change resilient "
                                        "investment projects in the local communities of the Lancang-Mekong countries."]
    assert lao8[4].splitlines()[-2:] == ["+ new section 5.9 Environmental Education and Public Awareness",
                                         "+ 新增章节 5.9 环境教育与公众环境意识"]
    states = {row[0]: row[1] for row in rows if row[1] == row[2] == row[3]}
    assert states == {
        "Cambodia\n柬埔寨": "No comments\n无意见",
        "Myanmar\n缅甸": "In the progress of reviewing\n审阅中",
        "Thailand\n泰国": "No comments\n无意见",
        "Viet Nam\n越南": "No reply yet\n尚未回复",
    }
    document = Document(str(project / "build" / "matrix.docx"))
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert document.paragraphs[0].text == "Lancang-Mekong Environmental Cooperation Strategic Framework - Comments Matrix"


def test_docx_chinese_runs_take_the_east_asian_slot_of_the_styles(project: Path) -> None:
    assert run().exit_code == 0
    document = Document(str(project / "build" / "matrix.docx"))
    xml = document.tables[0]._tbl.xml
    # The font is the reference's (document defaults), not the run's; the run says it is Chinese.
    assert 'w:eastAsia="Microsoft YaHei"' not in xml
    assert '<w:rFonts w:hint="eastAsia"/>' in xml
    assert 'w:eastAsia="zh-CN"' in xml
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Microsoft YaHei"


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs soffice (LibreOffice)")
@pytest.mark.parametrize("layout", ["matrix", "synopsis"])
def test_docx_converts_to_pdf_with_libreoffice(project: Path, tmp_path: Path, layout: str) -> None:
    assert run("--layout", layout).exit_code == 0
    source = project / "build" / f"{layout}.docx"
    done = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / f"{layout}.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "LAO-4" in text and "合作原则" in text


def test_xlsx_is_a_working_sheet(project: Path) -> None:
    add_viet_nam(project, "  - id: VN-1\n    target: general\n    text: =1+1\n")
    assert run("-f", "xlsx").exit_code == 0
    sheet = load_workbook(project / "build" / "matrix.xlsx").active
    assert sheet.freeze_panes == "A2"
    # Eleven columns: the public sheet (the default) has no "Decided by" (tests/test_audiences.py).
    assert sheet.auto_filter.ref == f"A1:K{sheet.max_row}"
    assert [c.value for c in sheet[1]][:4] == ["No. / 编号", "Stakeholders / 国家/组织", "State / 状态", "Targeted Parts / 针对条目"]
    formula = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "VN-1")
    assert (formula[5].value, formula[5].data_type) == ("=1+1", "s")
    assert formula[7].value == "Open\n待回应"
    assert formula[5].alignment.wrap_text


def test_csv_neutralises_formulas_and_writes_a_bom_on_request(project: Path) -> None:
    add_viet_nam(project, "  - id: VN-1\n    target: general\n    topic: '@risk'\n"
                          "    text: '=HYPERLINK(\"http://x\",\"click\")'\n"
                          "  - id: VN-2\n    target: general\n    text: '-2+3'\n")
    assert run("-f", "csv").exit_code == 0
    data = (project / "build" / "matrix.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = {row[0]: row for row in csv.reader(io.StringIO(data.decode("utf-8")))}
    assert rows["VN-1"][4:6] == ["'@risk", "'=HYPERLINK(\"http://x\",\"click\")"]
    assert rows["VN-2"][5] == "'-2+3"
    assert run("-f", "csv", "--bom").exit_code == 0
    assert (project / "build" / "matrix.csv").read_bytes() == b"\xef\xbb\xbf" + data


def test_html_and_markdown_show_markup_as_text(project: Path) -> None:
    add_viet_nam(project, "  - id: VN-1\n    target: general\n    text: <script>alert('x')</script> | *bold*\n")
    assert run("-f", "html").exit_code == 0
    html = (project / "build" / "matrix.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; | *bold*" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # self-contained
    assert run("-f", "md").exit_code == 0
    line = next(line for line in (project / "build" / "matrix.md").read_text(encoding="utf-8").splitlines()
                if line.startswith("| VN-1 |"))
    assert line == "| VN-1 | General<br>总体 | &lt;script&gt;alert('x')&lt;/script&gt; \\| \\*bold\\* | **Open 待回应** |"


@pytest.mark.parametrize("fmt", FORMATS)
def test_rendering_twice_gives_identical_bytes(project: Path, fmt: str) -> None:
    assert run("-f", fmt, "-o", f"one.{fmt}").exit_code == 0
    assert run("-f", fmt, "-o", f"two.{fmt}").exit_code == 0
    assert (project / f"one.{fmt}").read_bytes() == (project / f"two.{fmt}").read_bytes()


def test_office_timestamps_come_from_source_date_epoch(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1505001600")  # 2017-09-10
    assert run("-f", "docx").exit_code == 0
    assert run("-f", "xlsx").exit_code == 0
    properties = Document(str(project / "build" / "matrix.docx")).core_properties
    assert properties.created.isoformat()[:19] == properties.modified.isoformat()[:19] == "2017-09-10T00:00:00"
    workbook = load_workbook(project / "build" / "matrix.xlsx")
    assert workbook.properties.modified.isoformat() == "2017-09-10T00:00:00"
    assert "Date 2017-09-10" in "\n".join(p.text for p in Document(str(project / "build" / "matrix.docx")).paragraphs)


def test_by_section_groups_in_draft_order_general_first(project: Path) -> None:
    assert run("-f", "md", "--by", "section").exit_code == 0
    text = (project / "build" / "matrix.md").read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## General / 总体", "## 1 Background / 1 背景", "## 2 Review of Cooperation / 2 合作回顾",
        "## 4 Cooperative Principles / 4 合作原则", "## 5 Priority Areas / 5 优先合作领域",
        "## 5.2 Environmental Capacity Building Plan / 5.2 环境能力建设计划",
        "## 5.3 Ecosystem Management and Biodiversity Conservation / 5.3 生态系统管理与生物多样性保护",
        "## 5.4 Climate Change Adaptation and Mitigation / 5.4 气候变化适应与减缓",
        "## 6 Forms of Cooperation / 6 合作形式", "## 7 Implementation Mechanism / 7 实施机制",
        "## 7.1 Financial Mechanism / 7.1 资金机制", "## 7.2 Institutional Arrangement / 7.2 机构安排"]
    general = text.split("## General / 总体")[1].split("## 1 Background")[0]
    assert re.findall(r"^\| ([A-Z]+-\d+) \| ([^|]+) \|", general, flags=re.MULTILINE) == [
        ("LAO-3", "Lao PDR<br>老挝"), ("CI-1", "Conservation International Foundation")]


def test_open_only_keeps_open_comments_and_who_has_not_answered(project: Path) -> None:
    add_viet_nam(project, "  - id: VN-1\n    target: principles.2\n    text: Please explain.\n"
                          "  - id: VN-2\n    target: general\n    text: Fine.\n    response:\n      decision: noted\n")
    assert run("-f", "csv", "--open-only", "--lang", "en").exit_code == 0
    rows = list(csv.reader(io.StringIO((project / "build" / "matrix.csv").read_text(encoding="utf-8"))))
    assert [row[:4] for row in rows[1:]] == [
        ["", "Myanmar", "In the progress of reviewing", ""],
        ["VN-1", "Viet Nam", "", "4 Cooperative Principles ¶2"],
    ]


def test_lang_sets_which_languages_show_and_their_order(project: Path) -> None:
    assert run("-f", "md", "--lang", "zh,en").exit_code == 0
    text = (project / "build" / "matrix.md").read_text(encoding="utf-8")
    assert "| 编号<br>No. | 针对条目<br>Targeted Parts |" in text
    assert "| LAO-4 | 4 合作原则 第3段<br>4 Cooperative Principles ¶3 |" in text
    assert run("-f", "md", "--lang", "en").exit_code == 0
    text = (project / "build" / "matrix.md").read_text(encoding="utf-8")
    assert "合作原则" not in text
    # CI wrote in English only: its texts stay whatever languages are asked for.
    assert run("-f", "md", "--lang", "zh").exit_code == 0
    assert "Coherence of words" in (project / "build" / "matrix.md").read_text(encoding="utf-8")


def test_synopsis_has_one_row_per_changed_text(project: Path) -> None:
    assert run("--layout", "synopsis", "-f", "csv", "--lang", "en").exit_code == 0
    rows = list(csv.reader(io.StringIO((project / "build" / "synopsis.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["Where", "Original text", "Revised text", "Changed by"]
    assert rows[4] == ["4 Cooperative Principles ¶3",
                       "Following the principles of joint construction, sharing and mutual benefit",
                       "Following the principles of joint construction, access and benefit-sharing on a basis of mutual understanding",
                       "LAO-4 Lao PDR · Accepted"]
    assert [row[3].split()[0] for row in rows[1:]] == [
        "LAO-1", "LAO-2", "CI-1", "LAO-4", "LAO-3", "LAO-5", "LAO-6", "TNC-1", "TNC-1", "LAO-7", "LAO-8",
        "LAO-8", "LAO-8", "LAO-8", "LAO-8", "LAO-9", "LAO-10", "CI-5"]
    assert rows[8][1] == "(new)"


def test_synopsis_html_marks_deletions_and_insertions(project: Path) -> None:
    assert run("--layout", "synopsis", "-f", "html").exit_code == 0
    html = (project / "build" / "synopsis.html").read_text(encoding="utf-8")
    assert "<del>Following the principles of joint construction, sharing and mutual benefit</del><ins>" in html


def test_a_project_template_overrides_the_packaged_one(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "matrix.md.j2").write_text(
        "{% for group, row in view.rows() %}{{ row.id }} {{ row.decision }}\n{% endfor %}", encoding="utf-8")
    assert run("-f", "md", "-o", "ids.md").exit_code == 0
    lines = (project / "ids.md").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["LAO-1 accepted", "LAO-2 accepted"] and len(lines) == 22


def test_a_broken_template_is_reported_with_its_line(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "matrix.md.j2").write_text("line one\n{{ view.nothing_here }}\n", encoding="utf-8")
    result = run("-f", "md")
    assert result.exit_code == 1
    assert result.stderr.startswith("cm: template matrix.md.j2:2: ")
    assert not (project / "build" / "matrix.md").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "cm.yaml", "-f", "md"], "cm: cm.yaml is a source file of the project; write outputs elsewhere (default: build/)\n"),
    (["-o", "comments/matrix.csv"], "cm: comments/matrix.csv is a source file of the project; write outputs elsewhere (default: build/)\n"),
    (["-o", "matrix.txt"], "cm: cannot tell the format from 'matrix.txt': use --format docx|xlsx|html|md|csv|pdf\n"),
    # The same words as every other command's --lang (cm render draft, cm export review-copy).
    (["--lang", "fr"], "cm: language 'fr' is not in cm.yaml's languages (en, zh)\n"),
    (["--layout", "synopsis", "--by", "section"], "cm: --by and --open-only apply to the matrix layout, not to --layout synopsis\n"),
    (["--date", "10/09/2017"], "cm: '10/09/2017' is not a date: write YYYY-MM-DD\n"),
])
def test_usage_errors_exit_2_and_write_nothing(project: Path, args: list[str], message: str) -> None:
    before = (project / "cm.yaml").read_bytes()
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert (project / "cm.yaml").read_bytes() == before
    assert not (project / "build").exists()


def test_an_output_in_a_folder_that_does_not_exist_is_refused(project: Path, tmp_path: Path) -> None:
    # A mistyped folder was made, the whole tree of it, without a word.
    missing = tmp_path / "nonexistent" / "dir"
    result = run("-o", str(missing / "x.docx"))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"cm: cannot write {missing}/x.docx: the folder {missing} does not exist; make it first, or give -o a file "
               "in a folder that exists\n")
    assert not (tmp_path / "nonexistent").exists()
    # The project's build/ is where outputs go: cm makes it, as for the default output.
    made = run("-o", "build/x.docx")
    assert (made.exit_code, made.stdout, made.stderr) == (0, "build/x.docx\n", "")


def test_unknown_format_is_a_usage_error(project: Path) -> None:
    result = run("--format", "odt")
    assert result.exit_code == 2
    assert "'odt' is not one of 'docx', 'xlsx', 'html', 'md', 'csv', 'pdf'" in result.stderr


def test_a_project_with_errors_is_not_rendered(project: Path) -> None:
    add_viet_nam(project, "  - id: VN-1\n    target: principles.9\n    text: Typo in the target.\n")
    result = run("-f", "md")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "comments/viet-nam.yaml:5:13: [error] target 'principles.9' is not in draft lmec-2017-08 (unknown-target)"
    assert result.stderr.splitlines()[-1] == "cm: the matrix is not rendered until the project validates (see cm validate)"
    assert not (project / "build").exists()


def test_a_project_html_template_reads_the_ready_cells_by_name_and_the_view_escaped(project: Path) -> None:
    add_viet_nam(project, "  - id: VN-1\n    target: general\n    text: <b>bold</b> & more\n")
    (project / "templates").mkdir()
    (project / "templates" / "matrix.html.j2").write_text(
        "{% for group in page.groups %}{% for row in group.rows %}{% if row.id == 'VN-1' %}"
        "{{ row.id }}|{{ row.decision }}|{{ row.comment }}{% endif %}{% endfor %}{% endfor %}"
        "{% for group, row in view.rows() %}{% if row.id == 'VN-1' %}{{ row.id }}:{{ row.text[0][1] }}\n{% endif %}{% endfor %}",
        encoding="utf-8")
    assert run("-f", "html", "-o", "own.html").exit_code == 0
    assert (project / "own.html").read_text(encoding="utf-8").splitlines() == [
        'VN-1|open|<span class="l">&lt;b&gt;bold&lt;/b&gt; &amp; more</span>',
        "VN-1:&lt;b&gt;bold&lt;/b&gt; &amp; more"]
