"""cm render letters: one response letter per stakeholder, fit to its state, in its languages."""

from __future__ import annotations

import io
import zipfile

import pytest

from commentmatrix.cli import app
from commentmatrix.views.labels import word

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


# ---------------------------------------------------------------- what each comment changed

VIET_NAM = """
    stakeholder: viet-nam
    received: 2030-01-21
    comments:
      - id: VN-1
        target: background.1
        text: {en: The Chinese figure is old., vi: Con số tiếng Trung đã cũ.}
        proposal:
          - replace: 六千万
            with: 七千万
            lang: zh
        response:
          decision: accepted
          single_language: true
      - id: VN-2
        target: background.1
        text: {en: Update the figure., vi: Cập nhật con số.}
        group: VN-1
    """

THAI = """
    stakeholder: thailand
    received: 2030-01-22
    comments:
      - id: TH-1
        target: principles.1
        text: {en: Say whose benefit., th: ระบุว่าประโยชน์ของใคร}
        proposal:
          - replace: ผลประโยชน์ร่วมกัน
            with: ผลประโยชน์ร่วมกันของทุกประเทศ
            lang: th
        response:
          decision: accepted
          single_language: true
      - id: TH-2
        target: principles.2
        text: {en: Drop this., th: ลบออก}
        proposal:
          - delete: principles.2
        response:
          decision: accepted
    """


@pytest.fixture
def edited(tmp_path):
    """The small project (en, zh, vi, th, lo, km) where background.1 is changed in English by
    LAO-1 and in Chinese by VN-1 (VN-2 in its group), WWF-2 inserts fisheries.2 in en and zh,
    TH-1 changes principles.1 in Thai only and TH-2 deletes principles.2."""
    from projects import SMALL, yaml

    files = {**SMALL, "comments/viet-nam.yaml": VIET_NAM, "comments/thailand.yaml": THAI}
    for name, text in files.items():
        path = tmp_path / "project" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml(text), encoding="utf-8")
    return tmp_path / "project"


def _docx_changed(path, comment):
    """The "Changed in the revised draft" paragraphs of one comment of a DOCX letter, read with python-docx."""
    from docx import Document

    paragraphs = [(paragraph.style.name, paragraph.text) for paragraph in Document(str(path)).paragraphs]
    start = next(i for i, (style, text) in enumerate(paragraphs) if style == "Heading 2" and f" {comment} " in f" {text} ")
    end = next((i for i in range(start + 1, len(paragraphs)) if paragraphs[i][0].startswith("Heading")), len(paragraphs))
    changed_words = ("Changed in the revised draft", "修订稿中的修改", "Thay đổi trong bản dự thảo sửa đổi",
                     "การแก้ไขในร่างฉบับปรับปรุง", "ການປ່ຽນແປງໃນຮ່າງສະບັບປັບປຸງ", "ការកែប្រែក្នុងសេចក្តីព្រាងដែលបានកែសម្រួល",
                     *(word("letter_deleted", lang) for lang in ("en", "zh", "vi", "th", "lo", "km")))
    return [text for _, text in paragraphs[start:end] if text.startswith(changed_words)]



def test_a_paragraph_changed_in_english_by_one_comment_and_in_chinese_by_another_gives_each_letter_its_own(runner, edited):
    _letters(runner, edited)
    assert _docx_changed(edited / "build" / "letters" / "lao-pdr.docx", "LAO-1") == [
        "Changed in the revised draft: 1 Background ¶1: “The river feeds seventy million people.”"]
    assert _docx_changed(edited / "build" / "letters" / "viet-nam.docx", "VN-1") == [
        "修订稿中的修改: 1 背景 第1段: “这条河养活了七千万人。”"]
    _letters(runner, edited, "-f", "md")
    lao, viet_nam = _md(edited, "lao-pdr"), _md(edited, "viet-nam")
    lao_1 = lao.split("## Comment LAO-1 ")[1].split("\n## ")[0]
    assert "- **Changed in the revised draft:** 1 Background ¶1: “The river feeds seventy million people.”" in lao_1
    # Neither the Chinese line VN-1 changed nor the Vietnamese one nobody changed.
    assert "七千万" not in lao_1 and "Thay đổi trong bản dự thảo sửa đổi" not in lao_1
    vn_1 = viet_nam.split("## Comment VN-1 ")[1].split("\n## ")[0]
    assert "- **修订稿中的修改:** 1 背景 第1段: “这条河养活了七千万人。”" in vn_1
    assert "seventy million" not in vn_1 and "Changed in the revised draft" not in vn_1


def test_a_group_member_s_letter_shows_its_lead_s_change(runner, edited):
    _letters(runner, edited)
    assert _docx_changed(edited / "build" / "letters" / "viet-nam.docx", "VN-2") == [
        "修订稿中的修改: 1 背景 第1段: “这条河养活了七千万人。”"]
    _letters(runner, edited, "-f", "html")
    html = (edited / "build" / "letters" / "viet-nam.html").read_text(encoding="utf-8")
    vn_2 = next(block for block in html.split("<h2>") if block.startswith('<span lang="en">Comment VN-2<'))
    assert '<span lang="zh">1 背景 第1段: “这条河养活了七千万人。”</span>' in vn_2
    assert "seventy million" not in vn_2


def test_an_inserted_or_deleted_paragraph_is_its_comment_s_change_in_every_language(runner, edited):
    _letters(runner, edited)
    assert _docx_changed(edited / "build" / "letters" / "wwf.docx", "WWF-2") == [
        "Changed in the revised draft: 2.1 Fisheries (new): “Protect the deep pools.”",
        "修订稿中的修改: 2.1 渔业 (新增): “保护深潭。”"]
    # A deleted paragraph in each of its languages (en, zh, lo, km), where it stood, said deleted (not
    # "changed"), no empty quotation.
    assert _docx_changed(edited / "build" / "letters" / "thailand.docx", "TH-2") == [
        "Deleted from the revised draft: 2 Principles ¶2", "修订稿中删除: 2 原则 第2段",
        "ລຶບອອກຈາກຮ່າງສະບັບປັບປຸງ: 2 Principles ¶2", "បានលុបចេញពីសេចក្តីព្រាងដែលបានកែសម្រួល: 2 Principles ¶2"]
    _letters(runner, edited, "-f", "md")
    th_2 = _md(edited, "thailand").split("## Comment TH-2 ")[1].split("\n## ")[0]
    assert "- **Deleted from the revised draft:** 2 Principles ¶2" in th_2 and "Changed in the revised draft" not in th_2


def test_a_change_in_a_language_the_section_title_lacks_is_shown_in_that_language(runner, edited):
    # principles.1 has Thai text under a title in en and zh only: TH-1 changed the Thai alone.
    _letters(runner, edited)
    assert _docx_changed(edited / "build" / "letters" / "thailand.docx", "TH-1") == [
        "การแก้ไขในร่างฉบับปรับปรุง: 2 Principles ¶1: “ผลประโยชน์ร่วมกันของทุกประเทศ”"]


def test_a_change_in_a_language_not_of_the_letter_is_still_told_in_that_language(runner, edited):
    config = edited / "cm.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - id: viet-nam\n", "  - id: viet-nam\n    languages: [vi, en]\n", 1), encoding="utf-8")
    _letters(runner, edited, "--stakeholder", "viet-nam")
    # VN-1 changed the Chinese text only: not "no change", nor the unchanged vi and en texts.
    assert _docx_changed(edited / "build" / "letters" / "viet-nam.docx", "VN-1") == [
        "Thay đổi trong bản dự thảo sửa đổi: 1 背景 第1段: “这条河养活了七千万人。”"]


def test_a_project_without_rounds_names_the_draft_s_version_not_a_round(runner, example, tmp_path):
    """The example has no `rounds:`: its letters spoke of "(Round 1)" / "（第1轮）", which nothing
    else of a one-round project mentions. A project with rounds names the round."""
    _letters(runner, example, "-f", "md")
    assert _md(example, "lao-pdr").split("\n\n")[6:8] == [
        "Thank you for your comments on Lancang-Mekong Environmental Cooperation Strategic Framework (version 2017-08) "
        "in the consultation on Lancang-Mekong Environmental Cooperation Strategic Framework - Comments Matrix. The "
        "secretariat has considered each of them; this letter sets out, point by point, how each was answered and what "
        "it changed in the revised draft.",
        "感谢贵方在澜沧江-湄公河环境合作战略框架 意见汇总征求意见中对澜沧江-湄公河环境合作战略框架（版本 2017-08）提出的意见。"
        "秘书处已逐条研究，现将每条意见的处理情况及其对修订稿的修改逐项说明如下。"]
    assert "(version 2017-08) in the consultation" in _md(example, "cambodia")
    from two_rounds_render import write_two_rounds

    rounds = write_two_rounds(tmp_path / "mws")
    _letters(runner, rounds, "-f", "md")
    assert "Thank you for your comments on Mekong Water Strategy (Round 2 · Workshop) in the consultation" in _md(rounds, "lao-pdr")


def test_a_repeat_of_a_comment_two_rounds_back_names_its_round(runner, tmp_path):
    # "You raised this point in the previous round as LAO-1" sent a round-3 reader to round 2,
    # where LAO-1 never was.
    from two_rounds import ok, round_one, start_round_two

    root = round_one(tmp_path / "project")
    start_round_two(root)
    added = ok("add", "lao-pdr", "--target", "general", "--text", "Say who builds what.", "--repeats", "LAO-2", "-C", str(root))
    round_two = added.split()[1].rstrip(":")
    assert round_two.startswith("LAO-")
    ok("round", "start", "3", "--version", "2018-06", "--allow-open", "--today", "2018-03-01", "-C", str(root))
    ok("add", "lao-pdr", "--target", "general", "--text", "Say again who builds what.", "--repeats", "LAO-1", "-C", str(root))
    ok("add", "lao-pdr", "--target", "general", "--text", "And the data.", "--repeats", round_two, "-C", str(root))
    ok("render", "letters", "-C", str(root), *DAY, "-f", "md", "--round", "3")
    letter = _md(root, "lao-pdr")
    assert "You raised this point in round 1 as LAO-1." in letter
    assert "贵方曾在第1轮以LAO-1提出此意见。" in letter
    assert f"You raised this point in round 2 as {round_two}." in letter
    assert f"贵方曾在第2轮以{round_two}提出此意见。" in letter
    assert "previous round" not in letter

