"""Build and refresh the index from a sources folder.

Guarantees:
- incremental: a file whose size and mtime are unchanged is not read; a file whose content hash is
  unchanged is not re-processed; deleted files disappear;
- atomic: a first build (or ``--rebuild``) writes a temporary file renamed into place when complete;
  a refresh is one SQLite transaction.  A crash or Ctrl-C leaves the previous index intact;
- safe to read while written (WAL mode) and one writer at a time (a lock file beside the index).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import operator
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from factcheck.errors import FactcheckError
from factcheck.ingest.records import RecordFields, is_record_corpus, iter_records
from factcheck.models import Fact
from factcheck.names import name_key
from factcheck.store import NewSource, SourceRows, SourceState, Store, StoreError, source_rows

if TYPE_CHECKING:
    import multiprocessing.pool
    from multiprocessing.pool import AsyncResult

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
# files that describe a folder rather than report anything: a corpus's README quotes its articles, and
# its quotes would stand as a second source for every figure they hold
FOLDER_DOCUMENTATION = frozenset(
    ["readme", "license", "licence", "copying", "changelog", "contributing", "notice"]
)


def is_folder_documentation(name: str) -> bool:
    """README.md, LICENSE.txt, CHANGELOG.md ...: a folder's documentation, never indexed."""
    return name.rsplit(".", 1)[0].casefold() in FOLDER_DOCUMENTATION


CATALOG_NAME = "catalog.json"
# SQLite page cache of a first build.  The build appends (passages, FTS5 segments): 256 MiB was no
# faster than 64 MiB (1 GiB: 223.7 s vs 224.5 s back to back) and held ~190 MiB more, which put a
# 2 GiB build over 1 GB (tree peak 1,145 MiB PSS).
BUILD_CACHE_KIB = 64 << 10
MAX_EXTRACT_CHARS = 16 << 20  # a document longer than this is searchable but its figures are not read
INLINE_BYTES = 4 << 20  # below this much new text, process in this process (a pool costs more)


class IndexError_(FactcheckError):
    """A problem that stops indexing; the message is one line."""


class FileEntry(NamedTuple):
    """A document to index: a file, or a record of a JSON Lines / CSV corpus (``data`` holds its
    text and ``metadata`` its fields; ``relpath`` is "corpus.jsonl#<id>").  A tuple, not a
    dataclass: a refresh builds one per file (275,000 for 1 GiB)."""

    relpath: str
    path: str
    size: int
    mtime_ns: int
    data: bytes | None = None
    metadata: dict[str, str] | None = None


@dataclass(slots=True)
class IndexReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    sources: int = 0
    passages: int = 0
    facts: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (path, message)

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.changed or self.removed)


class Processed(NamedTuple):
    """One document as the worker hands it to the writer (a tuple: pickled once per document)."""

    entry: FileEntry  # without its data: the text travels in ``rows``
    hash: str
    same: bool  # the content hash equals the indexed one: nothing else was computed
    metadata: dict[str, str]
    encoding: str
    repairs: int
    dropped: int
    warnings: tuple[str, ...]
    rows: SourceRows | None  # passages, facts and mentions ready to insert (None when not read)


_NO_ROWS = SourceRows([], [], "{}")

ProgressFn = Callable[[int, int], None]  # (bytes done, bytes total)
NoticeFn = Callable[[str], None]


# -- scanning ----------------------------------------------------------------------------------------


_NAME = operator.attrgetter("name")


def walk(
    sources: Path, warnings: list[tuple[str, str]], *, follow_symlinks: bool = False
) -> Iterator[FileEntry]:
    """Every indexable file below ``sources`` with its size and mtime, one at a time (each folder in
    name order, depth first); what was passed over (links not followed, loops, unreadable folders)
    is added to ``warnings``.  Raises :class:`IndexError_` at once for a missing folder."""
    if not sources.exists():
        raise IndexError_(f"sources folder not found: {sources}")
    if not sources.is_dir():
        raise IndexError_(f"sources path is not a folder: {sources}")
    return _walk(sources.resolve(), "", warnings, set(), follow_symlinks)


def _walk(
    d: Path, rel: str, warnings: list[tuple[str, str]], seen_dirs: set[tuple[int, int]], follow_symlinks: bool
) -> Iterator[FileEntry]:
    try:
        st = d.stat()
    except OSError as err:
        warnings.append((rel or ".", f"cannot read folder: {err.strerror}"))
        return
    key = (st.st_dev, st.st_ino)
    if key in seen_dirs:
        warnings.append((rel, "symlink loop, not followed"))
        return
    seen_dirs.add(key)
    try:
        with os.scandir(d) as it:
            items = sorted(it, key=_NAME)
    except OSError as err:
        warnings.append((rel or ".", f"cannot read folder: {err.strerror}"))
        return
    for e in items:
        name = e.name
        if name[0] == ".":
            continue
        r = f"{rel}/{name}" if rel else name
        try:
            if not follow_symlinks and e.is_symlink():
                warnings.append((r, "symbolic link, not followed (use --follow-symlinks)"))
                continue
            if e.is_dir(follow_symlinks=follow_symlinks):
                yield from _walk(Path(e.path), r, warnings, seen_dirs, follow_symlinks)
                continue
            if not name.lower().endswith(SUPPORTED_SUFFIXES) or (not rel and name == CATALOG_NAME):
                continue
            if is_folder_documentation(name):
                warnings.append(
                    (r, "the folder's own documentation (README, LICENSE, ...), not a source: skipped")
                )
                continue
            if not e.is_file(follow_symlinks=follow_symlinks):
                continue
            fst = e.stat(follow_symlinks=follow_symlinks)
        except OSError as err:
            warnings.append((r, f"cannot read: {err.strerror}"))
            continue
        yield FileEntry(r, e.path, fst.st_size, fst.st_mtime_ns)


def scan(sources: Path, *, follow_symlinks: bool = False) -> tuple[list[FileEntry], list[tuple[str, str]]]:
    """:func:`walk` as a list, with its warnings."""
    warnings: list[tuple[str, str]] = []
    entries = list(walk(sources, warnings, follow_symlinks=follow_symlinks))
    return entries, warnings


# -- processing (runs in worker processes) -----------------------------------------------------------


def process_file(entry: FileEntry, metadata: dict[str, str], known_hash: str = "") -> Processed:
    """Read one document and run the whole text pipeline on it.  Never raises for bad content.
    When its content hash equals ``known_hash`` nothing else is computed."""
    from factcheck.ingest.catalog import metadata_for
    from factcheck.ingest.reader import read_document
    from factcheck.pipeline import document_facts

    if entry.data is not None:
        raw = entry.data
    else:
        try:
            with open(entry.path, "rb") as fh:
                raw = fh.read()
        except OSError as e:
            return Processed(entry, "", False, metadata, "", 0, 0, (f"cannot read: {e.strerror}",), None)
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    if digest == known_hash:
        return Processed(entry._replace(data=None, metadata=None), digest, True, metadata, "", 0, 0, (), None)
    suffix = ".txt" if entry.data is not None else os.path.splitext(entry.relpath)[1].lower()
    doc = read_document(raw, suffix, sentences=False)
    given = {**(entry.metadata or {}), **metadata}
    merged = metadata_for(entry.relpath, {entry.relpath: given} if given else {}, doc.metadata)
    if not merged.get("date") or not merged.get("outlet"):
        # nothing stated: what the document's own dateline or byline says (marked inferred)
        from factcheck.ingest.dateline import infer_metadata

        had_date = bool(merged.get("date"))
        for k, v in infer_metadata(doc.text).items():
            if k.startswith("date") and had_date:
                continue
            if not merged.get(k):
                merged[k] = v
    md = {k: str(v) for k, v in merged.items()}
    warnings = tuple(doc.warnings)
    facts: list[tuple[Fact, str]]
    mentions: dict[str, int]
    if len(doc.text) > MAX_EXTRACT_CHARS:
        # searchable, but figures are not read: bounded time and memory whatever one file holds
        facts, mentions = [], {}
        warnings += (
            f"larger than {MAX_EXTRACT_CHARS >> 20} MB of text: indexed for search, figures not extracted",
        )
    else:
        facts, mentions = document_facts(doc, md)
    return Processed(
        entry._replace(data=None, metadata=None),
        digest,
        False,
        md,
        doc.encoding,
        doc.repairs,
        doc.dropped,
        warnings,
        source_rows(doc.passages, facts, mentions),
    )


def new_source(res: Processed) -> NewSource:
    """The sources row of a processed document, for :meth:`Store.add_source`."""
    e = res.entry
    return NewSource(
        path=e.relpath,
        hash=res.hash,
        size=e.size,
        mtime_ns=e.mtime_ns,
        metadata=res.metadata,
        encoding=res.encoding,
        repairs=res.repairs,
        dropped=res.dropped,
        warnings=res.warnings,
    )


Task = tuple[FileEntry, dict[str, str], str]  # an entry, its catalog metadata, its indexed hash


def _process_star(args: Task) -> Processed:
    return process_file(*args)


def _process_group(group: list[Task]) -> list[Processed]:
    return [process_file(*w) for w in group]


def _advise(paths: Iterable[str]) -> None:
    """Ask the kernel to start reading ``paths`` (``posix_fadvise`` WILLNEED), so files are on their
    way into memory before a worker opens them.  A cold 20,000-file folder read one file after
    another: 2.75 s; with the next 256 files advised: 1.36 s.  (Python has no asynchronous file
    read, and a reader thread would have to ship the text through the pipe.)"""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:  # pragma: no cover - not POSIX
        return
    for path in paths:
        try:
            # O_NONBLOCK: a file replaced by a FIFO since the scan must not block the reader
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            continue  # the worker reports it
        try:
            advise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)


class _Prefetcher:
    """:func:`_advise` in a thread of its own, group by group as they are handed to the pool: on a
    cold disk one call took ~60 us (94 MB: 1.5 s), time the writer would otherwise not be writing."""

    def __init__(self) -> None:
        import queue
        import threading

        self._queue: queue.SimpleQueue[list[str] | None] = queue.SimpleQueue()
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="factcheck-prefetch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (paths := self._queue.get()) is not None:
            if not self._closing:
                _advise(paths)

    def add(self, group: list[Task]) -> None:
        self._queue.put([e.path for e, _, _ in group if e.data is None])

    def close(self) -> None:
        """Stop the thread (what is still queued is skipped: a hint at most).  Joined, so that no
        thread of ours is running when the names' merge forks its workers."""
        self._closing = True
        self._queue.put(None)
        self._thread.join()


# -- locking ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def writer_lock(db: Path, *, wait: float = 600.0, notice: NoticeFn | None = None) -> Iterator[None]:
    """Hold the index's writer lock (a lock file beside it); wait up to ``wait`` seconds for it."""
    lock_path = db.with_name(db.name + ".lock")
    fh: IO[str] = open(lock_path, "a+")  # noqa: SIM115 - held for the whole block
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if wait <= 0:
                raise IndexError_(f"index busy: another 'factcheck index' is writing {db}") from None
            if notice:
                notice(f"index busy: waiting for another 'factcheck index' to finish writing {db}")
            deadline = time.monotonic() + wait
            while True:
                time.sleep(0.1)
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise IndexError_(f"index busy: gave up waiting after {wait:.0f}s for {db}") from None
        yield
    finally:
        fh.close()


def _write_error(db: Path, e: sqlite3.Error) -> IndexError_:
    """A one-line error, naming the fix, for an SQLite failure while writing the index."""
    msg = str(e)
    if "readonly" in msg or "read-only" in msg:
        return IndexError_(
            f"the index {db} is read-only ({msg}): make it writable, or use --db FILE (or FACTCHECK_DB) "
            "for an index elsewhere; the index is unchanged"
        )
    if "full" in msg:
        return IndexError_(
            f"the disk is full while writing the index {db}: free some space, or use --db FILE (or FACTCHECK_DB) "
            "on another disk; the previous index is unchanged"
        )
    return IndexError_(f"cannot write the index {db} ({msg}): run 'factcheck index --rebuild'")


def _remove_orphans(db: Path) -> None:
    for p in db.parent.glob(f".{db.name}.tmp-*"):
        with contextlib.suppress(OSError):
            p.unlink()


# -- the index run -----------------------------------------------------------------------------------


def _catalog(sources: Path, report: IndexReport) -> dict[str, dict[str, str]]:
    from factcheck.ingest.catalog import load_catalog

    try:
        cat = load_catalog(sources)
    except ValueError as e:
        report.warnings.append((CATALOG_NAME, str(e)))
        return {}
    return {k: {kk: str(vv) for kk, vv in v.items()} for k, v in cat.items()}


GROUP_FILES = 64  # documents sent to a worker at once
GROUP_BYTES = 256 << 10  # or this much text (a record's text travels with its task)
# Text handed to the workers and not yet written: the bound on what the pipeline holds in memory, and
# the slack that keeps the workers busy while the writer waits on an FTS5 segment merge.
AHEAD_BYTES = 16 << 20


# Pool workers (a build's, and the names' merge's, during which the writer mostly waits) run at
# this lower priority than the writer (os.nice): with three busy processes on two cores the writer,
# the one that must keep up, then keeps a core and its caches to itself instead of taking turns.
# 97 MB (/dev/shm/sub128), compiled build, 7 alternated pairs: wall 14.57 -> 13.65 s on average
# (better in 5 of 7), the writer's CPU 7.9-9.5 -> 7.2-8.0 s for the same inserts.
WORKER_NICE = 10


def _worker_init(parent: int) -> None:
    """Pool workers die with the indexer: a `kill -9` of it must not leave them running.  They also
    step back in priority (WORKER_NICE)."""
    import signal

    with contextlib.suppress(OSError, AttributeError):  # not POSIX, or not allowed
        os.nice(WORKER_NICE)

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _pool(jobs: int) -> multiprocessing.pool.Pool:
    """A pool of ``jobs`` forked worker processes whose worker-handler thread sleeps until it has
    something to do.

    ``multiprocessing.pool.Pool`` (CPython 3.11, read and measured here) has its worker-handler thread
    wait on the result pipe as well as on the workers' exits, and not read it: while a result waits in
    the pipe for the result-handler thread, the worker handler loops without sleeping.  3,000 small
    tasks on 2 workers: the handler burnt 1.95 CPU-s and the run took 14.5 s instead of 11.8 s (a third
    busy thread on 2 cores); a 94 MB build: 0.78-0.88 CPU-s of the writer's ~10.  It only needs waking
    when a worker exits (each worker's sentinel, which it still waits on) or the pool changes state
    (its change notifier): the override is the one the standard library's own ``ThreadPool`` makes.
    Should a later Python rename the private method, the override is never called and the standard
    pool runs: slower, not wrong."""
    import multiprocessing as mp
    import multiprocessing.pool

    class QuietPool(multiprocessing.pool.Pool):
        def _get_sentinels(self) -> list[Any]:
            return [self._change_notifier._reader]  # type: ignore[attr-defined]

    return QuietPool(jobs, initializer=_worker_init, initargs=(os.getpid(),), context=mp.get_context("fork"))


def _results(tasks: Iterable[Task], jobs: int, small: bool) -> Iterator[Processed]:
    """Processed documents in the order of ``tasks``; a pool of ``jobs`` processes unless the work
    is small.  Tasks are taken from the iterator in this thread only as results are taken out, so at
    most ``AHEAD_BYTES`` of text are in flight however large the corpus (and the iterator may read
    the index)."""
    if jobs <= 1 or small:
        for t in tasks:
            yield _process_star(t)
        return
    from collections import deque

    pending: deque[tuple[int, AsyncResult[list[Processed]]]] = deque()
    ahead = 0
    with _pool(jobs) as pool:
        prefetch = _Prefetcher()  # started after the fork: the workers are forked with no thread of ours
        try:
            group: list[Task] = []
            size = 0
            for t in tasks:
                group.append(t)
                size += t[0].size
                if len(group) >= GROUP_FILES or size >= GROUP_BYTES:
                    prefetch.add(group)
                    pending.append((size, pool.apply_async(_process_group, (group,))))
                    ahead += size
                    group, size = [], 0
                    while ahead > AHEAD_BYTES and len(pending) > jobs:
                        done, res = pending.popleft()
                        ahead -= done
                        yield from res.get()
            if group:
                pending.append((size, pool.apply_async(_process_group, (group,))))
            while pending:
                yield from pending.popleft()[1].get()
        finally:
            prefetch.close()


NAME_GROUP = 50_000  # names merged at once (whole partitions; see Store.name_groups)


def _merge_group(rows: list[tuple[str, str, int]]) -> dict[str, str]:
    """The names of ``rows`` (name, key, count) that merge into another name -> that name."""
    from factcheck.extract.aliases import merge_aliases

    merged = merge_aliases({n: c for n, _, c in rows}, keys={n: k for n, k, _ in rows})
    return {n: canon for n, canon in merged.items() if canon != n}


def _merge_names(store: Store, jobs: int, firsts: set[str] | None) -> None:
    """Merge the corpus's entity names into aliases: all of them (``firsts`` None, a first build)
    or the partitions whose names' counts moved.  One group of partitions at a time, up to ``jobs``
    groups in forked processes while this one writes what the others merged: the corpus's 430,000
    names a gigabyte never sit in memory at once."""
    import itertools
    from collections import deque

    fresh = firsts is None
    store.fill_name_keys()
    done: set[str] = set()

    def write(chars: list[str], rows: list[tuple[str, str, int]], merged: dict[str, str]) -> None:
        store.replace_aliases(rows, merged, chars, fresh=fresh)
        done.update(chars)

    groups = store.name_groups(firsts, NAME_GROUP)
    head = list(itertools.islice(groups, 2))
    if jobs <= 1 or len(head) < 2:
        for chars, rows in itertools.chain(head, groups):
            write(chars, rows, _merge_group(rows))
    else:
        with _pool(jobs) as pool:
            pending: deque[tuple[list[str], list[tuple[str, str, int]], AsyncResult[dict[str, str]]]] = (
                deque()
            )
            for chars, rows in itertools.chain(head, groups):
                pending.append((chars, rows, pool.apply_async(_merge_group, (rows,))))
                while len(pending) > jobs:
                    c, r, res = pending.popleft()
                    write(c, r, res.get())
            while pending:
                c, r, res = pending.popleft()
                write(c, r, res.get())
    if firsts:
        gone = sorted(firsts - done)  # partitions whose every name is gone
        if gone:
            store.replace_aliases([], {}, gone, fresh=False)


def _ensure_rates(store: Store) -> None:
    from factcheck.rates import ecb_rates, rates_version

    v = rates_version()
    if store.get_meta("rates_version") != v or not store.has_rates():
        store.replace_rates(*ecb_rates())
        store.set_meta("rates_version", v)


def build_index(
    sources: Path,
    db: Path,
    *,
    rebuild: bool = False,
    jobs: int | None = None,
    follow_symlinks: bool = False,
    wait: float = 600.0,
    progress: ProgressFn | None = None,
    notice: NoticeFn | None = None,
    fields: RecordFields | None = None,
) -> IndexReport:
    """Bring the index at ``db`` up to date with ``sources`` (a folder, or a JSON Lines / CSV file of
    records with ``fields`` naming their text, id, date, outlet and title); returns what was done."""
    t0 = time.perf_counter()
    report = IndexReport()
    records = is_record_corpus(sources)
    corpus_state = ""  # a record corpus's file state; a folder's is its scan's signature
    root = sources
    if records:
        if fields is None and db.exists():
            with contextlib.suppress(StoreError), Store.open(db) as previous:
                saved = previous.get_meta("record_fields")
                fields = RecordFields.from_json(saved) if saved else None
        fields = fields or RecordFields()
        st = sources.stat()
        corpus_state = f"{st.st_size}:{st.st_mtime_ns}:{fields.to_json()}"
        entries: Iterable[FileEntry] = _record_entries(sources, fields, st.st_mtime_ns, report)
        total = st.st_size
    else:
        quick = None if rebuild or follow_symlinks else _unchanged(sources, db)
        if quick is not None:
            report.unchanged = quick["sources"]
            report.sources, report.passages, report.facts = (
                quick["sources"],
                quick["passages"],
                quick["facts"],
            )
            report.seconds = time.perf_counter() - t0
            return report
        # walked while staged in the index (see _stage): the listing never sits in memory
        entries = walk(sources, report.warnings, follow_symlinks=follow_symlinks)
        root = sources.resolve()
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise IndexError_(f"cannot create the index folder {db.parent}: {e.strerror}") from e
    jobs = jobs or min(2, os.cpu_count() or 1)
    catalog = {} if records else _catalog(sources, report)
    try:
        lock = writer_lock(db, wait=wait, notice=notice)
        lock.__enter__()
    except OSError as e:
        raise IndexError_(
            f"cannot write beside the index {db}: {e.strerror}: "
            "use --db FILE (or FACTCHECK_DB) to keep the index in a writable folder"
        ) from e
    try:
        _remove_orphans(db)
        fresh = rebuild or not db.exists()
        if not fresh:
            store = Store.open(db, readonly=False)
        if fresh:
            report.rebuilt = True
            tmp = db.with_name(f".{db.name}.tmp-{os.getpid()}")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            store = Store.create(tmp, bulk=True)
            try:
                store.conn.execute(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")  # page cache for the build
                store.begin()
                if records:
                    rows: Iterable[Row] = _record_rows(store, entries, report, refresh=False)
                else:
                    corpus_state = _stage(store, entries, follow_symlinks)
                    _, total, staged = store.scan_changes(fresh=True)
                    rows = _staged(root, staged)
                _fill(store, rows, catalog, jobs, report, progress, total, refresh=False)
                store.scan_end()
                store.set_meta("corpus_state", corpus_state)
                if fields is not None:
                    store.set_meta("record_fields", fields.to_json())
                _ensure_rates(store)
                _merge_names(store, jobs, None)
                store.index_rows()
                store.commit()
                store.conn.execute("PRAGMA journal_mode = WAL")
                counts = store.counts()
                store.close()
                for suffix in ("-wal", "-shm"):
                    with contextlib.suppress(FileNotFoundError):
                        db.with_name(db.name + suffix).unlink()
                os.replace(tmp, db)
            except BaseException:
                store.close()
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
                raise
        else:
            try:
                store.set_wal()
                store.begin()
                moved: set[str] = set()
                if not records:
                    corpus_state = _stage(store, entries, follow_symlinks)
                if store.get_meta("corpus_state") == corpus_state:
                    # the folder (every path, size and mtime) or the corpus file is as indexed
                    report.unchanged = store.counts(cached=True)["sources"]
                else:
                    if records:
                        store.scan_begin()
                        rows = _record_rows(store, entries, report, refresh=True)
                    else:
                        unchanged, total, staged = store.scan_changes(fresh=False)
                        report.unchanged += unchanged
                        rows = _staged(root, staged)
                    moved = _fill(store, rows, catalog, jobs, report, progress, total, refresh=True)
                    store.set_meta("corpus_state", corpus_state)
                    if fields is not None:
                        store.set_meta("record_fields", fields.to_json())
                store.scan_end()
                if report.changed_anything or not store.has_rates():
                    _ensure_rates(store)
                if moved:
                    # only the partitions whose names' counts moved, not for an edit that leaves every
                    # name as often as it was (all of a gigabyte's names merge in ~7 s)
                    _merge_names(store, jobs, moved)
                store.commit()
                counts = store.counts(cached=not report.changed_anything)
            except BaseException:
                store.rollback()
                raise
            finally:
                store.close()
    except sqlite3.Error as e:
        raise _write_error(db, e) from e
    finally:
        lock.__exit__(None, None, None)
    report.sources = counts["sources"]
    report.passages = counts["passages"]
    report.facts = counts["facts"]
    report.seconds = time.perf_counter() - t0
    return report


def _unchanged(sources: Path, db: Path) -> dict[str, int] | None:
    """The index's counts when GNU find lists the folder exactly as indexed (nothing to do), else
    None: a refresh of an unchanged gigabyte folder then never walks it in Python."""
    if not db.exists():
        return None
    try:
        with Store.open(db) as store:
            state = store.get_meta("corpus_state")
            if state is None or not store.has_rates() or find_signature(sources) != state:
                return None
            return store.counts(cached=True)
    except (StoreError, sqlite3.Error):
        return None  # the full run says what is wrong


Row = tuple[FileEntry, SourceState | None]  # a document to (re)process and its indexed state


def _fill(
    store: Store,
    rows: Iterable[Row],
    catalog: dict[str, dict[str, str]],
    jobs: int,
    report: IndexReport,
    progress: ProgressFn | None,
    total: int,
    *,
    refresh: bool,
) -> set[str]:
    """Process and insert every row's document (new, or changed since indexed); on a ``refresh``
    remove the sources the staged scan no longer lists.  Returns (on a refresh; a first build merges
    every name) the partitions (first characters of name keys, see :meth:`Store.name_groups`) whose
    names' counts changed: only those need merging again (none after an edit that leaves every name
    as often as it was)."""
    moved: set[str] = set()
    inflight: dict[str, SourceState] = {}  # the states of the documents handed to the workers

    def differ(old: str, new: str) -> None:
        if old == new:
            return
        a, b = json.loads(old), json.loads(new)
        for name in a.keys() | b.keys():
            if a.get(name) != b.get(name) and (k := name_key(name)):
                moved.add(k[0])

    def tasks() -> Iterator[Task]:
        for e, st in rows:
            if st is not None:
                inflight[e.relpath] = st
            yield e, catalog.get(e.relpath) or {}, st.hash if st else ""

    done = 0
    if progress:
        progress(0, total)
    for res in _results(tasks(), jobs, total < INLINE_BYTES):
        e = res.entry
        st = inflight.pop(e.relpath, None)
        for w in res.warnings:
            report.warnings.append((e.relpath, w))
        if st is not None and res.same:
            store.touch_source(st.id, e.size, e.mtime_ns)
            report.unchanged += 1
        else:
            new = res.rows or _NO_ROWS
            if st is not None:
                differ(store.remove_source(st.id), new.mentions)
                report.changed += 1
            else:
                report.added += 1
                if refresh:
                    differ("{}", new.mentions)
            store.add_source(new_source(res), new)
        done += e.size
        if progress:
            progress(done, total)
    if refresh:
        for source_id in store.unscanned_sources():
            differ(store.remove_source(source_id), "{}")
            report.removed += 1
    return moved


def _stage(store: Store, entries: Iterable[FileEntry], follow_symlinks: bool) -> str:
    """Stage a folder's scan in the index's temporary store; returns its :func:`scan_signature`."""
    sig = _Signature(follow_symlinks)

    def rows() -> Iterator[tuple[str, int, int]]:
        for e in entries:
            sig.add(e)
            yield e.relpath, e.size, e.mtime_ns

    store.scan_begin()
    store.scan_add(rows())
    return sig.hexdigest()


def _staged(root: Path, staged: Iterable[tuple[str, int, int, SourceState | None]]) -> Iterator[Row]:
    base = str(root)
    for rel, size, mtime_ns, st in staged:
        yield FileEntry(rel, os.path.join(base, rel), size, mtime_ns), st


def _record_rows(
    store: Store, entries: Iterable[FileEntry], report: IndexReport, *, refresh: bool
) -> Iterator[Row]:
    """The records of a JSON Lines / CSV corpus to (re)process; on a ``refresh`` each is staged (so
    the records that are gone can be found) and those as indexed are passed over."""
    for e in entries:
        if not refresh:
            yield e, None
            continue
        store.scan_add(((e.relpath, e.size, e.mtime_ns),))
        st = store.source_state(e.relpath)
        if st is not None and st.size == e.size and st.mtime_ns == e.mtime_ns:
            report.unchanged += 1
            continue
        yield e, st


def _record_entries(
    path: Path, fields: RecordFields, mtime_ns: int, report: IndexReport
) -> Iterator[FileEntry]:
    warnings: list[tuple[int, str]] = []
    seen: set[str] = set()
    for rec in iter_records(path, fields, warnings):
        for n, msg in warnings:
            report.warnings.append((f"{path.name}:{n}", msg))
        warnings.clear()
        rid = rec.id
        if rid in seen:
            report.warnings.append(
                (f"{path.name}:{rec.line}", f"duplicate id {rid!r}; kept as {rid}~{rec.line}")
            )
            rid = f"{rid}~{rec.line}"
        seen.add(rid)
        data = rec.text.encode("utf-8", "surrogatepass")
        yield FileEntry(f"{path.name}#{rid}", str(path), len(data), mtime_ns, data, rec.metadata)
    for n, msg in warnings:
        report.warnings.append((f"{path.name}:{n}", msg))


class _Signature:
    """:func:`scan_signature`, fed one file at a time in any order: the number of files and the sum
    (mod 2**256) of a hash of each file's path, size and mtime.  A sum does not depend on the order,
    so neither a scan nor GNU find's listing is held and sorted to compute it (a sorted listing of a
    gigabyte's 275,000 files held ~80 MB); files are not chosen by an adversary, so a sum of 256-bit
    hashes is as good as one hash of the sorted listing at telling whether anything changed."""

    def __init__(self, follow_symlinks: bool) -> None:
        self._person = b"links" if follow_symlinks else b"nolinks"
        self._sum = 0
        self._files = 0

    def add_line(self, line: bytes) -> None:
        digest = hashlib.blake2b(line, digest_size=32, person=self._person).digest()
        self._sum += int.from_bytes(digest, "little")
        self._files += 1

    def add(self, e: FileEntry) -> None:
        self.add_line(f"{e.relpath}\0{e.size}\0{e.mtime_ns}".encode("utf-8", "surrogateescape"))

    def hexdigest(self) -> str:
        return f"scan2:{self._files}:{self._sum & ((1 << 256) - 1):064x}"


def scan_signature(entries: Iterable[FileEntry], follow_symlinks: bool) -> str:
    """A digest of every path, size and mtime of a scanned folder: equal digests mean nothing changed,
    so a refresh of an unchanged folder needs no look at the index's 275,000 rows."""
    sig = _Signature(follow_symlinks)
    for e in entries:
        sig.add(e)
    return sig.hexdigest()


def find_signature(sources: Path) -> str | None:
    """:func:`scan_signature` of ``sources`` (links not followed) from GNU ``find``, without Python
    touching each file: the staleness check every search and check runs stats 275,000 files of a
    gigabyte corpus in ~0.5 s this way against ~1.8 s for :func:`scan`.  None when ``find`` is
    missing, is not GNU find, or reports any problem (the caller then scans in Python)."""
    import shutil
    import subprocess

    exe = shutil.which("find")
    if exe is None:
        return None
    root = sources.resolve()
    # hidden names are pruned like scan(); symbolic links are not files (-type f).  The listing is
    # read while find is still walking, so parsing it costs no time of its own on two cores.
    cmd = [exe, str(root), "-mindepth", "1", "-name", ".*", "-prune", "-o", "-type", "f"]
    sig = _Signature(False)
    rest = b""
    try:
        with subprocess.Popen(
            [*cmd, "-printf", "%P\\0%s\\0%T@\\0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        ) as proc:
            assert proc.stdout is not None
            while chunk := os.read(proc.stdout.fileno(), 1 << 20):
                fields = (rest + chunk).split(b"\0")
                whole = (len(fields) - 1) // 3 * 3  # complete (path, size, mtime) triples
                rest = b"\0".join(fields[whole:])
                if not _listing_rows(fields[:whole], sig):
                    proc.kill()
                    return None
            if proc.wait(timeout=60) != 0:
                return None  # unreadable folders and the like: scan() words the warnings
    except (OSError, subprocess.SubprocessError):
        return None
    if rest:
        return None
    return sig.hexdigest()


def _listing_rows(fields: list[bytes], sig: _Signature) -> bool:
    """Add the indexable files of find's (path, size, mtime) fields to ``sig``; False when a field is
    not as GNU find writes it."""
    for path, size, mtime in zip(fields[0::3], fields[1::3], fields[2::3], strict=True):
        rel = path.decode("utf-8", "surrogateescape")
        if not rel.lower().endswith(SUPPORTED_SUFFIXES) or rel == CATALOG_NAME:
            continue
        if is_folder_documentation(rel.rsplit("/", 1)[-1]):
            continue
        sec, _, frac = mtime.partition(b".")
        if not sec.isdigit() or not frac.isdigit() or len(frac) < 9 or not size.isdigit():
            return False  # before 1970, or another find's format
        sig.add_line(b"%s\0%d\0%d" % (path, int(size), int(sec + frac[:9])))
    return True


def index_is_stale(sources: Path, db: Path) -> bool:
    """True when the sources differ (by path, size or mtime) from what the index holds."""
    if is_record_corpus(sources):
        with Store.open(db) as store:
            state = store.get_meta("corpus_state") or ""
        fst = sources.stat()
        return not state.startswith(f"{fst.st_size}:{fst.st_mtime_ns}:")
    with Store.open(db) as store:
        indexed = store.get_meta("corpus_state")
        if indexed is not None and find_signature(sources) == indexed:
            return False
        # no GNU find, or it differs: walk the folder (twice at most, holding no listing)
        if indexed == scan_signature(walk(sources, []), False):
            return False
        listed = 0
        for e in walk(sources, []):
            listed += 1
            st = store.source_state(e.relpath)
            if st is None or st.size != e.size or st.mtime_ns != e.mtime_ns:
                return True
        return listed != store.source_count()
