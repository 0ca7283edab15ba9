"""The map scene both renderers draw: every event a distinct marker, labels that never collide, a frame that
fills its panel, a true scale bar and a key for every mark."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from dashboard.figures.cartography import Extent, Projector, build_scene, nice_km
from dashboard.figures.measure import text_width
from dashboard.state.url import decode
from dashboard.state.view import View, shown_frame

SIZES = [(1000, 640), (643, 330), (760, 800)]


@pytest.fixture(scope="module", params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def scene(request, bundled_table):
    return build_scene(bundled_table.frame, bundled_table.geography, *request.param)


def _marker_circles(scene):
    projector = Projector(scene.extent, scene.width, scene.height)
    xy = projector.to_px(scene.frame["draw_lon"], scene.frame["draw_lat"])
    return xy, scene.frame["size"].to_numpy() / 2


def test_every_event_is_a_distinct_marker(scene):
    """13 events at 6 places: none covers another (Islamabad's four, Tehran's three, the disputed strike)."""
    xy, radius = _marker_circles(scene)
    assert len(xy) == 13
    for i, j in itertools.combinations(range(len(xy)), 2):
        assert math.dist(xy[i], xy[j]) >= max(radius[i], radius[j]), (scene.frame["id"].iloc[i], scene.frame["id"].iloc[j])
    assert scene.leaders[0] and "spread" in scene.keys


def test_labels_overlap_no_marker_and_no_other_label_and_stay_in_the_frame(scene):
    assert_labels_clear(scene)


def assert_labels_clear(scene) -> None:
    """No label of ``scene`` overlaps another label or a marker, and none leaves the frame."""
    xy, radius = _marker_circles(scene)
    boxes = [label.box for label in scene.labels]
    for a, b in itertools.combinations(boxes, 2):
        assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    for x0, y0, x1, y1 in boxes:
        assert x0 >= 0 and x1 <= scene.width and y0 >= 0 and y1 <= scene.height
        nearest_x, nearest_y = np.clip(xy[:, 0], x0, x1), np.clip(xy[:, 1], y0, y1)
        assert (np.hypot(xy[:, 0] - nearest_x, xy[:, 1] - nearest_y) >= radius - 0.5).all()


def test_the_places_and_the_countries_in_focus_are_named(scene):
    texts = {label.text for label in scene.labels}
    assert {"Iran", "Pakistan"} <= texts
    assert {"Islamabad", "Tehran", "Saravan", "Rask"} <= texts
    assert all(label.size >= 10 for label in scene.labels)  # 7.5 pt at print size


def test_the_map_fills_its_frame(scene, bundled_table):
    projector = Projector(scene.extent, scene.width, scene.height)
    corner = projector.to_px([scene.extent.east], [scene.extent.south])[0]
    assert corner == pytest.approx([scene.width, scene.height], abs=0.5)
    frame = bundled_table.frame
    assert scene.extent.west < frame["lon"].min() < frame["lon"].max() < scene.extent.east
    assert scene.extent.south < frame["lat"].min() < frame["lat"].max() < scene.extent.north


def test_scale_bar_is_round_and_true_at_its_latitude(scene):
    bar = scene.scale_bar
    assert bar.km == nice_km(bar.km)
    measured = (bar.lon1 - bar.lon0) * 111.32 * math.cos(math.radians(bar.lat))
    assert measured == pytest.approx(bar.km, rel=0.01)


def test_keys_name_every_kind_of_mark_drawn(scene):
    assert set(scene.keys) == {"border", "arrow", "province", "halo", "planned", "spread", "disputed"}


def test_a_filtered_scene_keys_only_what_it_draws(bundled_table):
    view = View.from_state({**decode(""), "categories": ["meeting"]})
    frame = shown_frame(bundled_table, view)
    scene = build_scene(frame, bundled_table.geography, 800, 500)
    assert "arrow" not in scene.keys and "planned" not in scene.keys and "province" not in scene.keys


def test_an_extent_given_is_kept_and_widened_to_the_frame(bundled_table):
    wanted = Extent(60.0, 25.0, 64.0, 29.0)
    scene = build_scene(bundled_table.frame, bundled_table.geography, 1000, 500, extent=wanted)
    assert scene.extent.west < 60.0 and scene.extent.east > 64.0
    assert scene.extent.south == pytest.approx(25.0, abs=0.01) and scene.extent.north == pytest.approx(29.0, abs=0.01)


def test_names_in_other_scripts_are_measured_and_placed(bundled_table):
    frame = bundled_table.frame.assign(place=bundled_table.frame["place"].replace("Tehran", "تهران"))
    scene = build_scene(frame, bundled_table.geography, 1000, 640)
    assert "تهران" in {label.text for label in scene.labels}
    assert text_width("تهران", 11) > 10


def test_nice_km():
    assert [nice_km(v) for v in (1.3, 37, 260, 999, 4900)] == [1, 25, 250, 500, 2500]

