"""Large event sets resolved once: the resolved table kept as Parquet, keyed by the content hash of what it was
made from and by the table's schema (``model/table.SCHEMA``), and read back (columnar, typed) on the next start
instead of re-validating every row. A kept table whose columns are not the schema's is never read back.

The cache sits beside the data file in ``.crisis-cache/`` (a folder the app may write; if it cannot, the table is
simply resolved again next time). Small files are not cached: they load faster than a cache is checked.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.model.table import COLUMNS, SCHEMA, finish

CACHE_FOLDER = ".crisis-cache"
MIN_CACHED_ROWS = 5_000  # below this, resolving the file is about as fast as reading a cache


def cache_file(source: Path, version: str) -> Path:
    """Where the table of ``source`` at ``version`` is kept: a new schema (a column added, a type changed) is a new
    file, so a cache written before it is a miss, never a table missing a column."""
    return source.parent / CACHE_FOLDER / f"{source.stem}-{version}-{SCHEMA}.parquet"


def read_table(source: Path, version: str) -> pd.DataFrame | None:
    """The resolved table of ``source`` at ``version``, if it was kept; None otherwise (or if the cache is
    unreadable: it is only a cache)."""
    path = cache_file(source, version)
    if not path.is_file():
        return None
    try:
        frame = pq.read_table(path).to_pandas()
    except (OSError, pa.ArrowException):
        return None
    if list(frame.columns) != list(COLUMNS):  # written by hand or damaged: resolve the file again
        return None
    return finish(frame)


def write_table(frame: pd.DataFrame, source: Path, version: str) -> Path | None:
    """Keep a large resolved table (and drop the versions it replaces); None when small or not writable."""
    if len(frame) < MIN_CACHED_ROWS:
        return None
    path = cache_file(source, version)
    try:
        path.parent.mkdir(exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), partial)
        partial.replace(path)  # whole or not at all: a reader never sees half a file
        for old in path.parent.glob(f"{source.stem}-*.parquet"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, pa.ArrowException):
        return None
    return path
