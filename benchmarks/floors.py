"""What every benchmarks/floor_*.py shares (this module is not one: run.py runs floor_*.py): its command line, its timing and its report.

    python benchmarks/floor_X.py PROJECT_ROOT [--repeat N] [--json]

A floor script times cm's own work against a minimal writer of the same content (the floor), in
one process, alternating the two so that a change in the machine's load falls on both, and
reports the medians. With --json it prints one line, `[{"label", "cm", "floor", "ratio",
"rows"}]`, which benchmarks/run.py collects into its table; without, a small Markdown table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Row = dict[str, Any]


def arguments(doc: str | None, repeat: int = 3) -> argparse.Namespace:
    """The floor scripts' command line; the project root made absolute."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    parser.add_argument("root", type=Path, help="the project (e.g. build/bench/c10000)")
    parser.add_argument("--repeat", type=int, default=repeat, help="runs of each side (the median is kept)")
    parser.add_argument("--json", action="store_true", help="one line of JSON, for benchmarks/run.py")
    args = parser.parse_args()
    args.root = args.root.resolve()
    args.repeat = max(1, args.repeat)
    return args


def alternate(ours: Callable[[], object], theirs: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Seconds of each run of cm's side and of the floor, taken in turn."""
    cm_times: list[float] = []
    floor_times: list[float] = []
    for _ in range(repeat):
        for work, times in ((ours, cm_times), (theirs, floor_times)):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
    return cm_times, floor_times


def measured(label: str, cm_times: list[float], floor_times: list[float], rows: int) -> Row:
    cm, floor = statistics.median(cm_times), statistics.median(floor_times)
    return {"label": label, "cm": cm, "floor": floor, "ratio": cm / floor if floor else float("inf"), "rows": rows}


def report(rows: list[Row], as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows), flush=True)
        return
    print("| measurement | rows | cm s | floor s | ratio |\n|---|---:|---:|---:|---:|")
    for found in rows:
        print(f"| {found['label']} | {found['rows']:,} | {found['cm']:.3f} | {found['floor']:.3f} | {found['ratio']:.2f} |")
