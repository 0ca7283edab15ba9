"""Pure figure builders on the real data: one trace per layer, what is drawn, and what is escaped."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.figures.map import BOX_DIM, HALO_LAYER, MapOptions, app_extent, app_scene, build_map, camera, map_style
from dashboard.figures.marks import MapTrace
from dashboard.figures.style import hover_text
from dashboard.figures.timeline import TimelineOptions, TimelineTrace, build_timeline, parse_window, printed_keys
from dashboard.state.modes import Basemap, Lanes, Links, Strip


@pytest.fixture(scope="module")
def scene(bundled_table):
    return app_scene(bundled_table.frame, bundled_table.geography,
                     app_extent(bundled_table.frame, bundled_table.geography))


def test_map_has_one_trace_per_layer_and_a_legend_key_per_category_and_mark(bundled_table, scene):
    figure = build_map(scene, bundled_table.geography, MapOptions(bundled_table.head.categories))
    events = figure.data[MapTrace.EVENTS]
    assert len(events.lat) == 13 and list(events.customdata) == bundled_table.frame["id"].tolist()
    legend = [t.name for t in figure.data[len(MapTrace):]]
    categories = [c.label for c in bundled_table.head.categories.values()]
    assert legend[:len(categories)] == categories
    assert len(legend) == len(categories) + len(scene.keys)
    style = map_style(None, len(figure.data))
    assert figure.layout.map.style == style and "glyphs" not in style  # nothing fetched: fonts are local files
    assert all(face["url"].startswith("file:///") for faces in style["font-faces"].values() for face in faces)


@pytest.mark.parametrize("basemap", list(Basemap))
def test_every_trace_and_layer_of_the_map_is_drawn_under_a_slot_of_its_own(bundled_table, scene, basemap):
    """plotly.js re-adds, on every update, the MapLibre layers of traces and layout layers that share a ``below``:
    each has its own, in the order they are drawn, and it names a layer of the style (the online styles have none:
    there the traces keep plotly's default)."""
    figure = build_map(scene, bundled_table.geography, MapOptions(bundled_table.head.categories, basemap=basemap))
    belows = [layer.below for layer in figure.layout.map.layers] + [trace.below for trace in figure.data]
    if basemap.online:
        assert {trace.below for trace in figure.data} == {None}
        return
    assert len(set(belows)) == len(belows), "no two share a slot"
    style_layers = [layer["id"] for layer in figure.layout.map.style["layers"]]
    assert [style_layers.index(below) for below in belows] == sorted(style_layers.index(b) for b in belows)
    assert all(trace.lat is not None and len(trace.lat) > 0 for trace in figure.data), \
        "an empty trace (which plotly hides, and gives the slot of the trace before it) has a point at no position"


def test_a_filter_edits_the_map_in_the_same_slots(bundled_table):
    """The traces a filter sends are the first figure's, slot for slot (a changed ``below`` re-adds layers)."""
    from dashboard.figures.patches import first_figures, map_data_edits
    from dashboard.state.filters import Filters
    from dashboard.state.view import View

    view = View()
    the_map, _ = first_figures(bundled_table, view)
    narrowed = View(filters=Filters(categories=tuple(list(bundled_table.head.categories)[:2])))
    edits, _ = map_data_edits(bundled_table, narrowed)
    for (_, index), trace in ((path, value) for path, value in edits.items() if path[0] == "data"):
        assert trace["below"] == the_map.data[index].below
    assert edits["layout", "map", "layers", HALO_LAYER]["below"] == the_map.layout.map.layers[HALO_LAYER].below


def test_map_labels_name_the_places_and_countries(bundled_table, scene):
    figure = build_map(scene, bundled_table.geography, MapOptions(bundled_table.head.categories))
    places = set(figure.data[MapTrace.PLACE_NAMES].text)
    assert {"Islamabad", "Tehran", "Saravan", "Rask", "Koh-e-Sabz", "Jakigur"} <= places
    assert {"Iran", "Pakistan"} <= set(figure.data[MapTrace.FOCUS_NAMES].text)


def test_map_base_layers_are_the_committed_geometry(bundled_table, scene):
    figure = build_map(scene, bundled_table.geography, MapOptions(bundled_table.head.categories))
    layers = figure.layout.map.layers
    border = layers[3]
    assert border.type == "line" and border.source["geometry"]["type"] == "LineString"
    halos = layers[HALO_LAYER].source["features"]
    frame = bundled_table.frame
    # Events placed at province precision are drawn as their province's outline, the others as circles.
    provinces = {f["properties"]["province"] for f in halos if "province" in f["properties"]}
    assert provinces == set(frame.loc[frame["location_precision"] == "province", "area_id"]) == {"IR.04", "IR.26"}
    near = frame[frame["location_precision"] == "near"][["lat", "lon", "location_radius_km"]].drop_duplicates()
    assert len(halos) - len(provinces) == len(near)


def test_strike_arrows_start_in_the_launching_country(bundled_table, scene):
    figure = build_map(scene, bundled_table.geography, MapOptions(bundled_table.head.categories))
    arrows = figure.data[MapTrace.ARROW]
    starts = [(lat, lon) for lat, lon, prev in zip(arrows.lat, arrows.lon, (None, *arrows.lat), strict=False)
              if lat is not None and prev is None]
    strikes = bundled_table.frame[bundled_table.frame["origin_country"].notna()]
    origins = {bundled_table.geography.country_of(lon, lat) for lat, lon in starts[:: 3]}  # shaft, then two barbs
    assert origins == set(strikes["origin_country"])


def test_selection_ring_sits_on_the_drawn_marker(bundled_table, scene):
    figure = build_map(scene, bundled_table.geography, MapOptions(bundled_table.head.categories,
                                                                 selected="saravan-killing-2024-01-27"))
    index = bundled_table.frame["id"].tolist().index("saravan-killing-2024-01-27")
    assert figure.data[MapTrace.SELECTED].lat == (scene.frame["draw_lat"].iloc[index],)
    assert figure.data[MapTrace.SELECTED].lon == (scene.frame["draw_lon"].iloc[index],)


def test_a_box_selection_dims_the_events_outside_it(bundled_table, scene):
    inside = ("saravan-killing-2024-01-27", "pakistan-strikes-iran-2024-01-17")
    figure = build_map(scene, bundled_table.geography, MapOptions(bundled_table.head.categories, box=inside))
    opacity = dict(zip(figure.data[MapTrace.EVENTS].customdata, figure.data[MapTrace.EVENTS].marker.opacity,
                       strict=True))
    assert {event for event, value in opacity.items() if value == 1.0} == set(inside)
    assert {value for event, value in opacity.items() if event not in inside} == {BOX_DIM}
    unboxed = build_map(scene, bundled_table.geography, MapOptions(bundled_table.head.categories))
    assert unboxed.data[MapTrace.EVENTS].marker.opacity == 1


def test_camera_shows_every_event(bundled_table, scene):
    center, zoom = camera(scene.extent)
    assert 51 < center["lon"] < 73 and 26 < center["lat"] < 36
    assert 3 <= zoom <= 6
    assert scene.extent.west < bundled_table.frame["lon"].min() and scene.extent.east > bundled_table.frame["lon"].max()


def test_hover_text_is_escaped(bundled_table):
    frame = bundled_table.frame.head(1).assign(title="<script>alert(1)</script>")
    assert "&lt;script&gt;" in hover_text(frame)[0] and "<script>" not in hover_text(frame)[0]


def test_a_month_only_date_is_a_dot_mid_month_with_a_whisker_over_the_month(bundled_table):
    """Uncertainty, not duration: a thin whisker over the month (not a lane-thick bar, which reads as a
    month-long event), the dot at its middle, not on a day of that month."""
    figure = build_timeline(bundled_table.frame, TimelineOptions(bundled_table.head.categories, bundled_table.head.phases))
    spans = figure.data[TimelineTrace.SPANS]
    assert list(spans.customdata) == ["rask-police-attack-2023-12"]
    # Over December, as far as the axis shows it (the empty weeks after mid-December are skipped).
    start = pd.Timestamp(spans.base[0])
    end = start + pd.Timedelta(milliseconds=spans.x[0])
    assert pd.Timestamp("2023-12-01") <= start < pd.Timestamp("2023-12-16") < end <= pd.Timestamp("2024-01-01")
    assert spans.width[0] < 0.1
    events = figure.data[TimelineTrace.EVENTS]
    index = list(events.customdata).index("rask-police-attack-2023-12")
    assert str(events.x[index])[:10] == "2023-12-16" and events.marker.size[index] > 0


def test_the_axis_skips_the_empty_weeks_and_says_so(bundled_table):
    """Three weeks of December hold no dated event: hidden, marked, and named in the mark's hover."""
    figure = build_timeline(bundled_table.frame, TimelineOptions(bundled_table.head.categories, bundled_table.head.phases))
    (rangebreak,) = figure.layout.xaxis.rangebreaks
    low, high = rangebreak.bounds
    assert "2023-12-18" <= low <= "2023-12-20" and "2024-01-07" <= high <= "2024-01-10"
    sign = [a for a in figure.layout.annotations if a.text == "//"]
    assert len(sign) == 1 and sign[0].hovertext.startswith("No events")


def test_the_strip_counts_a_month_only_event_across_its_month(bundled_table):
    figure = build_timeline(bundled_table.frame, TimelineOptions(bundled_table.head.categories, bundled_table.head.phases,
                                                                  strip=Strip.CASUALTIES))
    strip = figure.data[TimelineTrace.STRIP]
    december = [value for x, value in zip(strip.x, strip.y, strict=True) if str(x).startswith("2023-12")]
    assert len(december) == 31 and sum(december) == pytest.approx(11, abs=0.05)  # Rask's 11 killed, spread


def test_timeline_lanes_phases_links(bundled_table):
    figure = build_timeline(bundled_table.frame, TimelineOptions(
        bundled_table.head.categories, bundled_table.head.phases, lanes=Lanes.COUNTRY, countries=bundled_table.geography.names,
        links=Links.ALL))
    assert set(figure.layout.yaxis.ticktext) == {"Iran", "Pakistan"}
    phases = [a.text for a in figure.layout.annotations if a.text not in ("//", "")]
    assert phases == [f"<b>{p.label}</b>" for p in bundled_table.head.phases]
    arrows = [a for a in figure.layout.annotations if a.showarrow]
    frame = bundled_table.frame
    assert len(arrows) == sum(len(r) + len(s) for r, s in zip(frame["responds_to"], frame["related"], strict=True))
    keys = {t.name for t in figure.data if t.legendgroup == "timeline-key"}
    assert keys == {"Planned or announced", "Month only (whisker)", "Responds to (arrow)", "Other date claimed",
                    "// Axis skips empty days"}
    assert len([s for s in figure.layout.shapes if s.type == "rect"]) == len(bundled_table.head.phases)
    links = figure.data[TimelineTrace.LINKS]
    frame = bundled_table.frame
    assert links.x.count(None) == sum(len(r) + len(s) for r, s in zip(frame["responds_to"], frame["related"], strict=True))


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


def test_hover_shows_an_end_date_only_where_there_is_one(bundled_table):
    """One event with a ``date_end`` turns the column into strings: the others must not read '– nan'."""
    frame = bundled_table.frame.head(3).copy()
    frame["date_end_text"] = pd.Series(["2024-01-20", float("nan"), pd.NA], index=frame.index, dtype=object)
    hovers = hover_text(frame)
    assert "– 2024-01-20" in hovers[0]
    assert all("nan" not in hover and "–" not in hover.split("<br>")[1] for hover in hovers[1:])


def test_disagreements_are_on_the_hover_the_timeline_and_the_map(bundled_table, scene):
    frame = bundled_table.frame
    strike = frame.index[frame["id"] == "pakistan-strikes-iran-2024-01-17"][0]
    assert "Sources disagree: date 2024-01-18 · killed 10" in hover_text(frame)[strike]
    timeline = build_timeline(frame, TimelineOptions(bundled_table.head.categories, bundled_table.head.phases))
    other = timeline.data[TimelineTrace.DISPUTED_DATES]
    assert [str(x)[:10] for x, size in zip(other.x, other.marker.size, strict=True) if size] == ["2024-01-18"]
    figure = build_map(scene, bundled_table.geography, MapOptions(bundled_table.head.categories))
    assert len(figure.data[MapTrace.DISPUTED].lat) == 2 and "disputed" in scene.keys


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_marker_has_an_edge_with_3_to_1_contrast_on_the_land(bundled_table, scene):
    """Light category colours (sky blue on the pale land is 2.2:1) get an ink edge a pixel wide all round."""
    from dashboard.figures.style import INK, LAND, LAND_FOCUS

    figure = build_map(scene, bundled_table.geography, MapOptions(bundled_table.head.categories))
    events, edges = figure.data[MapTrace.EVENTS], figure.data[MapTrace.EDGES]
    assert list(edges.lat) == list(events.lat)
    assert [round(e - m, 6) for e, m in zip(edges.marker.size, events.marker.size, strict=True)] == [2] * 13
    for land in (LAND, LAND_FOCUS):
        ratio = (_luminance(land) + 0.05) / (_luminance(INK) + 0.05)
        assert ratio >= 3


def test_the_timeline_draws_the_selected_events_links_only(bundled_table):
    """By default no link is drawn until an event is selected (a printed timeline then keys none); then what it
    answers and what answers it, and nothing else."""
    frame, categories = bundled_table.frame, bundled_table.head.categories
    plain = build_timeline(frame, TimelineOptions(categories))
    assert plain.data[TimelineTrace.LINKS].x == () and not [a for a in plain.layout.annotations if a.showarrow]
    assert "Responds to (arrow)" not in printed_keys(frame, TimelineOptions(categories))
    assert "Responds to (arrow)" in printed_keys(frame, TimelineOptions(categories, links=Links.ALL))
    chosen = "pakistan-strikes-iran-2024-01-17"
    answers = set(frame.loc[frame["id"] == chosen, "responds_to"].iloc[0]) | set(
        frame.loc[frame["id"] == chosen, "related"].iloc[0])
    answered_by = {row.id for row in frame.itertuples() if chosen in (*row.responds_to, *row.related)}
    selected = build_timeline(frame, TimelineOptions(categories, selected=chosen))
    arrows = [a for a in selected.layout.annotations if a.showarrow]
    assert len(arrows) == len(answers) + len(answered_by) > 0
    assert selected.data[TimelineTrace.LINKS].x.count(None) == len(arrows)
    assert "Responds to (arrow)" in {t.name for t in selected.data}
