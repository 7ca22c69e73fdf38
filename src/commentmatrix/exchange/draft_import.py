"""A drafting team's Word document as a draft: sections nested by heading level, numbered as Word
shows them, paragraphs and list items, texts in every language the document holds, and a report.

The Word paragraphs (exchange/word_structure.py) become *units*: a heading, a paragraph, an
item or the title, each with its text by language. A unit written in several languages at once
(cm's own headings: "5.3 Ecosystem…", a line break, "5.3 生态系统…") splits by the language of
each line. Units then pair up across languages: by their cm bookmark (a document cm wrote: same
id, same text), else, in a bilingual document laid out paragraph by translation, a unit joins
the one before when its language is not there yet. Ids come from bookmarks, else from section
numbers (`s5-3`, paragraphs `s5-3.p2`), else from titles; ASCII, unique in the draft.

What a draft cannot hold (tables, images, text boxes, footnotes, Word comments, breaks) is
reported with where it was: the heading path and the paragraph's number in the document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from commentmatrix.exchange.draft_ids import ascii_digits, give_ids, slug
from commentmatrix.exchange.word_structure import WordBlock, WordDocument
from commentmatrix.model.errors import Refusal
from commentmatrix.model.project import DRAFTS_DIR, Project
from commentmatrix.model.text import UNTAGGED
from commentmatrix.views.review_marks import COPY_PREFIX, TABLE_MARK, parse_name
from commentmatrix.write.draft_file import DraftEntry, ParagraphEntry, SectionEntry, draft_file
from commentmatrix.write.transaction import FileChange

REVIEW_COPY_PREFIX = COPY_PREFIX
HASHED_PREFIX = "cm_h"

# A number typed at the start of a heading: "5.3", "5.3.", "IV.", "a)", "(b)", "一、", "（一）".
_TYPED = re.compile(
    r"(?P<number>(?:\d{1,3}(?:[.．]\d{1,3})*[.．]?)(?=\s)|\d{1,3}(?:[.．]\d{1,3})*[.．、](?=[^\x00-\x7f\d])"
    r"|(?:[IVXLC]{1,6}|[ivxlc]{1,6}|[A-Za-z])[.)](?=\s)"
    r"|[(（](?:\d{1,3}|[A-Za-z]|[一二三四五六七八九十]{1,3})[)）]"
    r"|[一二三四五六七八九十百]{1,4}、)\s*")


@dataclass
class Unit:
    kind: str  # "title", "heading", "paragraph", "item"
    where: int  # paragraph number in the document
    texts: dict[str, str]
    level: int = 0
    number: str = ""
    text_id: str | None = None  # from a cm bookmark
    how: str = ""  # how a heading was recognised, for the report
    nested: int = 0  # list level below the first
    place: str = ""  # where it was, for the report: heading path and paragraph number
    paired: bool = False  # a row of a side-by-side table: its languages are all there
    hashed: bool = False  # a cm bookmark of an id too long for Word, which names no id by itself
    generated: bool = False  # its id was made here (not from a bookmark)


@dataclass
class ImportedSection:
    id: str | None
    number: str
    title: dict[str, str]
    level: int
    where: int
    how: str
    paragraphs: list[Unit] = field(default_factory=list)
    sections: list[ImportedSection] = field(default_factory=list)
    generated: bool = False  # its id was made here (not from a bookmark)


@dataclass
class DraftImport:
    """The draft made from a document, and the report: what became what, and what did not fit."""

    draft_id: str
    version: str
    title: dict[str, str]
    sections: list[ImportedSection]
    languages: list[str]
    made: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def counts(self) -> tuple[int, int, int]:
        sections = paragraphs = items = 0
        stack = list(self.sections)
        while stack:
            section = stack.pop()
            sections += 1
            paragraphs += len(section.paragraphs)
            items += sum(1 for p in section.paragraphs if p.kind == "item")
            stack.extend(section.sections)
        return sections, paragraphs, items


def import_draft(document: WordDocument, draft_id: str | None = None, version: str | None = None,
                 lang: str | None = None, default_lang: str = "en",
                 known_marks: dict[str, tuple[str, str | None]] | None = None) -> DraftImport:
    """The draft a Word document holds. `lang` says the document's one language (no detection);
    `default_lang` is the language of text whose letters and tags say nothing (digits, Latin
    untagged); `known_marks` resolves the hashed bookmarks of a draft's long ids (names_for)."""
    return _Builder(document, lang, default_lang, known_marks).build(draft_id, version)


class _Builder:
    def __init__(self, document: WordDocument, lang: str | None, default_lang: str,
                 known_marks: dict[str, tuple[str, str | None]] | None = None):
        self.document = document
        self.forced = lang
        self.default = lang or default_lang
        self.notes: list[str] = []
        self.path: list[ImportedSection] = []
        self.review_copy = (document.identifier or "").startswith(REVIEW_COPY_PREFIX)
        self.known = known_marks or {}
        self.number_styles: list[tuple[str, int]] = []

    # -- where things are, for the report

    def where(self, number: int) -> str:
        path = " › ".join(shortened(f"{s.number} {first_text(s.title)}".strip(), 40) for s in self.path)
        return f"{path or 'before the first heading'}, paragraph {number}"

    def note(self, number: int, text: str) -> None:
        self.notes.append(f"{self.where(number)}: {text}")

    # -- blocks to units

    def units(self) -> list[Unit]:
        blocks = self.document.blocks
        skipped: set[int] = set()
        for index, block in enumerate(blocks):
            if block.kind == "table" and TABLE_MARK in _table_marks(block):
                # The comments table of a review copy, with its heading and the page break before it.
                skipped.add(index)
                before = index - 1
                while before >= 0 and not blocks[before].marks and blocks[before].kind == "paragraph" and (
                        blocks[before].heading or not blocks[before].text.strip()):
                    skipped.add(before)
                    before -= 1
        toc = 0
        found: list[Unit] = []
        seen_heading = False
        for index, block in enumerate(blocks):
            if index in skipped:
                continue
            if block.kind == "table":
                rows = self.side_by_side(block)
                if rows is None:
                    found.append(Unit("table", block.number, {}, level=len(block.rows),
                                      number=str(max((len(r) for r in block.rows), default=0))))
                else:
                    found.extend(rows)
                continue
            if block.toc:
                toc += 1
                continue
            if self.review_copy and not seen_heading and not block.title and not block.heading and not block.marks:
                continue  # the cover note cm writes before the draft, and its page break
            unit = self.unit(block)
            for kind, detail in block.findings:
                found.append(Unit("finding", block.number, {kind: detail}))
            if unit is None:
                continue
            if unit.kind == "heading":
                seen_heading = True
            found.append(unit)
        if toc:
            self.notes.append(f"a table of contents ({toc} lines) was skipped: cm numbers the sections itself")
        return found

    def unit(self, block: WordBlock) -> Unit | None:
        lines = block.lines()
        if not lines:
            return None
        marks = [(parsed, offset) for name, offset in block.marks if (parsed := self.parse(name)) is not None]
        mark = marks[0][0] if marks else None
        text_id = mark[0] if mark else None
        if len({lang for (_, lang), _ in marks}) > 1 and len({mark_id for (mark_id, _), _ in marks}) == 1:
            # cm writes a heading (and the title) in every language in one paragraph, one bookmark each.
            text = block.text
            bounds = [offset for _, offset in marks] + [len(text)]
            texts = {lang if lang else UNTAGGED: text[start:end].strip()
                     for ((_, lang), _), start, end in zip(marks, bounds, bounds[1:])}
        else:
            texts = self.texts(lines, mark[1] if mark else None, mark is not None)
        if block.title:
            return Unit("title", block.number, texts, text_id=text_id)
        level, how = self.heading_level(block)
        if level:
            number, texts = self.heading_number(block, texts)
            return Unit("heading", block.number, texts, level=level, number=number, text_id=text_id, how=how)
        hashed = not marks and any(name.startswith(HASHED_PREFIX) for name, _ in block.marks)
        listed = block.label is not None or block.list_style
        # Word nests a list by level (ilvl) or by style: "List Bullet 2" is the second level.
        style_level = block.style.rsplit(" ", 1)[-1] if block.list_style else ""
        nested = max(block.label.level if block.label is not None else 0,
                     int(style_level) - 1 if style_level.isascii() and style_level.isdigit() else 0)
        return Unit("item" if listed else "paragraph", block.number, texts, text_id=text_id, nested=nested, hashed=hashed)

    def parse(self, name: str) -> tuple[str, str | None] | None:
        """(id, language) of a cm bookmark; a hashed one (an id too long for Word) only when the
        draft it came from is known (--from-draft)."""
        return parse_name(name) or self.known.get(name)

    def side_by_side(self, table: WordBlock) -> list[Unit] | None:
        """The rows of a table laid out one column per language (cm's side-by-side layout, and
        the secretariats' own), each a paragraph in every language; None for any other table."""
        rows: list[Unit] = []
        findings: list[Unit] = []  # what the cells hold that a draft cannot, reported as for paragraphs
        several = False
        for row in table.rows:
            texts: dict[str, str] = {}
            first: Unit | None = None
            for cell in row:
                units = [unit for block in cell if block.kind == "paragraph" and (unit := self.unit(block)) is not None]
                findings.extend(Unit("finding", block.number, {kind: detail}) for block in cell for kind, detail in block.findings)
                if not units:
                    continue
                langs = {code for unit in units for code in unit.texts}
                if len(langs) != 1 or (code := langs.pop()) in texts:
                    return None
                texts[code] = "\n".join(unit.texts[code] for unit in units)
                first = first or units[0]
            if first is None:
                continue
            several = several or len(texts) > 1
            if first.kind == "heading":
                # A heading row (a bilingual document laid out in one table, its headings in
                # rows of their own): a section, titled in each language. It was read as a
                # paragraph, so the sections' paragraphs all fell into one section.
                rows.append(Unit("heading", first.where, texts, level=first.level, number=first.number,
                                 text_id=first.text_id, how=first.how, paired=True))
                continue
            kind = "item" if first.kind == "item" else "paragraph"
            rows.append(Unit(kind, first.where, texts, text_id=first.text_id, paired=True))
        return rows + findings if several and max(len(r) for r in table.rows) > 1 else None

    def texts(self, lines: list[tuple[str, str | None]], marked_lang: str | None, marked: bool = False) -> dict[str, str]:
        if marked or self.forced:
            # A cm bookmark without a language marks an untagged text (a plain string in the draft).
            code = marked_lang if marked else self.forced
            return {code or UNTAGGED: "\n".join(text for text, _ in lines)}
        langs = [lang or self.default for _, lang in lines]
        if len(lines) > 1 and len(set(langs)) == len(langs):
            return dict(zip(langs, (text for text, _ in lines)))
        counts: Counter[str] = Counter()
        for (text, _), code in zip(lines, langs):
            counts[code] += len(text)
        main = max(counts, key=lambda code: (counts[code], -langs.index(code)))
        return {main: "\n".join(text for text, _ in lines)}

    def heading_level(self, block: WordBlock) -> tuple[int, str]:
        if block.heading:
            style = block.style[:1].upper() + block.style[1:]  # Word shows "heading 1" as "Heading 1"
            return block.heading, style or f"outline level {block.heading - 1}"
        if self.document.headings_by_style or not block.bold:
            return 0, ""
        text = block.text.strip()
        if len(text) > 200 or "\n" in text:
            return 0, ""
        if block.label is not None and not block.label.bullet and block.label.text.strip():
            return block.label.level + 1, "bold, numbered by Word"
        typed = _TYPED.match(text)
        if typed is None:
            return 0, ""
        number = typed.group("number")
        style = _number_style(number)
        if style not in [s for s, _ in self.number_styles]:
            self.number_styles.append((style, len(self.number_styles) + 1))
        return dict(self.number_styles)[style], "bold, numbered"

    def heading_number(self, block: WordBlock, texts: dict[str, str]) -> tuple[str, dict[str, str]]:
        """The number a reader sees (Word's automatic one, else the one typed) and the titles without it."""
        automatic = block.label.text.strip() if block.label is not None and not block.label.bullet else ""
        number = _clean_number(automatic) if automatic else ""
        titles = {}
        for code, text in texts.items():
            typed = _TYPED.match(text)
            found = _clean_number(typed.group("number")) if typed is not None else ""
            end = typed.end() if typed is not None else 0
            if typed is None and block.marks and " " in text:
                # cm writes "NUMBER TITLE", whatever the number looks like ("A.1", "5.10bis").
                head = text.split(" ", 1)[0]
                if any(c.isdigit() for c in head):
                    found, end = head, len(head) + 1
            if found and (not number or ascii_digits(found) == ascii_digits(number)):
                number = number or found
                text = text[end:]
            titles[code] = text.strip()
        return number, titles

    # -- units to sections

    def build(self, draft_id: str | None, version: str | None) -> DraftImport:
        units = self.units()
        bilingual = self.bilingual(units)
        title: dict[str, str] = {}
        title_id: str | None = None
        top: list[ImportedSection] = []
        nested_items = 0
        first_nested: str | None = None
        previous: Unit | None = None  # the last heading or paragraph unit, for pairing
        first_change = self.document.tracked.first
        changed_at = None
        for unit in units:
            if first_change is not None and changed_at is None and unit.where >= first_change:
                changed_at = self.where(first_change)
            if unit.kind == "finding":
                self.finding(unit)
                continue
            if unit.kind == "table":
                rows, columns = unit.level, int(unit.number)
                size = f"{rows} row{'s' if rows != 1 else ''}, {columns} column{'s' if columns != 1 else ''}"
                self.note(unit.where, f"a table ({size}) is not imported: "
                                      "a draft holds sections and paragraphs only; copy what it says into paragraphs")
                previous = None
                continue
            if unit.kind == "title":
                for code, text in unit.texts.items():
                    title[code] = f"{title[code]} {text}" if code in title else text
                title_id = title_id or unit.text_id
                continue
            if unit.kind == "heading":
                current = self.path[-1] if self.path else None
                if (previous is not None and previous.kind == "heading" and current is not None
                        and current.level == unit.level and self.pairs(previous, unit, current.title, bilingual)
                        and (not unit.number or not current.number or ascii_digits(unit.number) == ascii_digits(current.number))):
                    current.title.update(unit.texts)
                    current.number = current.number or unit.number
                    previous = unit
                    continue
                section = ImportedSection(unit.text_id, unit.number, dict(unit.texts), unit.level, unit.where, unit.how)
                while self.path and self.path[-1].level >= unit.level:
                    self.path.pop()
                (self.path[-1].sections if self.path else top).append(section)
                self.path.append(section)
                previous = unit
                continue
            if not self.path:
                section = ImportedSection("preamble", "", {self.default: "Preamble"}, 1, unit.where, "")
                top.append(section)
                self.path.append(section)
                self.notes.append(f"paragraph {unit.where}: the text before the first heading went into a section "
                                  "'preamble' titled 'Preamble': give it a heading in Word, or retitle it in the draft")
            section = self.path[-1]
            last = section.paragraphs[-1] if section.paragraphs else None
            if (previous is not None and previous.kind in ("paragraph", "item") and last is not None
                    and self.pairs(previous, unit, last.texts, bilingual)):
                last.texts.update(unit.texts)
                previous = unit
                continue
            unit.place = self.where(unit.where)
            if unit.nested:
                nested_items += 1
                first_nested = first_nested or unit.place
            section.paragraphs.append(unit)
            previous = unit
        if nested_items:
            self.notes.append(f"{nested_items} list item{'s are' if nested_items > 1 else ' is'} nested below the first "
                              f"level (the first at {first_nested}): a draft's items have one level, so they are items there")
        if bilingual:
            self.unpaired(top, bilingual)
        languages = self.languages(title, top)
        chosen_id = draft_id or _identifier_part(self.document.identifier, 0) or title_id or slug(self.document.path.stem) or "draft"
        chosen_version = version or _identifier_part(self.document.identifier, 1) or "1"
        if not title:
            title = {self.default: self.document.title or self.document.path.stem}
            self.notes.insert(0, "the document has no paragraph in the Title style: the title is "
                                 + ("its title property" if self.document.title else "its file name"))
        tracked = self.document.tracked
        if tracked.insertions or tracked.deletions:
            self.notes.insert(0, f"the document holds tracked changes ({tracked.insertions} insertion"
                                 f"{'s' if tracked.insertions != 1 else ''}, {tracked.deletions} deletion"
                                 f"{'s' if tracked.deletions != 1 else ''}, the first at {changed_at or f'paragraph {tracked.first}'}): "
                                 "read as if all were accepted")
        result = DraftImport(chosen_id, chosen_version, title, top, languages, notes=self.notes)
        give_ids(result)
        result.made = made_lines(result)
        return result

    def pairs(self, before: Unit, unit: Unit, texts: dict[str, str], bilingual: list[str]) -> bool:
        """Whether `unit` is the translation of the unit (or units) before it, whose texts are `texts`."""
        if before.paired or unit.paired:
            return False
        if before.text_id is not None or unit.text_id is not None:
            return before.text_id == unit.text_id
        if before.hashed and unit.hashed:  # cm wrote one text in several languages, one after the other
            return not (set(unit.texts) & set(texts))
        return bool(bilingual) and not (set(unit.texts) & set(texts)) and unit.kind in (before.kind, "paragraph")

    def bilingual(self, units: list[Unit]) -> list[str]:
        """The languages of a document laid out paragraph by translation (empty for any other)."""
        if self.forced:
            return []
        # A document cm wrote says which languages it holds: its bookmarked texts'.
        marked = list(dict.fromkeys(code for unit in units if unit.kind in ("paragraph", "item") and unit.text_id
                                    for code in unit.texts if code != UNTAGGED))
        if len(marked) > 1:
            return marked
        counts: Counter[str] = Counter()
        for unit in units:
            # In a document cm wrote, only the paragraphs without its bookmarks pair by language.
            if unit.kind in ("paragraph", "item") and len(unit.texts) == 1 and unit.text_id is None:
                counts[next(iter(unit.texts))] += 1
        total = sum(counts.values())
        langs = [code for code, n in counts.most_common() if n >= max(2, total // 5)]
        return langs if len(langs) > 1 else []

    def unpaired(self, sections: list[ImportedSection], langs: list[str]) -> None:
        stack = list(reversed(sections))
        while stack:
            section = stack.pop()
            for unit in section.paragraphs:
                missing = [code for code in langs if code not in unit.texts]
                if missing:
                    self.notes.append(f"{unit.place}: “{shortened(first_text(unit.texts), 40)}” has no "
                                      f"{', '.join(missing)} text: it did not pair up with a translation")
            stack.extend(reversed(section.sections))

    def finding(self, unit: Unit) -> None:
        kind, detail = next(iter(unit.texts.items()))
        what = {
            "image": f"{detail} is not imported (a draft holds text only)",
            "text-box": f"a text box (“{detail}”) is not imported" if detail else "an empty text box is not imported",
            "footnote": f"a footnote (“{detail}”) is not imported: a draft has no footnotes; put it in the text if it matters",
            "endnote": f"an endnote (“{detail}”) is not imported: a draft has no endnotes; put it in the text if it matters",
            "comment": (f"a Word comment ({detail}) is not imported" if detail else "a Word comment is not imported")
            + " (a stakeholder's comments come in with cm import docx)",
            "page-break": f"{detail} is not kept: cm lays out the pages of what it renders",
            "section-break": "a section break is not kept: cm lays out the pages of what it renders",
            "equation": "an equation is not imported",
            "embedded": "an embedded document is not imported",
        }.get(kind, f"{detail} is not imported")
        self.note(unit.where, what)

    def languages(self, title: dict[str, str], sections: list[ImportedSection]) -> list[str]:
        found: dict[str, None] = {}
        stack = list(reversed(sections))
        while stack:
            section = stack.pop()
            found.update(dict.fromkeys(section.title))
            for unit in section.paragraphs:
                found.update(dict.fromkeys(unit.texts))
            stack.extend(reversed(section.sections))
        found.update(dict.fromkeys(title))
        return [code for code in found if code != UNTAGGED]


def _table_marks(block: WordBlock) -> set[str]:
    return {name for row in block.rows for cell in row for inner in cell for name, _ in inner.marks}


def _number_style(number: str) -> str:
    if number[0].isdigit():
        return f"decimal-{number.rstrip('.．').count('.') + number.count('．') + 1}"
    if number[0] in "(（":
        return "parenthesised"
    if number.endswith("、"):
        return "chinese"
    return "letter"


def _clean_number(number: str) -> str:
    return number.strip().rstrip(".．、").strip()


def _identifier_part(identifier: str | None, index: int) -> str | None:
    if not identifier or not identifier.startswith(REVIEW_COPY_PREFIX):
        return None
    parts = identifier[len(REVIEW_COPY_PREFIX):].split()
    return parts[index] if len(parts) > index else None


# ---------------------------------------------------------------- the report and the file

def made_lines(result: DraftImport) -> list[str]:
    """What became what: the title, then each section with its id, number, title and paragraphs."""
    lines = [f"title: {shortened(first_text(result.title), 70)}"]
    stack = [(s, 0) for s in reversed(result.sections)]
    while stack:
        section, depth = stack.pop()
        items = sum(1 for p in section.paragraphs if p.kind == "item")
        count = len(section.paragraphs) - items
        parts = [f"{count} paragraph{'s' if count != 1 else ''}"] + ([f"{items} item{'s' if items != 1 else ''}"] if items else [])
        source = f"paragraph {section.where}" + (f", {section.how}" if section.how else "")
        lines.append(f"{'  ' * depth}{section.id}  {shortened(f'{section.number} {first_text(section.title)}'.strip(), 60)}"
                     f"  ({', '.join(parts)}; {source})")
        stack.extend((s, depth + 1) for s in reversed(section.sections))
    return lines


def draft_yaml(result: DraftImport, source: Path) -> bytes:
    """The draft file, in the house style of hand-written drafts."""
    return draft_file(DraftEntry(result.draft_id, result.title, result.version, _sections(result.sections),
                                 f"Draft {result.draft_id}, version {result.version}, imported from {source.name} "
                                 "by `cm import draft`.", result.languages))


def _sections(sections: list[ImportedSection]) -> list[SectionEntry]:
    # `paragraphs: []` kept: a section imported without paragraphs shows where they would go.
    return [SectionEntry(_given(section.id), section.number, section.title,
                         [ParagraphEntry(_given(unit.text_id), unit.texts, "item" if unit.kind == "item" else None)
                          for unit in section.paragraphs],
                         _sections(section.sections), empty_paragraphs=True)
            for section in sections]


def _given(identifier: str | None) -> str:
    if identifier is None:
        raise AssertionError("give_ids gives every section and paragraph its id before the file is written")
    return identifier


def first_text(texts: dict[str, str]) -> str:
    return next(iter(texts.values()), "")


def shortened(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------- into a project

class DraftImportRefused(Refusal):
    """The document cannot become a draft of this project as it stands."""


def draft_change(project: Project, result: DraftImport, source: Path) -> FileChange:
    """The new draft file for the project (nothing written): drafts/ID.yaml, or the file of the
    draft of that id if it is still the empty skeleton `cm init` made. Refuses a draft that
    would replace one with sections, and languages cm.yaml does not list."""
    missing = [code for code in result.languages if code not in project.languages]
    if missing:
        raise DraftImportRefused(
            f"{source.name} has text in {', '.join(missing)}, which cm.yaml's languages ({', '.join(project.languages)}) "
            "do not list", hint="add the language to cm.yaml's languages, or give the document's one language with --lang")
    existing = project.drafts_by_id.get(result.draft_id)
    path = f"{DRAFTS_DIR}/{result.draft_id}.yaml"
    if existing is not None:
        if existing.draft.sections:
            raise DraftImportRefused(f"draft {result.draft_id} already exists ({existing.path}) and has sections; "
                                     "cm import draft never replaces a draft", hint="give the new draft its own id with --id")
        path = existing.path
    elif (project.root / path).exists():
        raise DraftImportRefused(f"{path} already exists; cm import draft never replaces a file",
                                 hint="give the new draft its own id with --id")
    before = (project.root / path).read_bytes() if existing is not None else None
    return FileChange(path, before, draft_yaml(result, source))
