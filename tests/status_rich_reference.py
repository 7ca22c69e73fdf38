"""The reference the status rendering tests print through: src/commentmatrix/terminal/status.py
as it was on main before its tables were laid out by FixedTable (3517b8c), every table a rich
Table, rich laying it out. Kept as it was, not tidied: what it prints is what `cm status` printed,
and must still print, byte for byte."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text as PlainText

from commentmatrix.carryover import KINDS
from commentmatrix.model.inert import one_line as one_line_marked
from commentmatrix.model.project import PENDING
from commentmatrix.model.text import Text, first_line, in_language, versions
from commentmatrix.status import NOT_YET, OpenItem, Status
from commentmatrix.tally import Tally
from commentmatrix.terminal.text import ScriptText as RichText  # wraps at the words of each script
from commentmatrix.terminal.text import for_console, one_line

_STATE_STYLE = {"submitted": "green", "no-comments": "cyan", "reviewing": "yellow", PENDING: "red"}
_STATE_WORDS = {"submitted": "submitted", "no-comments": "no comments", "reviewing": "reviewing", PENDING: "pending"}


def _name(text: Text, langs: list[str]) -> str:
    return one_line_marked(in_language(text, langs[0], langs) or "" if langs else first_line(text, []))


def decided_bar(tally: Tally, width: int = 6, ascii_only: bool = False) -> RichText:
    """The share of comments settled: decided, or withdrawn (which needs no decision)."""
    if not tally.comments:
        return RichText("-" if ascii_only else "—", style="dim")
    share = (tally.comments - tally.open) / tally.comments
    filled = round(share * width)
    bar = RichText()
    bar.append(("#" if ascii_only else "█") * filled, style="green")
    bar.append(("." if ascii_only else "░") * (width - filled), style="dim")
    bar.append(f"{share:5.0%}")
    return bar


def _days(days: int) -> tuple[str, str]:
    if days > 0:
        return f"({days} day{'s' if days != 1 else ''} left)", "bold green" if days > 7 else "bold yellow"
    if days == 0:
        return "(today)", "bold yellow"
    return f"(closed {-days} day{'s' if days != -1 else ''} ago)", "bold red"


def _round_line(status: Status, langs: list[str]) -> RichText | None:
    """Which round the figures are of; nothing for a project of one implicit round."""
    if not status.has_rounds:
        return None
    shown = status.round
    if shown is None:
        return RichText(f"All {len(status.rounds)} rounds (figures for every round together; draft and deadline of "
                        f"round {status.current_round})", style="bold")
    line = RichText(f"Round {shown.id}", style="bold")
    if shown.title:
        line.append(f" · {_name(shown.title, langs)}")
    if shown.opened:
        line.append(f" · opened {shown.opened.isoformat()}")
    if shown.closed:
        line.append(f" · closed {shown.closed.isoformat()}")
    return line


def _deadline_line(status: Status) -> RichText:
    line = RichText(f"Draft {status.draft_id}")
    if status.draft_version:
        line.append(f" (version {status.draft_version})")
    if status.deadline is None:
        return line
    line.append(f" · deadline {status.deadline.isoformat()} ")
    line.append(*_days(status.days_left or 0))
    return line


_OUTCOME_WORDS = (("accepted", "accepted", "green"), ("partially", "partially accepted", "green"),
                  ("rejected", "rejected", "red"), ("noted", "noted", "cyan"), ("withdrawn", "withdrawn", "magenta"),
                  ("open", "open", "yellow"))


def _totals_line(t: Tally) -> RichText:
    line = RichText(f"{t.comments} comment{'s' if t.comments != 1 else ''}: ", style="bold")
    # Withdrawn only when there are some: most consultations have none, and the line fits 80 columns.
    shown = [(key, word, style) for key, word, style in _OUTCOME_WORDS if key != "withdrawn" or t.withdrawn]
    for index, (key, word, style) in enumerate(shown):
        count = t.count(key)
        if index:
            line.append(", ")
        line.append(f"{count} {word}", style=style if count else "dim")
    return line


def _tally_cells(t: Tally, withdrawn: bool) -> list[RichText]:
    cells = [RichText(str(t.comments), style="bold" if t.comments else "dim")]
    for key, _, style in _OUTCOME_WORDS:
        if key == "withdrawn" and not withdrawn:
            continue
        value = t.count(key)
        cells.append(RichText(str(value), style=style if value else "dim"))
    return cells


def _counts_table(title: str, first_header: str, withdrawn: bool, min_width: int = 16) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True, padding=(0, 1))
    table.add_column(first_header, overflow="fold", min_width=min_width)
    for header in ("Cmts", "Acc", "Part", "Rej", "Note", "Wdn", "Open"):
        if header != "Wdn" or withdrawn:
            table.add_column(header, justify="right", no_wrap=True)
    return table


def _shows_withdrawn(status: Status) -> bool:
    """The Wdn column only where some comment was withdrawn: a column of zeros costs the names room."""
    return bool(status.totals.withdrawn or any(r.totals.withdrawn for r in status.rounds))


def _state_cell(state: str) -> RichText:
    return RichText(_STATE_WORDS.get(state, state), style=_STATE_STYLE.get(state, ""))


def _stakeholder_table(status: Status, langs: list[str], ascii_only: bool) -> Table | _StakeholderTable:
    if status.cumulative and status.has_rounds:
        # The cumulative view: a state per round instead of the decided bar.
        withdrawn = _shows_withdrawn(status)
        table = _counts_table("Stakeholders (all rounds; state per round)", "Stakeholder", withdrawn, min_width=10)
        for row_round in status.rounds:
            table.add_column(f"Round {row_round.round.id}", no_wrap=True)
        for row in status.stakeholders:
            table.add_row(RichText(_name(row.name, langs)), *_tally_cells(row.tally, withdrawn),
                          *(_state_cell(state) for _, state in row.states))
        return table
    return _StakeholderTable(status, langs, ascii_only)


class _StakeholderTable:
    """The stakeholders of the round shown: counts, state, the answer to the responses (once some
    stakeholder has given one: before, every row would say "not yet"), and the decided bar,
    which is the column to go when the terminal is too narrow for all (it repeats Open)."""

    def __init__(self, status: Status, langs: list[str], ascii_only: bool):
        self.status, self.langs, self.ascii_only = status, langs, ascii_only

    def table(self, with_bar: bool) -> Table:
        # Names wrap at their spaces, never inside a word: the longest word is the column's least width.
        words = [cell_len(word) for row in self.status.stakeholders for word in _name(row.name, self.langs).split()]
        withdrawn = _shows_withdrawn(self.status)
        table = _counts_table("Stakeholders", "Stakeholder", withdrawn, min_width=max([10, *words]))
        table.add_column("State", no_wrap=True)
        answered = any(row.acknowledgement for row in self.status.stakeholders)
        if answered:
            table.add_column("Answer", no_wrap=True)
        if with_bar:
            table.add_column("Decided", no_wrap=True)
        for row in self.status.stakeholders:
            answer = [RichText(row.acknowledged, style=_ANSWER_STYLE.get(row.acknowledged, ""))] if answered else []
            bar = [decided_bar(row.tally, ascii_only=self.ascii_only)] if with_bar else []
            table.add_row(RichText(_name(row.name, self.langs)), *_tally_cells(row.tally, withdrawn),
                          _state_cell(row.state),
                          *answer, *bar)
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = self.table(with_bar=True)
        if _narrowest(table) > options.max_width:
            table = self.table(with_bar=False)
        yield table


def _narrowest(table: Table) -> int:
    """The table's width with its first column (names, which fold) at its min_width and every other
    column whole, as OpenItemsTable counts: an edge cell on each side, GAP between columns."""
    first, *others = table.columns
    whole = [max([cell_len(str(column.header)), *(cell_len(cell.plain) for cell in column.cells if isinstance(cell, RichText))])
             for column in others]
    return (first.min_width or 0) + sum(whole) + GAP * len(others) + 2


_ANSWER_STYLE = {"agreed": "green", "objected": "bold red", NOT_YET: "dim"}


def _assignee_table(status: Status) -> Table:
    """Who owes what: each assignee's open comments, how many are overdue, and the next due date."""
    table = Table(title="Assigned", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True, padding=(0, 1))
    table.add_column("Assignee", overflow="fold", min_width=10)
    table.add_column("Open", justify="right", no_wrap=True)
    table.add_column("Overdue", justify="right", no_wrap=True)
    table.add_column("Next due", no_wrap=True)
    for row in status.assignees:
        name = RichText(one_line_marked(row.assignee)) if row.assignee else RichText("nobody yet", style="dim")
        late = row.next_due is not None and row.next_due < status.today
        table.add_row(name, RichText(str(row.open)), RichText(str(row.overdue), style="bold red" if row.overdue else "dim"),
                      RichText(row.next_due.isoformat() if row.next_due else "-", style="bold red" if late else ""))
    return table


def _objections_lines(status: Status, langs: list[str]) -> RichText:
    line = RichText(f"\n{len(status.objections)} objection(s) from the stakeholders:", style="bold red")
    for objection in status.objections:
        what = f"to {objection.comment}" if objection.comment else f"to the responses of round {objection.round}" \
            if status.has_rounds else "to the responses"
        line.append(f"\n  {one_line_marked(objection.stakeholder)} {one_line_marked(what)}", style="bold")
        if objection.date:
            line.append(f" ({objection.date.isoformat()})")
        if objection.note is not None:
            line.append(": " + one_line_marked(first_line(objection.note, langs)))
    return line


def _rounds_table(status: Status, langs: list[str]) -> Table:
    withdrawn = _shows_withdrawn(status)
    table = _counts_table("Rounds", "Round", withdrawn, min_width=5)
    table.add_column("Draft and dates", overflow="fold")
    for row in status.rounds:
        r = row.round
        dates = [f"{word} {day.isoformat()}" for word, day in (("opened", r.opened), ("deadline", r.deadline),
                                                              ("closed", r.closed)) if day]
        label = RichText(r.id, style="bold")
        if r.title:
            label.append(f" {_name(r.title, langs)}")
        table.add_row(label, *_tally_cells(row.totals, withdrawn), RichText("\n".join([r.draft, *dates])))
    table.add_row(RichText("All", style="bold"), *_tally_cells(status.totals, withdrawn), RichText(""))
    return table


def _carry_over_table(status: Status, langs: list[str]) -> Table | None:
    rows = [row for row in status.stakeholders if row.carry_over and any(row.carry_over.values())]
    if not rows:
        return None
    table = Table(title=f"Since round {status.previous_round}", title_justify="left", title_style="bold",
                  box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, padding=(0, 1))
    table.add_column("Stakeholder", overflow="fold", min_width=10)
    for kind in KINDS:
        table.add_column(kind.capitalize(), justify="right", no_wrap=True)
    for row in rows:
        counts = row.carry_over or {}
        table.add_row(RichText(_name(row.name, langs)),
                      *(RichText(str(counts[kind]), style="" if counts[kind] else "dim") for kind in KINDS))
    return table


def status_renderable(status: Status, langs: list[str], show_tables: bool = True, ascii_only: bool = False) -> Group:
    parts: list = []
    title = RichText(style="bold")
    for index, (_, value) in enumerate(versions(status.title, langs)):
        title.append(("\n" if index else "") + value)
    parts.append(title)
    round_line = _round_line(status, langs)
    if round_line is not None:
        parts.append(round_line)
    parts += [_deadline_line(status), _totals_line(status.totals), RichText("")]

    if show_tables and status.cumulative and status.has_rounds:
        parts.append(_rounds_table(status, langs))
    if show_tables and status.stakeholders:
        parts.append(_stakeholder_table(status, langs, ascii_only))
    carried = _carry_over_table(status, langs) if show_tables else None
    if carried is not None:
        parts.append(carried)

    if show_tables and status.sections:
        withdrawn = _shows_withdrawn(status)
        table = _counts_table("Sections with comments", "Section", withdrawn)
        table.add_column("Decided", no_wrap=True)
        for section in status.sections:
            label = f"{section.number} {_name(section.title, langs)}".strip()
            table.add_row(RichText(label), *_tally_cells(section.tally, withdrawn),
                          decided_bar(section.tally, ascii_only=ascii_only))
        parts.append(table)

    if show_tables and status.assignees:
        parts.append(_assignee_table(status))
    if status.open_items:
        parts.append(OpenItemsTable(status, langs))
    else:
        parts.append(RichText("No open comments.", style="green"))

    if status.unapplied:
        groups: dict[tuple[str, str], list[str]] = {}
        for unapplied in status.unapplied:
            groups.setdefault((unapplied.decision, unapplied.reason), []).append(unapplied.id)
        parts.append(RichText(f"\n{len(status.unapplied)} decided comment(s) change nothing in the revised draft:",
                              style="yellow"))
        parts += [_IdsUnderTheirFirst(f"  {decision}, {reason}: ", ids) for (decision, reason), ids in groups.items()]
    if status.suspect:
        line = RichText(f"\n{len(status.suspect)} response(s) suspect: the text they were decided on changed since:",
                        style="yellow")
        for suspect in status.suspect:
            line.append(f"\n  {one_line_marked(suspect.id)}: ", style="bold")
            line.append(suspect.reason)
        line.append("\n  check each still holds, then: cm respond ID --confirm", style="dim")
        parts.append(line)
    if status.objections:
        parts.append(_objections_lines(status, langs))
    if status.errors or status.warnings:
        # Warnings leave every file read: only errors make the figures partial.
        partial = "; these figures cover only what could be read" if status.errors else ""
        line = RichText(f"\ncm validate found {status.errors} error(s) and {status.warnings} warning(s){partial}. "
                        "Run `cm validate` for details.",
                        style="bold red" if status.errors else "yellow")
        parts.append(line)
    return Group(*parts)


# Changed on purpose since (2026-12-04): the ids of a group of decided comments that change
# nothing wrap under the first id, never broken (they wrapped at the hyphen of CI-3, under the
# label). Beside the label when that leaves 24 cells, else on the lines under it, 4 cells in.
class _IdsUnderTheirFirst:
    def __init__(self, label: str, ids: list[str]):
        self.label, self.ids = label, ids

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        beside = width - cell_len(self.label) >= 24
        indent = cell_len(self.label) if beside else 4
        # rich's own Text (not ScriptText) breaks only at spaces. (An id wider than its room rich
        # folds and goes on after on its line; cm puts the next id on a line of its own: the example
        # has no such id, test_status tests that.)
        lines = [line.plain.rstrip() for line in PlainText(", ".join(self.ids)).wrap(console, max(width - indent, 1))]
        text = RichText(self.label if beside else self.label.rstrip(), style="yellow")
        if beside:
            text.append(lines.pop(0))
        for line in lines:
            text.append("\n" + " " * indent + line)
        yield text


def print_status(console: Console, status: Status, langs: list[str]) -> None:
    # A console that is not UTF-8 gets ASCII bars (rich draws its boxes in ASCII there too).
    ascii_only = not console.encoding.startswith("utf")
    console.print(for_console(console, status_renderable(status, langs, ascii_only=ascii_only)))


# ---------------------------------------------------------------- the open comments

#: The open-comments columns, in order; the comment's text takes the width the others leave.
OPEN_COLUMNS = ("Id", "From", "Target", "Assignee", "Due")
#: Which columns go first when the terminal is too narrow: who it is from (the id names the
#: stakeholder in most schemes), then the due date, then the assignee. Id and Target never go
#: and are never cut: they are what `cm show` and `cm respond` need.
DROP_ORDER = ("From", "Due", "Assignee")
#: The narrowest the comment's text may get before another column goes.
COMMENT_MIN = 24
#: What a column costs besides its cells: SIMPLE_HEAD with collapsed padding puts 2 cells between columns.
GAP = 2


def open_columns(natural: dict[str, int], width: int) -> tuple[list[str], int]:
    """The columns shown (of those in `natural`, with their widths) and the comment's width, at `width` cells:
    columns are dropped in DROP_ORDER until the comment gets COMMENT_MIN cells, or nothing is left to drop."""
    kept = [name for name in OPEN_COLUMNS if name in natural]

    def left_for_comment() -> int:
        # One cell at each edge (SIMPLE_HEAD's edges), GAP between columns.
        return width - 2 - sum(natural[name] for name in kept) - GAP * len(kept)

    for name in DROP_ORDER:
        if left_for_comment() >= COMMENT_MIN:
            break
        if name in kept:
            kept.remove(name)
    return kept, max(left_for_comment(), 8)


# Changed on purpose since (2026-12-03): ids and targets wider than the terminal fold onto more
# lines, the target first, instead of being cut with an ellipsis. README's order: the target
# narrows to 20 cells, then the id to 16, then the target to 10, then the id to 10.
FOLD_STEPS = (("Target", 20), ("Id", 16), ("Target", 10), ("Id", 10))


def folded_widths(console: Console, natural: dict[str, int], kept: list[str], comment_width: int,
                  width: int) -> dict[str, int]:
    """The widths of the columns kept, each of FOLD_STEPS narrowed a cell at a time while rich,
    measuring the table with those widths, finds it wider than `width`. Rich's measure, not cm's
    sum of edges and gaps, decides: a miscount in cm's folding prints another table than this."""
    widths = {name: natural[name] for name in kept}
    unbounded = console.options.update_width(10 ** 6)

    def too_wide() -> bool:
        return Measurement.get(console, unbounded, _open_table("", widths, natural, comment_width)).maximum > width

    for name, floor in FOLD_STEPS:
        while name in widths and widths[name] > floor and too_wide():
            widths[name] -= 1
    return widths


def _open_table(title: str, widths: dict[str, int], natural: dict[str, int], comment_width: int) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True)
    for name, column_width in widths.items():
        table.add_column(name, no_wrap=column_width == natural[name], overflow="fold", width=column_width,
                         style="bold" if name == "Id" else "")
    table.add_column("Comment", no_wrap=True, overflow="ellipsis", width=comment_width)
    return table


class OpenItemsTable:
    """The open comments as a table laid out for the console's width when printed: ids and targets
    whole, the comment's first line cut to what is left."""

    def __init__(self, status: Status, langs: list[str]):
        self.status = status
        self.langs = langs

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        items = self.status.open_items
        cells = {name: [self._cell(name, item) for item in items] for name in OPEN_COLUMNS}
        # Assignee and Due only when some open comment has one.
        shown = {name: values for name, values in cells.items()
                 if name not in ("Assignee", "Due") or any(cell.plain for cell in values)}
        natural = {name: max([cell_len(name), *(cell_len(cell.plain) for cell in values)]) for name, values in shown.items()}
        kept, comment_width = open_columns(natural, options.max_width)
        widths = folded_widths(console, natural, kept, comment_width, options.max_width)
        overdue = sum(item.overdue for item in items)
        title = f"Open comments ({len(items)}" + (f", {overdue} overdue, at the top)" if overdue else ")")
        table = _open_table(title, widths, natural, comment_width)
        for index, item in enumerate(items):
            table.add_row(*(cells[name][index] for name in kept), one_line(first_line(item.text, self.langs)))
        yield table

    def _cell(self, name: str, item: OpenItem) -> RichText:
        if name == "Id":
            return RichText(one_line_marked(item.id))
        if name == "From":
            return RichText(one_line_marked(item.stakeholder))
        if name == "Target":
            return RichText(one_line_marked(item.target))
        if name == "Assignee":
            return RichText(one_line_marked(item.assignee or ""))
        return RichText(item.due.isoformat() if item.due else "", style="bold red" if item.overdue else "")
