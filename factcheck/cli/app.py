"""The ``factcheck`` command: parse, call the library, render, pick the exit status.

Exit status: 0 nothing found to report (no contradicted/disputed claim, no conflict), 1 a finding,
2 an error (bad usage, unreadable input, broken index); an error outranks a finding.  130 on
Ctrl-C; a closed pipe ends quietly.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from factcheck import __version__

_TTY = sys.stdout.isatty() if hasattr(sys.stdout, "isatty") else False

app = typer.Typer(
    name="factcheck",
    help=(
        "Check figures in claims against a folder of sources, offline.\n\n"
        'Example: factcheck check "Acme Robotics has 350 employees"'
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich" if _TTY and not os.environ.get("NO_COLOR") else None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"factcheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Check figures in claims against a folder of sources, offline."""


def _register() -> None:
    from factcheck.cli import (
        check_cmd,
        conflicts_cmd,
        extract_cmd,
        facts_cmd,
        index_cmd,
        report_cmd,
        search_cmd,
        sources_cmd,
    )

    for mod in (
        index_cmd,
        sources_cmd,
        search_cmd,
        facts_cmd,
        extract_cmd,
        check_cmd,
        conflicts_cmd,
        report_cmd,
    ):
        mod.register(app)


_register()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns (and, as a console script, exits with) the exit status."""
    from factcheck.cli.errors import run

    code = run(app, argv)
    if argv is None:
        sys.exit(code)
    return code
