"""The queries a large event set is read through: plain SQL over one table, ``events``, with the resolved table's
columns (``dashboard.model.table.COLUMNS``).

In process, DuckDB runs them over the table in memory (no copy: it reads pandas' columns through Arrow); the same
statements run over the Parquet cache (``FROM read_parquet('…')``). They use only standard SQL (``floor``,
``GROUP BY``, ``row_number() OVER``), so a deployment that outgrows one machine sends these statements (module
constants) to the engine it already has (ClickHouse, PostgreSQL/PostGIS, Spark SQL), rather than anything
home-made; tested unchanged on DuckDB and on ClickHouse's engine (chdb). Ties go to the first category (or colour)
in sort order, as in the pandas code they replace.

A statement's parameters (the grid's ``side``) are read from a one-row table, ``parameters``, rather than from
placeholders: every engine spells placeholders its own way (``$side``, ``?``, ``{side:Float64}``), while any engine
can hold a one-row table.
"""

from __future__ import annotations

import duckdb
import pandas as pd


def counts_with_commonest(rows: str, keys: str, commonest: str) -> str:
    """SQL counting the ``rows`` (a SELECT naming ``keys``, ``commonest`` and ``killed``) per ``keys``: ``count``,
    ``killed`` and the commonest value of ``commonest`` (ties: the first in sort order)."""
    return f"""
WITH keyed AS ({rows}),
per_value AS (
    SELECT {keys}, {commonest}, count(*) AS n, sum(killed) AS killed FROM keyed GROUP BY {keys}, {commonest}),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY {keys} ORDER BY n DESC, {commonest}) AS place FROM per_value)
SELECT {keys}, CAST(sum(n) AS BIGINT) AS count, sum(killed) AS killed,
       max(CASE WHEN place = 1 THEN {commonest} END) AS {commonest}
FROM ranked GROUP BY {keys} ORDER BY {keys}
"""


GRID_COUNTS = counts_with_commonest(
    "SELECT floor(lon / parameters.side) AS col, floor(lat / parameters.side) AS row, category, "
    "coalesce(killed, 0) AS killed FROM events CROSS JOIN parameters", "col, row", "category")
DAILY_COUNTS = counts_with_commonest(  # ``middle``: the instant an event is drawn at (engines differ on date arithmetic)
    "SELECT round(lane_y) AS y, date_trunc('day', middle) AS day, colour, coalesce(killed, 0) AS killed "
    "FROM events", "y, day", "colour")


# One in-process database for the app; each query runs on a cursor of its own (a connection to it that registers
# its own ``events``, so concurrent requests never see each other's), which costs ~2 ms where a new database
# costs ~10 ms (measured, 10,000 rows).
_DATABASE = duckdb.connect()


def run(sql: str, events: pd.DataFrame | None, parameters: dict | None = None,
        connection: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
    """``sql`` over ``events`` (registered as the table ``events``) and ``parameters`` (as the one-row table
    ``parameters``), its result as a frame, in an in-process DuckDB; or, with ``events`` None, over the ``events``
    table or view the given ``connection`` already has (the Parquet cache, another engine's table)."""
    con = connection or _DATABASE.cursor()
    tables = {"events": events, "parameters": pd.DataFrame([parameters]) if parameters else None}
    registered = [name for name, table in tables.items() if table is not None]
    try:
        for name in registered:
            con.register(name, tables[name])
        return con.execute(sql).df()
    finally:
        for name in registered:
            con.unregister(name)
        if connection is None:
            con.close()


def grid_counts(frame: pd.DataFrame, side: float) -> pd.DataFrame:
    """Per grid cell of ``side`` degrees (anchored at 0°, 0°) holding events: ``col``, ``row``, ``count``,
    ``killed`` and the commonest ``category``."""
    events = frame[["lon", "lat", "category", "killed"]].astype({"killed": "float64"})
    return run(GRID_COUNTS, events, {"side": side})


def daily_counts(frame: pd.DataFrame, lane_y: pd.Series) -> pd.DataFrame:
    """Per lane (the rounded ``lane_y``) and day holding events (a span or a month at its middle day): ``y``,
    ``day``, ``count``, ``killed`` and the commonest ``colour``."""
    return run(DAILY_COUNTS, daily_rows(frame, lane_y))


def daily_rows(frame: pd.DataFrame, lane_y: pd.Series) -> pd.DataFrame:
    """What ``DAILY_COUNTS`` counts: each event's ``middle`` instant, ``colour``, ``killed`` and ``lane_y``."""
    return pd.DataFrame({"middle": frame["date"] + (frame["date_end"] - frame["date"]) / 2,
                         "colour": frame["colour"], "killed": frame["killed"].astype("float64"),
                         "lane_y": lane_y.to_numpy(dtype=float)})
