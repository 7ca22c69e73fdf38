"""The collector pause (model/collector.py): the garbage collector is as it was once the block
ends, however it ends, and the steps that pause it (composing a YAML tree, checking a project)
hand it back as they found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from projects import SMALL, load, replaced
from ruamel.yaml.error import MarkedYAMLError

from commentmatrix.model.collector import collector_paused
from commentmatrix.read.yaml_parser import compose
from commentmatrix.rules import check_project


@pytest.fixture(autouse=True)
def collector_back_on() -> Iterator[None]:
    # Whatever a test does to the collector, the rest of the suite gets it running.
    yield
    gc.enable()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_off_in_the_block_and_as_it_was_after(enabled):
    (gc.enable if enabled else gc.disable)()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled


@pytest.mark.parametrize("enabled", [True, False])
def test_an_exception_in_the_block_leaves_the_collector_as_it_was(enabled):
    (gc.enable if enabled else gc.disable)()
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("x")
    assert gc.isenabled() is enabled


def test_an_inner_pause_leaves_the_collector_off_for_the_outer_block():
    gc.enable()
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_yaml_syntax_error_while_composing_leaves_the_collector_running():
    gc.enable()
    with pytest.raises(MarkedYAMLError):
        compose("a: [1, 2\nb: }\n")
    assert gc.isenabled()


@pytest.mark.parametrize("enabled", [True, False])
def test_composing_leaves_the_collector_as_it_was(enabled):
    (gc.enable if enabled else gc.disable)()
    root = compose("a: [1, 2]\n")
    assert root is not None and root.value[0][0].value == "a"
    assert gc.isenabled() is enabled


@pytest.mark.parametrize("enabled", [True, False])
def test_checking_a_project_leaves_the_collector_as_it_was(enabled):
    project = load(replaced(SMALL, "comments/lao-pdr.yaml", "target: principles\n", "target: principle\n"))
    (gc.enable if enabled else gc.disable)()
    assert [d.rule for d in check_project(project)] == ["unknown-target"]
    assert gc.isenabled() is enabled


def test_ending_the_pause_sets_off_no_collection_of_what_the_block_made():
    # open_project freezes the loaded project as the pause ends: a collection set off by the
    # pause's own ending would walk every object the loading made, once, before the freeze.
    collections: list[int] = []

    def record(phase: str, info: dict) -> None:
        collections.append(info["generation"])

    gc.enable()
    with collector_paused():
        kept = [[n] for n in range(10 * gc.get_threshold()[0])]  # past the young generation's threshold
        gc.callbacks.append(record)
    gc.callbacks.remove(record)
    assert collections == [] and len(kept) == 10 * gc.get_threshold()[0]
