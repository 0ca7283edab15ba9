"""The queries a large event set is read through: plain SQL over one table, ``events``, with the resolved table's
columns (``dashboard.model.frame.COLUMNS``).

In process, DuckDB runs them over the table in memory (no copy: it reads pandas' columns through Arrow); the same
statements run over the Parquet cache (``FROM read_parquet('…')``). They use only standard SQL (``floor``,
``GROUP BY``, ``row_number() OVER``), so a deployment that outgrows one machine sends these statements (module
constants) to the engine it already has (ClickHouse, PostgreSQL/PostGIS, Spark SQL), rather than anything
home-made. Ties go to the first category (or colour) in sort order, as in the pandas code they replace.
"""

from __future__ import annotations

import duckdb
import pandas as pd

GRID_COUNTS = """
WITH cells AS (
    SELECT floor(lon / $side) AS col, floor(lat / $side) AS row, category, coalesce(killed, 0) AS killed
    FROM events),
per_category AS (
    SELECT col, row, category, count(*) AS n, sum(killed) AS killed FROM cells GROUP BY col, row, category),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY col, row ORDER BY n DESC, category) AS place FROM per_category)
SELECT col, row, CAST(sum(n) AS BIGINT) AS count, sum(killed) AS killed, max(CASE WHEN place = 1 THEN category END) AS category
FROM ranked GROUP BY col, row ORDER BY col, row
"""

DAILY_COUNTS = """
WITH days AS (
    SELECT round(lane_y) AS y, date_trunc('day', date + (date_end - date) / 2) AS day, colour,
           coalesce(killed, 0) AS killed
    FROM events),
per_colour AS (
    SELECT y, day, colour, count(*) AS n, sum(killed) AS killed FROM days GROUP BY y, day, colour),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY y, day ORDER BY n DESC, colour) AS place FROM per_colour)
SELECT y, day, CAST(sum(n) AS BIGINT) AS count, sum(killed) AS killed, max(CASE WHEN place = 1 THEN colour END) AS colour
FROM ranked GROUP BY y, day ORDER BY y, day
"""


def run(sql: str, events: pd.DataFrame | None, parameters: dict | None = None,
        connection: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
    """``sql`` over ``events`` (registered as the table ``events``), its result as a frame, in an in-process
    DuckDB; or, with ``events`` None, over the ``events`` table or view the given ``connection`` already has
    (the Parquet cache, another engine's table)."""
    con = connection or duckdb.connect()
    try:
        if events is not None:
            con.register("events", events)
        return con.execute(sql, parameters or {}).df()
    finally:
        if events is not None:
            con.unregister("events")
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
    events = frame[["date", "date_end", "colour", "killed"]].astype({"killed": "float64"}).assign(
        lane_y=lane_y.to_numpy(dtype=float))
    return run(DAILY_COUNTS, events)
