"""The order of a section's paragraphs while new ones are put in: each insert in constant time.

Inserting into the section's list found the anchor by scanning it and shifted everything after
it: 8,000 inserts into one section of 20,000 paragraphs took 14 s. Here each paragraph points to
the one after it; the section's list is written once, when every insert is in (`settle`). The
result is the same as `list.insert` after the anchor (or at the end) would have given.
"""

from __future__ import annotations

from commentmatrix.revision import RevisedParagraph, RevisedSection


class ParagraphOrder:
    """One section's paragraphs as a chain. Paragraphs are told apart by identity: a broken
    draft may repeat an id, and the engine anchors on the paragraph its index holds."""

    def __init__(self, section: RevisedSection):
        self.section = section
        paragraphs = section.paragraphs
        self.head: RevisedParagraph | None = paragraphs[0] if paragraphs else None
        self.tail: RevisedParagraph | None = paragraphs[-1] if paragraphs else None
        self.following: dict[int, RevisedParagraph | None] = {
            id(paragraph): paragraphs[n + 1] if n + 1 < len(paragraphs) else None
            for n, paragraph in enumerate(paragraphs)}

    def put_after(self, anchor: RevisedParagraph, new: RevisedParagraph) -> None:
        self.following[id(new)] = self.following[id(anchor)]
        self.following[id(anchor)] = new
        if self.tail is anchor:
            self.tail = new

    def put_last(self, new: RevisedParagraph) -> None:
        self.following[id(new)] = None
        if self.tail is None:
            self.head = new
        else:
            self.following[id(self.tail)] = new
        self.tail = new

    def settle(self) -> None:
        """Write the chain back into the section's own list (the same list object)."""
        ordered = []
        paragraph = self.head
        while paragraph is not None:
            ordered.append(paragraph)
            paragraph = self.following[id(paragraph)]
        self.section.paragraphs[:] = ordered
