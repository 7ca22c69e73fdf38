"""What a warm `cm status` or `cm validate` does not do, because it does not need it: load the YAML
parser (read/yaml_parser.py and ruamel.yaml) when every file comes from the parse cache, or the
TOML reader of the label tables when no labelled output is printed; walk what start-up made with
the garbage collector (model/collector.RUN_THRESHOLD). Each run is a fresh interpreter started as
`cm` starts, which writes down as it exits the modules it loaded and the collections it made."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import commentmatrix

# The subprocess runs this very cm, wherever the one installed is.
SOURCE = str(Path(commentmatrix.__file__).parent.parent)
PARSER = ("commentmatrix.read.yaml_parser", "ruamel.yaml")
NOT_WARM = (*PARSER, "tomllib")


def _run(project: Path, cache: Path, *args: str) -> tuple[str, set[str], int]:
    """`cm ARGS` in `project` with its own parse cache: what it printed, the modules loaded, and
    the collections made once cm's entry point was called."""
    listing = project.parent / "run.json"
    code = ("import atexit, gc, json, sys\n"
            "def collections(): return sum(generation['collections'] for generation in gc.get_stats())\n"
            f"def done(): open({str(listing)!r}, 'w').write(json.dumps([sorted(sys.modules), collections() - before]))\n"
            "atexit.register(done)\n"
            "from commentmatrix.cli import main\n"
            "sys.argv = ['cm', *sys.argv[1:]]\n"
            "before = collections()\n"
            "main()\n")
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": SOURCE, "CM_CACHE_DIR": str(cache), "COLUMNS": "100"}, timeout=120)
    assert result.returncode == 0, result.stderr
    modules, collections = json.loads(listing.read_text())
    return result.stdout, set(modules), collections


@pytest.mark.parametrize("command", [["status"], ["validate"]])
def test_a_warm_run_loads_no_parser_and_walks_nothing(example, tmp_path, command):
    cache = tmp_path / "cache"
    cold, loaded_cold, _ = _run(example, cache, *command)
    assert set(PARSER) <= loaded_cold  # the first run parses every file: the listing sees the parser
    warm, loaded_warm, collections = _run(example, cache, *command)
    assert warm == cold
    assert sorted(loaded_warm & set(NOT_WARM)) == []
    assert collections == 0


def test_a_changed_file_is_parsed_and_loads_the_parser(example, tmp_path):
    cache = tmp_path / "cache"
    _run(example, cache, "status")
    changed = sorted((example / "comments").rglob("*.yaml"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# read again\n", encoding="utf-8")
    _, loaded, _ = _run(example, cache, "status")
    assert set(PARSER) <= loaded
