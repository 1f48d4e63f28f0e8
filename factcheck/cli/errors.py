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


def _debug(argv: list[str]) -> bool:
    return "--debug" in argv or os.environ.get("FACTCHECK_DEBUG", "") not in ("", "0")


def run(app: typer.Typer, argv: list[str] | None) -> int:
    import typer as _typer
    from typer._click import exceptions as cx  # typer 0.28 vendors click

    from factcheck.cli.env import clean
    from factcheck.errors import FactcheckError

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = app(args=args, prog_name="factcheck", standalone_mode=False)
        return int(result) if isinstance(result, int) else EXIT_OK
    except _typer.Exit as e:
        return int(e.exit_code)
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
    except (KeyboardInterrupt, _typer.Abort):
        sys.stderr.write("\nfactcheck: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        quiet_pipe()
        return EXIT_OK
    except FactcheckError as e:
        if _debug(args):
            raise
        sys.stderr.write(f"factcheck: error: {clean(str(e))}\n")
        return EXIT_ERROR
    except OSError as e:
        if e.errno == errno.EPIPE:
            quiet_pipe()
            return EXIT_OK
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
