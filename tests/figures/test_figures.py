"""Pure figure builders on the real data: one trace per layer, what is drawn, and what is escaped."""

from __future__ import annotations

import pytest

from dashboard.figures.map import HALO_LAYER, OFFLINE_STYLE, MapTrace, app_extent, app_scene, build_map, camera
from dashboard.figures.style import hover_text
from dashboard.figures.timeline import TimelineTrace, build_timeline, key_events, parse_window


@pytest.fixture(scope="module")
def scene(bundled_table):
    return app_scene(bundled_table.frame, bundled_table.geography,
                     app_extent(bundled_table.frame, bundled_table.geography))


def test_map_has_one_trace_per_layer_and_a_legend_key_per_category_and_mark(bundled_table, scene):
    figure = build_map(scene, bundled_table.geography, bundled_table.head.categories)
    events = figure.data[MapTrace.EVENTS]
    assert len(events.lat) == 13 and list(events.customdata) == bundled_table.frame["id"].tolist()
    legend = [t.name for t in figure.data[len(MapTrace):]]
    categories = [c.label for c in bundled_table.head.categories.values()]
    assert legend[:len(categories)] == categories
    assert len(legend) == len(categories) + len(scene.keys)
    assert figure.layout.map.style == OFFLINE_STYLE and "glyphs" not in OFFLINE_STYLE  # nothing fetched


def test_map_labels_name_the_places_and_countries(bundled_table, scene):
    figure = build_map(scene, bundled_table.geography, bundled_table.head.categories)
    places = set(figure.data[MapTrace.PLACE_NAMES].text)
    assert {"Islamabad", "Tehran", "Saravan", "Rask", "Koh-e-Sabz", "Jakigur"} <= places
    assert {"Iran", "Pakistan"} <= set(figure.data[MapTrace.FOCUS_NAMES].text)


def test_map_base_layers_are_the_committed_geometry(bundled_table, scene):
    figure = build_map(scene, bundled_table.geography, bundled_table.head.categories)
    layers = figure.layout.map.layers
    border = layers[3]
    assert border.type == "line" and border.source["geometry"]["type"] == "LineString"
    halos = layers[HALO_LAYER].source["features"]
    frame = bundled_table.frame
    # Events placed at province precision are drawn as their province's outline, the others as circles.
    provinces = {f["properties"]["province"] for f in halos if "province" in f["properties"]}
    assert provinces == set(frame.loc[frame["location_precision"] == "province", "province_id"]) == {"IR.04", "IR.26"}
    near = frame[frame["location_precision"] == "near"][["lat", "lon", "location_radius_km"]].drop_duplicates()
    assert len(halos) - len(provinces) == len(near)


def test_strike_arrows_start_in_the_launching_country(bundled_table, scene):
    figure = build_map(scene, bundled_table.geography, bundled_table.head.categories)
    arrows = figure.data[MapTrace.ARROWS]
    starts = [(lat, lon) for lat, lon, prev in zip(arrows.lat, arrows.lon, (None, *arrows.lat), strict=False)
              if lat is not None and prev is None]
    strikes = bundled_table.frame[bundled_table.frame["origin_country"].notna()]
    origins = {bundled_table.geography.country_of(lon, lat) for lat, lon in starts[:: 3]}  # shaft, then two barbs
    assert origins == set(strikes["origin_country"])


def test_selection_ring_sits_on_the_drawn_marker(bundled_table, scene):
    figure = build_map(scene, bundled_table.geography, bundled_table.head.categories,
                       selected="saravan-killing-2024-01-27")
    index = bundled_table.frame["id"].tolist().index("saravan-killing-2024-01-27")
    assert list(figure.data[MapTrace.EVENTS].selectedpoints) == [index]
    assert figure.data[MapTrace.SELECTION].lat == (scene.frame["draw_lat"].iloc[index],)


def test_camera_shows_every_event(bundled_table, scene):
    center, zoom = camera(scene.extent)
    assert 51 < center["lon"] < 73 and 26 < center["lat"] < 36
    assert 3 <= zoom <= 6
    assert scene.extent.west < bundled_table.frame["lon"].min() and scene.extent.east > bundled_table.frame["lon"].max()


def test_hover_text_is_escaped(bundled_table):
    frame = bundled_table.frame.head(1).assign(title="<script>alert(1)</script>")
    assert "&lt;script&gt;" in hover_text(frame)[0] and "<script>" not in hover_text(frame)[0]


def test_timeline_draws_month_precision_as_a_bar_over_the_month(bundled_table):
    figure = build_timeline(bundled_table.frame, categories=bundled_table.head.categories, phases=bundled_table.head.phases)
    spans = figure.data[TimelineTrace.SPANS]
    assert list(spans.customdata) == ["rask-police-attack-2023-12"]
    assert spans.base[0] == "2023-12-01" and spans.x[0] == 31 * 86_400_000
    events = figure.data[TimelineTrace.EVENTS]
    assert events.marker.size[0] == 0  # no misleading point on a day of that month


def test_timeline_lanes_phases_links(bundled_table):
    figure = build_timeline(bundled_table.frame, categories=bundled_table.head.categories,
                            phases=bundled_table.head.phases, lanes="country", countries=bundled_table.geography.names)
    assert set(figure.layout.yaxis.ticktext) == {"Iran", "Pakistan"}
    assert [a.text for a in figure.layout.annotations] == [f"<b>{p.label}</b>" for p in bundled_table.head.phases]
    assert len(figure.layout.shapes) == len(bundled_table.head.phases)
    links = figure.data[TimelineTrace.LINKS]
    frame = bundled_table.frame
    assert links.x.count(None) == sum(len(r) + len(s) for r, s in zip(frame["responds_to"], frame["related"], strict=True))


def test_key_event_labels_never_overlap(bundled_table):
    figure = build_timeline(bundled_table.frame, categories=bundled_table.head.categories, phases=bundled_table.head.phases)
    events = figure.data[TimelineTrace.EVENTS]
    import pandas as pd

    x = pd.Series(pd.to_datetime(events.x))
    y = pd.Series(events.y)
    chosen = key_events(bundled_table.frame, x, y, axis_days=61)
    assert 5 <= len(chosen) <= 14
    width = 61 * 0.22
    spans = []
    for position, anchor in chosen:
        day = (x.iloc[position] - x.min()).days
        grow = {"middle left": 1.0, "middle right": 0.0, "middle center": 0.5}[anchor]
        spans.append((round(y.iloc[position]), day - width * grow, day + width * (1 - grow)))
    for i, (lane, left, right) in enumerate(spans):
        for other_lane, other_left, other_right in spans[i + 1:]:
            assert lane != other_lane or right <= other_left or left >= other_right


def test_parse_window():
    assert parse_window({"xaxis.range[0]": "2024-01-02 10:00", "xaxis.range[1]": "2024-01-09"}) == ("2024-01-02", "2024-01-09")
    assert parse_window({"xaxis2.range": ["2024-01-02", "2024-01-05"]}) == ("2024-01-02", "2024-01-05")
    assert parse_window({"xaxis.autorange": True}) == (None, None)
    assert parse_window({"dragmode": "pan"}) is None
    assert parse_window(None) is None


def test_halo_sizes_follow_precision_and_the_unit_s_real_size(bundled_table):
    radius = bundled_table.frame.groupby("location_precision")["location_radius_km"].max()
    assert radius["exact"] == 0 < radius["near"] < radius["province"]
    sistan = bundled_table.frame.set_index("id").loc["jakigur-security-operation-2024-01-29", "location_radius_km"]
    tehran = bundled_table.frame.set_index("id").loc["kanani-statement-2024-01-27", "location_radius_km"]
    assert sistan > 3 * tehran  # a large province's halo is larger than a small one's: measured, not a constant
