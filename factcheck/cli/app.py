"""The ``factcheck`` command: parse, call the library, render, pick the exit status.

Exit status: 0 nothing found to report (no contradicted/disputed claim, no conflict), 1 a finding,
2 an error (bad usage, unreadable input, broken index); an error outranks a finding.  130 on
Ctrl-C; a closed pipe ends quietly.

Start-up: a command's module (``factcheck/cli/*_cmd.py``, and through it the library) is imported
only when that command runs or its own ``--help`` is asked for; the help page, the "did you mean"
hint and shell completion list the commands from the table in factcheck/cli/commands.py.  The
console script enters through factcheck/cli/main.py, which answers a plain ``--help`` and
``--version`` without importing typer at all.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Annotated, Any

import typer
from typer._click import Command, Context  # typer 0.28 vendors click
from typer.core import MarkupMode, TyperCommand, TyperGroup

from factcheck import version_line
from factcheck.cli.commands import COMMANDS, HELP_OPTIONS, PROG, ROOT_HELP, VERSION_HELP
from factcheck.cli.main import rich_help


class _Listed(TyperCommand):
    """A command as the command list sees it (name and summary), until it is run."""


class LazyGroup(TyperGroup):
    """The root group: lists every command in ``COMMANDS``, imports one only to run it."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        # a command added to ``app`` directly (app.command) is used as it is, in the table's order
        given: dict[str, Command | None] = dict(self.commands)
        self.commands = {
            name: given.pop(name, None)
            or _Listed(name=name, help=summary, rich_markup_mode=self.rich_markup_mode)
            for name, (_module, summary) in COMMANDS.items()
        }
        self.commands.update((k, v) for k, v in given.items() if v is not None)

    def resolve_command(self, ctx: Context, args: list[str]) -> tuple[str | None, Command | None, list[str]]:
        name, cmd, rest = super().resolve_command(ctx, args)
        if name is not None and isinstance(cmd, _Listed):
            cmd = self.commands[name] = load_command(name, rich_markup_mode=self.rich_markup_mode)
        return name, cmd, rest


def load_command(name: str, *, rich_markup_mode: MarkupMode = None) -> Command:
    """The click command ``name`` runs: its module imported and its function turned into a command
    (what typer does for every command of an app at start-up, done here for one)."""
    from typer.main import get_command_from_info

    one = typer.Typer()
    import_module(f"factcheck.cli.{COMMANDS[name][0]}").register(one)
    (info,) = one.registered_commands
    return get_command_from_info(
        info, pretty_exceptions_short=one.pretty_exceptions_short, rich_markup_mode=rich_markup_mode
    )


def _version(value: bool) -> None:
    if value:
        typer.echo(version_line(PROG))
        raise typer.Exit(0)


def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=VERSION_HELP)
    ] = False,
) -> None:
    """Check figures in claims against a folder of sources, offline."""


def make_app(rich_markup_mode: MarkupMode, *, lazy: bool = True) -> typer.Typer:
    """The ``factcheck`` app; ``lazy=False`` registers every command up front, as typer apps
    usually do (tests/test_cli_startup.py checks that both print the same help)."""
    new = typer.Typer(
        name=PROG,
        cls=LazyGroup if lazy else None,
        help=ROOT_HELP,
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=rich_markup_mode,
        context_settings={"help_option_names": list(HELP_OPTIONS)},
    )
    new.callback()(_root)
    if not lazy:
        for module, _summary in COMMANDS.values():
            import_module(f"factcheck.cli.{module}").register(new)
    return new


app = make_app("rich" if rich_help() else None)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns (and, as a console script, exits with) the exit status."""
    from factcheck.cli.errors import run

    code = run(app, argv)
    if argv is None:
        sys.exit(code)
    return code
