"""Options shared by every command, and the Env they configure."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from factcheck.cli.env import Env

if TYPE_CHECKING:
    from factcheck.store import Store

SourcesOpt = Annotated[
    str | None,
    typer.Option(
        "--sources",
        metavar="DIR",
        help="Sources folder (env FACTCHECK_SOURCES; default ./sources).",
        show_default=False,
    ),
]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="FILE",
        help="Index file (env FACTCHECK_DB; default in ~/.cache/factcheck).",
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
        help="Answer from the index as it is; do not look for changed sources (env FACTCHECK_NO_REFRESH=1).",
    ),
]


def make_env(color: str = "auto", quiet: bool = False, debug: bool = False) -> Env:
    if color not in ("auto", "always", "never"):
        raise typer.BadParameter("must be auto, always or never", param_hint="--color")
    return Env.from_system(color, quiet=quiet, debug=debug)


def attribute_option(attribute: str | None) -> str | None:
    """The attribute id a user's ``--attribute`` word stands for, or a usage error listing them."""
    if attribute is None:
        return None
    from factcheck.extract.attributes import attribute_names, resolve_attribute

    attr_id = resolve_attribute(attribute)
    if attr_id is None:
        raise typer.BadParameter(
            f"unknown attribute {attribute!r}; known: {', '.join(attribute_names())}",
            param_hint="--attribute",
        )
    return attr_id


def entity_option(env: Env, store: Store, entity: str | None) -> tuple[str | None, list[str] | None]:
    """(canonical name, alias keys) for ``--entity`` (case, spacing and typos tolerated), or an error."""
    if entity is None:
        return None, None
    from factcheck.errors import FactcheckError
    from factcheck.search import resolve_entity

    canonical = resolve_entity(store, entity)
    if canonical is None:
        raise FactcheckError(f"no entity named {entity!r} in the sources")
    if canonical.casefold() != entity.casefold():
        env.info(f"'{entity}' matched the name '{canonical}'")
    return canonical, store.keys_of(canonical)


def parse_min_difference(value: str | None) -> float:
    """A relative difference: "0.1" or "10%"."""
    if value is None:
        return 0.0
    v = value.strip()
    try:
        x = float(v[:-1]) / 100 if v.endswith("%") else float(v)
    except ValueError:
        x = float("nan")
    if not x >= 0 or x == float("inf"):
        raise typer.BadParameter(
            f"{value!r} is not a relative difference like 0.1 or 10%", param_hint="--min-difference"
        )
    return x


MinDifferenceOpt = Annotated[
    str | None,
    typer.Option(
        "--min-difference",
        metavar="X",
        help="Only groups whose figures differ by at least X (0.1 or 10%).",
        show_default=False,
    ),
]
