"""The second-core reading worker: CM_WORKERS turns it off, and the CPUs cm counts are the ones it
may run on; with and without the worker a project reads the same."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from commentmatrix.cli import app
from commentmatrix.read import documents


def _run(runner, monkeypatch, example, workers: str) -> tuple[str, str]:
    monkeypatch.setenv(documents.WORKERS_ENV, workers)
    monkeypatch.setenv(documents.CACHE_ENV, "off")  # every file parsed, so the worker has work
    status = runner.invoke(app, ["status", "--json", "--project", str(example)])
    validate = runner.invoke(app, ["validate", "--project", str(example)])
    assert status.exit_code == 0 and validate.exit_code == 0, status.output + validate.output
    return status.stdout, validate.stdout


def test_the_project_reads_the_same_with_and_without_the_worker(runner, monkeypatch, example):
    start, forks = documents._Worker, []

    def spy(*args):
        forks.append(args)
        return start(*args)

    monkeypatch.setattr(documents, "_Worker", spy)
    monkeypatch.setattr(documents, "PARALLEL_BYTES", 0)  # the example is small: fork anyway
    alone = _run(runner, monkeypatch, example, "1")
    assert not forks, "CM_WORKERS=1 still started a worker"
    shared = _run(runner, monkeypatch, example, "2")
    assert len(forks) == 2, "CM_WORKERS=2 did not start a worker for status and for validate"
    assert alone == shared
    assert '"comments"' in alone[0]


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity on this system")
def test_a_process_pinned_to_one_cpu_counts_one():
    code = "from commentmatrix.read.documents import usable_cpus; print(usable_cpus())"
    env = {key: value for key, value in os.environ.items() if key != documents.WORKERS_ENV}
    pinned = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                            preexec_fn=lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}))
    assert pinned.stdout.strip() == "1"
    chosen = subprocess.run([sys.executable, "-c", code], env={**env, documents.WORKERS_ENV: "3"},
                            capture_output=True, text=True, check=True)
    assert chosen.stdout.strip() == "3"


@pytest.mark.parametrize(("cpus", "in_background"), [(1, False), (2, True)])
def test_a_large_read_is_stored_in_the_background_only_with_a_cpu_to_spare(tmp_path, monkeypatch, cpus, in_background):
    stored = []
    monkeypatch.setattr(documents, "_store_all", lambda cache, entries, in_background: stored.append((len(entries), in_background)))
    monkeypatch.setattr(documents, "cpus", lambda: cpus)
    monkeypatch.setattr(documents, "PARALLEL_BYTES", 0)  # a small file counts as a large read
    documents.read_all([("comments/a.yaml", b"stakeholder: a\n")], tmp_path / "cache", workers=1)
    assert stored == [(1, in_background)]


# ---------------------------------------------------------------- cm status's facts counted beside the check

def _status_both_ways(runner, monkeypatch, example, tmp_path) -> tuple[list[str], list[str]]:
    """(plain status, status --json, then both again warm) with the facts counted here, then beside."""
    from commentmatrix.read import check_record

    outputs, real_fork, forks = [], check_record.forked, []

    def spy(work):
        forks.append(work)
        return real_fork(work)

    monkeypatch.setattr(check_record, "forked", spy)
    monkeypatch.setattr(check_record, "worth_forking", lambda: True)  # on a one-CPU machine too
    for way in ("here", "beside"):
        monkeypatch.setattr(check_record, "FORKED_FACTS_COMMENTS", 10**9 if way == "here" else 0)
        monkeypatch.setenv(documents.CACHE_ENV, str(tmp_path / f"cache-{way}"))
        found = []
        for args in (["status", "--round", "all"], ["status", "--json"], ["status", "--round", "all"], ["status", "--json"]):
            result = runner.invoke(app, [*args, "--project", str(example)], env={"CM_TODAY": "2017-09-30"})
            assert result.exit_code == 0, result.output
            found.append(result.stdout)
        outputs.append(found)
        # The first status counts the facts; the others carry them forward from its record.
        assert len(forks) == (0 if way == "here" else 1), forks
    return outputs[0], outputs[1]


def test_facts_counted_beside_the_check_are_those_counted_here(runner, monkeypatch, example, tmp_path):
    here, beside = _status_both_ways(runner, monkeypatch, example, tmp_path)
    assert beside == here
    assert '"comments"' in here[1] and "accepted" in here[0]


def test_a_count_that_fails_beside_the_check_is_made_here(runner, monkeypatch, example, tmp_path):
    from commentmatrix import status_facts

    parent, real = os.getpid(), status_facts.status_facts

    def failing_in_the_child(project):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(project)

    monkeypatch.setattr(status_facts, "status_facts", failing_in_the_child)
    here, beside = _status_both_ways(runner, monkeypatch, example, tmp_path)
    assert beside == here


def test_forked_work_sends_back_its_pieces_whole():
    from commentmatrix.read.forked import forked

    pieces = [b"", b"one", bytes(range(256)) * (3 * 4096), "ຄຳເຫັນ\n".encode()]
    assert forked(lambda: pieces)() == pieces  # 3 MiB: more than the pipe holds
    assert forked(lambda: [])() == []


def test_forked_work_that_fails_sends_nothing():
    from commentmatrix.read.forked import forked

    def fails():
        raise ValueError("no")

    assert forked(fails)() is None
    assert forked(lambda: os._exit(139))() is None
