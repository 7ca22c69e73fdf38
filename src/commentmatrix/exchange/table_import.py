"""An existing comments matrix (or an ISO-style comment form, or a review copy's comments table)
into comments: columns recognised by their headings in several languages, targets found by
section number, id or title, decisions read through exchange/decision_words.py.

Nothing is guessed: a stakeholder not in the roster and a decision word not in the table are
problems (the import stops), a place that cannot be found makes the comment `general` with the
column's words as its topic, and each such case is reported with the row it came from.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from commentmatrix.exchange.decision_words import (
    looks_like_a_decision_word,
    read_decision,
)
from commentmatrix.exchange.import_plan import (
    MAX_COMMENTS,
    PARTIAL_NEEDS_EDITS,
    ImportPlan,
    Planned,
    fingerprint,
    keep_new,
    skipped_blank,
    too_many,
)
from commentmatrix.exchange.table_file import Row, Table
from commentmatrix.model.errors import Refusal
from commentmatrix.model.format import GENERAL, Round
from commentmatrix.model.project import CONFIG_NAME, Project, walk_sections
from commentmatrix.model.text import as_mapping, folded
from commentmatrix.textmatch import TextMatcher
from commentmatrix.views.labels import LABELS
from commentmatrix.write.project_edits import NewComment

#: Column headings, lower case, in the languages of the consultations; the longest match wins,
#: so "Type of comment" is a topic and "Secretariat observations" a response.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "stakeholder": ("stakeholder", "stakeholders", "country", "organization", "organisation", "member body", "mb/nc",
                    "commenter", "submitted by", "国家/组织", "国家", "组织", "利益相关方", "提出单位",
                    "bên liên quan", "quốc gia", "tổ chức", "cơ quan", "đơn vị", "cơ quan góp ý", "đơn vị góp ý",
                    "หน่วยงาน", "ประเทศ", "องค์กร", "ຫ້ອງການ", "ປະເທດ", "ອົງການ", "ប្រទេស", "ស្ថាប័ន", "អង្គការ",
                    "partie prenante", "pays", "parte interesada", "país",
                    "organización"),
    "section": ("section", "clause", "targeted parts", "targeted part", "chapter", "part", "针对条目", "章节", "条款", "条目",
                "mục", "điều", "phần", "หมวด", "ມາດຕາ", "ພາກ", "ផ្នែក", "article",
                "chapitre", "sección", "apartado", "cláusula", "capítulo"),
    "paragraph": ("paragraph", "para", "段落", "段", "đoạn", "ย่อหน้า", "ວັກ", "កថាខណ្ឌ", "paragraphe", "párrafo", "alinéa"),
    "target": ("target", "paragraph id", "cm id"),
    "topic": ("topic", "type of comment", "type", "category", "类型", "主题", "loại", "chủ đề", "catégorie", "tipo",
              "categoría", "词汇使用"),
    "comment": ("comment", "comments", "具体意见", "意见", "评论", "góp ý", "ý kiến", "nhận xét", "nội dung góp ý",
                "nội dung ý kiến", "ความคิดเห็น", "ข้อคิดเห็น", "ຄຳເຫັນ", "មតិ", "មតិយោបល់", "commentaire",
                "commentaires", "observation", "observations", "comentario", "comentarios", "observaciones"),
    "proposal": ("proposed change", "proposed changes", "proposed text", "proposal", "修改建议", "建议修改", "建议",
                 "đề xuất sửa đổi", "đề xuất", "ข้อเสนอแก้ไข", "ข้อเสนอ", "ຂໍ້ສະເໜີ", "សំណើ",
                 "modification proposée", "modifications proposées", "changement proposé",
                 "proposition", "cambio propuesto", "cambios propuestos", "propuesta"),
    "response": ("response", "decision", "secretariat observations", "observations of the secretariat",
                 "observations of the secretariat on each comment submitted", "回应", "答复", "处理意见", "采纳情况",
                 "phản hồi", "quyết định", "tiếp thu", "tiếp thu, giải trình", "giải trình, tiếp thu",
                 "ผลการพิจารณา", "การพิจารณา", "ການພິຈາລະນາ", "ការឆ្លើយតប", "décision",
                 "réponse", "decisión", "respuesta"),
    "note": ("note", "response note", "explanation", "说明", "备注", "ghi chú", "giải thích", "หมายเหตุ", "ໝາຍເຫດ",
             "កំណត់សម្គាល់", "explication", "nota",
             "explicación"),
    # cm's own matrix of every round (`cm matrix --round all`) has a Round column.
    "round": ("round", "轮次", "vòng", "tour"),
    # When the stakeholder wrote the comment (read by read_date).
    "date": ("date", "comment date", "date of comment", "date received", "日期", "提出日期", "ngày", "ngày góp ý",
             "วันที่", "ວັນທີ", "កាលបរិច្ឆេទ", "fecha"),
}
FIELDS = (*HEADER_WORDS, "ignore")
#: Headings that hold a field's word but name another column, as the longer match: a comment's
#: number is no comment (taken as the comment column, "Comment no." put the number in
#: the comment's place and left its words out), and the secretariat's comments are its response.
OTHER_HEADINGS: dict[str, str | None] = {
    **dict.fromkeys(("comment no", "comment no.", "comment number", "comment nr", "comment id", "comment #",
                     "no. of comment", "number of comment", "意见编号", "编号", "số ý kiến"), None),
    **dict.fromkeys(("secretariat comments", "secretariat's comments", "secretariat comment", "comments of the secretariat",
                     "comments by the secretariat", "response to comments", "resolution of comments",
                     "commentaires du secrétariat", "秘书处意见", "ý kiến của ban thư ký", "ý kiến ban thư ký"), "response"),
}
#: A place cell saying the comment is on the whole draft (the ISO template's "General").
GENERAL_WORDS = frozenset({GENERAL, *(folded(words["general"]) for words in LABELS.values() if "general" in words)})
HEADER_SCAN_ROWS = 15


class TableProblem(Refusal):
    """The table cannot be imported as asked (no comment column, an unknown --map field)."""


@dataclass(frozen=True)
class Columns:
    fields: dict[str, int]
    header: int  # index of the heading row; -1 when the headings stand outside the table
    cells: tuple[str, ...] = ()  # the headings


#: The ISO/IEC commenting template (2012-03) by position: MB/NC, line number, clause/subclause,
#: paragraph/figure/table, type of comment, comments, proposed change, observations of the
#: secretariat. Its Word table has no heading row: the headings are in the page header.
ISO_POSITIONS = {"stakeholder": 0, "section": 2, "paragraph": 3, "topic": 4, "comment": 5, "proposal": 6, "response": 7}
ISO_MARKS = ("observations of the secretariat", "mb/nc", "template for comments")


def field_of_heading(cell: str, mapping: dict[str, str] | None = None) -> str | None:
    """The field a column heading names: the user's --map first, then the longest known word in it."""
    heading = folded(cell)
    for given, name in (mapping or {}).items():
        if folded(given) == heading:
            return name
    best: tuple[int, str | None] | None = None
    for name, words in HEADER_WORDS.items():
        for word in words:
            if _contains_word(heading, word) and (best is None or len(word) > best[0]):
                best = (len(word), name)
    for word, other in OTHER_HEADINGS.items():
        if _contains_word(heading, word) and (best is None or len(word) > best[0]):
            best = (len(word), other)
    return best[1] if best else None


def _contains_word(heading: str, word: str) -> bool:
    start = heading.find(word)
    while start != -1:
        before = heading[start - 1] if start else " "
        after = heading[start + len(word)] if start + len(word) < len(heading) else " "
        # Latin words stand alone ("part" is not in "parts" or "department"); Han words need not.
        if not (word[0].isascii() and before.isascii() and before.isalnum()) and \
                not (word[-1].isascii() and after.isascii() and after.isalnum()):
            return True
        start = heading.find(word, start + 1)
    return False


def find_columns(table: Table, mapping: dict[str, str] | None = None) -> Columns | None:
    """The heading row (among the first rows) and its columns; it needs a comment column. A
    table without one takes its headings from the page header (a heading row there, else the
    ISO/IEC template's columns by position when the header names that template). Of the rows
    with a comment column, the one naming the most columns: a title above the headings
    ("Summary of comments", "Bảng tổng hợp ý kiến góp ý") names one."""
    best: Columns | None = None
    for index, row in enumerate(table.rows[:HEADER_SCAN_ROWS]):
        fields = _fields(row.cells, mapping)
        if "comment" in fields and (best is None or len(fields) > len(best.fields)):
            best = Columns(fields, index, row.cells)
    if best is not None:
        return best
    for row in table.headings:
        fields = _fields(row.cells, mapping)
        if "comment" in fields:
            return Columns(fields, -1, row.cells)
    header = folded(table.header_text)
    widest = max((len(row.cells) for row in table.rows), default=0)
    if widest >= len(ISO_POSITIONS) + 1 and any(mark in header for mark in ISO_MARKS):
        fields = dict(ISO_POSITIONS)
        for column, name in ((int(key) - 1, name) for key, name in (mapping or {}).items() if key.isdigit()):
            fields = {field: at for field, at in fields.items() if at != column}
            if name != "ignore":
                fields[name] = column
        return Columns(fields, -1, ())
    return None


#: Fields whose text a second column under the same heading adds to (a "Comments" heading
#: merged over two columns): read from the first column alone, the other's text was lost.
JOINED_FIELDS = ("comment", "proposal")


def _more_columns(cells: tuple[str, ...], fields: dict[str, int], mapping: dict[str, str] | None) -> dict[str, list[int]]:
    """Further columns under the same heading as the comment or proposed change column (only
    the same words: "Secretariat comments" also names a comment column, but not the
    stakeholder's)."""
    more: dict[str, list[int]] = {}
    for name in JOINED_FIELDS:
        first = fields.get(name)
        if first is None or first >= len(cells) or not cells[first]:
            continue
        for column in range(first + 1, len(cells)):
            if folded(cells[column]) == folded(cells[first]) and not (mapping or {}).get(str(column + 1)):
                more.setdefault(name, []).append(column)
    return more


def _reader(row: Row, fields: dict[str, int], more: dict[str, list[int]]) -> Callable[[str], str]:
    """The row's cell of a field, with the text of its further columns on lines of their own
    (a text merged over them, the same in each, once)."""
    cell = row.reader(fields)
    if not more:
        return cell

    def joined(name: str) -> str:
        parts = [cell(name)]
        for index in more.get(name, ()):
            extra = row.cells[index].strip() if index < len(row.cells) else ""
            if extra and extra not in parts:
                parts.append(extra)
        return "\n".join(part for part in parts if part)
    return joined


def _second_columns(cells: tuple[str, ...], fields: dict[str, int], more: dict[str, list[int]],
                    mapping: dict[str, str] | None) -> list[str]:
    """The headings that name a field an earlier column took (only the first is read), as words
    for a note: "Cơ quan góp ý" and "Nội dung góp ý" both say comment, and the second is the
    comments."""
    said = []
    for column, cell in enumerate(cells):
        by_number = (mapping or {}).get(str(column + 1))
        name = by_number or field_of_heading(cell, mapping) if cell or by_number else None
        first = fields.get(name) if name else None
        if first is not None and first != column and column not in more.get(name or "", ()):
            said.append(f"column {column + 1} '{cell}' also reads as the {name} column; only column {first + 1} "
                        f"'{cells[first]}' is read (name the columns with --map HEADING=FIELD)")
    return said


def _unread_columns(cells: tuple[str, ...], rows: Sequence[Row], fields: dict[str, int], more: dict[str, list[int]],
                    mapping: dict[str, str] | None) -> list[str]:
    """The columns no field is read from, each as words for a note: those with a heading, and
    those without one that hold some text below. A secretariat's "Reply" or "Remarks" column was
    left out without a word. Not those --map says to ignore, nor a second column of a field
    (_second_columns names those)."""
    read = {*fields.values(), *(column for columns in more.values() for column in columns)}
    width = max([len(cells), *(len(row.cells) for row in rows)])
    said = []
    for column in range(width):
        heading = cells[column] if column < len(cells) else ""
        if column in read or (mapping or {}).get(str(column + 1)) == "ignore" \
                or (heading and field_of_heading(heading, mapping) is not None):
            continue
        if heading:
            said.append(f"column {column + 1} '{' '.join(heading.split())}'")
        elif any(column < len(row.cells) and row.cells[column].strip() for row in rows):
            said.append(f"column {column + 1} (no heading)")
    return said


def _fields(cells: tuple[str, ...], mapping: dict[str, str] | None) -> dict[str, int]:
    fields: dict[str, int] = {}
    for column, cell in enumerate(cells):
        by_number = (mapping or {}).get(str(column + 1))
        name = by_number or field_of_heading(cell, mapping) if cell or by_number else None
        if name and name != "ignore":
            fields.setdefault(name, column)
    return fields


# ---------------------------------------------------------------- places in the draft

@dataclass(frozen=True)
class Found:
    target: str
    how: str
    leftover: str | None = None  # words of the place column that named nothing (kept as the topic)


def resolve_place(project: Project, section: str = "", paragraph: str = "", target: str = "",
                  draft_id: str | None = None) -> Found:
    """The comment's target in a draft (default: the current round's) from a table's place
    columns; `general` when they name nothing known."""
    draft_id = draft_id or project.round(None).draft
    places = project.places(draft_id)
    if target.strip() and target.strip() not in places and not section.strip():
        # A target column that holds no id of the draft (a number, a title, an id renamed since
        # the copy went out) is read as a place, as a section cell is: it was made `general`
        # without a word, its cell lost.
        section, target = target, ""
    if folded(section) in GENERAL_WORDS and not paragraph and not target:
        return Found(GENERAL, "id")
    for value in (target, paragraph, section):
        if value and value.strip() in places:
            return Found(value.strip(), "id")
    found_section = _section_named(project, section, draft_id) if section else None
    if found_section is None:
        if paragraph:
            by_text = _paragraph_by_text(project, paragraph, None, draft_id)
            if by_text:
                return by_text
        return Found(GENERAL, "none", (section or paragraph or "").strip() or None)
    if paragraph:
        place = places[found_section]
        items = place.section.paragraphs
        number = re.fullmatch(r"\s*(?:¶|para\.?|paragraph|段|đoạn|第)?\s*([0-9]+)\s*(?:段)?\s*[).:]?\s*", ascii_digits(paragraph),
                              re.IGNORECASE)
        if number and 1 <= int(number.group(1)) <= len(items):
            return Found(items[int(number.group(1)) - 1].id, f"paragraph {number.group(1)} of section {place.section.number}")
        by_text = _paragraph_by_text(project, paragraph, found_section, draft_id)
        if by_text:
            return by_text
    return Found(found_section, "section")


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit as an ASCII one (Thai ๕, Lao ໕, Khmer ៥, full-width ５...)
    and the full-width full stop as '.', so "៥.៣" and "５．３" are section 5.3."""
    return "".join(str(unicodedata.decimal(char)) if not char.isascii() and unicodedata.decimal(char, None) is not None
                   else "." if char == "\uff0e" else char for char in text)


def _section_named(project: Project, cell: str, draft_id: str) -> str | None:
    draft = project.drafts_by_id.get(draft_id)
    if draft is None:
        return None
    sections = [s for s, _ in walk_sections(draft.draft.sections)]
    numbers = {ascii_digits(s.number).strip().rstrip("."): s.id for s in sections}
    for token in sorted(re.findall(r"(?<![\d.])([0-9]+(?:\.[0-9]+)*)", ascii_digits(cell)), key=len, reverse=True):
        if token in numbers:
            return numbers[token]
    text = folded(cell)
    best: tuple[int, str] | None = None
    for section in sections:
        for title in as_mapping(section.title).values():
            name = folded(title)
            if name and name in text and (best is None or len(name) > best[0]):
                best = (len(name), section.id)
    return best[1] if best else None


def _paragraph_by_text(project: Project, words: str, section_id: str | None, draft_id: str) -> Found | None:
    wanted = folded(words)
    if len(wanted) < 8:
        return None
    found = _matcher(project, section_id, draft_id).quoted_or_closest(wanted, 0.8)
    if found is None:
        return None
    key, ratio = found
    return Found(key, "its words" if ratio is None else f"its words ({math.floor(ratio * 100) / 100:.0%} alike)")


def _matcher(project: Project, section_id: str | None, draft_id: str) -> TextMatcher[str]:
    # One index per draft, section and import, kept with the project: every row of the table asks it.
    memo_key = (f"table-import-matcher {draft_id}", section_id)
    matcher = project.memo.get(memo_key)
    if matcher is None:
        matcher = project.memo[memo_key] = TextMatcher.of(
            (text_id, folded(value)) for text_id, place in project.places(draft_id).items()
            if place.paragraph is not None and not (section_id and place.section.id != section_id)
            for value in as_mapping(place.paragraph.text).values())
    return matcher


# ---------------------------------------------------------------- rows into comments

def plan_table(project: Project, table: Table, label: str, stakeholder: str | None, stakeholder_column: str | None,
               mapping: dict[str, str], decisions: dict[str, str], kind: str = "table",
               plan: ImportPlan | None = None, round_id: str | None = None) -> ImportPlan:
    """The comments a table holds, row by row, for `stakeholder` or from the stakeholder column,
    in round `round_id` (default: the current one) or, row by row, the round its Round column names."""
    plan = plan or ImportPlan()
    plan.remarks.extend(f"{label}:{note}" for note in table.notes)
    default_round = project.round(round_id)
    if not mapping and stakeholder_column is None:
        from commentmatrix.exchange.own_matrix import own_columns, plan_own_matrix

        own = own_columns(table.rows[:HEADER_SCAN_ROWS])
        if own is not None:
            return plan_own_matrix(project, table, own, label, plan, round_id, stakeholder)
    columns = find_columns(table, mapping)
    if columns is None:
        raise TableProblem(f"{label}: no row of headings with a comment column in the first {HEADER_SCAN_ROWS} rows; "
                           "name the columns with --map HEADING=FIELD (fields: " + ", ".join(FIELDS) + ")")
    fields = dict(columns.fields)
    more = _more_columns(columns.cells, fields, mapping)
    heading_place = table.rows[columns.header].place if columns.header >= 0 else "the page header"
    plan.remarks.extend(f"{label}:{heading_place}: {said}" for said in _second_columns(columns.cells, fields, more, mapping))
    if stakeholder_column is not None:
        heading_row = columns.cells
        matches = [i for i, cell in enumerate(heading_row) if folded(cell) == folded(stakeholder_column)]
        if not matches:
            raise TableProblem(f"{label}: no column is headed '{stakeholder_column}' (headings: "
                               + ", ".join(repr(c) for c in heading_row if c) + ")")
        fields["stakeholder"] = matches[0]
    elif stakeholder is None and "stakeholder" not in fields:
        raise TableProblem(f"{label}: the table has no stakeholder column: give --stakeholder ID or --stakeholder-column HEADING")
    first = columns.header + 1
    while first < len(table.rows) and first - columns.header <= MAX_HEADING_ROWS_BELOW:
        repeated = _repeated_headings(table.rows[first].cells, columns.cells)
        if not repeated:
            break
        plan.remarks.append(f"{label}:{table.rows[first].place}: read as headings, not a comment: its "
                            + ", ".join(repr(c) for c in repeated) + " repeat the headings above them, as headings "
                            "merged down over two rows do")
        first += 1
    unread = _unread_columns(columns.cells, table.rows[first:], fields, more, mapping)
    if unread:
        plan.remarks.append(f"{label}:{heading_place}: not read, no field cm knows by its heading: " + ", ".join(unread)
                            + "; read one with --map HEADING=FIELD or --map NUMBER=FIELD, or leave it out without this "
                              "note with --map NUMBER=ignore")
    # Counted before any row is planned: finding each row's place costs a search of the draft.
    filled = sum(1 for row in table.rows[first:] if (cell := _reader(row, fields, more))("comment") or cell("proposal"))
    if filled > MAX_COMMENTS:
        raise TableProblem(f"{label}: {too_many(filled, 'rows of comments')}")
    candidates: list[Planned] = []
    current: str | None = None
    blank: list[str] = []
    for row in table.rows[first:]:
        cell = _reader(row, fields, more)
        where = f"{label}:{row.place}"
        row_round = read_round(project, cell("round"), default_round, round_id, where, plan)
        if row_round is None:
            continue
        blank_row = not cell("comment") and not cell("proposal") and _filled_besides_comment(cell, fields)
        if stakeholder is not None:
            who = stakeholder
        else:
            named = cell("stakeholder")
            if named:
                named_id = stakeholder_named(project, named)
                if named_id is None:
                    plan.problems.append(f"{where}: stakeholder '{named}' is not in the roster of cm.yaml "
                                         "(add it with cm stakeholder add, or give its id in that cell)")
                    current = None
                    continue
                current = named_id
            elif current is None:
                if cell("comment"):
                    plan.problems.append(f"{where}: the row has a comment but no stakeholder")
                elif blank_row:
                    blank.append(_row_name(row.place))
                continue
            who = current
        if blank_row:
            blank.append(_row_name(row.place))
            continue
        planned = _row_comment(project, cell, who, where, decisions, kind, plan, row_round)
        if planned is not None:
            candidates.append(planned)
    if blank:
        plan.remarks.append(skipped_blank(label, blank, "comment"))
    keep_new(project, plan, candidates)
    return plan


def _filled_besides_comment(cell: Callable[[str], str], fields: dict[str, int]) -> bool:
    """Whether a row says something besides its comment: a section, a paragraph, a response...
    A row whose comment is blank among such cells was meant as a comment; its stakeholder, its
    round, and columns read as no field (a form's running numbers) fill the empty rows of a form."""
    return any(cell(name) for name in fields if name not in ("stakeholder", "round", "ignore", "comment", "proposal"))


def _row_name(place: str) -> str:
    """A row's place as the note names it: a CSV row is its line."""
    return f"line {place}" if place.isdigit() else place


#: Rows under the heading row that may still be headings (a form's headings merged down over
#: two or three rows, with sub-headings such as "Tiếng Việt" and "English" beside them).
MAX_HEADING_ROWS_BELOW = 2


def _repeated_headings(cells: tuple[str, ...], headings: tuple[str, ...]) -> list[str]:
    """The cells of a row that hold their column's heading: a heading merged down over this row
    (an XLSX merge or a Word table's vertical merge gives each row it covers its text). A row
    of comments never repeats its column's heading, so such a row is still the headings: read
    as a comment, it became one ("Tiếng Việt", answered "Ý kiến của Ban Thư ký")."""
    return [cell for cell, heading in zip(cells, headings, strict=False) if cell and folded(cell) == folded(heading)]


def read_round(project: Project, named: str, default: Round, given: str | None, where: str,
                 plan: ImportPlan) -> Round | None:
    """The round of a row: its Round cell's, else the default; None (and a problem) when the
    cell names no round, or another round than --round."""
    if not named:
        return default
    # "Round 2", "第2轮": cm's own words for a round in every language it has them.
    found = next((r for r in project.rounds if r.id == named or folded(named) in
                  {folded(words["round_of"].format(id=r.id)) for words in LABELS.values() if "round_of" in words}), None)
    if found is None:
        plan.problems.append(f"{where}: round '{named}' is not a round of {CONFIG_NAME} (rounds: "
                             + ", ".join(r.id for r in project.rounds) + ")")
        return None
    if given is not None and found.id != given:
        plan.problems.append(f"{where}: the row is of round {found.id}, but --round says {given}: "
                             "leave out --round to import each row into its own round")
        return None
    return found



def stakeholder_named(project: Project, named: str) -> str | None:
    if named in project.stakeholders_by_id:
        return named
    text = folded(named)
    found = set()
    for stakeholder in project.stakeholders_by_id.values():
        for name in [stakeholder.id, *as_mapping(stakeholder.name).values()]:
            name = folded(name)
            if name and (name == text or _contains_word(text, name)):
                found.add(stakeholder.id)
    return found.pop() if len(found) == 1 else None


def _row_comment(project: Project, cell, stakeholder: str, where: str, decisions: dict[str, str], kind: str,
                 plan: ImportPlan, row_round: Round) -> Planned | None:
    comment, proposal = cell("comment"), cell("proposal")
    if not comment and not proposal:
        return None
    found = resolve_place(project, cell("section"), cell("paragraph"), cell("target"), row_round.draft)
    remarks = []
    if found.how == "none":
        if found.leftover:
            remarks.append(f"'{found.leftover}' names no section or paragraph of the draft: the comment is general")
    elif found.how not in ("id", "section") and not found.how.startswith("paragraph "):
        remarks.append(f"paragraph {found.target} found by {found.how}")
    topic = cell("topic") or (found.leftover if found.how == "none" else None)
    text = comment
    if proposal:
        text = f"{comment}\nProposed change: {proposal}" if comment else f"Proposed change: {proposal}"
    response = _response(cell("response"), cell("note"), where, decisions, plan, remarks)
    if response is False:
        return None
    # The date is not in the fingerprint: a table imported before it was read is not new again.
    source = fingerprint(kind, stakeholder, found.target, text, response or None)
    day, doubt = read_date(cell("date"))
    if doubt:
        remarks.append(doubt)
    new = NewComment(stakeholder, found.target, text, topic=_topic(topic), source=source, response=response or None,
                     round=row_round.id, date=day)
    return Planned(where, new, remarks)


_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?")
_YEAR_FIRST = re.compile(r"([0-9]{4})\s*([/.年])\s*([0-9]{1,2})\s*[/.月]\s*([0-9]{1,2})\s*日?")
_DAY_FIRST = re.compile(r"([0-9]{1,2})\s*([/.-])\s*([0-9]{1,2})\s*\2\s*([0-9]{4})")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def read_date(cell: str) -> tuple[dt.date | None, str | None]:
    """The date a table's date cell gives, or None and why it is not read (None, None when the
    cell is empty). Read: an ISO date (`2026-09-16`, as cm shows an Excel date cell, with or
    without its time), a year-first one (`2026/09/16`, `2026年9月16日`), a dotted day-first one
    (`16.09.2026`: no one writes the month first with dots) and a slashed or dashed one whose
    order its numbers show (`16/09/2026`: no month 16; `09/16/2026` likewise). `05/12/2026`
    could be 5 December or 12 May, and is not guessed."""
    text = ascii_digits(cell).strip()
    if not text:
        return None, None
    said = f"the date '{cell}'"
    if (match := _ISO_DAY.fullmatch(text)) or (match := _YEAR_FIRST.fullmatch(text)):
        numbers = [int(part) for part in match.groups() if part.isdigit()]
        year, month, day = numbers[0], numbers[1], numbers[2]
    elif match := _DAY_FIRST.fullmatch(text):
        first, separator, second, year = int(match[1]), match[2], int(match[3]), int(match[4])
        if separator == "." or first > 12 or first == second:
            day, month = first, second
        elif second > 12:
            month, day = first, second
        else:
            return None, (f"{said} could be {first} {_MONTHS[second - 1]} or {second} {_MONTHS[first - 1]} {year}: "
                          f"the comment has no date (write it as {year}-MM-DD to import it)")
    else:
        return None, f"{said} is not a date cm reads: the comment has no date (write it as YYYY-MM-DD)"
    if year >= 2400:
        return None, (f"{said} is of the year {year}: if it is of the Buddhist era, that is {year - 543}; "
                      f"the comment has no date (write it as {year - 543}-MM-DD)")
    try:
        day_read = dt.date(year, month, day)
    except ValueError:
        return None, f"{said} is no day of the calendar: the comment has no date"
    if year < 1900:
        return None, f"{said} is of the year {year}: the comment has no date (write it as YYYY-MM-DD)"
    return day_read, None


def _topic(value: str | None) -> str | None:
    if not value:
        return None
    return " ".join(value.split())[:80]


def _response(decision_cell: str, note_cell: str, where: str, decisions: dict[str, str], plan: ImportPlan,
              remarks: list[str]) -> dict[str, str] | Literal[False] | None:
    """The response mapping; None when there is none; False when the row cannot be imported."""
    if not decision_cell and not note_cell:
        return None
    response: dict[str, str] = {}
    if decision_cell:
        found = read_decision(decision_cell, decisions)
        if found is None and looks_like_a_decision_word(decision_cell):
            plan.problems.append(f"{where}: '{decision_cell}' is not a decision word cm knows; say what it means with "
                                 f"--decision '{decision_cell}=accepted' (or partially, rejected, noted)")
            return False
        if found is not None and found.doubt is not None:
            said = "partially accepted" if found.decision == "partially" else found.decision
            plan.problems.append(f"{where}: '{found.phrase}' says {said}, but the words after it, "
                                 f"'{found.doubt}', may change that; say what the response means with "
                                 f"--decision '{found.clause}=accepted' (or partially, rejected, noted)")
            return False
        if found is None:
            remarks.append("the response starts with no decision word: imported as the note of an open comment")
        elif found.decision == "partially":
            remarks.append(f"partially accepted: left open with the response as its note, because {PARTIAL_NEEDS_EDITS}")
        else:
            response["decision"] = found.decision
    note = note_cell or decision_cell
    if note:
        response["note"] = note
    return response
