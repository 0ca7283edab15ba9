"""Size stays a symbol: casualty-sized markers are capped for their frame, never hold a whole country the event
did not happen in, and the maps key example sizes at the sizes they draw."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.export.paper import Page
from dashboard.export.spec import PRESETS, ExportSpec, prepare
from dashboard.figures.cartography import Projector, Scene, build_scene, casualty_cap
from dashboard.figures.map import APP_SIZE
from dashboard.figures.style import MARKER_PX, size_key
from dashboard.figures.views import map_drawing
from dashboard.model.loading import check_events
from dashboard.state.modes import Framing
from dashboard.state.view import View

RED_SEA = Path(__file__).resolve().parents[1] / "fixtures" / "red-sea-2023" / "events.yaml"


def test_the_cap_follows_the_frame_and_the_key_names_round_tolls():
    assert casualty_cap(340, 320) < casualty_cap(*APP_SIZE) < casualty_cap(760, 800)
    assert size_key(0, 21) == []  # no casualties: no key
    assert [label for label, _ in size_key(40, 30)] == ["1", "10"]
    capped = size_key(5_000, 21)
    assert capped[-1] == ("100+", 21) and len(capped) == 3  # a toll past the cap reads as "and more"


def _countries_held(scene: Scene, geography) -> list[str]:
    """Each casualty-sized marker whose circle holds a whole country (the part of it in the frame) other than the
    event's own: the world's outlines, not the scene's."""
    projector = Projector(scene.extent, scene.width, scene.height)
    markers = scene.markers
    xy = projector.to_px(markers["draw_lon"], markers["draw_lat"])
    frame_box = shapely.box(*scene.extent.padded(0.05).bounds)
    held = []
    for code in geography.world.countries_within(scene.extent.bounds):
        shape = shapely.intersection(geography.outline(code), frame_box)
        if shape.is_empty:
            continue
        corners = projector.to_px(*shapely.get_coordinates(shape).T)
        farthest = np.hypot(xy[:, None, 0] - corners[None, :, 0], xy[:, None, 1] - corners[None, :, 1]).max(axis=1)
        for (event, own, point, size), reach in zip(
                markers[["id", "country", "point_country", "size"]].itertuples(index=False, name=None), farthest,
                strict=True):
            if size > MARKER_PX and size / 2 >= reach and code not in (own, point):
                held.append(f"{event} holds {code}")
    return held


@pytest.fixture(scope="module")
def red_sea():
    table, _ = check_events(RED_SEA)
    return table


@pytest.mark.slow  # the Red Sea fixture framed whole, and every export preset laid out
def test_no_marker_holds_a_country_it_did_not_happen_in(red_sea):
    cap = casualty_cap(*APP_SIZE)
    for view in (View(), View(framing=Framing.ALL)):
        scene, _ = map_drawing(red_sea, view)
        assert _countries_held(scene, red_sea.geography) == []
        assert scene.markers["size"].max() <= cap
    for preset in PRESETS.values():
        spec = ExportSpec("map", "svg", preset.width, preset.height, 1, "")
        page = Page(red_sea, prepare(red_sea, spec).view, spec)
        page.figure()
        assert _countries_held(page.scene, red_sea.geography) == []
        assert page.scene.markers["size"].max() <= casualty_cap(page.scene.width, page.scene.height)


def test_a_large_toll_beside_a_small_country_shrinks_to_a_plain_marker(bundled_table):
    """A toll of 5,000 at Khobar, beside Bahrain, on a map framed from Washington to Pakistan: at the cap its circle
    would hold Bahrain (and Qatar); it shrinks so it holds neither, and the markers elsewhere keep their sizes."""
    frame = bundled_table.frame
    khobar = frame.iloc[[0]].assign(id="khobar", lat=26.28, lon=50.21, country="SA", point_country="SA",
                                    killed=5_000.0, injured=None)
    washington = frame.iloc[[0]].assign(id="washington", lat=38.895, lon=-77.036, country="US", point_country="US",
                                        killed=None, injured=None)
    frame = pd.concat([frame, khobar, washington], ignore_index=True)
    scene = build_scene(frame, bundled_table.geography, 800, 500, framing=Framing.ALL)
    size = scene.frame.set_index("id").loc["khobar", "size"]
    assert MARKER_PX <= size < casualty_cap(800, 500)
    assert _countries_held(scene, bundled_table.geography) == []
    bigger = scene.frame.assign(size=np.where(scene.frame["id"] == "khobar", casualty_cap(800, 500), scene.frame["size"]))
    held = _countries_held(replace(scene, frame=bigger), bundled_table.geography)
    assert "khobar holds BH" in held  # what the cap prevents


@pytest.mark.slow
def test_exports_and_the_app_key_the_sizes_they_draw(red_sea, bundled_table):
    spec = ExportSpec("map", "svg", 794, 1123, 1, "")
    page = Page(red_sea, prepare(red_sea, spec).view, spec)
    figure = page.figure()
    key = page.scene.size_key
    assert key is not None and key.title == "Killed + injured"
    drawn = next(trace for trace in figure.data if trace.name == "size key")
    assert list(drawn.marker.size) == [circle[2] for circle in key.circles]
    cap = casualty_cap(page.scene.width, page.scene.height)
    assert [(c[3], c[2]) for c in key.circles] == size_key(
        float((page.scene.markers["killed"].fillna(0) + page.scene.markers["injured"].fillna(0)).max()), cap)
    from dashboard.web.layout import map_size_key

    app_key = map_size_key(bundled_table)
    assert app_key is not None and "Killed + injured" in str(app_key)
