"""Edits from the command line (issue 18): several edits in one call, each in its language, added
to the response's edits (or replacing them), shown as a word diff before they are written."""

from __future__ import annotations

import difflib
import os
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.read.loader import load_project

CONFIG = """\
title: {en: River plan, zh: 河流计划}
languages: [en, zh, th]
draft: d1
deadline: 2030-01-31
stakeholders:
  - id: lao-pdr
    name: {en: Lao PDR, zh: 老挝}
    kind: country
"""

DRAFT = """\
id: d1
title: {en: River plan, zh: 河流计划}
version: "1"
sections:
  - id: aims
    number: "1"
    title: {en: Aims, zh: 目标}
    paragraphs:
      - id: aims.1
        text:
          en: Protect the river basin for all people.
          zh: 为所有人保护流域。
          th: ปกป้องลุ่มน้ำเพื่อประชาชนทุกคน
      - id: aims.2
        text:
          en: Share the data every year.
          zh: 每年共享数据。
          th: แบ่งปันข้อมูลทุกปี
      - id: aims.3
        text: {en: Train the staff., zh: 培训工作人员。}
"""

COMMENTS = """\
# Lao PDR's reply
stakeholder: lao-pdr
state: submitted
comments:
  - id: LAO-1
    target: aims.1
    text: Say "river basins"   # as received
    response:
      decision: accepted
      edits:
        - replace: river basin
          with: river basins
          lang: en
      single_language: true
  - id: LAO-2
    target: aims.2
    text: Every month
"""


@pytest.fixture
def river(tmp_path: Path) -> Path:
    root = tmp_path / "river"
    (root / "drafts").mkdir(parents=True)
    (root / "comments").mkdir()
    (root / "cm.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "drafts" / "d1.yaml").write_text(DRAFT, encoding="utf-8")
    (root / "comments" / "lao-pdr.yaml").write_text(COMMENTS, encoding="utf-8")
    return root


def cm(root: Path, *args: str, input: str | None = None):
    here = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(app, [*args, "--project", str(root)], input=input,
                                  env={"CM_TODAY": "2030-01-10", "COLUMNS": "100", "NO_COLOR": "1"})
    finally:
        os.chdir(here)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "build" not in p.parts}


def changed_lines(before: dict[str, bytes], after: dict[str, bytes]) -> dict[str, list[str]]:
    found = {}
    for name in sorted(set(before) | set(after)):
        old = before.get(name, b"").decode("utf-8").splitlines()
        new = after.get(name, b"").decode("utf-8").splitlines()
        lines = [line[0] + line[2:] for line in difflib.ndiff(old, new) if line[:1] in "+-"]
        if lines:
            found[name] = lines
    return found


def response_edits(root: Path, comment_id: str) -> list[tuple[str, str, str | None]]:
    response = load_project(root).comments_by_id[comment_id].comment.response
    return [(e.replace, e.with_, e.lang) for e in response.edits]


def basis(root: Path, comment_id: str) -> str:
    from commentmatrix.basis import current_basis

    project = load_project(root)
    found = current_basis(project, project.comments_by_id[comment_id])
    assert found is not None
    return found


# ---------------------------------------------------------------- respond

def test_two_edits_in_two_languages_are_written_after_their_word_diff(river):
    before = snapshot(river)
    result = cm(river, "respond", "LAO-2", "--decision", "accepted", "--replace", "every year", "--with", "every month",
                "--replace", "每年", "--with", "每月", "--edit-lang", "en", "--edit-lang", "zh", "--single-language")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == textwrap.dedent("""\
        LAO-2: the edits
          aims.2
            en Share the data every [-year-]{+month+}.
            zh [-每年-]{+每月+}共享数据。
            th แบ่งปันข้อมูลทุกปี
        LAO-2: accepted (comments/lao-pdr.yaml)
        """)
    # Only the comment's new response lines: the file's comments and other lines stay byte for byte.
    assert changed_lines(before, snapshot(river)) == {"comments/lao-pdr.yaml": [
        "+    response:", "+      decision: accepted", "+      edits:",
        "+        - replace: every year", "+          with: every month", "+          lang: en",
        "+        - replace: 每年", "+          with: 每月", "+          lang: zh",
        "+      date: 2030-01-10", "+      single_language: true", f"+      basis: {basis(river, 'LAO-2')}"]}
    assert response_edits(river, "LAO-2") == [("every year", "every month", "en"), ("每年", "每月", "zh")]


def test_a_second_respond_adds_its_edits_to_those_already_there(river):
    result = cm(river, "respond", "LAO-1", "--decision", "accepted", "--replace", "流域", "--with", "河流流域", "--edit-lang", "zh")
    assert result.exit_code == 0, result.stderr
    result = cm(river, "respond", "LAO-1", "--decision", "accepted", "--replace", "ลุ่มน้ำ", "--with", "แม่น้ำ",
                "--edit-lang", "th")
    assert result.exit_code == 0, result.stderr
    # Thai is cut into its words: the changed word shows whole, not code points of two words.
    assert "    th ปกป้อง[-ลุ่มน้ำ-]{+แม่น้ำ+}เพื่อประชาชนทุกคน\n" in result.stdout
    assert "    zh 为所有人保护{+河流+}流域。\n" in result.stdout
    assert response_edits(river, "LAO-1") == [("river basin", "river basins", "en"), ("流域", "河流流域", "zh"),
                                              ("ลุ่มน้ำ", "แม่น้ำ", "th")]


def test_replace_edits_sets_the_edits_anew(river):
    result = cm(river, "respond", "LAO-1", "--decision", "accepted", "--replace-edits",
                "--replace", "all people", "--with", "everyone", "--edit-lang", "en")
    assert result.exit_code == 0, result.stderr
    assert response_edits(river, "LAO-1") == [("all people", "everyone", "en")]


def test_the_same_edit_again_is_refused_rather_than_doubled(river):
    before = snapshot(river)
    result = cm(river, "respond", "LAO-1", "--decision", "accepted", "--replace", "river basin", "--with", "river basins",
                "--edit-lang", "en")
    assert (result.exit_code, result.stderr) == (1, (
        "cm: the response to LAO-1 has this edit already: replace 'river basin' with 'river basins'\n"
        "    hint: leave it out, or give --replace-edits to set the response's edits anew\n"))
    assert snapshot(river) == before


def test_inserts_and_deletes_with_a_new_paragraph_in_two_languages(river):
    result = cm(river, "respond", "LAO-2", "--decision", "accepted", "--single-language",
                "--insert", "Publish the data.", "--insert", "公布数据。", "--insert-lang", "en", "--insert-lang", "zh",
                "--new-id", "aims.2a", "--new-id", "aims.2a", "--after", "aims.2", "--delete", "aims.3")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("LAO-2: the edits\n  aims.2a\n    en {+Publish the data.+}\n    zh {+公布数据。+}\n"
                                    "  aims.3\n    en [-Train the staff.-]\n    zh [-培训工作人员。-]\n")
    edits = load_project(river).comments_by_id["LAO-2"].comment.response.edits
    assert [type(e).__name__ for e in edits] == ["InsertEdit", "DeleteEdit"]
    assert edits[0].insert == {"en": "Publish the data.", "zh": "公布数据。"}


def test_dry_run_shows_the_diff_and_writes_nothing(river):
    before = snapshot(river)
    result = cm(river, "respond", "LAO-2", "-d", "accepted", "--replace", "数据", "--with", "资料", "--edit-lang", "zh",
                "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "    zh 每年共享[-数据-]{+资料+}。\n    th แบ่งปันข้อมูลทุกปี\n" \
           "LAO-2: accepted: dry run, nothing written (would change comments/lao-pdr.yaml)\n" in result.stdout
    assert snapshot(river) == before


@pytest.mark.parametrize(("args", "code", "stderr"), [
    (["--replace", "river basin", "--with", "x", "--edit-lang", "zh"], 1,
     "cm: comment LAO-2, edit 1: the old text 'river basin' is not in paragraph 'aims.2' (zh); nothing was written\n"),
    (["--replace", "one", "--with", "1", "--replace", "two"], 2,
     "cm: 2 --replace but one --with: each --replace OLD needs its --with NEW, in the same order "
     "(--with '' deletes the old text)\n"),
    (["--replace", "a", "--with", "b", "--replace", "c", "--with", "d", "--replace", "e", "--with", "f",
      "--edit-lang", "en", "--edit-lang", "zh"], 2,
     "cm: 2 --edit-lang for 3 --replace: give --edit-lang once for all of them, or once for each --replace, in the same order\n"),
    (["--replace", "data", "--with", "facts", "--edit-lang", "fr"], 2,
     "cm: language 'fr' is not in cm.yaml's languages (en, zh, th)\n    hint: add it to `languages` in cm.yaml first\n"),
    (["--edit-lang", "en"], 2, "cm: --edit-lang goes with --replace\n"),
    (["--insert", "New.", "--after", "aims.2"], 2,
     "cm: one --insert but 0 --new-id: each new paragraph needs its id (--new-id ID), in the same order\n"),
])
def test_each_bad_edit_is_refused_and_writes_nothing(river, args, code, stderr):
    before = snapshot(river)
    result = cm(river, "respond", "LAO-2", "--decision", "accepted", *args)
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr.startswith(stderr)
    assert snapshot(river) == before


def test_an_edit_found_twice_gets_the_engines_hint(river):
    result = cm(river, "respond", "LAO-2", "--decision", "accepted", "--replace", "a", "--with", "b", "--edit-lang", "en")
    assert result.exit_code == 1
    assert result.stderr.startswith("cm: comment LAO-2, edit 1: ")
    assert "\n    hint: " in result.stderr


# ---------------------------------------------------------------- add

def test_add_proposes_edits_in_chinese_and_thai_with_a_preview(river):
    before = snapshot(river)
    result = cm(river, "add", "lao-pdr", "--target", "aims.1", "--text", "两种语言", "--lang", "zh",
                "--replace", "保护", "--with", "守护", "--replace", "ปกป้อง", "--with", "คุ้มครอง", "--edit-lang", "zh",
                "--edit-lang", "th", "--single-language")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == textwrap.dedent("""\
        LAO-3: if accepted as proposed
          aims.1
            en Protect the river basin for all people.
            zh 为所有人[-保护-]{+守护+}流域。
            th [-ปกป้อง-]{+คุ้มครอง+}ลุ่มน้ำเพื่อประชาชนทุกคน
        Added LAO-3 (comments/lao-pdr.yaml)
        """)
    added = changed_lines(before, snapshot(river))["comments/lao-pdr.yaml"]
    assert added == ["+  - id: LAO-3", "+    target: aims.1", "+    text:", "+      zh: 两种语言", "+    proposal:",
                     "+      - replace: 保护", "+        with: 守护", "+        lang: zh",
                     "+      - replace: ปกป้อง", "+        with: คุ้มครอง", "+        lang: th",
                     "+    response:", "+      single_language: true"]


@pytest.mark.parametrize("state", ["no-comments", "reviewing"])
def test_add_says_the_files_state_goes_to_submitted(river, state):
    # docs/editing.md: comments have arrived, so the state is submitted; it changed silently.
    path = river / "comments" / "lao-pdr.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("state: submitted", f"state: {state}"), encoding="utf-8")
    result = cm(river, "add", "lao-pdr", "--target", "general", "--text", "Late, after all.")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == ("Added LAO-3 (comments/lao-pdr.yaml)\n"
                             f"note: comments/lao-pdr.yaml: its state goes from {state} to submitted, as comments have arrived\n")
    assert "\nstate: submitted\n" in path.read_text(encoding="utf-8")
    again = cm(river, "add", "lao-pdr", "--target", "general", "--text", "And this.")
    assert again.stdout == "Added LAO-4 (comments/lao-pdr.yaml)\n"


def test_add_without_edit_lang_proposes_in_the_comments_language(river):
    result = cm(river, "add", "lao-pdr", "--target", "aims.2", "--text", "每月", "--lang", "zh",
                "--replace", "每年", "--with", "每月")
    assert result.exit_code == 0, result.stderr
    proposal = load_project(river).comments_by_id["LAO-3"].comment.proposal
    assert [(e.replace, e.lang) for e in proposal] == [("每年", "zh")]


def test_add_refuses_a_proposal_that_does_not_apply(river):
    before = snapshot(river)
    result = cm(river, "add", "lao-pdr", "--target", "aims.2", "--text", "x", "--replace", "never there", "--with", "y")
    assert result.exit_code == 1
    assert result.stderr.startswith("cm: comment LAO-3, proposed edit 1: the old text 'never there' is not in paragraph 'aims.2'")
    assert snapshot(river) == before


def test_single_language_on_add_needs_proposed_edits(river):
    result = cm(river, "add", "lao-pdr", "--target", "aims.2", "--text", "x", "--single-language")
    assert (result.exit_code, result.stderr) == (
        2, "cm: --single-language is about the proposed edits: give them (--replace, --insert, --delete) too\n")


# ---------------------------------------------------------------- triage

def test_triage_takes_an_own_edit_in_each_language(river):
    answers = "e\nevery year\nevery month\nen\ne\n每年\n每月\nxx\nzh\na\nMonthly\n"
    result = cm(river, "triage", input=answers)
    assert result.exit_code == 0, result.stderr
    assert "'xx' is not one of the project's languages: en, zh, th." in result.stdout
    assert "    en Share the data every [-year-]{+month+}.\n    zh [-每年-]{+每月+}共享数据。\n" in result.stdout
    assert result.stdout.endswith("Recorded 1 decision(s); 0 comment(s) still open.\n")
    assert response_edits(river, "LAO-2") == [("every year", "every month", "en"), ("每年", "每月", "zh")]


def test_triage_refuses_an_own_edit_that_does_not_apply_and_goes_on(river):
    before = snapshot(river)
    result = cm(river, "triage", input="e\nnot in it\nnew\n\na\n\n")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("cm: comment LAO-2, edit 1: the old text 'not in it' is not in paragraph 'aims.2'")
    assert result.stdout.endswith("Recorded 0 decision(s); 1 comment(s) still open.\n")
    assert snapshot(river) == before


def test_in_is_paired_with_each_replace(river):
    result = cm(river, "respond", "LAO-2", "--decision", "accepted", "--single-language",
                "--replace", "all people", "--with", "everyone", "--in", "aims.1",
                "--replace", "every year", "--with", "each year", "--in", "aims.2", "--edit-lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "  aims.1\n    en Protect the river basin for [-all people-]{+everyone+}.\n" in result.stdout
    assert "  aims.2\n    en Share the data [-every-]{+each+} year.\n" in result.stdout
    edits = load_project(river).comments_by_id["LAO-2"].comment.response.edits
    assert [(e.in_, e.lang) for e in edits] == [("aims.1", "en"), ("aims.2", "en")]


def test_a_new_decision_with_a_note_in_one_language_names_the_notes_left_from_the_old_one(river):
    # The note's other languages stay as they were (a note is given one language at a time),
    # and were written for the decision before: a Chinese 采纳 under a rejection, silently.
    assert cm(river, "respond", "LAO-1", "-d", "accepted", "--note", "Accepted", "--lang", "en").exit_code == 0
    assert cm(river, "respond", "LAO-1", "-d", "accepted", "--note", "采纳", "--lang", "zh").exit_code == 0
    changed = cm(river, "respond", "LAO-1", "-d", "rejected", "--note", "Not now", "--lang", "en")
    assert changed.exit_code == 0
    assert changed.stderr == ("note: the note's zh text (“采纳”) was written for the decision before; say it anew: "
                              "cm respond LAO-1 --decision rejected --note ... --lang zh\n")
    again = cm(river, "respond", "LAO-1", "-d", "rejected", "--note", "暂不采纳", "--lang", "zh")
    assert (again.exit_code, again.stderr) == (0, "")
    note = load_project(river).comments_by_id["LAO-1"].comment.response.note
    assert note == {"en": "Not now", "zh": "暂不采纳"}


def test_a_new_decision_without_a_note_names_the_note_left_from_the_old_one(river):
    assert cm(river, "respond", "LAO-1", "-d", "accepted", "--note", "Accepted", "--lang", "en").exit_code == 0
    changed = cm(river, "respond", "LAO-1", "-d", "rejected")
    assert changed.exit_code == 0
    assert changed.stderr == ("note: the note's en text (“Accepted”) was written for the decision before; say it anew: "
                              "cm respond LAO-1 --decision rejected --note ... --lang en\n")
    assert cm(river, "respond", "LAO-1", "-d", "rejected").stderr == ""  # the same decision again: nothing to say


def test_a_note_given_as_lang_equals_text_is_in_that_language(river):
    # `--note zh=采纳` was published as the note "zh=采纳", where `--name zh=老挝` is a name in zh.
    assert cm(river, "respond", "LAO-1", "-d", "accepted", "--note", "Accepted", "--lang", "en").exit_code == 0
    result = cm(river, "respond", "LAO-1", "-d", "accepted", "--note", "zh=采纳")
    assert (result.exit_code, result.stderr) == (0, "")
    assert load_project(river).comments_by_id["LAO-1"].comment.response.note == {"en": "Accepted", "zh": "采纳"}


def test_text_options_given_as_lang_equals_text_are_in_that_language(river):
    # `cm add --text th=...` and `cm stakeholder ack --note zh=...` stored "th=..." as the text,
    # where `--note zh=采纳` of cm respond and `--name zh=老挝` are texts in zh.
    assert cm(river, "add", "lao-pdr", "--target", "aims.3", "--text", "th=ฝึกอบรมเจ้าหน้าที่").exit_code == 0
    assert cm(river, "add", "lao-pdr", "--target", "aims.3", "--text", "Ratio 3=4 is fine").exit_code == 0
    assert cm(river, "stakeholder", "ack", "lao-pdr", "--object", "--note", "zh=不同意").exit_code == 0
    assert cm(river, "stakeholder", "ack", "lao-pdr", "--object", "--comment", "LAO-1", "--note", "zh=每月").exit_code == 0
    loaded = load_project(river)
    assert loaded.comments_by_id["LAO-3"].comment.text == {"th": "ฝึกอบรมเจ้าหน้าที่"}
    assert loaded.comments_by_id["LAO-4"].comment.text == "Ratio 3=4 is fine"
    assert loaded.comments_by_id["LAO-1"].comment.objection.note == {"zh": "每月"}
    [reply] = [source.file for source in loaded.comment_sources if source.file.stakeholder == "lao-pdr"]
    assert reply.acknowledgement.note == {"zh": "不同意"}
    # With --lang, the text is kept as it is.
    assert cm(river, "add", "lao-pdr", "--target", "aims.3", "--text", "zh=x", "--lang", "en").exit_code == 0
    assert load_project(river).comments_by_id["LAO-5"].comment.text == {"en": "zh=x"}


@pytest.mark.parametrize("args, said", [
    (("status", "--today", "2030-01-01", "--today", "2030-01-10"), "--today is given twice: '2030-01-01'"),
    (("stakeholder", "add", "mrc", "--name", "MRC", "--kind", "organization", "--contact", "a@mrc.int",
      "--contact=b@mrc.int"), "--contact is given twice: 'a@mrc.int'"),
    (("respond", "LAO-1", "--decision", "accepted", "-d", "rejected", "--note", "en=No"), "--decision is given twice: 'accepted'"),
], ids=["a day", "a contact", "a decision, long and short"])
def test_an_option_of_one_value_given_twice_is_said(river, args, said):
    # Click keeps the last (a shell alias's default overridden): the first was dropped without a word.
    result = cm(river, *args)
    assert result.exit_code == 0, result.stderr
    assert f"note: {said} is left out, '" in result.stderr


def test_an_option_given_twice_with_the_same_value_says_nothing(river):
    result = cm(river, "respond", "LAO-1", "--decision", "rejected", "--decision", "rejected", "--note", "en=No")
    assert (result.exit_code, result.stderr) == (0, "")
    assert load_project(river).comments_by_id["LAO-1"].comment.response.decision == "rejected"


def test_a_comment_s_text_is_given_once_per_language(river):
    # A second --text replaced the first without a word (typer keeps the last).
    added = cm(river, "add", "lao-pdr", "--target", "aims.3", "--text", "th=ฝึกอบรมเจ้าหน้าที่", "--text", "en=Train the staff")
    assert (added.exit_code, added.stderr) == (0, "")
    assert load_project(river).comments_by_id["LAO-3"].comment.text == {"th": "ฝึกอบรมเจ้าหน้าที่", "en": "Train the staff"}
    # A plain one is in --lang's language, else the project's first.
    assert cm(river, "add", "lao-pdr", "--target", "aims.3", "--text", "Train the staff", "--text", "zh=培训").exit_code == 0
    assert load_project(river).comments_by_id["LAO-4"].comment.text == {"en": "Train the staff", "zh": "培训"}
    before = snapshot(river)
    twice = cm(river, "add", "lao-pdr", "--target", "aims.3", "--text", "en=One", "--text", "en=Two")
    assert (twice.exit_code, twice.stdout) == (2, "")
    assert twice.stderr.startswith("cm: --text is given twice in en: 'en=One' and 'en=Two'\n")
    assert snapshot(river) == before


@pytest.mark.parametrize("args", [
    ("add", "lao-pdr", "--target", "aims.3", "--text", "tha=ฝึกอบรม"),
    ("stakeholder", "ack", "lao-pdr", "--object", "--note", "tha=ไม่เห็นด้วย"),
    ("stakeholder", "ack", "lao-pdr", "--object", "--comment", "LAO-1", "--note", "tha=ไม่เห็นด้วย"),
    ("round", "start", "2", "--version", "2", "--allow-open", "--title", "tha=รอบที่สอง"),
])
def test_a_text_in_a_language_the_project_does_not_have_is_refused(river, args):
    before = snapshot(river)
    result = cm(river, *args)
    option = "--text" if args[0] == "add" else "--title" if args[0] == "round" else "--note"
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"cm: language 'tha' of {option} {args[-1]} is not in cm.yaml's languages (en, zh, th)\n"
                             "    hint: did you mean 'th'?\n")
    assert snapshot(river) == before


def test_a_round_title_given_as_lang_equals_text_is_in_that_language(river):
    result = cm(river, "round", "start", "2", "--version", "2", "--allow-open", "--title", "zh=第二轮")
    assert (result.exit_code, result.stderr) == (0, "")
    assert load_project(river).rounds[-1].title == {"zh": "第二轮"}


def test_init_takes_a_title_as_lang_equals_text(tmp_path):
    runner = CliRunner()
    made = runner.invoke(app, ["init", str(tmp_path / "p"), "--title", "zh=河流计划", "--languages", "en,zh", "--yes"])
    assert (made.exit_code, made.stderr) == (0, "")
    assert load_project(tmp_path / "p").config.title == {"zh": "河流计划"}
    refused = runner.invoke(app, ["init", str(tmp_path / "q"), "--title", "vi=Kế hoạch", "--languages", "en,zh", "--yes"])
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == ("cm: language 'vi' of --title vi=Kế hoạch is not in --languages (en, zh)\n"
                              "    hint: add it to --languages first, or give the title in one of them\n")
    assert not (tmp_path / "q").exists()


def test_init_takes_a_title_in_each_language_and_keeps_them_all(tmp_path):
    # Typer kept the last --title: --title th=... --title vi=... made a project titled in vi only.
    runner = CliRunner()
    made = runner.invoke(app, ["init", str(tmp_path / "p"), "--title", "th=แผนลุ่มน้ำ", "--title", "vi=Kế hoạch lưu vực",
                               "--title", "Basin plan", "--languages", "en,th,vi", "--yes"])
    assert (made.exit_code, made.stderr) == (0, "")
    wanted = {"en": "Basin plan", "th": "แผนลุ่มน้ำ", "vi": "Kế hoạch lưu vực"}
    loaded = load_project(tmp_path / "p")
    assert loaded.config.title == wanted
    assert loaded.current_draft.draft.title == wanted
    # One plain --title stays a plain title.
    assert runner.invoke(app, ["init", str(tmp_path / "q"), "--title", "Plan", "--yes"]).exit_code == 0
    assert load_project(tmp_path / "q").config.title == "Plan"


@pytest.mark.parametrize("titles", [("th=แผน", "th=แผนใหม่"), ("Plan", "Basin plan"), ("Plan", "en=Basin plan")])
def test_a_title_given_twice_in_one_language_is_refused_not_dropped(tmp_path, titles):
    first, second = titles
    result = CliRunner().invoke(app, ["init", str(tmp_path / "p"), "--title", first, "--title", second,
                                      "--languages", "en,th", "--yes"])
    language = "th" if first.startswith("th=") else "en"
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"cm: --title is given twice in {language}: '{first}' and '{second}'\n"
                             f"    hint: give one title per language, each as LANG=TEXT (e.g. --title {language}=...)\n")
    assert not (tmp_path / "p").exists()


def test_a_round_title_in_each_language_keeps_them_all(river):
    result = cm(river, "round", "start", "2", "--version", "2", "--allow-open",
                "--title", "th=รอบที่สอง", "--title", "zh=第二轮", "--title", "Second round")
    assert (result.exit_code, result.stderr) == (0, "")
    assert load_project(river).rounds[-1].title == {"en": "Second round", "th": "รอบที่สอง", "zh": "第二轮"}


def test_a_round_title_given_twice_in_one_language_is_refused(river):
    before = snapshot(river)
    result = cm(river, "round", "start", "2", "--version", "2", "--allow-open", "--title", "zh=第二轮", "--title", "zh=第三轮")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == "cm: --title is given twice in zh: 'zh=第二轮' and 'zh=第三轮'"
    assert snapshot(river) == before


def test_a_stakeholder_name_given_twice_in_one_language_is_refused(river):
    # `--name Laos --name "Lao PDR"` kept "Lao PDR" alone: the same silent loss.
    before = snapshot(river)
    result = cm(river, "stakeholder", "add", "laos", "--kind", "country", "--name", "Laos", "--name", "Lao PDR")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == "cm: --name is given twice in en: 'Laos' and 'Lao PDR'"
    assert snapshot(river) == before


def test_a_second_note_is_refused_not_dropped(river):
    # Typer kept the last --note: the first was lost without a word.
    before = snapshot(river)
    result = cm(river, "respond", "LAO-1", "-d", "accepted", "--note", "Accepted", "--note", "采纳")
    assert (result.exit_code, result.stdout) == (2, "")
    message, hint = result.stderr.splitlines()
    assert message == "cm: --note is given 2 times: one note per command"
    assert hint.startswith("    hint: give each language's note in a command of its own: cm respond LAO-1 ")
    assert snapshot(river) == before
    # The hint's command runs as it reads, a note and its language put in (it lacked --decision,
    # which cm respond requires, so it was refused in turn).
    command = hint.split(": ", 2)[2].replace("--note ...", "--note 采纳").replace("--lang L", "--lang zh").split()
    assert command[:3] == ["cm", "respond", "LAO-1"]
    answered = cm(river, *command[1:])
    assert (answered.exit_code, answered.stderr) == (0, "")
    assert load_project(river).comments_by_id["LAO-1"].comment.response.note["zh"] == "采纳"


# ---------------------------------------------------------------- edits given as LANG=TEXT

def test_edits_given_as_lang_equals_text_are_in_that_language(river):
    # `--replace th=ทุกปี` was the old text "th=ทุกปี" (never found), where `--text th=...` is a text in th.
    result = cm(river, "respond", "LAO-2", "-d", "accepted", "--single-language",
                "--replace", "th=ทุกปี", "--with", "th=ทุกเดือน", "--replace", "zh=每年", "--with", "每月")
    assert (result.exit_code, result.stderr) == (0, "")
    assert response_edits(river, "LAO-2") == [("ทุกปี", "ทุกเดือน", "th"), ("每年", "每月", "zh")]
    # On cm add a prefix says the edit's language, before the comment's --lang.
    result = cm(river, "add", "lao-pdr", "--target", "aims.1", "--text", "Two changes", "--lang", "en", "--single-language",
                "--replace", "th=ปกป้อง", "--with", "th=คุ้มครอง",
                "--insert", "th=ย่อหน้าใหม่", "--insert", "en=A new paragraph.", "--new-id", "aims.1a", "--new-id", "aims.1a",
                "--after", "aims.1")
    assert (result.exit_code, result.stderr) == (0, "")
    replace, insert = load_project(river).comments_by_id["LAO-3"].comment.proposal
    assert (replace.replace, replace.with_, replace.lang) == ("ปกป้อง", "คุ้มครอง", "th")
    assert (insert.insert, insert.id) == ({"th": "ย่อหน้าใหม่", "en": "A new paragraph."}, "aims.1a")


def test_edit_texts_with_edit_lang_or_no_language_prefix_are_kept_as_they_are(river):
    draft = river / "drafts" / "d1.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace("Train the staff.", "'Train the staff; ratio 3=4, th=0.5.'"),
                     encoding="utf-8")
    result = cm(river, "add", "lao-pdr", "--target", "aims.3", "--text", "x", "--lang", "en",
                "--replace", "ratio 3=4", "--with", "ratio 1=2", "--replace", "th=0.5", "--with", "th=0.7",
                "--edit-lang", "en", "--single-language")
    assert (result.exit_code, result.stderr) == (0, "")
    proposal = load_project(river).comments_by_id["LAO-3"].comment.proposal
    assert [(e.replace, e.with_, e.lang) for e in proposal] == [("ratio 3=4", "ratio 1=2", "en"), ("th=0.5", "th=0.7", "en")]
    # Without --edit-lang, th=0.5 is 0.5 in th: not found there, refused, never written as some other edit.
    before = snapshot(river)
    result = cm(river, "add", "lao-pdr", "--target", "aims.3", "--text", "x", "--replace", "th=0.5", "--with", "th=0.7")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("cm: comment LAO-4, proposed edit 1: the old text '0.5' is not in paragraph 'aims.3' (th)")
    assert snapshot(river) == before


@pytest.mark.parametrize(("args", "stderr"), [
    (["--replace", "tha=ทุกปี", "--with", "ทุกเดือน"],
     "cm: language 'tha' of --replace tha=ทุกปี is not in cm.yaml's languages (en, zh, th)\n    hint: did you mean 'th'?\n"),
    (["--replace", "ทุกปี", "--with", "tha=ทุกเดือน"],
     "cm: language 'tha' of --with tha=ทุกเดือน is not in cm.yaml's languages (en, zh, th)\n    hint: did you mean 'th'?\n"),
    (["--insert", "tha=ใหม่", "--new-id", "aims.2a", "--after", "aims.2"],
     "cm: language 'tha' of --insert tha=ใหม่ is not in cm.yaml's languages (en, zh, th)\n    hint: did you mean 'th'?\n"),
    (["--replace", "th=ทุกปี", "--with", "zh=每月"],
     "cm: --replace th=ทุกปี --with zh=每月 name two languages (th, zh): an edit changes the text of one language\n"
     "    hint: give each language's edit as its own --replace and --with\n"),
], ids=["replace", "with", "insert", "two-languages"])
@pytest.mark.parametrize("command", ["respond", "add"])
def test_an_edit_text_in_a_language_the_project_does_not_have_is_refused(river, command, args, stderr):
    before = snapshot(river)
    start = ["respond", "LAO-2", "-d", "accepted"] if command == "respond" else ["add", "lao-pdr", "-t", "aims.2", "--text", "x"]
    result = cm(river, *start, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)
    assert snapshot(river) == before


def test_a_new_paragraph_goes_at_the_end_of_a_section_with_at(river):
    """A section without paragraphs has none for --after to name: the only place the format
    has for its first paragraph, `at: SECTION`, could not be given on the command line."""
    draft = river / "drafts" / "d1.yaml"
    draft.write_text(DRAFT + "  - id: annex\n    number: \"2\"\n    title: {en: Annex, zh: 附件}\n", encoding="utf-8")
    before = snapshot(river)
    result = cm(river, "add", "lao-pdr", "--target", "annex", "--text", "Give the annex a text.", "--lang", "en",
                "--insert", "The data sources.", "--insert", "数据来源。", "--insert-lang", "en", "--insert-lang", "zh",
                "--new-id", "annex.1", "--new-id", "annex.1", "--at", "annex")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert result.stdout == ("LAO-3: if accepted as proposed\n  annex.1\n    en {+The data sources.+}\n    zh {+数据来源。+}\n"
                             "Added LAO-3 (comments/lao-pdr.yaml)\n")
    assert changed_lines(before, snapshot(river)) == {"comments/lao-pdr.yaml": [
        "+  - id: LAO-3", "+    target: annex", "+    text:", "+      en: Give the annex a text.", "+    proposal:",
        "+      - insert:", "+          en: The data sources.", "+          zh: 数据来源。", "+        at: annex",
        "+        id: annex.1"]}
    result = cm(river, "respond", "LAO-3", "--decision", "accepted", "--take", "1")
    assert result.exit_code == 0, result.output
    assert cm(river, "render", "draft", "--format", "md", "-o", "build/d.md").exit_code == 0
    assert "## 2 Annex / 附件\n\nThe data sources.\n\n数据来源。\n" in (river / "build" / "d.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "stderr"), [
    (["--insert", "New.", "--new-id", "aims.9"],
     "cm: say where the new paragraph goes with --after PARA, or with --at SECTION for the end of a section\n"),
    (["--insert", "New.", "--insert", "Newer.", "--new-id", "aims.9", "--new-id", "aims.10", "--after", "aims.1",
      "--at", "aims"],
     "cm: give --after PARA or --at SECTION, not both: add the paragraphs placed each way in a command of its own\n"),
])
def test_a_new_paragraph_needs_one_kind_of_place(river, args, stderr):
    before = snapshot(river)
    result = cm(river, "respond", "LAO-2", "--decision", "accepted", "--insert-lang", "en", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)
    assert snapshot(river) == before
