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

import csv
import gc
import io
import sys
from pathlib import Path

from floors import Row, alternate, arguments, measured, report

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


def measure(root: Path, repeat: int) -> Row:
    project = load_project(root)
    gc.freeze()
    view = build_matrix(project, revise(project), MatrixOptions(languages=chosen_languages(project, None)))
    header, rows, _ = matrix_table(view)
    cells = [[neutralise(cell) for cell in row] for row in (header, *rows)]
    if cm_writer(view) != floor_writer(cells):
        sys.exit("floor_csv: the floor does not write the bytes cm writes")
    cm_times, floor_times = alternate(lambda: cm_writer(view), lambda: floor_writer(cells), repeat)
    return measured("CSV matrix: cm vs csv.writer of the same cells", cm_times, floor_times, len(rows))


def main() -> None:
    args = arguments(__doc__)
    report([measure(args.root, args.repeat)], args.json)


if __name__ == "__main__":
    main()
