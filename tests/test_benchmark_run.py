"""benchmarks/run.py works: its quick mode runs every measurement and writes the table, and a floor
script that is missing, fails or breaks the contract has its row saying so. No timing is checked."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

BENCHMARKS = REPO / "benchmarks"


def _runner_module():
    spec = importlib.util.spec_from_file_location("benchmark_run", BENCHMARKS / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _script(folder: Path, name: str, body: str) -> Path:
    path = folder / f"floor_{name}.py"
    path.write_text(f"import sys\n{body}\n", encoding="utf-8")
    return path


def test_a_floor_missing_failing_or_off_contract_is_said_in_its_row(tmp_path):
    run = _runner_module()
    env = dict(os.environ)
    assert run.floor_rows(tmp_path / "floor_docx.py", tmp_path, 1, env) == "missing: floor_docx.py not found"
    failing = _script(tmp_path, "xlsx", "sys.exit('the writer broke')")
    assert run.floor_rows(failing, tmp_path, 1, env) == "failed: floor_xlsx.py exited 1 (the writer broke)"
    garbled = _script(tmp_path, "html", "print('[{\"label\": \"x\"}]')")
    assert run.floor_rows(garbled, tmp_path, 1, env).startswith("failed: floor_html.py printed no rows of the contract")
    good = _script(tmp_path, "pdf", "assert sys.argv[2:] == ['--repeat', '2', '--json']\n"
                                    "print('[{\"label\": \"PDF\", \"cm\": 2.0, \"floor\": 1.0, \"ratio\": 2.0, \"rows\": 7}]')")
    assert run.floor_rows(good, tmp_path, 2, env) == [{"label": "PDF", "cm": 2.0, "floor": 1.0, "rows": 7}]
    table = run.Table()
    run.add_floor(table, "xlsx", run.floor_rows(failing, tmp_path, 1, env))
    run.add_floor(table, "pdf", run.floor_rows(good, tmp_path, 2, env))
    assert table.rows[-2] == "| floor_xlsx.py | failed: floor_xlsx.py exited 1 (the writer broke) | | | | | | |"
    assert table.rows[-1] == "| PDF (7 rows, in one process) | 2.000 | 1.000 | 2.00 | | | |  |"
    run_row = run.Measured(3.0, 2.5, 70.0)
    table.run("cm validate", run_row, run.Measured(1.5, 1.0, 30.0))
    assert table.rows[-1] == "| cm validate | 3.000 | 1.500 | 2.00 | 2.500 | 1.000 | 2.50 | 70 |"
    assert {row.count("|") for row in table.rows} == {table.rows[0].count("|")}  # every row has every column


def test_every_expected_floor_has_a_row_found_or_not():
    names = [name for name, _ in _runner_module().floor_scripts()]
    assert names[:4] == ["docx", "xlsx", "html", "csv"]
    assert "startup" not in names


@pytest.mark.slow
def test_the_quick_run_measures_everything_and_writes_the_table(tmp_path):
    table_file = tmp_path / "table.md"
    done = subprocess.run([sys.executable, str(BENCHMARKS / "run.py"), "--quick", "--work", str(tmp_path / "work"),
                           "--markdown", str(table_file)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    table = table_file.read_text(encoding="utf-8")
    number = r"\| \d+\.\d{3} \|"
    for label in ("cm validate, cold", "cm status --json, warm (one file changed)", "cm render matrix --format docx",
                  "cm render matrix --format xlsx", "cm render matrix --format html", "cm render draft --changes tracked",
                  "CSV matrix: cm vs csv.writer", "start-up: cm status on the example", "start-up: cm --help"):
        assert re.search(re.escape(label) + r"[^|]* " + number, table), f"no figure for {label}:\n{table}"
    if hasattr(os, "sched_setaffinity"):
        assert "cm validate, cold, pinned to one CPU" in table
    for name in ("docx", "xlsx", "html"):
        if not (BENCHMARKS / f"floor_{name}.py").exists():
            assert f"| floor_{name}.py | missing: floor_{name}.py not found |" in table
    assert "failed:" not in table, table
