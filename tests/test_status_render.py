"""`cm status` prints what it printed when every table was a rich Table: the CLI's output, byte for
byte, against the same Status printed by tests/status_rich_reference.py (terminal/status.py as it
was, rich laying out each table), at widths from 20 to 200 columns, with colour and without, on
UTF-8 and ASCII consoles: the example with long ids, Thai, Khmer, Chinese and emoji comments and
assignments; a consultation in two rounds (one round, every round, carry-over); a generated
project of 600 comments."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import status_rich_reference
from conftest import REPO
from consoles import EncodedOut
from rich.console import Console
from two_rounds_replies import write
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.terminal import status as terminal_status

WIDTHS = (20, 41, 57, 80, 111, 200)
ADDED = (
    ("cambodia", "policy-mainstreaming.3", "DFP-CAMBODIA-12",
     "សូមបន្ថែមការពិពណ៌នាអំពីការចូលរួមរបស់សហគមន៍ក្នុងការគ្រប់គ្រងធនធានទឹកនៅតាមដងទន្លេមេគង្គ"),
    ("thailand", "policy-mainstreaming.2", "DFP-THAILAND-104",
     "ขอให้เพิ่มเนื้อหาเกี่ยวกับการมีส่วนร่วมของชุมชนท้องถิ่นในการจัดการทรัพยากรน้ำอย่างยั่งยืน"),
    ("lao-pdr", "general", "LAO-CONSERVATION-INTERNATIONAL-FOUNDATION-2017-0042",
     "澜沧江-湄公河环境合作战略框架：建议补充👨‍👩‍👧社区参与❤️的内容，并说明资金机制 ✌️ Việt Nam"),
    ("sei", "general", None, "Add data.\tWith a tab, and a second line\nthat is not shown."),
)


def _env(columns: int, colour: bool, today: str) -> dict[str, str | None]:
    colours = {"FORCE_COLOR": "1", "COLORTERM": "truecolor", "TERM": "xterm-256color", "NO_COLOR": None} if colour \
        else {"FORCE_COLOR": None, "NO_COLOR": "1"}
    return {"COLUMNS": str(columns), "CM_TODAY": today, **colours}


def printed(root: Path, args: tuple[str, ...], columns: int, colour: bool, today: str,
            charset: str = "utf-8") -> tuple[bytes, bytes]:
    """`cm status ARGS` as the CLI prints it, and the Status it printed as the reference prints it."""
    ours, status, langs = _cli(root, args, columns, colour, today, charset)
    return ours, _reference(status, langs, columns, colour, charset)


def _cli(root: Path, args: tuple[str, ...], columns: int, colour: bool, today: str, charset: str = "utf-8"):
    shown = []
    real = terminal_status.print_status

    def spy(console, status, langs):  # type: ignore[no-untyped-def]
        shown.append((status, langs))
        real(console, status, langs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(terminal_status, "print_status", spy)
        patch.chdir(root)
        result = CliRunner(charset=charset).invoke(app, ["status", *args, "--project", str(root)],
                                                   env=_env(columns, colour, today))
    assert result.exit_code == 0, result.stderr
    [(status, langs)] = shown
    return result.stdout_bytes, status, langs


def _reference(status, langs, columns: int, colour: bool, charset: str = "utf-8") -> bytes:  # type: ignore[no-untyped-def]
    out = EncodedOut(charset)
    console = Console(file=out, width=columns, force_terminal=colour, color_system="truecolor" if colour else None,
                      legacy_windows=False)
    status_rich_reference.print_status(console, status, langs)
    return out.getvalue().encode(charset)


def _cm(root: Path, *args: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        result = CliRunner().invoke(app, [*args, "--project", str(root)], env={"CM_TODAY": "2017-08-20"})
    assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import copy_example

    root = copy_example(tmp_path_factory.mktemp("render") / "example")
    for stakeholder, target, comment_id, text in ADDED:
        _cm(root, "add", stakeholder, "-t", target, "--text", text, *(["--id", comment_id] if comment_id else []))
    _cm(root, "assign", "DFP-CAMBODIA-12", "--to", "Sokha Chan", "--due", "2017-08-25")
    _cm(root, "assign", "DFP-THAILAND-104", "--to", "สมชาย ใจดี", "--due", "2017-09-05")
    return root


@pytest.fixture(scope="module")
def two_rounds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("render") / "rounds")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("render") / "generated"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), str(root), "--comments", "600",
                    "--stakeholders", "40", "--paragraphs", "300"], check=True, capture_output=True)
    return root


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("columns", WIDTHS)
def test_the_example_prints_as_before(example: Path, columns: int, colour: bool):
    ours, reference = printed(example, (), columns, colour, "2017-09-01")
    assert "Open comments" in ours.decode() and (b"\x1b[1;31m" in ours) == colour
    assert ours == reference


@pytest.mark.parametrize("args", [(), ("--open",), ("--stakeholder", "lao-pdr"), ("--assignee", "Sokha Chan")])
@pytest.mark.parametrize("columns", [33, 80, 150])
def test_the_example_filtered_prints_as_before(example: Path, args: tuple[str, ...], columns: int):
    ours, reference = printed(example, args, columns, columns == 80, "2017-09-01")
    assert ours == reference


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("round_id", [None, "1", "all"])
def test_two_rounds_print_as_before(two_rounds: Path, round_id: str | None, columns: int, colour: bool):
    ours, reference = printed(two_rounds, ("--round", round_id) if round_id else (), columns, colour, "2030-04-01")
    assert ours == reference


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("columns", WIDTHS)
def test_a_generated_project_prints_as_before(generated: Path, columns: int, colour: bool):
    ours, reference = printed(generated, (), columns, colour, "2026-12-03")
    text = ours.decode()
    assert "Stakeholders" in text and "Sections with" in text and "Open comments" in text
    assert ours == reference


@pytest.mark.parametrize("charset", ["ascii", "cp1252"])
@pytest.mark.parametrize("columns", [40, 80, 133])
def test_consoles_that_are_not_utf8_print_as_before(example: Path, two_rounds: Path, charset: str, columns: int):
    for root, args, today in ((example, (), "2017-09-01"), (two_rounds, ("--round", "all"), "2030-04-01")):
        ours, reference = printed(root, args, columns, False, today, charset)
        assert ours == reference
    assert b"+---" in ours or b"|" in ours  # rich's ASCII box, as before


@pytest.mark.parametrize("project", ["example", "generated"])
def test_the_decided_bar_goes_at_the_same_width_as_before(project: str, request: pytest.FixtureRequest):
    """The stakeholders' Decided column goes when the terminal is too narrow for every column: at
    the width where it went before, and one column either side, the same table."""
    root, today = request.getfixturevalue(project), "2017-09-01" if project == "example" else "2026-12-03"
    _, status, langs = _cli(root, (), 80, False, today)

    def with_bar(columns: int) -> bool:
        text = _reference(status, langs, columns, False).decode()
        return "Decided" in text[text.index("Stakeholders"):text.index("Sections with")]

    least = next(columns for columns in range(40, 240) if with_bar(columns))
    for columns in (least - 1, least, least + 1):
        ours, reference = printed(root, (), columns, True, today)
        assert ours == reference


def test_a_comment_cut_to_its_column_is_cut_between_whole_characters(example: Path):
    """Khmer and Thai comments cut with an ellipsis keep every cluster whole: never a consonant
    without its coeng or its vowel (rich alone cut ន្… and น้…, 2026-12-03)."""
    from commentmatrix.model.segmentation import is_grapheme_boundary

    texts = [text for _, _, _, text in ADDED[:2]]
    cuts = set()
    for columns in range(60, 160):
        ours, _ = printed(example, (), columns, False, "2017-08-20")
        for line in ours.decode("utf-8").splitlines():
            for text in texts:
                if text[:4] in line and "…" in line:
                    shown = line[line.index(text[:4]):line.index("…")]
                    assert text.startswith(shown) and is_grapheme_boundary(text, len(shown)), (columns, shown)
                    cuts.add(shown)
    assert len(cuts) > 10  # the comments were cut, at many places


def _columns_on_screen(line: str) -> int:
    """How many columns a terminal gives `line`, by the C library's rule (wcwidth, as tmux, VTE
    and xterm measure): none for a nonspacing or enclosing mark or a format character, two for an
    East Asian wide character, one for anything else, spacing marks (Mc) included. Written out
    here, apart from cm's own measures, so that the test does not grade cm by cm."""
    import unicodedata

    def width(character: str) -> int:
        if unicodedata.category(character) in ("Mn", "Me", "Cf") and character != "\u00ad":
            return 0
        return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1

    return sum(map(width, line))


@pytest.mark.parametrize("columns", [80, 111, 150, 200])
def test_every_line_fits_the_terminal_as_the_terminal_measures_it(example: Path, columns: int):
    """A Khmer comment's spacing vowel signs (ា ែ ោ, category Mc) each take a column on screen; rich
    measured them as none, so the row of the open-comments table that holds it was wider than the
    terminal and wrapped in tmux at 80 columns (2026-12-03). The emoji sequences are left out of
    this count: terminals disagree on them, and cm follows rich (the reference test above)."""
    ours, _ = printed(example, (), columns, False, "2017-09-01")
    lines = ours.decode("utf-8").splitlines()
    khmer = [line for line in lines if "សូម" in line]
    assert khmer  # the Khmer comment is listed
    for line in lines:
        if "\u200d" not in line and "\ufe0f" not in line:
            assert _columns_on_screen(line) <= columns, line
    # The row is cut to its column, not let run over: it ends as wide as the table's other rows.
    widest = max(_columns_on_screen(line) for line in lines if "DFP-" in line and "\u200d" not in line)
    assert all(_columns_on_screen(line.rstrip()) <= widest for line in khmer)
