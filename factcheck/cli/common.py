"""Options shared by every command, and the Env they configure."""

from __future__ import annotations

from typing import Annotated

import typer

from factcheck.cli.env import Env

SourcesOpt = Annotated[
    str | None,
    typer.Option(
        "--sources",
        metavar="DIR",
        help="Sources folder [env FACTCHECK_SOURCES; default ./sources].",
        show_default=False,
    ),
]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="FILE",
        help="Index file [env FACTCHECK_DB; default in ~/.cache/factcheck].",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document (see README: JSON schema).")]
JsonlOpt = Annotated[
    bool, typer.Option("--jsonl", help="Print one JSON object per line, then a summary line.")
]
ColorOpt = Annotated[
    str,
    typer.Option("--color", metavar="WHEN", help="Colour and tables: auto (on a terminal), always, never."),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or notices on stderr.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")]
NoRefreshOpt = Annotated[
    bool,
    typer.Option(
        "--no-refresh",
        envvar="FACTCHECK_NO_REFRESH",
        help="Answer from the index as it is; do not look for changed sources [env FACTCHECK_NO_REFRESH=1].",
    ),
]


def make_env(color: str = "auto", quiet: bool = False, debug: bool = False) -> Env:
    if color not in ("auto", "always", "never"):
        raise typer.BadParameter("must be auto, always or never", param_hint="--color")
    return Env.from_system(color, quiet=quiet, debug=debug)
