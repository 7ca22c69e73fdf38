"""Fuzz the loader and validator with mutated real project files.

    python tests/fuzz/fuzz_loader.py --seconds 600 [--seed N] [--cli-every 25]

Each input is a real project (tests/cases/base, the repository's example, or a case of the
bad-input corpus) with one file mutated: bytes flipped, inserted or cut, lines duplicated, moved
or re-indented, values replaced by YAML's awkward tokens, pieces spliced from other files. The
project is loaded from memory and validated; every output formatter runs on the result. A
finding is an exception that escapes, a diagnostic without a file or a line, or (on every
`--cli-every`-th input, written to disk and run through `cm validate`) an exit code other than
0 or 1. Findings are saved under tests/fuzz/findings/ (one folder per input) and the run exits 1.

Coverage guidance (atheris) would find deep paths faster; these mutations are structure-aware
instead, and the run is reproducible from its seed.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FINDINGS = Path(__file__).resolve().parent / "findings"

# Tokens YAML treats specially, values the models find awkward, and text the renderers must survive.
TOKENS = [
    b"~", b"null", b"true", b"no", b"1e999", b"-.inf", b".nan", b"0x1F", b"0o17", b"012", b"5.10", b"-0",
    b"2030-02-30", b"2030-13-01", b"2017-09-10T10:00:00Z", b"!!binary aGk=", b"!!str 12", b"!!python/none",
    b"!x", b"&a", b"*a", b"&a [1, 2]", b"<<: *a", b"[]", b"{}", b"[", b"{", b"]", b"}", b"? ", b"- ", b": ",
    b"|", b">-", b"|+2", b'"\\x00"', b'"\\u2028"', b'"\\U0001F600"', b"'", b'"', b"#", b"%YAML 1.1", b"---",
    b"...", b"<<<<<<< HEAD", b"=======", b"\t", b"\r", b"\r\n", b"\x00", b"\x1b", b"\xef\xbb\xbf", b"\xff\xfe",
    b"\xc3\x28", b"\xed\xa0\x80", "\u202eRTL\u202c".encode(), "Vi\u0323\u0302t".encode(), "可持续".encode(),
    "\U0001F600".encode(), b"general", b"principles.1", b"accepted", b"partially", b"rejected",
    b"replace", b"insert", b"delete", b"insert_section", b"after", b"at", b"in", b"with", b"lang", b"en", b"zh",
    b"x" * 300, b"a: b: c",
]


@dataclass
class Stats:
    inputs: int = 0
    cli_runs: int = 0
    clean: int = 0
    diagnostics: int = 0
    rules: dict[str, int] = field(default_factory=dict)
    slowest: float = 0.0
    findings: list[str] = field(default_factory=list)


def seed_projects() -> list[dict[str, bytes]]:
    """The projects mutations start from: base, the example, and every corpus case over base."""
    def files_of(root: Path, folders=("drafts", "comments")) -> dict[str, bytes]:
        found = {"cm.yaml": (root / "cm.yaml").read_bytes()}
        for folder in folders:
            for path in sorted((root / folder).rglob("*.y*ml")):
                if path.is_file() and not path.is_symlink():
                    found[path.relative_to(root).as_posix()] = path.read_bytes()
        return found

    base = files_of(REPO / "tests" / "cases" / "base")
    projects = [base, files_of(REPO)]
    for kind in ("invalid", "valid"):
        for case in sorted((REPO / "tests" / "cases" / kind).iterdir()):
            overlaid = dict(base)
            for path in sorted(case.rglob("*.y*ml")):
                if path.is_file() and not path.is_symlink():
                    overlaid[path.relative_to(case).as_posix()] = path.read_bytes()
            projects.append(overlaid)
    return projects


def mutate(data: bytes, rng: random.Random, donors: list[bytes]) -> bytes:
    for _ in range(rng.choice((1, 1, 1, 2, 3, 5))):
        data = rng.choice(MUTATIONS)(bytearray(data), rng, donors)
    return bytes(data)


def _flip(data: bytearray, rng, donors) -> bytearray:
    if data:
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return data


def _set_byte(data: bytearray, rng, donors) -> bytearray:
    if data:
        data[rng.randrange(len(data))] = rng.randrange(256)
    return data


def _insert_token(data: bytearray, rng, donors) -> bytearray:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(TOKENS) + data[at:]


def _cut(data: bytearray, rng, donors) -> bytearray:
    if not data:
        return data
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randrange(1, 64):]


def _truncate(data: bytearray, rng, donors) -> bytearray:
    return data[:rng.randrange(len(data) + 1)]


def _lines_op(data: bytearray, rng, donors) -> bytearray:
    lines = bytes(data).split(b"\n")
    if len(lines) < 2:
        return data
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    op = rng.randrange(5)
    if op == 0:
        lines.insert(j, lines[i])
    elif op == 1:
        lines[i], lines[j] = lines[j], lines[i]
    elif op == 2:
        del lines[i]
    elif op == 3:
        stripped = lines[i].lstrip(b" ")
        lines[i] = b" " * max(0, len(lines[i]) - len(stripped) + rng.choice((-4, -2, -1, 1, 2, 4))) + stripped
    else:
        donor = rng.choice(donors).split(b"\n")
        lines.insert(j, rng.choice(donor))
    return bytearray(b"\n".join(lines))


def _replace_value(data: bytearray, rng, donors) -> bytearray:
    lines = bytes(data).split(b"\n")
    candidates = [k for k, line in enumerate(lines) if b": " in line or line.lstrip().startswith(b"- ")]
    if not candidates:
        return data
    k = rng.choice(candidates)
    line = lines[k]
    cut = line.index(b": ") + 2 if b": " in line else line.index(b"- ") + 2
    lines[k] = line[:cut] + rng.choice(TOKENS)
    return bytearray(b"\n".join(lines))


def _repeat(data: bytearray, rng, donors) -> bytearray:
    if not data:
        return data
    start = rng.randrange(len(data))
    piece = data[start:start + rng.randrange(1, 200)]
    return data[:start] + piece * rng.randrange(2, 50) + data[start:]


MUTATIONS = [_flip, _set_byte, _insert_token, _insert_token, _cut, _truncate, _lines_op, _lines_op,
             _replace_value, _replace_value, _repeat]


def check_in_memory(files: dict[str, bytes], stats: Stats) -> str | None:
    """Load and validate from memory; the problem found, or None."""
    from commentmatrix.read.loader import MappingFiles, load_project
    from commentmatrix.render.diagnostics import FORMATTERS
    from commentmatrix.rules import check_project

    root = Path("/fuzz-project")
    project = load_project(root, MappingFiles(root, files))
    diagnostics = check_project(project)
    for formatter in FORMATTERS.values():
        formatter(diagnostics, len(project.files), "")
    stats.diagnostics += len(diagnostics)
    stats.clean += not any(d.is_error for d in diagnostics)
    for d in diagnostics:
        stats.rules[d.rule] = stats.rules.get(d.rule, 0) + 1
        if d.path not in files or d.line < 1 or d.column < 1 or not d.message:
            return f"diagnostic without a place: {d}"
    return None


def check_cli(files: dict[str, bytes], stats: Stats) -> str | None:
    """Write the project to disk and run `cm validate` in a fresh process: exit 0 or 1, no traceback."""
    import subprocess

    with tempfile.TemporaryDirectory(prefix="cm-fuzz-") as folder:
        root = Path(folder)
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        done = subprocess.run([sys.executable, "-m", "commentmatrix", "validate", "--project", folder],
                              capture_output=True, text=True, timeout=120)
    stats.cli_runs += 1
    if done.returncode not in (0, 1) or "Traceback" in done.stderr + done.stdout:
        return f"cm validate exited {done.returncode}: {done.stderr[-2000:]}"
    return None


def save_finding(files: dict[str, bytes], problem: str) -> str:
    digest = hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest()[:12]
    folder = FINDINGS / digest
    shutil.rmtree(folder, ignore_errors=True)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    (folder / "PROBLEM.txt").write_text(problem, encoding="utf-8")
    return digest


def fuzz(*, seconds: float | None = None, max_inputs: int | None = None, seed: int = 0, cli_every: int = 0,
         save: bool = True) -> Stats:
    """Run until the time or input budget is spent; findings are returned (and saved when `save`)."""
    rng = random.Random(seed)
    projects = seed_projects()
    donors = [data for project in projects for data in project.values()]
    stats = Stats()
    deadline = time.monotonic() + seconds if seconds is not None else None
    while (deadline is None or time.monotonic() < deadline) and (max_inputs is None or stats.inputs < max_inputs):
        files = dict(rng.choice(projects))
        name = rng.choice(sorted(files))
        files[name] = mutate(files[name], rng, donors)
        stats.inputs += 1
        # CPU time, not the wall clock: a fuzz run at `nice` on a busy machine stalls for seconds.
        started = time.process_time()
        try:
            problem = check_in_memory(files, stats)
            elapsed = time.process_time() - started
            stats.slowest = max(stats.slowest, elapsed)
            if problem is None and elapsed > 10:
                problem = f"one input took {elapsed:.1f} s of CPU time to load and validate"
            if problem is None and cli_every and stats.inputs % cli_every == 0:
                problem = check_cli(files, stats)
        except Exception:  # noqa: BLE001 - an escaping exception is exactly what the fuzzer looks for
            problem = traceback.format_exc()
        if problem is not None:
            stats.findings.append(save_finding(files, problem) if save else problem)
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget (default 60)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock, printed)")
    parser.add_argument("--cli-every", type=int, default=25, help="run `cm validate` on disk every N inputs (0: never)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    stats = fuzz(seconds=args.seconds, seed=seed, cli_every=args.cli_every)
    print(f"seed {seed}: {stats.inputs} inputs in {args.seconds:.0f} s ({stats.cli_runs} through cm validate), "
          f"{stats.clean} without errors, {stats.diagnostics} diagnostics, slowest input {stats.slowest:.2f} s of CPU")
    print("rules seen: " + ", ".join(f"{rule} {count}" for rule, count in sorted(stats.rules.items())))
    return verdict(stats.findings)


def verdict(findings: list[str]) -> int:
    """Say where the findings are (or that there are none); the exit code of a run."""
    if findings:
        print(f"{len(findings)} finding(s) saved under {FINDINGS}: {', '.join(findings[:20])}")
        return 1
    print("no findings")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    sys.exit(main())
