"""``factcheck report --html FILE``: the conflict groups as one self-contained HTML page."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from factcheck.cli.common import (
    DbOpt,
    DebugOpt,
    MinDifferenceOpt,
    NoRefreshOpt,
    QuietOpt,
    SourcesOpt,
    attribute_option,
    entity_option,
    make_env,
    parse_min_difference,
)
from factcheck.cli.errors import EXIT_OK

_SINCE_RE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def parse_since(value: str | None) -> str | None:
    """An ISO date of year, month or day precision, checked."""
    from factcheck.pipeline import parse_iso_date

    if value is None:
        return None
    v = value.strip()
    if not _SINCE_RE.fullmatch(v) or parse_iso_date(v) is None:
        raise typer.BadParameter(
            f"{value!r} is not a date like 2024, 2024-06 or 2024-06-25", param_hint="--since"
        )
    return v


def _generated_at() -> str:
    """Now, in UTC (or $SOURCE_DATE_EPOCH, for reproducible reports)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = dt.datetime.now(dt.UTC)
    if epoch.isdigit():
        when = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return when.strftime("%Y-%m-%d %H:%M UTC")


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, so a failed write
    never leaves a truncated report behind."""
    from factcheck.errors import FactcheckError

    if path.exists() and not path.is_file() and not path.is_dir():
        # a device or a pipe (/dev/null, a FIFO): write into it, never replace it
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        except OSError as e:
            raise FactcheckError(f"cannot write {path}: {e.strerror or e}") from e
        return
    folder = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise FactcheckError(f"cannot write {path}: {e.strerror or e}") from e
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise FactcheckError(f"cannot write {path}: {e.strerror or e}") from e


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def report(
    html_file: Annotated[
        str,
        typer.Option(
            "--html",
            metavar="FILE",
            help="Write the report as one self-contained HTML page to FILE ('-' for stdout).",
            show_default=False,
        ),
    ],
    entity: Annotated[
        str | None,
        typer.Option(
            "--entity",
            "-e",
            metavar="NAME",
            help="Only this entity (any alias; case, spacing and typos tolerated).",
        ),
    ] = None,
    attribute: Annotated[
        str | None,
        typer.Option(
            "--attribute",
            "-a",
            metavar="NAME",
            help="Only this attribute (headcount, valuation, funding...).",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="Only facts dated on or after DATE (2024, 2024-06, 2024-06-25)."
        ),
    ] = None,
    min_difference: MinDifferenceOpt = None,
    sources: SourcesOpt = None,
    db: DbOpt = None,
    no_refresh: NoRefreshOpt = False,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Write where the sources disagree - the conflict groups, each figure with its sources and
    quoted sentence - as one self-contained HTML page (no scripts, no network assets).

    Exit status 0 when the report was written (whether or not there are conflicts), 2 on error.

    Example: factcheck report --html conflicts.html
    """
    from factcheck import __version__
    from factcheck.check.conflicts import find_conflicts
    from factcheck.cli.session import open_index
    from factcheck.config import resolve
    from factcheck.errors import FactcheckError
    from factcheck.report_html import DEFAULT_TITLE, ReportInfo, render_html

    env = make_env("never", quiet, debug)
    if not html_file:
        raise typer.BadParameter("needs a file name, or '-' for stdout", param_hint="--html")
    since_v = parse_since(since)
    min_diff = parse_min_difference(min_difference)
    attr_id = attribute_option(attribute)
    out_path = None if html_file == "-" else Path(html_file).expanduser()
    if out_path is not None and out_path.is_dir():
        raise FactcheckError(f"cannot write {out_path}: it is a folder")
    if out_path is not None and not out_path.parent.is_dir():  # fail before the work, not after
        raise FactcheckError(f"cannot write {out_path}: no folder {out_path.parent}")
    loc = resolve(sources, db)
    filters: list[tuple[str, str]] = []
    with open_index(env, sources, db, refresh=not no_refresh) as store:
        canonical, keys = entity_option(env, store, entity)
        if canonical is not None:
            filters.append(("--entity", canonical))
        if attr_id is not None:
            filters.append(("--attribute", attr_id))
        if since_v:
            filters.append(("--since", since_v))
        if min_diff > 0:
            filters.append(("--min-difference", f"{min_diff:g}"))
        conflicts = find_conflicts(
            store, entity_keys=keys, attribute=attr_id, since=since_v, min_difference=min_diff
        )
        source_count = len(store.list_sources())
    info = ReportInfo(
        sources=str(loc.sources.resolve()),
        index=str(loc.db),
        source_count=source_count,
        generated=_generated_at(),
        version=__version__,
        filters=tuple(filters),
    )
    page = render_html(conflicts, title=DEFAULT_TITLE, info=info)
    n = len(conflicts.groups)
    if out_path is None:
        env.stdout.write(page)
        env.stdout.flush()
    else:
        write_atomically(out_path, page)
        env.info(f"wrote {out_path}: {n} conflict group{'' if n == 1 else 's'}")
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
