"""Response letters as bytes: DOCX from the letter template, Markdown and HTML (for e-mail) from
cm's Jinja templates (letter.md.j2, letter.html.j2; a project's own override them), PDF of the DOCX."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from commentmatrix.model.project import Project
from commentmatrix.views.letters import LetterView

LETTER_FORMATS = ("docx", "md", "html", "pdf")

#: Writes one letter of a run (a writer is made for each run, and may keep what letters share).
LetterWriter = Callable[[LetterView, dt.datetime], bytes]


def _docx(project: Project) -> LetterWriter:
    from commentmatrix.render.docx.letter import LETTER_TEMPLATE, LetterTemplate
    from commentmatrix.render.templating import template_path

    prepared: list[LetterTemplate] = []

    def write(letter: LetterView, stamp: dt.datetime) -> bytes:
        # The template is read and checked with the first letter: a run without letters never opens it.
        if not prepared:
            template = template_path(project.root, LETTER_TEMPLATE)
            if template is None:
                raise FileNotFoundError(f"cm's own {LETTER_TEMPLATE} is missing from the package")
            own = project.root is not None and template.resolve().is_relative_to(Path(project.root).resolve())
            prepared.append(LetterTemplate(template, own, project.root))
        return prepared[0].render(letter, stamp)
    return write


def _text(name: str) -> Callable[[Project], LetterWriter]:
    def writer(project: Project) -> LetterWriter:
        def write(letter: LetterView, stamp: dt.datetime) -> bytes:
            from commentmatrix.render.markdown import cell as md
            from commentmatrix.render.templating import render_template

            return render_template(project.root, name, {"letter": letter, "md": md}, len(letter.items)).encode("utf-8")
        return write
    return writer


def _pdf(project: Project) -> LetterWriter:
    docx = _docx(project)

    def write(letter: LetterView, stamp: dt.datetime) -> bytes:
        from commentmatrix.render.pdf import require_libreoffice, to_pdf

        require_libreoffice()
        return to_pdf(docx(letter, stamp), ".docx", stamp)
    return write


WRITERS: dict[str, Callable[[Project], LetterWriter]] = {
    "docx": _docx, "md": _text("letter.md.j2"), "html": _text("letter.html.j2"), "pdf": _pdf,
}


def render_letters(project: Project, letters: Iterable[LetterView], fmt: str, stamp: dt.datetime) -> Iterator[tuple[LetterView, bytes]]:
    """Each letter with its bytes, the templates read and compiled once for all of them."""
    from commentmatrix.render.templating import templates_kept

    with templates_kept(project.root):
        write = WRITERS[fmt](project)
        for letter in letters:
            yield letter, write(letter, stamp)
