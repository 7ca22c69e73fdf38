"""The one Jinja environment for text outputs (HTML, Markdown).

Templates are looked up in the project's templates/ folder first, then in the defaults that
ship with the package, so a secretariat overrides a look by dropping in a file of the same name.
Sandboxed, undefined variables are errors, and HTML templates (*.html.j2) autoescape.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import markupsafe
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
)
from jinja2 import __version__ as jinja_version
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

# Jinja's escaping, for the writers that prepare markup the templates print as it is (html_cells).
from markupsafe import Markup as Markup
from markupsafe import escape as escape

from commentmatrix.model.collector import collector_paused
from commentmatrix.model.errors import Refusal, UsageError
from commentmatrix.model.project import TEMPLATES_DIR
from commentmatrix.render.template_box import (
    ENVIRONMENT,
    MIB,
    BadLimit,
    LimitReached,
    TemplateLimits,
    can_box,
    limits_for,
    run_in_box,
)
from commentmatrix.render.template_cache import compiled, compiled_folder, entry_key, keep_compiled


def _replaced(value: str) -> str:
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))


# markupsafe's escaping of a plain str as a plain str, for markup assembled in Python and made a
# Markup once, whole: its C function where it is there (twice as fast as the replaces), else the
# same characters and entities replaced in Python.
escaped_text: Callable[[str], str] = getattr(markupsafe, "_escape_inner", _replaced)


class TemplateProblem(Refusal):
    """A template could not be found or rendered; the message names the template and line."""


def _autoescape(name: str | None) -> bool:
    # select_autoescape(["html"]) does not match "matrix.html.j2": decide on the full suffix.
    return name is not None and name.endswith((".html.j2", ".html", ".htm", ".xml.j2", ".svg.j2"))


# Templates come through pull requests like comment files. The sandbox already refuses Python
# internals; these bound the one-expression memory bombs (`'x' * 10**10`, `9**9**9`).
MAX_REPEAT = 10_000_000
MAX_EXPONENT = 1000


# How many (type, attribute) verdicts the sandbox remembers: a template naming attributes by
# computed strings (`|attr(...)`) must not grow the memory without end.
MAX_VERDICTS = 4096


def ready_markup(text: str) -> Markup:
    """`text`, known to be escaped or to need no escaping, as a Markup. Markup(text) runs Python
    code to look for __html__ on a plain str; the str constructor makes the same object without
    it (a third of a microsecond, not one)."""
    return str.__new__(Markup, text)


def _printed(value: Any) -> Markup:
    # What autoescape calls on every printed value. markupsafe's escape makes a new Markup of a
    # Markup (through its __html__, in Python): a microsecond for each of the matrix's 50,000
    # ready cells. A Markup is already escaped text, and immutable: it is printed as it is.
    # A plain str is escaped by the same C function, and a number has nothing to escape (digits,
    # sign, point, `e`, `inf`, `nan`): each made a Markup without markupsafe's Python __new__
    # (the charts print eight numbers and words for each piece of a bar).
    kind = type(value)
    if kind is Markup:
        return value
    if kind is str:
        return str.__new__(Markup, escaped_text(value))
    if kind is int or kind is float:
        return str.__new__(Markup, str(value))
    return escape(value)


class _PrintingTemplate(Template):
    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        template = super().from_code(environment, code, globals, uptodate)
        # The compiled module's functions (the template's body, its macros) find `escape` among
        # their globals: the same escaping, without remaking what is escaped already.
        template.root_render_func.__globals__["escape"] = _printed
        return template


# Types of plain data, never a bound method: nothing for the sandbox's getattr to wrap.
_DATA = frozenset({str, Markup, int, float, bool, type(None), tuple})


class _Sandbox(SandboxedEnvironment):
    template_class = _PrintingTemplate
    intercepted_binops = frozenset(["*", "**"])

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Jinja's verdict reads only the object's type and the attribute's name (is_internal_attribute
        # tests isinstance and the name; the value is not looked at), so it is asked once per pair:
        # the matrix reads the same few fields of thousands of rows.
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = super().is_safe_attribute(obj, attr, value)
            if len(self._verdicts) < MAX_VERDICTS:
                self._verdicts[key] = verdict
        return verdict

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Jinja's getattr asks wrap_str_format and is_safe_attribute of every value it reads: the
        # charts read nine for each piece of a bar. Where the pair is known safe, its own else
        # branch (no str.format method to wrap: return the value) without the two calls for data.
        if self._verdicts.get((type(obj), attribute)):
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                return super().getattr(obj, attribute)  # Jinja then tries obj[attribute]
            if type(value) in _DATA:
                return value
            wrapped = self.wrap_str_format(value)
            return wrapped if wrapped is not None else value
        return super().getattr(obj, attribute)

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) and len(sequence) * count > MAX_REPEAT:
                    raise SecurityError(f"the template repeats a text or list more than {MAX_REPEAT:,} times over")
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"the template raises a number to a power over {MAX_EXPONENT}")
        return super().call_binop(context, operator, left, right)


class _ProjectTemplates(FileSystemLoader):
    """The project's templates/ folder; a template that is a link out of the project is refused."""

    def __init__(self, folder: Path):
        super().__init__(str(folder), encoding="utf-8", followlinks=False)
        self.root = folder.parent.resolve()

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        target = Path(filename).resolve()
        if not target.is_relative_to(self.root):
            raise SecurityError(f"templates/{template} is a link out of the project, to {target}")
        return source, filename, uptodate


class _SignedCompiled(BytecodeCache):
    """Jinja's hook for compiled templates, to the signed entries of template_cache (Jinja's own
    entry format is not used: it reads a checksum with pickle before anything is checked)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get_bucket(self, environment, name, filename, source):
        bucket = Bucket(environment, entry_key(name, filename, source, f"jinja2 {jinja_version}"), "")
        bucket.code = compiled(self.folder, bucket.key, len(source))
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        bucket.code = compiled(self.folder, bucket.key, 0)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            keep_compiled(self.folder, bucket.key, bucket.code)


# The environment of a run of renders (see `templates_kept`): the project root it reads, and it.
_KEPT: ContextVar[tuple[Path | None, SandboxedEnvironment] | None] = ContextVar("kept_environment", default=None)


@contextmanager
def templates_kept(project_root: Path | None) -> Iterator[None]:
    """Within the block, `render_template` and `render_sandboxed` reuse one environment, and so
    the templates compiled in it (a letter template keeps the ones it compiled from its XML).

    A letter per stakeholder compiled its template every time: most of the time of 100 letters.
    Jinja still asks the loader whether each template is up to date, so one edited meanwhile is
    read again, never rendered stale. (A project's own templates render in the box, a child
    process: they are compiled there each time, as before.)"""
    token = _KEPT.set((project_root, environment(project_root)))
    try:
        yield
    finally:
        _KEPT.reset(token)


def environment(project_root: Path | None) -> SandboxedEnvironment:
    loaders: list[BaseLoader] = []
    if project_root is not None and (project_root / TEMPLATES_DIR).is_dir():
        loaders.append(_ProjectTemplates(project_root / TEMPLATES_DIR))
    loaders.append(PackageLoader("commentmatrix.render", "templates"))
    # A command compiled the templates it renders (25 ms for the HTML matrix): their code is kept
    # in the cache folder, signed, and read back while the template's source is the same.
    folder = compiled_folder()
    env = _Sandbox(loader=ChoiceLoader(loaders), undefined=StrictUndefined, autoescape=_autoescape,
                   keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                   bytecode_cache=_SignedCompiled(folder) if folder is not None else None)
    return env


def render_template(project_root: Path | None, name: str, context: dict[str, Any], items: int = 0) -> str:
    """Render a template for a project of `items` comments and paragraphs, in a box where the
    system allows one (see template_box): past a limit, a TemplateProblem naming it."""
    try:
        limits = limits_for(items)
    except BadLimit as exc:
        raise UsageError(str(exc)) from None
    env = _environment(project_root)
    # cm's own templates are cm's code; a project's may come from anyone who can open a pull request.
    return _boxed(name, lambda: _render(env, name, context, limits), limits, has_own_templates(project_root))


def render_sandboxed(project_root: Path | None, name: str, produce: Callable[[SandboxedEnvironment], str], items: int,
                     own: bool) -> str:
    """Render with the sandboxed environment a template that is not a .j2 file (the XML of a
    letter .docx, which docxtpl renders with the environment it is given); the project's `own`
    template in the box, like its .j2 templates. Failures are TemplateProblems naming `name`."""
    try:
        limits = limits_for(items)
    except BadLimit as exc:
        raise UsageError(str(exc)) from None
    env = _environment(project_root)
    return _boxed(name, lambda: _guarded(name, limits, lambda: produce(env)), limits, own)


def _environment(project_root: Path | None) -> SandboxedEnvironment:
    """The run's environment (templates_kept) when it reads this project, else a new one."""
    kept = _KEPT.get()
    return kept[1] if kept is not None and kept[0] == project_root else environment(project_root)


def _boxed(name: str, render: Callable[[], str], limits: TemplateLimits, own: bool) -> str:
    if not own:
        # cm's own templates make no cycles: the collector would only walk the view's rows again and again.
        with collector_paused():
            return render()
    if not can_box():
        return render()
    outcome = run_in_box(render, limits, TemplateProblem)
    if outcome.text is not None:
        return outcome.text
    if outcome.problem is not None:
        raise TemplateProblem(outcome.problem)
    raise TemplateProblem(f"template {name}: {_limit_message(outcome.limit or 'memory', limits)}")


def has_own_templates(project_root: Path | None) -> bool:
    """Whether the project's templates/ holds a Jinja template, at any depth (one may include another)."""
    if project_root is None:
        return False
    for folder, subfolders, names in os.walk(project_root / TEMPLATES_DIR):
        if any(name.endswith(".j2") for name in names):
            return True
        # os.walk does not enter a linked folder, but the loader reads through one: count it.
        if any(os.path.islink(os.path.join(folder, sub)) for sub in subfolders):
            return True
    return False


# What passing each limit means, in words; the limit's field in TemplateLimits and its unit.
_PAST_LIMIT = {
    "cpu": ("the template used more than {value:,} s of CPU", "cpu_seconds", 1),
    "memory": ("the template needed more than {value:,} MB of memory", "memory_bytes", MIB),
    "output": ("the template's output passed {value:,} MB", "output_bytes", MIB),
    "wall": ("the template ran for more than {value:,} s", "wall_seconds", 1),
}


def _limit_message(limit: str, limits: TemplateLimits) -> str:
    if limit not in _PAST_LIMIT:
        return f"rendering the template stopped with {limit}; nothing was written"
    words, field, unit = _PAST_LIMIT[limit]
    value = getattr(limits, field) // unit
    return f"{words.format(value=value)}, the limit for templates ({ENVIRONMENT[field][0]}); nothing was written"


def _render(env: SandboxedEnvironment, name: str, context: dict[str, Any], limits: TemplateLimits) -> str:
    return _guarded(name, limits, lambda: _joined(env.get_template(name).generate(**context), limits))


def _guarded(name: str, limits: TemplateLimits, produce: Callable[[], str]) -> str:
    try:
        return produce()
    except TemplateNotFound as exc:
        missing = exc.name if exc.name != name else name
        raise TemplateProblem(f"template {name}: there is no template '{missing}' in {TEMPLATES_DIR}/ or among cm's own "
                              "(a template may include only other templates, by name)") from None
    except TemplateError as exc:
        lineno = getattr(exc, "lineno", None) or _template_line(exc)
        where = f"{getattr(exc, 'filename', None) or getattr(exc, 'name', None) or name}"
        where += f":{lineno}" if lineno else ""
        message = str(exc.message or exc)
        if isinstance(exc, SecurityError):
            message = f"not allowed in a template: {message}"
        raise TemplateProblem(f"template {where}: {message}") from None
    except (Exception, RecursionError, MemoryError) as exc:  # noqa: BLE001 - a template is code from the repository
        lineno = _template_line(exc)
        where = f"{name}:{lineno}" if lineno else name
        if isinstance(exc, RecursionError):
            raise TemplateProblem(f"template {where}: the template calls a macro or includes a template without end") from None
        if isinstance(exc, LimitReached):
            raise TemplateProblem(f"template {where}: {_limit_message(exc.args[0] if exc.args else 'cpu', limits)}") from None
        if isinstance(exc, MemoryError):
            raise TemplateProblem(f"template {where}: {_limit_message('memory', limits)}") from None
        raise TemplateProblem(f"template {where}: the template failed: {type(exc).__name__}: {exc}") from None


def _joined(chunks: Iterator[str], limits: TemplateLimits) -> str:
    # Counted as it is made, so a template writing gigabytes stops at the limit, at its line.
    # A character is at most 4 bytes in UTF-8: until 4 bytes a character could pass the limit,
    # counting characters is enough, and Jinja yields hundreds of thousands of small pieces.
    kept: list[str] = []
    append = kept.append
    chars = 0
    sure = limits.output_bytes // 4
    for chunk in chunks:
        chars += len(chunk)
        append(chunk)
        if chars > sure:
            break
    else:
        return "".join(kept)
    size = sum(len(chunk.encode("utf-8", "surrogatepass")) for chunk in kept)
    if size > limits.output_bytes:
        raise LimitReached("output")
    for chunk in chunks:
        size += len(chunk) if chunk.isascii() else len(chunk.encode("utf-8", "surrogatepass"))
        if size > limits.output_bytes:
            raise LimitReached("output")
        append(chunk)
    return "".join(kept)


def _template_line(exc: BaseException) -> int | None:
    # Render-time errors (an undefined attribute) carry no lineno; Jinja maps the template's
    # lines into the traceback, so the last frame that is not Python source is the template's.
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.endswith(".py")]
    return frames[-1].lineno if frames else None


def template_path(project_root: Path | None, name: str) -> Path | None:
    """A non-Jinja template file (a reference .docx): the project's own, else the packaged default."""
    if project_root is not None:
        candidate = project_root / TEMPLATES_DIR / name
        if candidate.is_file():
            target = candidate.resolve()
            if not target.is_relative_to(project_root.resolve()):
                raise TemplateProblem(f"template {name}: not allowed in a template: {TEMPLATES_DIR}/{name} is a link out of the project, to {target}")
            return candidate
    packaged = Path(__file__).parent / "templates" / name
    return packaged if packaged.is_file() else None
