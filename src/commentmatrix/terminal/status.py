"""`cm status` on a terminal: tables drawn as rich draws them, laid out by FixedTable
(terminal/fixed_table.py) in one pass however many rows. User text always goes in as ScriptText,
never as markup, so its control characters show as markers (terminal/text.py); names in the tables
are one line each."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult

from commentmatrix.carryover import KINDS
from commentmatrix.model.collector import collector_paused
from commentmatrix.model.inert import one_line as one_line_marked
from commentmatrix.model.project import PENDING
from commentmatrix.model.text import Text, first_line, in_language, versions
from commentmatrix.status import NOT_YET, OpenItem, Status
from commentmatrix.tally import Tally
from commentmatrix.terminal.cells import cells
from commentmatrix.terminal.fixed_table import Column, FixedTable
from commentmatrix.terminal.id_list import IdList
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


def _earlier_open_line(status: Status) -> RichText | None:
    """The comments of rounds before the shown one still open (left open by `cm round start
    --allow-open`): they are no item of this round, but still the secretariat's to decide."""
    if status.round is None:
        return None
    earlier = []
    for row in status.rounds:
        if row.round.id == status.round.id:
            break
        if row.totals.open:
            earlier.append((row.round.id, row.totals.open))
    if not earlier:
        return None
    counts = ", ".join(f"{count} of round {round_id}" for round_id, count in earlier)
    total = sum(count for _, count in earlier)
    listed = f"cm status --round {earlier[0][0]}" if len(earlier) == 1 else "cm status --round ID"
    return RichText(f"Still open from earlier rounds: {counts} ({listed} lists {'it' if total == 1 else 'them'})",
                    style="yellow")


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


def _counts_columns(first_header: str, withdrawn: bool, min_width: int = 16) -> list[Column]:
    """A counts table's columns: the names (which wrap), then the count of each outcome."""
    return [Column(first_header, overflow="fold", min_width=min_width),
            *(Column(header, justify="right", no_wrap=True)
              for header in ("Cmts", "Acc", "Part", "Rej", "Note", "Wdn", "Open") if header != "Wdn" or withdrawn)]


def _shows_withdrawn(status: Status) -> bool:
    """The Wdn column only where some comment was withdrawn: a column of zeros costs the names room."""
    return bool(status.totals.withdrawn or any(r.totals.withdrawn for r in status.rounds))


def _state_cell(state: str) -> RichText:
    return RichText(_STATE_WORDS.get(state, state), style=_STATE_STYLE.get(state, ""))


def _stakeholder_table(status: Status, langs: list[str], ascii_only: bool) -> FixedTable | _StakeholderTable:
    if status.cumulative and status.has_rounds:
        # The cumulative view: a state per round instead of the decided bar.
        withdrawn = _shows_withdrawn(status)
        columns = [*_counts_columns("Stakeholder", withdrawn, min_width=10),
                   *(Column(f"Round {row_round.round.id}", no_wrap=True) for row_round in status.rounds)]
        rows = [[RichText(_name(row.name, langs)), *_tally_cells(row.tally, withdrawn),
                 *(_state_cell(state) for _, state in row.states)] for row in status.stakeholders]
        return FixedTable("Stakeholders (all rounds; state per round)", columns, rows)
    return _StakeholderTable(status, langs, ascii_only)


class _StakeholderTable:
    """The stakeholders of the round shown: counts, state, the answer to the responses (once some
    stakeholder has given one: before, every row would say "not yet"), and the decided bar,
    which is the column to go when the terminal is too narrow for all (it repeats Open)."""

    def __init__(self, status: Status, langs: list[str], ascii_only: bool):
        stakeholders = status.stakeholders
        # Names wrap at their spaces, never inside a word: the longest word is the column's least width.
        names = [_name(row.name, langs) for row in stakeholders]
        words = [cell_len(word) for name in names for word in name.split()]
        withdrawn = _shows_withdrawn(status)
        self.columns = [*_counts_columns("Stakeholder", withdrawn, min_width=max([10, *words])),
                        Column("State", no_wrap=True)]
        answered = any(row.acknowledgement for row in stakeholders)
        if answered:
            self.columns.append(Column("Answer", no_wrap=True))
        self.columns.append(Column("Decided", no_wrap=True))
        self.rows = [[RichText(name), *_tally_cells(row.tally, withdrawn), _state_cell(row.state),
                      *([RichText(row.acknowledged, style=_ANSWER_STYLE.get(row.acknowledged, ""))] if answered else []),
                      decided_bar(row.tally, ascii_only=ascii_only)]
                     for name, row in zip(names, stakeholders)]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if _narrowest(self.columns, self.rows) > options.max_width:
            yield FixedTable("Stakeholders", self.columns[:-1], [row[:-1] for row in self.rows])
        else:
            yield FixedTable("Stakeholders", self.columns, self.rows)


def _narrowest(columns: list[Column], rows: list[list[RichText]]) -> int:
    """The table's width with its first column (names, which fold) at its min_width and every other
    column whole, as OpenItemsTable counts: an edge cell on each side, GAP between columns."""
    whole = [max([cells(column.header), *(cells(row[index].plain) for row in rows)])
             for index, column in enumerate(columns) if index]
    return (columns[0].min_width or 0) + sum(whole) + GAP * len(whole) + 2


_ANSWER_STYLE = {"agreed": "green", "objected": "bold red", NOT_YET: "dim"}


def _assignee_table(status: Status) -> FixedTable:
    """Who owes what: each assignee's open comments, how many are overdue, and the next due date."""
    columns = [Column("Assignee", overflow="fold", min_width=10), Column("Open", justify="right", no_wrap=True),
               Column("Overdue", justify="right", no_wrap=True), Column("Next due", no_wrap=True)]
    rows = []
    for row in status.assignees:
        name = RichText(one_line_marked(row.assignee)) if row.assignee else RichText("nobody yet", style="dim")
        late = row.next_due is not None and row.next_due < status.today
        rows.append([name, RichText(str(row.open)), RichText(str(row.overdue), style="bold red" if row.overdue else "dim"),
                     RichText(row.next_due.isoformat() if row.next_due else "-", style="bold red" if late else "")])
    return FixedTable("Assigned", columns, rows)


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


def _rounds_table(status: Status, langs: list[str]) -> FixedTable:
    withdrawn = _shows_withdrawn(status)
    columns = [*_counts_columns("Round", withdrawn, min_width=5), Column("Draft and dates", overflow="fold")]
    rows = []
    for row in status.rounds:
        r = row.round
        dates = [f"{word} {day.isoformat()}" for word, day in (("opened", r.opened), ("deadline", r.deadline),
                                                              ("closed", r.closed)) if day]
        label = RichText(r.id, style="bold")
        if r.title:
            label.append(f" {_name(r.title, langs)}")
        rows.append([label, *_tally_cells(row.totals, withdrawn), RichText("\n".join([r.draft, *dates]))])
    rows.append([RichText("All", style="bold"), *_tally_cells(status.totals, withdrawn), RichText("")])
    return FixedTable("Rounds", columns, rows)


def _carry_over_table(status: Status, langs: list[str]) -> FixedTable | None:
    carried = [row for row in status.stakeholders if row.carry_over and any(row.carry_over.values())]
    if not carried:
        return None
    columns = [Column("Stakeholder", overflow="fold", min_width=10),
               *(Column(kind.capitalize(), justify="right", no_wrap=True) for kind in KINDS)]
    rows = []
    for row in carried:
        counts = row.carry_over or {}
        rows.append([RichText(_name(row.name, langs)),
                     *(RichText(str(counts[kind]), style="" if counts[kind] else "dim") for kind in KINDS)])
    return FixedTable(f"Since round {status.previous_round}", columns, rows)


def status_renderable(status: Status, langs: list[str], show_tables: bool = True, ascii_only: bool = False) -> Group:
    parts: list = []
    title = RichText(style="bold")
    for index, (_, value) in enumerate(versions(status.title, langs)):
        title.append(("\n" if index else "") + value)
    parts.append(title)
    round_line = _round_line(status, langs)
    if round_line is not None:
        parts.append(round_line)
    parts += [_deadline_line(status), _totals_line(status.totals)]
    earlier_open = _earlier_open_line(status)
    if earlier_open is not None:
        parts.append(earlier_open)
    parts.append(RichText(""))

    if show_tables and status.cumulative and status.has_rounds:
        parts.append(_rounds_table(status, langs))
    if show_tables and status.stakeholders:
        parts.append(_stakeholder_table(status, langs, ascii_only))
    carried = _carry_over_table(status, langs) if show_tables else None
    if carried is not None:
        parts.append(carried)

    if show_tables and status.sections:
        withdrawn = _shows_withdrawn(status)
        columns = [*_counts_columns("Section", withdrawn), Column("Decided", no_wrap=True)]
        rows = [[RichText(f"{section.number} {_name(section.title, langs)}".strip()),
                 *_tally_cells(section.tally, withdrawn), decided_bar(section.tally, ascii_only=ascii_only)]
                for section in status.sections]
        parts.append(FixedTable("Sections with comments", columns, rows))

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
        parts += [IdList(f"  {decision}, {reason}: ", ids, style="yellow") for (decision, reason), ids in groups.items()]
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


def print_status(console: Console, status: Status, langs: list[str]) -> None:
    # A console that is not UTF-8 gets ASCII bars (rich draws its boxes in ASCII there too).
    ascii_only = not console.encoding.startswith("utf")
    # The cells and Segments of 25,000 rows are a million objects that form no cycles: the
    # collector would walk them again and again as they are made (a third of the printing).
    with collector_paused():
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


#: When even the id and the target do not fit beside the comment's narrowest: how far each is
#: narrowed, in turn (its cells then fold onto more lines at their hyphens and dots, whole).
#: The target goes first: an id on one line is what the user copies into `cm show`.
FOLD_STEPS = (("Target", 20), ("Id", 16), ("Target", 10), ("Id", 10))


def folded_widths(natural: dict[str, int], kept: list[str], comment_width: int, width: int) -> dict[str, int]:
    """The widths of the columns kept, narrowed by FOLD_STEPS while the table is wider than
    `width`: cut to fit instead, a long id or paragraph id ended in "…" and named nothing `cm
    show` could find."""
    widths = {name: natural[name] for name in kept}
    excess = 2 + sum(widths.values()) + GAP * len(kept) + comment_width - width
    for name, floor in FOLD_STEPS:
        if excess <= 0:
            break
        if name in widths and widths[name] > floor:
            cut = min(excess, widths[name] - floor)
            widths[name] -= cut
            excess -= cut
    return widths


class OpenItemsTable:
    """The open comments as a table laid out for the console's width when printed: ids and targets
    whole, the comment's first line cut to what is left."""

    def __init__(self, status: Status, langs: list[str]):
        self.status = status
        self.langs = langs

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        items = self.status.open_items
        plains = {name: _open_plains(name, items) for name in OPEN_COLUMNS}
        # Assignee and Due only when some open comment has one.
        shown = {name: values for name, values in plains.items() if name not in ("Assignee", "Due") or any(values)}
        natural = {name: max([cells(name), *map(cells, values)]) for name, values in shown.items()}
        kept, comment_width = open_columns(natural, options.max_width)
        widths = folded_widths(natural, kept, comment_width, options.max_width)
        overdue = sum(item.overdue for item in items)
        title = f"Open comments ({len(items)}" + (f", {overdue} overdue, at the top)" if overdue else ")")
        columns = [*(Column(name, no_wrap=widths[name] == natural[name], overflow="fold", width=widths[name],
                            style="bold" if name == "Id" else "") for name in kept),
                   Column("Comment", no_wrap=True, overflow="ellipsis", width=comment_width)]
        # Cells only for the columns shown: a dropped column is measured, never drawn.
        rows = [[*(RichText(plains[name][index], style="bold red" if name == "Due" and item.overdue else "") for name in kept),
                 one_line(first_line(item.text, self.langs))]
                for index, item in enumerate(items)]
        yield FixedTable(title, columns, rows)


#: The field of an open comment each column shows (Due, a date, apart).
_OPEN_FIELDS = {"Id": "id", "From": "stakeholder", "Target": "target", "Assignee": "assignee"}


def _open_plains(name: str, items: list[OpenItem]) -> list[str]:
    """The open comments' cells in column `name`, each one line, controls shown as markers."""
    if name == "Due":
        return [item.due.isoformat() if item.due else "" for item in items]
    field = _OPEN_FIELDS[name]
    return [one_line_marked(getattr(item, field) or "") for item in items]
