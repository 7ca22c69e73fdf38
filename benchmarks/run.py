"""The performance benchmark: every output of `cm` beside its floor, measured in the same run, on
consultations of 1,000 / 10,000 / 100,000 comments.

    python benchmarks/run.py                      # all three sizes, 3 runs each (median)
    python benchmarks/run.py --sizes 1000 --repeat 5 --markdown build/bench/table.md
    python benchmarks/run.py --hints              # also "did you mean" hints at 5,000 comments
    python benchmarks/run.py --quick              # 1,000 comments, one run: checks the script works

Needs only the installed package (pip install -e .). Projects are generated once by
benchmarks/generate.py into --work (default build/bench) and reused. For each size:
- process timings, each a fresh process timed from start to exit (what a user waits for), with
  its peak resident memory, against the floor of reading the same files: a bare parse of every
  YAML file with ruamel.yaml's C parser, the cyclic garbage collector off (its fastest),
  `CSafeLoader(text).get_single_node()` (compose, keeps line and column); beside it the floor
  of any reader on this stack: compose, build the values from the nodes (no type resolution, no
  checks) with typer, pydantic and rich imported. Every fresh process is shown by wall clock and
  by CPU time (user + system), each against the floor's:
  `cm validate` and `cm status --json` cold (an empty parse cache) and warm (the cache filled,
  then one comment's words changed in the largest file, and then one comment's decision, one
  that proposes no edit); `cm render matrix` as docx, xlsx and html and
  `cm render draft --changes tracked` (warm: rendering is what is measured);
- one core: cold `cm validate` and `cm status --json` with the process pinned to one CPU (so cm
  starts no reading worker) against the floors pinned the same way (on a shared machine the
  pinned wall clock includes waiting for that CPU: the CPU columns are the cost); and on two
  CPUs with the worker turned off (CM_WORKERS=1), against the unpinned floor;
- every `benchmarks/floor_<output>.py` found (run with `ROOT --repeat N --json`): cm's renderer
  against a minimal writer of the same content, in one process, on the same view. A floor that
  is expected and missing, or that fails, has its row saying so.
Then start-up (`benchmarks/floor_startup.py`: `cm status` on the example project at the
repository root and `cm --help`, against a trivial Typer + pydantic + rich app), and with
--hints `benchmarks/hints.py` at 5,000 comments. Prints a Markdown table (medians of --repeat
runs) with each time's ratio to its floor; --markdown also writes it to a file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402
from processes import Measured, measured  # noqa: E402

STAKEHOLDERS = {1_000: 100, 10_000: 200, 100_000: 500}
#: The floors the table must show; one missing is said in its row, not left out.
EXPECTED_FLOORS = ("docx", "xlsx", "html", "csv")
#: Run once, on the example, not per size.
STARTUP_FLOOR = "startup"
FLOOR_SECONDS = 900  # a floor script running longer is reported as failed
FLOOR_CODE = """
import gc, sys, time
from pathlib import Path
from ruamel.yaml import YAML
from ruamel.yaml.cyaml import CSafeLoader
root = Path(sys.argv[1])
files = [root / "cm.yaml", *sorted((root / "drafts").glob("*.yaml")), *sorted((root / "comments").rglob("*.yaml"))]
if sys.argv[2] in ("build", "keep"):
    import pydantic, rich.table, typer  # what any command on this stack imports
if sys.argv[2] == "keep":
    import datetime, pickle, tempfile
    from commentmatrix.model.format import CommentFile, Draft
    kept = Path(tempfile.mkdtemp())
gc.disable()
def build(node):  # values from nodes, no type resolution or checks: below any real constructor
    if node.id == "mapping":
        return {build(k): build(v) for k, v in node.value}
    if node.id == "sequence":
        return [build(v) for v in node.value]
    return node.value
def typed(node):  # build's values with the dates and numbers a model is given, still no checks
    if node.id == "mapping":
        return {typed(k): typed(v) for k, v in node.value}
    if node.id == "sequence":
        return [typed(v) for v in node.value]
    if node.tag.endswith(":timestamp"):
        return datetime.date.fromisoformat(node.value[:10])
    if node.tag.endswith(":int"):
        return int(node.value)
    if node.tag.endswith(":bool"):
        return node.value.lower() == "true"
    return node.value
for number, path in enumerate(files):
    text = path.read_text(encoding="utf-8")
    if sys.argv[2] == "compose":
        CSafeLoader(text).get_single_node()
    elif sys.argv[2] == "build":
        build(CSafeLoader(text).get_single_node())
    elif sys.argv[2] == "keep":
        # The least a cold reader that checks and keeps a parse cache does: build, validate with
        # cm's own models, and write the values as cm keeps them, pickled (without marks, facts
        # or signatures).
        data = typed(CSafeLoader(text).get_single_node())
        model = CommentFile if path.parent.name == "comments" else Draft if path.parent.name == "drafts" else None
        if model is not None:
            model.model_validate(data)
        (kept / f"{number}.pickle").write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    else:
        YAML(typ="safe").load(text)
"""
HEADER = ["| measurement | cm s | floor s | x floor | cm CPU s | floor CPU s | x floor, CPU | peak RSS MiB |",
          "|---|---:|---:|---:|---:|---:|---:|---:|"]


class Table:
    """The rows so far, each printed as it comes (a long run shows its progress)."""

    def __init__(self) -> None:
        self.rows: list[str] = []
        for row in HEADER:
            self.add(row)

    def add(self, row: str) -> None:
        self.rows.append(row)
        print(row, flush=True)

    def heading(self, text: str) -> None:
        self.add(f"| **{text}** |" + " |" * 7)

    def figure(self, label: str, cm: float, floor: float | None, memory: float | None = None) -> None:
        """A time measured in one process (no CPU time of its own) against its floor."""
        self.add(f"| {label} | {cm:.3f} | {_seconds(floor)} | {_ratio(cm, floor)} | | | | {_mib(memory)} |")

    def run(self, label: str, cm: Measured, floor: Measured | None) -> None:
        """A fresh process against the floor's, by wall clock and by CPU time."""
        self.add(f"| {label} | {cm.wall:.3f} | {_seconds(floor and floor.wall)} | {_ratio(cm.wall, floor and floor.wall)} | "
                 f"{cm.cpu:.3f} | {_seconds(floor and floor.cpu)} | {_ratio(cm.cpu, floor and floor.cpu)} | {_mib(cm.peak_mib)} |")

    def note(self, label: str, text: str) -> None:
        self.add(f"| {label} | {text} |" + " |" * 6)


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _ratio(cm: float, floor: float | None) -> str:
    return f"{cm / floor:.2f}" if floor else ""


def _mib(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def cm_command() -> list[str]:
    script = Path(sys.executable).parent / "cm"
    if script.exists():
        return [str(script)]
    found = shutil.which("cm")
    if not found:
        sys.exit("cm is not installed in this Python: pip install -e .")
    return [found]


def child_environment() -> dict[str, str]:
    # An installed cm has its bytecode compiled: without it, every run would time the compiler.
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def usable_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def one_cpu() -> Callable[[], None]:
    """A preexec_fn pinning the child to one CPU (the lowest this process may use)."""
    cpu = min(os.sched_getaffinity(0))
    return lambda: os.sched_setaffinity(0, {cpu})


def timed(command: list[str], cwd: Path, env: dict[str, str], pin: Callable[[], None] | None = None) -> Measured:
    return measured(command, env, cwd=cwd, pin=pin)


def median(runs: list[Measured]) -> Measured:
    """Median wall clock and CPU time (each on its own), and the highest peak memory."""
    return Measured(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
                    max(r.peak_mib for r in runs))


def touch_one_file(root: Path, run: int) -> None:
    """Change one comment's text in the largest comment file, as an editor would."""
    largest = max((root / "comments").glob("*.yaml"), key=lambda p: p.stat().st_size)
    text = largest.read_text(encoding="utf-8")
    marker = "      en: "
    at = text.index(marker) + len(marker)
    text = text[:at] + f"(edited {run}) " + text[at:].removeprefix(f"(edited {run - 1}) ")
    largest.write_text(text, encoding="utf-8")


DECISIONS = ("noted", "rejected", "accepted")


def answer_one_comment(root: Path, run: int) -> None:
    """Change the decision of the first decided comment without a proposal or edits in the
    largest comment file, as `cm respond` would (noted, rejected, accepted in turn)."""
    largest = max((root / "comments").glob("*.yaml"), key=lambda p: p.stat().st_size)
    text = largest.read_text(encoding="utf-8")
    for block in re.finditer(r"(?ms)^  - id: .*?(?=^  - id: |\Z)", text):
        found = re.search(r"(?m)^      decision: \w+$", block.group())
        if found is None or "proposal:" in block.group() or "edits:" in block.group():
            continue
        at = block.start() + found.start()
        decided = f"      decision: {DECISIONS[run % len(DECISIONS)]}"
        largest.write_text(text[:at] + decided + text[at + len(found.group()):], encoding="utf-8")
        return
    sys.exit(f"{largest}: no decided comment without edits to change")


def project(work: Path, comments: int) -> tuple[Path, str]:
    root = work / f"c{comments}"
    described = root / ".generated"
    if not (root / "cm.yaml").exists():
        shutil.rmtree(root, ignore_errors=True)
        made = generate(root, comments, STAKEHOLDERS.get(comments, max(1, comments // 200)))
        described.write_text(f"{made.files} files, {made.bytes / 2**20:.1f} MiB, "
                             f"{made.applied_edits} applied edits", encoding="utf-8")
    if described.exists():
        return root, described.read_text(encoding="utf-8")
    files = list(root.rglob("*.yaml"))
    return root, f"{len(files)} files, {sum(p.stat().st_size for p in files) / 2**20:.1f} MiB"


def floor_scripts() -> list[tuple[str, Path]]:
    """(output, script) of every floor the table shows: the expected ones, found or not, and any
    other floor_<output>.py beside this file; start-up apart."""
    found = {path.stem.removeprefix("floor_"): path for path in HERE.glob("floor_*.py")}
    names = [*EXPECTED_FLOORS, *sorted(set(found) - set(EXPECTED_FLOORS) - {STARTUP_FLOOR})]
    return [(name, found.get(name, HERE / f"floor_{name}.py")) for name in names]


def floor_rows(script: Path, root: Path, repeat: int, env: dict[str, str]) -> list[dict] | str:
    """The rows a floor script prints with --json, or why there are none."""
    if not script.exists():
        return f"missing: {script.name} not found"
    try:
        done = subprocess.run([sys.executable, str(script), str(root), "--repeat", str(repeat), "--json"],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=FLOOR_SECONDS)
    except subprocess.TimeoutExpired:
        return f"failed: {script.name} ran over {FLOOR_SECONDS} s"
    last = (done.stderr.strip().splitlines() or [""])[-1][:160]
    if done.returncode != 0:
        return f"failed: {script.name} exited {done.returncode} ({last})"
    try:
        rows = json.loads(done.stdout.strip().splitlines()[-1])
        return [{"label": str(r["label"]), "cm": float(r["cm"]), "floor": float(r["floor"]), "rows": int(r["rows"])}
                for r in rows]
    except (ValueError, KeyError, TypeError, IndexError):
        return f"failed: {script.name} printed no rows of the contract ({done.stdout.strip()[-160:]!r})"


def add_floor(table: Table, name: str, result: list[dict] | str, how: str = "rows, in one process") -> None:
    if isinstance(result, str):
        table.note(f"floor_{name}.py", result)
        return
    for row in result:
        table.figure(f"{row['label']} ({row['rows']:,} {how})", row["cm"], row["floor"])


def reading_floor(root: Path, env: dict[str, str], repeat: int,
                  pin: Callable[[], None] | None = None, how: str = "compose") -> Measured:
    return median([timed([sys.executable, "-c", FLOOR_CODE, str(root), how], root, env, pin) for _ in range(repeat)])


def cold(cm: list[str], command: list[str], root: Path, env: dict[str, str], repeat: int,
         pin: Callable[[], None] | None = None) -> Measured:
    runs = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as empty:
            runs.append(timed([*cm, *command], root, {**env, "CM_CACHE_DIR": empty}, pin))
    return median(runs)


def one_size(table: Table, cm: list[str], work: Path, size: int, repeat: int) -> None:
    root, description = project(work, size)
    table.heading(f"{size:,} comments ({description})")
    env = child_environment()
    floor = reading_floor(root, env, repeat)
    table.run("floor: C parser, compose with marks", floor, None)
    table.run("floor: compose and build the values, typer, pydantic and rich imported",
              reading_floor(root, env, repeat, how="build"), floor)
    table.run("C parser, YAML(typ='safe').load", reading_floor(root, env, repeat, how="safe"), floor)
    for command in (["validate"], ["status", "--json"]):
        table.run(f"cm {' '.join(command)}, cold", cold(cm, command, root, env, repeat), floor)
    single_core(table, cm, root, env, repeat, floor)
    with tempfile.TemporaryDirectory() as cache:
        warm_env = {**env, "CM_CACHE_DIR": cache}
        for command in (["validate"], ["status", "--json"]):
            timed([*cm, *command], root, warm_env)  # the cache and the command's own record filled
            warm = []
            for run in range(repeat):
                touch_one_file(root, run + 1)
                warm.append(timed([*cm, *command], root, warm_env))
            table.run(f"cm {' '.join(command)}, warm (one file changed)", median(warm), floor)
            answered = []
            for run in range(repeat):
                answer_one_comment(root, run + 1)
                answered.append(timed([*cm, *command], root, warm_env))
            table.run(f"cm {' '.join(command)}, warm (one comment's decision changed)", median(answered), floor)
        out = work / "out"
        out.mkdir(exist_ok=True)
        renders = [(["render", "matrix", "--format", fmt, "-o", str(out / f"matrix.{fmt}")], f"cm render matrix --format {fmt}")
                   for fmt in ("docx", "xlsx", "html")]
        renders.append((["render", "draft", "--changes", "tracked", "-o", str(out / "draft.docx")], "cm render draft --changes tracked"))
        for command, label in renders:
            table.run(label, median([timed([*cm, *command], root, warm_env) for _ in range(repeat)]), floor)
        for name, script in floor_scripts():
            add_floor(table, name, floor_rows(script, root, repeat, warm_env))


def single_core(table: Table, cm: list[str], root: Path, env: dict[str, str], repeat: int, floor: Measured) -> None:
    """Cold reading on one core, the floors pinned the same way; and the worker off on two.

    Pinned, the wall clock includes waiting for a CPU that other jobs share; the CPU columns
    say what the run itself cost.
    """
    if not hasattr(os, "sched_setaffinity"):
        table.note("one core", "not measured: this system cannot pin a process to a CPU")
        return
    pin = one_cpu()
    pinned = reading_floor(root, env, repeat, pin)
    table.run("floor: C parser, compose, pinned to one CPU", pinned, None)
    table.run("floor: compose and build the values, stack imported, pinned to one CPU",
              reading_floor(root, env, repeat, pin, how="build"), pinned)
    table.run("reference: compose, build, validate with cm's models, keep pickled (a plain checking reader with a cache), pinned",
              reading_floor(root, env, repeat, pin, how="keep"), pinned)
    for command in (["validate"], ["status", "--json"]):
        table.run(f"cm {' '.join(command)}, cold, pinned to one CPU", cold(cm, command, root, env, repeat, pin), pinned)
    if usable_cpus() < 2:
        table.note("worker off on two CPUs", "not measured: this process may use one CPU only")
        return
    for command in (["validate"], ["status", "--json"]):
        table.run(f"cm {' '.join(command)}, cold, worker off (CM_WORKERS=1)",
                  cold(cm, command, root, {**env, "CM_WORKERS": "1"}, repeat), floor)


def startup(table: Table, repeat: int) -> None:
    table.heading("start-up: the example project (repository root, 22 comments), warm")
    with tempfile.TemporaryDirectory() as cache:
        env = {**child_environment(), "CM_CACHE_DIR": cache}
        add_floor(table, STARTUP_FLOOR, floor_rows(HERE / f"floor_{STARTUP_FLOOR}.py", REPO, max(repeat, 5), env),
                  "comments; fresh processes")


def hints(table: Table, work: Path, repeat: int) -> None:
    table.heading('"did you mean" hints: 5,000 comments, the draft\'s paragraph ids renamed (target: under 2 s)')
    script = HERE / "hints.py"
    done = subprocess.run([sys.executable, str(script), "--sizes", "5000", "--repeat", str(repeat),
                           "--work", str(work / "hints"), "--json"], env=child_environment(), capture_output=True, text=True)
    if done.returncode != 0:
        table.note("hints.py", f"failed: exited {done.returncode} ({(done.stderr.strip().splitlines() or [''])[-1][:160]})")
        return
    for row in json.loads(done.stdout.strip().splitlines()[-1]):
        table.figure(f"{row['label']} ({row['rows']:,} hints)", row["cm"], row["floor"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comment counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=REPO / "build" / "bench")
    parser.add_argument("--hints", action="store_true", help='also "did you mean" hints (benchmarks/hints.py, 5,000 comments)')
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the table to FILE")
    parser.add_argument("--quick", action="store_true", help="1,000 comments, one run each: checks that this script works")
    args = parser.parse_args()
    args.work = args.work.resolve()  # the commands run in the project folder: a relative --work would not be found there
    sizes, repeat = ([1_000], 1) if args.quick else ([int(s) for s in args.sizes.split(",")], max(1, args.repeat))
    cm = cm_command()
    args.work.mkdir(parents=True, exist_ok=True)
    machine = (f"{platform.python_implementation()} {platform.python_version()}, {usable_cpus()} CPUs usable "
               f"of {os.cpu_count()}, {platform.machine()}, {platform.system()} {platform.release()}; "
               f"median of {repeat} run{'s' if repeat > 1 else ''}")
    print(machine)
    table = Table()
    for size in sizes:
        one_size(table, cm, args.work, size, repeat)
    startup(table, repeat)
    if args.hints:
        hints(table, args.work, repeat)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(machine + "\n\n" + "\n".join(table.rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
