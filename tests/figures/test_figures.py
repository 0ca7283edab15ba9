"""Pure figure builders on the real data: one trace per layer, what is drawn, and what is escaped."""

from __future__ import annotations

import pytest

from dashboard.figures.map import HALO_LAYER, MapTrace, build_map, fit_view
from dashboard.figures.style import HALO_KM, hover_text
from dashboard.figures.timeline import TimelineTrace, build_timeline, key_events, parse_window
from dashboard.model.loading import load_events
from tests.conftest import BUNDLED


@pytest.fixture(scope="module")
def table():
    return load_events(BUNDLED)


def test_map_has_one_trace_per_layer_and_a_legend_key_per_category(table):
    figure = build_map(table.frame, table.geography, table.head.categories)
    events = figure.data[MapTrace.EVENTS]
    assert len(events.lat) == 13 and list(events.customdata) == table.frame["id"].tolist()
    legend = [t.name for t in figure.data[len(MapTrace):]]
    assert legend == [c.label for c in table.head.categories.values()]
    assert figure.layout.map.style == "white-bg"  # no tiles, no network


def test_map_base_layers_are_the_committed_geometry(table):
    figure = build_map(table.frame, table.geography, table.head.categories)
    layers = figure.layout.map.layers
    border = layers[3]
    assert border.type == "line" and border.source["geometry"]["type"] == "LineString"
    halos = layers[HALO_LAYER].source["features"]
    precise = table.frame[table.frame["location_precision"] != "exact"][["lat", "lon"]].drop_duplicates()
    assert len(halos) == len(precise)


def test_strike_arrows_start_in_the_launching_country(table):
    figure = build_map(table.frame, table.geography, table.head.categories)
    arrows = figure.data[MapTrace.ARROWS]
    starts = [(lat, lon) for lat, lon, prev in zip(arrows.lat, arrows.lon, (None, *arrows.lat), strict=False)
              if lat is not None and prev is None]
    strikes = table.frame[table.frame["origin_country"].notna()]
    origins = {table.geography.country_of(lon, lat) for lat, lon in starts[:: 3]}  # shaft, then two barbs
    assert origins == set(strikes["origin_country"])


def test_selection_ring_and_selectedpoints(table):
    figure = build_map(table.frame, table.geography, table.head.categories, selected="saravan-killing-2024-01-27")
    index = table.frame["id"].tolist().index("saravan-killing-2024-01-27")
    assert list(figure.data[MapTrace.EVENTS].selectedpoints) == [index]
    assert figure.data[MapTrace.SELECTION].lat == (table.frame.loc[index, "lat"],)


def test_fit_view_contains_every_event(table):
    center, zoom = fit_view(table.frame["lat"].tolist(), table.frame["lon"].tolist())
    assert 51 < center["lon"] < 73 and 26 < center["lat"] < 36
    assert 3 <= zoom <= 5


def test_hover_text_is_escaped(table):
    frame = table.frame.head(1).assign(title="<script>alert(1)</script>")
    assert "&lt;script&gt;" in hover_text(frame)[0] and "<script>" not in hover_text(frame)[0]


def test_timeline_draws_month_precision_as_a_bar_over_the_month(table):
    figure = build_timeline(table.frame, categories=table.head.categories, phases=table.head.phases)
    spans = figure.data[TimelineTrace.SPANS]
    assert list(spans.customdata) == ["rask-police-attack-2023-12"]
    assert spans.base[0] == "2023-12-01" and spans.x[0] == 31 * 86_400_000
    events = figure.data[TimelineTrace.EVENTS]
    assert events.marker.size[0] == 0  # no misleading point on a day of that month


def test_timeline_lanes_phases_links(table):
    figure = build_timeline(table.frame, categories=table.head.categories, phases=table.head.phases, lanes="country",
                            countries=table.geography.names)
    assert set(figure.layout.yaxis.ticktext) == {"Iran", "Pakistan"}
    assert [a.text for a in figure.layout.annotations] == [f"<b>{p.label}</b>" for p in table.head.phases]
    assert len(figure.layout.shapes) == len(table.head.phases)
    links = figure.data[TimelineTrace.LINKS]
    assert links.x.count(None) == sum(len(r) + len(s) for r, s in zip(table.frame["responds_to"], table.frame["related"],
                                                                          strict=True))


def test_key_event_labels_never_overlap(table):
    figure = build_timeline(table.frame, categories=table.head.categories, phases=table.head.phases)
    events = figure.data[TimelineTrace.EVENTS]
    import pandas as pd

    x = pd.Series(pd.to_datetime(events.x))
    y = pd.Series(events.y)
    chosen = key_events(table.frame, x, y, axis_days=61)
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


def test_halo_sizes_follow_precision():
    assert HALO_KM["exact"] == 0 < HALO_KM["near"] < HALO_KM["province"] < HALO_KM["country"]
