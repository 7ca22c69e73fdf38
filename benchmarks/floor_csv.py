"""The CSV matrix against its floor: cm's writer vs the csv module writing the same rows.

    python benchmarks/floor_csv.py PROJECT_ROOT [--repeat N] [--json]

In one process: the project is loaded through cm's own loader (the parse cache as the
environment sets it) and the matrix view built once (public audience, every language of
cm.yaml, grouped by stakeholder: `cm render matrix --format csv`'s defaults). Then, alternating,
--repeat times each (median printed):
- cm: what `cm render matrix --format csv` does after the view, the view made into the table of
  strings (views/table.py) and that table written (render/csv_table.py);
- floor: `csv.writer` writing the finished cells (the same strings, formula starts already
  neutralised) into a string, encoded as UTF-8.
The two outputs are checked to be the same bytes. With --json one line of JSON
`[{"label", "cm", "floor", "ratio", "rows"}]`, else a Markdown table.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import json
import statistics
import sys
import time
from pathlib import Path

from commentmatrix.cli.common import chosen_languages
from commentmatrix.engine import revise
from commentmatrix.read.loader import load_project
from commentmatrix.render.csv_table import neutralise, render_csv
from commentmatrix.views.matrix import MatrixOptions, MatrixView, build_matrix
from commentmatrix.views.table import matrix_table


def cm_writer(view: MatrixView) -> bytes:
    header, rows, _ = matrix_table(view)
    return render_csv(header, rows)


def floor_writer(cells: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(cells)
    return out.getvalue().encode("utf-8")


def measure(root: Path, repeat: int) -> dict[str, object]:
    project = load_project(root)
    gc.freeze()
    view = build_matrix(project, revise(project), MatrixOptions(languages=chosen_languages(project, None)))
    header, rows, _ = matrix_table(view)
    cells = [[neutralise(cell) for cell in row] for row in (header, *rows)]
    if cm_writer(view) != floor_writer(cells):
        sys.exit("floor_csv: the floor does not write the bytes cm writes")
    times: dict[str, list[float]] = {"cm": [], "floor": []}
    for _ in range(repeat):
        for name, write in (("cm", lambda: cm_writer(view)), ("floor", lambda: floor_writer(cells))):
            started = time.perf_counter()
            write()
            times[name].append(time.perf_counter() - started)
    cm, floor = statistics.median(times["cm"]), statistics.median(times["floor"])
    return {"label": "CSV matrix: cm vs csv.writer of the same cells", "cm": cm, "floor": floor,
            "ratio": cm / floor, "rows": len(rows)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="one line of JSON, for benchmarks/run.py")
    args = parser.parse_args()
    row = measure(args.root.resolve(), max(1, args.repeat))
    if args.json:
        print(json.dumps([row]))
        return
    print("| output | rows | cm s | floor s | ratio |\n|---|---:|---:|---:|---:|")
    print(f"| {row['label']} | {row['rows']:,} | {row['cm']:.3f} | {row['floor']:.3f} | {row['ratio']:.2f} |")


if __name__ == "__main__":
    main()
