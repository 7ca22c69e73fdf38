"""cm writes the sheet's rows itself (render/xlsx.py `_RowWriter`, elements kept from row to
row): the file must be the one openpyxl's own row writer makes from the same cells, byte for
byte, whatever the texts hold."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl.worksheet._writer import WorksheetWriter

from commentmatrix.render import xlsx

STAMP = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC)
KEYS = ("id", "stakeholder", "comment", "decision", "note")
HEADER = ["No.", "Stakeholder", "Comment / 意见", "Decision", "Note"]
# Each column turns from text to empty and back, and from text with closing or leading white
# space (kept, and said so in the cell) to text without: what a kept element carries from one
# row must never show in the next.
ROWS = [
    ["LAO-1", "Lao PDR\n老挝", "  indented", "Accepted", "trailing space "],
    ["LAO-2", "", "plain", "", ""],
    ["", "Thailand\nประเทศไทย", "\ttab first", "Rejected", "no space"],
    ["TH-1", "Cambodia", "", "Noted", " both "],
    ["TH-2", "x", "=SUM(A1:A3) is text, not a formula", "", "<b>&amp; \"quoted\" 'single'</b>\r"],
    # openpyxl would read an error code as an error value: a stakeholder's "#N/A" is text.
    ["TH-3", "#N/A", "#DIV/0!", "Accepted", ""],
    ["TH-4", "ສົ່ງເສີມ\nពង្រឹង", "Bảo vệ môi trường 👍🏽", "Partially", "next row"],
    ["TH-5", "", "  ", "", "\n"],
]
DECISIONS = ["accepted", "", "rejected", "noted", "", "accepted", "partially", ""]


def rendered(title: str = "Comments matrix") -> bytes:
    return xlsx.render_xlsx(title, KEYS, HEADER, ROWS, DECISIONS, STAMP)


def test_rows_have_the_bytes_of_openpyxls_own_row_writer(monkeypatch: pytest.MonkeyPatch):
    ours = rendered()
    monkeypatch.setattr(xlsx._RowWriter, "write_row", WorksheetWriter.write_row)
    theirs = rendered()
    assert ours == theirs


def test_the_cases_above_are_in_the_sheet():
    # The comparison above means something only if the sheet holds what it is meant to test.
    with zipfile.ZipFile(io.BytesIO(rendered())) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("ascii")
    assert sheet.count('xml:space="preserve"') == 7
    assert '<c r="B7" s="2" t="inlineStr"><is><t>#N/A</t></is></c>' in sheet and 't="e"' not in sheet
    assert '<c r="A4" s="2" t="inlineStr"></c>' in sheet
    assert "<f>" not in sheet and "=SUM(A1:A3) is text" in sheet
