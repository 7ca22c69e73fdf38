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
