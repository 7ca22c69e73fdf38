"""Benchmark: `cm render matrix` on a generated consultation of 10,000 comments, every format.

Run: python benchmarks/render_matrix.py [COMMENTS]   (default 10000)

Generates a deterministic project (seeded) in a temporary folder: 40 stakeholders, a bilingual
draft of 50 sections x 10 paragraphs, comments spread over the stakeholders with all decisions,
a third of them with a replace edit that applies. Prints, per format, the render time (view, edit
engine and writer; loading is timed apart), the peak memory of a process that loads the project and
renders that one format (ru_maxrss: includes lxml's C memory, which tracemalloc does not see) and the
peak Python allocations of the render (tracemalloc, a second run), and the output size.
Not a test: the figures go in the README's performance section.
"""

from __future__ import annotations

import gc
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from commentmatrix.loader import load_project  # noqa: E402
from commentmatrix.matrixrender import FORMATS, RenderRequest, render  # noqa: E402
from commentmatrix.matrixview import MatrixOptions  # noqa: E402

STAKEHOLDERS = 40
SECTIONS = 50
PARAGRAPHS = 10
WORDS = 20
DECISIONS = ["accepted", "accepted", "partially", "rejected", "noted", None]


def generate(root: Path, comments: int, seed: int = 2017) -> None:
    rng = random.Random(seed)
    lines = ["title:\n  en: Generated consultation\n  zh: 生成的征求意见\nlanguages: [en, zh]\ndraft: big\n",
             "deadline: 2017-09-10\nstakeholders:\n"]
    for s in range(STAKEHOLDERS):
        lines.append(f"  - id: s{s}\n    name:\n      en: Stakeholder {s}\n      zh: 利益相关方{s}\n    kind: country\n")
    (root / "cm.yaml").write_text("".join(lines), encoding="utf-8")
    draft = ['id: big\ntitle:\n  en: Generated draft\n  zh: 生成的草案\nversion: "1"\nsections:\n']
    for s in range(SECTIONS):
        draft.append(f"  - id: sec{s}\n    number: \"{s + 1}\"\n    title:\n      en: Section {s + 1}\n      zh: 第{s + 1}节\n    paragraphs:\n")
        for p in range(PARAGRAPHS):
            pid = s * PARAGRAPHS + p
            words = " ".join(f"w{w}-p{pid}" for w in range(WORDS))
            draft.append(f"      - id: sec{s}.{p + 1}\n        text:\n          en: {words}\n          zh: 段落{pid}的中文文本。\n")
    (root / "drafts").mkdir()
    (root / "drafts" / "big.yaml").write_text("".join(draft), encoding="utf-8")
    (root / "comments").mkdir()
    files: dict[int, list[str]] = {}
    for k in range(comments):
        pid = k % (SECTIONS * PARAGRAPHS)
        section, paragraph = divmod(pid, PARAGRAPHS)
        decision = rng.choice(DECISIONS)
        text = " ".join(rng.choice(["please", "consider", "revise", "the", "wording", "of", "this", "item", "clarify"])
                        for _ in range(rng.randint(8, 40)))
        entry = [f"  - id: C-{k}\n    target: sec{section}.{paragraph + 1}\n    text:\n      en: {text}\n      zh: 请修改此段落的措辞。\n"]
        if k % 3 == 0:
            word = f"w{(k // (SECTIONS * PARAGRAPHS)) % WORDS}-p{pid}"
            entry.append(f"    proposal:\n      - replace: {word}\n        with: new-{word}\n        lang: en\n")
        if decision:
            entry.append(f"    response:\n      decision: {decision}\n      note:\n        en: Response to comment {k}.\n        zh: 对第{k}条意见的回应。\n")
            if decision == "partially":
                entry.append("      edits: []\n")
        files.setdefault(rng.randrange(STAKEHOLDERS - 2), []).append("".join(entry))
    for s, entries in sorted(files.items()):
        (root / "comments" / f"s{s}.yaml").write_text(f"stakeholder: s{s}\ncomments:\n" + "".join(entries), encoding="utf-8")
    # Two stakeholders without comments, as in a real consultation: one no-comments, one pending.
    (root / "comments" / f"s{STAKEHOLDERS - 2}.yaml").write_text(f"stakeholder: s{STAKEHOLDERS - 2}\nstate: no-comments\n", encoding="utf-8")


def measure(root: Path, fmt: str) -> None:
    """In a fresh process: load, render once timed, once traced; print one line of figures."""
    started = time.perf_counter()
    project = load_project(root)
    loaded = time.perf_counter() - started
    request = RenderRequest(fmt, options=MatrixOptions())
    gc.collect()
    started = time.perf_counter()
    data = render(project, request)
    elapsed = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    gc.collect()
    tracemalloc.start()
    render(project, request)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"{fmt:<8}{loaded:>9.2f}{elapsed:>11.2f}{rss:>13.0f}{peak:>14.1f}{len(data) / 1024:>10.0f}")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        measure(Path(sys.argv[2]), sys.argv[3])
        return
    comments = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        generate(root, comments)
        print(f"{comments} comments, {STAKEHOLDERS} stakeholders, {SECTIONS * PARAGRAPHS} paragraphs (en+zh)")
        print(f"{'format':<8}{'load s':>9}{'render s':>11}{'max RSS MiB':>13}{'py peak MiB':>14}{'size KiB':>10}")
        for fmt in FORMATS:
            subprocess.run([sys.executable, __file__, "--one", str(root), fmt], check=True)


if __name__ == "__main__":
    main()
