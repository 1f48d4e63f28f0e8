"""``sources/catalog.json``: metadata a user states about source files (outlet, title, date...).

Format::

    {"schema": 1,
     "sources": {"<path relative to the sources folder, '/'-separated>": {
         "outlet": "...", "title": "...", "date": "2025-06", "date_precision": "month",
         "date_inferred": true, "date_note": "why this date", "language": "en"}}}

Values are strings or booleans.  A missing catalog is an empty one; a malformed one is an error
(``ValueError`` with a one-line message), because silently ignoring it would hide the user's facts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path, PurePath

__all__ = ["CATALOG_NAME", "SCHEMA", "load_catalog", "metadata_for"]

CATALOG_NAME = "catalog.json"
SCHEMA = 1

CatalogEntry = dict[str, str | bool]


def load_catalog(sources_dir: Path) -> dict[str, CatalogEntry]:
    """The ``sources`` mapping of ``sources_dir/catalog.json``; ``{}`` when there is no catalog."""
    path = Path(sources_dir) / CATALOG_NAME
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as err:
        raise ValueError(f"{path}: cannot read catalog: {err}") from err
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise ValueError(
            f"{path}: not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})"
        ) from err
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object with 'schema' and 'sources'")
    if data.get("schema") != SCHEMA:
        raise ValueError(f"{path}: unsupported schema {data.get('schema')!r} (expected {SCHEMA})")
    sources = data.get("sources")
    if not isinstance(sources, dict):
        raise ValueError(f"{path}: 'sources' must be an object keyed by file name")
    catalog: dict[str, CatalogEntry] = {}
    for name, entry in sources.items():
        if not isinstance(entry, dict):
            raise ValueError(f"{path}: entry {name!r} must be an object")
        for key, value in entry.items():
            if not isinstance(value, str | bool):
                raise ValueError(
                    f"{path}: {name!r}.{key} must be a string or true/false, not {type(value).__name__}"
                )
        catalog[name] = dict(entry)
    return catalog


def metadata_for(
    relpath: str | PurePath,
    catalog: Mapping[str, Mapping[str, str | bool]],
    file_metadata: Mapping[str, str],
) -> dict[str, str | bool]:
    """Merge a file's own metadata (front matter / HTML ``<meta>``) with its catalog entry.

    Rule: key by key, an explicit catalog entry wins over the file's own metadata (the catalog is
    what the user stated; file metadata is whatever the page or its converter wrote), and file
    metadata fills the keys the catalog does not give.  The entry is looked up by the path relative
    to the sources folder ('/'-separated), then by the bare file name.
    """
    if not catalog:  # the common case when indexing a folder without a catalog: no path parsing
        return dict(file_metadata)
    key = PurePath(relpath).as_posix()
    entry = catalog.get(key)
    if entry is None:
        entry = catalog.get(PurePath(relpath).name, {})
    merged: dict[str, str | bool] = dict(file_metadata)
    merged.update(entry)
    return merged
