"""The one table of fixed words: every language complete, language codes finding their tables,
the words in the outputs (matrix, review copy, DOCX footer), a project's own words and a bad one refused."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.model.label_table import ENGLISH, LANGUAGES, packaged, placeholders, table_language
from commentmatrix.views.labels import label, project_words, word
from commentmatrix.views.review_note import note_languages


def cm(root: Path, *args: str):
    here = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(app, [*args, "--project", str(root)], env={"CM_TODAY": "2017-09-20", "COLUMNS": "200"})
    finally:
        os.chdir(here)


def with_languages(root: Path, *extra: str) -> Path:
    config = root / "cm.yaml"
    text = config.read_text(encoding="utf-8")
    assert "  - zh\n" in text
    config.write_text(text.replace("  - zh\n", "  - zh\n" + "".join(f"  - {lang}\n" for lang in extra), 1), encoding="utf-8")
    return root


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_key_with_the_english_placeholders(lang: str) -> None:
    english, words = packaged()[ENGLISH], packaged()[lang]
    assert sorted(words) == sorted(english)
    assert {key: placeholders(value) for key, value in words.items()} == \
           {key: placeholders(value) for key, value in english.items()}
    assert all(value.strip() for value in words.values())


def test_the_letters_repeat_sentence_names_the_earlier_round_and_comment() -> None:
    # With the English's placeholders, every language's sentence says which round (the test above):
    # a round-3 repeat of a round-1 comment was "raised in the previous round".
    assert placeholders(packaged()[ENGLISH]["letter_repeats"]) == {"round", "id"}
    assert all("{round}" in words["letter_repeats"] for words in packaged().values())


@pytest.mark.parametrize(("code", "table"), [
    ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh-Hant", "zh-Hant"), ("zh-Hant-TW", "zh-Hant"), ("zh_tw", "zh-Hant"),
    ("zh-CN", "zh"), ("zh-SG", "zh"), ("zh-Hans", "zh"), ("zh", "zh"), ("vi-VN", "vi"), ("th", "th"), ("fr-CA", "fr"),
    ("xx", None), ("en-GB", "en"),
])
def test_language_codes_find_their_tables(code: str, table: str | None) -> None:
    assert table_language(code) == table


def test_words_fall_back_to_english_once() -> None:
    assert word("accepted", "zh-TW") == "採納"
    assert word("partially", "zh-Hant") == "部分採納"
    assert word("accepted", "zh-CN") == "采纳"
    assert word("accepted", "vi-VN") == "Tiếp thu"
    assert word("accepted", "xx") == "Accepted"
    assert label("rejected", ("xx", "yy")) == (("en", "Rejected"),)
    assert label("after", ("zh", "my")) == (("zh", "{place}之后"), ("my", "{place} ပြီးနောက်"))


def test_project_words_override_only_inside() -> None:
    with project_words({"vi": {"accepted": "Đồng ý"}, "es": {"accepted": "Aceptado"}}):
        assert word("accepted", "vi-VN") == "Đồng ý"
        assert word("accepted", "es") == "Aceptado"
        assert word("rejected", "es") == "Rejected"
        assert [lang for lang, _ in note_languages(["es", "th"])] == ["en", "th"]
    assert word("accepted", "vi") == "Tiếp thu"


def test_lang_vi_gives_vietnamese_headings_in_the_markdown_and_csv_matrix(example: Path) -> None:
    with_languages(example, "vi")
    result = cm(example, "render", "matrix", "--lang", "vi,en", "-f", "md", "-o", "build/m.md")
    assert result.exit_code == 0, result.output
    lines = (example / "build/m.md").read_text(encoding="utf-8").splitlines()
    assert lines[2].startswith("Bảng tổng hợp ý kiến góp ý / Comments Matrix · ")
    assert lines[4] == "| ý kiến | Tiếp thu | Tiếp thu một phần | Không tiếp thu | Ghi nhận | Chưa xử lý |"
    assert "| STT<br>No. | Phần được góp ý<br>Targeted Parts | Ý kiến góp ý<br>Comments | Tiếp thu, giải trình<br>Response |" in lines
    assert "Không có ý kiến / No comments" in lines  # the public matrix: no contact names
    result = cm(example, "render", "matrix", "--lang", "vi", "-f", "csv", "-o", "build/m.csv")
    assert result.exit_code == 0, result.output
    header = next(csv.reader(io.StringIO((example / "build/m.csv").read_text(encoding="utf-8-sig"))))
    # The public matrix (the default) has no "Người quyết định" (Decided by) column.
    assert header == ["STT", "Bên góp ý", "Tình trạng", "Phần được góp ý", "Chủ đề", "Ý kiến góp ý", "Đề xuất sửa đổi",
                      "Kết quả", "Ghi chú", "Nội dung đã sửa", "Ngày"]


def test_docx_matrix_footer_says_page_in_the_first_language(example: Path) -> None:
    with_languages(example, "vi")
    assert cm(example, "render", "matrix", "--lang", "vi,en", "-f", "docx", "-o", "build/m.docx").exit_code == 0
    with zipfile.ZipFile(example / "build/m.docx") as docx:
        footer = docx.read("word/footer1.xml").decode("utf-8")
    assert ">Trang </w:t>" in footer and ">Page </w:t>" not in footer
    assert footer.index("Trang ") < footer.index('w:instr="PAGE"')


def test_review_copy_cover_note_in_thai(example: Path) -> None:
    with_languages(example, "th")
    result = cm(example, "export", "review-copy", "--lang", "th", "-o", "build/rc.docx")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(example / "build/rc.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert ">วิธีแสดงความเห็น</w:t>" in body
    assert ">ตารางความเห็น</w:t>" in body
    assert "How to comment" not in body


def test_a_project_word_reaches_the_matrix(example: Path) -> None:
    with_languages(example, "vi")
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates/labels.yaml").write_text("vi:\n  accepted: Đồng ý\n", encoding="utf-8")
    assert cm(example, "render", "matrix", "--lang", "vi", "-f", "md", "-o", "build/m.md").exit_code == 0
    text = (example / "build/m.md").read_text(encoding="utf-8")
    assert "**Đồng ý**" in text and "Tiếp thu |" not in text


def test_a_bad_project_word_is_refused_at_its_place(example: Path) -> None:
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates/labels.yaml").write_text(
        "vi:\n  accepted: Đồng ý\n  see_lead: xem số\n  acepted: Đồng ý\n", encoding="utf-8")
    result = cm(example, "validate")
    assert result.exit_code == 1
    assert result.output.splitlines()[:4] == [
        "templates/labels.yaml:3:13: [error] 'vi.see_lead' lacks {id} (label-placeholder)",
        "    hint: the English word is “see {id}”",
        "templates/labels.yaml:4:3: [warning] 'acepted' is not a word cm prints; it is left out (unknown-label)",
        "    hint: did you mean 'accepted'?",
    ]
    result = cm(example, "render", "matrix", "-f", "md", "-o", "build/m.md")
    assert result.exit_code == 1
    assert not (example / "build/m.md").exists()


def test_an_upper_case_language_is_reported_at_its_place_with_the_code_meant(example: Path) -> None:
    # `ZH:` was read as a language no output asks for: its words were left out without a word.
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates/labels.yaml").write_text(
        "ZH:\n  accepted: 接受\nZH-HANT:\n  accepted: 接受\nZH_tw:\n  accepted: 接受\n", encoding="utf-8")
    result = cm(example, "validate")
    assert result.exit_code == 1
    why = ("is not a language code as cm.yaml and the texts write them (the language in lower case, a script or "
           "region after a hyphen): its words would serve no output (label-language)")
    assert result.output.splitlines()[:6] == [
        f"templates/labels.yaml:1:1: [error] 'ZH' {why}", "    hint: did you mean 'zh'?",
        f"templates/labels.yaml:3:1: [error] 'ZH-HANT' {why}", "    hint: did you mean 'zh-Hant'?",
        f"templates/labels.yaml:5:1: [error] 'ZH_tw' {why}", "    hint: did you mean 'zh-tw'?",
    ]


def test_a_script_or_region_in_another_case_serves_its_language(example: Path) -> None:
    # BCP 47 codes are the same in any case: the file's zh-hant is the project's zh-Hant.
    with_languages(example, "zh-Hant")
    (example / "templates").mkdir(exist_ok=True)
    labels = example / "templates/labels.yaml"
    labels.write_text("zh-hant:\n  accepted: 同意了\n", encoding="utf-8")
    assert cm(example, "validate").exit_code == 0
    assert cm(example, "render", "matrix", "--lang", "zh-Hant", "-f", "md", "-o", "build/m.md").exit_code == 0
    assert "**同意了**" in (example / "build/m.md").read_text(encoding="utf-8")
    labels.write_text("zh-hant:\n  accepted: 同意了\nzh-Hant:\n  noted: 知道了\n", encoding="utf-8")
    result = cm(example, "validate")
    assert (result.exit_code, result.output.splitlines()[:2]) == (1, [
        "templates/labels.yaml:3:1: [error] 'zh-Hant' is 'zh-hant' again: a language code is the same in any case "
        "(label-language)", "    hint: put the words of 'zh-Hant' under 'zh-hant'"])


def test_a_project_s_words_are_checked_once_and_kept_signed(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm command takes labels.yaml's words as checked from the cache folder (signed, by the
    file's bytes): it neither parses the file again nor reads cm's tables to check it; an entry
    edited in the cache folder is not trusted, and an edited file is checked anew."""
    from commentmatrix.read import labels_file
    from commentmatrix.read.documents import cache_folder

    (example / "templates").mkdir(exist_ok=True)
    (example / "templates/labels.yaml").write_text("vi:\n  accepted: Đồng ý\n  acepted: Đồng ý\n", encoding="utf-8")
    first = cm(example, "validate")
    checks = []
    checked = labels_file._checked
    monkeypatch.setattr(labels_file, "_checked", lambda raw: checks.append(raw) or checked(raw))
    again = cm(example, "validate")
    assert (again.exit_code, again.output) == (first.exit_code, first.output)
    assert "'acepted' is not a word cm prints" in again.output and checks == []
    kept = sorted((cache_folder() / labels_file.KEPT_FOLDER).glob("*.json"), key=os.path.getmtime)[-1]
    kept.write_bytes(kept.read_bytes().replace(b"acepted", b"accepted"))  # planted: not trusted
    assert cm(example, "validate").output == first.output and len(checks) == 1
    (example / "templates/labels.yaml").write_text("vi:\n  accepted: Chấp thuận\n", encoding="utf-8")
    assert "acepted" not in cm(example, "validate").output and len(checks) == 2


def test_a_project_word_with_a_control_or_hidden_character_is_refused_at_its_place(example: Path) -> None:
    """A word is printed as a comment's text is, so it may not hold what a text may not: the XLSX
    matrix failed with an internal error on an ESC, and the other formats carried it or a bidi
    override out to the readers."""
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates/labels.yaml").write_text(
        'zh:\n  accepted: "采\\u001b纳"\n  rejected: "\\u202e不采纳"\n', encoding="utf-8")
    result = cm(example, "validate")
    assert (result.exit_code, result.output.splitlines()) == (1, [
        "templates/labels.yaml:2:13: [error] 'zh.accepted' holds the control character U+001B (ESCAPE), "
        "which Word documents cannot hold (control-character)",
        "    hint: delete it; it usually comes from copying out of a PDF or another program",
        "templates/labels.yaml:3:13: [error] 'zh.rejected' holds the bidirectional control U+202E (RIGHT-TO-LEFT "
        "OVERRIDE), which reorders how the text around it is shown without being seen (hidden-character)",
        "    hint: delete it: it can make a reviewer read the words in another order than they are written",
        "2 errors, 0 warnings (9 files checked).",
    ])
    for name in ("m.xlsx", "m.csv"):
        result = cm(example, "render", "matrix", "-o", f"build/{name}")
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr.endswith("cm: the matrix is not rendered until the project validates (see cm validate)\n")
        assert not (example / "build" / name).exists()
