"""Every script right at the terminal (issue 16): word diffs by the words of the language, the
tracked revised draft marking only changed words, output on consoles that are not UTF-8, and
terminal widths, wrapping and truncation at grapheme boundaries."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from projects import SMALL, load, replaced

from commentmatrix.engine import revise
from commentmatrix.model.segmentation import is_grapheme_boundary
from commentmatrix.revision import Segment
from commentmatrix.views.draft import build_draft_view
from commentmatrix.worddiff import refine_replacements, word_diff


def pieces(segments: list[Segment]) -> list[tuple[str, str]]:
    return [(s.op, s.text) for s in segments]


# ---------------------------------------------------------------- word diffs

@pytest.mark.parametrize("old, new, lang, expected", [
    # Thai: the changed word deleted whole and the new one inserted, never code points interleaved.
    ("เจ้าหน้าที่รัฐต้องรายงาน", "เจ้าหน้าที่รัฐต้องแจ้ง", "th",
     [("keep", "เจ้าหน้าที่รัฐต้อง"), ("delete", "รายงาน"), ("insert", "แจ้ง")]),
    ("ผลประโยชน์ร่วมกัน", "ผลประโยชน์ของทุกฝ่ายร่วมกัน", None,
     [("keep", "ผลประโยชน์"), ("insert", "ของทุกฝ่าย"), ("keep", "ร่วมกัน")]),
    # Lao and Khmer: ICU's dictionary words.
    ("ການເປີດກວ້າງ ສປປ ລາວ", "ການເປີດເຜີຍ ສປປ ລາວ", "lo",
     [("delete", "ການເປີດກວ້າງ"), ("insert", "ການເປີດເຜີຍ"), ("keep", " ສປປ ລາວ")]),
    ("ការបើកចំហ", "ការបើកទូលាយ", "km", [("keep", "ការ"), ("delete", "បើកចំហ"), ("insert", "បើកទូលាយ")]),
    # Chinese: ICU words, unknown words as single characters.
    ("提升洪旱灾害防御能力", "提升生态系统和洪旱灾害防御能力", "zh",
     [("keep", "提升"), ("insert", "生态系统和"), ("keep", "洪旱灾害防御能力")]),
    ("加强跨境水资源合作", "加强跨界水资源合作", "zh",
     [("keep", "加强跨"), ("delete", "境"), ("insert", "界"), ("keep", "水资源合作")]),
    # Latin and Vietnamese: words between spaces; a space between two changes belongs to them.
    ("feeds sixty million people", "feeds seventy thousand people", "en",
     [("keep", "feeds "), ("delete", "sixty million"), ("insert", "seventy thousand"), ("keep", " people")]),
    ("Bảo vệ môi trường", "Bảo vệ và phục hồi môi trường", "vi",
     [("keep", "Bảo vệ "), ("insert", "và phục hồi "), ("keep", "môi trường")]),
])
def test_word_diff_changes_whole_words_of_the_language(old, new, lang, expected):
    assert pieces(word_diff(old, new, lang)) == expected


def test_refined_replacement_keeps_the_quoted_context_and_credits_the_change():
    segments = [Segment("提升", "keep"), Segment("洪旱灾害防御能力", "delete", "LAO-1"),
                Segment("生态系统和洪旱灾害防御能力", "insert", "LAO-1"), Segment("。", "keep")]
    assert refine_replacements(segments, "zh") == [
        Segment("提升", "keep"), Segment("生态系统和", "insert", "LAO-1"), Segment("洪旱灾害防御能力", "keep"),
        Segment("。", "keep")]


def test_a_rewrite_keeping_less_than_half_stays_one_replacement():
    segments = [Segment("organize trainings for staff", "delete", "A-1"),
                Segment("enhance capacity building through staff programs", "insert", "A-1")]
    assert refine_replacements(segments, "en") == segments


def test_the_tracked_revised_draft_marks_only_the_words_that_changed():
    files = replaced(SMALL, "drafts/mws-1.yaml", "zh: 这条河养活了六千万人。", "zh: 提升洪旱灾害防御能力。")
    files = replaced(files, "comments/lao-pdr.yaml", "replace: sixty million", "replace: 提升洪旱灾害防御能力")
    files = replaced(files, "comments/lao-pdr.yaml", "with: seventy million", "with: 提升生态系统和洪旱灾害防御能力")
    files = replaced(files, "comments/lao-pdr.yaml", "lang: en", "lang: zh")
    project = load(files)
    view = build_draft_view(project, revise(project), ["zh"], tracked=True)
    block = next(b for b in view.blocks if b.id == "background.1")
    assert [(s.op, s.text, s.by) for s in block.versions[0].segments] == [
        ("keep", "提升", None), ("insert", "生态系统和", "LAO-1"), ("keep", "洪旱灾害防御能力", None), ("keep", "。", None)]
    assert list(view.attributions) == ["LAO-1", "WWF-2"]
    clean = build_draft_view(project, revise(project), ["zh"], tracked=False)
    assert next(b for b in clean.blocks if b.id == "background.1").versions[0].text == "提升生态系统和洪旱灾害防御能力。"


# ---------------------------------------------------------------- consoles that are not UTF-8

THAI_COMMENTS = """
    stakeholder: thailand
    comments:
      - id: THA-1
        target: principles.1
        text: {th: เจ้าหน้าที่รัฐต้องรายงานผลประโยชน์ร่วมกันของทุกประเทศในลุ่มน้ำโขงอย่างเป็นธรรมและโปร่งใสทุกปี}
        proposal:
          - replace: ผลประโยชน์ร่วมกัน
            with: ผลประโยชน์ของทุกฝ่ายร่วมกัน
            lang: th
    """
KHMER_COMMENTS = """
    stakeholder: cambodia
    comments:
      - id: KHM-1
        target: principles.2
        text: {km: ដាក់ឈ្មោះអន្លង់ជ្រៅ និងការពារព្រះរាជាណាចក្រកម្ពុជា}
    """


@pytest.fixture
def scripts_project(tmp_path):
    from projects import yaml

    files = {**SMALL, "comments/thailand.yaml": THAI_COMMENTS, "comments/cambodia.yaml": KHMER_COMMENTS}
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml(text), encoding="utf-8")
    return tmp_path


def run_cm(root, *args, **env):
    import os
    import subprocess
    import sys

    import commentmatrix

    # The locale and Python's own settings come only from `env`; the code run is this very cm,
    # wherever it is imported from (a worktree's src/, not only the one installed).
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "PYTHON"))}
    environment.update({"CM_TODAY": "2030-01-01", "NO_COLOR": "1", "COLUMNS": "80",
                        "PYTHONPATH": os.path.dirname(os.path.dirname(commentmatrix.__file__)), **env})
    return subprocess.run([sys.executable, "-m", "commentmatrix", *args], cwd=root, env=environment,
                          capture_output=True, timeout=120)


ENCODINGS = [
    {"PYTHONIOENCODING": "cp1252"},
    {"LANG": "C"},
    {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},  # ASCII
]


@pytest.mark.slow  # a real cm process
@pytest.mark.parametrize("env", ENCODINGS, ids=["cp1252", "LANG=C", "ascii"])
@pytest.mark.parametrize("args, code", [(("status",), 0), (("validate",), 0), (("show", "THA-1"), 0),
                                        (("show", "KHM-1"), 0), (("show", "NOPE-1"), 2)])
def test_any_console_encoding_prints_without_an_internal_error(scripts_project, env, args, code):
    result = run_cm(scripts_project, *args, **env)
    assert (result.returncode, b"internal error" in result.stderr) == (code, False), result.stderr


@pytest.mark.slow  # a real cm process
def test_what_cp1252_cannot_show_is_a_question_mark_per_cell(scripts_project):
    result = run_cm(scripts_project, "show", "THA-1", PYTHONIOENCODING="cp1252")
    lines = result.stdout.decode("cp1252").splitlines()
    assert lines[0] == "THA-1 · Thailand (thailand) · open"  # cp1252 has the middle dot
    # One ? per cell: ผลประโยชน์ร่วมกัน is 17 code points in 14 cells, 互利 two characters in 4 cells.
    assert lines[5:8] == ["  en Mutual benefit", "  zh ????", "  th " + "?" * 14]
    assert lines[lines.index("Proposal") + 2] == "     ?????????{+????????+}?????"


@pytest.mark.slow  # a real cm process
def test_under_lang_c_python_still_writes_utf8(scripts_project):
    result = run_cm(scripts_project, "show", "THA-1", LANG="C")
    assert result.returncode == 0
    assert "     ผลประโยชน์{+ของทุกฝ่าย+}ร่วมกัน" in result.stdout.decode("utf-8").splitlines()


@pytest.mark.slow  # a real cm process
def test_status_on_an_ascii_console_draws_ascii_boxes_and_bars(scripts_project):
    result = run_cm(scripts_project, "status", LANG="C", LC_ALL="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0")
    text = result.stdout.decode("ascii")
    assert "|Lao PDR     |   2 |  1 |   0 |  0 |   0 |   1 |submitted |###...  50%|" in text


# ---------------------------------------------------------------- wrapping and truncation

def test_rich_measures_spacing_vowel_signs_as_terminals_draw_them():
    """After the terminal package is imported, rich gives each spacing mark (Mc) the column the C
    library's wcwidth gives it (terminal/cells.py); nonspacing marks, viramas with a combining
    class and everything else keep rich's widths."""
    import unicodedata

    from rich._unicode_data import load
    from rich.cells import cell_len

    import commentmatrix.terminal  # noqa: F401  (the import is what installs the widths)
    from commentmatrix.terminal.cells import widened

    spacing = [chr(c) for c in range(0x1780, 0x1800) if unicodedata.category(chr(c)) == "Mc"]
    assert len(spacing) == 11 and all(cell_len(sign) == 1 for sign in spacing)  # ា ើ ឿ ៀ េ ែ ៃ ោ ៅ ះ ៈ
    assert [cell_len(mark) for mark in ("\u17d2", "\u17bb", "\u0e49", "\u0eb4", "\u1b44")] == [0] * 5
    assert cell_len("សូមបន្ថែម") == 7 and cell_len("ภาษาไทย") == 7 and cell_len("中文 text") == 9
    rich_table = load("auto")
    ours = widened(rich_table)
    for codepoint in range(0x300, 0x20000, 7):
        character = chr(codepoint)
        if unicodedata.category(character) != "Mc":
            assert cell_len(character) == _rich_width(rich_table.widths, codepoint), hex(codepoint)
    assert sum(end - start + 1 for start, end, width in ours.widths if width == 0) < \
        sum(end - start + 1 for start, end, width in rich_table.widths if width == 0)


def _rich_width(widths, codepoint: int) -> int:  # type: ignore[no-untyped-def]
    for start, end, width in widths:
        if start <= codepoint <= end:
            return int(width)
    return 1


def test_thai_wraps_at_its_words_and_khmer_is_never_cut_inside_a_character():
    from rich.console import Console

    from commentmatrix.terminal.text import ScriptText, fit

    console = Console(width=80, color_system=None)
    thai = "เจ้าหน้าที่รัฐต้องรายงานผลประโยชน์ร่วมกันของทุกประเทศในลุ่มน้ำโขง"
    assert [line.plain for line in ScriptText(thai).wrap(console, 20)] == [
        "เจ้าหน้าที่รัฐต้องรายงานผล", "ประโยชน์ร่วมกันของทุก", "ประเทศในลุ่มน้ำโขง"]
    khmer = "ដាក់ឈ្មោះអន្លង់ជ្រៅនិងការពារព្រះរាជាណាចក្រកម្ពុជា"
    # Each spacing vowel sign (ា ោ ៅ, and ះ) takes a column on a terminal (terminal/cells.py): the
    # first line is 16 columns and the second 18; before, rich's widths put 22 columns on the first.
    assert [line.plain for line in ScriptText(khmer).wrap(console, 20)] == [
        "ដាក់ឈ្មោះអន្លង់ជ្រៅនិង", "ការពារព្រះរាជាណាចក្រ", "កម្ពុជា"]
    # rich's own ellipsis leaves a coeng without its consonant ('ដាក់ឈ្…', 'ដាក់ឈ្មោះអន្…');
    # fit keeps whole characters (ដាក់ is 3 columns, ឈ្មោះ 4, អ 1, ន្លង់ 3) and whole words where
    # that keeps half the width: at 10 columns not 'ដាក់ឈ្មោះអ…', the first letter of អន្លង់.
    assert [fit(khmer, n) for n in (4, 7, 8, 10)] == ["ដាក់…", "ដាក់…", "ដាក់ឈ្មោះ…", "ដាក់ឈ្មោះ…"]
    # A Thai cut never leaves a leading vowel without its consonant ('ให้ชัดเ…'): ชัดเจน is a word.
    assert fit("ให้ชัดเจนยิ่งขึ้นในการดำเนินงาน", 8) == "ให้ชัดเจน…"
    for n in range(2, 30):
        assert is_grapheme_boundary(khmer, len(fit(khmer, n).rstrip("…")))


@pytest.mark.slow  # a real cm process
def test_the_open_comments_table_keeps_its_columns_beside_long_thai_and_cuts_whole_words(scripts_project):
    lines = [line.rstrip() for line in run_cm(scripts_project, "status").stdout.decode("utf-8").splitlines()]
    assert lines[-4:-1] == [
        " KHM-1  cambodia  principles.2  ដាក់ឈ្មោះអន្លង់ជ្រៅ និងការពារព្រះរាជាណាចក្រកម្ពុជា",
        " LAO-2  lao-pdr   principles    Add a principle on sharing data.",
        # Cut after ใน, a word, not inside ลุ่มน้ำ ('ในลุ่…').
        " THA-1  thailand  principles.1  เจ้าหน้าที่รัฐต้องรายงานผลประโยชน์ร่วมกันของทุกประเทศใน…"]


@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=60), st.integers(0, 70),
       st.sampled_from(["…", ""]))
def test_printable_ascii_is_cut_by_counting_as_by_graphemes(text, width, ellipsis):
    # `fit`'s short way for printable ASCII (the open comments' column of most consultations)
    # cuts where the grapheme walk cuts; ASCII that is not printable (a CR LF is one grapheme)
    # takes the walk.
    from commentmatrix.terminal.text import _fit_by_characters, _fit_by_graphemes, fit

    if text.isprintable():
        assert _fit_by_characters(text, width, ellipsis) == _fit_by_graphemes(text, width, ellipsis)
    assert fit(text, width, ellipsis) == _fit_by_graphemes(text, width, ellipsis)
