"""Benchmark `cm import draft` on a 3,000-paragraph bilingual draft (1,004 pages in LibreOffice).

    python benchmarks/import_draft.py [--paragraphs 3000]

Two documents of the generated draft (benchmarks/generate.py): cm's own clean rendering (ids
from bookmarks, both languages of a heading in one paragraph), and the same text laid out the
way a drafting team types it: headings numbered by Word's multilevel list numbering, each
paragraph followed by its Chinese translation, no bookmarks. Each import runs as a fresh `cm`
process (`--dry-run` into a new project: read, build, validate the project with the draft).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "tests"))

from generate import generate  # noqa: E402

CM = [sys.executable, "-m", "commentmatrix"]


def typed_document(project: Path, target: Path) -> int:
    """The draft as a drafting team's document: automatic heading numbers, alternating languages."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from commentmatrix.model.project import walk_sections
    from commentmatrix.read.loader import load_project

    draft = load_project(project).current_draft.draft
    document = Document()
    numbering = document.part.numbering_part.element
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading{i + 1}"/>'
                     f'<w:lvlText w:val="{".".join(f"%{n + 1}" for n in range(i + 1))}"/></w:lvl>' for i in range(3))
    numbering.append(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level in (1, 2, 3):
        numbers = document.styles[f"Heading {level}"].element.get_or_add_pPr().get_or_add_numPr()
        if level > 1:
            numbers.get_or_add_ilvl().val = level - 1
        numbers.get_or_add_numId().val = 90
    body = document.element.body
    end = body[-1]
    count = 0

    def add(text: str, style: str | None) -> None:
        nonlocal count
        paragraph = document.add_paragraph(text, style=style)
        end.addprevious(paragraph._p)
        count += 1

    for section, parents in walk_sections(draft.sections):
        # One heading paragraph, both titles: Word numbers each heading paragraph once.
        heading = document.add_paragraph(style=f"Heading {min(len(parents) + 1, 3)}")
        heading.add_run(section.title["en"]).add_break()
        heading.add_run(section.title["zh"])
        end.addprevious(heading._p)
        count += 1
        for paragraph in section.paragraphs:
            for lang in ("en", "zh"):
                add(paragraph.text[lang], "List Bullet" if paragraph.kind == "item" else None)
    document.save(target)
    return count


def timed(args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([*CM, *args], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"cm {' '.join(args)} failed:\n{done.stderr}")
    return elapsed, done.stdout.splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=3000)
    parser.add_argument("--profile", action="store_true", help="profile the import in this process instead")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        generate(folder / "source", comments=0, stakeholders=1, paragraphs=options.paragraphs)
        rendered = folder / "rendered.docx"
        subprocess.run([*CM, "render", "draft", "--changes", "clean", "-o", str(rendered), "-C", str(folder / "source")],
                       check=True, capture_output=True)
        typed = folder / "typed.docx"
        words = typed_document(folder / "source", typed)
        if options.profile:
            import cProfile
            import pstats

            from commentmatrix.exchange.draft_import import import_draft
            from commentmatrix.exchange.word_structure import read_word

            for path in (rendered, typed):
                names = {"import_draft": import_draft, "read_word": read_word, "path": path}
                cProfile.runctx("import_draft(read_word(path))", globals(), names, str(folder / "prof"))
                pstats.Stats(str(folder / "prof")).sort_stats("cumulative").print_stats(25)
            return
        subprocess.run([*CM, "init", str(folder / "target"), "--title", "Benchmark", "--languages", "en,zh", "-y"],
                       check=True, capture_output=True)
        for name, path in (("cm's clean rendering (bookmarks)", rendered), (f"typed, alternating ({words:,} Word paragraphs)", typed)):
            elapsed, first = timed(["import", "draft", str(path), "--dry-run", "-C", str(folder / "target")])
            size = path.stat().st_size / 1e6
            print(f"{name:<50} {size:5.1f} MB  {elapsed:5.2f} s   {first}")


if __name__ == "__main__":
    main()
