"""A response letter as DOCX: the secretariat's Word template (letterhead, date, addressee,
signature as Jinja tags, rendered by docxtpl) around a body cm writes as WordprocessingML.

The template is untrusted like a project's .j2 templates: docxtpl renders its XML with cm's
sandboxed environment (render/templating.render_sandboxed), in the box when it is the project's
own, and the file passes the zip guard before anything opens it. The body reaches the template
as finished WordprocessingML (`{{p body }}`), never as an object a template could call into.

A run of letters reads the template once (LetterTemplate): checked, opened, its styles looked
up, the parts no letter changes serialised and compressed. Each letter then makes only what is
its own: the body (render/docx/wordml.py's markup, in the layout python-docx gave it), the parts
docxtpl renders (document, headers, footers, footnotes, core properties), the styles part with
the script styles its runs take; and the package is written in one pass, every member dated.
Everything the template's own text goes through (docxtpl's patching of its XML, Jinja compiling
and rendering it, parsing what comes out) happens inside the sandboxed render, so a project's
own template still does all of it in the box, for each letter.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml.parser import parse_xml
from docx.oxml.xmlchemy import serialize_for_reading
from docx.styles.styles import Styles
from docxtpl import DocxTemplate

from commentmatrix.model.text import Lines, line_in
from commentmatrix.render.docx import wordml
from commentmatrix.render.docx.text import core_property, first_style_id, guarded_word_file, run_format, script_style
from commentmatrix.render.zipstamp import Deflated, deflated, stamped_member, write_deflated, zip_time
from commentmatrix.views.letters import LetterItem, LetterView

LETTER_TEMPLATE = "letter.docx"
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Parts whose bytes repeat from letter to letter (a footer, the styles with Lao added) keep their
#: compressed stream for the run, up to this many.
_KEPT_STREAMS = 64


class _Xml(str):
    """Markup the sandbox's autoescape leaves as it is: the body cm built."""

    def __html__(self) -> str:
        return str(self)


class LetterTemplate:
    """A letter template read for a run of letters; `own` when it is the project's, not cm's."""

    def __init__(self, template: Path, own: bool, project_root: Path | None):
        from commentmatrix.model.zipguard import stored_copy

        self.name, self.own, self.project_root = template.name, own, project_root
        document, checked_parts = guarded_word_file(template, "for a letter")
        checked = stored_copy(checked_parts)
        # docxtpl's own steps, called on the template as read: nothing here is ever rendered into
        # it, so every letter starts from the same parts.
        self._docxtpl = DocxTemplate(io.BytesIO(checked))
        self._docxtpl.docx = document
        main = document.part
        # The parts every letter has: a template without them gets python-docx's defaults, as
        # saving it did (the core properties) or as its body's style names came from (the styles).
        document.core_properties  # noqa: B018 - made when missing
        document.styles  # noqa: B018 - made when missing
        self._styles_part = main.part_related_by(RT.STYLES)
        self._core_part = main.package.part_related_by(RT.CORE_PROPERTIES)
        self._styles_blob = self._styles_part.blob
        self._document_blob = main.blob
        self._document_name = main.partname.membername
        rendered = {part.partname.membername for part in self._templated()}
        parts = list(main.package.iter_parts())
        for part in parts:
            part.before_marshal()
        # The package's members in python-docx's order: each a part's bytes, or None for the
        # parts each letter makes.
        members: list[tuple[str, bytes | None]] = [(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob),
                                                   (PACKAGE_URI.rels_uri.membername, main.package.rels.xml)]
        varying = rendered | {self._styles_part.partname.membername, self._core_part.partname.membername}
        for part in parts:
            name = part.partname.membername
            members.append((name, None if name in varying else part.blob))
            if len(part.rels):
                members.append((part.partname.rels_uri.membername, part.rels.xml))
        self._members = members
        self._streams: dict[bytes, Deflated] = {data: deflated(data) for _, data in members if data is not None}
        # The body's styles, looked up in a copy of the styles: one a template lacks falls back
        # to the default; a script style it lacks is added there to learn its id.
        self._lookup = Styles(parse_xml(self._styles_blob))
        self._paragraph_styles = {name: first_style_id(self._lookup, name) for name in ("Heading 1", "Heading 2", "Normal")}
        self._script_styles: dict[str, tuple[str | None, str]] = {}
        self._styles_with: dict[tuple[str, ...], bytes] = {}
        self._runs: dict[tuple[str, str | None, bool, bool], _Run] = {}
        # What the sandboxed render keeps between letters: docxtpl's patched XML of each part and
        # the Jinja templates compiled from it, for the environment they were compiled in.
        self._patched: dict[str, tuple[str, str]] = {}
        self._environment: Any = None
        self._compiled: dict[str, Any] = {}

    # ------------------------------------------------------------ a letter

    def render(self, letter: LetterView, stamp: dt.datetime) -> bytes:
        from commentmatrix.render.templating import render_sandboxed

        body, scripts = self._body(letter)
        context = _context(letter, body)
        title = core_property(_joined(letter.subject))
        encoded = render_sandboxed(self.project_root, self.name, lambda env: self._render_parts(env, context, title, stamp),
                                   len(letter.items), self.own)
        made = {name: base64.b64decode(data) for name, data in json.loads(encoded).items()}
        made[self._styles_part.partname.membername] = self._styles(tuple(scripts))
        return self._package(made, stamp)

    def _render_parts(self, env: Any, context: dict[str, object], title: str, stamp: dt.datetime) -> str:
        """The parts the template's Jinja tags fill, as docxtpl's render and python-docx's save
        make them; run by render_sandboxed (in the box for a project's own template). The box
        hands back text: the parts travel as base64."""
        compiler = self._compiler(env)
        template = self._docxtpl
        document = template.docx
        template.current_rendering_part = None
        template.docx_ids_index = 1000
        made: dict[str, bytes] = {}
        # The body, as DocxTemplate.render: patched, rendered, its tables and drawing ids fixed.
        source, _ = self._patch("word/document.xml", template.get_xml)
        tree = template.fix_tables(template.render_xml_part(source, document.part, context, compiler))
        template.fix_docpr_ids(tree)
        root = parse_xml(self._document_blob)
        root.replace(root.body, tree)
        made[document.part.partname.membername] = serialize_part_xml(root)
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            for _, part in template.get_headers_footers(uri):
                name = part.partname.membername
                source, encoding = self._patch(name, partial(template.get_part_xml, part))
                rendered = template.render_xml_part(source, part, context, compiler).encode(encoding)
                made[name] = serialize_part_xml(parse_xml(rendered))
        for part in self._footnotes():
            # docxtpl renders the footnotes once for each section, each time what the last made.
            blob = part.blob
            for _ in document.sections:
                text = template.patch_xml(blob.decode("utf-8") if isinstance(blob, bytes) else blob)
                blob = template.render_xml_part(text, part, context, compiler).encode("utf-8")
            made[part.partname.membername] = blob
        core = CorePropertiesPart.load(self._core_part.partname, self._core_part.content_type, self._core_part.blob,
                                       self._core_part.package)
        properties = core.core_properties
        DocxTemplate.render_properties(SimpleNamespace(docx=SimpleNamespace(core_properties=properties)), context, compiler)
        naive = stamp.astimezone(dt.UTC).replace(tzinfo=None)
        properties.created = properties.modified = properties.last_printed = naive
        properties.author = properties.last_modified_by = "commentmatrix"
        properties.title = title
        properties.revision = 1
        made[core.partname.membername] = core.blob
        return json.dumps({name: base64.b64encode(data).decode("ascii") for name, data in made.items()})

    def _templated(self) -> list[Any]:
        """The parts docxtpl renders besides the document: headers, footers, footnotes."""
        template = self._docxtpl
        found = [part for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI)
                 for _, part in template.get_headers_footers(uri)]
        return [template.docx.part, *found, *self._footnotes()]

    def _footnotes(self) -> list[Any]:
        return [part for part in self._docxtpl.docx.part.package.parts if part.content_type == _FOOTNOTES]

    def _patch(self, name: str, xml: Callable[[], str]) -> tuple[str, str]:
        """A part's XML patched by docxtpl for Jinja, and its encoding (kept for the run)."""
        if name not in self._patched:
            source = xml()
            self._patched[name] = (self._docxtpl.patch_xml(source), self._docxtpl.get_headers_footers_encoding(source))
        return self._patched[name]

    def _compiler(self, env: Any) -> Any:
        """`env` with autoescape on (as docxtpl's render sets it), each source compiled once
        while the environment is the same (a run's, see templating.templates_kept)."""
        if env is not self._environment:
            self._environment, self._compiled = env, {}
            self._autoescaped = env.overlay(autoescape=True)
        return SimpleNamespace(from_string=self._compiled_template)

    def _compiled_template(self, source: str) -> Any:
        found = self._compiled.get(source)
        if found is None:
            found = self._compiled[source] = self._autoescaped.from_string(source)
        return found

    def _styles(self, scripts: tuple[str, ...]) -> bytes:
        """The styles part with the character styles of the complex scripts the body's runs take:
        a template made in Word lacks them, and without them the text lost its font."""
        if scripts not in self._styles_with:
            element = parse_xml(self._styles_blob)
            styles = Styles(element)
            for script in scripts:
                script_style(styles, script)
            self._styles_with[scripts] = serialize_part_xml(element)
        return self._styles_with[scripts]

    def _package(self, made: dict[str, bytes], stamp: dt.datetime) -> bytes:
        when = zip_time(stamp)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self._members:
                content = made[name] if data is None else data
                write_deflated(archive, stamped_member(name, when), self._stream(content, name))
        return out.getvalue()

    def _stream(self, data: bytes, name: str) -> Deflated:
        """The member's deflate stream: made once for bytes that repeat (every part but the
        document, which is each letter's own)."""
        if name == self._document_name:
            return deflated(data)
        found = self._streams.get(data)
        if found is None:
            found = deflated(data)
            if len(self._streams) < len(self._members) + _KEPT_STREAMS:
                self._streams[data] = found
        return found

    # ------------------------------------------------------------ the body

    def _script_style(self, script: str) -> tuple[str | None, str]:
        if script not in self._script_styles:
            self._script_styles[script] = script_style(self._lookup, script)
        return self._script_styles[script]

    def _body(self, letter: LetterView) -> tuple[str, list[str]]:
        """The letter's body as paragraphs of WordprocessingML, styled with the template's own
        styles, and the complex scripts whose character styles its runs take (in the order met)."""
        body = _Body(self._paragraph_styles, self._script_style, self._runs)
        for lang, value in letter.subject:
            body.paragraph("Heading 1", body.run(value, lang))
        for text in (letter.salutation, letter.opening):
            for lang, value in text:
                body.paragraph("Normal", body.run(value, lang))
        for item in letter.items:
            _item(body, item, letter)
        for lang, value in letter.closing:
            body.paragraph("Normal", body.run(value, lang))
        return body.xml(), list(body.scripts)


#: A short run (a label, a decision, a heading: the same in many letters) is kept for the run of
#: letters with the script whose style it took, up to this many.
_SHORT = 80
_KEPT_RUNS = 20_000
_Run = tuple[str, str | None]


class _Body:
    """Paragraphs of runs as wordml writes them, typeset by text.run_format."""

    def __init__(self, styles: dict[str, str | None], script_style: Callable[[str], tuple[str | None, str]],
                 kept: dict[tuple[str, str | None, bool, bool], _Run]):
        self.styles, self._script_style, self._kept = styles, script_style, kept
        self.paragraphs: list[str] = []
        self.scripts: dict[str, None] = {}

    def run(self, value: str, lang: str | None, *, bold: bool = False, italic: bool = False) -> str:
        key = (value, lang, bold, italic)
        found = self._kept.get(key) if len(value) <= _SHORT else None
        if found is None:
            met: list[str] = []

            def style(script: str) -> tuple[str | None, str]:
                met.append(script)
                return self._script_style(script)

            found = (wordml.run_xml(value, run_format(value, lang, style, bold=bold, italic=italic)), met[0] if met else None)
            if len(value) <= _SHORT:
                if len(self._kept) >= _KEPT_RUNS:
                    self._kept.clear()
                self._kept[key] = found
        if found[1] is not None:
            self.scripts[found[1]] = None
        return found[0]

    def paragraph(self, style: str, *runs: str) -> None:
        self.paragraphs.append(wordml.paragraph_xml(self.styles[style], "".join(runs)))

    def xml(self) -> str:
        """Each paragraph laid out as python-docx's element.xml gave it (pretty-printed): the
        letters' bytes stay those of the python-docx body this replaced."""
        wrapped = f'<w:body xmlns:w="{_W}">{"".join(self.paragraphs)}</w:body>'
        return "".join(serialize_for_reading(paragraph) for paragraph in parse_xml(wrapped))


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


def _item(body: _Body, item: LetterItem, letter: LetterView) -> None:
    body.paragraph("Heading 2", body.run(" / ".join(value for _, value in item.heading), None))
    labels = letter.labels
    _labelled(body, labels["letter_part"], item.target)
    _labelled(body, labels["letter_your_comment"], item.text)
    for sentence in (item.withdrawn, item.grouped, item.repeats):
        for lang, value in sentence:
            body.paragraph("Normal", body.run(value, lang, italic=True))
    if not item.withdrawn or item.note:
        _labelled(body, labels["decision"], item.decision_label)
    if item.note:
        _labelled(body, labels["note"], item.note)
    if item.changes:
        for change in item.changes:
            # A deleted text has no wording left: where it stood, without an empty quotation.
            _labelled(body, labels["letter_deleted" if change.deleted else "letter_changed"],
                      tuple((lang, f"{where}: “{line_in(lang, change.revised)}”" if change.revised else where)
                            for lang, where in change.where))
    elif not item.withdrawn:
        body.paragraph("Normal", body.run(" / ".join(value for _, value in labels["letter_no_change"]), None, italic=True))


def _labelled(body: _Body, words: Lines, text: Lines) -> None:
    """One paragraph per language of the text, led by the fixed word in that language."""
    for lang, value in text:
        word = line_in(lang, words)
        body.paragraph("Normal", body.run(f"{word}: ", lang, bold=True), body.run(value, lang))
