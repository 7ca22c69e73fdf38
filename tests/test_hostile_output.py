"""Hostile values and file names through every channel cm prints to, as a user runs it: the
terminal (`cm show`, `cm status`, `cm triage`, `cm diff`, `cm validate`), the CI log and runner
(`--format github`, the job summary), the pull-request comment (`cm diff --format markdown`) and
JSON. Whatever a contributor writes, cm's output shows it and does nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE
from gitrepo import git

from commentmatrix.cli import app
from commentmatrix.model.inert import json_text, one_line, terminal_text, visible, workflow_data, workflow_property
from commentmatrix.render.markdown import cell, code, inline
from commentmatrix.render.markdown import one_line as md_one_line

ESC = "\x1b"
# Set the window title, an OSC 8 link, clear the screen, a right-to-left override, a C1 CSI.
HOSTILE_TEXT = (f"Title {ESC}]0;pwned\a link {ESC}]8;;https://evil{ESC}\\here{ESC}]8;;{ESC}\\ "
                f"clear {ESC}[2J \u202eevil\u202c csi \x9b31m end")
# The same as YAML escapes in a double-quoted scalar.
HOSTILE_YAML = ('"Title \\e]0;pwned\\a link \\e]8;;https://evil\\e\\\\here\\e]8;;\\e\\\\ '
                'clear \\e[2J \\u202eevil\\u202c csi \\x9b31m end"')
FORGED_DECISION = '"yes\\n::error::forged\\n::add-mask::secret\\n::set-output name=x::y\\n::stop-commands::abc\\x9b"'
FORGED_NAME = "vn`|x\n::error::forged.yaml"
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _tnc(*comments: str) -> str:
    return "stakeholder: tnc\nstate: submitted\ncomments:\n" + "".join(comments)


def _comment(comment_id: str, text: str, extra: str = "") -> str:
    return f"  - id: {comment_id}\n    target: general\n    text: {text}\n{extra}"


@pytest.fixture
def hostile(tmp_path, monkeypatch) -> Path:
    """The test base with a comment of escape sequences (TNC-1), one of mentions, links and issue
    references (TNC-2), and a comment file whose name holds a backtick, a pipe and a forged
    workflow command on a line of its own."""
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    (root / "comments" / "tnc.yaml").write_text(_tnc(
        _comment("TNC-1", HOSTILE_YAML),
        _comment("TNC-2", '"cc @octocat, see https://evil.example and www.evil.example, fixes #123 and GH-7"'),
    ), encoding="utf-8")
    (root / "comments" / FORGED_NAME).write_text(
        "stakeholder: viet-nam\nstate: submitted\ncomments:\n  - id: VN-1\n    target: general\n    text: Fine.\n",
        encoding="utf-8")
    monkeypatch.chdir(root)
    return root


# ---------------------------------------------------------------- the sanitiser itself

@pytest.mark.parametrize("value, shown", [
    (f"{ESC}]0;title\a", "\\x1b]0;title\\x07"),
    (f"{ESC}[2J", "\\x1b[2J"),
    ("a\rb", "a\\rb"),
    ("\x7f \x9b \x85", "\\x7f \\x9b \\x85"),
    ("\u202eabc\u202c \u2066x\u2069", "<U+202E>abc<U+202C> <U+2066>x<U+2069>"),
    ("one\u2028two\u2029", "one<U+2028>two<U+2029>"),
    ("tab\tand\nline", "tab\tand\\nline"),
    ("ไทย 中文 Việt", "ไทย 中文 Việt"),
])
def test_one_line_shows_every_control_as_a_marker(value, shown):
    assert one_line(value) == shown
    assert one_line(shown) == shown  # markers are plain text: sanitising twice changes nothing


def test_terminal_text_keeps_tabs_and_line_feeds_for_the_layout():
    assert terminal_text("a\tb\nc\x1b[2J\r") == "a\tb\nc\\x1b[2J\\r"
    assert visible("a\tb\n", keep="") == "a\\tb\\n"


def test_workflow_values_are_escaped_as_github_reads_them():
    assert workflow_data("50% done\n::error::x", "hint: h") == "50%25 done\\n::error::x%0Ahint: h"
    assert workflow_property("comments/a,b:c\n.yaml") == "comments/a%2Cb%3Ac\\n.yaml"


def test_json_keeps_the_data_and_escapes_what_a_terminal_obeys():
    document = json.dumps({"t": "a\x9bb\u202ec\x7f"}, ensure_ascii=False)
    assert json_text(document) == '{"t": "a\\u009bb\\u202ec\\u007f"}'
    assert json.loads(json_text(document)) == json.loads(document)


@pytest.mark.parametrize("value, span", [
    ("comments/a.yaml:4", "`comments/a.yaml:4`"),
    ("a`b", "``a`b``"),
    ("``x", "``` ``x ```"),
    ("x`", "`` x` ``"),
    ("a|b\nc", "`a\\|b\\nc`"),
])
def test_a_code_span_holds_any_file_name(value, span):
    assert code(value) == span


def test_markdown_makes_mentions_issue_references_and_autolinks_inert():
    text = "@octocat and @org/team: see https://evil, HTTP://x, www.evil.example, #123, GH-7, a@b.org"
    zw = "&#8203;"
    assert md_one_line(text) == (f"@{zw}octocat and @{zw}org/team: see https{zw}://evil, HTTP{zw}://x, "
                                 f"www{zw}.evil.example, \\#{zw}123, GH-{zw}7, a@{zw}b.org")
    assert inline("#1 & <b>") == f"\\#{zw}1 \\& \\<b\\>"
    assert cell(f"x{ESC}[2J\ny") == "x\\\\x1b\\[2J<br>y"
    assert md_one_line("issue # 5, C#, v2.0 #a") == "issue \\# 5, C\\#, v2.0 \\#a"  # no reference: unchanged


# ---------------------------------------------------------------- cm validate

def _forged_project(root: Path) -> None:
    (root / "comments" / "tnc.yaml").write_text(_tnc(
        _comment("TNC-1", "Fine.", f"    response:\n      decision: {FORGED_DECISION}\n")), encoding="utf-8")
    # A file whose name forges a command, holding an id used before: its diagnostic names it.
    (root / "comments" / FORGED_NAME).write_text(
        "stakeholder: viet-nam\nstate: submitted\ncomments:\n  - id: LAO-1\n    target: general\n    text: Again.\n",
        encoding="utf-8")


FORGED_VALUE = "yes\\n::error::forged\\n::add-mask::secret\\n::set-output name=x::y\\n::stop-commands::abc\\x9b"
FORGED_SHOWN = "vn`|x\\n::error::forged.yaml"
GITHUB_EXPECTED = f"""\
::error file=comments/tnc.yaml,line=8,col=17,title=cm wrong-value::'decision' cannot be '{FORGED_VALUE}': use one of accepted, partially, rejected, noted
::error file=comments/{FORGED_SHOWN.replace(':', '%3A')},line=4,col=9,title=cm duplicate-id::the comment id 'LAO-1' is already used in comments/lao-pdr.yaml:5%0Ahint: every comment id must be unique across the project
::stop-commands::TOKEN
comments/tnc.yaml:8:17: [error] 'decision' cannot be '{FORGED_VALUE}': use one of accepted, partially, rejected, noted (wrong-value)
comments/{FORGED_SHOWN}:4:9: [error] the comment id 'LAO-1' is already used in comments/lao-pdr.yaml:5 (duplicate-id)
    hint: every comment id must be unique across the project
2 errors, 0 warnings (5 files checked).
::TOKEN::
"""
SUMMARY_EXPECTED = """\
## cm validate

2 errors, 0 warnings (5 files checked).

| Location | Severity | Rule | Message |
| --- | --- | --- | --- |
| `comments/tnc.yaml:8:17` | error | wrong-value | 'decision' cannot be 'yes\\\\n::error::forged\\\\n::add-mask::secret\\\\n::set-output name=x::y\\\\n::stop-commands::abc\\\\x9b': use one of accepted, partially, rejected, noted |
| ``comments/vn`\\|x\\n::error::forged.yaml:4:9`` | error | duplicate-id | the comment id 'LAO-1' is already used in comments/lao-pdr.yaml:5 (hint: every comment id must be unique across the project) |
"""


def _token(stdout: str) -> str:
    fences = [line for line in stdout.splitlines() if line.startswith("::stop-commands::")]
    assert len(fences) == 1
    token = fences[0].removeprefix("::stop-commands::")
    assert re.fullmatch("[0-9a-f]{32}", token)
    return token


def _only_cms_commands(stdout: str, token: str) -> None:
    commands = [line for line in stdout.splitlines() if line.startswith("::")]
    assert all(line.startswith(("::error file=", "::warning file=")) for line in commands[:-2])
    assert commands[-2:] == [f"::stop-commands::{token}", f"::{token}::"]


def test_validate_github_prints_only_cms_own_workflow_commands(base, runner, monkeypatch, tmp_path):
    _forged_project(base)
    summary = tmp_path / "summary.md"
    monkeypatch.chdir(base)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = runner.invoke(app, ["validate", "--format", "github"])
    token = _token(result.stdout)
    assert (result.exit_code, result.stdout, result.stderr) == (1, GITHUB_EXPECTED.replace("TOKEN", token), "")
    _only_cms_commands(result.stdout, token)
    assert summary.read_text(encoding="utf-8") == SUMMARY_EXPECTED


def test_validate_github_in_a_fresh_process_fences_with_a_new_token_each_run(base, monkeypatch):
    _forged_project(base)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    runs = [subprocess.run([sys.executable, "-m", "commentmatrix", "validate", "--format", "github"], cwd=base,
                           capture_output=True, text=True, encoding="utf-8", env={**os.environ, "NO_COLOR": "1"})
            for _ in range(2)]
    tokens = [_token(done.stdout) for done in runs]
    for done, token in zip(runs, tokens):
        assert (done.returncode, done.stdout, done.stderr) == (1, GITHUB_EXPECTED.replace("TOKEN", token), "")
    assert tokens[0] != tokens[1]


def test_validate_text_and_json_show_a_forged_value_on_its_own_line(base, runner, monkeypatch):
    _forged_project(base)
    monkeypatch.chdir(base)
    text = runner.invoke(app, ["validate"])
    plain = GITHUB_EXPECTED.split("::stop-commands::TOKEN\n")[1].removesuffix("::TOKEN::\n")
    assert (text.exit_code, text.stdout) == (1, plain)
    as_json = runner.invoke(app, ["validate", "--format", "json"])
    assert as_json.exit_code == 1 and not RAW_CONTROLS.search(as_json.stdout)
    messages = [d["message"] for d in json.loads(as_json.stdout)["diagnostics"]]
    assert messages[0] == ("'decision' cannot be 'yes\n::error::forged\n::add-mask::secret\n::set-output name=x::y\n"
                           "::stop-commands::abc\x9b': use one of accepted, partially, rejected, noted")
    assert "\\u009b" in as_json.stdout
    sarif = runner.invoke(app, ["validate", "--format", "sarif"])
    assert sarif.exit_code == 1 and not RAW_CONTROLS.search(sarif.stdout)


def test_validate_text_shows_an_escape_in_a_file_name_as_a_marker(base, runner, monkeypatch):
    # The name sorts before lao-pdr.yaml, so lao-pdr's LAO-1 is the second and names this file.
    (base / "comments" / f"{ESC}]0;pwned\a{ESC}[2J.yaml").write_text(
        "stakeholder: viet-nam\nstate: submitted\ncomments:\n  - id: LAO-1\n    target: general\n    text: Again.\n",
        encoding="utf-8")
    monkeypatch.chdir(base)
    result = runner.invoke(app, ["validate"])
    assert (result.exit_code, result.stdout) == (1, (
        "comments/lao-pdr.yaml:5:9: [error] the comment id 'LAO-1' is already used in "
        "comments/\\x1b]0;pwned\\x07\\x1b[2J.yaml:4 (duplicate-id)\n"
        "    hint: every comment id must be unique across the project\n"
        "1 error, 0 warnings (5 files checked).\n"))


# ---------------------------------------------------------------- the terminal

VALIDATE_HOSTILE = """\
comments/tnc.yaml:6:11: [error] comment TNC-1: the text holds the control character U+001B (ESCAPE), which Word documents cannot hold (control-character)
    hint: delete it; it usually comes from copying out of a PDF or another program
comments/tnc.yaml:6:11: [error] comment TNC-1: the text holds the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE), which reorders how the text around it is shown without being seen (hidden-character)
    hint: delete it: it can make a reviewer read the words in another order than they are written
2 errors, 0 warnings (5 files checked).
"""


def test_validate_reports_the_escape_and_the_override(hostile, runner):
    result = runner.invoke(app, ["validate"])
    assert (result.exit_code, result.stdout) == (1, VALIDATE_HOSTILE)


def test_show_prints_escape_sequences_as_markers(hostile, runner):
    result = runner.invoke(app, ["show", "TNC-1"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "TNC-1 · The Nature Conservancy (tnc) · open\n"
        "comments/tnc.yaml:4\n\n"
        "Target\n  general: the whole draft\n\n"
        "Comment\n"
        "  Title \\x1b]0;pwned\\x07 link \\x1b]8;;https://evil\\x1b\\here\\x1b]8;;\\x1b\\ clear\n"
        "  \\x1b[2J <U+202E>evil<U+202C> csi \\x9b31m end\n\n"
        "Response\n  open: no decision yet\n\n"
        "Effect\n  none yet: the comment is open and proposes no edit\n")


def test_show_names_a_forged_file_on_one_line(hostile, runner):
    result = runner.invoke(app, ["show", "VN-1"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == ["VN-1 · Viet Nam (viet-nam) · open", f"comments/{FORGED_SHOWN}:4"]


def test_status_prints_escape_sequences_as_markers(hostile, runner):
    result = runner.invoke(app, ["status", "--today", "2030-01-21"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert not RAW_CONTROLS.search(result.stdout)
    lines = result.stdout.splitlines()
    assert lines[2] == "Draft d1 (version 1) · deadline 2030-01-31 (10 days left)"
    assert [line.rstrip() for line in lines if line.startswith((" TNC-", " VN-"))] == [
        " TNC-1  tnc       general     Title \\x1b]0;pwned\\x07 link \\x1b]8;;https://evil…",
        " TNC-2  tnc       general     cc @octocat, see https://evil.example and www.ev…",
        " VN-1   viet-nam  general     Fine.",
    ]
    as_json = runner.invoke(app, ["status", "--json", "--today", "2030-01-21"])
    assert as_json.exit_code == 0 and not RAW_CONTROLS.search(as_json.stdout)
    open_texts = [item["text"] for item in json.loads(as_json.stdout)["open_items"] if item["id"] == "TNC-1"]
    assert open_texts == [HOSTILE_TEXT]


def test_triage_prints_escape_sequences_as_markers(hostile, runner):
    result = runner.invoke(app, ["triage"], input="s\nq\n")  # LAO-2 skipped, TNC-1 shown
    assert result.exit_code == 0
    assert not RAW_CONTROLS.search(result.stdout)
    assert "  \\x1b[2J <U+202E>evil<U+202C> csi \\x9b31m end\n" in result.stdout


# ---------------------------------------------------------------- cm diff

def _committed(root: Path) -> str:
    """The test base committed before the hostile files, which stay in the work tree."""
    hostile_files = {p: p.read_bytes() for p in (root / "comments").iterdir() if p.name != "lao-pdr.yaml"}
    shutil.copyfile(BASE / "comments" / "tnc.yaml", root / "comments" / "tnc.yaml")
    (root / "comments" / FORGED_NAME).unlink()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    for path, data in hostile_files.items():
        path.write_bytes(data)
    return git(root, "rev-parse", "--short=7", "HEAD").strip()


def test_diff_markdown_mentions_no_one_links_nothing_and_keeps_its_table(hostile, runner):
    commit = _committed(hostile)
    result = runner.invoke(app, ["diff", "HEAD", "--format", "markdown"])
    assert (result.exit_code, result.stderr) == (0, "")
    zw = "&#8203;"
    assert result.stdout.split("#### Comments added (2)\n\n")[1].split("\n\n")[0].splitlines() == [
        "| Comment | Stakeholder | Target | Decision | Text | File |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| `TNC-2` | tnc | `general` | open | cc @{zw}octocat, see https{zw}://evil.example and www{zw}.evil.example, "
        f"fixes \\#{zw}12… | `comments/tnc.yaml:7` |",
        "| `VN-1` | viet-nam | `general` | open | Fine. | ``comments/vn`\\|x\\n::error::forged.yaml:4`` |",
    ]
    assert result.stdout.splitlines()[2] == f"Comparing HEAD ({commit}) with working tree."
    assert not RAW_CONTROLS.search(result.stdout)
    # Every table row has its six cells: `|` count outside code spans (escaped ones are not cells).
    rows = [line for line in result.stdout.splitlines() if line.startswith("| `VN-1`")]
    assert [len(re.findall(r"(?<!\\)\|", row)) for row in rows] == [7]


def test_diff_on_the_terminal_shows_a_forged_file_name_on_one_line(hostile, runner):
    _committed(hostile)
    result = runner.invoke(app, ["diff", "HEAD"])
    assert result.exit_code == 0
    assert "  + VN-1  viet-nam on general, open  comments/vn`|x\\n::error::forged.yaml:4\n" in result.stdout
    assert not RAW_CONTROLS.search(result.stdout)


def test_a_title_and_version_longer_than_word_s_property_limit_still_give_every_word_document(example, runner, monkeypatch):
    # Word's core properties hold 255 characters; the whole title stays in the document's text.
    long_title = "Khung chiến lược hợp tác môi trường Lan Thương - Mê Kông " * 8
    config = example / "cm.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  en: Lancang-Mekong Environmental Cooperation Strategic Framework - Comments Matrix",
                                   f"  en: {long_title.strip()}"), encoding="utf-8")
    draft = example / "drafts" / "lmec-2017-08.yaml"
    words = draft.read_text(encoding="utf-8")
    assert words.count('version: "2017-08"') == 1
    draft.write_text(words.replace('version: "2017-08"', f'version: "2017-08 {"r" * 300}"'), encoding="utf-8")
    monkeypatch.chdir(example)
    for args in (("export", "review-copy"), ("render", "matrix"), ("render", "draft"), ("render", "letters", "--stakeholder", "lao-pdr")):
        result = runner.invoke(app, list(args))
        assert (result.exit_code, result.stderr) == (0, ""), (args, result.output)


def test_the_quick_look_for_links_misses_none_the_full_search_finds():
    """Markdown's link defusing skips texts that hold nothing GitHub could link: on text made of
    every character the search reads, in both cases and with the letters Unicode folds into
    them (ı, İ, ſ, K), it gives what the full search gives."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from commentmatrix.render.markdown import _dead, _defused

    pieces = st.sampled_from(["@", "#", ":", "-", ".", "\\", "1", "a", "g", "h", "G", "H", "w", "W", "www", "WwW", "gh-",
                              "GH-", "http", "HTTPS", "ftp", "mailto", "xmpp", "ı", "İ", "ſ", "K", " ", "环境", "ສ"])

    @settings(max_examples=3000, deadline=None)
    @given(st.lists(pieces, max_size=12).map("".join))
    def agrees(text: str) -> None:
        assert _dead(text) == _defused(text)

    agrees()
