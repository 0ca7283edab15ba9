"""The one filter every view uses, on the real resolved table."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from dashboard.model.loading import load_events
from dashboard.state.filters import Filters, apply_filters, filter_mask, options, step
from dashboard.state.filters import facets as facets_of
from dashboard.state.view import filtered
from tests.support import RED_SEA


@pytest.fixture(scope="module")
def frame(bundled_table):
    return bundled_table.frame


def ids(frame, filters):
    return set(apply_filters(frame, filters)["id"])


def test_no_filters_keep_everything(frame):
    assert len(apply_filters(frame, Filters())) == len(frame)


def test_category_actor_country_text(frame):
    assert ids(frame, Filters(categories=("strike",))) == {"iran-strikes-pakistan-2024-01-16", "pakistan-strikes-iran-2024-01-17"}
    assert ids(frame, Filters(categories=())) == set()
    assert ids(frame, Filters(actors=("Reza Amiri Moqaddam",))) == {"iran-ambassador-returns-2024-01-26"}
    assert all(c == "PK" for c in apply_filters(frame, Filters(countries=("PK",)))["point_country"])
    assert "jakigur-security-operation-2024-01-29" in ids(frame, Filters(text="jakigur"))
    assert ids(frame, Filters(text="JAISH UL-ADL")) >= {"rask-police-attack-2023-12"}


def test_window_keeps_spans_that_overlap_it(frame):
    december = ids(frame, Filters(start=dt.date(2023, 12, 20), end=dt.date(2023, 12, 21)))
    assert december == {"rask-police-attack-2023-12"}  # the month-only event covers all of December
    assert len(ids(frame, Filters(start=dt.date(2024, 1, 16), end=dt.date(2024, 1, 18)))) == 4


def test_box_selection(frame):
    assert ids(frame, Filters(ids=("saravan-killing-2024-01-27",))) == {"saravan-killing-2024-01-27"}
    assert ids(frame, Filters(ids=())) == set()
    assert Filters(ids=()).without_box().ids is None


def test_step():
    order = ["a", "b", "c"]
    assert step(order, None, 1) == "a" and step(order, None, -1) == "c"
    assert step(order, "a", 1) == "b" and step(order, "c", 1) == "c" and step(order, "a", -1) == "a"
    assert step([], "a", 1) is None


def test_options(frame):
    values = options(frame)
    assert values["countries"] == ["IR", "PK"]
    assert "Jaish ul-Adl" in values["actors"]


def test_describe():
    assert Filters().describe() == "all events"
    text = Filters(categories=("strike",), start=dt.date(2024, 1, 1), text="x").describe()
    assert "2024-01-01" in text and "strike" in text and '"x"' in text


DISPUTED = {"iran-strikes-pakistan-2024-01-16", "pakistan-strikes-iran-2024-01-17"}


def test_disputed_only_and_searching_for_it(frame):
    """Events sources disagree on: a filter of their own, and the word finds them (so do other flags)."""
    assert ids(frame, Filters(disputed=True)) == DISPUTED
    assert ids(frame, Filters(text="disputed")) == DISPUTED
    assert ids(frame, Filters(text="month only")) == {"rask-police-attack-2023-12"}
    assert "disputed only" in Filters(disputed=True).describe()


def test_kept_results_answer_only_for_their_own_table_and_filters(bundled_table):
    """A table keeps its last filter results (``filtered``): the same filters get the same rows; other filters or
    another table (a reloaded file) never get kept ones; nothing filtered out leaves the table's frame as it was."""
    frame = bundled_table.frame
    strikes = Filters(categories=("strike",))
    first = filtered(bundled_table, strikes)
    assert filtered(bundled_table, strikes) is first and set(first["category"]) == {"strike"} and len(first) == 2
    assert filtered(bundled_table, Filters(categories=("statement",))) is not first
    reloaded = replace(bundled_table, frame=frame.assign(category="statement"))
    assert filtered(reloaded, strikes).empty
    everything = apply_filters(frame, Filters())
    assert len(everything) == len(frame) and everything is not frame
    everything["title"] = "changed"
    assert not (frame["title"] == "changed").any()


@pytest.mark.parametrize("crisis", ["bundled", "red sea"])
def test_the_facets_the_browser_filters_by_keep_what_the_server_keeps(crisis, bundled_table):
    """The browser's first answer (assets/filter.js) tests each event's facets as ``filter_mask`` tests the frame:
    a category ticked off, and the disputed switch."""
    frame = (bundled_table if crisis == "bundled" else load_events(RED_SEA)).frame
    facets = facets_of(frame)
    for gone in frame["category"].unique():
        for disputed in (False, True):
            shown = tuple(category for category in frame["category"].unique() if category != gone)
            server = set(frame.loc[filter_mask(frame, Filters(categories=shown, disputed=disputed)), "id"])
            browser = {event for event, category, dispute in zip(frame["id"], facets["category"], facets["disputed"],
                                                                  strict=True)
                       if category in shown and (dispute or not disputed)}
            assert browser == server
