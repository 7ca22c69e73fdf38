"""The repository's pre-commit hook, run the way users run it: `pre-commit try-repo`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import example_repo, git

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="try-repo needs this checkout to be a git repository")
def test_pre_commit_try_repo_fails_on_a_typo_in_a_target_with_the_message(tmp_path):
    repo = example_repo(tmp_path / "consultation")
    path = repo / "comments" / "sei.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("target: priority-areas", "target: priority-area"),
                    encoding="utf-8")
    git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never",
           "GIT_CONFIG_GLOBAL": os.devnull}
    # pre-commit from the same environment as pytest; it builds the hook's own virtualenv.
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or "pre-commit"
    done = subprocess.run([pre_commit, "try-repo", str(ROOT), "cm-validate", "--all-files"], cwd=repo, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    report = done.stdout[done.stdout.index("cm validate..."):].rstrip("\n").splitlines()
    assert report == [
        "cm validate" + "." * (79 - len("cm validate") - len("Failed")) + "Failed",
        "- hook id: cm-validate",
        "- exit code: 1",
        "",
        "comments/sei.yaml:12:13: [error] target 'priority-area' is not in draft lmec-2017-08 (unknown-target)",
        "    hint: did you mean 'priority-areas'?",
        "comments/sei.yaml:20:13: [error] target 'priority-area' is not in draft lmec-2017-08 (unknown-target)",
        "    hint: did you mean 'priority-areas'?",
        "2 errors, 0 warnings (9 files checked).",
    ]
