"""Time `cm import` on the hostile inputs of issue 20, item 7, each in a fresh process on a fresh
copy of the example project, beside a floor measured in the same run (an ordinary three-row CSV).

    python benchmarks/import_limits.py [--timeout 120] [--only NAME ...]

Prints a Markdown table: the file's size, exit code, elapsed seconds, CPU seconds and peak memory
(/usr/bin/time), and cm's last line on stderr (or stdout). A run past the timeout is killed and
shown as such. Not a test: the figures go in docs/limits.md.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import hostile_imports as make  # noqa: E402
from conftest import copy_example  # noqa: E402

CASES = {
    "floor: an ordinary 3-row CSV": ("table", lambda p: make.rows_csv(p / "ordinary.csv", 3)),
    "widening: 946-byte-class DOCX, 100,000 equal words": ("docx", lambda p: make.widening_docx(p / "widen.docx", 100_000)),
    "widening: 4,000 changes in one paragraph of a repeated word": ("docx", lambda p: make.many_changes_docx(p / "changes.docx", 4_000)),
    "CSV of 20,000 rows": ("table", lambda p: make.rows_csv(p / "rows.csv", 20_000)),
    "XLSX with 3,000 merged ranges of 10,000 cells": ("table", lambda p: make.merged_xlsx(p / "merged.xlsx", 3_000)),
    "XLSX: one 20,000-char shared string in 256,000 cells": ("table", lambda p: make.shared_string_xlsx(p / "shared.xlsx", 1_000)),
    "tracked change split into 80,000 runs": ("docx", lambda p: make.split_change_docx(p / "runs.docx", 80_000)),
    "200,000 Word comments": ("docx", lambda p: make.many_comments_docx(p / "comments.docx", 200_000)),
}


def measure(root: Path, kind: str, path: Path, timeout: float) -> tuple[str, str, str, str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1893456000"}
    command = ["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m", "commentmatrix", "import", kind, str(path),
               "-s", "viet-nam", "-C", str(root)]
    # A session of its own, so a run past the timeout is ended with cm itself, not only /usr/bin/time.
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return "killed", f"> {timeout:.0f}", "", "", f"still running after {timeout:.0f} s"
    done = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    lines = [line for line in done.stderr.strip().splitlines() if not line.startswith("Command exited")]
    elapsed, user, system, kib = lines[-1].split()
    said = next((line for line in lines[:-1] if line.startswith("cm: ") and "nothing was imported" not in line), "")
    said = said or (done.stdout.strip().splitlines() or [""])[-1]
    return (str(done.returncode), f"{float(elapsed):.2f}", f"{float(user) + float(system):.2f}",
            f"{int(kib) / 1024:,.0f}", said[:110])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--only", nargs="*", default=None, help="case names containing these words")
    options = parser.parse_args()
    print("| input | file | exit | elapsed s | CPU s | peak MiB | cm says |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for number, (label, (kind, build)) in enumerate(CASES.items()):
            if options.only and not label.startswith("floor") and not any(word in label for word in options.only):
                continue
            root = copy_example(Path(folder) / f"p{number}")
            made = Path(folder) / f"in{number}"
            made.mkdir()
            path = build(made)
            size = path.stat().st_size
            code, elapsed, cpu, mib, said = measure(root, kind, path, options.timeout)
            print(f"| {label} | {size:,} B | {code} | {elapsed} | {cpu} | {mib} | {said.replace('|', '/')} |", flush=True)


if __name__ == "__main__":
    main()
