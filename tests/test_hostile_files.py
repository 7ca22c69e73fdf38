"""Files that are not what their names say: pipes, link loops, links out of the project, folders,
unreadable and enormous files. Each gives exit 1 and a plain message; none hangs or crashes."""

from __future__ import annotations

import os

import pytest

from commentmatrix.cli import app


def _validate(runner, project, monkeypatch):
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["validate"])
    assert isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(base, runner, monkeypatch):
    os.mkfifo(base / "comments" / "pipe.yaml")
    assert _validate(runner, base, monkeypatch) == (1, (
        "comments/pipe.yaml: [error] this is not a plain file (it is a pipe, socket or device) (not-a-file)\n"
        "    hint: replace it with a YAML file\n"
        "1 error, 0 warnings (5 files checked).\n"))


def test_a_link_to_a_device_is_refused_as_outside_the_project(base, runner, monkeypatch):
    (base / "comments" / "zero.yaml").symlink_to("/dev/zero")
    code, out = _validate(runner, base, monkeypatch)
    assert (code, out.splitlines()[0]) == (
        1, "comments/zero.yaml: [error] this link points outside the project, to /dev/zero (outside-project)")


def test_a_link_loop_is_refused(base, runner, monkeypatch):
    (base / "comments" / "loop.yaml").symlink_to("loop.yaml")
    assert _validate(runner, base, monkeypatch) == (1, (
        "comments/loop.yaml: [error] this link leads round in a loop and never reaches a file (broken-link)\n"
        "    hint: delete the link\n"
        "1 error, 0 warnings (5 files checked).\n"))


def test_a_dangling_link_is_refused(base, runner, monkeypatch):
    (base / "comments" / "gone.yaml").symlink_to("moved-away.yaml")
    assert _validate(runner, base, monkeypatch) == (1, (
        "comments/gone.yaml: [error] this link points to moved-away.yaml, which does not exist (broken-link)\n"
        "    hint: fix the link or delete it\n"
        "1 error, 0 warnings (5 files checked).\n"))


def test_a_link_inside_the_project_is_read(base, runner, monkeypatch):
    (base / "comments" / "tnc-again.yaml").symlink_to("tnc.yaml")
    code, out = _validate(runner, base, monkeypatch)
    assert (code, out.splitlines()[0]) == (1, "comments/tnc.yaml:4:9: [error] the comment id 'TNC-1' is already used in comments/tnc-again.yaml:4 (duplicate-id)")


def test_files_reached_through_a_linked_comments_folder_are_refused(base, tmp_path, runner, monkeypatch):
    outside = tmp_path / "elsewhere"
    (base / "comments").rename(outside)
    (base / "comments").symlink_to(outside)
    code, out = _validate(runner, base, monkeypatch)
    assert code == 1
    assert out.splitlines()[0] == (f"comments/lao-pdr.yaml: [error] this file lies outside the project, at {outside.resolve()}/lao-pdr.yaml, "
                                   "reached through a linked folder (outside-project)")


def test_a_linked_subfolder_is_not_followed_and_says_so(base, tmp_path, runner, monkeypatch):
    outside = tmp_path / "round2"
    outside.mkdir()
    (outside / "x.yaml").write_text("stakeholder: tnc\ncomments: []\n", encoding="utf-8")
    (base / "comments" / "round2").symlink_to(outside)
    assert _validate(runner, base, monkeypatch) == (1, (
        "comments/round2: [error] this folder is a link, and cm does not read files through linked folders (outside-project)\n"
        "    hint: move the files into the project instead of linking a folder\n"
        "1 error, 0 warnings (4 files checked).\n"))


def test_cm_yaml_linking_outside_the_project_is_refused(base, tmp_path, runner, monkeypatch):
    outside = tmp_path / "cm.yaml"
    (base / "cm.yaml").rename(outside)
    (base / "cm.yaml").symlink_to(outside)
    code, out = _validate(runner, base, monkeypatch)
    assert (code, out.splitlines()[0]) == (1, f"cm.yaml: [error] this link points outside the project, to {outside.resolve()} (outside-project)")


def test_cm_yaml_that_is_a_folder_is_reported_not_passed_over(base, runner, monkeypatch):
    (base / "cm.yaml").unlink()
    (base / "cm.yaml").mkdir()
    code, out = _validate(runner, base, monkeypatch)
    assert (code, out.splitlines()[:2]) == (1, [
        "cm.yaml: [error] this is a folder, but cm expects a YAML file here (not-a-file)",
        "    hint: rename the folder, or move its files up"])


def test_drafts_that_is_a_file_is_reported(base, runner, monkeypatch):
    import shutil

    shutil.rmtree(base / "drafts")
    (base / "drafts").write_text("d1\n", encoding="utf-8")
    code, out = _validate(runner, base, monkeypatch)
    assert code == 1
    assert "drafts: [error] drafts should be a folder of YAML files, but it is not a folder (not-a-folder)\n" in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its permissions")
def test_an_unreadable_file_is_reported(base, runner, monkeypatch):
    (base / "comments" / "tnc.yaml").chmod(0)
    assert _validate(runner, base, monkeypatch) == (1, (
        "comments/tnc.yaml: [error] cannot read the file: Permission denied (unreadable)\n"
        "1 error, 0 warnings (4 files checked).\n"))


def test_a_file_the_system_refuses_to_read_is_reported(base, runner, monkeypatch):
    # The same path as chmod 000, for test runs as root (CI containers), where permissions do not stop reads.
    from commentmatrix.read import loader

    real = loader.read_source

    def refusing(root, name, limit):
        if name == "comments/tnc.yaml":
            raise PermissionError(13, "Permission denied")
        return real(root, name, limit)

    monkeypatch.setattr(loader, "read_source", refusing)
    assert _validate(runner, base, monkeypatch) == (1, (
        "comments/tnc.yaml: [error] cannot read the file: Permission denied (unreadable)\n"
        "1 error, 0 warnings (4 files checked).\n"))
