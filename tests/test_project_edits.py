"""cm init, stakeholder, add, respond, show and triage, through the CLI: only intended lines change."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.read.loader import load_project
from commentmatrix.write.project_edits import next_comment_id

REPO = Path(__file__).resolve().parent.parent
CM = [sys.executable, "-m", "commentmatrix"]



def cm(root: Path, *args: str, input: str | None = None, env: dict | None = None):
    """Run cm from inside the project (so paths print relative), as a user would."""
    here = Path.cwd()
    os.chdir(root if root.is_dir() else root.parent)
    try:
        return CliRunner().invoke(app, [*args, "--project", str(root)] if args[0] not in ("stakeholder", "init") else list(args),
                                  input=input, env={"CM_TODAY": "2017-09-20", "COLUMNS": "80", **(env or {})})
    finally:
        os.chdir(here)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "build" not in p.parts}


def diff(before: dict[str, bytes], after: dict[str, bytes]) -> dict[str, list[str]]:
    """Per changed file, the added and removed lines ('+ ...', '- ...')."""
    found = {}
    for name in sorted(set(before) | set(after)):
        old = before.get(name, b"").decode("utf-8-sig").splitlines()
        new = after.get(name, b"").decode("utf-8-sig").splitlines()
        lines = [line for line in difflib.ndiff(old, new) if line[:1] in "+-"]
        if lines:
            found[name] = lines
    return found


# ---------------------------------------------------------------- respond

def basis_of(example, comment_id: str) -> str | None:
    """The fingerprint of the comment's target text that cm respond records (basis.current_basis)."""
    from commentmatrix.basis import current_basis

    project = load_project(example)
    return current_basis(project, project.comments_by_id[comment_id])


def test_respond_changes_only_the_response_lines(example):
    before = snapshot(example)
    result = cm(example, "respond", "LAO-6", "--decision", "rejected", "--note", "不采纳", "--lang", "zh", "--by", "LMEC")
    assert (result.exit_code, result.stdout) == (0, "LAO-6: rejected (comments/lao-pdr.yaml)\n")
    assert diff(before, snapshot(example)) == {"comments/lao-pdr.yaml": [
        "-       decision: accepted", "+       decision: rejected",
        "-         zh: 采纳", "+         zh: 不采纳",
        "+       by: LMEC", "+       date: 2017-09-20",
        # The text of capacity-building.5 the decision was made on.
        f"+       basis: {basis_of(example, 'LAO-6')}"]}


def test_respond_partially_without_edits_is_refused_and_writes_nothing(example):
    cm(example, "add", "viet-nam", "--target", "principles.3", "--text", "Say benefits", "--lang", "en",
       "--replace", "mutual benefit", "--with", "mutual benefits")
    before = snapshot(example)
    result = cm(example, "respond", "VIET-NAM-1", "--decision", "partially")
    assert result.exit_code == 1
    assert result.stderr == ("cm: comment VIET-NAM-1 cannot be partially accepted without saying which part applies\n"
                             "    hint: name the proposed edits taken with --take N (1 for the first), or give the change "
                             "with --replace OLD --with NEW\n")
    assert snapshot(example) == before


def test_respond_that_would_break_validation_is_refused_with_the_reason(example):
    cm(example, "add", "viet-nam", "--target", "principles.3", "--text", "Say benefits", "--lang", "en",
       "--replace", "mutual benefit", "--with", "mutual benefits")
    before = snapshot(example)
    result = cm(example, "respond", "VIET-NAM-1", "--decision", "accepted")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "cm: the change would make the project invalid, so nothing was written",
        "comments/viet-nam.yaml:9:18: [error] comment VIET-NAM-1: comment LAO-4 already changes the same text "
        "'Following the principles of joint construction, sharing and…' in 'principles.3'; this replace is not applied (edit-conflict)"]
    assert snapshot(example) == before
    assert not [p for p in (example / "comments").iterdir() if p.name.startswith(".")]


def test_respond_partially_takes_the_proposed_edits_named(example):
    before = snapshot(example)
    result = cm(example, "respond", "TNC-1", "--decision", "partially", "--take", "3", "--replace-edits")
    assert result.exit_code == 0, result.stderr
    changed = diff(before, snapshot(example))["comments/tnc.yaml"]
    # With --replace-edits the response's edits become the ones taken; nothing outside the response moves.
    assert [line for line in changed if line.startswith("+")] == [
        "+             en: to promote endangered species range-wide protection.", "+           after: biodiversity.4",
        "+           id: biodiversity.9", "+       date: 2017-09-20", f"+       basis: {basis_of(example, 'TNC-1')}"]
    assert all(line[2:].startswith("      ") for line in changed)
    response = load_project(example).comments_by_id["TNC-1"].comment.response
    assert [e.id for e in response.edits] == ["biodiversity.9"]


def test_respond_to_an_unknown_comment_suggests_one(example):
    result = cm(example, "respond", "LAO-66", "--decision", "noted")
    # An argument naming nothing in the project is a usage error (2) in every command.
    assert (result.exit_code, result.stderr) == (2, "cm: there is no comment 'LAO-66'\n    hint: did you mean 'LAO-6'?\n")


# ---------------------------------------------------------------- add, stakeholders

def test_add_appends_with_the_next_id_in_the_stakeholders_scheme(example):
    before = snapshot(example)
    result = cm(example, "add", "lao-pdr", "--target", "objectives.1", "--text", "Name the SDGs", "--topic", "wording")
    assert (result.exit_code, result.stdout) == (0, "Added LAO-11 (comments/lao-pdr.yaml)\n")
    assert diff(before, snapshot(example)) == {"comments/lao-pdr.yaml": [
        "+   - id: LAO-11", "+     target: objectives.1", "+     topic: wording", "+     text: Name the SDGs"]}


def test_add_refuses_an_unknown_target_with_a_suggestion(example):
    before = snapshot(example)
    result = cm(example, "add", "lao-pdr", "--target", "principle.3", "--text", "x")
    # An option naming nothing in the draft is a usage error (2), as in every command.
    assert (result.exit_code, result.stderr) == (2, "cm: target 'principle.3' is not in draft lmec-2017-08\n"
                                                    "    hint: did you mean 'principles.3'?\n")
    assert snapshot(example) == before


def test_add_creates_the_file_of_a_stakeholder_that_has_none(example):
    result = cm(example, "add", "viet-nam", "--target", "general", "--text", "Agreed", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert (example / "comments/viet-nam.yaml").read_text(encoding="utf-8") == (
        "stakeholder: viet-nam\nstate: submitted\ncomments:\n  - id: VIET-NAM-1\n    target: general\n    text:\n      en: Agreed\n")


def test_add_in_an_editor(example, tmp_path):
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\npath = sys.argv[1]\ntext = open(path, encoding='utf-8').read()\n"
                      "text = text.replace('en: |\\n', 'en: |\\n    Long text,\\n    two lines.\\n')\n"
                      "open(path, 'w', encoding='utf-8').write(text)\n", encoding="utf-8")
    result = cm(example, "add", "sei", "--target", "principles.3", "--edit", env={"EDITOR": f"{sys.executable} {editor}"})
    assert (result.exit_code, result.stdout) == (0, "Added SEI-6 (comments/sei.yaml)\n")
    comment = load_project(example).comments_by_id["SEI-6"].comment
    assert (comment.target, comment.text, comment.proposal) == ("principles.3", {"en": "Long text,\ntwo lines."}, None)


@pytest.mark.parametrize("editor, said", [
    ("/no/such/editor", "the editor (/no/such/editor) could not be started (No such file or directory); set $VISUAL or "
                        "$EDITOR to the editor to use (EDITOR=nano); nothing was added"),
    ('vim "', '$VISUAL or $EDITOR (vim ") is not a command cm can run (No closing quotation); nothing was added'),
])
def test_add_with_an_editor_that_cannot_be_run_says_so(example, editor, said):
    # Both were internal errors (exit 3, "a bug in cm"): FileNotFoundError, shlex's ValueError.
    before = snapshot(example)
    result = cm(example, "add", "sei", "--target", "principles.3", "--edit", env={"EDITOR": editor, "VISUAL": ""})
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"cm: {said}\n")
    assert snapshot(example) == before


def test_stakeholder_add_and_state(example):
    before = snapshot(example)
    result = cm(example, "stakeholder", "add", "mrc", "--name", "en=Mekong River Commission", "--name", "zh=湄公河委员会",
                "--kind", "organization", "--project", str(example))
    assert result.exit_code == 0, result.stderr
    result = cm(example, "stakeholder", "state", "mrc", "reviewing", "--received", "2017-09-01", "--project", str(example))
    assert result.exit_code == 0, result.stderr
    assert diff(before, snapshot(example)) == {
        "cm.yaml": ["+   - id: mrc", "+     name:", "+       en: Mekong River Commission", "+       zh: 湄公河委员会",
                    "+     kind: organization"],
        "comments/mrc.yaml": ["+ stakeholder: mrc", "+ state: reviewing", "+ comments: []", "+ received: 2017-09-01"]}


def test_stakeholder_add_records_the_languages_of_its_letters(example):
    # The roster's `languages:` (the letters' languages, in order) could not be given: no --languages.
    before = snapshot(example)
    result = cm(example, "stakeholder", "add", "mrc", "--name", "zh=湄公河委员会", "--kind", "organization",
                "--languages", "zh,en", "--project", str(example))
    assert (result.exit_code, result.stderr) == (0, "")
    assert diff(before, snapshot(example)) == {
        "cm.yaml": ["+   - id: mrc", "+     name:", "+       zh: 湄公河委员会", "+     kind: organization",
                    "+     languages:", "+       - zh", "+       - en"]}
    assert load_project(example).stakeholders_by_id["mrc"].languages == ["zh", "en"]


@pytest.mark.parametrize("languages, message", [
    ("zh,eng", "cm: language 'eng' is not in cm.yaml's languages (en, zh)\n    hint: did you mean 'en'?\n"),
    ("km", "cm: language 'km' is not in cm.yaml's languages (en, zh)\n    hint: add it to `languages` in cm.yaml first\n"),
    (" , ", "cm: --languages names no language: give codes such as th,en, or leave it out for all of cm.yaml's\n"),
], ids=["typo", "not-in-project", "none"])
def test_stakeholder_add_refuses_a_language_the_project_does_not_have(example, languages, message):
    before = snapshot(example)
    result = cm(example, "stakeholder", "add", "mrc", "--name", "MRC", "--kind", "organization",
                "--languages", languages, "--project", str(example))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert snapshot(example) == before


def test_next_id_follows_a_configured_pattern(example):
    config = example / "cm.yaml"
    config.write_text(config.read_text(encoding="utf-8") + 'comment_ids: "C-{n:03}"\n', encoding="utf-8")
    assert next_comment_id(load_project(example), "viet-nam") == "C-001"
    assert next_comment_id(load_project(example), "lao-pdr") == "LAO-11"


# ---------------------------------------------------------------- show

def test_show_in_a_pipe_marks_changes_without_colour(example):
    result = cm(example, "show", "LAO-4")
    assert result.exit_code == 0
    assert result.stdout == """\
LAO-4 · Lao PDR (lao-pdr) · accepted
comments/lao-pdr.yaml:64

Target
  4 Cooperative Principles › principles.3
  en Following the principles of joint construction, sharing and mutual benefit
  zh 采取共建、共享、互惠互利的合作原则;

Comment
  en use “Following the principles of joint construction, access and benefit-
     sharing on a basis of mutual understanding”instead of “Following the
     principles of joint construction, sharing and mutual benefit”
  zh “采取共建、共享、互惠互利的合作原则”,建议改为“在互相理解的基础上采取共建、
     获取与惠益的合作原则”

Proposal
  1. replace in principles.3 (en)
     Following the principles of joint construction, [-sharing-]{+access+} and
     {+benefit-sharing on a basis of +}mutual [-benefit-]{+understanding+}
  2. replace in principles.3 (zh)
     {+在互相理解的基础上+}采取共建、[-共享、互惠互利-]{+获取与惠益+}的合作原则

Response
  accepted
  en Accepted
  zh 采纳

Effect on the revised draft
  principles.3
    en Following the principles of joint construction, [-sharing-]{+access+} and
       {+benefit-sharing on a basis of +}mutual [-benefit-]{+understanding+}
    zh {+在互相理解的基础上+}采取共建、[-共享、互惠互利-]{+获取与惠益+}的合作原
       则;
"""
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


# ---------------------------------------------------------------- concurrency

@pytest.mark.slow
def test_concurrent_writers_lose_nothing(example):
    env = {**os.environ, "CM_TODAY": "2017-09-20"}
    commands = [[*CM, "add", "viet-nam", "--target", "general", "--text", f"point {n}", "--project", str(example)]
                for n in range(4)]
    commands += [[*CM, "respond", f"LAO-{n}", "--decision", "noted", "--note", f"n{n}", "--lang", "en", "--project", str(example)]
                 for n in range(1, 5)]
    processes = [subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in commands]
    results = [(*p.communicate(), p.returncode) for p in processes]
    assert [r[2] for r in results] == [0] * len(commands), results
    project = load_project(example)
    assert sorted(c.comment.text for c in project.comments() if c.stakeholder == "viet-nam") == [f"point {n}" for n in range(4)]
    assert [project.comments_by_id[f"LAO-{n}"].comment.response.note for n in range(1, 5)] == [
        {"en": f"n{n}", "zh": "采纳"} for n in range(1, 5)]


# ---------------------------------------------------------------- triage and the whole story

def test_triage_records_each_decision_at_once_and_resumes(example):
    for n in range(3):
        cm(example, "add", "viet-nam", "--target", "general", "--text", f"point {n}")
    result = cm(example, "triage", "--stakeholder", "viet-nam", input="a\nThanks\ns\nq\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("Recorded 1 decision(s); 2 comment(s) still open.\n")
    decided = {r.id: r.comment.decision for r in load_project(example).comments() if r.stakeholder == "viet-nam"}
    assert decided == {"VIET-NAM-1": "accepted", "VIET-NAM-2": None, "VIET-NAM-3": None}
    result = cm(example, "triage", input="x\nr\nOut of scope\nn\n\n")
    assert result.exit_code == 0, result.stderr
    assert "Type a, p, r or n for a decision, e for an edit of your own, s to skip, q to quit." in result.stdout
    assert result.stdout.endswith("Recorded 2 decision(s); 0 comment(s) still open.\n")


def test_triage_through_a_real_pipe(example):
    subprocess.run([*CM, "add", "viet-nam", "--target", "general", "--text", "one", "--project", str(example)], check=True)
    finished = subprocess.run([*CM, "triage", "--project", str(example)], input="n\nNoted\n", capture_output=True,
                              text=True, encoding="utf-8", env={**os.environ, "CM_TODAY": "2017-09-20"})
    assert finished.returncode == 0, finished.stderr
    assert "\x1b[" not in finished.stdout
    response = load_project(example).comments_by_id["VIET-NAM-1"].comment.response
    assert (response.decision, response.note, str(response.date)) == ("noted", "Noted", "2017-09-20")


def test_init_refuses_to_overwrite(example):
    before = snapshot(example)
    result = cm(example, "init", str(example), "--title", "Again", "--yes")
    assert (result.exit_code, result.stderr) == (1, f"cm: {example / 'cm.yaml'} already exists; cm init never overwrites a project\n")
    assert snapshot(example) == before


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_new_user_runs_a_whole_consultation_without_an_editor(tmp_path):
    root = tmp_path / "consultation"
    result = cm(root, "init", str(root), "--title", "Water strategy", "--languages", "en,zh", "--yes")
    assert result.exit_code == 0, result.stderr
    (root / "drafts/draft-1.yaml").write_text(
        "id: draft-1\ntitle: Water strategy\nversion: \"1\"\nsections:\n  - id: aims\n    number: \"1\"\n    title: Aims\n"
        "    paragraphs:\n      - id: aims.1\n        text:\n          en: Clean rivers for all.\n          zh: 人人享有清洁河流。\n",
        encoding="utf-8")
    git = lambda *a: subprocess.run(["git", *a], cwd=root, check=True, capture_output=True, text=True).stdout  # noqa: E731
    git("init", "-q")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qam", "init", "--allow-empty")
    git("add", "-A")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "draft")

    def step(*args, input=None):
        result = cm(root, *args, input=input)
        assert result.exit_code == 0, result.stderr
        changed = git("diff", "--numstat") + git("status", "--porcelain", "--untracked-files=all")
        git("add", "-A")
        git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", " ".join(args))
        return changed

    for sid, name, removed in (("north", "en=North", 1), ("south", "en=South", 0), ("ngo", "en=River NGO", 0)):
        # The first one turns `stakeholders: []` into a block list: that line is the one changed.
        assert step("stakeholder", "add", sid, "--name", name, "--kind", "other", "--project", str(root)) == \
            f"{4 + removed}\t{removed}\tcm.yaml\n M cm.yaml\n"
    assert step("add", "north", "--target", "aims.1", "--text", "Say clean and safe", "--lang", "en",
                "--replace", "Clean rivers", "--with", "Clean and safe rivers") == \
        "?? comments/north.yaml\n"
    assert step("add", "south", "--target", "general", "--text", "Fine") == "?? comments/south.yaml\n"
    assert step("add", "north", "--target", "aims", "--text", "Add a date") == \
        "3\t0\tcomments/north.yaml\n M comments/north.yaml\n"
    assert step("stakeholder", "state", "ngo", "no-comments", "--project", str(root)) == "?? comments/ngo.yaml\n"
    # NORTH-1 accepted with a note (4 lines and its basis), NORTH-2 noted without one (3 and its basis),
    # SOUTH-1 rejected (4: a comment on the whole draft records no basis): additions only.
    assert step("triage", input="a\nAgreed\nn\n\nr\nNo date yet\n") == \
        "9\t0\tcomments/north.yaml\n4\t0\tcomments/south.yaml\n M comments/north.yaml\n M comments/south.yaml\n"
    assert git("show", "HEAD", "--format=", "--", "comments/south.yaml").splitlines()[-5:] == [
        "     text: Fine", "+    response:", "+      decision: rejected", "+      note: No date yet", "+      date: 2017-09-20"]
    result = CliRunner().invoke(app, ["status", "--project", str(root), "--json"])
    assert '"open": 0' in result.stdout and '"accepted": 1' in result.stdout
    assert CliRunner().invoke(app, ["validate", "--project", str(root)]).exit_code == 0


def test_respond_take_adds_the_proposed_edit_to_the_responses_edits(example):
    result = cm(example, "respond", "TNC-1", "--decision", "partially", "--take", "3")
    assert result.exit_code == 0, result.stderr
    response = load_project(example).comments_by_id["TNC-1"].comment.response
    assert [e.id for e in response.edits] == ["biodiversity.7", "biodiversity.8", "biodiversity.9"]
