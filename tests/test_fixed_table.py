"""FixedTable against rich's own Table given the same title, columns and cells: the same Segments
(texts, styles and where they split) and the same bytes, on generated tables of every script cm
meets, at widths from 1 to 200 cells, with colour and without, on UTF-8 and ASCII consoles."""

from __future__ import annotations

import random

import pytest
from consoles import EncodedOut
from rich import box
from rich.console import Console
from rich.table import Table

from commentmatrix.tally import Tally
from commentmatrix.terminal import fixed_table
from commentmatrix.terminal.fixed_table import Column, FixedTable
from commentmatrix.terminal.status import decided_bar
from commentmatrix.terminal.text import ScriptText, for_console, one_line

WORDS = [
    "comment", "the", "Stakeholder", "adaptation", "ST000-12", "s34.p8", "—", "…", "Cambodia",
    "澜沧江-湄公河环境合作", "利益相关方0减性伴国制气", "全角ＡＢＣ",  # 2 cells a character
    "ขอให้เพิ่มเนื้อหา", "น้ำ", "การมีส่วนร่วม",  # Thai: tone marks and vowels of no width
    "ສະບາຍດີ", "ຂໍ້ສະເໜີ",  # Lao
    "សូមបន្ថែម", "ន្លង", "ឈ្មោះ", "ក្នុងការគ្រប់គ្រង",  # Khmer: coeng, subscripts
    "Vie\u0323\u0302t Nam", "nghi\u0300", "Việt", "kế hoạch",  # Vietnamese, decomposed and composed
    "👍", "👨\u200d👩\u200d👧", "❤\ufe0f", "✌\ufe0f", "🇰🇭", "a\u200d", "\u200d", "\ufe0f",  # emoji, joiners
    "x" * 30, "CONSERVATION-INTERNATIONAL-FOUNDATION-2017-0042",
]
STYLES = ["", "", "bold", "dim", "green", "bold red", "yellow", "cyan", "magenta"]


def rich_table(title: str, columns: list[Column], rows: list[list]) -> Table:
    """The reference: rich's Table as the status tables were built before FixedTable."""
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True, padding=(0, 1))
    for column in columns:
        table.add_column(column.header, justify=column.justify, no_wrap=column.no_wrap, overflow=column.overflow,
                         width=column.width, min_width=column.min_width, style=column.style)
    for row in rows:
        table.add_row(*row)
    return table


def printed(renderable, width: int, colour: bool, encoding: str = "utf-8") -> tuple[str, list]:
    out = EncodedOut(encoding)
    console = Console(file=out, width=width, force_terminal=colour, color_system="truecolor" if colour else None,
                      legacy_windows=False)
    shown = for_console(console, renderable)
    segments = list(console.render(shown, console.options))
    console.print(shown)
    return out.getvalue(), segments


def _text(rng: random.Random, most: int = 8) -> str:
    pieces = [rng.choice(WORDS) for _ in range(rng.randint(0, most))]
    text = rng.choice([" ", "", " ", "  "]).join(pieces)
    if rng.random() < 0.05:
        text += rng.choice([" ", "  ", "\t", "\u3000"])
    if rng.random() < 0.03:
        text = rng.choice(["\t", " "]) + text
    return text


def _cell(rng: random.Random, kind: str):
    roll = rng.random()
    if kind == "bar" or roll < 0.05:
        tally = Tally.counted(accepted=rng.choice([0, 1, 5, 30]), open=rng.choice([0, 1, 9]))
        return decided_bar(tally, ascii_only=rng.random() < 0.3)
    if kind == "number":
        value = rng.choice([0, 1, 7, 42, 707, 8177, 25019])
        return ScriptText(str(value), style=rng.choice(STYLES))
    if kind == "one_line":
        return one_line(_text(rng, 30), style=rng.choice(STYLES))
    if roll < 0.05:
        return ScriptText(_text(rng) + "\n" + _text(rng, 3), style=rng.choice(STYLES))
    if roll < 0.1:
        text = ScriptText(_text(rng, 3), style="bold")
        text.append(" " + _text(rng, 3))
        text.append(" " + _text(rng, 2), style="dim")
        return text
    return ScriptText(_text(rng, 4), style=rng.choice(STYLES))


def generated(seed: int) -> tuple[str, list[Column], list[list]]:
    rng = random.Random(seed)
    columns, kinds = [], []
    for _ in range(rng.randint(1, 9)):
        kind = rng.choice(["name", "number", "number", "one_line", "bar", "name"])
        if kind == "number":
            column = Column(rng.choice(["Cmts", "Acc", "Open", "Wdn"]), justify="right", no_wrap=True)
        elif kind == "one_line":
            column = Column("Comment", no_wrap=True, overflow="ellipsis", width=rng.choice([None, 8, 24, 60]))
        elif kind == "bar":
            column = Column("Decided", no_wrap=True)
        elif rng.random() < 0.5:
            column = Column(rng.choice(["Stakeholder", "Section", "Round"]), overflow="fold",
                            min_width=rng.choice([None, 5, 10, 16]))
        else:
            column = Column(rng.choice(["Id", "From", "Target", "[b]Due[/b]"]), no_wrap=True,
                            width=rng.choice([None, 3, 7, 12, 40]), style=rng.choice(["", "bold"]))
        columns.append(column)
        kinds.append(kind)
    rows = [[_cell(rng, kind) for kind in kinds] for _ in range(rng.randint(0, 25))]
    title = rng.choice(["Open comments (25019, 3 overdue, at the top)", "Stakeholders", "Sections with comments",
                        "Since round R1 " + _text(rng, 20)])
    return title, columns, rows


def _same(title: str, columns: list[Column], rows: list[list], width: int, colour: bool, encoding: str = "utf-8"):
    ours, our_segments = printed(FixedTable(title, columns, rows), width, colour, encoding)
    theirs, their_segments = printed(rich_table(title, columns, rows), width, colour, encoding)
    assert ours == theirs
    assert our_segments == their_segments


@pytest.mark.parametrize("seed", range(160))
def test_generated_tables_print_as_rich_prints_them(seed: int):
    title, columns, rows = generated(seed)
    rng = random.Random(seed)
    for width in (rng.randint(40, 200), rng.randint(1, 60), 80):
        _same(title, columns, rows, width, colour=seed % 2 == 0)


@pytest.mark.parametrize("seed", range(0, 160, 7))
@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_on_consoles_that_are_not_utf8(seed: int, encoding: str):
    title, columns, rows = generated(seed)
    _same(title, columns, rows, random.Random(seed).randint(30, 160), colour=seed % 2 == 1, encoding=encoding)


def test_the_cells_of_status_tables_take_the_direct_way(monkeypatch):
    """The direct layout is what is used, not rich's cell rendering (which would compare equal
    too): of an open-comments table of cut comments and a stakeholders table whose names wrap,
    only the headers are rendered by rich."""
    open_rows = [[ScriptText(f"ST{n:03}-{n}"), ScriptText("st000"), ScriptText(f"s{n}.p8"),
                  one_line(f"Suggest add more is it clarify {'ขอให้เพิ่มเนื้อหา ' * (n % 3)} is replacing the " * 3)]
                 for n in range(200)]
    open_columns = [Column("Id", no_wrap=True, width=9, style="bold"), Column("From", no_wrap=True, width=5),
                    Column("Target", no_wrap=True, width=7),
                    Column("Comment", no_wrap=True, overflow="ellipsis", width=40)]
    names = ["Stockholm Environment Institute Asia Centre", "Lao PDR", "ສະບາຍດີ ຂໍ້ສະເໜີ ສະບາຍດີ ຂໍ້ສະເໜີ"]
    stakeholder_rows = [[ScriptText(names[n % 3]), ScriptText(str(n), style="bold"), ScriptText("submitted", style="green"),
                         decided_bar(Tally.counted(accepted=n, open=3))] for n in range(60)]
    stakeholder_columns = [Column("Stakeholder", overflow="fold", min_width=10), Column("Cmts", justify="right", no_wrap=True),
                           Column("State", no_wrap=True), Column("Decided", no_wrap=True)]
    calls = []
    rich_lines = fixed_table._LaidColumn.rich_lines

    def counted(self, console, renderable, style):
        calls.append(renderable)
        return rich_lines(self, console, renderable, style)

    monkeypatch.setattr(fixed_table._LaidColumn, "rich_lines", counted)
    for columns, rows, width in ((open_columns, open_rows, 80), (stakeholder_columns, stakeholder_rows, 44)):
        for colour in (False, True):
            calls.clear()
            _same("Open comments (200)", columns, rows, width, colour)
            assert calls == [column.header for column in columns] * 2  # printed() renders twice


@pytest.mark.parametrize("seed", range(20))
def test_a_long_text_is_cut_from_its_head_as_rich_cuts_all_of_it(seed: int):
    """fixed_table._head: rich's set_cell_size of the prefix is its set_cell_size of the whole
    text, at the cut FixedTable makes (inner - 1 cells, then "…"; or inner), whatever the scripts,
    joiners, variation selectors and marks of no width around the cut."""
    from rich.cells import cell_len, set_cell_size

    rng = random.Random(seed)
    marks = ["\u0e49", "\u0e33", "\u17d2", "\u0301", "\u200d", "\ufe0f", "\u200b"]
    for _ in range(200):
        pieces = [rng.choice(WORDS + marks + [" "]) for _ in range(rng.randint(1, 60))]
        plain = "".join(pieces)
        inner = rng.randint(1, 80)
        head = fixed_table._head(plain, inner)
        assert plain.startswith(head)
        assert (cell_len(head) > inner) == (cell_len(plain) > inner) or head is plain
        if cell_len(plain) > inner:
            for cut in (inner - 1, inner):
                assert set_cell_size(head, cut) == set_cell_size(plain, cut)
