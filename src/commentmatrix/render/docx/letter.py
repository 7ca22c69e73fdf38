"""A response letter as DOCX: the secretariat's Word template (letterhead, date, addressee,
signature as Jinja tags, rendered by docxtpl) around a body cm writes with python-docx.

The template is untrusted like a project's .j2 templates: docxtpl renders its XML with cm's
sandboxed environment (render/templating.render_sandboxed), in the box when it is the project's
own, and the file passes the zip guard before anything opens it. The body reaches the template
as finished WordprocessingML (`{{p body }}`), never as an object a template could call into.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

from commentmatrix.model.text import Lines, line_in
from commentmatrix.render.docx.text import BodyWriter, add_text, core_property, script_style, scripts_typeset
from commentmatrix.render.zipstamp import restamp
from commentmatrix.views.letters import LetterItem, LetterView

LETTER_TEMPLATE = "letter.docx"


class _Xml(str):
    """Markup the sandbox's autoescape leaves as it is: the body cm built."""

    def __html__(self) -> str:
        return str(self)


def render_letter_docx(letter: LetterView, template: Path, own: bool, project_root: Path | None, stamp: dt.datetime) -> bytes:
    from commentmatrix.model.zipguard import REFERENCE_LIMITS, UnsafeFile, unpacked_copy
    from commentmatrix.render.templating import TemplateProblem, render_sandboxed

    try:
        checked = unpacked_copy(template, "DOCX", REFERENCE_LIMITS)
    except UnsafeFile as exc:
        raise TemplateProblem(f"template {template.name}: this is not a Word document cm can use for a letter "
                              f"({exc.reason}); replace it or delete it to use cm's own") from None
    body, scripts = _body(letter, checked, template.name)
    context = _context(letter, body)

    def produce(env) -> str:
        document = DocxTemplate(io.BytesIO(checked))
        document.init_docx()
        # The body's Thai, Lao, Khmer and Myanmar runs name their script's character style: a
        # template made in Word lacks them, and without them the text lost its font.
        for script in scripts:
            script_style(document.docx.styles, script)
        document.render(context, jinja_env=env, autoescape=True)
        properties = document.docx.core_properties
        naive = stamp.astimezone(dt.UTC).replace(tzinfo=None)
        properties.created = properties.modified = properties.last_printed = naive
        properties.author = properties.last_modified_by = "commentmatrix"
        properties.title = core_property(_joined(letter.subject))
        properties.revision = 1
        out = io.BytesIO()
        document.save(out)
        # The box hands back text: the document travels as base64.
        return base64.b64encode(out.getvalue()).decode("ascii")

    encoded = render_sandboxed(project_root, template.name, produce, len(letter.items), own)
    return restamp(base64.b64decode(encoded), stamp)


def _joined(text: Lines, between: str = " / ") -> str:
    return between.join(value for _, value in text)


def _context(letter: LetterView, body: str) -> dict[str, object]:
    """The template's variables (docs/letters.md): each text joined across the letter's
    languages, and by language in `*_by_lang` for a template that places them itself."""
    texts = {"consultation": letter.consultation, "addressee": letter.addressee, "subject": letter.subject,
             "draft": letter.draft_title, "round": letter.round_label, "regards": letter.regards,
             "signature": letter.signature, "salutation": letter.salutation}
    context: dict[str, object] = {name: _joined(value) for name, value in texts.items()}
    context.update({f"{name}_by_lang": {lang or "": value for lang, value in given} for name, given in texts.items()})
    context.update({"date": letter.date.isoformat() if letter.date else "", "stakeholder_id": letter.stakeholder_id,
                    "state": letter.state, "draft_version": letter.draft_version, "languages": list(letter.languages),
                    "body": _Xml(body)})
    return context


def _body(letter: LetterView, checked: bytes, name: str) -> tuple[str, list[str]]:
    """The letter's body as paragraphs of WordprocessingML, styled with the template's own styles,
    and the complex scripts whose character styles its runs take."""
    from commentmatrix.render.templating import TemplateProblem

    try:
        document = Document(io.BytesIO(checked))
    except Exception as exc:  # noqa: BLE001 - zip, XML and package errors all mean "not a usable .docx"
        raise TemplateProblem(f"template {name}: this is not a Word document cm can use for a letter "
                              f"({type(exc).__name__}: {exc}); replace it or delete it to use cm's own") from None
    body = document.element.body
    for element in list(body):
        if element.tag != qn("w:sectPr"):
            body.remove(element)
    writer = BodyWriter(document)
    for lang, value in letter.subject:
        add_text(writer.paragraph("Heading 1"), value, lang)
    for text in (letter.salutation, letter.opening):
        for lang, value in text:
            add_text(writer.paragraph("Normal"), value, lang)
    for item in letter.items:
        _item(writer, item, letter)
    for lang, value in letter.closing:
        add_text(writer.paragraph("Normal"), value, lang)
    return "".join(element.xml for element in body if element.tag != qn("w:sectPr")), scripts_typeset(document)


def _item(writer: BodyWriter, item: LetterItem, letter: LetterView) -> None:
    heading = writer.paragraph("Heading 2")
    add_text(heading, " / ".join(value for _, value in item.heading), None)
    labels = letter.labels
    _labelled(writer, labels["letter_part"], item.target)
    _labelled(writer, labels["letter_your_comment"], item.text)
    for sentence in (item.withdrawn, item.grouped, item.repeats):
        for lang, value in sentence:
            add_text(writer.paragraph("Normal"), value, lang, italic=True)
    if not item.withdrawn or item.note:
        _labelled(writer, labels["decision"], item.decision_label)
    if item.note:
        _labelled(writer, labels["note"], item.note)
    if item.changes:
        for change in item.changes:
            _labelled(writer, labels["letter_changed"], tuple((lang, f"{where}: “{line_in(lang, change.revised)}”")
                                                              for lang, where in change.where))
    elif not item.withdrawn:
        paragraph = writer.paragraph("Normal")
        add_text(paragraph, " / ".join(value for _, value in labels["letter_no_change"]), None, italic=True)


def _labelled(writer: BodyWriter, words: Lines, text: Lines) -> None:
    """One paragraph per language of the text, led by the fixed word in that language."""
    for lang, value in text:
        paragraph = writer.paragraph("Normal")
        word = line_in(lang, words)
        add_text(paragraph, f"{word}: ", lang, bold=True)
        add_text(paragraph, value, lang)
