"""The ``factcheck`` console script and ``python -m factcheck``.

Importing typer alone costs about four times a bare Python start, so ``factcheck``,
``factcheck -h/--help`` and ``factcheck --version`` are answered here without it when the help is
plain text (stdout not a terminal, or ``NO_COLOR``): the same text, laid out as click lays it out
(factcheck/cli/plainhelp.py), and the same exit status.  Everything else - a command, any other
option, shell completion, the rich help on a colour terminal - runs the typer app
(factcheck/cli/app.py), which imports a command's module only when that command runs.
"""

from __future__ import annotations

import os
import sys

from factcheck import version_line
from factcheck.cli.commands import COMMANDS, HELP_OPTIONS, PROG, ROOT_HELP, VERSION_HELP

# typer's shell completion: the variable that asks for completions, and its test switch that
# changes the completion options (and so the help)
_COMPLETE_VAR = f"_{PROG}_COMPLETE".upper()
_COMPLETE_TEST_VAR = "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"

# the options typer adds to the top level (typer/completion.py), then click's help option
_COMPLETION_OPTIONS = (
    ("--install-completion", "Install completion for the current shell."),
    ("--show-completion", "Show completion for the current shell, to copy it or customize the installation."),
)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns (and, as a console script, exits with) the exit status."""
    code = quick_answer(sys.argv[1:] if argv is None else argv)
    if code is None:
        from factcheck.cli.app import main as run_app

        code = run_app(argv)
    if argv is None:
        sys.exit(code)
    return code


def rich_help() -> bool:
    """Whether help pages are drawn with rich (colour terminal) rather than as plain text."""
    tty = sys.stdout.isatty() if hasattr(sys.stdout, "isatty") else False
    return tty and not os.environ.get("NO_COLOR")


def quick_answer(args: list[str]) -> int | None:
    """The exit status after answering ``args`` without typer, or None when typer is needed."""
    if len(args) > 1 or os.environ.get(_COMPLETE_VAR) or _COMPLETE_TEST_VAR in os.environ:
        return None
    if args == ["--version"]:
        text, code = version_line(PROG), 0
    elif not args or args[0] in HELP_OPTIONS:
        if rich_help():
            return None
        text, code = root_help(), (0 if args else 2)  # no arguments: help, as a usage error
    else:
        return None
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `factcheck --help | head -1`: end quietly, as the typer path does
        from factcheck.cli.errors import EXIT_OK, quiet_pipe

        quiet_pipe()
        return EXIT_OK
    return code


def root_help(width: int | None = None) -> str:
    """``factcheck --help`` as plain text, at click's formatter width for this terminal (or ``width``)."""
    from factcheck.cli.plainhelp import group_help

    if width is None:
        import shutil

        width = max(min(shutil.get_terminal_size().columns, 80) - 2, 50)
    options = [
        ("--version", VERSION_HELP),
        *_COMPLETION_OPTIONS,
        (", ".join(HELP_OPTIONS), "Show this message and exit."),
    ]
    commands = [(name, summary) for name, (_module, summary) in COMMANDS.items()]
    return group_help(width, PROG, "[OPTIONS] COMMAND [ARGS]...", ROOT_HELP, options, commands)
