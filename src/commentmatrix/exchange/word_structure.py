"""A Word document read as a sequence of blocks, for turning a drafting team's document into a draft.

Each body paragraph becomes a `WordBlock`: its text as if every tracked change were accepted
(insertions and moves kept, deletions dropped, a paragraph whose mark was deleted joined to the
next one), cut into pieces that carry their language and boldness; its heading level (Heading
1..9 by name, an outline level on the paragraph or on any style it is based on, which is how
localized and custom heading styles say it); whether it is the title; its automatic number as
Word shows it (word_numbering); the cm bookmarks it carries; and what it holds that a draft
cannot (images, text boxes, footnotes, Word comments, page and section breaks). Tables are
blocks whose cells hold blocks.

Everything is read through officezip, the guarded reader: size-checked unzip, no entities.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from commentmatrix.exchange.officezip import OfficeZip, UnsafeFile, open_office
from commentmatrix.exchange.word_numbering import Label, Numbering, read_numbering
from commentmatrix.model.segmentation import script_of_char
from commentmatrix.model.text import nfc

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DC = "http://purl.org/dc/elements/1.1/"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MAX_PARAGRAPHS = 200_000
MAX_PARAGRAPH_CHARS = 200_000
MAX_STYLE_DEPTH = 20

# The language a script is written in when Word's w:lang says nothing better.
SCRIPT_LANGUAGES = {"Han": "zh", "Kana": "ja", "Hangul": "ko", "Thai": "th", "Lao": "lo", "Khmer": "km",
                    "Myanmar": "my", "Cyrillic": "ru", "Arabic": "ar", "Devanagari": "hi"}
_EAST_ASIAN = {"Han", "Kana", "Hangul"}
_COMPLEX = {"Thai", "Lao", "Khmer", "Myanmar", "Arabic", "Devanagari"}
# Letters only Vietnamese writes among the Latin-script languages of the region.
_VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯ") | {chr(c) for c in range(0x1EA0, 0x1EFA)}

BlockKind = Literal["paragraph", "table"]


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Piece:
    text: str
    lang: str | None
    bold: bool


@dataclass
class WordBlock:
    kind: BlockKind
    #: 1-based number of the paragraph in the document (every w:p, table cells included); for a
    #: table, the number of its first paragraph.
    number: int
    style: str = ""
    pieces: list[Piece] = field(default_factory=list)
    heading: int | None = None
    title: bool = False
    toc: bool = False
    list_style: bool = False
    label: Label | None = None
    marks: list[tuple[str, int]] = field(default_factory=list)
    #: What the paragraph holds that a draft cannot: ("image", detail), ("footnote", text), ...
    findings: list[tuple[str, str]] = field(default_factory=list)
    rows: list[list[list[WordBlock]]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    def lines(self) -> list[tuple[str, str | None]]:
        """The text cut at line breaks, each line with the language most of its letters are in."""
        found: list[list[Piece]] = [[]]
        for piece in self.pieces:
            parts = piece.text.split("\n")
            for index, part in enumerate(parts):
                if index:
                    found.append([])
                if part:
                    found[-1].append(Piece(part, piece.lang, piece.bold))
        return [("".join(p.text for p in line).strip(), language_of(line)) for line in found
                if "".join(p.text for p in line).strip()]

    @property
    def lang(self) -> str | None:
        return language_of(self.pieces)

    @property
    def bold(self) -> bool:
        letters = [p for p in self.pieces if p.text.strip()]
        return bool(letters) and all(p.bold for p in letters)


@dataclass
class TrackedChanges:
    insertions: int = 0
    deletions: int = 0
    first: int | None = None  # paragraph number of the first


@dataclass
class WordDocument:
    path: Path
    blocks: list[WordBlock]
    title: str | None  # core properties
    identifier: str | None
    tracked: TrackedChanges
    headings_by_style: bool  # some paragraph is a heading by its style or outline level


def language_of(pieces: list[Piece]) -> str | None:
    counts: Counter[str] = Counter()
    for piece in pieces:
        if piece.lang:
            counts[piece.lang] += len(piece.text)
    return max(counts, key=lambda lang: (counts[lang], -list(counts).index(lang))) if counts else None


def read_word(path: Path) -> WordDocument:
    """Read a .docx for import as a draft; raises UnsafeFile for anything that is not a sound Word file."""
    with open_office(path, "DOCX") as archive:
        if not archive.has("word/document.xml"):
            raise UnsafeFile(path, "is a zip archive but not a Word document (it has no word/document.xml)")
        body = archive.xml("word/document.xml").find(_w("body"))
        if body is None:
            raise UnsafeFile(path, "word/document.xml has no body")
        styles = _Styles(archive.xml("word/styles.xml") if archive.has("word/styles.xml") else None)
        numbering = read_numbering(archive.xml("word/numbering.xml") if archive.has("word/numbering.xml") else None,
                                   styles.numbering_styles())
        notes = {kind: _notes(archive, f"word/{kind}s.xml", kind) for kind in ("footnote", "endnote", "comment")}
        title, identifier = _core(archive)
        reader = _Reader(path, styles, numbering, notes)
        reader.block(body, reader.blocks)
    return WordDocument(path, reader.blocks, title, identifier, reader.tracked, reader.styled_headings)


# ---------------------------------------------------------------- styles

@dataclass
class _Style:
    id: str
    name: str
    based_on: str | None
    outline: int | None
    num_id: str | None
    ilvl: int | None
    bold: bool | None
    lang: tuple[str | None, str | None, str | None]


class _Styles:
    def __init__(self, root: Any | None):
        self.by_id: dict[str, _Style] = {}
        self.default_lang: tuple[str | None, str | None, str | None] = (None, None, None)
        self.default_paragraph: str | None = None
        self._resolved: dict[str, dict[str, Any]] = {}
        if root is None:
            return
        defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        if defaults is not None:
            self.default_lang = _lang_attributes(defaults)
        for element in root.findall(_w("style")):
            style_id = element.get(_w("styleId")) or ""
            name_element = element.find(_w("name"))
            based = element.find(_w("basedOn"))
            properties = element.find(_w("pPr"))
            run = element.find(_w("rPr"))
            outline = num_id = ilvl = None
            if properties is not None:
                level = properties.find(_w("outlineLvl"))
                outline = _int(level.get(_w("val"))) if level is not None else None
                num = properties.find(_w("numPr"))
                if num is not None:
                    num_id = _val(num.find(_w("numId")))
                    ilvl = _int(_val(num.find(_w("ilvl"))))
            self.by_id[style_id] = _Style(
                style_id, (name_element.get(_w("val")) or "") if name_element is not None else style_id,
                based.get(_w("val")) if based is not None else None, outline, num_id, ilvl,
                _on(run.find(_w("b"))) if run is not None and run.find(_w("b")) is not None else None,
                _lang_attributes(run) if run is not None else (None, None, None))
            if element.get(_w("type")) == "paragraph" and element.get(_w("default")) in ("1", "true"):
                self.default_paragraph = style_id

    def chain(self, style_id: str | None) -> list[_Style]:
        found: list[_Style] = []
        seen: set[str] = set()
        current = style_id if style_id is not None else self.default_paragraph
        while current and current not in seen and len(found) < MAX_STYLE_DEPTH:
            seen.add(current)
            style = self.by_id.get(current)
            if style is None:
                break
            found.append(style)
            current = style.based_on
        return found

    def resolved(self, style_id: str | None) -> dict[str, Any]:
        key = style_id or ""
        if key in self._resolved:
            return self._resolved[key]
        chain = self.chain(style_id)
        name = chain[0].name if chain else (style_id or "")
        heading = None
        for style in chain:
            named = _heading_name(style)
            if named is not None:
                heading = named
                break
            if style.outline is not None:
                heading = style.outline + 1 if 0 <= style.outline <= 8 else 0
                break
        title = any(s.id.casefold() == "title" or s.name.casefold() == "title" for s in chain)
        toc = any(s.name.casefold().startswith(("toc ", "toc heading")) for s in chain)
        list_style = any(s.name.casefold().startswith(("list bullet", "list number")) for s in chain)
        num_id = next((s.num_id for s in chain if s.num_id is not None), None)
        ilvl = next((s.ilvl for s in chain if s.ilvl is not None), None)
        bold = next((s.bold for s in chain if s.bold is not None), False)
        lang = tuple(next((s.lang[i] for s in chain if s.lang[i]), self.default_lang[i]) for i in range(3))
        found = {"name": name, "heading": heading or None, "title": title, "toc": toc, "list": list_style,
                 "num_id": num_id, "ilvl": ilvl, "bold": bold, "lang": lang, "id": chain[0].id if chain else None}
        self._resolved[key] = found
        return found

    def numbering_styles(self) -> dict[str, str]:
        return {style.id: style.num_id for style in self.by_id.values() if style.num_id}


def _heading_name(style: _Style) -> int | None:
    for name in (style.name.casefold(), style.id.casefold()):
        for prefix in ("heading ", "heading"):
            rest = name[len(prefix):] if name.startswith(prefix) else ""
            if rest.isascii() and rest.isdigit() and 1 <= int(rest) <= 9:
                return int(rest)
    return None


# ---------------------------------------------------------------- the body

class _Reader:
    def __init__(self, path: Path, styles: _Styles, numbering: Numbering, notes: dict[str, dict[str, str]]):
        self.path = path
        self.styles = styles
        self.numbering = numbering
        self.notes = notes
        self.blocks: list[WordBlock] = []
        self.count = 0
        self.tracked = TrackedChanges()
        self.styled_headings = False
        self.joining: WordBlock | None = None  # a paragraph whose mark was deleted: the next one joins it

    def block(self, container: Any, into: list[WordBlock]) -> None:
        for child in container:
            tag = _local(child.tag)
            if tag == "p":
                self.paragraph(child, into)
            elif tag == "tbl":
                self.table(child, into)
            elif tag in ("sdt", "sdtContent", "customXml", "ins", "moveTo"):
                self.block(child, into)
            elif tag in ("del", "moveFrom"):
                self._tracked(deleted=True)
            elif tag == "altChunk":
                self.count += 1
                into.append(WordBlock("paragraph", self.count, findings=[("embedded", "an embedded document")]))

    def paragraph(self, element: Any, into: list[WordBlock]) -> None:
        self.count += 1
        if self.count > MAX_PARAGRAPHS:
            raise UnsafeFile(self.path, f"has more than {MAX_PARAGRAPHS:,} paragraphs: refused")
        properties = element.find(_w("pPr"))
        style_element = properties.find(_w("pStyle")) if properties is not None else None
        style = self.styles.resolved(style_element.get(_w("val")) if style_element is not None else None)
        block = WordBlock("paragraph", self.count, style=style["name"], title=style["title"], toc=style["toc"],
                          list_style=style["list"])
        heading = style["heading"]
        num_id, ilvl = style["num_id"], style["ilvl"]
        mark_deleted = False
        if properties is not None:
            outline = properties.find(_w("outlineLvl"))
            if outline is not None and _int(outline.get(_w("val"))) is not None:
                level = _int(outline.get(_w("val")))
                heading = level + 1 if level is not None and 0 <= level <= 8 else None
            num = properties.find(_w("numPr"))
            if num is not None:
                direct_num = _val(num.find(_w("numId")))
                direct_ilvl = _int(_val(num.find(_w("ilvl"))))
                num_id = direct_num if direct_num is not None else num_id
                ilvl = direct_ilvl if direct_ilvl is not None else ilvl
            mark = properties.find(_w("rPr"))
            if mark is not None and mark.find(_w("del")) is not None:
                mark_deleted = True
            if mark is not None and mark.find(_w("ins")) is not None:
                self._tracked(deleted=False)
            if properties.find(_w("sectPr")) is not None:
                block.findings.append(("section-break", "a section break"))
        block.heading = heading
        if heading:
            self.styled_headings = True
        if num_id and num_id != "0":
            if ilvl is None:
                ilvl = self.numbering.level_of_style(num_id, style["id"] or "") or 0
            block.label = self.numbering.advance(num_id, ilvl)
        self._inline(element, block, style, style["bold"])
        if sum(len(p.text) for p in block.pieces) > MAX_PARAGRAPH_CHARS:
            raise UnsafeFile(self.path, f"paragraph {block.number} is over {MAX_PARAGRAPH_CHARS:,} characters: refused")
        if self.joining is not None:
            # Accepting a deleted paragraph mark joins this paragraph's text to the one before.
            self.joining.pieces.extend(block.pieces)
            self.joining.findings.extend(block.findings)
            self.joining.marks.extend((name, offset + len(self.joining.text)) for name, offset in block.marks)
            block = self.joining
            self.joining = None
        else:
            into.append(block)
        if mark_deleted:
            self._tracked(deleted=True)
            self.joining = block

    def _inline(self, element: Any, block: WordBlock, style: dict[str, Any], paragraph_bold: bool) -> None:
        for child in element:
            tag = _local(child.tag)
            if tag in ("pPr", "rPr", "instrText", "delInstrText", "fldData", "pPrChange", "rPrChange", "proofErr",
                       "lastRenderedPageBreak", "permStart", "permEnd"):
                continue
            if tag in ("del", "moveFrom"):
                self._tracked(deleted=True, where=block.number)
                continue
            if tag in ("ins", "moveTo"):
                self._tracked(deleted=False, where=block.number)
                self._inline(child, block, style, paragraph_bold)
            elif tag == "r":
                self._run(child, block, style, paragraph_bold)
            elif tag == "bookmarkStart":
                name = child.get(_w("name")) or ""
                if name.startswith("cm_"):
                    block.marks.append((name, len(block.text)))
            elif tag in ("commentRangeStart",):
                block.findings.append(("comment", self.notes["comment"].get(child.get(_w("id")) or "", "")))
            elif tag == "oMath" or tag == "oMathPara":
                block.findings.append(("equation", "an equation"))
            elif tag == "p":
                continue
            else:
                # hyperlinks, fields, smart tags, content controls: their text is the paragraph's
                self._inline(child, block, style, paragraph_bold)

    def _run(self, run: Any, block: WordBlock, style: dict[str, Any], paragraph_bold: bool) -> None:
        properties = run.find(_w("rPr"))
        bold = paragraph_bold
        lang = style["lang"]
        if properties is not None:
            b = properties.find(_w("b"))
            if b is not None:
                bold = _on(b)
            own = _lang_attributes(properties)
            lang = tuple(own[i] or lang[i] for i in range(3))
            if properties.find(_w("vanish")) is not None:
                return
        text: list[str] = []
        for child in run:
            tag = _local(child.tag)
            if tag == "t":
                text.append(child.text or "")
            elif tag == "tab":
                text.append("\t")
            elif tag in ("br", "cr"):
                kind = child.get(_w("type"))
                if kind == "page":
                    block.findings.append(("page-break", "a page break"))
                elif kind == "column":
                    block.findings.append(("page-break", "a column break"))
                else:
                    text.append("\n")
            elif tag == "noBreakHyphen":
                text.append("-")
            elif tag in ("drawing", "pict", "object", "AlternateContent"):
                boxed = [t.text or "" for t in child.iter(_w("t"))]
                if any(e is not None for e in child.iter(_w("txbxContent"))):
                    block.findings.append(("text-box", _words(" ".join(boxed))))
                else:
                    block.findings.append(("image", "an image" if tag != "object" else "an embedded object"))
            elif tag in ("footnoteReference", "endnoteReference"):
                kind = "footnote" if tag == "footnoteReference" else "endnote"
                block.findings.append((kind, self.notes[kind].get(child.get(_w("id")) or "", "")))
            elif tag in ("delText",):
                continue
        joined = nfc("".join(text))
        if joined:
            for part_text, part_lang in _by_language(joined, lang):
                block.pieces.append(Piece(part_text, part_lang, bold))

    def _tracked(self, deleted: bool, where: int | None = None) -> None:
        if deleted:
            self.tracked.deletions += 1
        else:
            self.tracked.insertions += 1
        if self.tracked.first is None:
            self.tracked.first = where or self.count

    def table(self, element: Any, into: list[WordBlock]) -> None:
        block = WordBlock("table", self.count + 1)
        for row in element.findall(_w("tr")):
            cells: list[list[WordBlock]] = []
            for cell in row.findall(_w("tc")):
                inside: list[WordBlock] = []
                self.block(cell, inside)
                cells.append(inside)
            block.rows.append(cells)
        into.append(block)


def _by_language(text: str, lang: tuple[str | None, str | None, str | None]) -> list[tuple[str, str | None]]:
    """A run's text cut where its language changes: Word tags one run with three languages, for
    its Latin (w:val), East Asian (w:eastAsia) and complex-script (w:bidi) letters."""
    codes = _codes(lang)
    if text.isascii():  # the common case: Latin letters, digits and punctuation only
        return [(text, _latin(codes, False) if any(c.isalpha() for c in text) else None)]
    vietnamese = any(c in _VIETNAMESE for c in text)
    chosen: dict[str | None, str | None] = {None: None}
    parts: list[tuple[str, str | None]] = []
    start = 0
    current_lang: str | None = None
    for index, char in enumerate(text):
        script = ("Latin" if char.isalpha() else None) if char < "\x80" else script_of_char(char)
        if script not in chosen:
            chosen[script] = _script_lang(script, codes, vietnamese)
        char_lang = chosen[script]
        if char_lang is None:
            continue
        if current_lang is not None and char_lang != current_lang:
            parts.append((text[start:index], current_lang))
            start = index
        current_lang = char_lang
    parts.append((text[start:], current_lang))
    return parts


@lru_cache(maxsize=256)
def _codes(lang: tuple[str | None, str | None, str | None]) -> tuple[str | None, str | None, str | None]:
    return (_code(lang[0]), _code(lang[1]), _code(lang[2]))


def _latin(codes: tuple[str | None, str | None, str | None], vietnamese: bool) -> str | None:
    if vietnamese:
        return "vi"
    latin = codes[0]
    return latin if latin and latin not in SCRIPT_LANGUAGES.values() else None


def _script_lang(script: str | None, codes: tuple[str | None, str | None, str | None], vietnamese: bool) -> str | None:
    if script is None:
        return None
    _, east_asian, complex_script = codes
    if script in _EAST_ASIAN:
        implied = SCRIPT_LANGUAGES[script]
        if east_asian in ("zh", "zh-Hant", "ja", "ko") and (implied == "zh") == east_asian.startswith("zh"):
            return east_asian
        return implied
    if script in _COMPLEX:
        implied = SCRIPT_LANGUAGES[script]
        return complex_script if complex_script == implied else implied
    if script == "Latin":
        return _latin(codes, vietnamese)
    return SCRIPT_LANGUAGES.get(script)


def _code(value: str | None) -> str | None:
    """Word's language tag as a cm code: en-GB is en, zh-TW is zh-Hant, zh-CN is zh."""
    if not value:
        return None
    parts = value.replace("_", "-").split("-")
    base = parts[0].lower()
    if not base.isascii() or not base.isalpha() or not 2 <= len(base) <= 3:
        return None
    if base == "zh" and len(parts) > 1 and parts[1].upper() in ("TW", "HK", "MO", "HANT"):
        return "zh-Hant"
    return base


def _lang_attributes(properties: Any) -> tuple[str | None, str | None, str | None]:
    element = properties.find(_w("lang"))
    if element is None:
        return (None, None, None)
    return (element.get(_w("val")), element.get(_w("eastAsia")), element.get(_w("bidi")))


def _notes(archive: OfficeZip, part: str, kind: str) -> dict[str, str]:
    """Footnotes, endnotes or Word comments by id: their first words (and a comment's author)."""
    if not archive.has(part):
        return {}
    found = {}
    for note in archive.xml(part).iter(_w(kind)):
        words = _words(" ".join(t.text or "" for t in note.iter(_w("t"))))
        author = (note.get(_w("author")) or "").strip()
        found[note.get(_w("id")) or ""] = f"{_words(author, 40)}: “{words}”" if author and kind == "comment" else words
    return found


def _core(archive: OfficeZip) -> tuple[str | None, str | None]:
    if not archive.has("docProps/core.xml"):
        return None, None
    root = archive.xml("docProps/core.xml")
    values = []
    for tag in ("title", "identifier"):
        element = root.find(f"{{{DC}}}{tag}")
        values.append(nfc((element.text or "").strip()) or None if element is not None else None)
    return values[0], values[1]


def _words(text: str, limit: int = 60) -> str:
    text = " ".join(nfc(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _on(element: Any) -> bool:
    return element.get(_w("val"), "1") not in ("0", "false", "off")


def _val(element: Any | None) -> str | None:
    return element.get(_w("val")) if element is not None else None


def _int(value: str | None) -> int | None:
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 9:
        return None
    return int(value)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
