"""The performance benchmark: `cm` on consultations of 1,000 / 10,000 / 100,000 comments,
measured against the floor of reading the same files with ruamel.yaml's C parser.

    python benchmarks/run.py                      # all three sizes, 3 runs each (median)
    python benchmarks/run.py --sizes 1000 --repeat 5

Needs only the installed package (pip install -e .). Projects are generated once by
benchmarks/generate.py into --work (default build/bench) and reused. Every measurement is a fresh
process, timed from start to exit (what a user waits for), with its peak resident memory:
- floor: a bare parse of every YAML file of the project with the C parser, the cyclic garbage
  collector off (its fastest): `CSafeLoader(text).get_single_node()` (compose, keeps line and
  column), and `YAML(typ="safe").load` for comparison;
- `cm validate` and `cm status --json`, cold (an empty parse cache) and warm (the cache filled
  by an earlier run, then one comment file changed);
- `cm render matrix --format xlsx` and `--format html`, `cm render draft --changes tracked`
  (warm cache: rendering is what is measured);
- `cm status` on the example project at the repository root, warm.
Prints a Markdown table (median of --repeat runs) with each time's ratio to the compose floor.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

STAKEHOLDERS = {1_000: 100, 10_000: 200, 100_000: 500}
FLOOR_CODE = """
import gc, sys, time
from pathlib import Path
from ruamel.yaml import YAML
from ruamel.yaml.cyaml import CSafeLoader
root = Path(sys.argv[1])
files = [root / "cm.yaml", *sorted((root / "drafts").glob("*.yaml")), *sorted((root / "comments").rglob("*.yaml"))]
gc.disable()
for path in files:
    text = path.read_text(encoding="utf-8")
    if sys.argv[2] == "compose":
        CSafeLoader(text).get_single_node()
    else:
        YAML(typ="safe").load(text)
"""


def cm_command() -> list[str]:
    script = Path(sys.executable).parent / "cm"
    if script.exists():
        return [str(script)]
    found = shutil.which("cm")
    if not found:
        sys.exit("cm is not installed in this Python: pip install -e .")
    return [found]


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one run (which must succeed)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}): {process.stderr.read().decode(errors='replace')[-2000:]}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def touch_one_file(root: Path, run: int) -> None:
    """Change one comment's text in the largest comment file, as an editor would."""
    largest = max((root / "comments").glob("*.yaml"), key=lambda p: p.stat().st_size)
    text = largest.read_text(encoding="utf-8")
    marker = "      en: "
    at = text.index(marker) + len(marker)
    text = text[:at] + f"(edited {run}) " + text[at:].removeprefix(f"(edited {run - 1}) ")
    largest.write_text(text, encoding="utf-8")


def project(work: Path, comments: int) -> tuple[Path, str]:
    root = work / f"c{comments}"
    if not (root / "cm.yaml").exists():
        shutil.rmtree(root, ignore_errors=True)
        made = generate(root, comments, STAKEHOLDERS.get(comments, max(1, comments // 200)))
        (root / ".generated").write_text(f"{made.files} files, {made.bytes / 2**20:.1f} MiB, "
                                         f"{made.applied_edits} applied edits", encoding="utf-8")
    return root, (root / ".generated").read_text(encoding="utf-8")


def measure(label: str, runs: list[tuple[float, float]], floor: float | None, rows: list[str]) -> float:
    wall = statistics.median(r[0] for r in runs)
    memory = max(r[1] for r in runs)
    ratio = f"{wall / floor:.2f}" if floor else ""
    rows.append(f"| {label} | {wall:.2f} | {ratio} | {memory:.0f} |")
    print(rows[-1], flush=True)
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comment counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=REPO / "build" / "bench")
    args = parser.parse_args()
    cm = cm_command()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
          f"{platform.machine()}, {platform.system()} {platform.release()}")
    rows = ["| measurement | wall s (median) | x floor | peak RSS MiB |", "|---|---:|---:|---:|"]
    print("\n".join(rows), flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        root, description = project(args.work, size)
        rows.append(f"| **{size:,} comments** ({description}) | | | |")
        print(rows[-1], flush=True)
        env = dict(os.environ)
        floor_runs = [timed([sys.executable, "-c", FLOOR_CODE, str(root), "compose"], root, env) for _ in range(args.repeat)]
        floor = measure("floor: C parser, compose with marks", floor_runs, None, rows)
        measure("C parser, YAML(typ='safe').load", [timed([sys.executable, "-c", FLOOR_CODE, str(root), "safe"], root, env)
                                                     for _ in range(args.repeat)], floor, rows)
        for command in (["validate"], ["status", "--json"]):
            cold = []
            for _ in range(args.repeat):
                with tempfile.TemporaryDirectory() as empty:
                    cold.append(timed([*cm, *command], root, {**env, "CM_CACHE_DIR": empty}))
            measure(f"cm {' '.join(command)}, cold", cold, floor, rows)
        with tempfile.TemporaryDirectory() as cache:
            warm_env = {**env, "CM_CACHE_DIR": cache}
            timed([*cm, "validate"], root, warm_env)
            for command in (["validate"], ["status", "--json"]):
                warm = []
                for run in range(args.repeat):
                    touch_one_file(root, run + 1)
                    warm.append(timed([*cm, *command], root, warm_env))
                measure(f"cm {' '.join(command)}, warm (one file changed)", warm, floor, rows)
            out = args.work / "out"
            out.mkdir(exist_ok=True)
            renders = ((["render", "matrix", "--format", "xlsx", "-o", str(out / "matrix.xlsx")], "cm render matrix --format xlsx"),
                       (["render", "matrix", "--format", "html", "-o", str(out / "matrix.html")], "cm render matrix --format html"),
                       (["render", "draft", "--changes", "tracked", "-o", str(out / "draft.docx")], "cm render draft --changes tracked"))
            for command, label in renders:
                measure(label, [timed([*cm, *command], root, warm_env) for _ in range(args.repeat)], floor, rows)
    with tempfile.TemporaryDirectory() as cache:
        example_env = {**os.environ, "CM_CACHE_DIR": cache}
        timed([*cm, "status"], REPO, example_env)
        rows.append("| **example project** (repository root, 22 comments) | | | |")
        print(rows[-1])
        measure("cm status, warm", [timed([*cm, "status"], REPO, example_env) for _ in range(max(args.repeat, 5))], None, rows)
        measure("cm --help", [timed([*cm, "--help"], REPO, example_env) for _ in range(max(args.repeat, 5))], None, rows)


if __name__ == "__main__":
    main()
