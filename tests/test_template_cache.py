"""Compiled templates kept in the cache folder (render/template_cache.py): the same bytes with the
cache off, cold and warm; an entry that is not this user's, signed, is never run; a template
edited is compiled again at once."""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path

import pytest
from jinja2 import __version__ as jinja_version

from commentmatrix.cli import app
from commentmatrix.read import documents
from commentmatrix.render import template_cache, templating
from commentmatrix.render.template_cache import compiled, entry_key

# What one HTML matrix renders: the page, its macros, its stylesheet and its chart.
MATRIX_TEMPLATES = ("matrix.html.j2", "_lines.html.j2", "_matrix_style.css.j2", "_chart.html.j2")
RENDERS = {"matrix.html": ["-f", "html"], "section.html": ["-f", "html", "--by", "section"],
           "synopsis.html": ["-f", "html", "--layout", "synopsis"], "summary.html": ["-f", "html", "--layout", "summary"],
           "matrix.md": ["-f", "md"], "summary.md": ["-f", "md", "--layout", "summary"]}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(documents.CACHE_ENV, str(folder))
    return folder


def _render(runner, project: Path, out: Path, names=RENDERS) -> dict[str, bytes]:
    out.mkdir(parents=True, exist_ok=True)
    outputs = {}
    for name in names:
        result = runner.invoke(app, ["render", "matrix", *RENDERS[name], "-o", str(out / name)])
        assert (result.exit_code, result.stderr) == (0, ""), result.output
        outputs[name] = (out / name).read_bytes()
    return outputs


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from here on."""
    names: list[str] = []
    original = templating._Sandbox.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(templating._Sandbox, "compile", counted)
    return names


def test_the_outputs_are_the_same_with_the_cache_off_cold_and_warm(example, tmp_path, runner, monkeypatch, cache):
    monkeypatch.chdir(example)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    compiled_now = _compiles(monkeypatch)
    cold = _render(runner, example, tmp_path / "cold")
    assert set(MATRIX_TEMPLATES) <= set(compiled_now)
    assert len(list((cache / "templates").iterdir())) == len(set(compiled_now))
    compiled_now.clear()
    warm = _render(runner, example, tmp_path / "warm")
    assert compiled_now == []  # every template came from the cache
    monkeypatch.setenv(documents.CACHE_ENV, "off")
    off = _render(runner, example, tmp_path / "off")
    assert set(MATRIX_TEMPLATES) <= set(compiled_now)
    assert cold == warm == off
    assert templating.environment(example).bytecode_cache is None


def _packaged_key(name: str) -> tuple[str, str]:
    env = templating.environment(None)
    source, filename, _ = env.loader.get_source(env, name)
    return entry_key(name, filename, source, f"jinja2 {jinja_version}"), source


def _planted_code(mark: Path) -> bytes:
    """A compiled template that, run, writes `mark` and renders nothing: what an attacker plants."""
    body = f"import pathlib\npathlib.Path({str(mark)!r}).write_text('ran')\nraise SystemExit(7)\n"
    return marshal.dumps(compile(body, "matrix.html.j2", "exec"))


@pytest.mark.parametrize("forgery", ["unsigned", "signed-with-another-key", "signature-of-another-entry",
                                     "edited-after-signing", "not-a-regular-file"])
def test_a_planted_compiled_template_is_never_run(example, tmp_path, runner, monkeypatch, cache, forgery):
    monkeypatch.chdir(example)
    reference = _render(runner, example, tmp_path / "reference", ["matrix.html"])
    key, _ = _packaged_key("matrix.html.j2")
    entry = cache / "templates" / f"{key}.bin"
    assert entry.is_file()  # the entry the run stored is the one planted over below
    mark = tmp_path / "planted-code-ran"
    payload = _planted_code(mark)
    entry.unlink()
    if forgery == "unsigned":
        entry.write_bytes(payload)
    elif forgery == "signed-with-another-key":
        entry.write_bytes(documents._SIGNATURE + documents._signature(b"k" * 32, key, payload) + b"\n" + payload)
    elif forgery == "signature-of-another-entry":  # a genuine signature, lifted from the macros' entry
        other, _ = _packaged_key("_lines.html.j2")
        signed = documents._signed(other, payload)
        assert signed is not None
        entry.write_bytes(signed)
    elif forgery == "edited-after-signing":  # this user's signature of other code, the code replaced
        documents.store_signed(entry, key, marshal.dumps(compile("x = 1", "matrix.html.j2", "exec")))
        signature = entry.read_bytes().partition(b"\n")[0]
        entry.write_bytes(signature + b"\n" + payload)
    else:  # a link to the code, signed, kept elsewhere: links in the cache folder are not followed
        elsewhere = tmp_path / "elsewhere.bin"
        documents.store_signed(elsewhere, key, payload)
        entry.symlink_to(elsewhere)
    again = _render(runner, example, tmp_path / "again", ["matrix.html"])
    assert again == reference
    assert not mark.exists()


def test_the_planted_code_would_run_if_it_were_signed_with_the_users_key(example, tmp_path, runner, monkeypatch, cache):
    """The other side of the test above: the key is all that keeps the planted code from running."""
    monkeypatch.chdir(example)
    _render(runner, example, tmp_path / "reference", ["matrix.html"])
    key, _ = _packaged_key("matrix.html.j2")
    mark = tmp_path / "planted-code-ran"
    documents.store_signed(cache / "templates" / f"{key}.bin", key, _planted_code(mark))
    runner.invoke(app, ["render", "matrix", "-f", "html", "-o", str(tmp_path / "m.html")])
    assert mark.read_text() == "ran"


@pytest.mark.parametrize("payload", [b"", b"not marshal data", marshal.dumps({"root": 1}), marshal.dumps(compile("x = 1", "m", "exec"))[:-3]])
def test_a_signed_entry_that_is_not_code_is_compiled_again(example, tmp_path, runner, monkeypatch, cache, payload):
    monkeypatch.chdir(example)
    reference = _render(runner, example, tmp_path / "reference", ["matrix.html"])
    key, source = _packaged_key("matrix.html.j2")
    entry = cache / "templates" / f"{key}.bin"
    documents.store_signed(entry, key, payload)
    compiled_now = _compiles(monkeypatch)
    assert _render(runner, example, tmp_path / "again", ["matrix.html"]) == reference
    assert compiled_now == ["matrix.html.j2"]
    assert compiled(cache / "templates", key, len(source)) is not None  # kept again, whole


def test_a_template_edited_is_compiled_again_at_once(example, tmp_path, runner, monkeypatch, cache):
    monkeypatch.chdir(example)
    own = example / "templates" / "matrix.html.j2"
    own.parent.mkdir(exist_ok=True)
    versions = ["first {{ view.totals.total }}\n", "again {{ view.totals.total }}\n"]  # the same size
    own.write_text(versions[0], encoding="utf-8")
    written = os.stat(own)
    outputs = []
    for n, text in enumerate([*versions, versions[0]]):
        own.write_text(text, encoding="utf-8")
        os.utime(own, ns=(written.st_atime_ns, written.st_mtime_ns))  # the edit is not told by its time
        outputs.append(_render(runner, example, tmp_path / str(n), ["matrix.html"])["matrix.html"])
    assert outputs == [b"first 22\n", b"again 22\n", b"first 22\n"]
    # The project's template rendered in the box, and its entries were kept from there.
    kept = {entry_key("matrix.html.j2", str(own), text, f"jinja2 {jinja_version}") for text in versions}
    assert kept <= {path.stem for path in (cache / "templates").iterdir()}


def test_an_entry_is_named_by_everything_its_code_comes_from(monkeypatch):
    base = ("matrix.html.j2", "/a/templates/matrix.html.j2", "<p>{{ x }}</p>", "jinja2 3.1.6")
    key = entry_key(*base)
    assert key.startswith("template-") and key == entry_key(*base)
    others = {entry_key("other.html.j2", *base[1:]), entry_key(base[0], "/b/templates/matrix.html.j2", *base[2:]),
              entry_key(*base[:2], "<p>{{ y }}</p>", base[3]), entry_key(*base[:3], "jinja2 3.1.7")}
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    others.add(entry_key(*base))
    monkeypatch.undo()
    monkeypatch.setattr(template_cache, "code_fingerprint", lambda: "another cm")
    others.add(entry_key(*base))
    assert key not in others and len(others) == 6


def test_an_entry_larger_than_its_source_could_make_is_not_read(tmp_path):
    key = "template-" + "0" * 40
    code = compile("x = 1", "m", "exec")
    documents.store_signed(tmp_path / f"{key}.bin", key, marshal.dumps(code) + b"\0" * (2 * 1024 * 1024))
    assert compiled(tmp_path, key, 10) is None
    documents.store_signed(tmp_path / f"{key}.bin", key, marshal.dumps(code))
    assert compiled(tmp_path, key, 10) == code
