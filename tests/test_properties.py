"""Property-based suites (hypothesis): generated projects and text from the whole Unicode range.

- A generated valid project validates, renders in every format, and every output is readable by
  its own library (python-docx, openpyxl, csv, an HTML parser) with every comment's text in it.
- `cm respond` changes only the lines of the comment it answers; every other byte stays.
- Any text at all (control characters, RTL marks, combining marks, emoji, CJK, astral characters)
  either renders or is refused by `cm validate` with a file:line:column and exit 1: never a
  crash, a corrupt DOCX/XLSX or unescaped HTML.

Profiles: `ci` (default: a few dozen examples, no deadline) and `long` for local runs:
HYPOTHESIS_PROFILE=long pytest tests/test_properties.py
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.model.inert import BIDI_CONTROLS

settings.register_profile("ci", max_examples=20, deadline=None, database=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=400, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ENV = {"SOURCE_DATE_EPOCH": "1893456000", "CM_TODAY": "2030-01-20"}
LANGUAGES = ["en", "zh", "vi"]
# Pieces that have broken text tools before: bidi controls, combining marks, emoji with joiners and
# skin tones, CJK, decomposed Vietnamese, astral CJK, markup and template syntax, formula starts.
TRICKY = ["\u200f", "\u202e", "\u2067", "\u0301", "e\u0301", "Vie\u0323\u0302t Nam", "Việt Nam", "可持续发展", "𠀀𪚥",
          "👩🏽‍💻", "🇻🇳", "\u00a0", "\u200b", "\ufeff", "<script>alert(1)</script>", "<x-evil>", "&amp;", "]]>",
          "{{ 7*7 }}", "{% raw %}", "=SUM(A1)", "+1", "-", "@cmd", "|", "*", "#", "\\", "\"", "'", "\t", "\n", "  "]
# What a valid project's text may hold: everything but the characters validation refuses
# (controls, noncharacters, and the bidi overrides and isolates of the hidden-character rule).
SAFE_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"),
                           exclude_characters="\ufffe\uffff" + "".join(sorted(BIDI_CONTROLS)))
SAFE_TRICKY = [piece for piece in TRICKY if not set(piece) & BIDI_CONTROLS]
SAFE_TEXT = st.lists(st.one_of(st.text(SAFE_CHARS, min_size=1, max_size=12), st.sampled_from(SAFE_TRICKY)),
                     min_size=1, max_size=4).map("".join).filter(lambda s: s.strip() != "")
# Any character a UTF-8 file can hold, the tricky pieces included, so both outcomes occur.
ANY_TEXT = st.one_of(SAFE_TEXT, st.sampled_from(TRICKY),
                     st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30))


def scalar(value: str) -> str:
    """A YAML double-quoted scalar for any string: JSON's escapes, plus escapes for what YAML
    would read as a line break or refuse raw (C1 controls, NEL, line/paragraph separators)."""
    out = json.dumps(value, ensure_ascii=False)
    return re.sub("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]", lambda m: f"\\u{ord(m.group()):04x}", out)


def text_yaml(text: dict[str, str] | str, indent: int) -> str:
    if isinstance(text, str):
        return " " + scalar(text) + "\n"
    pad = " " * indent
    return "\n" + "".join(f"{pad}{lang}: {scalar(value)}\n" for lang, value in text.items())


@st.composite
def projects(draw, text=SAFE_TEXT, min_comments=0):
    """A valid consultation: languages, roster, a draft, comments with every decision, replace
    edits that apply (at most one per paragraph, so none conflict)."""
    languages = draw(st.sampled_from([["en"], ["en", "zh"], ["zh", "en"], ["en", "zh", "vi"], ["vi"]]))

    def texts(min_languages=1):
        if len(languages) == 1 and draw(st.booleans()):
            return draw(text)
        chosen = languages[:max(min_languages, draw(st.integers(1, len(languages))))]
        return {lang: draw(text) for lang in chosen}

    stakeholders = draw(st.integers(1, 3))
    config = [f"title:{text_yaml(texts(), 2)}", f"languages: [{', '.join(languages)}]\n", "draft: d1\n",
              "deadline: 2030-01-31\nstakeholders:\n"]
    for s in range(stakeholders):
        config.append(f"  - id: s{s}\n    name:{text_yaml(texts(), 6)}    kind: {draw(st.sampled_from(['country', 'organization', 'other']))}\n")
    paragraphs: dict[str, dict[str, str]] = {}
    draft = [f"id: d1\ntitle:{text_yaml(texts(), 2)}version: \"1\"\nsections:\n"]
    for s in range(draw(st.integers(1, 3))):
        draft.append(f"  - id: sec{s}\n    number: \"{s + 1}\"\n    title:{text_yaml(texts(), 6)}    paragraphs:\n")
        for p in range(draw(st.integers(1, 3))):
            # Each paragraph holds a unique anchor word in every language, for replace edits to find.
            body = {lang: f"{draw(text)} anchor{s}x{p} {draw(text)}" for lang in languages}
            paragraphs[f"sec{s}.{p}"] = body
            draft.append(f"      - id: sec{s}.{p}\n        text:{text_yaml(body, 10)}")
    edited: set[str] = set()
    comment_files: dict[int, list[str]] = {s: [] for s in range(stakeholders)}
    for k in range(draw(st.integers(min_comments, 6))):
        s = draw(st.integers(0, stakeholders - 1))
        target = draw(st.sampled_from([*sorted(paragraphs), "general"]))
        lines = [f"  - id: C-{k + 1}\n    target: {target}\n"]
        if draw(st.booleans()):
            lines.append(f"    topic: {scalar(draw(text))}\n")
        lines.append(f"    text:{text_yaml(texts(), 6)}")
        decision = draw(st.sampled_from(["accepted", "rejected", "noted", None]))
        if decision == "accepted" and target != "general" and target not in edited:
            edited.add(target)
            lang = draw(st.sampled_from(languages))
            old = re.search(r"anchor\S+", paragraphs[target][lang]).group()
            lines.append(f"    proposal:\n      - replace: {scalar(old)}\n        with: {scalar(draw(text))}\n        lang: {lang}\n")
        if decision is not None:
            lines.append(f"    response:\n      decision: {decision}\n")
            if "proposal:" in lines[-2] and len(languages) > 1:
                # The replace is in one of the paragraph's languages: meant so (one-language-edit).
                lines.append("      single_language: true\n")
            if decision != "accepted" or draw(st.booleans()):
                lines.append(f"      note:{text_yaml(texts(), 8)}")
        comment_files[s].append("".join(lines))
    files = {"cm.yaml": "".join(config), "drafts/d1.yaml": "".join(draft)}
    for s, items in comment_files.items():
        if items:
            files[f"comments/s{s}.yaml"] = f"stakeholder: s{s}\nstate: submitted\nreceived: 2030-01-10\ncomments:\n" + "".join(items)
        elif draw(st.booleans()):
            files[f"comments/s{s}.yaml"] = f"stakeholder: s{s}\nstate: no-comments\ncomments: []\n"
    return files


def write_project(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, encoding="utf-8")
    return root


def cm(root: Path, *args: str):
    result = CliRunner().invoke(app, [*args, "--project", str(root)], env=ENV)
    assert isinstance(result.exception, SystemExit) or result.exception is None, repr(result.exception)
    return result


def comment_texts(root: Path) -> list[str]:
    from commentmatrix.model.text import versions
    from commentmatrix.read.loader import load_project

    project = load_project(root)
    return [value for ref in project.comments() for _, value in versions(ref.comment.text, project.languages)]


def squeeze(value: str) -> str:
    """Text as a reader compares it: decomposed (a lone combining mark composes with whatever
    precedes it in the output), without whitespace (DOCX breaks lines into w:br)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFD", value))


def docx_text(path: Path) -> str:
    from docx import Document

    document = Document(str(path))  # a corrupt package or XML fails here
    body = document.element.body
    return "".join(node.text or "" for node in body.iter() if node.tag.endswith(("}t", "}delText")))


def xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    return "".join(str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def check_outputs(root: Path, texts: list[str]) -> None:
    build = root / "build"
    matrix = {fmt: cm(root, "render", "matrix", "--format", fmt, "-o", str(build / f"matrix.{fmt}")) for fmt in ("docx", "xlsx", "html", "md", "csv")}
    draft = {
        "tracked.docx": cm(root, "render", "draft", "--format", "docx", "--changes", "tracked", "-o", str(build / "tracked.docx")),
        "clean.docx": cm(root, "render", "draft", "--format", "docx", "--changes", "clean", "-o", str(build / "clean.docx")),
        "draft.md": cm(root, "render", "draft", "--format", "md", "-o", str(build / "draft.md")),
        "next.yaml": cm(root, "render", "draft", "--format", "yaml", "--id", "d2", "--version", "2", "-o", str(build / "next.yaml")),
    }
    for name, result in {**matrix, **draft}.items():
        assert result.exit_code == 0, (name, result.output)
    wanted = [squeeze(t) for t in texts]
    for name, found in (("docx", docx_text(build / "matrix.docx")), ("xlsx", xlsx_text(build / "matrix.xlsx"))):
        found = squeeze(found)
        assert all(t in found for t in wanted), f"a comment's text is missing from the {name} matrix"
    for name in ("tracked.docx", "clean.docx"):
        docx_text(build / name)
    parser = _Tags()
    parser.feed((build / "matrix.html").read_text(encoding="utf-8"))
    assert not {"script", "x-evil"} & set(parser.tags), "user text became HTML markup"
    html_text = squeeze("".join(parser.text))
    assert all(t in html_text for t in wanted), "a comment's text is missing from the HTML matrix"
    rows = list(csv.reader(io.StringIO((build / "matrix.csv").read_text(encoding="utf-8-sig"), newline="")))
    cells = squeeze("".join(cell for row in rows for cell in row))
    assert all(t in cells or t.lstrip("=+-@") in cells for t in wanted)
    (build / "matrix.md").read_text(encoding="utf-8")
    (build / "draft.md").read_text(encoding="utf-8")
    from commentmatrix.model.format import Draft
    from commentmatrix.read.yaml_reader import read_bytes

    doc, problems = read_bytes((build / "next.yaml").read_bytes(), "next.yaml")
    assert problems == []
    Draft.model_validate(doc.data)


@pytest.mark.slow
@given(projects())
def test_a_generated_valid_project_validates_and_renders_every_format(files):
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder), files)
        result = cm(root, "validate", "--strict")
        assert (result.exit_code, result.stdout) == (0, f"No problems: {len(files)} files checked.\n"), result.stdout
        check_outputs(root, comment_texts(root))


@pytest.mark.slow
@given(projects(min_comments=1), st.data())
def test_respond_changes_only_the_lines_of_the_comment_it_answers(files, data):
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder), files)
        sources = sorted(name for name in files if name.startswith("comments/") and "comments: []" not in files[name])
        name = data.draw(st.sampled_from(sources))
        before = (root / name).read_bytes().decode("utf-8").splitlines(keepends=True)
        starts = [i for i, line in enumerate(before) if line.startswith("  - id: ")]
        index = data.draw(st.integers(0, len(starts) - 1))
        comment_id = before[starts[index]].split(":", 1)[1].strip()
        start, end = starts[index], (starts[index + 1] if index + 1 < len(starts) else len(before))
        note = data.draw(SAFE_TEXT)
        lang = re.search(r"languages: \[(.*?)\]", files["cm.yaml"]).group(1).split(", ")[0]
        result = cm(root, "respond", comment_id, "--decision", "noted", "--note", note, "--lang", lang)
        assert result.exit_code == 0, result.output
        after = (root / name).read_bytes().decode("utf-8").splitlines(keepends=True)
        assert after[:start] == before[:start], "lines above the comment changed"
        tail = before[end:]
        assert after[len(after) - len(tail):] == tail, "lines below the comment changed"
        for other in files:
            if other != name:
                assert (root / other).read_text(encoding="utf-8") == files[other]
        assert cm(root, "validate", "--strict").exit_code == 0


@pytest.mark.slow
@given(projects(text=ANY_TEXT))
def test_any_text_renders_or_is_refused_with_a_place(files):
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder), files)
        result = cm(root, "validate")
        event("validates" if result.exit_code == 0 else "refused")
        if result.exit_code == 0:
            check_outputs(root, comment_texts(root))
            return
        assert result.exit_code == 1
        lines = [line for line in result.stdout.splitlines() if "[error]" in line]
        assert lines and all(re.match(r"^[\w/.-]+\.yaml:\d+:\d+: \[error\] ", line) for line in lines), result.stdout
        refused = cm(root, "render", "matrix", "--format", "docx")
        assert refused.exit_code == 1 and not (root / "build" / "matrix.docx").exists()


def test_the_yaml_writer_of_these_tests_escapes_what_yaml_reads_as_line_breaks():
    from commentmatrix.read.yaml_reader import read_text

    for value in ["a\u2028b", "x\x85y", "\x9f", "\ufeffz", 'q"\\', "\t\n"]:
        doc, problems = read_text(f"k: {scalar(value)}\n", "f.yaml")
        assert (doc.data if doc else None, problems) == ({"k": value}, [])


def test_docx_and_xlsx_outputs_are_zip_packages_with_their_parts(tmp_path):
    # The property above re-reads each output with its library; this pins the packages' shape.
    files = {"cm.yaml": "title: T\nlanguages: [en]\ndraft: d1\nstakeholders:\n  - id: s0\n    name: S\n    kind: other\n",
             "drafts/d1.yaml": 'id: d1\ntitle: D\nversion: "1"\nsections:\n  - id: a\n    number: "1"\n    title: A\n    paragraphs:\n      - id: a.1\n        text: x\n'}
    root = write_project(tmp_path, files)
    for fmt, part in (("docx", "word/document.xml"), ("xlsx", "xl/worksheets/sheet1.xml")):
        assert cm(root, "render", "matrix", "--format", fmt).exit_code == 0
        with zipfile.ZipFile(root / "build" / f"matrix.{fmt}") as package:
            assert package.testzip() is None and part in package.namelist()
