"""The resolved table's one definition: every builder's table has the declared columns, types and order."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.model.loading import load_events
from dashboard.model.table import COLUMNS, LIST, LIST_COLUMNS, empty, finish
from tests.support import ROOT

BUILT = {  # one table of each builder
    "events file": ROOT / "data/events.yaml",
    "ACLED export": ROOT / "tests/fixtures/acled/pakistan-iran-2024-01.csv",
    "older ACLED export": ROOT / "tests/fixtures/acled/pakistan-2022-older-columns.csv",
}


def declared_dtypes() -> dict[str, str]:
    return {name: "object" if column.dtype == LIST else column.dtype for name, column in COLUMNS.items()}


@pytest.mark.parametrize("path", BUILT.values(), ids=BUILT.keys())
def test_every_builder_gives_the_declared_columns_types_and_order(path):
    frame = load_events(path).frame
    assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == declared_dtypes()
    assert (frame["date"].diff().dropna() >= pd.Timedelta(0)).all()
    for name in LIST_COLUMNS:
        assert all(isinstance(cell, list) for cell in frame[name]), name
    pd.testing.assert_frame_equal(finish(frame), frame)  # finished once is finished


def test_finish_fills_what_a_builder_leaves_out_with_the_defaults():
    written = pd.DataFrame({"id": ["b", "a", "c"], "line": [3, 1, 2],
                            "date": pd.to_datetime(["2024-01-02", "2024-01-02", "2024-01-01"]),
                            "killed": [None, 4.0, None]})
    frame = finish(written)
    assert list(frame.columns) == list(COLUMNS)
    assert frame["id"].tolist() == ["c", "a", "b"]  # by date, then id
    assert frame["line"].tolist() == [2, 1, 3]
    assert frame["status"].tolist() == ["occurred"] * 3 and not frame["disputed"].any()
    assert frame["killed"].tolist()[1] == 4 and frame["killed"].isna().sum() == 2
    assert frame["responds_to"].tolist() == [[], [], []]
    assert frame["responds_to"][0] is not frame["responds_to"][1]  # a list per row, never one shared
    assert frame["crossed_border"].isna().all() and frame["phase"].isna().all()
    assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == declared_dtypes()


def test_an_empty_table_has_every_column():
    frame = empty()
    assert frame.empty and {name: str(dtype) for name, dtype in frame.dtypes.items()} == declared_dtypes()


def test_an_event_known_only_to_its_country_is_named_by_the_country(tmp_path):
    from tests.support import edited_bundled

    path = edited_bundled(tmp_path, lambda document: document["events"].append({
        "id": "statement-in-germany", "title": "A statement from somewhere in Germany", "category": "statement",
        "date": "2024-01-20", "place": {"country": "DE", "precision": "country"}, "description": "For this test.",
        "sources": [{"source": "thenews-1138727", "quote": "a quote from an outside source (not checked)"}]}))
    frame = load_events(path).frame.set_index("id")
    assert frame.loc["statement-in-germany", "place"] == "Germany (country)"
    assert frame.loc["kanani-statement-2024-01-27", "place"] == "Tehran (province)"  # known only to its province
