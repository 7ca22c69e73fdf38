"""`--audience public|internal`: no personal name, internal note or internal comment reaches a public output.

The example project is copied and given what a working consultation carries besides its two
contacts: Viet Nam's reply, imported from a Word file (its comment's author), with an assignee, a
decider, an internal note, an acknowledgement signed by a person, and a second comment marked
`internal: true` whose accepted edit changes the draft. The personal names are read back from the
project's own files through cm's loader (every `contact`, every `by`, every `assignee`), never
listed by hand, so a name added to the example later is checked too. Every layout and format of
`cm render matrix` and the revised draft is rendered through the CLI and searched whole: every XML
part of a DOCX or XLSX, the text of a PDF (pdftotext).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import copy_example
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.model.text import versions
from commentmatrix.read.loader import load_project

INTERNAL_NOTE = "Ask the ministry before this goes out"
INTERNAL_TEXT = "Tighten the wording of the capacity objective"
INTERNAL_ID = "VN-2"

VIET_NAM = f"""\
stakeholder: viet-nam
state: submitted
received: 2017-09-08
acknowledgement:
  answer: agree
  date: 2017-09-20
  by: Ms. Tran Thi Lan
comments:
  - id: VN-1
    target: general
    text:
      en: The framework reads well.
    by: Mr. Nguyen Van Hung
    source: docx:0123456789ab
    assignee: Ms. Le Minh Chau
    due: 2017-09-15
    response:
      decision: noted
      note:
        en: Thank you for the review.
      by: Mr. Pham Quoc Bao
      date: 2017-09-20
      internal_note:
        en: {INTERNAL_NOTE}
  - id: {INTERNAL_ID}
    target: objectives.4
    internal: true
    text:
      en: {INTERNAL_TEXT}
    by: Dr. Vo Thanh Son
    response:
      decision: accepted
      edits:
        - replace: management capacity
          with: governance capacity
          lang: en
      single_language: true
      by: Mr. Pham Quoc Bao
      date: 2017-09-21
"""

MATRIX_CASES = [(layout, fmt) for layout, formats in (
    ("matrix", ("docx", "xlsx", "html", "md", "csv", "pdf")),
    ("synopsis", ("docx", "xlsx", "html", "md", "csv", "pdf")),
    ("iso", ("docx", "xlsx", "csv", "pdf")),
) for fmt in formats]
DRAFT_CASES = [("docx", "tracked"), ("md", "tracked"), ("md", "clean"), ("pdf", "tracked")]


def _slow_pdf(cases):
    return [pytest.param(*case, marks=pytest.mark.slow) if "pdf" in case else case for case in cases]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("audiences") / "example")
    (root / "comments" / "viet-nam.yaml").write_text(VIET_NAM, encoding="utf-8")
    return root


def personal_names(root: Path) -> list[str]:
    """Every contact, `by` and assignee the project's files hold, as cm reads them."""
    loaded = load_project(root)
    assert loaded.config is not None and not loaded.load_problems
    names = {value for stakeholder in loaded.config.stakeholders for _, value in versions(stakeholder.contact, [])}
    for source in loaded.comment_sources:
        if source.file.acknowledgement and source.file.acknowledgement.by:
            names.add(source.file.acknowledgement.by)
        for comment in source.file.comments:
            names.update(name for name in (comment.by, comment.assignee,
                                           comment.response.by if comment.response else None) if name)
    return sorted(names)


def test_the_names_are_read_from_the_project(project: Path) -> None:
    # The example's two contacts and every name the added reply carries: the search below is not empty.
    assert personal_names(project) == ["Dr. Vo Thanh Son", "Mr. Chao Nokyoo", "Mr. Him Chandath", "Mr. Nguyen Van Hung",
                                       "Mr. Pham Quoc Bao", "Ms. Le Minh Chau", "Ms. Tran Thi Lan"]


def output_text(path: Path, fmt: str) -> str:
    """All the text of an output: every XML part of an Office file (with and without its tags, so a
    name split over runs is found), a PDF's text, else the file as UTF-8."""
    if fmt in ("docx", "xlsx"):
        with zipfile.ZipFile(path) as archive:
            parts = [archive.read(name).decode("utf-8") for name in archive.namelist()
                     if name.endswith((".xml", ".rels"))]
        # Word's non-breaking hyphen (in the ids of the DOCX matrix) is an element of its own.
        return "\n".join(html.unescape(part) + "\n" + html.unescape(re.sub(r"<[^>]+>", "", part.replace("<w:noBreakHyphen/>", "-")))
                         for part in parts)
    if fmt == "pdf":
        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext is not installed")
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    text = path.read_text(encoding="utf-8-sig")
    return html.unescape(text) if fmt == "html" else text


def found(needle: str, text: str, fmt: str) -> bool:
    if fmt == "pdf":  # a table cell wraps its lines anywhere a space is
        return re.sub(r"\s+", "", needle) in re.sub(r"\s+", "", text)
    return needle in text


def render(root: Path, command: list[str], target: Path, fmt: str) -> str:
    result = CliRunner().invoke(app, ["render", *command, "-C", str(root), "-o", str(target)])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return output_text(target, fmt)


@pytest.mark.parametrize(("layout", "fmt"), _slow_pdf(MATRIX_CASES))
def test_a_public_matrix_names_no_person_and_keeps_internal_things_out(project: Path, tmp_path: Path,
                                                                      layout: str, fmt: str) -> None:
    text = render(project, ["matrix", "--layout", layout, "--format", fmt, "--audience", "public"],
                  tmp_path / f"{layout}.{fmt}", fmt)
    # The public comment is there (the synopsis lists changes only).
    assert layout == "synopsis" or found("The framework reads well.", text, fmt)
    leaked = [name for name in [*personal_names(project), INTERNAL_NOTE, INTERNAL_TEXT, INTERNAL_ID] if found(name, text, fmt)]
    assert leaked == []


# The PDF is its DOCX's: the DOCX case covers its default.
@pytest.mark.parametrize(("layout", "fmt"), [case for case in MATRIX_CASES if "pdf" not in case])
def test_the_default_audience_is_public(project: Path, tmp_path: Path, layout: str, fmt: str) -> None:
    target = tmp_path / f"{layout}.{fmt}"
    text = render(project, ["matrix", "--layout", layout, "--format", fmt], target, fmt)
    assert text == render(project, ["matrix", "--layout", layout, "--format", fmt, "--audience", "public"], target, fmt)


@pytest.mark.parametrize(("layout", "fmt"), _slow_pdf(MATRIX_CASES))
def test_the_internal_matrix_keeps_everything_it_shows(project: Path, tmp_path: Path, layout: str, fmt: str) -> None:
    text = render(project, ["matrix", "--layout", layout, "--format", fmt, "--audience", "internal"],
                  tmp_path / f"{layout}.{fmt}", fmt)
    if layout == "synopsis":
        # The synopsis names the comments that changed a text: the internal one among them.
        assert found(INTERNAL_ID, text, fmt)
        return
    assert found(INTERNAL_TEXT, text, fmt)
    if layout == "matrix":
        # Contacts (the states of Cambodia and Thailand), who decided, and the internal note.
        for needle in ("Mr. Him Chandath", "Mr. Chao Nokyoo", "Mr. Pham Quoc Bao", INTERNAL_NOTE):
            assert found(needle, text, fmt), needle


@pytest.mark.parametrize(("fmt", "changes"), _slow_pdf(DRAFT_CASES))
def test_the_public_draft_credits_an_internal_comment_to_the_secretariat(project: Path, tmp_path: Path,
                                                                         fmt: str, changes: str) -> None:
    command = ["draft", "--format", fmt, "--changes", changes]
    public = render(project, [*command, "--audience", "public"], tmp_path / f"public.{fmt}", fmt)
    internal = render(project, [*command, "--audience", "internal"], tmp_path / f"internal.{fmt}", fmt)
    # The text is every audience's: the internal comment's edit is made in both.
    assert found("governance capacity", public, fmt) and found("governance capacity", internal, fmt)
    leaked = [name for name in [*personal_names(project), INTERNAL_NOTE, INTERNAL_TEXT, INTERNAL_ID] if found(name, public, fmt)]
    assert leaked == []
    if (fmt, changes) == ("docx", "tracked"):  # the authors of Word's tracked changes
        assert 'w:author="Secretariat"' in public and 'w:author="Viet Nam (VN-2)"' in internal
        assert 'w:author="Secretariat"' not in internal
        assert 'w:author="Lao PDR (LAO-4)"' in public and 'w:author="Lao PDR (LAO-4)"' in internal
    if (fmt, changes) == ("md", "tracked"):  # the table of who changed what, under the diff
        assert "| (secretariat) | Secretariat |  |" in public and "| VN-2 | Viet Nam | 2017-09-21 |" in internal
        assert "| LAO-4 | Lao PDR |" in public and "(secretariat)" not in internal


def test_a_project_template_gets_no_dropped_data(project: Path, tmp_path: Path) -> None:
    """A project's own matrix template sees the filtered view: what it tries to print of a
    decider, an internal note or an internal comment is not there to print."""
    root = copy_example(tmp_path / "own")
    shutil.copy(project / "comments" / "viet-nam.yaml", root / "comments" / "viet-nam.yaml")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "matrix.md.j2").write_text(
        "{% for group, row in view.rows() %}{{ row.id }}|{{ row.by }}|{{ row.internal_note }}\n{% endfor %}"
        "{% for group in view.groups %}{{ group.state_label }}\n{% endfor %}", encoding="utf-8")
    public = render(root, ["matrix", "--format", "md"], tmp_path / "public.md", "md")
    assert "VN-1|None|()" in public and INTERNAL_ID not in public
    assert not [name for name in personal_names(root) if name in public]
    internal = render(root, ["matrix", "--format", "md", "--audience", "internal"], tmp_path / "internal.md", "md")
    assert "VN-1|Mr. Pham Quoc Bao|" in internal and INTERNAL_NOTE in internal and f"{INTERNAL_ID}|" in internal


def test_an_unknown_audience_is_refused_in_plain_words(project: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["render", "matrix", "-C", str(project), "--audience", "press",
                                      "-o", str(tmp_path / "m.md")])
    assert result.exit_code == 2 and "'press' is not one of 'public', 'internal'" in result.stderr
    assert not (tmp_path / "m.md").exists()


def test_the_public_copy_leaves_the_loaded_project_as_it_was(project: Path) -> None:
    from commentmatrix.engine import revise
    from commentmatrix.views.audience import for_audience

    loaded = load_project(project)
    public = for_audience(loaded, "public")
    assert for_audience(loaded, "public") is public and for_audience(public, "public") is public
    assert for_audience(loaded, "internal") is loaded
    assert INTERNAL_ID in loaded.comments_by_id and INTERNAL_ID not in public.comments_by_id
    assert loaded.comments_by_id["VN-1"].comment.response.internal_note is not None
    assert public.comments_by_id["VN-1"].comment.response.internal_note is None
    # Every personal and planning field of a comment and its response is dropped; the rest is kept.
    full, shown = loaded.comments_by_id["VN-1"].comment, public.comments_by_id["VN-1"].comment
    assert (shown.by, shown.assignee, shown.due, shown.response.by) == (None, None, None, None)
    assert (full.by, full.assignee, str(full.due), full.response.by) == (
        "Mr. Nguyen Van Hung", "Ms. Le Minh Chau", "2017-09-15", "Mr. Pham Quoc Bao")
    assert shown.model_dump(exclude={"by", "assignee", "due", "response"}) == full.model_dump(exclude={"by", "assignee", "due", "response"})
    assert shown.response.model_dump(exclude={"by", "internal_note"}) == full.response.model_dump(exclude={"by", "internal_note"})
    # A comment with nothing to drop is the same in both.
    assert [c.id for s in public.comment_sources for c in s.file.comments if c.id != "VN-1"] == [
        c.id for s in loaded.comment_sources for c in s.file.comments if c.id not in ("VN-1", INTERNAL_ID)]
    for source in public.comment_sources:
        for comment in source.file.comments:
            if comment.id != "VN-1":
                assert comment == loaded.comments_by_id[comment.id].comment
    assert [s.contact for s in public.config.stakeholders if s.contact] == []
    assert len([s.contact for s in loaded.config.stakeholders if s.contact]) == 2
    # Both audiences read one revision: the internal comment's edit is in the public copy's too.
    assert revise(public) is revise(loaded)


def test_public_and_internal_differ_only_by_the_contacts_in_the_example(tmp_path: Path, monkeypatch) -> None:
    """The example's golden Markdown is public; the internal one is it with the two contacts back."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1506816000")  # as tests/test_golden_matrix.py renders it
    root = copy_example(tmp_path / "example")
    internal = render(root, ["matrix", "--format", "md", "--audience", "internal"], tmp_path / "internal.md", "md")
    golden = (Path(__file__).parent / "golden" / "matrix" / "matrix.md").read_text(encoding="utf-8")
    assert internal != golden
    assert re.sub(r" ?\((Mr\. Him Chandath|Mr\. Chao Nokyoo)\)", "", internal) == golden
