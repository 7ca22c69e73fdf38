"""A pull request on a throwaway repository: what cm diff and cm validate --format github show."""

from __future__ import annotations

import json
import shutil

import pytest
from gitrepo import VIET_NAM, example_repo, git, pull_request
from typer.testing import CliRunner

from commentmatrix.cli import app


@pytest.fixture
def repo(tmp_path, monkeypatch):
    repo = example_repo(tmp_path / "repo")
    pull_request(repo)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return repo


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def commits(repo):
    return git(repo, "rev-parse", "main").strip(), git(repo, "rev-parse", "HEAD").strip()


TEXT = """\
cm diff: main ({base7}) → HEAD ({head7})
2 comments added, 1 decision changed, 1 revised text changed.

                     Before    After
Comments                 22  24 (+2)
Accepted                 18  17 (−1)
Partially accepted        3        3
Rejected                  0   1 (+1)
Noted                     1        1
Withdrawn                 0        0
Open                      0   2 (+2)
Validation errors         0   1 (+1)
Validation warnings       0        0

Comments added (2)
  + VN-1  viet-nam on principles.3, open  comments/viet-nam.yaml:5
      Add transparency to the principles.
  + VN-2  viet-nam on principle.4, open  comments/viet-nam.yaml:12
      The word "tolerance" should read "openness".

Decisions (1)
  LAO-2  accepted → rejected

Stakeholders (1)
  Viet Nam (viet-nam)  pending → submitted

Edit outcomes (2)
  LAO-2  2 applied → 2 checked
  VN-1  — → 1 checked

Revised text (1)
  review.1  section 2  by LAO-2
      en: …a great pressure to the [-environmental condition and its ecological systems in-]{{+rich fragile ecological environment for+}} the region.
      zh: 快速的经济增长与城镇化[-给区域环境状况和生态系统带来了巨大-]{{+对区域内丰富而脆弱的生态环境带来了巨大的+}}压力。
"""

MARKDOWN = """\
### cm diff: 2 comments added, 1 decision changed, 1 revised text changed

Comparing {base_label} with {head_label}.

| | Before | After |
| --- | ---: | ---: |
| Comments | 22 | 24 (+2) |
| Accepted | 18 | 17 (−1) |
| Partially accepted | 3 | 3 |
| Rejected | 0 | 1 (+1) |
| Noted | 1 | 1 |
| Withdrawn | 0 | 0 |
| Open | 0 | 2 (+2) |
| Validation errors | 0 | 1 (+1) |
| Validation warnings | 0 | 0 |

#### Comments added (2)

| Comment | Stakeholder | Target | Decision | Text | File |
| --- | --- | --- | --- | --- | --- |
| `VN-1` | viet-nam | `principles.3` | open | Add transparency to the principles. | `comments/viet-nam.yaml:5` |
| `VN-2` | viet-nam | `principle.4` | open | The word "tolerance" should read "openness". | `comments/viet-nam.yaml:12` |

#### Decisions (1)

| Comment | Stakeholder | Decision |
| --- | --- | --- |
| `LAO-2` | lao-pdr | accepted → **rejected** |

#### Stakeholders (1)

| Stakeholder | State |
| --- | --- |
| Viet Nam (`viet-nam`) | pending → submitted |

#### Edit outcomes (2)

| Comment | Stakeholder | Before | After |
| --- | --- | --- | --- |
| `LAO-2` | lao-pdr | 2 applied | 2 checked |
| `VN-1` | viet-nam | — | 1 checked |

#### Revised text (1)

- `review.1` in section 2 (by `LAO-2`)
  - en: …a great pressure to the ~~environmental condition and its ecological systems in~~ **rich fragile ecological environment for** the region.
  - zh: 快速的经济增长与城镇化~~给区域环境状况和生态系统带来了巨大~~ **对区域内丰富而脆弱的生态环境带来了巨大的**压力。
"""

GITHUB = """\
::error file=comments/viet-nam.yaml,line=13,col=13,title=cm unknown-target::target 'principle.4' is not in draft lmec-2017-08%0Ahint: did you mean 'principles.4'?
::stop-commands::TOKEN
comments/viet-nam.yaml:13:13: [error] target 'principle.4' is not in draft lmec-2017-08 (unknown-target)
    hint: did you mean 'principles.4'?
1 error, 0 warnings (10 files checked).
::TOKEN::
"""


def test_diff_text_names_the_new_comments_the_flipped_decision_and_the_text_it_reverts(repo):
    base, head = commits(repo)
    result = run("diff", "main", "HEAD")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == TEXT.format(base7=base[:7], head7=head[:7]).splitlines()


def test_diff_defaults_to_the_merge_base_with_main_and_the_working_tree(repo):
    base, _ = commits(repo)
    result = run("diff", "--format", "markdown")
    assert (result.exit_code, result.stderr) == (0, "")
    expected = MARKDOWN.format(base_label=f"merge-base with main ({base[:7]})",
                               head_label="working tree")
    assert result.stdout.splitlines() == expected.splitlines()


def test_diff_markdown_between_two_commits(repo):
    base, head = commits(repo)
    result = run("diff", "main", "HEAD", "--format", "markdown")
    assert result.exit_code == 0
    expected = MARKDOWN.format(base_label=f"main ({base[:7]})", head_label=f"HEAD ({head[:7]})")
    assert result.stdout.splitlines() == expected.splitlines()


def test_diff_json_is_the_whole_story_for_scripts(repo):
    base, head = commits(repo)
    result = run("diff", "main", "HEAD", "--format", "json")
    assert result.exit_code == 0
    tally = {"comments": 22, "accepted": 18, "partially": 3, "rejected": 0, "noted": 1, "withdrawn": 0, "open": 0, "errors": 0, "warnings": 0}
    assert json.loads(result.stdout) == {
        "version": 1,
        "base": {"revision": "main", "commit": base},
        "head": {"revision": "HEAD", "commit": head},
        "counts": {"before": tally,
                   "after": {**tally, "comments": 24, "accepted": 17, "rejected": 1, "open": 2, "errors": 1}},
        "comments": {
            "added": [
                {"id": "VN-1", "stakeholder": "viet-nam", "target": "principles.3", "decision": None,
                 "text": "Add transparency to the principles.", "path": "comments/viet-nam.yaml", "line": 5},
                {"id": "VN-2", "stakeholder": "viet-nam", "target": "principle.4", "decision": None,
                 "text": 'The word "tolerance" should read "openness".', "path": "comments/viet-nam.yaml", "line": 12},
            ],
            "removed": [],
            "edited": [],
        },
        "decisions": [{"id": "LAO-2", "stakeholder": "lao-pdr", "before": "accepted", "after": "rejected",
                       "path": "comments/lao-pdr.yaml", "line": 27}],
        "stakeholders": [{"id": "viet-nam", "name": {"en": "Viet Nam", "zh": "越南"}, "before": "pending",
                          "after": "submitted"}],
        "revised_text": [{
            "id": "review.1", "number": "2",
            "before": {"en": "Rapid economic growth and urbanization have brought a great pressure to the environmental "
                             "condition and its ecological systems in the region.",
                       "zh": "快速的经济增长与城镇化给区域环境状况和生态系统带来了巨大压力。"},
            "after": {"en": "Rapid economic growth and urbanization have brought a great pressure to the rich fragile "
                            "ecological environment for the region.",
                      "zh": "快速的经济增长与城镇化对区域内丰富而脆弱的生态环境带来了巨大的压力。"},
            "by": ["LAO-2"],
        }],
        "outcomes": [
            {"id": "LAO-2", "stakeholder": "lao-pdr", "before": ["applied", "applied"], "after": ["checked", "checked"],
             "problems": []},
            {"id": "VN-1", "stakeholder": "viet-nam", "before": [], "after": ["checked"], "problems": []},
        ],
    }


def test_validate_github_annotates_the_typo_and_writes_the_step_summary(repo, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run("validate", "--format", "github")
    assert (result.exit_code, result.stderr) == (1, "")
    token = result.stdout.splitlines()[1].removeprefix("::stop-commands::")
    assert len(token) == 32 and int(token, 16) >= 0  # secrets.token_hex(16)
    assert result.stdout.splitlines() == GITHUB.replace("TOKEN", token).splitlines()
    assert summary.read_text(encoding="utf-8").splitlines() == [
        "## cm validate", "", "1 error, 0 warnings (10 files checked).", "",
        "| Location | Severity | Rule | Message |", "| --- | --- | --- | --- |",
        "| `comments/viet-nam.yaml:13:13` | error | unknown-target | target 'principle.4' is not in draft "
        "lmec-2017-08 (hint: did you mean 'principles.4'?) |",
    ]


def test_a_job_summary_that_cannot_be_written_is_said_and_the_exit_code_stays_validation_s(repo, tmp_path, monkeypatch):
    # It was an internal error (exit 3, "a bug in cm") after the annotations were printed.
    summary = tmp_path / "no-such-folder" / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run("validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("::error file=comments/viet-nam.yaml,line=13,col=13,")
    assert result.stderr == (f"cm: the job summary was not written to $GITHUB_STEP_SUMMARY ({summary}: No such file or "
                             "directory); every problem is in the report above\n")


def test_diff_reads_revisions_without_touching_the_work_tree(repo):
    (repo / "comments" / "viet-nam.yaml").write_text("not: [valid\n", encoding="utf-8")
    before = git(repo, "status", "--porcelain")
    result = run("diff", "main", "HEAD", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["counts"]["after"]["comments"] == 24
    assert git(repo, "status", "--porcelain") == before == " M comments/viet-nam.yaml\n"


@pytest.mark.parametrize("args, message", [
    (("diff", "no-such-branch"), "cm: diff: 'no-such-branch' is not a commit in this repository\n"),
    (("diff", "main", "HEAD~9"), "cm: diff: 'HEAD~9' is not a commit in this repository\n"),
    (("diff", "--", "-x"), "cm: diff: '-x' is not a revision\n"),
])
def test_diff_refuses_a_bad_revision_with_exit_2(repo, args, message):
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_diff_without_a_default_branch_asks_for_the_base(repo):
    git(repo, "branch", "-m", "main", "trunk")
    result = run("diff")
    assert result.exit_code == 2
    assert result.stderr == ("cm: diff: no default branch found (tried origin/HEAD, origin/main, origin/master, "
                             "main, master); name the base revision\n")


def test_diff_outside_git_is_a_usage_error(tmp_path, monkeypatch):
    project = tmp_path / "plain"
    project.mkdir()
    (project / "cm.yaml").write_text("title: T\nlanguages: [en]\ndraft: d\n", encoding="utf-8")
    monkeypatch.chdir(project)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run("diff", "HEAD")
    assert result.exit_code == 2
    assert result.stderr.startswith("cm: diff: ")
    assert "not a commit" in result.stderr or "not in a git repository" in result.stderr


def test_with_the_project_one_folder_down_annotations_name_paths_from_the_repository_root(tmp_path, monkeypatch):
    # The workflow may run cm inside the project folder (`working-directory:`), or from the top.
    repo = tmp_path / "repo"
    project = example_repo(repo / "consultation")
    shutil.rmtree(project / ".git")
    (project / "comments" / "viet-nam.yaml").write_text(VIET_NAM, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    for where in (project, project / "comments", repo):
        monkeypatch.chdir(where)
        args = () if where == project else ("-C", str(project))
        github = run("validate", "--format", "github", *args)
        assert github.stdout.splitlines()[0].startswith(
            "::error file=consultation/comments/viet-nam.yaml,line=13,col=13,title=cm unknown-target::"), where
        sarif = json.loads(run("validate", "--format", "sarif", *args).stdout)
        location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uri"] == "consultation/comments/viet-nam.yaml", where
    # The plain report stays relative to where cm was run, for the person reading it.
    monkeypatch.chdir(project)
    assert run("validate").stdout.startswith("comments/viet-nam.yaml:13:13: [error]")


def test_in_a_folder_of_the_project_the_report_names_files_from_that_folder(tmp_path, monkeypatch):
    # Run in comments/, every path was absolute (/tmp/.../consultation/comments/viet-nam.yaml):
    # the project root is not below the folder cm runs in. As compilers and ruff print them, a
    # file in that folder is named from it, one elsewhere in full; the annotations stay the
    # repository's.
    repo = tmp_path / "repo"
    project = example_repo(repo / "consultation")
    shutil.rmtree(project / ".git")
    comment_file = project / "comments" / "viet-nam.yaml"
    comment_file.write_text(VIET_NAM, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    for where, shown in ((project / "comments", "viet-nam.yaml"), (project / "drafts", comment_file.resolve().as_posix())):
        monkeypatch.chdir(where)
        text = run("validate")
        assert (text.exit_code, text.stdout.splitlines()[0]) == (
            1, f"{shown}:13:13: [error] target 'principle.4' is not in draft lmec-2017-08 (unknown-target)"), where
        assert [d["path"] for d in json.loads(run("validate", "--format", "json").stdout)["diagnostics"]] == [shown]
        github = run("validate", "--format", "github").stdout
        assert github.startswith("::error file=consultation/comments/viet-nam.yaml,line=13,col=13,"), where


def test_outside_a_repository_annotations_fall_back_to_paths_from_where_cm_runs(tmp_path, monkeypatch):
    project = example_repo(tmp_path / "consultation")
    shutil.rmtree(project / ".git")
    (project / "comments" / "viet-nam.yaml").write_text(VIET_NAM, encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    result = run("validate", "--format", "github", "-C", "consultation")
    assert result.stdout.startswith("::error file=consultation/comments/viet-nam.yaml,line=13,col=13,")


def test_diff_shows_a_changed_word_whole_never_a_letter_or_a_tone_mark_of_it(tmp_path, monkeypatch):
    # Cut by characters, "Rapid" -> "Really rapid" showed as R[-apid-]{+eally rapid+}, and a Thai
    # tone mark changed (ไม้ -> ไม่) as the mark alone set on the bracket: ไม[-้-]{+่+}.
    repo = example_repo(tmp_path / "repo")
    config = repo / "cm.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - zh\n", "  - zh\n  - th\n", 1), encoding="utf-8")
    draft = repo / "drafts" / "lmec-2017-08.yaml"
    text = draft.read_text(encoding="utf-8")
    thai = "          th: ชุมชนปกป้องป่าไม้และแม่น้ำ\n"
    at = text.index("  - id: review\n")
    draft.write_text(text[:at] + thai + text[at:], encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Thai text")
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("ป่าไม้และ", "ป่าไม่และ").replace("en: Rapid economic", "en: Really rapid economic"),
                     encoding="utf-8")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("COLUMNS", "200")
    result = run("diff", "HEAD")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-4:] == [
        "  background.1  section 1  by LAO-1",
        "      th: ชุมชนปกป้องป่า[-ไม้-]{+ไม่+}และแม่น้ำ",
        "  review.1  section 2  by LAO-2",
        "      en: [-Rapid-]{+Really rapid+} economic growth and urba…",
    ]
