"""What a warm `cm status` or `cm validate` does not load, because it does not need it: the YAML
parser (read/yaml_parser.py and ruamel.yaml) when every file comes from the parse cache, and the
TOML reader of the label tables when no labelled output is printed. Each run is a fresh
interpreter started as `cm` starts, which writes down the modules it loaded as it exits."""

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


def _run(project: Path, cache: Path, *args: str) -> tuple[str, set[str]]:
    """`cm ARGS` in `project` with its own parse cache: what it printed, and the modules loaded."""
    listing = project.parent / "modules.json"
    code = ("import atexit, json, sys\n"
            f"atexit.register(lambda: open({str(listing)!r}, 'w').write(json.dumps(sorted(sys.modules))))\n"
            "from commentmatrix.cli import main\n"
            "sys.argv = ['cm', *sys.argv[1:]]\n"
            "main()\n")
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": SOURCE, "CM_CACHE_DIR": str(cache), "COLUMNS": "100"}, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout, set(json.loads(listing.read_text()))


@pytest.mark.parametrize("command", [["status"], ["validate"]])
def test_a_warm_run_loads_no_parser(example, tmp_path, command):
    cache = tmp_path / "cache"
    cold, loaded_cold = _run(example, cache, *command)
    assert set(PARSER) <= loaded_cold  # the first run parses every file: the listing sees the parser
    warm, loaded_warm = _run(example, cache, *command)
    assert warm == cold
    assert sorted(loaded_warm & set(NOT_WARM)) == []


def test_a_changed_file_is_parsed_and_loads_the_parser(example, tmp_path):
    cache = tmp_path / "cache"
    _run(example, cache, "status")
    changed = sorted((example / "comments").rglob("*.yaml"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# read again\n", encoding="utf-8")
    _, loaded = _run(example, cache, "status")
    assert set(PARSER) <= loaded
