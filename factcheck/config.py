"""Where the sources and the index live.

Sources: ``--sources DIR``, else ``$FACTCHECK_SOURCES``, else ``./sources``.
Index: ``--db FILE``, else ``$FACTCHECK_DB``, else ``$XDG_CACHE_HOME/factcheck/index-<hash>.db``
(``~/.cache`` when XDG_CACHE_HOME is unset), where ``<hash>`` identifies the sources path, so each
sources folder gets its own index and a read-only sources folder can still be indexed.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

SOURCES_ENV = "FACTCHECK_SOURCES"
DB_ENV = "FACTCHECK_DB"


@dataclass(frozen=True, slots=True)
class Locations:
    sources: Path
    db: Path


def resolve(
    sources: str | os.PathLike[str] | None = None, db: str | os.PathLike[str] | None = None
) -> Locations:
    src = Path(sources or os.environ.get(SOURCES_ENV) or "sources").expanduser()
    if db or os.environ.get(DB_ENV):
        dbp = Path(db or os.environ[DB_ENV]).expanduser()
    else:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "factcheck"
        digest = hashlib.sha1(str(src.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:12]
        dbp = cache / f"index-{digest}.db"
    return Locations(sources=src, db=dbp)
