"""A reviewed Word document read as values: paragraphs as pieces kept, inserted and deleted
(with author and date), the cm bookmarks each paragraph carries, Word comments with the span
they are anchored to, and tables as rows of cell text.

The XML is walked directly (python-docx's Paragraph.text drops tracked text and knows nothing of
comment ranges), through officezip, which guards against hostile files. Word and LibreOffice
both write what is read here: `w:ins`/`w:del` (and `w:moveTo`/`w:moveFrom`) around runs,
`w:delText` inside deletions, `w:commentRangeStart`/`End` in the body and the comments in
word/comments.xml. A move (ECMA-376 Part 1, 17.13.5.22-25) is its text in `w:moveFrom` where it
was and in `w:moveTo` where it went, each inside a range (`w:moveFromRangeStart`/`End`,
`w:moveToRangeStart`/`End`) whose `w:name` is the same at both ends: each piece keeps that name.
Word (2013 on) keeps a comment's thread in word/commentsExtended.xml: a reply is a comment of
its own whose `w15:commentEx` names its parent by the `w14:paraId` of the parent's last paragraph
(`w15:paraIdParent`), and `w15:done="1"` marks a resolved comment.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from commentmatrix.exchange.import_plan import MAX_COMMENTS, too_many
from commentmatrix.exchange.officezip import OfficeZip, UnsafeFile, open_office
from commentmatrix.exchange.table_file import MAX_CELLS, MAX_TEXT_CHARS
from commentmatrix.model.text import nfc

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DC = "http://purl.org/dc/elements/1.1/"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
MAX_COMMENT_CHARS = 20_000
MAX_PARAGRAPHS = 200_000

Op = Literal["keep", "insert", "delete"]
_REVISIONS: dict[str, Op] = {"ins": "insert", "moveTo": "insert", "del": "delete", "moveFrom": "delete"}
# Parts of a paragraph that hold no body text of their own (properties, drawings, field codes).
_SKIPPED = {"pPr", "rPr", "drawing", "pict", "object", "instrText", "delInstrText", "footnoteReference",
            "endnoteReference", "fldData", "AlternateContent"}


#: How the text being read was revised: op, author, date, and the move's name.
_Revision = tuple[Op, str | None, dt.date | None, str | None]


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Piece:
    text: str
    op: Op
    author: str | None = None
    date: dt.date | None = None
    #: The name of the move (`w:name` of its move range) the text was moved away or to by.
    move: str | None = None


@dataclass
class WordParagraph:
    index: int
    style: str | None
    marks: list[str] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    in_table: bool = False
    #: Its paragraph mark inserted (Enter pressed: the paragraph was split, or one added) or
    #: deleted (the next paragraph joined to it), as w:pPr/w:rPr/w:ins or w:del: a Piece of no
    #: text with the op, author and date; None when the mark is the draft's.
    mark_change: Piece | None = None
    _starts: list[int] | None = field(default=None, repr=False, compare=False)

    def text(self, *ops: Op) -> str:
        return "".join(p.text for p in self.pieces if p.op in ops)

    def between(self, low: int, high: int | None, ops: tuple[Op, ...]) -> Iterator[str]:
        """The text of the pieces with `ops` between two offsets (None: to the end), found by
        bisection: a comment on a paragraph of thousands of runs reads only the runs it spans."""
        if self._starts is None:
            self._starts = list(itertools.accumulate((len(p.text) for p in self.pieces), initial=0))
        starts = self._starts
        for number in range(max(bisect.bisect_right(starts, low) - 1, 0), len(self.pieces)):
            piece, start = self.pieces[number], starts[number]
            if high is not None and start >= high:
                break
            stop = start + len(piece.text)
            a, b = max(start, low), stop if high is None else min(stop, high)
            if piece.op in ops and b > a:
                yield piece.text[a - start: b - start]

    @property
    def original(self) -> str:
        return self.text("keep", "delete")

    @property
    def revised(self) -> str:
        return self.text("keep", "insert")

    @property
    def changed(self) -> bool:
        return any(p.op != "keep" and p.text for p in self.pieces)


@dataclass(frozen=True)
class Anchor:
    paragraph: int
    offset: int


@dataclass
class WordComment:
    id: str
    author: str | None
    date: dt.date | None
    text: str
    start: Anchor | None = None
    end: Anchor | None = None
    #: The replies in its Word thread, in the order of comments.xml (Word's, oldest first).
    replies: list[WordComment] = field(default_factory=list)
    #: Marked done (Word's "Resolve"), on it or on a reply: the reviewer may have settled it.
    done: bool = False
    #: A reply whose parent is not in the file: read as a comment of its own.
    orphan_reply: bool = False


@dataclass
class WordTable:
    rows: list[list[str]]
    marks: set[str]
    first_paragraph: int


@dataclass
class ReviewedDocument:
    path: Path
    identifier: str | None
    paragraphs: list[WordParagraph]
    comments: list[WordComment]
    tables: list[WordTable]

    def quote(self, comment: WordComment, limit: int | None = None) -> str:
        """The words a comment is anchored to: the original words, else those the reviewer
        inserted. With `limit`, reading may stop once more than `limit` characters are certain:
        the first `limit` are then those of the whole quote (the caller shortens it anyway)."""
        if comment.start is None or comment.end is None:
            return ""
        for ops in (("keep", "delete"), ("insert",)):
            text = _joined(self._pieces(comment.start, comment.end, ops), limit)
            if text:
                return text
        return ""

    def _pieces(self, first: Anchor, last: Anchor, ops: tuple[Op, ...]) -> Iterator[str]:
        said = False
        for index in range(first.paragraph, min(last.paragraph + 1, len(self.paragraphs))):
            low = first.offset if index == first.paragraph else 0
            high = last.offset if index == last.paragraph else None
            started = False
            for text in self.paragraphs[index].between(low, high, ops):
                if said and not started:
                    yield "\n"
                said = started = True
                yield text


def _joined(pieces: Iterator[str], limit: int | None) -> str:
    """The pieces joined and stripped; with `limit`, possibly only a start of it longer than
    `limit` (checked at doubling sizes, so the whole costs no more than one join)."""
    parts: list[str] = []
    size, check = 0, (2 * limit + 64 if limit is not None else None)
    for text in pieces:
        parts.append(text)
        size += len(text)
        if check is not None and limit is not None and size > check:
            joined = "".join(parts).strip()
            if len(joined) > limit:
                return joined
            check *= 2
    return "".join(parts).strip()


def read_review(path: Path) -> ReviewedDocument:
    """Read a reviewed .docx; raises UnsafeFile for anything that is not a sound Word file."""
    with open_office(path, "DOCX") as archive:
        if not archive.has("word/document.xml"):
            raise UnsafeFile(path, "is a zip archive but not a Word document (it has no word/document.xml)")
        # The comments first: a file holding too many is refused before its body is walked.
        comments = _comments(archive, path)
        body = archive.xml("word/document.xml").find(_w("body"))
        if body is None:
            raise UnsafeFile(path, "word/document.xml has no body")
        reader = _BodyReader(path)
        reader.block(body, in_table=False)
        identifier = _identifier(archive)
    for comment in comments:
        comment.start = reader.starts.get(comment.id) or reader.references.get(comment.id)
        comment.end = reader.ends.get(comment.id) or comment.start
    return ReviewedDocument(path, identifier, reader.paragraphs, comments, reader.tables)


class _BodyReader:
    def __init__(self, path: Path):
        self.path = path
        self.paragraphs: list[WordParagraph] = []
        self.tables: list[WordTable] = []
        self.starts: dict[str, Anchor] = {}
        self.ends: dict[str, Anchor] = {}
        self.references: dict[str, Anchor] = {}
        #: Characters of the paragraph read so far: where a comment mark met now sits.
        self.offset = 0
        self.cells = 0
        self.cell_chars = 0
        #: Inside text both inserted and deleted by reviewers: it is read as no text at all.
        self.ghost = 0
        #: The move ranges open where the reader is, by side ("From", "To"): (w:id, w:name).
        self.moves: dict[str, list[tuple[str, str]]] = {"From": [], "To": []}

    def block(self, container, in_table: bool) -> None:
        for child in container:
            tag = _local(child.tag)
            if tag == "p":
                self.paragraph(child, in_table)
            elif tag == "tbl":
                self.table(child)
            elif tag in ("sdt", "sdtContent", "customXml", "ins", "del"):
                self.block(child, in_table)
            else:
                self._move_range(child, tag)

    def _move_range(self, element, tag: str) -> bool:
        """Open or close a move range (between paragraphs, or in one): the moved text inside
        it carries its name."""
        for side in ("From", "To"):
            if tag == f"move{side}RangeStart":
                self.moves[side].append((element.get(_w("id")) or "", element.get(_w("name")) or ""))
                return True
            if tag == f"move{side}RangeEnd":
                number = element.get(_w("id")) or ""
                self.moves[side] = [r for r in self.moves[side] if r[0] != number]
                return True
        return False

    def _move_name(self, tag: str) -> str | None:
        side = "From" if tag == "moveFrom" else "To" if tag == "moveTo" else None
        return self.moves[side][-1][1] or None if side and self.moves[side] else None

    def paragraph(self, element, in_table: bool) -> WordParagraph:
        if len(self.paragraphs) >= MAX_PARAGRAPHS:
            raise UnsafeFile(self.path, f"has more than {MAX_PARAGRAPHS} paragraphs: refused")
        style = element.find(f"{_w('pPr')}/{_w('pStyle')}")
        paragraph = WordParagraph(len(self.paragraphs), style.get(_w("val")) if style is not None else None,
                                  in_table=in_table)
        self.paragraphs.append(paragraph)
        marks = [m for m in element.findall(f"{_w('pPr')}/{_w('rPr')}/*") if _local(m.tag) in ("ins", "del")]
        if len(marks) == 1:  # both: one reviewer deleted the mark another inserted, no change
            paragraph.mark_change = Piece("", _REVISIONS[_local(marks[0].tag)], marks[0].get(_w("author")),
                                          _day(marks[0].get(_w("date"))))
        self.offset = 0
        self._inline(element, paragraph, ("keep", None, None, None))
        paragraph.pieces = _merged(paragraph.pieces)
        return paragraph

    def _inline(self, element, paragraph: WordParagraph, revision: _Revision) -> None:
        for child in element:
            tag = _local(child.tag)
            if tag in _SKIPPED:
                continue
            if tag in _REVISIONS:
                op = _REVISIONS[tag]
                if revision[0] != "keep" and op != revision[0]:
                    # A reviewer deleted text another had inserted (Word nests the w:del in the
                    # w:ins): it was never the draft's and is not in the reviewed text either.
                    # Read as a deletion, it made the paragraph's original words differ from the
                    # draft's, and its other tracked changes were no longer proposed as edits.
                    self.ghost += 1
                    self._inline(child, paragraph, revision)
                    self.ghost -= 1
                    continue
                self._inline(child, paragraph, (op, child.get(_w("author")), _day(child.get(_w("date"))),
                                                self._move_name(tag)))
            elif tag in ("t", "delText"):
                self._text(paragraph, child.text or "", revision)
            elif tag == "tab":
                self._text(paragraph, "\t", revision)
            elif tag in ("br", "cr"):
                self._text(paragraph, "\n", revision)
            elif tag == "noBreakHyphen":
                self._text(paragraph, "-", revision)
            elif tag == "bookmarkStart":
                name = child.get(_w("name")) or ""
                if name.startswith("cm_"):
                    paragraph.marks.append(name)
            elif tag == "commentRangeStart":
                self.starts.setdefault(child.get(_w("id")) or "", self._here(paragraph))
            elif tag == "commentRangeEnd":
                self.ends.setdefault(child.get(_w("id")) or "", self._here(paragraph))
            elif tag == "commentReference":
                self.references.setdefault(child.get(_w("id")) or "", self._here(paragraph))
            elif tag == "p":
                # A paragraph nested in a text box: its text is not the draft's; skip it.
                continue
            elif not self._move_range(child, tag):
                self._inline(child, paragraph, revision)

    def _text(self, paragraph: WordParagraph, text: str, revision: _Revision) -> None:
        if text and not self.ghost:
            piece = Piece(nfc(text), *revision)
            paragraph.pieces.append(piece)
            self.offset += len(piece.text)

    def _here(self, paragraph: WordParagraph) -> Anchor:
        return Anchor(paragraph.index, self.offset)

    def _count_cell(self, text: str) -> None:
        # A spanned or vertically merged cell repeats its text: each copy is a cell the import
        # reads as a table, so it counts, as in a CSV or a sheet.
        self.cells += 1
        self.cell_chars += len(text)
        if self.cells > MAX_CELLS:
            raise UnsafeFile(self.path, f"has more than {MAX_CELLS:,} table cells: refused")
        if self.cell_chars > MAX_TEXT_CHARS:
            raise UnsafeFile(self.path, f"has more than {MAX_TEXT_CHARS:,} characters of text in its tables: refused")

    def table(self, element) -> None:
        rows: list[list[str]] = []
        marks: set[str] = set()
        first = len(self.paragraphs)
        above: dict[int, str] = {}
        for row in element.findall(_w("tr")):
            cells: list[str] = []
            for cell in row.findall(_w("tc")):
                properties = cell.find(_w("tcPr"))
                span, merged = 1, False
                if properties is not None:
                    grid = properties.find(_w("gridSpan"))
                    span = _count(grid.get(_w("val"))) or 1 if grid is not None else 1
                    vmerge = properties.find(_w("vMerge"))
                    merged = vmerge is not None and vmerge.get(_w("val"), "continue") == "continue"
                start = len(self.paragraphs)
                self.block(cell, in_table=True)
                own = self.paragraphs[start:]
                for paragraph in own:
                    marks.update(paragraph.marks)
                text = "\n".join(p.revised for p in own).strip()
                if merged and not text:
                    text = above.get(len(cells), "")
                for _ in range(min(span, 64)):
                    above[len(cells)] = text
                    cells.append(text)
                    self._count_cell(text)
            rows.append(cells)
        self.tables.append(WordTable(rows, marks, first))


def _merged(pieces: list[Piece]) -> list[Piece]:
    """Adjacent pieces with the same op, author and date as one (Word splits runs freely),
    joined once per group: adding each run's text to the growing piece copied it every time."""
    merged: list[Piece] = []
    for key, group in itertools.groupby(pieces, key=lambda p: (p.op, p.author, p.date, p.move)):
        texts = [p.text for p in group]
        merged.append(Piece("".join(texts), *key))
    return merged


def _comments(archive: OfficeZip, path: Path) -> list[WordComment]:
    if not archive.has("word/comments.xml"):
        return []
    found: list[WordComment] = []
    root = archive.xml("word/comments.xml")
    count = sum(1 for _ in root.iter(_w("comment")))
    if count > MAX_COMMENTS:
        raise UnsafeFile(path, too_many(count, "Word comments"))
    #: The w14:paraId of each comment's paragraphs (commentsExtended.xml names the last one).
    paragraph_ids: dict[str, int] = {}
    for element in root.iter(_w("comment")):
        for paragraph in element.iter(_w("p")):
            paragraph_id = (paragraph.get(f"{{{W14}}}paraId") or "").upper()
            if paragraph_id:
                paragraph_ids.setdefault(paragraph_id, len(found))
        paragraphs = []
        for paragraph in element.iter(_w("p")):
            paragraphs.append("".join(_comment_text(paragraph)))
        text = nfc("\n".join(paragraphs).strip())
        comment_id = element.get(_w("id")) or ""
        author = (element.get(_w("author")) or "").strip() or None
        if len(text) > MAX_COMMENT_CHARS:
            raise UnsafeFile(path, f"comment {comment_id} by {author or 'an unknown author'} is {len(text):,} characters "
                                   f"long; cm imports comments of up to {MAX_COMMENT_CHARS:,}: shorten or split it")
        found.append(WordComment(comment_id, author, _day(element.get(_w("date"))), text))
    return _threads(archive, found, paragraph_ids)


def _threads(archive: OfficeZip, comments: list[WordComment], paragraph_ids: dict[str, int]) -> list[WordComment]:
    """The comments that open a thread, each with its replies folded in (a reply to a reply
    joins the thread's first comment); a reply is no new comment on the draft. Without
    word/commentsExtended.xml (LibreOffice before 7.2, Word before 2013) every comment stands
    alone, as those write them."""
    if not archive.has("word/commentsExtended.xml"):
        return comments
    parents: dict[int, int] = {}
    for entry in archive.xml("word/commentsExtended.xml").iter(f"{{{W15}}}commentEx"):
        number = paragraph_ids.get((entry.get(f"{{{W15}}}paraId") or "").upper())
        if number is None:
            continue
        if (entry.get(f"{{{W15}}}done") or "").lower() in ("1", "true", "on"):
            comments[number].done = True
        parent_id = (entry.get(f"{{{W15}}}paraIdParent") or "").upper()
        if not parent_id:
            continue
        parent = paragraph_ids.get(parent_id)
        if parent is None or parent == number:
            comments[number].orphan_reply = True
        else:
            parents[number] = parent
    known: dict[int, int] = {}
    roots: list[WordComment] = []
    for number, comment in enumerate(comments):
        root = _root(number, parents, known)
        if root == number:
            roots.append(comment)
        else:
            comments[root].replies.append(comment)
            comments[root].done = comments[root].done or comment.done
    return roots


def _root(number: int, parents: dict[int, int], known: dict[int, int]) -> int:
    """The comment a reply's thread starts from, remembered for every comment on the way (a
    chain of replies is walked once); in a loop of parents, which no Word file has, the loop's
    first comment."""
    path, on_path = [number], {number}
    while path[-1] not in known and path[-1] in parents:
        step = parents[path[-1]]
        if step in on_path:
            root = min(path[path.index(step):])
            break
        path.append(step)
        on_path.add(step)
    else:
        root = known.get(path[-1], path[-1])
    for member in path:
        known[member] = root
    return root


# A comment's tabs, line breaks (Shift+Enter) and non-breaking hyphens, read as the body's are:
# reading its w:t alone ran the words on both sides of them together.
_COMMENT_MARKS = {_w("tab"): "\t", _w("br"): "\n", _w("cr"): "\n", _w("noBreakHyphen"): "-"}


def _comment_text(paragraph) -> Iterator[str]:
    for element in paragraph.iter(_w("t"), *_COMMENT_MARKS):
        yield element.text or "" if element.tag == _w("t") else _COMMENT_MARKS[element.tag]


def _identifier(archive: OfficeZip) -> str | None:
    if not archive.has("docProps/core.xml"):
        return None
    element = archive.xml("docProps/core.xml").find(f"{{{DC}}}identifier")
    return (element.text or "").strip() or None if element is not None else None


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _count(value: str | None) -> int | None:
    """An XML count: ASCII digits only (str.isdigit also takes '²', which int() refuses), at most 9 of them."""
    return int(value) if value and value.isascii() and value.isdigit() and len(value) <= 9 else None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
