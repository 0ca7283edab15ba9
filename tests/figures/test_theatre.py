"""The theatre a map frames by default, found from the events alone, and the events beyond it: pointed to at the
frame's edge, counted in the caption; ``frame=all`` frames every event. Judged on the bundled crisis, the
India–Pakistan fixture and the Red Sea fixture (74 events, three continents)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.export.paper import caption
from dashboard.figures.cartography import build_scene
from dashboard.figures.theatre import THEATRE_SHARE, beyond, theatre_rows
from dashboard.model.loading import check_events
from dashboard.state.modes import Framing
from dashboard.state.url import decode
from dashboard.state.view import View

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BUNDLED = Path(__file__).resolve().parents[2] / "data" / "events.yaml"
INDIA_PAKISTAN = FIXTURES / "india-pakistan-2025" / "events.yaml"
RED_SEA = FIXTURES / "red-sea-2023" / "events.yaml"
WASHINGTON = (38.895, -77.036)


def table_of(path: Path):
    table, _ = check_events(path)
    return table


def with_meeting_at(frame: pd.DataFrame, lat: float, lon: float, killed: int | None = None) -> pd.DataFrame:
    """The frame and one more event far away: a ceasefire meeting in a third country's capital."""
    meeting = frame.iloc[[0]].assign(id="meeting", lat=lat, lon=lon, place="Far away", killed=killed, injured=None,
                                     location_precision="exact")
    return pd.concat([frame, meeting], ignore_index=True)


@pytest.mark.parametrize("path", [BUNDLED, INDIA_PAKISTAN], ids=["bundled", "india-pakistan"])
def test_a_crisis_between_neighbours_frames_every_event(path):
    """The capitals a thousand km from the border hold a fair share of the events: they stay in the frame."""
    frame = table_of(path).frame
    assert theatre_rows(frame).all()


def test_one_meeting_on_another_continent_does_not_reframe_a_border_war():
    frame = table_of(INDIA_PAKISTAN).frame
    widened = with_meeting_at(frame, *WASHINGTON)
    keep = theatre_rows(widened)
    assert keep[:-1].all() and not keep[-1]
    (group,) = beyond(widened, ~keep)
    assert group.rows == (len(frame),) and group.name == "Far away" and group.count == 1


def test_the_theatre_does_not_depend_on_where_on_earth_it_is():
    """No region is tuned: the same crisis moved 40 degrees east and 10 south keeps the same theatre."""
    widened = with_meeting_at(table_of(INDIA_PAKISTAN).frame, *WASHINGTON)
    moved = widened.assign(lon=widened["lon"] + 40 - 360 * (widened["lon"] + 40 > 180), lat=widened["lat"] - 10)
    assert (theatre_rows(moved) == theatre_rows(widened)).all()


def test_a_far_group_holding_many_of_the_casualties_stays_in_the_frame():
    frame = table_of(INDIA_PAKISTAN).frame
    dead = int(frame["killed"].fillna(0).sum() + frame["injured"].fillna(0).sum())
    massacre = with_meeting_at(frame, *WASHINGTON, killed=dead)  # half of every casualty, far away
    assert theatre_rows(massacre).all()


@pytest.mark.slow  # lays out a whole map
def test_the_red_sea_theatre_is_the_sea_and_its_shores_and_the_rest_is_pointed_to():
    table = table_of(RED_SEA)
    frame = table.frame
    keep = theatre_rows(frame)
    assert keep.sum() >= THEATRE_SHARE * len(frame)
    kept = frame[keep]
    assert kept["lon"].between(30, 60).all() and kept["lat"].between(10, 35).all()
    names = {group.name.split(" and ")[0] for group in beyond(frame, ~keep)}
    assert {"Washington, D.C.", "Copenhagen"} <= names

    scene = build_scene(frame, table.geography, 900, 500)
    outside = ~scene.extent.holds(scene.frame)
    assert sum(group.count for group in scene.elsewhere) == outside.sum() > 0
    pointers = [label for label in scene.labels if label.kind == "elsewhere"]
    assert len(pointers) == len(scene.elsewhere)
    for label in pointers:  # inside the frame, at its edge, naming its group and count
        x0, y0, x1, y1 = label.box
        assert x0 >= 0 and x1 <= 900 and y0 >= 0 and y1 <= 500
        assert min(x0, y0, 900 - x1, 500 - y1) < 40
    washington = next(label for label in pointers if "Washington" in label.text)
    assert washington.text.startswith("←") and washington.text.endswith("4 events")


@pytest.mark.slow  # lays out a whole map
def test_framing_all_shows_every_event_and_points_nowhere():
    table = table_of(RED_SEA)
    scene = build_scene(table.frame, table.geography, 900, 500, framing=Framing.ALL)
    assert scene.extent.holds(scene.frame).all() and scene.elsewhere == []
    assert not any(label.kind == "elsewhere" for label in scene.labels)


@pytest.mark.slow  # lays out a whole map
def test_the_caption_counts_the_events_beyond_the_map():
    table = table_of(RED_SEA)
    scene = build_scene(table.frame, table.geography, 900, 500)
    text = caption(table, View(), scene.extent, scene.elsewhere)
    count = sum(group.count for group in scene.elsewhere)
    assert f"{count} events beyond the map, pointed to at its edge" in text and "Washington, D.C." in text


def test_the_framing_is_in_the_url():
    assert View.from_state(decode("frame=all")).framing is Framing.ALL
    assert View.from_state(decode("frame=nowhere")).framing is Framing.THEATRE  # a bad value is the default
    assert View().framing is Framing.THEATRE


def test_groups_beyond_are_largest_first_and_cover_each_event_once():
    frame = table_of(RED_SEA).frame
    outside = ~theatre_rows(frame)
    groups = beyond(frame, outside)
    rows = [row for group in groups for row in group.rows]
    assert sorted(rows) == list(np.flatnonzero(outside))
    assert [group.count for group in groups] == sorted((group.count for group in groups), reverse=True)
