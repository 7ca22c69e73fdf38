"""What a hostile template costs before the box stops it, and what the box costs an ordinary render.

    python benchmarks/template_limits.py [--cpu-seconds 5] [--comments 10000]

Part 1: each hostile template of issue 20 (item 5) as templates/matrix.html.j2 of a copy of the
example project, `cm render matrix -f html` in a fresh process with the default memory and output
limits and CM_TEMPLATE_CPU_SECONDS set (the default, 60 s, would make the run long): elapsed
time, CPU, peak memory of the command and its box, exit code. The floor is the same command with
cm's own template, in the same run.

Part 2: the HTML matrix of a generated project (--comments) rendered in process, boxed and not,
median of three: what the fork and the limits cost a real render.
"""

from __future__ import annotations

import argparse
import os
import resource
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

HOSTILE = {
    "format width": "{{ '{:>999999999}'.format(1) }}",
    "ljust": "{{ 'x'.ljust(999999999) }}",
    "zfill": "{{ 'x'.zfill(2000000000)|length }}",
    "center": "{{ 'x'.center(999999999) }}",
    "%-format": "{{ '%999999999d' % 1 }}",
    "replace": "{{ ('x' * 9000000).replace('x', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx') }}",
    "expandtabs": "{{ ('\\t' * 9000000).expandtabs(1000) }}",
    "doubling loop": "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
    "nested ranges": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "integer squaring": "{% set ns = namespace(n=3) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n }}",
    "chained **": "{{ 2 ** 1000 ** 2 ** 1000 }}",
    "lipsum(10**7)": "{{ lipsum(10**7) }}",
    "doubly recursive macro": "{% macro f(n) %}{% if n > 0 %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(60) }}",
    "gigabytes of output": "{% for i in range(100000) %}{{ 'x' * 9000000 }}{% endfor %}",
}


def run(project: Path, env: dict[str, str]) -> tuple[float, float, int, str]:
    """Elapsed and CPU seconds (the command and its box), exit code, message."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.run([sys.executable, "-m", "commentmatrix", "render", "matrix", "-f", "html",
                              "--project", str(project)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, cpu, process.returncode, process.stderr.decode().strip()


def hostile(cpu_seconds: int) -> None:
    env = {**os.environ, "CM_TEMPLATE_CPU_SECONDS": str(cpu_seconds), "CM_TODAY": "2026-10-01"}
    with tempfile.TemporaryDirectory() as work:
        project = Path(work) / "example"
        shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(".git", ".venv", "build", "src", "tests", "benchmarks"))
        (project / "templates").mkdir(exist_ok=True)
        print("| template | exit | elapsed | CPU | message |\n|---|---|---|---|---|")
        elapsed, cpu, code, _ = run(project, env)
        print(f"| floor: cm's own template | {code} | {elapsed:.2f} s | {cpu:.2f} s | |")
        shutil.rmtree(project / "build", ignore_errors=True)
        for name, text in HOSTILE.items():
            (project / "templates" / "matrix.html.j2").write_text(text + "\n", encoding="utf-8")
            elapsed, cpu, code, message = run(project, env)
            written = (project / "build" / "matrix.html").exists()
            print(f"| {name} | {code} | {elapsed:.2f} s | {cpu:.2f} s | "
                  f"{message.removeprefix('cm: template matrix.html.j2')[:90]}{' (OUTPUT WRITTEN)' if written else ''} |")
            shutil.rmtree(project / "build", ignore_errors=True)


def overhead(comments: int) -> None:
    from commentmatrix.read.loader import load_project
    from commentmatrix.render import templating
    from commentmatrix.render.documents import MatrixRequest, render_document

    root = REPO / "build" / f"bench-templates-{comments}"
    if not (root / "cm.yaml").exists():
        generate(root, comments=comments, stakeholders=40, paragraphs=500)
    # The box is for a project's own templates: give it cm's own, copied in.
    (root / "templates").mkdir(exist_ok=True)
    packaged = Path(templating.__file__).parent / "templates"
    for name in ("matrix.html.j2",):
        shutil.copy(packaged / name, root / "templates" / name)
    project = load_project(root)
    request = MatrixRequest(document="matrix", format="html")
    timings = {}
    for label, boxed in (("in process", False), ("in the box", True)):
        templating.can_box = (lambda boxed=boxed: boxed)  # type: ignore[assignment]
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            render_document(project, request)
            runs.append(time.perf_counter() - started)
        timings[label] = statistics.median(runs)
    print(f"\n| HTML matrix of {comments:,} comments | median of 3 |\n|---|---|")
    for label, seconds in timings.items():
        print(f"| {label} | {seconds:.2f} s |")
    print(f"| the box costs | {timings['in the box'] - timings['in process']:+.2f} s "
          f"({timings['in the box'] / timings['in process'] - 1:+.0%}) |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpu-seconds", type=int, default=5)
    parser.add_argument("--comments", type=int, default=10_000)
    args = parser.parse_args()
    hostile(args.cpu_seconds)
    overhead(args.comments)


if __name__ == "__main__":
    main()
