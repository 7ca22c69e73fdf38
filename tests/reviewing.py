"""A reviewer at work on a review copy, the way Word writes it: comments in word/comments.xml
anchored with w:commentRangeStart/End, tracked changes as w:ins/w:del with author and date,
replies and resolved comments in word/commentsExtended.xml."""

from __future__ import annotations

import copy
import io
import itertools
from pathlib import Path

from docx import Document
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

DATE = "2017-09-05T10:30:00Z"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


class Reviewer:
    def __init__(self, path: Path, author: str = "Nguyen Van An"):
        self.document = Document(str(path))
        self.author = author
        self.ids = itertools.count(900)
        #: comment id -> (id of the comment it replies to or None, done), for commentsExtended.xml
        self.threads: dict[int, tuple[int | None, bool]] = {}

    def paragraph(self, bookmark: str) -> Paragraph:
        for element in self.document.element.body.iter(qn("w:p")):
            if any(b.get(qn("w:name")) == bookmark for b in element.iter(qn("w:bookmarkStart"))):
                return Paragraph(element, self.document._body)
        raise KeyError(bookmark)

    def _split(self, paragraph: Paragraph, words: str) -> Run:
        """The run holding exactly `words` (split out of the one run that has them)."""
        for run in paragraph.runs:
            text = run.text
            start = text.find(words)
            if start == -1:
                continue
            pieces = [text[:start], words, text[start + len(words):]]
            element = run._r
            made = []
            for piece in pieces:
                clone = copy.deepcopy(element)
                for t in clone.findall(qn("w:t")):
                    clone.remove(t)
                t = OxmlElement("w:t")
                t.text = piece
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                clone.append(t)
                made.append(clone)
            for clone in made:
                element.addprevious(clone)
            element.getparent().remove(element)
            for clone in (made[0], made[2]):
                if not clone.find(qn("w:t")).text:
                    clone.getparent().remove(clone)
            return Run(made[1], paragraph)
        raise KeyError(words)

    def _mark(self, tag: str, author: str | None):
        mark = OxmlElement(tag)
        mark.set(qn("w:id"), str(next(self.ids)))
        mark.set(qn("w:author"), author or self.author)
        mark.set(qn("w:date"), DATE)
        return mark

    def replace(self, bookmark: str, old: str, new: str, author: str | None = None) -> None:
        run = self._split(self.paragraph(bookmark), old)
        deletion = self._mark("w:del", author)
        run._r.addprevious(deletion)
        if new:
            inserted = copy.deepcopy(run._r)
            inserted.find(qn("w:t")).text = new
            insertion = self._mark("w:ins", author)
            insertion.append(inserted)
            deletion.addnext(insertion)
        deletion.append(run._r)
        run._r.find(qn("w:t")).tag = qn("w:delText")

    def insert(self, bookmark: str, after: str, new: str, author: str | None = None) -> None:
        """Type `new` right after the words `after`."""
        run = self._split(self.paragraph(bookmark), after)
        inserted = copy.deepcopy(run._r)
        inserted.find(qn("w:t")).text = new
        insertion = self._mark("w:ins", author)
        insertion.append(inserted)
        run._r.addnext(insertion)

    def delete_paragraph(self, bookmark: str, author: str | None = None) -> None:
        paragraph = self.paragraph(bookmark)
        for run in list(paragraph.runs):
            deletion = self._mark("w:del", author)
            run._r.addprevious(deletion)
            deletion.append(run._r)
            for t in run._r.findall(qn("w:t")):
                t.tag = qn("w:delText")
        properties = paragraph._p.get_or_add_pPr()
        run_properties = properties.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = OxmlElement("w:rPr")
            properties.append(run_properties)
        run_properties.append(self._mark("w:del", author))

    def add_paragraph(self, after_bookmark: str, text: str, author: str | None = None) -> None:
        """Press Enter at the end of a paragraph and type: a new paragraph, all of it inserted."""
        anchor = self.paragraph(after_bookmark)
        element = OxmlElement("w:p")
        properties = copy.deepcopy(anchor._p.pPr) if anchor._p.pPr is not None else OxmlElement("w:pPr")
        run_properties = properties.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = OxmlElement("w:rPr")
            properties.append(run_properties)
        run_properties.append(self._mark("w:ins", author))
        element.append(properties)
        run = copy.deepcopy(anchor.runs[0]._r)
        run.find(qn("w:t")).text = text
        insertion = self._mark("w:ins", author)
        insertion.append(run)
        element.append(insertion)
        anchor._p.addnext(element)

    def comment(self, bookmark: str, words: str, text: str, author: str | None = None) -> int:
        run = self._split(self.paragraph(bookmark), words)
        comment = self.document.add_comment(run, text=text, author=author or self.author, initials="NVA")
        comment._comment_elm.set(qn("w:date"), DATE)
        self.threads[comment.comment_id] = (None, False)
        return comment.comment_id

    def reply(self, parent: int, text: str, author: str, done: bool = False) -> int:
        """Reply in the comment's thread, as Word does: a comment of its own in comments.xml
        with its range marks beside the parent's, and in commentsExtended.xml a w15:commentEx
        whose w15:paraIdParent is the paraId of the parent's last paragraph."""
        comment = self.document.comments.add_comment(text=text, author=author, initials=author[:2])
        comment._comment_elm.set(qn("w:date"), DATE)
        body = self.document.element.body
        for tag in ("w:commentRangeStart", "w:commentRangeEnd"):
            mark = next(e for e in body.iter(qn(tag)) if e.get(qn("w:id")) == str(parent))
            own = OxmlElement(tag)
            own.set(qn("w:id"), str(comment.comment_id))
            mark.addnext(own)
        reference = next(e for e in body.iter(qn("w:commentReference")) if e.get(qn("w:id")) == str(parent))
        run = OxmlElement("w:r")
        mark = OxmlElement("w:commentReference")
        mark.set(qn("w:id"), str(comment.comment_id))
        run.append(mark)
        reference.getparent().addnext(run)
        self.threads[comment.comment_id] = (parent, done)
        return comment.comment_id

    def resolve(self, comment: int) -> None:
        """Mark a comment done (Word's "Resolve"): w15:done="1" on its w15:commentEx."""
        self.threads[comment] = (self.threads[comment][0], True)

    def _comments_extended(self) -> None:
        if not any(parent is not None or done for parent, done in self.threads.values()):
            return
        paras: dict[int, str] = {}
        for number, element in enumerate(self.document.part._comments_part.element.iter(qn("w:comment")), start=1):
            # Word gives every paragraph a w14:paraId; commentsExtended.xml names a comment by
            # that of its last paragraph.
            para_id = f"{0x1A2B0000 + number:08X}"
            element.findall(qn("w:p"))[-1].set(f"{{{W14}}}paraId", para_id)
            paras[int(element.get(qn("w:id")))] = para_id
        entries = []
        for comment_id, (parent, done) in self.threads.items():
            parent_attr = f' w15:paraIdParent="{paras[parent]}"' if parent is not None else ""
            entries.append(f'<w15:commentEx w15:paraId="{paras[comment_id]}"{parent_attr} w15:done="{int(done)}"/>')
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w15:commentsEx xmlns:w15="{W15}" '
               f'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w15">'
               f'{"".join(entries)}</w15:commentsEx>')
        part = Part(PackURI("/word/commentsExtended.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
                    xml.encode("utf-8"), self.document.part.package)
        self.document.part.relate_to(part, "http://schemas.microsoft.com/office/2011/relationships/commentsExtended")

    def comment_change(self, bookmark: str, text: str, author: str | None = None) -> None:
        """A comment on the tracked change of a paragraph, as Word anchors one selected over it."""
        paragraph = self.paragraph(bookmark)._p
        marks = [e for e in paragraph if e.tag in (qn("w:ins"), qn("w:del"))]
        comment = self.document.comments.add_comment(text=text, author=author or self.author, initials="NVA")
        comment._comment_elm.set(qn("w:date"), DATE)
        start, end = OxmlElement("w:commentRangeStart"), OxmlElement("w:commentRangeEnd")
        for element in (start, end):
            element.set(qn("w:id"), str(comment.comment_id))
        marks[0].addprevious(start)
        marks[-1].addnext(end)
        reference = OxmlElement("w:r")
        mark = OxmlElement("w:commentReference")
        mark.set(qn("w:id"), str(comment.comment_id))
        reference.append(mark)
        end.addnext(reference)

    def fill_table(self, rows: list[tuple[str, str, str, str]]) -> None:
        table = self.document.tables[-1]
        for number, values in enumerate(rows, start=1):
            for cell, value in zip(table.rows[number].cells, values):
                cell.paragraphs[0].add_run(value)

    def save(self, path: Path) -> Path:
        self._comments_extended()
        buffer = io.BytesIO()
        self.document.save(buffer)
        path.write_bytes(buffer.getvalue())
        return path


class Reworker(Reviewer):
    """A reviewer who moves text, joins and splits paragraphs, and types without Track Changes,
    as Word writes each: a move as w:moveFrom/w:moveTo between w:moveFromRangeStart/End and
    w:moveToRangeStart/End that share a w:name (ECMA-376 Part 1, 17.13.5.22-25, 17.13.2.23-28);
    a joined or split paragraph as its paragraph mark deleted or inserted, w:pPr/w:rPr/w:del or
    w:ins (17.13.5.15, 17.13.5.20)."""

    def _range(self, tag: str, name: str | None = None):
        mark = OxmlElement(tag)
        mark.set(qn("w:id"), str(next(self.ids)))
        if name is not None:
            mark.set(qn("w:author"), self.author)
            mark.set(qn("w:date"), DATE)
            mark.set(qn("w:name"), name)
        return mark

    def _moved(self, run: Run, side: str, name: str) -> None:
        """Wrap `run` as the source ("From") or destination ("To") of the move `name`."""
        start = self._range(f"w:move{side}RangeStart", name)
        wrapper = self._mark(f"w:move{side}", None)
        end = OxmlElement(f"w:move{side}RangeEnd")
        end.set(qn("w:id"), start.get(qn("w:id")))
        run._r.addprevious(start)
        start.addnext(wrapper)
        wrapper.addnext(end)
        wrapper.append(run._r)

    def move(self, bookmark: str, words: str, to_bookmark: str, after: str, name: str = "move496729013") -> None:
        """Cut `words` and paste them right after the words `after` (in the same paragraph or
        another), Track Changes on: Word records a move."""
        source = self._split(self.paragraph(bookmark), words)
        destination = self._split(self.paragraph(to_bookmark), after)
        pasted = copy.deepcopy(source._r)
        destination._r.addnext(pasted)
        self._moved(source, "From", name)
        self._moved(Run(pasted, destination._parent), "To", name)

    def _paragraph_mark(self, paragraph, tag: str) -> None:
        properties = paragraph.get_or_add_pPr()
        run_properties = properties.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = OxmlElement("w:rPr")
            properties.append(run_properties)
        run_properties.append(self._mark(tag, None))

    def join_next(self, bookmark: str) -> None:
        """Delete the paragraph's mark (Delete at its end): the next paragraph joins it."""
        self._paragraph_mark(self.paragraph(bookmark)._p, "w:del")

    def split(self, bookmark: str, after: str) -> None:
        """Press Enter right after the words `after`: the paragraph's first part ends with an
        inserted paragraph mark, the rest keeps the original mark (and the paragraph's end)."""
        paragraph = self.paragraph(bookmark)
        run = self._split(paragraph, after)
        first = copy.deepcopy(paragraph._p)
        for child in list(first):
            if child.tag != qn("w:pPr"):
                first.remove(child)
        for child in list(paragraph._p):
            if child is run._r:
                first.append(child)
                break
            if child.tag != qn("w:pPr"):
                first.append(child)
        paragraph._p.addprevious(first)
        self._paragraph_mark(first, "w:ins")

    def retype(self, bookmark: str, old: str, new: str) -> None:
        """Overtype `old` with `new`, Track Changes off: no w:ins/w:del, just other text."""
        run = self._split(self.paragraph(bookmark), old)
        run._r.find(qn("w:t")).text = new
