"""The DOCX matrix and synopsis against their floor: the least a writer of the same table must do.

    python benchmarks/floor_docx.py PROJECT_ROOT [--repeat N] [--json]

In one process: the project is loaded through cm's loader (a warm parse cache is fine), the
views are built once, then cm's writer (render/docx/matrix.py) and the floor writer are timed on
the same view, alternating, N times each; the medians are printed. The floor is written for this
comparison only and never imported by cm: one table, a row per comment (a row per changed text
in the synopsis), the same cells with the same texts, each a paragraph of one run of escaped text,
streamed into a zip with a fixed time; no styles, fonts, language tags, merges or reference.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

from floors import alternate, arguments, measured, report

from commentmatrix.engine import revise
from commentmatrix.read.loader import load_project
from commentmatrix.render.documents import MATRIX_REFERENCE
from commentmatrix.render.docx.matrix import render_matrix_docx, render_synopsis_docx
from commentmatrix.render.templating import template_path
from commentmatrix.views.matrix import MatrixOptions, MatrixView, SynopsisView, build_matrix, build_synopsis

STAMP = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" '
                 'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>')


def _cell(texts: Iterable[str]) -> str:
    return "<w:tc>" + ("".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in texts) or "<w:p/>") + "</w:tc>"


def _values(lines) -> list[str]:
    return [value for _, value in lines]


def _matrix_rows(view: MatrixView) -> Iterator[str]:
    for group in view.groups:
        head = [*_values(group.heading), *_values(group.acknowledgement)]
        if not group.rows:
            yield "<w:tr>" + _cell(head) + _cell(_values(group.state_label)) + "</w:tr>"
        for position, row in enumerate(group.rows):
            comment = [*_values(row.carry), *(_values(row.target) if view.by == "section" else []),
                       *([row.topic] if row.topic else []), *_values(row.text), *(v for edit in row.proposal for v in _values(edit))]
            response = [" ".join(_values(row.decision_label)), *_values(row.note),
                        *(v for edit in row.edits for v in _values(edit)),
                        *([" · ".join(x for x in (row.by, row.date.isoformat() if row.date else None) if x)] if row.by or row.date else []),
                        *_values(row.objection), *_values(row.internal_note)]
            rounds = [_cell(_values(row.round_label))] if view.all_rounds else []
            yield ("<w:tr>" + _cell(head if position == 0 else []) + _cell([row.id]) + "".join(rounds)
                   + _cell(_values(row.target if view.by == "stakeholder" else row.stakeholder)) + _cell(comment)
                   + _cell(response) + "</w:tr>")


def _synopsis_rows(view: SynopsisView) -> Iterator[str]:
    for item in view.rows:
        changes = ["".join(segment.text for segment in segments) for _, segments in item.changes]
        by = [text for comment in item.comments
              for text in (comment.id, *_values(comment.stakeholder), " ".join(_values(comment.decision_label)))]
        yield ("<w:tr>" + _cell(_values(item.where)) + _cell(_values(item.original)) + _cell(changes) + _cell(by)
               + "</w:tr>")


def floor(rows: Iterable[str]) -> bytes:
    out = io.BytesIO()
    when = (STAMP.year, STAMP.month, STAMP.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", when), CONTENT_TYPES)
        archive.writestr(zipfile.ZipInfo("_rels/.rels", when), RELS)
        info = zipfile.ZipInfo("word/document.xml", when)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w") as stream:
            stream.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body><w:tbl>'
                         .encode())
            pending: list[str] = []
            for row in rows:
                pending.append(row)
                if len(pending) == 256:
                    stream.write("".join(pending).encode())
                    pending = []
            stream.write(("".join(pending) + "</w:tbl><w:sectPr/></w:body></w:document>").encode())
    return out.getvalue()


def main() -> None:
    args = arguments(__doc__)
    project = load_project(args.root)
    revision = revise(project, None)
    matrix = build_matrix(project, revision, MatrixOptions())
    synopsis = build_synopsis(project, revision, MatrixOptions())
    reference = template_path(project.root, MATRIX_REFERENCE)
    cases = [("matrix docx", lambda: render_matrix_docx(matrix, reference, STAMP), lambda: floor(_matrix_rows(matrix)),
              sum(len(group.rows) or 1 for group in matrix.groups)),
             ("synopsis docx", lambda: render_synopsis_docx(synopsis, reference, STAMP), lambda: floor(_synopsis_rows(synopsis)),
              len(synopsis.rows))]
    report([measured(label, *alternate(ours, theirs, args.repeat), rows) for label, ours, theirs, rows in cases], args.json)


if __name__ == "__main__":
    sys.exit(main())
