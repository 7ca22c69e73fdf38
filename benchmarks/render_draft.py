"""Benchmark `cm render draft`: a generated ~300-page draft (3,000 bilingual paragraphs) with
2,000 applied edits (seeded), rendered as tracked and clean DOCX. Prints time and peak memory
(peak resident set size of a fresh process per variant: lxml's memory is outside tracemalloc).

    python benchmarks/render_draft.py [--paragraphs 3000] [--edits 2000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import time
import resource
import subprocess
import sys
from pathlib import Path

from commentmatrix.draft_docx import REFERENCE_NAME, render_docx
from commentmatrix.draft_view import build_draft_view
from commentmatrix.edits import EditRequest, apply_edits
from commentmatrix.models import Draft, InsertEdit, ReplaceEdit
from commentmatrix.templating import template_path

WORDS = "environmental cooperation regional capacity biodiversity water climate policy dialogue research".split()
HAN = "环境合作区域能力生物多样性水资源气候政策对话研究"


def make_draft(paragraphs: int, rng: random.Random) -> Draft:
    sections, per = [], 30
    for s in range(paragraphs // per):
        items = [{"id": f"s{s}.p{p}", "text": {"en": " ".join(rng.choice(WORDS) for _ in range(40)) + f" ref {s}-{p}.",
                                                "zh": "".join(rng.choice(HAN) for _ in range(60)) + f"{s}-{p}。"}}
                 for p in range(per)]
        sections.append({"id": f"s{s}", "number": str(s + 1), "title": {"en": f"Section {s + 1}", "zh": f"第{s + 1}节"},
                         "paragraphs": items})
    return Draft.model_validate({"id": "big", "title": "Big draft", "version": "1", "sections": sections})


def make_requests(draft: Draft, edits: int, rng: random.Random) -> list[EditRequest]:
    paragraphs = [p for s in draft.sections for p in s.paragraphs]
    chosen = rng.sample(paragraphs, edits)
    requests = []
    for n, paragraph in enumerate(chosen):
        comment = f"C-{n + 1}"
        if n % 10 == 0:
            edit = InsertEdit.model_validate({"insert": {"en": "A new paragraph.", "zh": "新段落。"},
                                              "id": f"new{n}", "after": paragraph.id})
        else:
            marker = paragraph.text["en"].rsplit(" ref ", 1)[1]
            edit = ReplaceEdit.model_validate({"replace": f"ref {marker}", "with": f"reference {marker}", "lang": "en"})
        requests.append(EditRequest(comment, "s", paragraph.id, edit, True))
    return requests


class _Project:
    """Just what build_draft_view reads from a project, for a benchmark without files."""
    root = None
    languages = ["en", "zh"]
    primary_language = "en"
    comments_by_id: dict = {}
    stakeholders_by_id: dict = {}
    config = None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paragraphs", type=int, default=3000)
    parser.add_argument("--edits", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("build/bench"))
    parser.add_argument("--only", choices=["tracked", "clean"])
    args = parser.parse_args()
    if args.only is None:
        for name in ("tracked", "clean"):
            subprocess.run([sys.executable, __file__, *sys.argv[1:], "--only", name], check=True)
        return
    rng = random.Random(args.seed)
    draft = make_draft(args.paragraphs, rng)
    requests = make_requests(draft, args.edits, rng)
    started = time.perf_counter()
    revision = apply_edits(draft, requests)
    engine = time.perf_counter() - started
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    view = build_draft_view(_Project(), revision, ["en", "zh"], args.only == "tracked")
    data = render_docx(view, template_path(None, REFERENCE_NAME))
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.only}.docx").write_bytes(data)
    print(f"{args.only}: {args.paragraphs} paragraphs, {len(revision.applied)} edits applied (engine {engine:.2f} s); "
          f"render {elapsed:.2f} s; peak RSS {peak / 1024:.0f} MiB (before render {baseline / 1024:.0f} MiB); "
          f"{len(data) / 2**20:.1f} MiB file")


if __name__ == "__main__":
    main()
