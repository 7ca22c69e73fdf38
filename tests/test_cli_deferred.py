"""cm builds a command only when it runs or shows its help, and what it builds is typer's own:
the same help, listing and errors as typer.main.get_command would give for cm's commands."""

from __future__ import annotations

import pytest
import typer.main
from conftest import REPO
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.cli.common import commands


def _eager() -> typer.Typer:
    """cm's commands as typer builds them, every one at once: added without a name, a group's
    commands are typer's own commands of the app."""
    eager = typer.Typer(name="cm", no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                        pretty_exceptions_enable=False)
    eager.add_typer(commands)
    return eager


def _paths(group, ctx, prefix=()):
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*prefix, name)
        if hasattr(command, "list_commands"):
            yield from _paths(command, ctx, (*prefix, name))


EAGER = _eager()
_EAGER_GROUP = typer.main.get_command(EAGER)
PATHS = sorted(_paths(_EAGER_GROUP, typer.Context(_EAGER_GROUP)))


def test_every_command_and_group_is_listed():
    top = {path[0] for path in PATHS}
    assert top == set(typer.main.get_command(app).list_commands(typer.Context(_EAGER_GROUP)))
    assert {"status", "validate", "render", "round", "stakeholder", "import", "export"} <= top


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_help_of_each_command_is_the_one_typer_builds(path):
    runner = CliRunner()
    deferred = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "80"})
    eager = runner.invoke(EAGER, [*path, "--help"], env={"COLUMNS": "80"})
    assert (deferred.exit_code, deferred.stdout, deferred.stderr) == (eager.exit_code, eager.stdout, eager.stderr)


@pytest.mark.parametrize("args", [["statu"], ["status", "--nosuch"], ["round", "strat"], ["render", "matrix", "--format", "x"]])
def test_usage_errors_are_the_ones_typer_builds(args):
    runner = CliRunner()
    deferred = runner.invoke(app, args, env={"COLUMNS": "80"})
    eager = runner.invoke(EAGER, args, env={"COLUMNS": "80"})
    assert (deferred.exit_code, deferred.stderr) == (eager.exit_code, eager.stderr) and deferred.exit_code == 2


def test_the_listing_is_the_one_typer_builds():
    runner = CliRunner()
    deferred = runner.invoke(app, ["--help"], env={"COLUMNS": "80"}).stdout
    eager = runner.invoke(EAGER, ["--help"], env={"COLUMNS": "80"}).stdout
    assert deferred.index("Commands:") > 0
    assert deferred[deferred.index("Commands:"):] == eager[eager.index("Commands:"):]


def _built_after(args):
    group = typer.main.get_command(app)
    with pytest.raises(SystemExit) as stopped:
        group.main(args)
    return stopped.value.code, sorted(name for name, command in group.commands.items() if command.built)


def test_help_builds_no_command(capsys):
    assert _built_after(["--help"]) == (0, [])


def test_a_command_builds_only_itself(capsys):
    assert _built_after(["status", "-C", str(REPO)]) == (0, ["status"])
    assert _built_after(["round", "list", "-C", str(REPO)]) == (0, ["round"])
    assert _built_after(["validate", "--help"]) == (0, ["validate"])
