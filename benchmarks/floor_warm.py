"""The floor of a warm `cm validate` for any design that builds every comment again.

    python benchmarks/floor_warm.py PROJECT_ROOT [--repeat 3] [--json]

A warm run (the parse cache filled, one file changed) today loads the whole project from the
cache and checks all of it. Whatever the rules cost, a design that builds every comment's model
again pays at least, in one process with the garbage collector off (cm's own setting while
loading): reading every file's bytes, hashing them (to know which changed), decoding each file's
data from JSON (the cache's form, the cheapest measured: msgpack, marshal and orjson save at most
0.2 s at 100,000 comments, the cost being the Python objects built) and validating it with the
same pydantic models. This prints that floor beside cm's own load and check of the same project,
in process (imports excluded on both sides; they are measured as start-up by run.py), so the
distance of the warm path from what a rebuild must cost is read in one run. Under a second at
100,000 comments is below this floor: it needs work that depends only on unchanged files never
to be redone (per-file results keyed by their inputs), not a faster rebuild.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from floors import alternate, arguments, measured, report
from ruamel.yaml import YAML

from commentmatrix.model.format import CommentFile
from commentmatrix.read.loader import load_project
from commentmatrix.rules import check_project


def _files(root: Path) -> list[Path]:
    return [root / "cm.yaml", *sorted((root / "drafts").glob("*.yaml")), *sorted((root / "comments").rglob("*.yaml"))]


def rebuild_floor(root: Path, payloads: list[str], datas: list[dict]) -> float:
    """Read and hash every file, decode every comment file's data from JSON, validate it.

    The cache writes dates as text and puts them back as dates (the models are strict): the data
    validated is the same data as read from YAML, with its dates, so the floor leaves that out."""
    started = time.perf_counter()
    gc.disable()
    try:
        for path in _files(root):
            hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()
        for payload, data in zip(payloads, datas):
            json.loads(payload)
            CommentFile.model_validate(data)
    finally:
        gc.enable()
    return time.perf_counter() - started


def cm_warm(root: Path) -> float:
    started = time.perf_counter()
    project = load_project(root)
    check_project(project)
    return time.perf_counter() - started


def main() -> None:
    args = arguments(__doc__)
    root = args.root
    safe = YAML(typ="safe")
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "comments").rglob("*.yaml"))]
    datas = [safe.load(text) for text in texts]
    payloads = [json.dumps(data, ensure_ascii=False, default=lambda o: o.isoformat() if isinstance(o, dt.date) else str(o))
                for data in datas]
    with tempfile.TemporaryDirectory() as cache:
        os.environ["CM_CACHE_DIR"] = cache
        cm_warm(root)  # fills the parse cache: what follows is the warm path
        cm_runs, floor_runs = alternate(lambda: cm_warm(root), lambda: rebuild_floor(root, payloads, datas), args.repeat)
    comments = sum(text.count("\n  - id: ") for text in texts)
    report([measured("warm load and check of every comment, in process (floor: read, hash, JSON, pydantic of every file)",
                cm_runs, floor_runs, comments)], args.json)


if __name__ == "__main__":
    main()
