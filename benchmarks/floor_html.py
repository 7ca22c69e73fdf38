"""The HTML matrix against its floor: the same page written from plain Python strings.

    python benchmarks/floor_html.py PROJECT_ROOT [--repeat N] [--json]

In one process: the project is loaded through cm's own loader (the parse cache may be warm), the
public matrix view is built once, then cm's renderer (render_matrix_text: the cells' escaping,
the charts' geometry and the sandboxed template) and the floor writer run on that view in turn,
N times each; the medians are printed. The floor is f-strings and str.replace escaping, written
for this comparison only: the same header, summary, legend, charts and table. Its table (every
row's cells, the O(rows) part) is checked to be byte for byte cm's before anything is timed.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from floors import alternate, arguments, measured, report

from commentmatrix.engine import revise
from commentmatrix.read.loader import load_project
from commentmatrix.render.matrix_text import render_matrix_text
from commentmatrix.views.chart import stacked_bars
from commentmatrix.views.labels import project_words
from commentmatrix.views.matrix import MatrixOptions, MatrixView, build_matrix

STYLE = Path(__file__).resolve().parent.parent / "src" / "commentmatrix" / "render" / "templates" / "_matrix_style.css.j2"


def esc(value: str) -> str:
    # markupsafe's escaping, so the floor's bytes are cm's.
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))


def ml(lines) -> str:
    return "".join(f'<span class="l" lang="{esc(lang)}">{esc(value)}</span>' if lang else
                   f'<span class="l">{esc(value)}</span>' for lang, value in lines)


def inline(lines) -> str:
    return " ".join(f'<span lang="{esc(lang)}">{esc(value)}</span>' if lang else
                    f"<span>{esc(value)}</span>" for lang, value in lines)


def floor_page(view: MatrixView) -> str:
    out: list[str] = []
    put = out.append
    labels = view.labels
    put(f'<!DOCTYPE html>\n<html lang="{view.languages[0] if view.languages else "en"}">\n<head>\n<meta charset="utf-8">\n'
        f'<title>{esc(view.title[0][1])}</title>\n<style>\n{STYLE.read_text(encoding="utf-8")}</style>\n</head>\n<body>\n'
        f'<header>\n<h1>{ml(view.title)}</h1>\n<p class="meta">{inline(labels["matrix"])} · {inline(view.draft_title)}</p>\n'
        f'</header>\n<ul class="summary">\n<li><b>{view.totals.total}</b>{inline(labels["comments_total"])}</li>\n')
    for key in view.decisions:
        if view.totals.count(key):
            put(f'<li><b class="decision {key}">{view.totals.count(key)}</b>{inline(labels[key])}</li>\n')
    put('</ul>\n<div class="charts">\n')
    for chart in (stacked_bars(labels["by_stakeholder"], view.by_stakeholder), stacked_bars(labels["by_section"], view.by_section)):
        put(f'<figure>\n<figcaption>{inline(chart.title)}</figcaption>\n<svg width="{chart.width}" height="{chart.height}">\n')
        for bar in chart.bars:
            put(f'<text x="{chart.label_width - 6}" y="{bar.y + chart.bar_height - 3}">{esc(bar.label)}</text>\n')
            for piece in bar.pieces:
                put(f'<rect class="d-{piece.decision}" x="{piece.x}" y="{bar.y}" width="{piece.width}" height="{chart.bar_height}">'
                    f'<title>{esc(bar.label)}: {piece.count} {esc(labels[piece.decision][0][1])}</title></rect>\n')
        put("</svg>\n</figure>\n")
    put("</div>\n")
    put(floor_table(view))
    put("<footer>cm render matrix</footer>\n</body>\n</html>\n")
    return "".join(out)


def floor_table(view: MatrixView) -> str:
    out: list[str] = []
    put = out.append
    labels = view.labels
    rounds = view.all_rounds
    by_stakeholder = view.by == "stakeholder"
    columns = 5 if rounds else 4
    withdrawn = inline(labels["withdrawn"])
    put('<table class="matrix">\n')
    put('<colgroup><col style="width:7%"><col style="width:10%"><col style="width:15%"><col style="width:40%"><col style="width:28%"></colgroup>\n'
        if rounds else
        '<colgroup><col style="width:7%"><col style="width:17%"><col style="width:46%"><col style="width:30%"></colgroup>\n')
    round_head = f"<th>{ml(labels['round'])}</th>" if rounds else ""
    put(f"<thead>\n<tr><th>{ml(labels['id'])}</th>{round_head}"
        f"<th>{ml(labels['target'] if by_stakeholder else labels['stakeholder'])}</th><th>{ml(labels['comment'])}</th>"
        f"<th>{ml(labels['response'])}</th></tr>\n</thead>\n")
    for group in view.groups:
        ack = f'<div class="ack">{inline(group.acknowledgement)}</div>' if group.acknowledgement else ""
        put(f'<tbody>\n<tr class="group"><th colspan="{columns}">{inline(group.heading)}{ack}</th></tr>\n')
        if not group.rows:
            put(f'<tr class="state"><td colspan="{columns}">{ml(group.state_label)}</td></tr>\n')
        for row in group.rows:
            put(f'<tr class="row {row.decision}">\n<td class="id">{esc(row.id)}</td>\n')
            if rounds:
                put(f'<td class="round">{ml(row.round_label)}</td>\n')
            put(f'<td class="target">{ml(row.target if by_stakeholder else row.stakeholder)}</td>\n<td class="comment">\n')
            if row.carry:
                put(f'<div class="carry">{inline(row.carry)}</div>')
            if not by_stakeholder and row.target != group.heading:
                put(f'<div class="where">{ml(row.target)}</div>')
            if row.topic:
                put(f'<div class="topic">{esc(row.topic)}</div>')
            put(ml(row.text) + "\n")
            put("".join(f'<div class="edit">{ml(edit)}</div>' for edit in row.proposal))
            put(f'</td>\n<td class="response">\n<div class="decision {row.decision}">{inline(row.decision_label)}</div>\n')
            if row.withdrawn and row.decision != "withdrawn":
                put(f'<div class="decision withdrawn">{withdrawn}</div>')
            put(ml(tuple(line for line in row.note if line not in row.decision_label)))
            put("".join(f'<div class="edit">{ml(edit)}</div>' for edit in row.edits))
            if row.by or row.date:
                middle = " · " if row.by and row.date else ""
                put(f'<div class="by">{esc(row.by or "")}{middle}{row.date.isoformat() if row.date else ""}</div>')
            if row.objection:
                put(f'<div class="objection">{ml(row.objection)}</div>')
            if row.internal_note:
                put(f'<div class="internal">{ml(row.internal_note)}</div>')
            put("</td>\n</tr>\n")
        put("</tbody>\n")
    put("</table>\n")
    return "".join(out)


def _table(page: str) -> str:
    return page[page.index('<table class="matrix">'):page.index("</table>") + len("</table>\n")]


def main() -> int:
    args = arguments(__doc__)
    project = load_project(args.root)
    gc.freeze()  # as the CLI does after loading (cli/common.py): the collector leaves the project alone
    items = sum(len(source.file.comments) for source in project.comment_sources)
    with project_words(project.label_overrides):
        view = build_matrix(project, revise(project), MatrixOptions())
        if _table(render_matrix_text(project.root, view, "html", items)) != floor_table(view):
            print("the floor's table is not cm's: the comparison would be unfair", file=sys.stderr)
            return 1
        cm_times, floor_times = alternate(lambda: render_matrix_text(project.root, view, "html", items),
                                          lambda: floor_page(view), args.repeat)
    report([measured("HTML matrix", cm_times, floor_times, sum(1 for _ in view.rows()))], args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
