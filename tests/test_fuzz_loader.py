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


_exchange_spec = importlib.util.spec_from_file_location("fuzz_exchange", Path(__file__).parent / "fuzz" / "fuzz_exchange.py")
fuzz_exchange = importlib.util.module_from_spec(_exchange_spec)
sys.modules["fuzz_exchange"] = fuzz_exchange
_exchange_spec.loader.exec_module(fuzz_exchange)


@pytest.mark.slow
def test_mutated_office_files_and_templates_never_crash_an_import_or_a_render():
    stats = fuzz_exchange.fuzz(max_inputs=120, seed=20261201, fresh_every=40, save=False)
    assert stats.findings == []
    assert (stats.inputs, stats.fresh_runs) == (120, 3)
    # Each kind of input both gets through (exit 0) and is refused (exit 1) at least once.
    for kind in ("docx", "xlsx", "csv", "template"):
        assert stats.exits.get((kind, 0), 0) > 0 and stats.exits.get((kind, 1), 0) > 0, (kind, stats.exits)


def test_an_office_mutation_changes_a_part_inside_a_zip_that_still_opens(tmp_path):
    import io
    import random
    import zipfile

    seed = next(s for s in fuzz_exchange.make_seeds(tmp_path) if s.kind == "xlsx")
    with zipfile.ZipFile(io.BytesIO(seed.data)) as archive:
        original = {name: archive.read(name) for name in archive.namelist()}
    rng = random.Random(3)
    opened = changed = 0
    for _ in range(40):
        mutated = fuzz_exchange.mutate(seed, rng)
        try:
            with zipfile.ZipFile(io.BytesIO(mutated)) as archive:
                parts = {name: archive.read(name) for name in archive.namelist()}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
            continue
        opened += 1
        changed += parts != original
    assert opened >= 30  # mostly a part mutated inside a good zip; now and then the zip itself
    assert changed >= opened * 3 // 4  # a tiny part (one element) or a cut of nothing stays as it was
