"""The warm path measured alone, against the start-up floor in the same loop: before each timed
run one comment's words change in the largest comment file (as benchmarks/run.py's
`touch_one_file`), the file is left to settle (cm vouches for a file by its signature only when
it has not changed for 3 s), then `cm status --json`, then another words change and
`cm validate`, then the floor (benchmarks/floor_startup.py's trivial Typer + pydantic + rich
app), alternating, --repeat times.

    python benchmarks/warm_loop.py PROJECT_ROOT [--repeat N]

The project's parse cache and check record are its own (PROJECT_ROOT's name + "-cache" beside
it); the first status and validate fill them and are not timed. The project is changed in
place: run it on a copy (benchmarks/generate.py makes one).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from floor_startup import TRIVIAL_APP
from run import touch_one_file

SETTLE = 3.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    root = args.root.resolve()
    # Bytecode is written, as on a user's machine; a worktree's edited modules are compiled once.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["CM_CACHE_DIR"] = str(root.parent / f"{root.name}-cache")
    cm = [str(Path(sys.executable).parent / "cm")]
    with tempfile.TemporaryDirectory() as folder:
        app = Path(folder) / "trivial_app.py"
        app.write_text(TRIVIAL_APP, encoding="utf-8")
        floor = [sys.executable, str(app), "status"]

        def timed(command: list[str]) -> float:
            start = time.perf_counter()
            done = subprocess.run(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if done.returncode not in (0, 1):  # 1: the project has problems, still a full run
                sys.exit(f"{' '.join(command)} failed: {done.stderr.decode(errors='replace')[-400:]}")
            return time.perf_counter() - start

        timed([*cm, "validate"])
        timed([*cm, "status", "--json"])
        found: dict[str, list[float]] = {"cm status --json, warm": [], "cm validate, warm": [], "floor: trivial app": []}
        for run in range(1, args.repeat + 1):
            touch_one_file(root, 2 * run)
            time.sleep(SETTLE)
            found["cm status --json, warm"].append(timed([*cm, "status", "--json"]))
            touch_one_file(root, 2 * run + 1)
            time.sleep(SETTLE)
            found["cm validate, warm"].append(timed([*cm, "validate"]))
            found["floor: trivial app"].append(timed(floor))
    for label, times in found.items():
        print(f"{label}: median {statistics.median(times):.3f} s ({', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
