"""Callbacks called as plain functions (keyword arguments, as Dash's dict-style callbacks receive them),
with the trigger Dash would report, on the real data."""

from __future__ import annotations

import json
from contextvars import copy_context

import plotly.io as pio
import pytest
from dash import Patch, no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict

from dashboard.figures.map import HALO_LAYER, base_sources
from dashboard.figures.marks import MapTrace
from dashboard.figures.timeline import TimelineTrace
from dashboard.web import callbacks as cb
from dashboard.web.app import create_app
from dashboard.web.ids import ID
from dashboard.web.source import current_snapshot
from tests.support import BUNDLED, replace_once

ALL_CATEGORIES = ["militant_attack", "strike", "security_operation", "diplomatic", "statement", "meeting", "visit"]
NO_FILTERS = {"categories": ALL_CATEGORIES, "actors": None, "countries": None, "text": "", "start": None, "end": None,
              "box": []}
STRIKES_ONLY = {**NO_FILTERS, "categories": ["strike"]}
MODES = {"lanes": "category", "strip": "count", "basemap": "offline", "framing": "theatre"}
STRIKE = "pakistan-strikes-iran-2024-01-17"


@pytest.fixture(scope="module")
def app():
    return create_app(BUNDLED)


def call(app, function, trigger: str | tuple | None, set_props: dict | None = None, **kwargs):
    """Run ``function(**kwargs)`` as Dash would for an input ``trigger`` ("component.property"); what it writes
    with ``dash.set_props`` goes into ``set_props`` ({component id: props})."""
    prop_id = json.dumps(trigger[0], sort_keys=True) + "." + trigger[1] if isinstance(trigger, tuple) else trigger

    def run():
        triggered = [{"prop_id": prop_id, "value": 1}] if prop_id else []
        context_value.set(AttributeDict(triggered_inputs=triggered, inputs_list=[], states_list=[], outputs_list=[],
                                        updated_props={} if set_props is None else set_props))
        with app.server.test_request_context("/_dash-update-component", method="POST"):  # as Dash runs callbacks
            return function(**kwargs)

    return copy_context().run(run)


def registered(app, name: str):
    """The callback ``name`` as the app runs it: wrapped by ``registry.register`` (Dash's own wrapper taken off)."""
    specs = [spec["callback"] for spec in app.callback_map.values() if "callback" in spec]
    return next(function for function in specs if function.__name__ == name).__wrapped__


def patch_bytes(patch) -> int:
    return len(pio.to_json(patch.to_plotly_json() if isinstance(patch, Patch) else patch, validate=False))


def first_render(app) -> dict:
    return call(app, cb.views.render_views, None, filters=NO_FILTERS, **MODES, version="v")


def test_map_click_selects_the_clicked_event(app):
    click = {"points": [{"customdata": STRIKE, "lat": 27.37, "lon": 62.33}]}
    out = call(app, cb.selection.select_event, "map.clickData", map_click=click, filters=NO_FILTERS)
    assert out["selected"] == STRIKE and out["map_click"] is None  # consumed, so the same point can be clicked again


def test_strip_click_without_an_event_selects_nothing(app):
    click = {"points": [{"x": "2024-01-17", "y": 2}]}
    out = call(app, cb.selection.select_event, "timeline.clickData", timeline_click=click, filters=NO_FILTERS)
    assert out["selected"] is no_update


def test_next_steps_in_time_order_within_the_filters(app):
    first = call(app, cb.selection.select_event, "step-next.n_clicks", filters=NO_FILTERS)
    assert first["selected"] == "rask-police-attack-2023-12"
    second = call(app, cb.selection.select_event, "step-next.n_clicks", current="iran-strikes-pakistan-2024-01-16",
                  filters=STRIKES_ONLY)
    assert second["selected"] == STRIKE
    last = call(app, cb.selection.select_event, "ticker.n_intervals", current=STRIKE, filters=STRIKES_ONLY)
    assert (last["selected"], last["stopped"]) == (STRIKE, True)  # playback stops at the last event


def test_cumulative_playback_ends_the_window_at_the_event_shown(app):
    """Each step of cumulative playback sets the window's end to the event it shows: the earlier ones stay drawn,
    even when the window had ended before it."""
    ended = {**NO_FILTERS, "end": "2024-01-10"}
    out = call(app, cb.selection.select_event, "ticker.n_intervals", current="police-station-attack-2024-01-10",
               filters=ended, cumulative=["on"])
    assert out["selected"] == "iran-strikes-pakistan-2024-01-16" and out["window_end"] == "2024-01-16"
    plain = call(app, cb.selection.select_event, "ticker.n_intervals", current="police-station-attack-2024-01-10",
                 filters=NO_FILTERS, cumulative=[])
    assert plain["selected"] == "iran-strikes-pakistan-2024-01-16" and plain["window_end"] is no_update


def test_clear_selection_also_stops_playback_and_removes_a_box(app):
    out = call(app, cb.selection.select_event, "clear-selection.n_clicks", current=STRIKE, filters=NO_FILTERS)
    assert out["selected"] is None
    assert call(app, cb.selection.toggle_playback, "clear-selection.n_clicks", _play=3, _clear=1, disabled=False) is True
    assert call(app, cb.selection.toggle_playback, "play.n_clicks", _play=3, _clear=1, disabled=True) is False
    assert call(app, cb.map_state.map_box, "clear-selection.n_clicks", selection=None, _remove=0, _clear=1,
                box=[STRIKE]) == []


def test_render_views_sends_whole_figures_once_then_patches(app):
    first = first_render(app)
    assert first["count"] == "13 of 13 events" and first["drawn"].endswith("|category|count|offline|theatre")
    assert len(first["map"].data[MapTrace.EVENTS].lat) == 13
    filtered = call(app, cb.views.render_views, "filter-category.value", filters=STRIKES_ONLY, **MODES, version="v",
                    drawn_key=first["drawn"])
    assert isinstance(filtered["map"], Patch) and isinstance(filtered["timeline"], Patch)
    assert filtered["drawn"] is no_update and filtered["count"] == "2 of 13 events"
    edited = {tuple(op["location"][:4]) for op in filtered["map"].to_plotly_json()["operations"]}
    assert {place for place in edited if place[0] == "layout"} == {("layout", "map", "layers", HALO_LAYER)}


def test_the_maps_base_geometry_is_named_by_url_and_served_by_the_app(app):
    """The figure names the countries' and border's GeoJSON (kept by the browser) rather than carrying ~440 kB
    of it; the URL serves exactly the geometry the layers would have carried."""
    first = first_render(app)
    layers = first["map"].layout.map.layers
    urls = [layer.source for layer in layers[:HALO_LAYER]]
    assert all(isinstance(url, str) and url.startswith("http://localhost/map-geometry/") for url in urls)
    client = app.server.test_client()
    with app.server.app_context():
        geography = current_snapshot().table.geography
    for url, name in zip(urls, ("countries", "focus", "countries", "border"), strict=True):
        response = client.get(url.removeprefix("http://localhost"))
        assert response.status_code == 200 and response.mimetype == "application/geo+json"
        assert response.get_json() == json.loads(json.dumps(base_sources(geography)[name]))
    assert client.get("/map-geometry/x/passwords.json").status_code == 404
    assert len(pio.to_json(first["map"])) < 60_000


def test_a_window_change_moves_the_axis_only(app):
    first = first_render(app)
    windowed = call(app, cb.views.render_views, "filter-from.value",
                    filters={**NO_FILTERS, "start": "2024-01-16", "end": "2024-01-18"}, **MODES, version="v",
                    drawn_key=first["drawn"])
    locations = {tuple(op["location"]) for op in windowed["timeline"].to_plotly_json()["operations"]}
    assert locations == {("layout", axis, key) for axis in ("xaxis", "xaxis2") for key in ("range", "autorange", "uirevision")}
    assert windowed["count"] == "4 of 13 events"


def test_a_new_lane_mode_redraws_the_figures(app):
    first = first_render(app)
    redrawn = call(app, cb.views.render_views, "lanes.value", filters=NO_FILTERS, **{**MODES, "lanes": "country"},
                   version="v", drawn_key=first["drawn"])
    assert redrawn["drawn"].endswith("|country|count|offline|theatre") and not isinstance(redrawn["timeline"], Patch)


def test_highlight_is_a_small_patch(app):
    key = first_render(app)["drawn"]
    out = call(app, cb.views.highlight, "selected.data", selected=STRIKE, filters=NO_FILTERS, lanes="category",
               drawn_key=key)
    assert out["map"] is no_update  # in sight at the first camera: the map stays; the browser moves its ring
    assert out["camera"] is no_update
    assert len(out["ring"]["lon"]) == 1 and patch_bytes(out["timeline"]) < 3000
    zoomed_elsewhere = {"lat": 35.7, "lon": 51.4, "zoom": 8}  # the analyst zoomed into Tehran
    out = call(app, cb.views.highlight, "selected.data", selected=STRIKE, filters=NO_FILTERS, lanes="category",
               camera_view=zoomed_elsewhere, drawn_key=key)
    panned = {tuple(op["location"]): op.get("params", {}).get("value")
              for op in out["map"].to_plotly_json()["operations"]}
    assert panned[("layout", "map", "zoom")] == 8  # out of sight: panned to it, zoom kept
    ring = panned[("data", MapTrace.SELECTED)]  # the redrawn map carries the ring the browser draws
    assert (list(ring["lon"]), list(ring["lat"])) == (out["ring"]["lon"], out["ring"]["lat"])
    assert abs(panned[("layout", "map", "center")]["lat"] - 27.37) < 1
    assert out["camera"] == {**panned[("layout", "map", "center")], "zoom": 8}  # and the URL says so
    text = json.dumps(out["detail"], default=lambda c: c.to_plotly_json())
    assert "Reuters was able to confirm the location as a village near Saravan" in text


@pytest.mark.slow  # seven full renders
def test_highlight_rings_the_same_point_the_full_render_draws(app):
    """The patch and the builders agree on where the selected event sits (they must not drift apart)."""
    key = first_render(app)["drawn"]
    for lanes in ("category", "country", "actor"):
        out = call(app, cb.views.highlight, "selected.data", selected=STRIKE, filters=NO_FILTERS, lanes=lanes,
                   drawn_key=key)
        drawn = call(app, cb.views.render_views, None, filters=NO_FILTERS, **{**MODES, "lanes": lanes}, version="v",
                     selected=STRIKE)["timeline"]
        ring = next(op["params"]["value"] for op in out["timeline"].to_plotly_json()["operations"]
                    if op["location"] == ["data", TimelineTrace.SELECTION])
        expected = drawn.data[TimelineTrace.SELECTION]
        assert (ring["x"], ring["y"]) == (list(expected.x), list(expected.y))
    on_map = call(app, cb.views.render_views, None, filters=NO_FILTERS, **MODES, version="v",
                  selected=STRIKE)["map"].data[MapTrace.SELECTED]
    assert (out["ring"]["lon"], out["ring"]["lat"]) == (list(on_map.lon), list(on_map.lat))
    assert out["ring"]["size"] == list(on_map.marker.size)


def test_a_filter_keeps_the_map_ring_where_the_filtered_map_draws_it(app):
    """A filter spreads co-located markers anew: the ring the browser keeps drawing moves with its event."""
    first = first_render(app)
    filtered = call(app, cb.views.render_views, "filter-category.value", filters=STRIKES_ONLY,
                    **MODES, version="v", selected=STRIKE, drawn_key=first["drawn"])
    operations = {tuple(op["location"]): op.get("params", {}).get("value")
                  for op in filtered["map"].to_plotly_json()["operations"]}
    patched = operations[("data", MapTrace.SELECTED)]
    assert filtered["ring"]["lon"] == list(patched["lon"]) and len(filtered["ring"]["lon"]) == 1


def test_sync_url_decodes_once_then_encodes(app):
    controls = {**NO_FILTERS, **MODES, "selected": None, "camera": None}
    decoded = call(app, cb.url.sync_url, "url.search", reset=0, controls=controls, synced=False,
                   search=f"?cat=strike&sel={STRIKE}&box={STRIKE},nonexistent&map=27.5,62.1,6.25&bogus=1")
    assert decoded["search"] is no_update and decoded["synced"] is True
    assert decoded["controls"]["categories"] == ["strike"] and decoded["controls"]["selected"] == STRIKE
    assert decoded["controls"]["box"] == [STRIKE]  # an id this file lacks is dropped
    assert decoded["controls"]["camera"] == {"lat": 27.5, "lon": 62.1, "zoom": 6.25}
    changed = {**controls, "start": "2024-01-10", "lanes": "actor", "box": [STRIKE],
               "camera": {"lat": 29.5, "lon": 60.1, "zoom": 6.25}}
    encoded = call(app, cb.url.write_url, "lanes.value", search="", synced=True, controls=changed)
    assert encoded == f"?from=2024-01-10&lanes=actor&box={STRIKE}&map=29.5000,60.1000,6.25"
    assert call(app, cb.url.write_url, "lanes.value", search=encoded, synced=True, controls=changed) is no_update
    assert call(app, cb.url.write_url, "lanes.value", search="", synced=False, controls=changed) is no_update, \
        "the URL is read before the controls write it"
    by_hand = {**controls, "camera": {"lat": 35.7, "lon": 51.4, "zoom": 7}}  # what "?map=35.7,51.4,7" set
    assert call(app, cb.url.write_url, "map-camera.data", search="?map=35.7,51.4,7", synced=True,
                controls=by_hand) is no_update, "a link written by hand stays as written"
    reset = call(app, cb.url.sync_url, "reset.n_clicks", search="?lanes=actor&map=1,2,3", reset=4, controls=controls,
                 synced=True)
    assert reset["search"] == "" and reset["controls"]["categories"] == ALL_CATEGORIES
    assert reset["controls"]["box"] == [] and reset["controls"]["camera"] is None and reset["camera_reset"] == 4


def test_reset_moves_the_map_back_to_the_fitted_camera(app):
    key = first_render(app)["drawn"]
    out = call(app, cb.views.render_views, "map-camera-reset.data", filters=NO_FILTERS, **MODES, version="v",
               drawn_key=key, camera_reset=2)
    edits = {tuple(op["location"]): op.get("params", {}).get("value") for op in out["map"].to_plotly_json()["operations"]}
    assert edits[("layout", "map", "center")] == first_render(app)["map"].layout.map.center.to_plotly_json()
    assert edits[("layout", "map", "uirevision")] == "reset:2"  # new each time: applied over the analyst's pan


def test_a_linked_camera_and_selection_open_the_map_where_the_event_is(app):
    controls = {**NO_FILTERS, **MODES, "selected": None, "camera": None}
    linked = call(app, cb.url.sync_url, "url.search", search="?map=35.7,51.4,8", reset=0, controls=controls,
                  synced=False)
    assert linked["controls"]["camera"] == {"lat": 35.7, "lon": 51.4, "zoom": 8} and linked["search"] is no_update
    drawn = call(app, cb.views.render_views, "url-synced.data", filters=NO_FILTERS, **MODES, version="v",
                 camera_view=linked["controls"]["camera"])
    assert drawn["map"].layout.map.zoom == 8 and drawn["map"].layout.map.center.lat == 35.7  # the link's camera
    # Zoomed into Tehran with the strike in Balochistan selected: the map opens on the strike, and the URL says so.
    moved = call(app, cb.url.sync_url, "url.search", search=f"?map=35.7,51.4,8&sel={STRIKE}", reset=0,
                 controls=controls, synced=False)
    camera = moved["controls"]["camera"]
    assert abs(camera["lat"] - 27.4) < 1 and camera["zoom"] == 8
    assert moved["search"] == f"?sel={STRIKE}&map={camera['lat']:.4f},{camera['lon']:.4f},8.00"


def test_the_camera_follows_the_analysts_pan_and_zoom(app):
    moved = call(app, cb.map_state.camera_from_map, "map.relayoutData",
                 relayout={"map.center": {"lon": 412.123456, "lat": 30.987654}, "map.zoom": 5.4321, "map.pitch": 0})
    assert moved == {"lat": 30.9877, "lon": 52.1235, "zoom": 5.43}
    assert call(app, cb.map_state.camera_from_map, "map.relayoutData", relayout={"autosize": True}) is no_update


def test_timeline_zoom_sets_the_window(app):
    window = call(app, cb.url.window_from_timeline, "timeline.relayoutData",
                  relayout={"xaxis.range[0]": "2024-01-15 03:00", "xaxis.range[1]": "2024-01-20"})
    assert window == ("2024-01-15", "2024-01-20")
    assert call(app, cb.url.window_from_timeline, "timeline.relayoutData", relayout={"xaxis.autorange": True}) == (None, None)


def test_table_sorts_by_header_and_opens_on_the_selected_page(app):
    sort = ({"column": "casualties", "type": ID.SORT}, "n_clicks")
    state = {"column": "date", "ascending": True, "page": 0}
    first = call(app, cb.table.render_table, sort, filters=NO_FILTERS, state=state)
    assert first["state"]["column"] == "casualties" and first["state"]["ascending"] is True
    again = call(app, cb.table.render_table, sort, filters=NO_FILTERS, state=first["state"])
    assert again["state"]["ascending"] is False
    body = again["table"][0].children[2].children
    cells = [row.children[5].children for row in body[:3]]
    # By killed, then injured: 11 killed ranks above 9 killed and 3 injured (never the sum).
    assert [cell[0] for cell in cells] == ["11 killed", "9 killed, 3 injured", "9 killed"]
    assert cells[2][1].children == " (disputed: killed 10)"  # what other sources give, marked in the cell
    country = ({"column": "country_shown", "type": ID.SORT}, "n_clicks")
    by_country = call(app, cb.table.render_table, country, filters=NO_FILTERS, state=state)
    names = [row.children[4].children.children for row in by_country["table"][0].children[2].children]
    assert names[0] == "Iran" and names[-1] == "Pakistan"  # names, not ISO codes, sorted as shown


def test_refresh_keeps_last_good_data_and_shows_the_errors(data_copy):
    app = create_app(data_copy)
    version = call(app, cb.data.refresh_data, "refresh.n_clicks", _clicks=1, shown_version=None)[0]
    replace_once(data_copy, 'date: "2024-01-10"', 'date: "2024-02-30"')
    shown, banner, *_ = call(app, cb.data.refresh_data, "refresh.n_clicks", _clicks=2, shown_version=version)
    assert shown is no_update  # the last good version stays on screen
    text = json.dumps(banner, default=lambda c: c.to_plotly_json())
    assert "events.yaml:" in text and "events[1].date" in text and "2024-02-30" in text
    with app.server.app_context():
        assert current_snapshot().table.version == version and current_snapshot().stale


def test_map_box_selection_filters_timeline_and_count_and_dims_the_rest_of_the_map(app):
    key = first_render(app)["drawn"]
    selection = {"points": [{"customdata": STRIKE}, {"customdata": "saravan-killing-2024-01-27"}, {"curveNumber": 4}]}
    box = call(app, cb.map_state.map_box, "map.selectedData", selection=selection, _remove=0, _clear=0, box=[])
    assert box == sorted([STRIKE, "saravan-killing-2024-01-27"])
    assert call(app, cb.map_state.box_chip, "map-box.data", box=box) == (False, "Map selection: 2 events")
    out = call(app, cb.views.render_views, "map-box.data", filters={**NO_FILTERS, "box": box}, **MODES, version="v",
               drawn_key=key)
    assert out["count"] == "2 of 13 events"
    operations = out["timeline"].to_plotly_json()["operations"]
    data = next(op["params"]["value"] for op in operations if op["location"] == ["data"])
    assert sorted(data[TimelineTrace.EVENTS]["customdata"]) == box
    # The map shows every event, those outside the selection faint.
    events = next(op["params"]["value"] for op in out["map"].to_plotly_json()["operations"]
                  if op["location"] == ["data", MapTrace.EVENTS])
    assert len(events["customdata"]) == 13 and sorted(events["marker"]["opacity"]).count(1.0) == 2
    removed = call(app, cb.map_state.map_box, "box-remove.n_clicks", selection=selection, _remove=1, _clear=0, box=box)
    assert removed == [] and call(app, cb.map_state.box_chip, "map-box.data", box=removed) == (True, "")


def test_a_box_too_long_for_a_link_says_so():
    ids = [f"event-{i:05d}-with-a-long-descriptive-id" for i in range(1000)]
    assert call(create_app(BUNDLED), cb.map_state.box_chip, "map-box.data", box=ids)[1] == (
        "Map selection: 1000 events (too many to keep in the link)")


def test_every_callback_is_registered_with_its_named_arguments(app):
    names = {spec["callback"].__name__ for spec in app.callback_map.values() if "callback" in spec}
    assert {"sync_url", "write_url", "select_event", "render_views", "highlight", "render_table", "refresh_data",
            "export_image", "export_html", "apply_preset", "window_from_timeline", "toggle_playback", "map_box",
            "box_chip", "camera_from_map"} <= names


@pytest.mark.parametrize(("name", "trigger", "kwargs"), [
    ("export_html", "html-timeline.n_clicks", {"_timeline": 1, "_map": 0, "box": [], "search": "?q=zzzzqqq"}),
    ("export_html", "html-map.n_clicks", {"_timeline": 0, "_map": 1, "box": None, "search": "?q=zzzzqqq"}),
    ("export_image", "export-button.n_clicks", {"clicks": 1, "values": {
        "what": "timeline", "format": "png", "width": 1280, "height": 720, "scale": 1, "title": None, "subtitle": "",
        "caption": None, "credit": None, "bbox": "", "ids": [], "state": "?q=zzzzqqq"}}),
])
def test_an_export_of_a_view_with_no_events_says_so_under_the_button(app, name, trigger, kwargs):
    """The ExportError is shown in the export status (set_props) and nothing else updates: no callback error."""
    shown = {}
    out = call(app, registered(app, name), trigger, set_props=shown, **kwargs)
    assert out is no_update
    assert shown == {ID.EXPORT_STATUS: {"children": 'Export failed: state: the view shows no events (text: '
                                                    '"zzzzqqq"); loosen the filters'}}


def test_every_callback_shows_user_errors_on_the_page(app):
    """``register`` wraps each callback once: a UserError from any of them becomes a message, here the banner's."""
    from dashboard.model.problems import DataFileError, Problem
    from dashboard.web.callbacks.registry import showing_user_errors

    specs = [spec["callback"] for spec in app.callback_map.values() if "callback" in spec]
    wrapper = showing_user_errors(print, ID.BANNER).__code__
    assert specs and all(function.__wrapped__.__code__ is wrapper for function in specs)

    def refuse():
        raise DataFileError([Problem("events.yaml", 4, "date", "not a date")])

    shown = {}
    assert call(app, showing_user_errors(refuse, ID.BANNER), None, set_props=shown) is no_update
    text = json.dumps(shown, default=lambda c: c.to_plotly_json())
    assert "events.yaml:4: date: not a date" in text and '"role": "alert"' in text


def test_the_export_panel_makes_its_spec_from_its_fields_by_name(app, monkeypatch):
    """The panel's fields go to ExportSpec.from_mapping by name; an emptied field is one not filled in."""
    from dashboard.export.spec import ExportSpec

    drawn = []
    monkeypatch.setattr(cb.export, "render_for_app", lambda table, spec: drawn.append(spec) or b"%PDF-")
    values = {"what": "map", "format": "pdf", "width": 643, "height": 454, "scale": None, "title": "Strikes",
              "subtitle": "", "caption": None, "credit": "", "bbox": "58,24,66,30", "ids": [STRIKE],
              "state": "?cat=strike"}
    export_image = registered(app, "export_image")
    out = call(app, export_image, "export-button.n_clicks", set_props={}, clicks=1, values=values)
    assert drawn == [ExportSpec("map", "pdf", 643, 454, 1.0, "cat=strike", title="Strikes", bbox=(58, 24, 66, 30),
                                ids=(STRIKE,))]
    assert out["status"] == "Downloaded map_cat_strike_1_selected_bbox_58_24_66_30_643x454.pdf (5 bytes)."
    # A size field emptied, or out of its range (the browser sends None), is refused, not replaced by a default.
    shown = {}
    assert call(app, export_image, "export-button.n_clicks", set_props=shown, clicks=2,
                values={**values, "height": None}) is no_update
    assert shown[ID.EXPORT_STATUS]["children"] == "Export failed: size: 643x0 px is outside 100..5000 px on each side"
