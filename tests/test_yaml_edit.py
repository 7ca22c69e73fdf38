"""Round-trip edits change only the lines they mean to, in every valid style a person may write."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from commentmatrix.write import yaml_edit

REPO = Path(__file__).resolve().parent.parent


def changed_lines(before: bytes, after: bytes) -> list[str]:
    """The diff as '-line' / '+line' entries, without context."""
    old = before.decode("utf-8-sig").splitlines(keepends=True)
    new = after.decode("utf-8-sig").splitlines(keepends=True)
    return [line for line in difflib.ndiff(old, new) if line[:1] in "+-"]


@pytest.mark.parametrize("path", sorted(str(p.relative_to(REPO)) for p in [REPO / "cm.yaml", *REPO.glob("drafts/*.yaml"), *REPO.glob("comments/*.yaml")]))
def test_unchanged_data_dumps_to_the_same_bytes(path):
    raw = (REPO / path).read_bytes()
    document = yaml_edit.load(raw)
    assert document.dump(document.data) == raw


STYLES = {
    "flow": b'stakeholder: x\ncomments: [{id: X-1, target: general, text: "flow, style"}]\nstate: submitted\n',
    "four-spaces": b"stakeholder: x\ncomments:\n    -   id: X-1\n        target: general\n        text:\n            en: four   # comment\n    -   id: X-2\n        target: general\n        text: two\n",
    "comments-everywhere": (b"# head\nstakeholder: x  # who\n# before comments\ncomments:  # list\n  # first\n"
                            b"  - id: X-1  # id\n    # inside\n    target: general\n    text: t  # text\n  # between\n"
                            b"  - id: X-2\n    target: general\n    text: u\n# tail\n"),
    "quoted-keys": b"'stakeholder': x\n\"comments\":\n- \"id\": 'X-1'\n  'target': \"general\"\n  text: 'single ''quoted'''\n",
    "blocks": (b"stakeholder: x\ncomments:\n- id: X-1\n  target: general\n  text: |\n    line one\n    line two\n"
               b"- id: X-2\n  target: general\n  text: >-\n    folded\n    text\n"),
    "wide-comment-columns": "stakeholder: x\ncomments:\n  - id: X-1\n    target: general\n    text: 中文的文本。  # a comment after wide characters\n".encode(),
}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_every_style_round_trips_byte_for_byte(style):
    raw = STYLES[style]
    for variant in (raw, raw.replace(b"\n", b"\r\n"), b"\xef\xbb\xbf" + raw):
        document = yaml_edit.load(variant)
        assert document.dump(document.data) == variant


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_changed_value_changes_only_its_line(style, newline):
    raw = STYLES[style].replace(b"\n", newline.encode())
    document = yaml_edit.load(raw)
    document.data["stakeholder"] = "y"
    after = document.dump(document.data)
    assert [line.rstrip("\r\n") for line in changed_lines(raw, after)] == [
        line.rstrip("\r\n") for line in changed_lines(raw, raw.replace(b"x", b"y", 1))]
    assert after.count(b"\r\n") == raw.count(b"\r\n")


def test_appending_keeps_the_heading_of_the_next_item_in_place():
    raw = (b"comments:\n  - id: A-1\n    text: a  # eol\n    # heading of A-2\n  - id: A-2\n    text: b\n"
           b"# end of file\n")
    document = yaml_edit.load(raw)
    yaml_edit.set_key(document.data["comments"][0], "response", yaml_edit.mapping({"decision": "noted"}))
    yaml_edit.append_item(document.data["comments"], yaml_edit.mapping({"id": "A-3", "text": "c"}))
    assert document.dump(document.data).decode() == (
        "comments:\n  - id: A-1\n    text: a  # eol\n    response:\n      decision: noted\n    # heading of A-2\n"
        "  - id: A-2\n    text: b\n  - id: A-3\n    text: c\n# end of file\n")


def test_bom_and_utf16_are_written_back_as_they_came():
    text = "stakeholder: x\ncomments: []\n"
    for raw in (b"\xef\xbb\xbf" + text.encode(), b"\xff\xfe" + text.encode("utf-16-le")):
        document = yaml_edit.load(raw)
        document.data["stakeholder"] = "y"
        assert document.dump(document.data) == raw[:3 if raw[:1] == b"\xef" else 2] + text.replace("x", "y").encode(
            "utf-8" if raw[:1] == b"\xef" else "utf-16-le")


def test_merge_keeps_lines_ruamel_would_reformat():
    original = "a:   1\nb: 2\nc:    3\n"
    assert yaml_edit.merge(original, "a: 1\nb: 2\nc: 3\n", "a: 1\nb: 5\nc: 3\n", "\n") == "a:   1\nb: 5\nc:    3\n"


def test_not_yaml_is_an_edit_problem():
    with pytest.raises(yaml_edit.EditProblem):
        yaml_edit.load(b"a: [1\n")


ENCODINGS = [  # (name, byte-order mark, codec): what editors and exporters save
    ("utf-8", b"", "utf-8"), ("utf-8 with BOM", b"\xef\xbb\xbf", "utf-8"),
    ("utf-16-le with BOM", b"\xff\xfe", "utf-16-le"), ("utf-16-be with BOM", b"\xfe\xff", "utf-16-be"),
    ("utf-16-le", b"", "utf-16-le"), ("utf-16-be", b"", "utf-16-be"),
    ("utf-32-le with BOM", b"\xff\xfe\x00\x00", "utf-32-le"), ("utf-32-be with BOM", b"\x00\x00\xfe\xff", "utf-32-be"),
    ("utf-32-le", b"", "utf-32-le"), ("utf-32-be", b"", "utf-32-be"),
]


@pytest.mark.parametrize("name, bom, codec", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_validate_and_respond_agree_on_every_unicode_encoding(base, runner, name, bom, codec):
    from commentmatrix.cli import app

    path = base / "comments" / "tnc.yaml"
    original = path.read_text(encoding="utf-8").replace("The framework needs targets.", "Cần có mục tiêu cụ thể; 需要目标。")
    path.write_bytes(bom + original.encode(codec))
    assert runner.invoke(app, ["validate", "--project", str(base)]).exit_code == 0
    result = runner.invoke(app, ["respond", "TNC-1", "--decision", "accepted", "--note", "Đã tiếp thu",
                                 "--date", "2030-02-01", "--project", str(base)])
    assert (result.exit_code, result.stderr) == (0, "")
    raw = path.read_bytes()
    assert raw.startswith(bom)
    changed = raw[len(bom):].decode(codec)
    expected = original.replace("      decision: noted\n      note: Targets will follow once the framework is endorsed.\n",
                                "      decision: accepted\n      note: Đã tiếp thu\n      date: 2030-02-01\n")
    assert changed == expected
    assert runner.invoke(app, ["validate", "--project", str(base)]).exit_code == 0


def _respond_lao_6(example: Path) -> None:
    from typer.testing import CliRunner

    from commentmatrix.cli import app

    result = CliRunner().invoke(app, ["respond", "LAO-6", "--decision", "rejected", "--note", "不采纳", "--lang", "zh",
                                      "--by", "LMEC", "--date", "2017-09-20", "--project", str(example)])
    # The English note was written for the decision before (accepted): cm says so, and keeps it.
    assert (result.exit_code, result.stderr) == (0, "note: the note's en text (“Accepted”) was written for the decision "
                                                    "before; say it anew: cm respond LAO-6 --decision rejected --note ... --lang en\n")


def _basis_of_lao_6(example: Path) -> str | None:
    """The fingerprint cm respond records for LAO-6: the text of its target, which the test leaves alone."""
    from commentmatrix.basis import current_basis
    from commentmatrix.read.loader import load_project

    project = load_project(example)
    return current_basis(project, project.comments_by_id["LAO-6"])


def _expected_lao_6(lines: list[str], basis: str | None) -> bytes:
    """The lines of lao-pdr.yaml after _respond_lao_6: changed lines keep their own ending, new ones the line before's."""
    assert basis
    lines = list(lines)
    decision = next(n for n in range(100, len(lines)) if lines[n].rstrip("\r\n") == "      decision: accepted")
    zh = decision + 3
    assert lines[zh].startswith("        zh: 采纳")
    ending = "\r\n" if lines[zh].endswith("\r\n") else "\n"
    lines[decision] = lines[decision].replace("accepted", "rejected")
    lines[zh] = lines[zh].replace("采纳", "不采纳")
    end = zh + 1  # new keys go at the end of the response, after its `single_language:`
    while lines[end].startswith("      single_language:"):
        end += 1
    lines[end:end] = ["      by: LMEC" + ending, "      date: 2017-09-20" + ending, f"      basis: {basis}" + ending]
    return "".join(lines).encode()


def test_respond_on_a_file_of_mixed_line_endings_keeps_every_other_line_s_bytes(example):
    path = example / "comments" / "lao-pdr.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    # Mostly CRLF, but LAO-6's response lines (and every third line) end in LF: neither majority may win.
    mixed = [line + ("\n" if number % 3 == 2 else "\r\n") for number, line in enumerate(lines[:-1])]
    path.write_bytes("".join(mixed).encode())
    _respond_lao_6(example)
    assert path.read_bytes() == _expected_lao_6(mixed, _basis_of_lao_6(example))


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"], ids=["U+2028", "U+2029", "U+0085"])
def test_a_line_separator_inside_an_untouched_quoted_value_stays_byte_for_byte(example, separator):
    path = example / "comments" / "lao-pdr.yaml"
    text = path.read_text(encoding="utf-8")
    assert '"建议增加: 1)' in text
    text = text.replace('"建议增加: 1)', f'"建议增加:{separator}1)', 1)
    path.write_bytes(text.encode())
    _respond_lao_6(example)
    assert path.read_bytes() == _expected_lao_6([line + "\n" for line in text.split("\n")[:-1]], _basis_of_lao_6(example))


@pytest.mark.parametrize("tail", ["...\n", "...\n# after the document\n", "\n\n"])
def test_appending_at_the_end_keeps_the_lines_after_the_data(tail: str):
    # A change at the end of the data replaced every line to the end of the file: the `...`
    # document end marker (and whatever followed it) went.
    data = "---\nstakeholder: viet-nam\ncomments:\n  - id: V-1\n    target: general\n    text: hi\n"
    text = data + tail
    loaded = yaml_edit.load(text.encode())
    yaml_edit.append_item(loaded.data["comments"], yaml_edit.mapping({"id": "V-2", "target": "general", "text": "x"}))
    written = loaded.dump(loaded.data).decode()
    assert written == data + "  - id: V-2\n    target: general\n    text: x\n" + tail
