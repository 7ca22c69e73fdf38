"""The XLSX matrix against its floor: cm's renderer (render/xlsx.py: styles, row heights, print
setup, fixed timestamps) against openpyxl's write-only mode appending the same cell values (no
styles, no heights, its default save), and against the sheet XML written directly.

    python benchmarks/floor_xlsx.py build/bench2/c10000            # Markdown table, 3 runs each
    python benchmarks/floor_xlsx.py build/bench2/c10000 --repeat 5 --json

In one process: the project is loaded through cm's loader (the parse cache may be warm), the
matrix view and its table built once; then cm's renderer and each floor writer run on the same
rows, alternating, --repeat times each; the medians are printed. The floor writers are written
for this comparison only: cm never imports them.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook

from commentmatrix.model import display_width, segmentation
from commentmatrix.read.loader import load_project
from commentmatrix.render.xlsx import render_xlsx
from commentmatrix.render.zipstamp import build_time
from commentmatrix.views.labels import project_words
from commentmatrix.views.matrix import MatrixOptions, build_matrix
from commentmatrix.views.table import matrix_columns, matrix_table

Table = tuple[list[str], list[list[str]]]


def openpyxl_floor(header: list[str], rows: list[list[str]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Comments matrix")
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>",
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>",
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Comments matrix" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>",
}


def sheet_xml_floor(header: list[str], rows: list[list[str]]) -> bytes:
    """The least an XLSX of these cells takes: the sheet's XML with inline strings, deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for number, values in enumerate([header, *rows], start=1):
                cells = "".join(f'<c t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
                                for value in values if value)
                sheet.write(f'<row r="{number}">{cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def cold_caches() -> None:
    """Forget what the widths and word breaks memoise, as a fresh `cm render` starts without it."""
    for module in (display_width, segmentation):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def timed(write: Callable[[], bytes]) -> float:
    start = time.perf_counter()
    write()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="the project (e.g. build/bench2/c10000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="one line of JSON instead of a table")
    arguments = parser.parse_args()
    project = load_project(arguments.root)
    with project_words(project.label_overrides):
        view = build_matrix(project, None, MatrixOptions())
        keys = matrix_columns(view)
        header, rows, decisions = matrix_table(view)
    stamp = build_time()

    def cm() -> bytes:
        cold_caches()
        with project_words(project.label_overrides):
            return render_xlsx("Comments matrix", keys, header, rows, decisions, stamp)

    floors = {"openpyxl write-only": lambda: openpyxl_floor(header, rows),
              "direct sheet XML": lambda: sheet_xml_floor(header, rows)}
    times: dict[str, list[float]] = {"cm": [], **{label: [] for label in floors}}
    for _ in range(arguments.repeat):
        times["cm"].append(timed(cm))
        for label, write in floors.items():
            times[label].append(timed(write))
    median = {label: statistics.median(found) for label, found in times.items()}
    results = [{"label": f"matrix XLSX vs {label}", "cm": round(median["cm"], 3), "floor": round(median[label], 3),
                "ratio": round(median["cm"] / median[label], 2), "rows": len(rows)} for label in floors]
    if arguments.json:
        print(json.dumps(results))
        return
    print("| comparison | rows | cm | floor | ratio |\n|---|---|---|---|---|")
    for result in results:
        print(f"| {result['label']} | {result['rows']:,} | {result['cm']:.2f} s | {result['floor']:.2f} s | "
              f"{result['ratio']:.2f}× |")


if __name__ == "__main__":
    main()
