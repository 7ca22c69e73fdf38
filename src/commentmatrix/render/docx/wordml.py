"""WordprocessingML as text: the one place cm writes Word XML itself, for the long documents.

The matrix, synopsis, ISO form and summary are tables of tens of thousands of rows, the revised
draft thousands of paragraphs of tracked changes; python-docx's object model spends milliseconds
a comment on them (schema-ordered insertion, a grid look-up per row). Their body is written here
as text in one pass, to the same markup python-docx would make.
Every text goes through `text_xml`, which escapes it and drops what XML 1.0 cannot hold (C0
controls other than tab and newline, lone surrogates, U+FFFE and U+FFFF: lxml would refuse them,
Word would not open the file). A run's properties come from render/docx/text.run_format, the
decision the python-docx path uses too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from commentmatrix.render.docx.text import RunFormat

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MARKUP = re.compile("[&<>\t\n\r]")
#: What a text needs more than a w:t around it for: markup, breaks, or characters to drop.
_SPECIAL = re.compile("[\x00-\x1f&<>\ud800-\udfff\ufffe\uffff]")
_BREAKS = {"\t": "<w:tab/>", "\n": "<w:br/>", "\r": "<w:br/>"}
_HYPHEN = "<w:noBreakHyphen/>"
#: The colour and line of a synopsis change: a deletion struck through, an insertion underlined.
CHANGE_MARKS = {"delete": '<w:strike/><w:color w:val="B3261E"/>', "insert": '<w:color w:val="1E7B34"/><w:u w:val="single"/>'}


def clean(value: str) -> str:
    """`value` without the characters XML 1.0 forbids."""
    return _FORBIDDEN.sub("", value)


def _t(piece: str, *, preserve: bool = False) -> str:
    if not piece:
        return ""
    escaped = piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") if _MARKUP.search(piece) else piece
    if preserve or piece[0].isspace() or piece[-1].isspace():
        return f'<w:t xml:space="preserve">{escaped}</w:t>'
    return f"<w:t>{escaped}</w:t>"


def text_xml(value: str, *, unbroken: bool = False) -> str:
    """A run's content: w:t pieces, tabs and line breaks as python-docx makes them; with `unbroken`,
    each hyphen Word's no-break hyphen (an id never wraps at its hyphen)."""
    if _SPECIAL.search(value) is None and not (unbroken and "-" in value):
        # Most texts: nothing to escape, drop or break.
        if not value:
            return ""
        # Kept spaces as python-docx marks them: any that str.strip takes (an ideographic space
        # opening a Chinese paragraph, a no-break space), not the ASCII space alone.
        if value[0].isspace() or value[-1].isspace():
            return f'<w:t xml:space="preserve">{value}</w:t>'
        return f"<w:t>{value}</w:t>"
    value = clean(value)
    if not _MARKUP.search(value) and not (unbroken and "-" in value):
        return _t(value)
    out: list[str] = []
    for piece in re.split("([\t\n\r])", value):
        if piece in _BREAKS:
            out.append(_BREAKS[piece])
        elif unbroken:
            # The pieces after a hyphen keep their spaces, as python-docx's split of a w:t did.
            first, *rest = piece.split("-")
            out.append(_t(first) + "".join(_HYPHEN + (_t(part, preserve=True) if part else "") for part in rest))
        else:
            out.append(_t(piece))
    return "".join(out)


@lru_cache(maxsize=4096)
def properties_xml(found: RunFormat, change: str | None = None) -> str:
    """A run's w:rPr, its children in schema order (ECMA-376 17.3.2.28); empty when it has none."""
    out = []
    if found.style is not None:
        out.append(f'<w:rStyle w:val="{attribute(found.style)}"/>')
    if found.cs_font is not None or found.east_asian_hint:
        fonts = f' w:cs="{attribute(found.cs_font)}"' if found.cs_font is not None else ""
        hint = ' w:hint="eastAsia"' if found.east_asian_hint else ""
        out.append(f"<w:rFonts{fonts}{hint}/>")
    if found.bold:
        out.append("<w:b/><w:bCs/>")
    if found.italic:
        out.append("<w:i/><w:iCs/>")
    if change is not None:
        out.append(CHANGE_MARKS[change])
    if any(found.lang):
        tags = "".join(f' w:{name}="{attribute(value)}"' for name, value in zip(("val", "eastAsia", "bidi"), found.lang) if value)
        out.append(f"<w:lang{tags}/>")
    return f"<w:rPr>{''.join(out)}</w:rPr>" if out else ""


def run_xml(value: str, found: RunFormat, *, change: str | None = None, unbroken: bool = False) -> str:
    return f"<w:r>{properties_xml(found, change)}{text_xml(value, unbroken=unbroken)}</w:r>"


def run_with(properties: str, value: str, *, unbroken: bool = False) -> str:
    """run_xml with its w:rPr already written (properties_xml)."""
    return f"<w:r>{properties}{text_xml(value, unbroken=unbroken)}</w:r>"


def paragraph_xml(style: str | None, runs: str = "", *, space_after: int | None = None) -> str:
    """A paragraph in the style of that id (None: the default), `runs` its content."""
    return f"{paragraph_start(style, space_after)}{runs}</w:p>"


@lru_cache(maxsize=256)
def paragraph_start(style: str | None, space_after: int | None = None) -> str:
    """A paragraph's opening, its w:pPr included: paragraph_xml is this, the runs and `</w:p>`."""
    properties = f'<w:pStyle w:val="{attribute(style)}"/>' if style is not None else ""
    if space_after is not None:
        properties += f'<w:spacing w:after="{space_after}"/>'
    return f"<w:p><w:pPr>{properties}</w:pPr>" if properties else "<w:p>"


EMPTY_PARAGRAPH = "<w:p/>"


def table_start(style: str | None, widths: tuple[int, ...], *, fixed: bool = True) -> str:
    """A centred table of column widths (twips), `fixed` unless Word may widen a column to fit:
    w:tblPr and w:tblGrid, as python-docx sets them."""
    styled = f'<w:tblStyle w:val="{attribute(style)}"/>' if style is not None else ""
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    layout = '<w:tblLayout w:type="fixed"/>' if fixed else ""
    return (f'<w:tbl><w:tblPr>{styled}<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>{layout}'
            '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" '
            f'w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>')


TABLE_END = "</w:tbl>"
HEADER_ROW = '<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>'
ROW = "<w:tr>"
ROW_END = "</w:tr>"


def cell_xml(width: int, paragraphs: str, *, span: int | None = None, merge: str | None = None, fill: str | None = None) -> str:
    """A table cell `width` twips wide; `merge` is w:vMerge's value ("restart" or "continue")."""
    return f"{_cell_start(width, span, merge, fill)}{paragraphs or EMPTY_PARAGRAPH}</w:tc>"


@lru_cache(maxsize=256)
def _cell_start(width: int, span: int | None, merge: str | None, fill: str | None) -> str:
    properties = f'<w:tcW w:type="dxa" w:w="{width}"/>'
    if span is not None:
        properties += f'<w:gridSpan w:val="{span}"/>'
    if merge == "continue":  # w:val's default, as python-docx writes it
        properties += "<w:vMerge/>"
    elif merge is not None:
        properties += f'<w:vMerge w:val="{merge}"/>'
    if fill is not None:
        properties += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>"


# ---------------------------------------------------------------- tracked changes and bookmarks

def revision_xml(op: str, number: int, author: str, date: str | None) -> str:
    """An empty revision mark, w:ins for an insertion, else w:del (a paragraph's or row's mark)."""
    tag = "w:ins" if op == "insert" else "w:del"
    dated = f' w:date="{exact_attribute(date)}"' if date is not None else ""
    return f'<{tag} w:id="{number}" w:author="{exact_attribute(author)}"{dated}/>'


def revised_xml(op: str, mark: str, run: str) -> str:
    """`run` inside its revision mark (revision_xml); a deleted run's texts become w:delText."""
    if op == "delete":
        # Texts are escaped, so "<w:t" only ever opens a text element (w:tab is "<w:tab").
        run = run.replace("<w:t>", "<w:delText>").replace("<w:t ", "<w:delText ").replace("</w:t>", "</w:delText>")
    tag = "w:ins" if op == "insert" else "w:del"
    return f"{mark[:-2]}>{run}</{tag}>"


def bookmark_xml(number: int, name: str, content: str) -> str:
    """`content` inside a bookmark of that id and name."""
    return f'<w:bookmarkStart w:id="{number}" w:name="{exact_attribute(name)}"/>{content}<w:bookmarkEnd w:id="{number}"/>'


def revised_paragraph_xml(style: str | None, content: str, mark: str = "") -> str:
    """A paragraph as python-docx serialises it: its style, and `mark` (revision_xml) revising
    its paragraph mark, in w:pPr; `<w:p/>` when it has neither nor any content."""
    properties = (f'<w:pStyle w:val="{exact_attribute(style)}"/>' if style else "") + (f"<w:rPr>{mark}</w:rPr>" if mark else "")
    if not properties:
        return f"<w:p>{content}</w:p>" if content else EMPTY_PARAGRAPH
    return f"<w:p><w:pPr>{properties}</w:pPr>{content}</w:p>"


_PLAIN_ATTRIBUTE = re.compile("[^\x00-\x1f&<>\"\ud800-\udfff\ufffe\uffff]*")


def exact_attribute(value: str) -> str:
    """`value` inside a double-quoted attribute as lxml writes it, so that it reads back the same:
    a tab or line break as a character reference (a parser reads a raw one as a space; an
    author's name from a stakeholder file may hold one)."""
    if _PLAIN_ATTRIBUTE.fullmatch(value):
        # Most values (every bookmark name, most authors): nothing to escape.
        return value
    return attribute(value).replace(">", "&gt;").replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def attribute(value: str) -> str:
    """`value` inside a double-quoted attribute (a style id or font name from a reference)."""
    return _FORBIDDEN.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
