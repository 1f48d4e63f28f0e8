"""What every command that reads the index does first: find the sources and the index, build or
refresh the index when the sources changed (never answer silently from a stale one), open it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.cli.env import Env
from factcheck.config import Locations, resolve

if TYPE_CHECKING:
    from factcheck.indexer import IndexReport, ProgressFn
    from factcheck.ingest.records import RecordFields
    from factcheck.store import Store


@contextmanager
def progress_bar(env: Env, label: str) -> Iterator[ProgressFn | None]:
    """A progress bar on stderr when it is a terminal (and not --quiet); otherwise nothing."""
    if not env.stderr_tty or env.quiet:
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=env.err_console(),
        transient=True,
    ) as prog:
        task = prog.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            prog.update(task, completed=done, total=total or None)

        yield update


def run_index(
    env: Env,
    loc: Locations,
    *,
    rebuild: bool = False,
    follow_symlinks: bool = False,
    jobs: int | None = None,
    wait: float = 600.0,
    fields: RecordFields | None = None,
) -> IndexReport:
    from factcheck.indexer import build_index

    with progress_bar(env, "indexing") as update:
        report = build_index(
            loc.sources,
            loc.db,
            rebuild=rebuild,
            follow_symlinks=follow_symlinks,
            jobs=jobs,
            wait=wait,
            progress=update,
            notice=env.info,
            fields=fields,
        )
    for path, message in report.warnings:
        env.warn(f"{path}: {message}")
    return report


def summary_line(report: IndexReport) -> str:
    return (
        f"indexed {report.sources} sources: {report.added} added, {report.changed} changed, "
        f"{report.removed} removed, {report.unchanged} unchanged; {report.passages} passages, "
        f"{report.facts} facts in {report.seconds:.2f}s"
    )


@contextmanager
def open_index(
    env: Env,
    sources: str | None,
    db: str | None,
    *,
    refresh: bool = True,
    announce: Callable[[str], None] | None = None,
) -> Iterator[Store]:
    """The index, up to date with the sources folder (built on first use, refreshed when stale)."""
    from factcheck.store import Store

    loc = resolve(sources, db)
    have_sources = loc.sources.exists()
    if not loc.db.exists():
        if not have_sources:
            from factcheck.errors import FactcheckError

            raise FactcheckError(
                f"sources folder not found: {loc.sources} (use --sources DIR or set FACTCHECK_SOURCES)"
            )
        report = run_index(env, loc)
        env.info(summary_line(report))
    elif refresh and have_sources:
        from factcheck.indexer import index_is_stale  # only here: --no-refresh does without it

        # a cheap stat of the folder; re-index only what changed
        try:
            stale = index_is_stale(loc.sources, loc.db)
        except Exception:
            stale = True  # unreadable index: let the indexer say what is wrong
        if stale:
            report = run_index(env, loc)
            if report.changed_anything:
                env.info(summary_line(report))
    elif not have_sources:
        env.warn(f"sources folder not found: {loc.sources}; answering from the existing index {loc.db}")
    store = Store.open(Path(loc.db))
    try:
        yield store
    finally:
        store.close()
