"""Commands built when they are first needed: the one run, or the one whose help is shown.

Building a click command from a Typer function reads the function's signature and evaluates its
annotations (typer.main.get_command_from_info), a few milliseconds a command: doing it for every
command of cm on every run cost more than `cm status` on a small project spends on its own
work. A group lists its commands (`cm --help`, shell completion) by name, short help and whether
they are hidden, all known without building them; anything else asked of a command builds it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, cast

import typer
from typer.core import TyperCommand
from typer.main import get_command_from_info, get_command_name, get_group_from_info, solve_typer_info_defaults
from typer.models import CommandInfo

if TYPE_CHECKING:  # only for the annotation: typer's vendored click is private at run time
    from typer._click import Command


class DeferredCommand:
    """A command of a group, built the first time anything but its listing is asked of it."""

    def __init__(self, listing: TyperCommand, build: Callable[[], Any]) -> None:
        self._listing = listing
        self._build = build
        self._built: Any = None

    @property
    def built(self) -> bool:
        """Whether the command was built (for the tests that keep start-up lazy)."""
        return self._built is not None

    @property
    def name(self) -> str | None:
        return self._listing.name

    @property
    def hidden(self) -> bool:
        return self._listing.hidden

    def get_short_help_str(self, limit: int = 45) -> str:
        return self._listing.get_short_help_str(limit)

    def __getattr__(self, attribute: str) -> Any:
        # Only what this class does not define arrives here: the command's parameters, its
        # context, its help, its invocation. The built command answers from then on.
        if self._built is None:
            self._built = self._build()
        return getattr(self._built, attribute)


def deferred_commands(registry: typer.Typer, *, rich_markup_mode: Any, suggest_commands: bool,
                      pretty_exceptions_short: bool) -> Iterator[tuple[str, Command]]:
    """(name, command) of every command and group registered on `registry`, in typer's order
    (commands, then groups), each built as typer.main.get_command(registry) would build it. A
    group's own commands are built with the group (the largest of cm's has three)."""
    for command_info in registry.registered_commands:
        name = command_info.name or get_command_name(command_info.callback.__name__)  # type: ignore[union-attr]
        listing = TyperCommand(name=name, help=_command_help(command_info), short_help=command_info.short_help,
                               hidden=command_info.hidden, deprecated=command_info.deprecated)
        build = partial(get_command_from_info, command_info, pretty_exceptions_short=pretty_exceptions_short,
                        rich_markup_mode=rich_markup_mode)
        # A stand-in for the command it builds: the group holds it where typer would hold that command.
        yield name, cast("Command", DeferredCommand(listing, build))
    for group_info in registry.registered_groups:
        solved = solve_typer_info_defaults(group_info)
        if not solved.name:
            raise TypeError("a group added to cm's commands needs a name: its commands are not merged into cm's")
        listing = TyperCommand(name=solved.name, help=solved.help, short_help=solved.short_help,
                               hidden=solved.hidden, deprecated=solved.deprecated)
        build_group = partial(get_group_from_info, group_info, pretty_exceptions_short=pretty_exceptions_short,
                        suggest_commands=suggest_commands, rich_markup_mode=rich_markup_mode)
        yield solved.name, cast("Command", DeferredCommand(listing, build_group))


def _command_help(command_info: CommandInfo) -> str | None:
    """The help typer gives the command: its own `help=`, else its function's docstring."""
    if command_info.help is not None:
        return inspect.cleandoc(command_info.help)
    return inspect.getdoc(command_info.callback)
