"""Measure what cm accepts at its limits: the largest file, the longest comment, large projects.

Run: python benchmarks/limits.py [--quick]

Each scenario is generated in a temporary folder and run as a real `cm` process under
/usr/bin/time (elapsed seconds, peak resident memory). Not a test: the figures go in docs/limits.md.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))
from bigproject import generate  # noqa: E402

from commentmatrix.read.yaml_reader import MAX_FILE_BYTES  # noqa: E402

ENV = {"SOURCE_DATE_EPOCH": "1893456000", "CM_TODAY": "2030-01-20", "PATH": "/usr/bin:/bin"}


def measure(root: Path, *args: str) -> str:
    done = subprocess.run(["/usr/bin/time", "-f", "%e %M", sys.executable, "-m", "commentmatrix", *args],
                          cwd=root, env=ENV, capture_output=True, text=True)
    seconds, kib = done.stderr.strip().splitlines()[-1].split()
    return f"exit {done.returncode}, {float(seconds):.1f} s, {int(kib) / 1024:.0f} MiB"


def run(label: str, root: Path, commands: list[list[str]]) -> None:
    for args in commands:
        print(f"{label:48} cm {' '.join(args):36} {measure(root, *args)}", flush=True)


def main(quick: bool) -> None:
    renders = [["validate"], ["render", "matrix", "-f", "xlsx"], ["render", "matrix", "-f", "docx"],
               ["render", "matrix", "-f", "html"], ["render", "draft", "-f", "docx"]]
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        for comments in ((2_000, 10_000) if quick else (10_000, 50_000)):
            root = generate(base / f"p{comments}", comments=comments, stakeholders=40)
            run(f"{comments:,} comments, 40 stakeholders", root, renders)
        # One comment file as large as cm reads: one stakeholder, comments of 60 words.
        root = generate(base / "bigfile", comments=10 if quick else 120_000, stakeholders=1, comment_words=60)
        path = root / "comments" / "s0.yaml"
        size = path.stat().st_size
        path.write_bytes(path.read_bytes() + b"# " + b"x" * (MAX_FILE_BYTES - size - 3) + b"\n")
        run(f"one comment file of {path.stat().st_size:,} bytes", root, [["validate"]])
        path.write_bytes(path.read_bytes() + b"x")
        run(f"one comment file of {path.stat().st_size:,} bytes", root, [["validate"]])
        # One comment of 10 MiB of text on one line.
        root = generate(base / "longcomment", comments=4, stakeholders=1)
        path = root / "comments" / "s0.yaml"
        text = path.read_text(encoding="utf-8").replace("(0)", "(0) " + "lorem ipsum " * (10 * 1024 * 1024 // 12), 1)
        path.write_text(text, encoding="utf-8")
        run("one comment of 10 MiB on one line", root, renders[:4])


if __name__ == "__main__":
    main("--quick" in sys.argv)
