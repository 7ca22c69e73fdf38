"""Response letters as bytes: DOCX from the letter template, Markdown and HTML (for e-mail) from
cm's Jinja templates (letter.md.j2, letter.html.j2; a project's own override them), PDF of the DOCX."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from commentmatrix.model.project import Project
from commentmatrix.views.letters import LetterView

LETTER_FORMATS = ("docx", "md", "html", "pdf")


def _docx(project: Project, letter: LetterView, stamp: dt.datetime) -> bytes:
    from commentmatrix.render.docx.letter import LETTER_TEMPLATE, render_letter_docx
    from commentmatrix.render.templating import template_path

    template = template_path(project.root, LETTER_TEMPLATE)
    if template is None:
        raise FileNotFoundError(f"cm's own {LETTER_TEMPLATE} is missing from the package")
    own = project.root is not None and template.resolve().is_relative_to(Path(project.root).resolve())
    return render_letter_docx(letter, template, own, project.root, stamp)


def _text(name: str) -> Callable[[Project, LetterView, dt.datetime], bytes]:
    def write(project: Project, letter: LetterView, stamp: dt.datetime) -> bytes:
        from commentmatrix.render.markdown import cell as md
        from commentmatrix.render.templating import render_template

        return render_template(project.root, name, {"letter": letter, "md": md}, len(letter.items)).encode("utf-8")
    return write


def _pdf(project: Project, letter: LetterView, stamp: dt.datetime) -> bytes:
    from commentmatrix.render.pdf import require_libreoffice, to_pdf

    require_libreoffice()
    return to_pdf(_docx(project, letter, stamp), ".docx", stamp)


RENDERERS: dict[str, Callable[[Project, LetterView, dt.datetime], bytes]] = {
    "docx": _docx, "md": _text("letter.md.j2"), "html": _text("letter.html.j2"), "pdf": _pdf,
}


def render_letter(project: Project, letter: LetterView, fmt: str, stamp: dt.datetime) -> bytes:
    return RENDERERS[fmt](project, letter, stamp)


def render_letters(project: Project, letters: Iterable[LetterView], fmt: str, stamp: dt.datetime) -> Iterator[tuple[LetterView, bytes]]:
    """Each letter with its bytes, the templates compiled once for all of them."""
    from commentmatrix.render.templating import templates_kept

    with templates_kept(project.root):
        for letter in letters:
            yield letter, render_letter(project, letter, fmt, stamp)
