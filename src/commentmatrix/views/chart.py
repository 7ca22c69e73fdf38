"""Geometry of the stacked bar charts in the HTML matrix: decisions per stakeholder and per section.

Pure arithmetic so the template only draws rectangles; a project's template can restyle or drop
the charts without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass

from commentmatrix.model.segmentation import shorten
from commentmatrix.model.text import Lines
from commentmatrix.tally import DECISION_KEYS, Tally


@dataclass(frozen=True)
class BarPiece:
    decision: str
    x: float
    width: float
    count: int


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    total: int
    pieces: tuple[BarPiece, ...]


@dataclass(frozen=True)
class Chart:
    title: Lines
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: tuple[Bar, ...]


def stacked_bars(title: Lines, tallies: tuple[Tally, ...], width: int = 560, label_width: int = 230,
                 bar_height: int = 14, gap: int = 6, label_chars: int = 34) -> Chart:
    """One bar per tally, length proportional to its comments, split by decision."""
    largest = max((t.total for t in tallies), default=0) or 1
    room = width - label_width - 40  # leave space for the total printed after the bar
    bars = []
    for index, tally in enumerate(tallies):
        x = float(label_width)
        pieces = []
        for decision, count in zip(DECISION_KEYS, tally.counts):
            if count:
                length = round(room * count / largest, 2)
                pieces.append(BarPiece(decision, round(x, 2), length, count))
                x += length
        name = tally.label[0][1] if tally.label else tally.key
        name = shorten(name, label_chars)
        bars.append(Bar(name, index * (bar_height + gap), tally.total, tuple(pieces)))
    height = max(len(bars) * (bar_height + gap) - gap, bar_height)
    return Chart(title, width, height, label_width, bar_height, tuple(bars))
