"""The warm path measured alone, against the start-up floor in the same loop: before each timed
run one comment changes in the largest comment file, the file is left to settle (cm vouches for
a file by its signature only when it has not changed for 3 s), then the command. Each round
times `cm status --json` and `cm validate`, each after a change of one comment's words (as
benchmarks/run.py's `touch_one_file`) and each after a change of one comment's decision (a
comment that proposes no edit, as most comments: `answer_one_comment`), then the floor
(benchmarks/floor_startup.py's trivial Typer + pydantic + rich app), alternating, --repeat times.

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
from run import answer_one_comment, touch_one_file

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
        changes = {"words": touch_one_file, "decision": answer_one_comment}
        found: dict[str, list[float]] = {}
        for run in range(1, args.repeat + 1):
            for command in (["status", "--json"], ["validate"]):
                for kind, change in changes.items():
                    change(root, 2 * run + (command[0] == "validate"))
                    time.sleep(SETTLE)
                    found.setdefault(f"cm {' '.join(command)}, warm, one comment's {kind} changed", []).append(
                        timed([*cm, *command]))
            found.setdefault("floor: trivial app", []).append(timed(floor))
    for label, times in found.items():
        print(f"{label}: median {statistics.median(times):.3f} s ({', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
