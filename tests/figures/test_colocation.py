"""Events at one place never drawn where they did not happen: every marker within ``NEAR_PX`` of its event's point
(or inside its own uncertainty area), in km and px, in every view of the Red Sea fixture (the app at several zooms,
every export preset), and of the bundled crisis; many events at one place are one cluster mark, keyed, which a
selection opens."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from dashboard.export.paper import Page
from dashboard.export.spec import PRESETS, ExportSpec, prepare
from dashboard.figures.cartography import Projector, Scene
from dashboard.figures.colocation import JOIN_PX, NEAR_PX, SPREAD_AT_MOST, Kind, breakdown_dots, colocate
from dashboard.figures.map import camera
from dashboard.figures.marks import MapTrace
from dashboard.figures.views import fitted_extent, map_drawing, map_figure, selection_on_map
from dashboard.model.loading import check_events
from dashboard.state.view import View
from geo.borders import KM_PER_DEGREE

RED_SEA = Path(__file__).resolve().parents[1] / "fixtures" / "red-sea-2023" / "events.yaml"


@pytest.fixture(scope="module")
def red_sea():
    table, _ = check_events(RED_SEA)
    return table


def test_a_lone_event_stays_on_its_point_and_a_few_at_one_place_stay_near_it():
    xy = np.array([[100.0, 100.0], [300.0, 300.0], [300.0, 300.0], [302.0, 301.0]])
    placement = colocate(xy, np.array([30.0, 30.0, 30.0, 30.0]))
    assert placement.drawn[0].tolist() == [100.0, 100.0]
    moved = np.hypot(*(placement.drawn - xy).T)
    assert (moved <= NEAR_PX + 1e-9).all() and (moved[1:] > 0).all()  # three at one place: apart, but near
    assert [group.kind for group in placement.groups] == [Kind.SINGLE, Kind.SPREAD]


def test_many_events_at_one_place_are_one_mark_on_it_and_a_selection_opens_them():
    xy = np.repeat([[200.0, 150.0]], 13, axis=0)
    placement = colocate(xy, np.full(13, 20.0))
    assert [group.kind for group in placement.groups] == [Kind.CLUSTER]
    assert (placement.drawn == [200.0, 150.0]).all() and len(set(placement.sizes)) == 1
    opened = colocate(xy, np.full(13, 20.0), opened=5)
    assert [group.kind for group in opened.groups] == [Kind.OPENED]
    assert len(np.unique(np.round(opened.drawn), axis=0)) == 13  # every marker apart


def test_a_chain_of_nearby_events_is_never_pulled_to_one_far_point():
    """Fifty events 5 px apart along a coast: no group reaches further than its seed's neighbours."""
    xy = np.column_stack([np.arange(50) * 5.0, np.full(50, 40.0)])
    placement = colocate(xy, np.full(50, 16.0))
    assert np.hypot(*(placement.drawn - xy).T).max() <= NEAR_PX
    assert all(np.ptp(xy[group.rows, 0]) <= 2 * JOIN_PX for group in placement.groups)


def test_the_dots_round_a_cluster_give_each_category_its_share():
    _, colours = breakdown_dots(np.zeros(2), 24.0, [("red", 9), ("blue", 3), ("green", 1)])
    assert len(colours) == 12 and colours.count("red") == 8 and colours.count("blue") == 3
    assert colours.count("green") == 1  # the smallest share keeps its dot
    _, few = breakdown_dots(np.zeros(2), 24.0, [("red", 4), ("blue", 2)])
    assert few == ["red"] * 4 + ["blue"] * 2


def _misplaced(scene: Scene) -> list[str]:
    """Each marker (an event's own, or its cluster's) drawn in the frame farther from the event's point than
    ``NEAR_PX`` and farther than its uncertainty radius: in px and in km, both checked."""
    projector = Projector(scene.extent, scene.width, scene.height)
    frame = scene.frame
    true_xy = projector.to_px(frame["lon"], frame["lat"])
    drawn_xy = projector.to_px(frame["draw_lon"], frame["draw_lat"])
    px = np.hypot(*(drawn_xy - true_xy).T)
    lat = np.radians(frame["lat"].to_numpy(dtype=float))
    km = KM_PER_DEGREE * np.hypot((frame["draw_lon"] - frame["lon"]).to_numpy(dtype=float) * np.cos(lat),
                                  (frame["draw_lat"] - frame["lat"]).to_numpy(dtype=float))
    km_per_px = np.array([projector.km_per_px(value) for value in frame["lat"]])
    allowed_km = np.maximum(NEAR_PX * km_per_px, frame["location_radius_km"].fillna(0).to_numpy(dtype=float))
    allowed_px = allowed_km / km_per_px
    wrong = (px > allowed_px + 0.5) | (km > allowed_km * 1.02 + 0.1)
    return [f"{event} {p:.0f} px {k:.0f} km" for event, p, k, bad in zip(frame["id"], px, km, wrong, strict=True) if bad]


def _zoomed(table, zoom_in: float) -> View:
    centre, zoom = camera(fitted_extent(table, View().framing))
    return View(camera={**centre, "zoom": zoom + zoom_in})


@pytest.mark.slow  # the Red Sea fixture's map laid out at five zooms
@pytest.mark.parametrize("zoom_in", [-1.0, 0.0, 1.0, 2.0, 4.0], ids=lambda z: f"zoom{z:+g}")
def test_no_marker_of_the_app_map_is_drawn_away_from_its_place(red_sea, zoom_in):
    scene, _ = map_drawing(red_sea, _zoomed(red_sea, zoom_in))
    assert _misplaced(scene) == []
    for cluster in scene.clusters:  # and every event of a cluster mark lies near it
        members = scene.frame[scene.frame["id"].isin(cluster.ids)]
        projector = Projector(scene.extent, scene.width, scene.height)
        mark = projector.to_px([cluster.lon], [cluster.lat])[0]
        assert np.hypot(*(projector.to_px(members["lon"], members["lat"]) - mark).T).max() <= NEAR_PX


@pytest.mark.slow
def test_zooming_in_splits_the_clusters(red_sea):
    counts = [sum(c.count for c in map_drawing(red_sea, _zoomed(red_sea, z))[0].clusters) for z in (0.0, 4.0)]
    assert counts[0] > 20 and counts[1] < counts[0]


@pytest.mark.slow  # four export pages laid out
@pytest.mark.parametrize("preset", list(PRESETS))
def test_no_marker_of_an_export_map_is_drawn_away_from_its_place(red_sea, preset):
    spec = ExportSpec("map", "svg", PRESETS[preset].width, PRESETS[preset].height, 1, "")
    page = Page(red_sea, prepare(red_sea, spec).view, spec)
    figure = page.figure()
    assert _misplaced(page.scene) == []
    assert page.scene.clusters and "cluster" in page.scene.keys
    assert any(trace.name == "Events at one place: their count" for trace in figure.data)  # keyed
    assert all(len(c.ids) > SPREAD_AT_MOST for c in page.scene.clusters)


def test_the_bundled_crisis_keeps_every_marker_near_its_place(bundled_table):
    scene, _ = map_drawing(bundled_table, View())
    assert _misplaced(scene) == []


@pytest.mark.slow
def test_selecting_an_event_in_a_cluster_opens_it_and_every_event_stays_reachable(red_sea):
    scene, _ = map_drawing(red_sea, View())
    cluster = max(scene.clusters, key=lambda c: c.count)
    figure = map_figure(red_sea, View())
    drawn = figure.data[MapTrace.EVENTS].customdata.tolist()
    in_clusters = [i for ids in figure.data[MapTrace.CLUSTER].customdata for i in ids]
    assert sorted(drawn + in_clusters) == sorted(red_sea.frame["id"])  # each event a marker or in a cluster mark
    assert selection_on_map(red_sea, View())[2] and selection_on_map(red_sea, View(selected=cluster.ids[0]))[2]
    opened_view = View(selected=cluster.ids[3])
    opened, _ = map_drawing(red_sea, opened_view)
    assert cluster.ids not in [c.ids for c in opened.clusters]
    members = opened.frame[opened.frame["id"].isin(cluster.ids)]
    assert not members["clustered"].any() and len(members[["draw_lon", "draw_lat"]].drop_duplicates()) == cluster.count
    assert len([v for v in opened.leaders[0] if v is None]) >= cluster.count  # each tied to the place by a line
    spread = max(math.dist(p, (cluster.lon, cluster.lat)) for p in members[["draw_lon", "draw_lat"]].to_numpy())
    assert spread > 0
