"""The SQL large sets are counted with, checked against plain pandas, in memory and over the Parquet cache, on
DuckDB and, unchanged, on ClickHouse's engine in process (chdb)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from dashboard.model import queries
from dashboard.model.loading import load_events
from dashboard.model.store import cache_file
from tests.synthetic import write_acled

pytestmark = pytest.mark.slow  # a generated file of 6,000 events


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    return load_events(write_acled(6_000, tmp_path_factory.mktemp("queries") / "acled.csv"))


def reference_grid(frame: pd.DataFrame, side: float) -> pd.DataFrame:
    """The same counts, in pandas: per cell, and the commonest category (ties: the first in sort order)."""
    keyed = frame.assign(col=np.floor(frame["lon"] / side), row=np.floor(frame["lat"] / side),
                         killed=frame["killed"].fillna(0).astype(float))
    per = keyed.groupby(["col", "row", "category"]).agg(n=("id", "size"), killed=("killed", "sum")).reset_index()
    top = per.sort_values(["col", "row", "n", "category"], ascending=[True, True, False, True]).drop_duplicates(
        ["col", "row"])
    totals = per.groupby(["col", "row"]).agg(count=("n", "sum"), killed=("killed", "sum")).reset_index()
    return totals.merge(top[["col", "row", "category"]], on=["col", "row"]).sort_values(["col", "row"])


def test_grid_counts_agree_with_pandas(table):
    for side in (0.05, 0.25, 1.0):
        got = queries.grid_counts(table.frame, side).reset_index(drop=True)
        expected = reference_grid(table.frame, side).reset_index(drop=True)
        pd.testing.assert_frame_equal(got[["col", "row", "count", "killed", "category"]], expected,
                                      check_dtype=False)


def test_daily_counts_count_every_event_once_per_lane_and_day(table):
    frame = table.frame
    lane = frame["category"].astype("category").cat.codes.astype(float) + 0.2
    days = queries.daily_counts(frame, lane)
    assert days["count"].sum() == len(frame) and days["killed"].sum() == frame["killed"].fillna(0).sum()
    middle = (frame["date"] + (frame["date_end"] - frame["date"]) / 2).dt.normalize()
    expected = pd.DataFrame({"y": lane.round(), "day": middle}).value_counts().sort_index()
    assert days.set_index(["y", "day"])["count"].tolist() == expected.tolist()


def _cached(table) -> Path:
    parquet = cache_file(table.path, table.version)
    assert parquet.is_file()
    return parquet


def test_the_same_sql_runs_over_the_parquet_cache(table):
    """What a deployment does with another engine: the table lives elsewhere; the statement is the same."""
    parquet = _cached(table)
    con = duckdb.connect()
    con.execute(f"CREATE VIEW events AS SELECT * FROM read_parquet('{parquet}')")
    from_parquet = queries.run(queries.GRID_COUNTS, None, {"side": 0.25}, connection=con)
    in_memory = queries.grid_counts(table.frame, 0.25)
    pd.testing.assert_frame_equal(from_parquet, in_memory, check_dtype=False)


def _daily_events(table) -> pd.DataFrame:
    """What ``daily_counts`` counts, with each event in the lane of its category."""
    frame = table.frame
    return queries.daily_rows(frame, frame["category"].astype("category").cat.codes.astype(float) + 0.2)


def test_the_same_statements_run_unchanged_on_clickhouse(table, tmp_path):
    """ClickHouse's engine, in process (chdb), over the same Parquet files: the module's statements as they are,
    the same rows out as DuckDB's."""
    from chdb import session as chdb_session
    daily = tmp_path / "daily.parquet"
    _daily_events(table).to_parquet(daily, index=False)
    clickhouse = chdb_session.Session(str(tmp_path / "chdb"))
    duck = duckdb.connect()
    try:
        for statement, source, side in ((queries.GRID_COUNTS, _cached(table), 0.25),
                                        (queries.DAILY_COUNTS, daily, None)):
            clickhouse.query(f"CREATE OR REPLACE VIEW events AS SELECT * FROM file('{source}', Parquet)")
            clickhouse.query(f"CREATE OR REPLACE VIEW parameters AS SELECT {side or 0} AS side")
            duck.execute(f"CREATE OR REPLACE VIEW events AS SELECT * FROM read_parquet('{source}')")
            on_clickhouse = clickhouse.query(statement, "DataFrame")
            on_duckdb = queries.run(statement, None, {"side": side} if side else None, connection=duck)
            assert len(on_duckdb) > 10
            for column in on_duckdb.columns:
                ours, theirs = on_duckdb[column], on_clickhouse[column]
                if pd.api.types.is_datetime64_any_dtype(ours):  # both midnights of the same days, zones aside
                    ours, theirs = ours.dt.tz_localize(None), pd.to_datetime(theirs).dt.tz_localize(None)
                    assert (ours == theirs).all(), column
                elif pd.api.types.is_numeric_dtype(ours):
                    assert np.allclose(ours.astype(float), theirs.astype(float)), column
                else:
                    assert ours.tolist() == theirs.tolist(), column
    finally:
        clickhouse.close()
        duck.close()
