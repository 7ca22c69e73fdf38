"""Fuzz what stakeholders and pull requests send besides YAML: Office files to import, and templates.

    python tests/fuzz/fuzz_exchange.py --seconds 3600 [--seed N] [--targets docx xlsx csv template]
                                       [--fresh-every 50]

Seeds are made at the start, as users make them: a review copy of the repository's example,
exported by cm and reviewed the way Word writes it (comments, tracked replacements, insertions,
a deleted paragraph, a filled comments table, in Chinese, Khmer, Thai and Vietnamese); an ISO
comment form in XLSX with merged cells and shared strings; a Word table of comments; CSV
matrices in UTF-8, UTF-8 with a byte order mark and UTF-16; and cm's own templates.

Each input mutates one seed. An Office file is unzipped, one part (the document, the comments,
a sheet, the shared strings, the styles, the content types) is mutated as bytes (the loader
fuzzer's mutations, with XML's own tokens) or as XML (an element repeated hundreds of times,
nested deep, or dropped; a count or reference attribute set to `²`, `-1`, `99999999`,
`XFD1048577`), and zipped again; now and then the zip itself is damaged. A CSV is mutated as
bytes. A template gets Jinja pieces spliced in (loops over the view, includes, self-extension,
recursive macros, huge repetitions, sandbox escapes) and renders under small template limits.

Every input runs through the CLI in process (`cm import docx|table|draft FILE --dry-run`,
`cm render matrix -f html|md -o FILE`); every `--fresh-every`-th through a fresh `cm` process,
the import for real (and the project must then still validate). A finding is an exit code
other than 0 or 1, an exception that is not cm's own exit, a traceback in the output, a
refused render that left its output file, an import that made the project invalid, or an input
taking more than 20 s of CPU (the template's box counted). Findings go to tests/fuzz/findings/.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests"))
import fuzz_loader  # noqa: E402

FINDINGS = fuzz_loader.FINDINGS

XML_TOKENS = [
    b"<", b">", b"&", b"&amp;", b"&#0;", b"&#x1b;", b"&#xD800;", b"&foo;", b"<!DOCTYPE x [<!ENTITY e 'e'>]>",
    b"<![CDATA[x]]>", b"<?xml version='1.0'?>", b"</w:p>", b"<w:p>", b"<w:r><w:t>x</w:t></w:r>", b"<w:tab/>",
    b"<w:br/>", b"<w:ins w:id=\"1\" w:author=\"a\">", b"</w:ins>", b"<w:del w:id=\"2\">", b"<w:delText>y</w:delText>",
    b"<w:commentRangeStart w:id=\"0\"/>", b"<w:commentRangeEnd w:id=\"0\"/>", b"<w:commentReference w:id=\"7\"/>",
    b"w:gridSpan w:val=\"\xc2\xb2\"", b"w:val=\"99999999\"", b" r=\"XFD1048577\"", b" t=\"s\"", b"<v>99999</v>",
    b"<v>\xc2\xb2</v>", b"<mergeCell ref=\"A1:XFD1048576\"/>", b"<si><t>x</t></si>", b"xml:space=\"preserve\"",
    "\u202e".encode(), "\u200b".encode(), b"\x1b]0;pwn\x07", "ខ្មែរ".encode(), "ภาษาไทย".encode(),
    "Tiếng Việt".encode(), "澜沧江".encode(), b"\xef\xbb\xbf", b"\x00",
]

CSV_TOKENS = [b",", b";", b"\t", b'"', b'""', b"\r\n", b"\n", b"\r", b"=cmd|' /C calc'!A0", b"@SUM(1)", b"\xef\xbb\xbf",
              b"\xff\xfe", b"\x00", "不采纳".encode(), "ยอมรับ".encode(), "ទទួលយក".encode(), "Chấp nhận".encode(),
              b"Accepted", b"partially accepted", b"Noted", b"5.2", b"\xe1\x9f\xa5", b"x" * 5000]

TEMPLATE_PIECES = [
    "{{ view.title }}", "{% for group, row in view.rows() %}{{ row.id }}{{ row.text }}{% endfor %}",
    "{% for group in view.groups %}{{ group }}{% endfor %}", "{{ md(view.title) }}", "{{ charts }}",
    "{% include 'matrix.md.j2' %}", "{% include '_lines.html.j2' %}", "{% extends 'matrix.html.j2' %}",
    "{% include 'matrix.html.j2' %}", "{% macro m(n) %}{{ m(n) }}{{ m(n) }}{% endmacro %}{{ m(1) }}",
    "{{ 'x' * 9999999 }}", "{{ ('x' * 999999) * 20 }}", "{{ 'y'.ljust(99999999) }}", "{{ '%99999999s' % 1 }}",
    "{{ range(99999)|list|length }}", "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "{{ 7 ** 7 ** 7 }}", "{{ lipsum(100000) }}", "{{ ''.__class__ }}", "{{ cycler.__init__ }}", "{{ view|attr('x') }}",
    "{{ undefined_name }}", "{{ 1/0 }}", "{% set ns = namespace(s='ab') %}", "{{ ns.s ~ ns.s }}", "{{ decisions }}",
    "{{", "}}", "{%", "%}", "{#", "#}", "{% endfor %}", "{% if %}", "{% raw %}", "{{ view.rows()|first }}",
    "{{ view|tojson }}", "{{ view.labels|dictsort }}", "{{ '\u202e' }}", "{{ '\x1b[2J' }}", "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35",
]

STAKEHOLDER = "viet-nam"


@dataclass
class Seed:
    kind: str  # docx, xlsx, csv, template
    name: str
    data: bytes
    command: str  # "docx" or "table" for imports; "html" or "md" for templates


@dataclass
class Stats:
    inputs: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    exits: dict[tuple[str, int], int] = field(default_factory=dict)
    fresh_runs: int = 0
    imported: int = 0
    slowest: float = 0.0
    slowest_kind: str = ""
    findings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- seeds


def _example(into: Path) -> Path:
    shutil.copytree(REPO, into, ignore=shutil.ignore_patterns(".git", ".venv", "build", "src", "tests", "benchmarks",
                                                              "docs", "tools", "schemas", "*.md", "*.pyc"))
    return into


def make_seeds(work: Path) -> list[Seed]:
    from docx import Document
    from openpyxl import Workbook
    from reviewing import Reviewer
    from typer.testing import CliRunner

    from commentmatrix.cli import app

    project = _example(work / "seed-project")
    copy = work / "copy.docx"
    exported = CliRunner().invoke(app, ["export", "review-copy", "-o", str(copy), "-C", str(project)])
    assert exported.exit_code == 0, exported.output
    seeds: list[Seed] = []

    reviewer = Reviewer(copy)
    reviewer.comment("cm_background_11__en", "Environmental cooperation", "Please cite the 2030 Agenda. 请引用2030年议程。")
    reviewer.replace("cm_review_11__en", "Rapid economic growth", "Fast growth")
    reviewer.insert("cm_review_11__zh", "快速的经济增长", "和人口增长")
    reviewer.comment("cm_objectives__zh", "合作目标", "ខ្មែរ: សូមបន្ថែម ภาษาไทย: เพิ่มเติม Tiếng Việt: bổ sung")
    reviewer.delete_paragraph("cm_background_11__zh")
    reviewer.comment_change("cm_review_11__en", "Why this change?")
    seeds.append(Seed("docx", "reviewed.docx", reviewer.save(work / "reviewed.docx").read_bytes(), "docx"))
    seeds.append(Seed("docx", "unreviewed.docx", copy.read_bytes(), "docx"))

    document = Document()
    table = document.add_table(rows=1, cols=5)
    for cell, heading in zip(table.rows[0].cells, ["Stakeholder", "Section", "Comment", "Proposed change", "Response"]):
        cell.text = heading
    for row in [("tnc", "4", "Shorter, please.", "Sharing principles", "Noted"),
                ("viet-nam", "5.2", "Bổ sung đào tạo.", "", "Chấp nhận"),
                ("thailand", "", "เพิ่มการฝึกอบรม", "", "ยอมรับบางส่วน")]:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    seeds.append(Seed("docx", "table.docx", buffer.getvalue(), "table"))

    book = Workbook()
    sheet = book.active
    sheet.title = "Comments"
    sheet.append(["Template for comments and secretariat observations"])
    sheet.append(["MB/NC", "Clause No./Subclause", "Paragraph/Figure/Table", "Type of comment", "Comments",
                  "Proposed change", "Observations of the secretariat"])
    sheet.append(["tnc", "4", "3", "ed", "Shorter, please.", "Sharing principles", "Noted"])
    sheet.append([None, "5.2", "", "te", "Add trainers' training.", "", "不采纳"])
    sheet.append(["cambodia", "5.2", "", "ge", "សូមបន្ថែមការបណ្តុះបណ្តាល", "", "Accepted"])
    sheet.merge_cells("A3:A4")
    buffer = io.BytesIO()
    book.save(buffer)
    seeds.append(Seed("xlsx", "form.xlsx", buffer.getvalue(), "table"))

    rows = "Stakeholder,Section,Comment,Response\ntnc,4,\"Shorter, please.\",Noted\nviet-nam,5.2,Bổ sung đào tạo.,Chấp nhận\n" \
           "lao-pdr,,ກະລຸນາເພີ່ມ,ຮັບເອົາ\n"
    seeds.append(Seed("csv", "matrix.csv", rows.encode("utf-8"), "table"))
    seeds.append(Seed("csv", "matrix-bom.csv", b"\xef\xbb\xbf" + rows.encode("utf-8"), "table"))
    seeds.append(Seed("csv", "matrix-utf16.csv", rows.encode("utf-16"), "table"))

    packaged = REPO / "src" / "commentmatrix" / "render" / "templates"
    for name, fmt in (("matrix.html.j2", "html"), ("matrix.md.j2", "md"), ("_lines.html.j2", "html")):
        seeds.append(Seed("template", name, (packaged / name).read_bytes(), fmt))
    # Both copies again as the drafting team's document (cm import draft): cm's bookmarks, cover
    # note and comments table; and a reviewer's tracked changes and Word comments on top.
    seeds.append(Seed("docx", "draft-copy.docx", copy.read_bytes(), "draft"))
    seeds.append(Seed("docx", "drafted.docx", (work / "reviewed.docx").read_bytes(), "draft"))
    return seeds


# ---------------------------------------------------------------- mutations


def _mutate_xml_structure(data: bytes, rng: random.Random) -> bytes:
    from lxml import etree

    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=False))
    except etree.XMLSyntaxError:
        return data
    elements = list(root.iter())
    if len(elements) < 2:
        return data
    chosen = rng.choice(elements[1:])
    parent = chosen.getparent()
    how = rng.randrange(5)
    if how == 0 and parent is not None:  # repeat it: many comments, runs, rows, shared-string uses
        for _ in range(rng.choice((2, 10, 200, 2000))):
            parent.insert(parent.index(chosen), _copy(chosen))
    elif how == 1 and parent is not None:
        parent.remove(chosen)
    elif how == 2:  # nest it into itself
        inner = chosen
        for _ in range(rng.choice((5, 50, 300))):
            wrapper = etree.Element(chosen.tag)
            wrapper.append(inner if inner is not chosen else _copy(chosen))
            inner = wrapper
        chosen.append(inner)
    elif how == 3 and chosen.attrib:
        name = rng.choice(sorted(chosen.attrib))
        chosen.set(name, rng.choice(["\u00b2", "-1", "0", "99999999", "XFD1048577", "A1:XFD1048576", "", "x" * 300,
                                     "1e9", "\u0661", str(rng.randrange(1 << 31))]))
    else:
        chosen.text = rng.choice(["", "\u202eevil", "\x1b]0;t\x07".replace("\x1b", "").replace("\x07", ""),
                                  "Lorem " * 2000, "ສະບາຍດີ", "9" * 40])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _copy(element):
    import copy

    return copy.deepcopy(element)


def mutate_zip(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.08:  # the container itself damaged
        return fuzz_loader.mutate(data, rng, [data])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    interesting = [n for n in parts if n.endswith((".xml", ".rels"))]
    preferred = [n for n in interesting if any(k in n for k in ("document.xml", "comments.xml", "sheet", "sharedStrings"))]
    name = rng.choice(preferred if preferred and rng.random() < 0.7 else interesting)
    if rng.random() < 0.5:
        parts[name] = _mutate_xml_structure(parts[name], rng)
    else:
        parts[name] = fuzz_loader.mutate(parts[name], rng, XML_TOKENS)
    if rng.random() < 0.03:
        parts[f"extra/{rng.randrange(1000)}.xml"] = b"<x/>" * rng.choice((1, 1000))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    return buffer.getvalue()


def mutate_template(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8")
    for _ in range(rng.choice((1, 1, 2, 3))):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.8:
            text = text[:at] + rng.choice(TEMPLATE_PIECES) + text[at:]
        else:
            text = text[:at] + text[at + rng.randrange(1, 80):]
    return text.encode("utf-8")


def mutate(seed: Seed, rng: random.Random) -> bytes:
    if seed.kind in ("docx", "xlsx"):
        return mutate_zip(seed.data, rng)
    if seed.kind == "csv":
        return fuzz_loader.mutate(seed.data, rng, CSV_TOKENS)
    return mutate_template(seed.data, rng)


# ---------------------------------------------------------------- running


TEMPLATE_LIMITS = {"CM_TEMPLATE_CPU_SECONDS": "3", "CM_TEMPLATE_MEMORY_MB": "400", "CM_TEMPLATE_OUTPUT_MB": "30",
                   "CM_TEMPLATE_WALL_SECONDS": "15"}


def _arguments(seed: Seed, path: Path, project: Path, output: Path, dry_run: bool) -> list[str]:
    if seed.kind == "template":
        return ["render", "matrix", "-f", seed.command, "-o", str(output), "-C", str(project)]
    arguments = ["import", seed.command, str(path), "-C", str(project)]
    if seed.command == "docx":  # a reviewed copy says nothing of who reviewed it; tables have a column
        arguments += ["-s", STAKEHOLDER]
    if seed.command == "draft":  # the example's own draft has sections: the import is a new draft
        arguments += ["--id", "fuzzed"]
    return arguments + (["--dry-run"] if dry_run else [])




def _place(seed: Seed, data: bytes, work: Path, project: Path) -> Path:
    if seed.kind == "template":
        folder = project / "templates"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        path = folder / seed.name  # _lines.html.j2 is included by cm's own matrix.html.j2
        path.write_bytes(data)
        return path
    path = work / f"input-{seed.name}"
    path.write_bytes(data)
    return path


def run_in_process(seed: Seed, data: bytes, work: Path, project: Path) -> tuple[str | None, int]:
    from typer.testing import CliRunner

    from commentmatrix.cli import app

    path = _place(seed, data, work, project)
    output = work / f"out.{seed.command}"
    output.unlink(missing_ok=True)
    result = CliRunner().invoke(app, _arguments(seed, path, project, output, dry_run=True))
    code = result.exit_code
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return "".join(traceback.format_exception(result.exception)), code
    if code not in (0, 1):
        return f"exit {code}: {result.stderr[-3000:]}", code
    if "Traceback" in result.stdout + result.stderr:
        return f"a traceback in the output: {result.stderr[-3000:]}", code
    if seed.kind == "template" and code == 1 and output.exists():
        return f"a refused render left {output.name}: {result.stderr[-1000:]}", code
    return None, code


def run_fresh(seed: Seed, data: bytes, work: Path, project: Path, stats: Stats) -> str | None:
    """Through a fresh process, the import for real; the project must validate after it."""
    path = _place(seed, data, work, project)
    output = work / f"fresh.{seed.command}"
    output.unlink(missing_ok=True)
    env = {**os.environ, **TEMPLATE_LIMITS}
    before = {p: p.read_bytes() for folder in ("comments", "drafts") for p in (project / folder).glob("*.yaml")}
    done = subprocess.run([sys.executable, "-m", "commentmatrix", *_arguments(seed, path, project, output, dry_run=False)],
                          capture_output=True, text=True, timeout=300, env=env)
    stats.fresh_runs += 1
    problem = None
    if done.returncode not in (0, 1) or "Traceback" in done.stdout + done.stderr:
        problem = f"fresh cm exited {done.returncode}: {done.stderr[-3000:]}"
    elif seed.kind != "template" and done.returncode == 0:
        stats.imported += 1
        validated = subprocess.run([sys.executable, "-m", "commentmatrix", "validate", "-C", str(project)],
                                   capture_output=True, text=True, timeout=300, env=env)
        if validated.returncode != 0:
            problem = f"the import made the project invalid:\n{done.stdout[-1500:]}\n{validated.stdout[-2000:]}"
    elif seed.kind == "template" and done.returncode == 1 and output.exists():
        problem = f"a refused render left {output.name}: {done.stderr[-1000:]}"
    # Put the comment and draft files back for the next input.
    for existing in [*(project / "comments").glob("*.yaml"), *(project / "drafts").glob("*.yaml")]:
        if existing not in before:
            existing.unlink()
    for original, content in before.items():
        original.write_bytes(content)
    return problem


def save_finding(seed: Seed, data: bytes, problem: str) -> str:
    digest = hashlib.sha256(data).hexdigest()[:12]
    folder = FINDINGS / f"{seed.kind}-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / seed.name).write_bytes(data)
    (folder / "PROBLEM.txt").write_text(f"seed {seed.name}, cm {seed.command}\n\n{problem}", encoding="utf-8")
    return folder.name


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def fuzz(*, seconds: float | None = None, max_inputs: int | None = None, seed: int = 0, fresh_every: int = 0,
         targets: tuple[str, ...] = ("docx", "xlsx", "csv", "template"), save: bool = True,
         report: Callable[[Stats], None] | None = None) -> Stats:
    rng = random.Random(seed)
    saved = {name: os.environ.get(name) for name in TEMPLATE_LIMITS}
    os.environ.update(TEMPLATE_LIMITS)
    stats = Stats()
    try:
        with tempfile.TemporaryDirectory(prefix="cm-fuzz-exchange-") as folder:
            work = Path(folder)
            seeds = [s for s in make_seeds(work) if s.kind in targets]
            project = _example(work / "project")
            deadline = time.monotonic() + seconds if seconds is not None else None
            while (deadline is None or time.monotonic() < deadline) and (max_inputs is None or stats.inputs < max_inputs):
                chosen = rng.choice(seeds)
                data = mutate(chosen, rng)
                stats.inputs += 1
                stats.by_kind[chosen.kind] = stats.by_kind.get(chosen.kind, 0) + 1
                started = _cpu()
                try:
                    problem, code = run_in_process(chosen, data, work, project)
                    stats.exits[chosen.kind, code] = stats.exits.get((chosen.kind, code), 0) + 1
                    elapsed = _cpu() - started
                    if elapsed > stats.slowest:
                        stats.slowest, stats.slowest_kind = elapsed, chosen.kind
                    if problem is None and elapsed > 20:
                        problem = f"one input took {elapsed:.1f} s of CPU"
                    if problem is None and fresh_every and stats.inputs % fresh_every == 0:
                        problem = run_fresh(chosen, data, work, project, stats)
                except Exception:  # noqa: BLE001 - an escaping exception is what the fuzzer looks for
                    problem = traceback.format_exc()
                if problem is not None:
                    stats.findings.append(save_finding(chosen, data, problem) if save else problem)
                if report is not None and stats.inputs % 500 == 0:
                    report(stats)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return stats


def _summary(stats: Stats, seconds: float, seed: int) -> str:
    kinds = ", ".join(f"{kind} {count} (exit 0: {stats.exits.get((kind, 0), 0)}, exit 1: {stats.exits.get((kind, 1), 0)})"
                      for kind, count in sorted(stats.by_kind.items()))
    return (f"seed {seed}: {stats.inputs} inputs in {seconds:.0f} s: {kinds}; {stats.fresh_runs} in a fresh "
            f"process ({stats.imported} imported for real and validated); slowest input {stats.slowest:.2f} s of CPU "
            f"({stats.slowest_kind}); {len(stats.findings)} finding(s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--fresh-every", type=int, default=50)
    parser.add_argument("--targets", nargs="+", default=["docx", "xlsx", "csv", "template"],
                        choices=["docx", "xlsx", "csv", "template"])
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    started = time.monotonic()
    stats = fuzz(seconds=args.seconds, seed=seed, fresh_every=args.fresh_every, targets=tuple(args.targets),
                 report=lambda s: print(_summary(s, time.monotonic() - started, seed), flush=True))
    print(_summary(stats, time.monotonic() - started, seed))
    return fuzz_loader.verdict(stats.findings)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    sys.exit(main())
