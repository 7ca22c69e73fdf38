"""Benchmark `cm export review-copy` and `cm import docx --dry-run` on a generated draft
(SECTIONS x 10 bilingual paragraphs): with the review copy's ids, with the ids stripped (found by
exact words), and with a fifth of the paragraphs retyped, among them every changed one (found
by fuzzy matching).

    python benchmarks/review_import.py [--sections 60]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from docx.oxml.ns import qn
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from conftest import copy_example  # noqa: E402
from reviewing import Reviewer  # noqa: E402

from commentmatrix.cli import app  # noqa: E402


def make_project(root: Path, sections: int) -> None:
    copy_example(root)
    for path in (root / "comments").glob("*.yaml"):
        path.unlink()
    lines = ["id: lmec-2017-08", "title: {en: Big, zh: 大}", 'version: "1"', "sections:"]
    for s in range(1, sections + 1):
        lines += [f"  - id: s{s}", f'    number: "{s}"', f"    title: {{en: Section {s} title, zh: 第{s}节}}", "    paragraphs:"]
        for p in range(1, 11):
            lines += [f"      - id: s{s}.{p}",
                      f'        text: {{en: "Paragraph {p} of section {s} says something about cooperation number {s * 100 + p}.", '
                      f'zh: "第{s}节第{p}段关于合作的内容{s * 100 + p}。"}}']
    (root / "drafts" / "lmec-2017-08.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed(*args: str) -> tuple[float, str]:
    start = time.perf_counter()
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return time.perf_counter() - start, result.stdout.splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sections", type=int, default=60)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    try:
        root = folder / "project"
        make_project(root, options.sections)
        seconds, _ = timed("export", "review-copy", "-C", str(root))
        print(f"export review-copy ({options.sections * 20} paragraphs): {seconds:.2f} s")
        reviewer = Reviewer(root / "build" / "lmec-2017-08-review-copy.docx")
        for s in range(1, options.sections + 1, 3):
            reviewer.replace(f"cm_s{s}_15__en", "something", "anything")
            reviewer.comment(f"cm_s{s}_17__zh", "合作", "好")
        reviewer.save(root / "ids.docx")
        body = reviewer.document.element.body
        for mark in [*body.iter(qn("w:bookmarkStart")), *body.iter(qn("w:bookmarkEnd"))]:
            mark.getparent().remove(mark)
        reviewer.save(root / "no-ids.docx")
        retyped = 0
        for paragraph in reviewer.document.paragraphs:
            if paragraph.text.startswith(("Paragraph 2 of", "Paragraph 5 of")):
                first = paragraph.runs[0]
                first.text = first.text.replace("Paragraph", "Paragraf", 1)
                retyped += 1
        reviewer.save(root / "retyped.docx")
        for name, label in (("ids", "with ids"), ("no-ids", "ids stripped"), ("retyped", f"ids stripped, {retyped} paragraphs retyped")):
            seconds, last = timed("import", "docx", str(root / f"{name}.docx"), "-s", "viet-nam", "-C", str(root), "--dry-run")
            print(f"import docx --dry-run ({label}): {seconds:.2f} s; {last}")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
