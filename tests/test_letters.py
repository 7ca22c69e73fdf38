"""cm render letters: one response letter per stakeholder, fit to its state, in its languages."""

from __future__ import annotations

import io
import zipfile

import pytest

from commentmatrix.cli import app

DAY = ["--date", "2017-10-01"]


def _letters(runner, root, *args):
    result = runner.invoke(app, ["render", "letters", "-C", str(root), *DAY, *args])
    assert result.exit_code == 0, result.output
    return result


def _md(root, stakeholder):
    return (root / "build" / "letters" / f"{stakeholder}.md").read_text(encoding="utf-8")


def _docx_text(path):
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_a_submitted_stakeholder_is_answered_point_by_point_in_both_languages(runner, example):
    _letters(runner, example, "-f", "md")
    letter = _md(example, "lao-pdr")
    assert "# Responses to your comments / 关于贵方意见的回复" in letter
    assert "## Comment LAO-1 / 意见 LAO-1" in letter
    # Each line is led by the fixed word in its own language.
    assert "- **Part of the draft:** 1 Background ¶1\n- **所涉草案部分:** 1 背景 第1段" in letter
    assert "- **Decision:** Accepted\n- **决定:** 采纳" in letter
    assert "- **Changed in the revised draft:** 1 Background ¶1: “Environmental cooperation" in letter


def test_each_state_gets_its_own_acknowledgement(runner, example):
    _letters(runner, example, "-f", "md")
    assert "you have no comments on" in _md(example, "cambodia")
    assert "you are still reviewing" in _md(example, "myanmar")
    pending = _md(example, "viet-nam")
    assert "have not yet received your reply. Comments are welcome until 2017-09-10." in pending
    assert "## Comment" not in pending
    # Thanks "again for your contribution" only to those who sent one.
    assert "We remain at your disposal for any question." in pending and "thank you again" not in pending.lower()
    assert "We thank you again for your contribution" in _md(example, "lao-pdr")


def test_no_contact_name_reaches_any_letter(runner, example):
    for fmt in ("md", "html", "docx"):
        _letters(runner, example, "-f", fmt)
    for path in (example / "build" / "letters").iterdir():
        text = _docx_text(path) if path.suffix == ".docx" else path.read_text(encoding="utf-8")
        assert "Chandath" not in text and "Nokyoo" not in text, path.name


def test_letters_are_byte_stable(runner, example):
    _letters(runner, example, "--stakeholder", "lao-pdr")
    first = (example / "build" / "letters" / "lao-pdr.docx").read_bytes()
    _letters(runner, example, "--stakeholder", "lao-pdr")
    assert (example / "build" / "letters" / "lao-pdr.docx").read_bytes() == first
    assert "Lao PDR / 老挝" in _docx_text(example / "build" / "letters" / "lao-pdr.docx")


def test_a_stakeholder_s_own_languages_choose_its_letter_s(runner, example):
    config = example / "cm.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - id: lao-pdr\n", "  - id: lao-pdr\n    languages: [zh]\n", 1), encoding="utf-8")
    _letters(runner, example, "-f", "md", "--stakeholder", "lao-pdr")
    letter = _md(example, "lao-pdr")
    assert "# 关于贵方意见的回复\n" in letter
    assert "Responses to your comments" not in letter


def test_a_hostile_letter_template_is_refused_like_a_hostile_j2(runner, example):
    from docx import Document

    document = Document()
    document.add_paragraph("{{ addressee.__class__.__mro__ }}")
    (example / "templates").mkdir(exist_ok=True)
    document.save(str(example / "templates" / "letter.docx"))
    result = runner.invoke(app, ["render", "letters", "-C", str(example), *DAY, "--stakeholder", "lao-pdr"])
    assert result.exit_code == 1
    assert "template letter.docx" in result.output and "not allowed in a template" in result.output
    assert not (example / "build" / "letters" / "lao-pdr.docx").exists()


def test_an_unknown_stakeholder_is_named(runner, example):
    result = runner.invoke(app, ["render", "letters", "-C", str(example), "--stakeholder", "lao"])
    assert result.exit_code == 2
    assert "there is no stakeholder 'lao'" in result.output


def test_an_inserted_section_is_named_by_its_number_in_the_revised_draft(runner, example):
    _letters(runner, example, "-f", "md", "--stakeholder", "lao-pdr")
    letter = _md(example, "lao-pdr")
    assert ("- **Changed in the revised draft:** 5.9 Environmental Education and Public Awareness (new): "
            "“strengthen public environmental awareness”") in letter


def test_a_project_s_own_letter_template_writes_every_letter(runner, example):
    # The letters of one run share one compiled template (render/templating.templates_kept):
    # each must still be the project's own, filled with its own stakeholder.
    (example / "templates").mkdir(exist_ok=True)
    (example / "templates" / "letter.md.j2").write_text("Dear {{ letter.stakeholder_id }}: {{ letter.items | length }}\n",
                                                       encoding="utf-8")
    _letters(runner, example, "-f", "md")
    letters = {path.stem: path.read_text(encoding="utf-8") for path in (example / "build" / "letters").glob("*.md")}
    assert len(letters) > 2
    for stakeholder, text in letters.items():
        assert text.startswith(f"Dear {stakeholder}: ")
    assert letters["lao-pdr"] != "Dear lao-pdr: 0\n"  # its comments are answered, and counted


def test_a_template_kept_for_a_run_is_never_rendered_stale(example):
    import os

    from commentmatrix.render.templating import render_template, templates_kept

    own = example / "templates" / "note.md.j2"
    own.parent.mkdir(exist_ok=True)
    own.write_text("first {{ n }}\n", encoding="utf-8")
    with templates_kept(example):
        assert render_template(example, "note.md.j2", {"n": 1}) == "first 1\n"
        own.write_text("second {{ n }}\n", encoding="utf-8")
        os.utime(own, ns=(own.stat().st_mtime_ns + 10**9,) * 2)  # a later edit, whatever the clock's grain
        assert render_template(example, "note.md.j2", {"n": 2}) == "second 2\n"


def test_every_style_a_letter_names_is_in_it_even_from_a_template_without_script_styles(runner, example):
    import re

    # A secretariat's own letter.docx made in Word has no "Text Lao" style: the letter must bring it.
    _without_script_styles(example)
    comments = example / "comments" / "lao-pdr.yaml"
    text = comments.read_text(encoding="utf-8")
    comments.write_text(text.replace("      en: use “2030 Agenda", "      en: ພາສາລາວ use “2030 Agenda", 1), encoding="utf-8")
    _letters(runner, example)
    with zipfile.ZipFile(example / "build" / "letters" / "lao-pdr.docx") as letter:
        document, styles = letter.read("word/document.xml").decode(), letter.read("word/styles.xml").decode()
    named = set(re.findall(r'<w:[rp]Style w:val="([^"]+)"', document))
    assert "TextLao" in named
    assert named <= set(re.findall(r'w:styleId="([^"]+)"', styles))



def _without_script_styles(example):
    """The packaged letter.docx as a project's own, without the script styles (as one made in Word)."""
    import re

    from commentmatrix.render.templating import template_path

    (example / "templates").mkdir(exist_ok=True)
    with zipfile.ZipFile(template_path(None, "letter.docx")) as source, \
            zipfile.ZipFile(example / "templates" / "letter.docx", "w") as own:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/styles.xml":
                data = re.sub(rb'<w:style [^>]*w:styleId="Text(Thai|Lao|Khmer|Myanmar)".*?</w:style>', b"", data, flags=re.S)
                assert b"TextLao" not in data
            own.writestr(info, data)


@pytest.mark.parametrize("template", ["cm's own", "the project's own"])
def test_each_letter_of_a_run_is_the_letter_written_alone(runner, example, template):
    # A run keeps what its letters share (the template read once, its compiled Jinja, the styles
    # with a script's style added, the compressed parts): nothing of one letter may reach the next.
    if template == "the project's own":
        _without_script_styles(example)
    comments = example / "comments" / "lao-pdr.yaml"
    text = comments.read_text(encoding="utf-8")
    comments.write_text(text.replace("      en: use “2030 Agenda", "      en: ພາສາລາວ use “2030 Agenda", 1), encoding="utf-8")
    _letters(runner, example, "-o", str(example / "all"))
    written = {path.name: path.read_bytes() for path in (example / "all").iterdir()}
    assert len(written) > 3
    for stakeholder in ("cambodia", "lao-pdr", "thailand"):
        _letters(runner, example, "--stakeholder", stakeholder, "-o", str(example / stakeholder))
        assert (example / stakeholder / f"{stakeholder}.docx").read_bytes() == written[f"{stakeholder}.docx"], stakeholder
    with zipfile.ZipFile(io.BytesIO(written["lao-pdr.docx"])) as lao, zipfile.ZipFile(io.BytesIO(written["cambodia.docx"])) as other:
        assert b'w:styleId="TextLao"' in lao.read("word/styles.xml")
        assert "Lao PDR" in lao.read("word/document.xml").decode() and "Cambodia" in other.read("word/document.xml").decode()
        assert lao.read("word/footer1.xml") == other.read("word/footer1.xml")
        if template == "the project's own":
            assert b"TextLao" not in other.read("word/styles.xml")
