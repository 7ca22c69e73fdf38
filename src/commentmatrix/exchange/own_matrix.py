"""cm's own matrix (CSV or XLSX from `cm render matrix`) read back: its headings are cm's labels
(views/labels.py, one per language, joined with " / "), so its columns are known exactly, and
its "No." column carries the comment ids.

A row whose id is a comment of the project is present already: it is skipped, never added
twice, whatever its cells say now. A row whose id is unknown is a new comment that keeps its id.
Cells cm wrote in several languages (a line per language, in the order of the matrix's
languages: the project's, or those its headings are written in) come back as one text per
language; a cell whose lines do not match the languages one to one stays one text. The target
comes back from its words ("5.3 Ecosystem Management ¶2", "General"), the decision from cm's
decision words, the round from its Round cell ("Round 2 · Workshop"). What the matrix shows in
words only (proposed edits, the edits made, who decided) is not read back: a comment file holds
those as data, and a partially accepted comment comes back open with its note, as from any table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from commentmatrix.exchange.import_plan import PARTIAL_NEEDS_EDITS, ImportPlan, Planned, keep_new
from commentmatrix.exchange.table_file import Row, Table
from commentmatrix.model.format import GENERAL, Round
from commentmatrix.model.project import Project
from commentmatrix.model.segmentation import script_of, script_of_language
from commentmatrix.model.text import folded
from commentmatrix.views.labels import LABELS
from commentmatrix.views.table import MATRIX_COLUMNS
from commentmatrix.write.project_edits import NewComment

HEADING_JOIN = " / "  # as views/table.py joins a heading's languages
#: The columns a row is read from; the others (state, edits made, decided by...) are words only.
READ = ("id", "round", "stakeholder", "target", "topic", "comment", "proposal", "decision", "note")


@dataclass(frozen=True)
class OwnColumns:
    fields: dict[str, int]
    header: int
    languages: tuple[str, ...]  # the languages the headings are written in, in order


def _label_words() -> dict[str, tuple[str, str]]:
    """Folded label -> (key, language), English first where two languages share a word."""
    found: dict[str, tuple[str, str]] = {}
    for lang in sorted(LABELS, key=lambda code: code != "en"):
        for key, value in LABELS[lang].items():
            found.setdefault(folded(value), (key, lang))
    return found


def own_columns(rows: tuple[Row, ...]) -> OwnColumns | None:
    """The heading row of cm's own matrix among `rows`: every heading one of cm's labels (in one
    or more languages), and every column of cm's matrix there; None for any other table."""
    words = _label_words()
    for index, row in enumerate(rows):
        fields: dict[str, int] = {}
        languages: list[str] = []
        for column, cell in enumerate(row.cells):
            if not cell:
                continue
            parts = [words.get(folded(part)) for part in cell.split(HEADING_JOIN)]
            keys = {part[0] for part in parts if part is not None}
            if None in parts or len(keys) != 1:
                fields = {}
                break
            key = keys.pop()
            fields.setdefault(key, column)
            if not languages:
                languages = [part[1] for part in parts if part is not None]
        # Every column cm writes, so that another table headed with some of the same words
        # ("No.", "Comments") is never taken for cm's own, nor its numbers for comment ids.
        if set(MATRIX_COLUMNS) <= fields.keys():
            return OwnColumns(fields, index, tuple(languages))
    return None


def plan_own_matrix(project: Project, table: Table, columns: OwnColumns, label: str, plan: ImportPlan,
                    round_id: str | None, stakeholder: str | None) -> ImportPlan:
    from commentmatrix.exchange.table_import import read_round, stakeholder_named

    languages = _languages(project, columns)
    default_round = project.round(round_id)
    candidates: list[Planned] = []
    words_only = False
    for row in table.rows[columns.header + 1:]:
        cell = row.reader(columns.fields)
        comment_id, text = cell("id"), cell("comment")
        if not text:
            continue  # a stakeholder's state row, or an empty one
        where = f"{label}:{row.place}"
        if comment_id in project.comments_by_id:
            plan.already.append((where, comment_id))
            continue
        row_round = read_round(project, _first_line(cell("round")).split(" · ")[0], default_round, round_id, where, plan)
        if row_round is None:
            continue
        who = stakeholder or stakeholder_named(project, _first_line(cell("stakeholder")))
        if who is None:
            plan.problems.append(f"{where}: stakeholder '{_first_line(cell('stakeholder'))}' is not in the roster of cm.yaml "
                                 "(add it with cm stakeholder add, or give its id in that cell)")
            continue
        remarks: list[str] = []
        decision = _decision(cell("decision"))
        note = _text(cell("note"), languages)
        if decision == "partially":
            remarks.append(f"partially accepted: left open with its note, because {PARTIAL_NEEDS_EDITS}")
            decision = None
        if _says(cell("decision"), "withdrawn"):
            remarks.append("withdrawn by the stakeholder in the matrix: not read back (set withdrawn: in its comment file)")
        response: dict[str, object] = {"decision": decision} if decision else {}
        if note:
            response["note"] = note
        words_only = words_only or bool(cell("proposal"))
        target = _target(project, cell("target"), row_round)
        if target is None:
            plan.problems.append(f"{where}: '{_first_line(cell('target'))}' names no section or paragraph of draft "
                                 f"{row_round.draft}")
            continue
        new = NewComment(who, target, _text(text, languages), topic=cell("topic") or None,
                         comment_id=comment_id or None, response=response or None, round=row_round.id)
        candidates.append(Planned(where, new, remarks))
    if words_only and candidates:
        plan.remarks.append("the proposed edits of cm's matrix are words, not edits: they are not read back "
                            "(the comment files hold the edits themselves)")
    keep_new(project, plan, candidates)
    return plan



def _first_line(value: str) -> str:
    return value.split("\n", 1)[0].strip()


def _languages(project: Project, columns: OwnColumns) -> tuple[str, ...]:
    """The languages of the matrix's cells: its headings' when they are as many as the
    project's (a matrix rendered with --lang zh,en), else the project's."""
    project_languages = tuple(project.languages)
    if len(columns.languages) == len(project_languages) and set(columns.languages) == set(project_languages):
        return columns.languages
    return project_languages


def _fits(line: str, lang: str) -> bool:
    found = script_of(line)
    return found is None or found == script_of_language(lang)


def _text(value: str, languages: tuple[str, ...]) -> str | dict[str, str]:
    """A cell of a line per language back into {language: text}. A cell whose lines are not one
    per language, each in its language's script, is one text: tagged with the one language
    whose script it is written in, else left untagged (as `cm comment add` writes it)."""
    lines = value.split("\n")
    if len(languages) > 1 and len(lines) == len(languages) and all(line.strip() and _fits(line, lang)
                                                                    for line, lang in zip(lines, languages)):
        return {lang: line.strip() for lang, line in zip(languages, lines)}
    if len(languages) > 1:
        matching = [lang for lang in languages if _fits(value, lang)]
        if len(matching) == 1 and script_of(value) is not None:
            return {matching[0]: value}
    return value


def _says(value: str, key: str) -> bool:
    """Whether a line of the cell is cm's word for `key` in some language."""
    return any(LABELS[lang].get(key) == line.strip() for line in value.split("\n") for lang in LABELS)


def _decision(value: str) -> str | None:
    """The decision a cell of cm's decision words names (any line, any language), or None."""
    return next((key for key in ("accepted", "partially", "rejected", "noted") if _says(value, key)), None)


_PARAGRAPH = re.compile(r"\s*(?:¶\s*([0-9]+)|第\s*([0-9]+)\s*段)\s*$")


def _target(project: Project, value: str, found_round: Round) -> str | None:
    """The target a cell of cm's target words names: general, a section ("5.3 Title") or a
    paragraph of it ("5.3 Title ¶2", "5.3 标题 第2段"), or an id cm showed as it was."""
    from commentmatrix.exchange.table_import import resolve_place

    first = _first_line(value)
    if folded(first) in {folded(LABELS[lang]["general"]) for lang in LABELS if "general" in LABELS[lang]}:
        return GENERAL
    places = project.places(found_round.draft)
    if first in places:
        return first
    mark = _PARAGRAPH.search(first)
    section = first[:mark.start()] if mark else first
    paragraph = f"¶{mark.group(1) or mark.group(2)}" if mark else ""
    found = resolve_place(project, section, paragraph, "", found_round.draft)
    if found.how == "none" or (mark and not found.how.startswith("paragraph ")):
        return None
    return found.target
