"""A short, fixed-seed run of the loader fuzzer (tests/fuzz/fuzz_loader.py runs it for longer)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("fuzz_loader", Path(__file__).parent / "fuzz" / "fuzz_loader.py")
fuzz_loader = importlib.util.module_from_spec(_spec)
sys.modules["fuzz_loader"] = fuzz_loader  # dataclasses look their module up by name
_spec.loader.exec_module(fuzz_loader)


@pytest.mark.slow
def test_mutated_projects_never_crash_the_loader_or_validator():
    stats = fuzz_loader.fuzz(max_inputs=400, seed=20261109, cli_every=100, save=False)
    assert stats.findings == []
    assert (stats.inputs, stats.cli_runs) == (400, 4)
    # The mutations reach past the parser: model, cross-file and edit rules all fire.
    assert {"yaml-syntax", "wrong-type", "unknown-field", "unknown-target", "duplicate-id"} <= set(stats.rules)


def test_the_mutations_are_reproducible_from_the_seed():
    import random

    donors = [b"a: 1\n", b"b: [x, y]\n"]
    first = [fuzz_loader.mutate(b"stakeholder: tnc\ncomments: []\n", random.Random(7), donors) for _ in range(3)]
    again = [fuzz_loader.mutate(b"stakeholder: tnc\ncomments: []\n", random.Random(7), donors) for _ in range(3)]
    assert first == again


def test_a_crash_is_reported_as_a_finding(monkeypatch):
    def broken(files, stats):
        raise ValueError("boom")

    monkeypatch.setattr(fuzz_loader, "check_in_memory", broken)
    stats = fuzz_loader.fuzz(max_inputs=2, seed=1, save=False)
    assert len(stats.findings) == 2 and "ValueError: boom" in stats.findings[0]
