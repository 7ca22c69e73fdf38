"""Inserts into one long section: `cm validate` on 20,000 paragraphs in ONE section with 8,000
accepted inserts, against the same paragraphs and inserts in 500 sections of 40 (the floor).

    python benchmarks/long_section.py                 # 20,000 paragraphs, 8,000 inserts, 3 runs
    python benchmarks/long_section.py --paragraphs 5000 --inserts 2000 --repeat 1

Both projects (written into --work, default build/bench-long-section, and reused) have the same
comment files: 8,000 accepted comments, each inserting one paragraph after a paragraph of the
draft, spread over it at random (deterministic by seed); one in ten inserts after a paragraph
another comment already inserts after, and one in ten after a paragraph an earlier comment
inserts, so the engine's ordering rules are exercised too (the project validates). Only the draft differs: one section
or many. Each measurement is `cm validate` as a fresh process with the parse cache warm; the
median wall clock of --repeat runs with CPU time (user + system) beside it. Prints a Markdown
table.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from processes import timed

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SECTION_SIZE = 40  # paragraphs per section in the sectioned twin
STAKEHOLDERS = 40


def write_projects(work: Path, paragraphs: int, inserts: int, seed: int = 2019) -> tuple[Path, Path]:
    """The project with one long section and its sectioned twin (the floor)."""
    long, sectioned = work / f"long-{paragraphs}-{inserts}", work / f"sectioned-{paragraphs}-{inserts}"
    if (long / "cm.yaml").exists() and (sectioned / "cm.yaml").exists():
        return long, sectioned
    rng = random.Random(seed)
    ids = [f"p{n}" for n in range(1, paragraphs + 1)]
    anchors: list[str] = []
    comments: list[list[str]] = [[] for _ in range(STAKEHOLDERS)]
    for n in range(inserts):
        roll = rng.random()
        if anchors and roll < 0.1:
            after = rng.choice(anchors)  # a second insert after the same paragraph
        elif n and roll < 0.2:
            after = f"new{rng.randrange(n)}"  # after a paragraph another comment inserts
        else:
            after = rng.choice(ids)
        anchors.append(after)
        # In blocks, so that project order (files by name) is the order drawn: an anchor that
        # another comment inserts is inserted first.
        comments[n * STAKEHOLDERS // inserts].append(
            f"  - id: C{n}\n    target: general\n    text:\n      en: Add a paragraph.\n"
            f"    proposal:\n      - insert:\n          en: New paragraph {n} of the strategy.\n"
            f"        after: {after}\n        id: new{n}\n"
            f"    response:\n      decision: accepted\n      by: Secretariat\n      date: 2026-10-01\n")
    for root, size in ((long, paragraphs), (sectioned, SECTION_SIZE)):
        (root / "drafts").mkdir(parents=True, exist_ok=True)
        (root / "comments").mkdir(exist_ok=True)
        roster = "".join(f"  - id: st{s:03d}\n    name: Stakeholder {s}\n    kind: country\n" for s in range(STAKEHOLDERS))
        (root / "cm.yaml").write_text(f"title: Long section\nlanguages: [en]\ndraft: long\ndeadline: 2026-09-30\n"
                                      f"stakeholders:\n{roster}", encoding="utf-8")
        out = ['id: long\ntitle: A long strategy\nversion: "1"\nsections:\n']
        for start in range(0, paragraphs, size):
            number = start // size + 1
            out.append(f'  - id: s{number}\n    number: "{number}"\n    title: Part {number}\n    paragraphs:\n')
            out += [f"      - id: {pid}\n        text: Paragraph {pid} of the strategy.\n" for pid in ids[start:start + size]]
        (root / "drafts" / "long.yaml").write_text("".join(out), encoding="utf-8")
        for s, items in enumerate(comments):
            (root / "comments" / f"st{s:03d}.yaml").write_text(
                f"stakeholder: st{s:03d}\ndraft: long\ncomments:\n" + "".join(items), encoding="utf-8")
    return long, sectioned



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=20_000)
    parser.add_argument("--inserts", type=int, default=8_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=REPO / "build" / "bench-long-section")
    args = parser.parse_args()
    long, sectioned = write_projects(args.work, args.paragraphs, args.inserts)
    figures = {}
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "CM_CACHE_DIR": cache, "CM_TODAY": "2026-10-01"}
        for name, root in (("one section", long), ("sectioned", sectioned)):
            command = [sys.executable, "-m", "commentmatrix", "validate", "--project", str(root)]
            subprocess.run(command, env=env, capture_output=True)  # fills the parse cache
            runs = [timed(command, env) for _ in range(args.repeat)]
            figures[name] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
            print(f"{name}: {figures[name][0]:.2f} s", file=sys.stderr, flush=True)
    (wall, cpu), (f_wall, f_cpu) = figures["one section"], figures["sectioned"]
    print("| paragraphs | inserts | one section | floor: 500 sections | ratio |")
    print("|---:|---:|---:|---:|---:|")
    print(f"| {args.paragraphs:,} | {args.inserts:,} | {wall:.2f} s (CPU {cpu:.2f}) | "
          f"{f_wall:.2f} s (CPU {f_cpu:.2f}) | {wall / f_wall:.2f}× |")


if __name__ == "__main__":
    main()
