"""Reading a reviewed .docx back as Word would show it: as is, all accepted, or all rejected.

python-docx's Paragraph.text drops text inside w:ins/w:del, so this walks the XML itself.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def body(path: Path):
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml")).find(_q("body"))


def paragraphs(path: Path, mode: str = "as-is") -> list[str]:
    """Text of every paragraph in document order. mode: as-is (no revisions allowed), accept, reject."""
    dropped, _unwrapped = {"accept": ("del", "ins"), "reject": ("ins", "del"), "as-is": (None, None)}[mode]
    found = []
    for paragraph in body(path).iter(_q("p")):
        if dropped and paragraph.find(f"w:pPr/w:rPr/w:{dropped}", NS) is not None:
            continue
        row = next(paragraph.iterancestors(_q("tr")), None)
        if dropped and row is not None and row.find(f"w:trPr/w:{dropped}", NS) is not None:
            continue
        found.append(_text(paragraph, dropped))
    return found


def _text(paragraph, dropped: str | None) -> str:
    pieces = []
    for element in paragraph.iter(_q("t"), _q("delText"), _q("br"), _q("tab")):
        if dropped and any(a.tag == _q(dropped) for a in element.iterancestors()):
            continue
        if element.tag == _q("br"):
            pieces.append("\n")
        elif element.tag == _q("tab"):
            pieces.append("\t")
        else:
            pieces.append(element.text or "")
    return "".join(pieces)


def revisions(path: Path) -> Counter:
    """(comment id, 'ins'|'del') -> how many revision marks, read from the author line "Name (ID)"."""
    counts: Counter = Counter()
    for element in body(path).iter(_q("ins"), _q("del")):
        author = element.get(_q("author"))
        match = re.search(r"\(([^()]+)\)$", author or "")
        counts[(match.group(1) if match else author, etree.QName(element).localname)] += 1
    return counts


def revision_ids(path: Path) -> list[str]:
    return [e.get(_q("id")) for e in body(path).iter(_q("ins"), _q("del"))]
