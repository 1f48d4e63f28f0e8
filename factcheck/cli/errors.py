"""Running the click/typer app with our exit-status contract.

click's own ClickException/Abort exit 1, which would read as "a finding": they are mapped to 2
(usage and errors) and 130 (Ctrl-C).  Tracebacks only with --debug (or FACTCHECK_DEBUG=1).
"""

from __future__ import annotations

import errno
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

EXIT_OK = 0
EXIT_FINDING = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

_status_so_far = EXIT_OK  # what the work done so far would exit with, for a pipe closed midway


def note_status(code: int) -> None:
    """Record the exit status the work done so far has earned (a command calls it as it learns a
    finding), so that a reader closing the pipe (`| head`) does not change it."""
    global _status_so_far
    _status_so_far = code


def _debug(argv: list[str]) -> bool:
    return "--debug" in argv or os.environ.get("FACTCHECK_DEBUG", "") not in ("", "0")


def run(app: typer.Typer, argv: list[str] | None) -> int:
    import typer as _typer
    from typer._click import exceptions as cx  # typer 0.28 vendors click

    from factcheck.cli.env import clean
    from factcheck.errors import FactcheckError

    args = list(sys.argv[1:] if argv is None else argv)
    note_status(EXIT_OK)
    try:
        try:
            result = app(args=args, prog_name="factcheck", standalone_mode=False)
            code = int(result) if isinstance(result, int) else EXIT_OK
        except _typer.Exit as e:
            code = int(e.exit_code)
        try:
            sys.stdout.flush()  # a reader that closed the pipe (`| head`) shows here, not at exit
        except BrokenPipeError:
            quiet_pipe()  # ... and the work done keeps its status (a finding is still 1)
        return code
    except cx.NoArgsIsHelpError as e:
        if e.ctx is not None:
            sys.stdout.write(e.ctx.get_help() + "\n")
        return EXIT_ERROR
    except cx.UsageError as e:
        hint = ""
        if e.ctx is not None:
            hint = f"\nTry '{e.ctx.command_path} --help' for help."
        sys.stderr.write(f"factcheck: error: {clean(e.format_message())}{hint}\n")
        return EXIT_ERROR
    except cx.ClickException as e:
        sys.stderr.write(f"factcheck: error: {clean(e.format_message())}\n")
        return EXIT_ERROR
    except SystemExit as e:
        # click (vendored by typer) and rich answer a closed pipe with exit(1), "a finding"; a reader
        # that stopped reading (`| head`) ends the run quietly instead
        cause = e.__context__
        if isinstance(cause, OSError) and cause.errno == errno.EPIPE:
            quiet_pipe()
            return _status_so_far
        raise
    except (KeyboardInterrupt, _typer.Abort):
        sys.stderr.write("\nfactcheck: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        quiet_pipe()
        return _status_so_far
    except FactcheckError as e:
        if _debug(args):
            raise
        sys.stderr.write(f"factcheck: error: {clean(str(e))}\n")
        return EXIT_ERROR
    except OSError as e:
        if e.errno == errno.EPIPE:
            quiet_pipe()
            return _status_so_far
        if _debug(args):
            raise
        sys.stderr.write(f"factcheck: error: {clean(str(e))}\n")
        return EXIT_ERROR
    except Exception as e:
        if _debug(args):
            raise
        sys.stderr.write(
            f"factcheck: error: unexpected {type(e).__name__}: {clean(str(e))} (run with --debug for details)\n"
        )
        return EXIT_ERROR


def quiet_pipe() -> None:
    """stdout was closed by the reader (``| head``): end quietly, without a second error at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
