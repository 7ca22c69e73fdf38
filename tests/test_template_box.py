"""The box templates render in: each limit stops a child that passes it, and says which."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from commentmatrix.render.template_box import MIB, TemplateLimits, can_box, limits_for, run_in_box

pytestmark = pytest.mark.skipif(not can_box(), reason="templates are boxed on Linux only")


class Problem(Exception):
    pass


def _limits(**given) -> TemplateLimits:
    values = {"cpu_seconds": 2, "memory_bytes": 200 * MIB, "output_bytes": 1 * MIB, "wall_seconds": 3} | given
    return TemplateLimits(**values)


def test_the_text_comes_back_whole_with_every_script():
    text = "ສະບາຍດີ សួស្តី สวัสดี 你好 Xin chào \ud800 " * 20_000
    assert run_in_box(lambda: text, _limits(output_bytes=8 * MIB), Problem).text == text


def test_a_problem_raised_by_the_renderer_comes_back_as_its_message():
    def render() -> str:
        raise Problem("template x.j2:3: 'y' is undefined")
    outcome = run_in_box(render, _limits(), Problem)
    assert (outcome.text, outcome.problem, outcome.limit) == (None, "template x.j2:3: 'y' is undefined", None)


def test_a_child_that_hangs_outside_python_is_killed_at_the_wall_clock_limit():
    started = time.monotonic()
    outcome = run_in_box(lambda: str(time.sleep(60)), _limits(wall_seconds=1), Problem)
    assert outcome.limit == "wall"
    assert time.monotonic() - started < 30  # killed, not waited for


def test_a_child_that_spins_in_python_is_stopped_by_the_cpu_limit():
    def spin() -> str:
        while True:
            pass
    assert run_in_box(spin, _limits(cpu_seconds=1, wall_seconds=20), Problem).limit == "cpu"


def test_a_child_that_allocates_past_the_memory_limit_is_stopped():
    # Far past it: freed memory the parent still holds is reused before the limit counts.
    assert run_in_box(lambda: "x" * (64 * 1024 * MIB), _limits(), Problem).limit == "memory"


def test_output_past_the_limit_is_not_read_whole():
    assert run_in_box(lambda: "x" * (2 * MIB), _limits(), Problem).limit == "output"


def test_a_child_killed_by_a_signal_says_which():
    def crash() -> str:
        os.kill(os.getpid(), signal.SIGSEGV)
        return ""
    assert run_in_box(crash, _limits(), Problem).limit == "signal SIGSEGV"


def _children() -> set[int]:
    """The pids whose parent is this process (other tests may have left a cache writer running)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            found.add(int(stat.parent.name))
    return found


@pytest.mark.parametrize("render", [lambda: "ok", lambda: "x" * (64 * 1024 * MIB), lambda: str(time.sleep(60))])
def test_no_child_is_left_behind_whatever_it_did(render):
    before = _children()
    run_in_box(render, _limits(wall_seconds=1), Problem)
    assert _children() <= before  # reaped, not a zombie


def test_limits_grow_with_the_project_and_the_runner_may_set_its_own():
    small, large = limits_for(0, {}), limits_for(100_000, {})
    assert (small.cpu_seconds, small.memory_bytes // MIB, small.output_bytes // MIB, small.wall_seconds) == (60, 1024, 256, 180)
    assert (large.cpu_seconds, large.memory_bytes // MIB, large.output_bytes // MIB, large.wall_seconds) == (160, 4149, 1818, 480)
    chosen = limits_for(100_000, {"CM_TEMPLATE_CPU_SECONDS": "5", "CM_TEMPLATE_OUTPUT_MB": " 7 "})
    assert (chosen.cpu_seconds, chosen.output_bytes, chosen.wall_seconds) == (5, 7 * MIB, 20)


def test_only_a_project_with_templates_of_its_own_renders_in_the_box(tmp_path):
    from commentmatrix.render.templating import has_own_templates

    assert not has_own_templates(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "matrix-reference.docx").write_bytes(b"PK")
    assert not has_own_templates(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "templates" / "parts").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert has_own_templates(tmp_path)  # the loader reads through the link, so the box must be there
    (tmp_path / "templates" / "parts").unlink()
    (tmp_path / "templates" / "deep" / "er").mkdir(parents=True)
    (tmp_path / "templates" / "deep" / "er" / "row.html.j2").write_text("{{ 1 }}", encoding="utf-8")
    assert has_own_templates(tmp_path)


def test_a_project_frozen_before_the_box_stays_frozen_after_it():
    # open_project freezes the loaded project; rendering in the box must not thaw it (every later
    # collection would walk it again), while a process that froze nothing gets back as it was.
    import gc

    kept = [[n] for n in range(1000)]
    gc.freeze()
    frozen = gc.get_freeze_count()
    try:
        assert run_in_box(lambda: "done", _limits(), Problem).text == "done"
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
    assert kept
    assert gc.get_freeze_count() == 0
    assert run_in_box(lambda: "done", _limits(), Problem).text == "done"
    assert gc.get_freeze_count() == 0
