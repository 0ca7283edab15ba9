"""Callbacks called as plain functions, with the trigger Dash would report, on the real data."""

from __future__ import annotations

import json
from contextvars import copy_context

import plotly.io as pio
import pytest
from dash import Patch, no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict

from dashboard.figures.map import MapTrace
from dashboard.web import callbacks as cb
from dashboard.web.app import create_app
from dashboard.web.ids import ID
from tests.conftest import BUNDLED, replace_once

ALL_CATEGORIES = ["militant_attack", "strike", "security_operation", "diplomatic", "statement", "meeting", "visit"]
NO_FILTERS = (ALL_CATEGORIES, None, None, "", None, None)
STRIKE = "pakistan-strikes-iran-2024-01-17"


@pytest.fixture(scope="module")
def app():
    return create_app(BUNDLED)


def call(app, function, trigger: str | dict | None, *args):
    """Run ``function(*args)`` as Dash would for an input ``trigger`` ("component.property")."""
    prop_id = json.dumps(trigger[0], sort_keys=True) + "." + trigger[1] if isinstance(trigger, tuple) else trigger

    def run():
        triggered = [{"prop_id": prop_id, "value": 1}] if prop_id else []
        context_value.set(AttributeDict(triggered_inputs=triggered, inputs_list=[], states_list=[], outputs_list=[]))
        with app.server.app_context():
            return function(*args)

    return copy_context().run(run)


def patch_bytes(patch) -> int:
    return len(pio.to_json(patch.to_plotly_json() if isinstance(patch, Patch) else patch, validate=False))


def test_map_click_selects_the_clicked_event(app):
    click = {"points": [{"customdata": STRIKE, "lat": 27.37, "lon": 62.33}]}
    selected, _, map_click, _ = call(app, cb.select_event, "map.clickData", click, None, [], 0, 0, 0, 0, None,
                                     *NO_FILTERS, None)
    assert selected == STRIKE and map_click is None  # consumed, so the same point can be clicked again


def test_strip_click_without_an_event_selects_nothing(app):
    click = {"points": [{"x": "2024-01-17", "y": 2}]}
    selected, *_ = call(app, cb.select_event, "timeline.clickData", None, click, [], 0, 0, 0, 0, None, *NO_FILTERS, None)
    assert selected is no_update


def test_next_steps_in_time_order_within_the_filters(app):
    first, *_ = call(app, cb.select_event, "step-next.n_clicks", None, None, [], 0, 0, 1, 0, None, *NO_FILTERS, None)
    assert first == "rask-police-attack-2023-12"
    strikes_only = (["strike"], None, None, "", None, None)
    second, *_ = call(app, cb.select_event, "step-next.n_clicks", None, None, [], 0, 0, 1, 0,
                     "iran-strikes-pakistan-2024-01-16", *strikes_only, None)
    assert second == STRIKE
    last, stop, *_ = call(app, cb.select_event, "ticker.n_intervals", None, None, [], 0, 0, 0, 5, STRIKE, *strikes_only, None)
    assert (last, stop) == (STRIKE, True)  # playback stops at the last event


def test_event_link_selects_but_a_rerendered_link_does_not(app):
    trigger = ({"id": STRIKE, "type": ID.EVENT_LINK}, "n_clicks")
    selected, *_ = call(app, cb.select_event, trigger, None, None, [1], 0, 0, 0, 0, None, *NO_FILTERS, None)
    assert selected == STRIKE


def test_render_views_sends_whole_figures_once_then_patches(app):
    first = call(app, cb.render_views, None, *NO_FILTERS, "category", "count", "offline", None, "v", None, None)
    map_figure, _, count, key = first
    assert count == "13 of 13 events" and key.endswith("|category|count|offline")
    assert len(map_figure.data[MapTrace.EVENTS].lat) == 13
    filtered = call(app, cb.render_views, "filter-category.value", ["strike"], None, None, "", None, None,
                    "category", "count", "offline", None, "v", None, key)
    map_patch, timeline_patch, count, new_key = filtered
    assert isinstance(map_patch, Patch) and isinstance(timeline_patch, Patch) and new_key is no_update
    assert count == "2 of 13 events"
    assert patch_bytes(map_patch) < pio.to_json(map_figure).__len__() / 5  # no base layers resent


def test_highlight_is_a_small_patch(app):
    key = call(app, cb.render_views, None, *NO_FILTERS, "category", "count", "offline", None, "v", None, None)[3]
    map_patch, timeline_patch, detail = call(app, cb.highlight, "selected.data", STRIKE, *NO_FILTERS, "category",
                                             None, None, key)
    operations = {tuple(op["location"]) for op in map_patch.to_plotly_json()["operations"]}
    assert ("data", MapTrace.EVENTS, "selectedpoints") in operations
    assert ("layout", "map", "center") in operations
    assert patch_bytes(map_patch) + patch_bytes(timeline_patch) < 3000
    text = json.dumps(detail, default=lambda c: c.to_plotly_json())
    assert "Reuters was able to confirm the location as a village near Saravan" in text


def test_sync_url_decodes_once_then_encodes(app):
    controls = [ALL_CATEGORIES, None, None, "", None, None, "category", "count", "offline", None]
    decoded = call(app, cb.sync_url, "url.search", "?cat=strike&sel=" + STRIKE + "&bogus=1", 0, *controls, False)
    assert decoded[0] is no_update and decoded[1] is True
    assert decoded[2] == ["strike"] and decoded[-1] == STRIKE
    encoded = call(app, cb.sync_url, "lanes.value", "", 0, ALL_CATEGORIES, None, None, "", "2024-01-10", None,
                   "actor", "count", "offline", None, True)
    assert encoded[0] == "?from=2024-01-10&lanes=actor"
    reset = call(app, cb.sync_url, "reset.n_clicks", "?lanes=actor", 1, *controls, True)
    assert reset[0] == "" and reset[2] == ALL_CATEGORIES


def test_timeline_zoom_sets_the_window(app):
    assert call(app, cb.window_from_timeline, "timeline.relayoutData",
                {"xaxis.range[0]": "2024-01-15 03:00", "xaxis.range[1]": "2024-01-20"}) == ("2024-01-15", "2024-01-20")
    assert call(app, cb.window_from_timeline, "timeline.relayoutData", {"xaxis.autorange": True}) == (None, None)


def test_table_sorts_by_header_and_opens_on_the_selected_page(app):
    state = {"column": "date", "ascending": True, "page": 0}
    _, state = call(app, cb.render_table, ({"column": "casualties", "type": "sort"}, "n_clicks"), *NO_FILTERS,
                           None, None, [1], [], "v", state)
    assert state["column"] == "casualties" and state["ascending"] is True
    again, state = call(app, cb.render_table, ({"column": "casualties", "type": "sort"}, "n_clicks"), *NO_FILTERS,
                        None, None, [2], [], "v", state)
    assert state["ascending"] is False
    body = again[0].children[2].children
    assert [row.children[5].children for row in body[:2]] == ["9 killed, 3 injured", "11 killed"]  # 12, then 11


def test_refresh_keeps_last_good_data_and_shows_the_errors(data_copy):
    app = create_app(data_copy)
    version = call(app, cb.refresh_data, "refresh.n_clicks", 1, None)[0]
    replace_once(data_copy, 'date: "2024-01-10"', 'date: "2024-02-30"')
    shown, banner, *_ = call(app, cb.refresh_data, "refresh.n_clicks", 2, version)
    assert shown is no_update  # the last good version stays on screen
    text = json.dumps(banner, default=lambda c: c.to_plotly_json())
    assert "events.yaml:" in text and "events[1].date" in text and "2024-02-30" in text
    with app.server.app_context():
        assert cb.snapshot().table.version == version and cb.snapshot().stale


def test_map_box_selection_filters_timeline_and_count_but_not_the_map(app):
    key = call(app, cb.render_views, None, *NO_FILTERS, "category", "count", "offline", None, "v", None, None)[3]
    box = {"points": [{"customdata": STRIKE}, {"customdata": "saravan-killing-2024-01-27"}]}
    map_patch, timeline_patch, count, _ = call(app, cb.render_views, "map.selectedData", *NO_FILTERS, "category",
                                               "count", "offline", box, "v", None, key)
    assert count == "2 of 13 events"
    assert map_patch is no_update  # the map keeps showing everything, with its own selection
    operations = timeline_patch.to_plotly_json()["operations"]
    data = next(op["params"]["value"] for op in operations if op["location"] == ["data"])
    assert sorted(data[3]["customdata"]) == sorted([STRIKE, "saravan-killing-2024-01-27"])
