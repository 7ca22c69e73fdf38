"""CSV of the matrix or the synopsis, for scripts and spreadsheets.

A cell that starts with =, +, -, @ (or a tab or carriage return) is prefixed with an apostrophe:
spreadsheet programs would otherwise run a comment as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def render_csv(header: list[str], rows: list[list[str]], bom: bool = False) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")
