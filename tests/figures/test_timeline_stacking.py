"""A timeline that holds 50-300 events: events of one lane and day never overlap (a column centred on the lane,
neighbours in a beeswarm, laid out for the plot's real size; markers smaller, then the rest of a crowded day
counted in "+N"), and at the slide composite and the A4 column the lanes keep a readable height."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from dashboard.export.paper import Page
from dashboard.export.spec import PRESETS, ExportSpec, prepare
from dashboard.figures.timeline import (
    APP_PLOT_PX,
    MARKER_PX,
    TimelineTrace,
    _plot_box,
    build_timeline,
    marker_positions,
    stacking,
    swarm,
)
from dashboard.figures.views import timeline_options
from dashboard.model.loading import check_events
from dashboard.state.view import View, timeline_frame

RED_SEA = Path(__file__).resolve().parents[1] / "fixtures" / "red-sea-2023" / "events.yaml"
PLOTS = {"app": APP_PLOT_PX, "slide composite": (1016.0, 110.0), "a4 column": (400.0, 160.0)}


def test_a_swarm_sets_a_crowded_day_apart_and_refuses_what_cannot_fit():
    x = np.array([10.0, 10.0, 10.0, 30.0, 200.0])
    offsets = swarm(x, np.zeros(5), band_px=40.0, marker_px=9.0)
    assert offsets is not None and offsets[4] == 0.0  # alone: on the lane's middle
    for i, j in itertools.combinations(range(4), 2):
        assert np.hypot(x[i] - x[j], offsets[i] - offsets[j]) >= 10.0 - 1e-6
    assert swarm(x, np.zeros(5), band_px=20.0, marker_px=9.0) is None  # three on one day need 30 px


@pytest.fixture(scope="module")
def red_sea():
    table, _ = check_events(RED_SEA)
    return table


@pytest.mark.parametrize("plot_px", list(PLOTS.values()), ids=list(PLOTS))
def test_no_two_markers_of_a_lane_and_day_overlap(red_sea, plot_px):
    frame = timeline_frame(red_sea, View())
    options = replace(timeline_options(red_sea, View()), plot_px=plot_px)
    order, y, marker_px, hidden = stacking(frame, options)
    assert marker_px in MARKER_PX
    xs, own_marker = marker_positions(frame)
    plot = _plot_box(frame, options, xs, own_marker, len(order))
    x_px, y_px = plot.x_px(xs), plot.y_px(y)
    lane = np.round(y.to_numpy())
    overlaps = [(frame["id"].iloc[i], frame["id"].iloc[j]) for i, j in itertools.combinations(range(len(frame)), 2)
                if lane[i] == lane[j] and xs.iloc[i] == xs.iloc[j]  # one lane, one day
                and own_marker.iloc[i] and own_marker.iloc[j] and not hidden[i] and not hidden[j]
                and np.hypot(x_px[i] - x_px[j], y_px[i] - y_px[j]) < marker_px]
    assert overlaps == []
    assert (np.abs(y.to_numpy() - lane) * plot.lane_px <= plot.lane_px / 2).all()  # each inside its own lane
    figure = build_timeline(frame, options)  # and each event not drawn apart is counted in a "+N" by its day
    stacks = figure.data[TimelineTrace.STACKS]
    assert sum(int(t[1:]) for t in stacks.text) == hidden.sum()
    assert all(size == 0 for size, gone in zip(figure.data[TimelineTrace.EVENTS].marker.size, hidden, strict=True) if gone)
    if plot_px == APP_PLOT_PX:
        assert hidden.sum() <= 0.1 * len(frame) and marker_px >= 9  # one crowded day does not shrink every marker


@pytest.mark.slow  # two pages laid out
@pytest.mark.parametrize(("what", "preset"), [("composite", "slide"), ("timeline", "a4-column")])
def test_lanes_stay_readable_on_small_pages(red_sea, what, preset):
    spec = ExportSpec(what, "svg", PRESETS[preset].width, PRESETS[preset].height, 1, "")
    page = Page(red_sea, prepare(red_sea, spec).view, spec)
    figure = page.figure()
    low, high = figure.layout.yaxis.domain
    lanes = len(figure.layout.yaxis.tickvals)
    assert lanes == 8 and (high - low) * spec.height / lanes >= 12  # px a lane: room for its name and its events
    events = next(trace for trace in figure.data if trace.name == "events")
    assert max(events.marker.size) >= MARKER_PX[0]
