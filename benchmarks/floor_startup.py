"""cm's start-up against its floor: a trivial Typer app that defines one pydantic model and prints
a rich table, the least a command on this stack does before it does anything.

The floor is the app's `status` command, which takes one option (`--project`/`-C`, a folder, as
every cm command does), as a real trivial command would: typer's option machinery (typer._adapters,
which checks values through pydantic) runs for it as for cm. With typer 0.29 it also runs for the
implicit `--help` option, so the option changes the floor by less than the noise (an older
typer, an earlier probe found, skipped it for a command without options).

    python benchmarks/floor_startup.py PROJECT_ROOT [--repeat N] [--json]

Every run is a fresh process, timed from start to exit, alternating, --repeat times each
(default 5; median printed): the app (written to a temporary file, run by this Python) against
`cm status` in PROJECT_ROOT (the example project at the repository root, its parse cache warmed
first) and against `cm --help`. With --json one line of JSON
`[{"label", "cm", "floor", "ratio", "rows"}]` (rows: the comments `cm status` counts, 0 for
--help), else a Markdown table. benchmarks/run.py runs it once, on the example.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TRIVIAL_APP = '''
from pathlib import Path
from typing import Optional

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

app = typer.Typer()


class Comment(BaseModel):
    id: str
    stakeholder: str
    decision: str | None = None


@app.command()
def status(project: Optional[Path] = typer.Option(None, "--project", "-C", file_okay=False)) -> None:
    comments = [Comment(id=f"C-{n}", stakeholder="mrc", decision="accepted" if n % 2 else None) for n in range(22)]
    table = Table("id", "stakeholder", "decision", title=str(project or Path.cwd().name))
    for comment in comments:
        table.add_row(comment.id, comment.stakeholder, comment.decision or "open")
    Console().print(table)


@app.command()
def version() -> None:
    print("0")


if __name__ == "__main__":
    app()
'''


def cm_command() -> list[str]:
    script = Path(sys.executable).parent / "cm"
    found = str(script) if script.exists() else shutil.which("cm")
    return [found] if found else [sys.executable, "-m", "commentmatrix"]


def wall(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def comments_in(root: Path, cm: list[str]) -> int:
    out = subprocess.run([*cm, "status", "--json"], cwd=root, capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout)
    return int(figures.get("totals", {}).get("comments", 0)) if isinstance(figures, dict) else 0


def measure(root: Path, repeat: int) -> list[dict[str, object]]:
    cm = cm_command()
    with tempfile.TemporaryDirectory() as scratch:
        app = Path(scratch) / "trivial_app.py"
        app.write_text(TRIVIAL_APP, encoding="utf-8")
        floor_command = [sys.executable, str(app), "status"]
        wall(floor_command, root)  # the app's own bytecode compiled, as cm's is installed
        rows = comments_in(root, cm)  # also fills the parse cache: start-up is measured warm
        results = []
        for label, command, counted in (("start-up: cm status on the example vs a trivial Typer + pydantic + rich app",
                                         [*cm, "status"], rows),
                                        ("start-up: cm --help vs the same app", [*cm, "--help"], 0)):
            times: dict[str, list[float]] = {"cm": [], "floor": []}
            for _ in range(repeat):
                times["cm"].append(wall(command, root))
                times["floor"].append(wall(floor_command, root))
            cm_s, floor_s = statistics.median(times["cm"]), statistics.median(times["floor"])
            results.append({"label": label, "cm": cm_s, "floor": floor_s, "ratio": cm_s / floor_s, "rows": counted})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="one line of JSON, for benchmarks/run.py")
    args = parser.parse_args()
    os.environ.setdefault("COLUMNS", "100")
    # An installed cm has its bytecode compiled: without it, every run would time the compiler.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    results = measure(args.root.resolve(), max(1, args.repeat))
    if args.json:
        print(json.dumps(results))
        return
    print("| measurement | cm s | floor s | ratio |\n|---|---:|---:|---:|")
    for row in results:
        print(f"| {row['label']} | {row['cm']:.3f} | {row['floor']:.3f} | {row['ratio']:.2f} |")


if __name__ == "__main__":
    main()
