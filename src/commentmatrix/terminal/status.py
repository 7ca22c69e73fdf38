"""`cm status` on a terminal: rich tables. User text always goes in as ScriptText, never as
markup, so its control characters show as markers (terminal/text.py); names in the tables are one
line each."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table

from commentmatrix.model.inert import one_line as one_line_marked
from commentmatrix.model.project import PENDING
from commentmatrix.model.text import Text, first_line, in_language, versions
from commentmatrix.status import Status
from commentmatrix.tally import Tally
from commentmatrix.terminal.text import ScriptText as RichText  # wraps at the words of each script
from commentmatrix.terminal.text import for_console, one_line

_STATE_STYLE = {"submitted": "green", "no-comments": "cyan", "reviewing": "yellow", PENDING: "red"}
_STATE_WORDS = {"submitted": "submitted", "no-comments": "no comments", "reviewing": "reviewing", PENDING: "pending"}


def _name(text: Text, langs: list[str]) -> str:
    return one_line_marked(in_language(text, langs[0], langs) or "" if langs else first_line(text, []))


def decided_bar(tally: Tally, width: int = 6, ascii_only: bool = False) -> RichText:
    if not tally.comments:
        return RichText("-" if ascii_only else "—", style="dim")
    share = tally.decided / tally.comments
    filled = round(share * width)
    bar = RichText()
    bar.append(("#" if ascii_only else "█") * filled, style="green")
    bar.append(("." if ascii_only else "░") * (width - filled), style="dim")
    bar.append(f"{share:5.0%}")
    return bar


def _deadline_line(status: Status) -> RichText:
    line = RichText(f"Draft {status.draft_id}")
    if status.draft_version:
        line.append(f" (version {status.draft_version})")
    if status.deadline is None:
        return line
    line.append(f" · deadline {status.deadline.isoformat()} ")
    days = status.days_left or 0
    if days > 0:
        line.append(f"({days} day{'s' if days != 1 else ''} left)", style="bold green" if days > 7 else "bold yellow")
    elif days == 0:
        line.append("(today)", style="bold yellow")
    else:
        line.append(f"(closed {-days} day{'s' if days != -1 else ''} ago)", style="bold red")
    return line


def _totals_line(t: Tally) -> RichText:
    line = RichText(f"{t.comments} comment{'s' if t.comments != 1 else ''}: ", style="bold")
    parts = [(t.accepted, "accepted", "green"), (t.partially, "partially accepted", "green"),
             (t.rejected, "rejected", "red"), (t.noted, "noted", "cyan"), (t.open, "open", "yellow")]
    for index, (count, word, style) in enumerate(parts):
        if index:
            line.append(", ")
        line.append(f"{count} {word}", style=style if count else "dim")
    return line


def _tally_cells(t: Tally) -> list[RichText]:
    cells = []
    for value, style in ((t.comments, "bold"), (t.accepted, "green"), (t.partially, "green"),
                         (t.rejected, "red"), (t.noted, "cyan"), (t.open, "yellow")):
        cells.append(RichText(str(value), style=style if value else "dim"))
    return cells


def _counts_table(title: str, first_header: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True, padding=(0, 1))
    table.add_column(first_header, overflow="fold", min_width=16)
    for header in ("Cmts", "Acc", "Part", "Rej", "Note", "Open"):
        table.add_column(header, justify="right", no_wrap=True)
    return table


def status_renderable(status: Status, langs: list[str], show_tables: bool = True, ascii_only: bool = False) -> Group:
    parts: list = []
    title = RichText(style="bold")
    for index, (_, value) in enumerate(versions(status.title, langs)):
        title.append(("\n" if index else "") + value)
    parts += [title, _deadline_line(status), _totals_line(status.totals), RichText("")]

    if show_tables and status.stakeholders:
        table = _counts_table("Stakeholders", "Stakeholder")
        table.add_column("State", no_wrap=True)
        table.add_column("Decided", no_wrap=True)
        for row in status.stakeholders:
            state = RichText(_STATE_WORDS.get(row.state, row.state), style=_STATE_STYLE.get(row.state, ""))
            table.add_row(RichText(_name(row.name, langs)), *_tally_cells(row.tally), state, decided_bar(row.tally, ascii_only=ascii_only))
        parts.append(table)

    if show_tables and status.sections:
        table = _counts_table("Sections with comments", "Section")
        table.add_column("Decided", no_wrap=True)
        for section in status.sections:
            label = f"{section.number} {_name(section.title, langs)}".strip()
            table.add_row(RichText(label), *_tally_cells(section.tally), decided_bar(section.tally, ascii_only=ascii_only))
        parts.append(table)

    if status.open_items:
        table = Table(title=f"Open comments ({len(status.open_items)})", title_justify="left", title_style="bold",
                      box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
        table.add_column("Id", no_wrap=True, style="bold")
        table.add_column("From", no_wrap=True)
        table.add_column("Target", overflow="fold", max_width=22)
        # One line each, cut at a character boundary; measured so the other columns keep their width.
        table.add_column("Comment", overflow="ellipsis", ratio=1)
        for item in status.open_items:
            table.add_row(RichText(one_line_marked(item.id)), RichText(one_line_marked(item.stakeholder)),
                          RichText(one_line_marked(item.target)),
                          one_line(first_line(item.text, langs)))
        parts.append(table)
    else:
        parts.append(RichText("No open comments.", style="green"))

    if status.unapplied:
        groups: dict[tuple[str, str], list[str]] = {}
        for unapplied in status.unapplied:
            groups.setdefault((unapplied.decision, unapplied.reason), []).append(unapplied.id)
        line = RichText(f"\n{len(status.unapplied)} decided comment(s) change nothing in the revised draft:", style="yellow")
        for (decision, reason), ids in groups.items():
            line.append(f"\n  {decision}, {reason}: ", style="yellow")
            line.append(", ".join(ids))
        parts.append(line)
    if status.errors or status.warnings:
        line = RichText(f"\ncm validate found {status.errors} error(s) and {status.warnings} warning(s); "
                        "these figures cover only what could be read. Run `cm validate` for details.",
                        style="bold red" if status.errors else "yellow")
        parts.append(line)
    return Group(*parts)


def print_status(console: Console, status: Status, langs: list[str]) -> None:
    # A console that is not UTF-8 gets ASCII bars (rich draws its boxes in ASCII there too).
    ascii_only = not console.encoding.startswith("utf")
    console.print(for_console(console, status_renderable(status, langs, ascii_only=ascii_only)))
