"""An edit of one comment loads only that comment's lines: the same bytes as editing the whole
file, the whole-file path when the lines cannot be cut out safely, and a reading of the result
that is what parsing it would find."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commentmatrix.read import documents
from commentmatrix.read.yaml_reader import read_bytes
from commentmatrix.write import yaml_edit
from commentmatrix.write.project_edits import set_text

HEAD = "stakeholder: x\nstate: submitted\ncomments:\n"
THAI = "เจ้าหน้าที่รัฐท้องถิ่น"
KHMER = "សហគមន៍មូលដ្ឋានការពារព្រៃឈើ"
CHINESE = "提升洪旱灾害防御能力"

FILES = {
    "plain": HEAD + "  - id: X-1\n    target: general\n    text: one\n  - id: X-2\n    target: general\n    text: two\n"
                    "  - id: X-3\n    target: general\n    text: three\n",
    "no-final-newline": HEAD + "  - id: X-1\n    target: general\n    text: one\n  - id: X-2\n    target: general\n    text: two",
    "indentless": HEAD + "- id: X-1\n  target: general\n  text: one\n- id: X-2\n  target: general\n  text: two\nreceived: 2026-09-01\n",
    "four-spaces": HEAD + "    -   id: X-1\n        target: general\n        text:\n            en: four   # comment\n"
                          "    -   id: X-2\n        target: general\n        text: two\n",
    "comments-between": HEAD + "  # first\n  - id: X-1  # id\n    # inside\n    target: general\n    text: t  # text\n"
                               "  # between\n\n  - id: X-2\n    target: general\n    text: u\n# tail\n",
    "comment-after-last": HEAD + "  - id: X-1\n    target: general\n    text: one\n  - id: X-2\n    target: general\n"
                                 "    text: two\n# the next list\nreceived: 2026-09-01\n",
    "scripts": HEAD + f"  - id: X-1\n    target: general\n    text:\n      zh: {CHINESE}\n      th: {THAI}  # ไทย\n"
                      f"  - id: X-2\n    target: general\n    text: \"{KHMER}\"\n    response:\n      decision: accepted\n"
                      f"      note:\n        en: Yes\n        zh: {CHINESE}\n",
    "line-separators": HEAD + "  - id: X-1\n    target: general\n    text: \"one\u2028two\u2029three\x85four\"\n"
                              "  - id: X-2\n    target: general\n    text: 'a\u2028b'\n",
    "flow-mappings": HEAD + "  - {id: X-1, target: general, text: one}\n  - id: X-2\n    target: general\n    text: {en: two, zh: 二}\n",
    "blocks": HEAD + "  - id: X-1\n    target: general\n    text: |\n      line one\n\n      line two\n"
                     "  - id: X-2\n    target: general\n    text: >-\n      folded\n      text\n",
    "multi-line-plain": HEAD + "  - id: X-1\n    target: general\n    text: a plain text\n      going on\n"
                               "  - id: X-2\n    target: general\n    text: \"quoted\n      on\"\n",
    "with-response": HEAD + "  - id: X-1\n    target: general\n    text: one\n    response:\n      decision: rejected\n"
                            "      note: No   # why\n      by: Secretariat\n      date: 2026-10-12\n",
}
# Files whose comments (all, or the first) cannot be cut out line by line: the whole file is edited.
WHOLE = {
    "flow-list": "stakeholder: x\ncomments: [{id: X-1, target: general, text: one}, {id: X-2, target: general, text: two}]\n",
    "dash-alone": HEAD + "  -\n    id: X-1\n    target: general\n    text: one\n  -\n    id: X-2\n    target: general\n    text: two\n",
    "comment-after-dash": HEAD + "  - # the first\n    id: X-1\n    target: general\n    text: one\n  - id: X-2\n    target: general\n    text: two\n",
}


def respond(comment) -> None:
    """What `cm respond ID --decision noted --note ... --lang en --date ...` does to the comment."""
    response = comment.get("response")
    if response is None:
        response = yaml_edit.mapping({})
    yaml_edit.set_key(response, "decision", "noted")
    yaml_edit.set_key(response, "note", set_text(response.get("note"), f"Taken {CHINESE}", "en", "en"))
    yaml_edit.set_key(response, "date", dt.date(2026, 10, 1))
    if "response" not in comment:
        yaml_edit.set_key(comment, "response", response)


def place(raw: bytes, index: int) -> yaml_edit.ItemPlace:
    doc, problems = read_bytes(raw, "comments/x.yaml")
    assert doc is not None and not problems
    marks = doc.marks["comments"]
    following = tuple(marks[index + 1][:2]) if index + 1 < len(marks) else None
    return yaml_edit.ItemPlace(tuple(marks[index][:2]), following, doc.data["comments"][index])  # type: ignore[arg-type]


def whole_file(raw: bytes, index: int, change=respond) -> bytes:
    document = yaml_edit.load(raw)
    change(document.data["comments"][index])
    return document.dump(document.data)


def variants(text: str) -> dict[str, bytes]:
    lf = text.encode("utf-8")
    lines = lf.split(b"\n")
    mixed = b"".join(line + (b"\r\n" if n % 2 else b"\n") for n, line in enumerate(lines[:-1])) + lines[-1]
    return {"lf": lf, "crlf": lf.replace(b"\n", b"\r\n"), "mixed": mixed, "bom": b"\xef\xbb\xbf" + lf}


def cases(files: dict[str, str]):
    for name, text in files.items():
        for variant, raw in variants(text).items():
            count = len(read_bytes(raw, "x")[0].data["comments"])
            for index in range(count):
                yield pytest.param(raw, index, id=f"{name}-{variant}-{index}")


@pytest.mark.parametrize("raw, index", list(cases(FILES)))
def test_one_comment_s_lines_give_the_bytes_of_the_whole_file_edit(raw, index):
    after, splice = yaml_edit.edit_item(raw, "comments", index, place(raw, index), respond)
    assert splice is not None, "the comment's lines should have been cut out"
    assert after == whole_file(raw, index)
    old, new = yaml_edit._lines(raw.decode("utf-8-sig")), yaml_edit._lines(after.decode("utf-8-sig"))
    # Every line outside the comment is the same line, with the same ending.
    assert old[:splice.first] == new[:splice.first]
    assert old[splice.first + splice.removed:] == new[splice.first + splice.added:]


@pytest.mark.parametrize("raw, index", list(cases(WHOLE)))
def test_lines_that_cannot_be_cut_out_take_the_whole_file_path(raw, index):
    calls = []

    def counted(comment) -> None:
        calls.append(1)
        respond(comment)

    after, splice = yaml_edit.edit_item(raw, "comments", index, place(raw, index), counted)
    if index == 0:
        assert splice is None and len(calls) <= 2
    assert after == whole_file(raw, index)
    doc, problems = read_bytes(after, "x")
    assert not problems and doc.data["comments"][index]["response"]["decision"] == "noted"


def test_a_place_read_from_other_bytes_is_not_trusted():
    raw = variants(FILES["plain"])["lf"]
    moved = raw.replace(b"comments:\n", b"# a line added since the read\ncomments:\n")
    after, splice = yaml_edit.edit_item(moved, "comments", 1, place(raw, 1), respond)
    assert splice is None
    assert after == whole_file(moved, 1)


def test_edited_lines_that_would_leave_the_comment_are_not_spliced_in():
    raw = variants(FILES["plain"])["lf"]
    piece = yaml_edit._cut(raw.decode(), "comments", place(raw, 1))
    assert piece is not None and piece.dash == 2
    assert piece._stays_inside("  - id: X-2\n    target: general\n# a comment anywhere\n\n    text: two\n")
    assert not piece._stays_inside("- id: X-2\n  target: general\n")  # the dash moved: another list's item
    assert not piece._stays_inside("  - id: X-2\n  target: general\n")  # a key at the dash's column ends the list
    assert not piece._stays_inside("  - id: X-2\nreceived: 2026-01-01\n")
    assert not piece._stays_inside("  - id: X-2\n    text: two")  # the next comment would join its last line


def reading_of(raw: bytes, index: int, change=respond) -> tuple[bytes, documents.KnownReading]:
    doc, _ = read_bytes(raw, "comments/x.yaml")
    doc.raw, doc.facts = raw, documents._entry("comments/x.yaml", raw)["facts"]  # as the parse cache has it
    after, splice = yaml_edit.edit_item(raw, "comments", index, place(raw, index), change)
    assert splice is not None
    reading = documents.spliced(doc, "comments", index, splice.mark_first, splice.mark_removed, splice.mark_added,
                                splice.item, after)
    assert reading is not None
    return after, reading


@pytest.mark.parametrize("raw, index", list(cases(FILES)))
def test_the_reading_of_an_edited_file_is_what_parsing_it_finds(raw, index):
    after, reading = reading_of(raw, index)
    parsed = documents._entry("comments/x.yaml", after)
    for part in ("problems", "parsed", "data", "marks", "facts"):
        assert reading.entry[part] == parsed[part], part


def test_a_language_the_edit_removes_is_counted_again():
    raw = (HEAD + "  - id: X-1\n    target: general\n    text: {en: one, th: หนึ่ง}\n  - id: X-2\n    target: general\n    text: two\n").encode()

    def only_english(comment) -> None:
        del comment["text"]["th"]

    after, reading = reading_of(raw, 0, only_english)
    assert reading.entry["facts"] == documents._entry("x", after)["facts"]
    assert "th" not in reading.entry["facts"]["languages"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(st.lists(st.sampled_from([*"ab 中ไ\u2028#:'\"-", CHINESE, THAI, KHMER]), min_size=1, max_size=8)
                   .map("".join), min_size=1, max_size=5),
    endings=st.lists(st.sampled_from(["\n", "\r\n"]), min_size=40, max_size=40),
    index=st.integers(0, 4),
    final_newline=st.booleans(),
)
def test_any_comment_of_any_file_gives_the_whole_file_bytes(texts, endings, index, final_newline):
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    body = yaml_edit.new_file(yaml_edit.mapping({"stakeholder": "x", "comments": [
        {"id": f"X-{n}", "target": "general", "text": DoubleQuotedScalarString(text)} for n, text in enumerate(texts)]}))
    lines = body.decode().split("\n")[:-1]
    text = "".join(line + endings[n % len(endings)] for n, line in enumerate(lines))
    raw = text.encode() if final_newline else text.rstrip("\r\n").encode()
    index %= len(texts)
    after, splice = yaml_edit.edit_item(raw, "comments", index, place(raw, index), respond)
    assert splice is not None and after == whole_file(raw, index)


def test_respond_through_the_cli_reads_the_edited_file_as_a_parse_would(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from commentmatrix.cli import app

    repo = Path(__file__).resolve().parent.parent
    for name in ("cm.yaml", "drafts", "comments"):
        source = repo / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    monkeypatch.setenv("CM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CM_TODAY", "2026-10-01")
    runner = CliRunner()
    assert runner.invoke(app, ["validate", "--project", str(tmp_path)]).exit_code == 0
    from commentmatrix.read.loader import load_project

    refs = list(load_project(tmp_path).comments())
    ref = refs[len(refs) // 2]
    parsed_files: list[str] = []
    entry = documents._entry
    monkeypatch.setattr(documents, "_entry", lambda shown, raw: parsed_files.append(shown) or entry(shown, raw))
    result = runner.invoke(app, ["respond", ref.id, "--decision", "noted", "--note", "Taken.", "--lang", "en",
                                 "--project", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert ref.path not in parsed_files  # the edit knew what reading the file finds
    # The cache now holds the reading the edit put there; without the cache the file is parsed.
    cached = runner.invoke(app, ["validate", "--project", str(tmp_path), "--format", "json"])
    monkeypatch.setenv("CM_CACHE_DIR", "off")
    parsed = runner.invoke(app, ["validate", "--project", str(tmp_path), "--format", "json"])
    assert cached.stdout == parsed.stdout
    assert load_project(tmp_path).comments_by_id[ref.id].comment.decision == "noted"


def test_the_project_checked_after_an_edit_is_the_project_loaded_from_its_files(tmp_path, monkeypatch):
    from commentmatrix.read import loader
    from commentmatrix.write import transaction
    from commentmatrix.write.project_edits import NewResponse, record_response

    repo = Path(__file__).resolve().parent.parent
    for name in ("cm.yaml", "drafts", "comments"):
        source = repo / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    monkeypatch.setenv("CM_CACHE_DIR", "off")
    project = loader.load_project(tmp_path)
    for ref in list(project.comments())[::3]:
        changes = record_response(project, NewResponse(ref.id, "noted", f"Taken {CHINESE}", "en", date=dt.date(2026, 10, 1)))
        assert changes[0].reading is not None and changes[0].reading.previous is ref.source.file
        overlay = loader.OverlayFiles(loader.ProjectFiles(tmp_path), {c.path: c.after for c in changes})
        known = loader.load_project(tmp_path, overlay, known={c.path: c.reading for c in changes}, earlier=project)
        fresh = loader.load_project(tmp_path, overlay)
        assert [(s.path, s.file) for s in known.comment_sources] == [(s.path, s.file) for s in fresh.comment_sources]
        assert [(s.path, s.draft) for s in known.drafts] == [(s.path, s.draft) for s in fresh.drafts]
        assert known.config == fresh.config and known.files == fresh.files
        assert known.load_problems == fresh.load_problems
        # Only the edited file was read again; the others are the earlier project's.
        assert [s.doc is e.doc for s, e in zip(known.comment_sources, project.comment_sources)] == \
            [s.path != ref.path for s in known.comment_sources]
        assert transaction.commit(project, changes, write=False).changes


def test_a_file_read_with_problems_is_read_again_not_taken_from_the_earlier_project(tmp_path, monkeypatch):
    from commentmatrix.read import loader

    repo = Path(__file__).resolve().parent.parent
    for name in ("cm.yaml", "drafts", "comments"):
        source = repo / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    broken = sorted((tmp_path / "comments").glob("*.yaml"))[0]
    broken.write_text(broken.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    monkeypatch.setenv("CM_CACHE_DIR", "off")
    project = loader.load_project(tmp_path)
    shown = f"comments/{broken.name}"
    assert any(problem.path == shown for problem in project.load_problems)
    again = loader.load_project(tmp_path, earlier=project)
    assert again.load_problems == project.load_problems
    assert shown not in {s.path for s in again.comment_sources if any(s.doc is e.doc for e in project.comment_sources)}
    assert all(any(s.doc is e.doc for e in project.comment_sources) for s in again.comment_sources if s.path != shown)
