"""A timeline laid out for a figure of known size (an embed's frame): its dates never run into each other or into a
break's sign, and its lanes' names never take more than their share of the width (above their lanes, clear of
every marker and title, or beside them, shortened)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest

from dashboard.figures.date_ticks import BREAK_MARK_PX, TICK_GAP_PX, date_ticks
from dashboard.figures.measure import text_width
from dashboard.figures.timeline import (
    LANE_BAND,
    NAME_SHARE,
    TICK_FONT_PX,
    Frame,
    _plot_box,
    build_timeline,
    fitted_to_frame,
    marker_positions,
    stacking,
)
from dashboard.figures.timeline_labels import PlotBox
from dashboard.figures.views import timeline_options
from dashboard.model.loading import check_events
from dashboard.state.modes import Lanes
from dashboard.state.view import View, timeline_frame

RED_SEA = Path(__file__).resolve().parents[1] / "fixtures" / "red-sea-2023" / "events.yaml"
DAY = pd.Timedelta(days=1)
# (the figure's size, its events row as a browser draws it there): a phone, an article column, a wide page
FRAMES = {"phone": ((360, 509), (300, 274)), "column": ((800, 368), (600, 180)), "wide": ((1600, 833), (1335, 515))}


def label_spans(ticks, plot: PlotBox) -> list[tuple[float, float]]:
    xs = plot.x_px([pd.Timestamp(value) for value in ticks.values])
    widths = [max(text_width(line, TICK_FONT_PX) for line in label.split("<br>")) for label in ticks.labels]
    return [(x - w / 2, x + w / 2) for x, w in zip(xs, widths, strict=True)]


@pytest.mark.parametrize("width", [120, 300, 700, 1300])
def test_dates_never_overlap_across_a_break(width):
    plot = PlotBox(width, 300, pd.Timestamp("2023-12-15"), pd.Timestamp("2024-01-31"), 0, 7,
                   ((pd.Timestamp("2023-12-19"), pd.Timestamp("2024-01-08")),))
    ticks = date_ticks(plot, TICK_FONT_PX)
    assert ticks.values, "an axis always names a date"
    spans = label_spans(ticks, plot)
    for (_, right), (left, _) in itertools.pairwise(spans):
        assert left - right >= TICK_GAP_PX - 1e-6
    mark = float(plot.x_px([plot.breaks[0][0]])[0])
    assert all(right < mark - BREAK_MARK_PX / 2 or left > mark + BREAK_MARK_PX / 2 for left, right in spans)
    assert all(not (low <= pd.Timestamp(v) < high) for v in ticks.values for low, high in plot.breaks)
    # The year under the first date and under the first of each new year, nowhere else.
    years = [pd.Timestamp(v).year for v in ticks.values]
    assert [("<br>" in label) for label in ticks.labels] == [i == 0 or years[i] != years[i - 1] for i in range(len(years))]


def test_a_long_axis_names_months_then_years():
    months = date_ticks(PlotBox(700, 300, pd.Timestamp("2022-02-01"), pd.Timestamp("2024-06-30"), 0, 7), TICK_FONT_PX)
    assert months.labels[0].endswith("<br>2022") and months.labels[1] in ("Jun", "Jul", "Aug")
    assert all(pd.Timestamp(value).day == 1 for value in months.values)
    years = date_ticks(PlotBox(300, 300, pd.Timestamp("2000-01-01"), pd.Timestamp("2024-06-30"), 0, 7), TICK_FONT_PX)
    assert all(label.isdigit() for label in years.labels)


@pytest.fixture(scope="module")
def red_sea():
    table, _ = check_events(RED_SEA)
    return table


@pytest.mark.parametrize("lanes", [Lanes.CATEGORY, Lanes.ACTOR])
@pytest.mark.parametrize("size", list(FRAMES))
@pytest.mark.parametrize("crisis", ["bundled", "red sea"])
def test_lane_names_keep_to_their_share_or_go_above_clear_of_markers_and_titles(request, crisis, size, lanes):
    table = request.getfixturevalue("bundled_table" if crisis == "bundled" else "red_sea")
    (width, height), plot_px = FRAMES[size]
    view = View(lanes=lanes)
    frame = timeline_frame(table, view)
    options, names = fitted_to_frame(frame, timeline_options(table, view, plot_px, Frame(width, height)))
    figure = build_timeline(frame, timeline_options(table, view, plot_px, Frame(width, height)))
    assert figure.layout.meta["names_above"] == names.above
    if not names.above:
        assert all(text_width(name, names.size) <= NAME_SHARE * width for name in names.beside)
        assert figure.layout.yaxis.showticklabels and list(figure.layout.yaxis.ticktext) == names.beside[::-1]
        return
    assert figure.layout.yaxis.showticklabels is False
    # Above: each name in the top of its lane's band, over none of its markers and under no title.
    order, y, marker_px, _ = stacking(frame, options)
    xs, own_marker = marker_positions(frame)
    plot = _plot_box(frame, options, xs, own_marker, len(order))
    notes = [a for a in figure.layout.annotations if a.xref == "x domain"]
    assert [a.text for a in notes] == names.beside
    y_px, x_px = plot.y_px(y), plot.x_px(xs)
    titles = next(trace for trace in figure.data if trace.name == "labels")
    title_boxes = []
    for x, yy, words in zip(plot.x_px(titles.x), plot.y_px(titles.y), titles.text, strict=True):
        lines = words.split("<br>")
        half_w, half_h = max(text_width(line, 11) for line in lines) / 2, ((len(lines) - 1) * 1.3 + 1.2) * 11 / 2
        title_boxes.append((x - half_w, yy - half_h, x + half_w, yy + half_h))
    for note in notes:
        top = float(plot.y_px([note.y])[0]) - plot.lane_px * LANE_BAND / 2
        box = (0.0, top, text_width(note.text, 11) + 4, top + 11 * 1.2 + 2)
        for marker_x, marker_y, lane in zip(x_px, y_px, y, strict=True):
            if round(lane) == note.y and marker_x - marker_px / 2 < box[2]:
                assert marker_y - marker_px / 2 >= box[3] - 1e-6, note.text
        for x0, y0, x1, y1 in title_boxes:
            assert not (x0 < box[2] - 1 and box[0] < x1 - 1 and y0 < box[3] - 1 and box[1] < y1 - 1), note.text


@pytest.mark.parametrize("size", list(FRAMES))
def test_a_frame_is_laid_out_with_dates_chosen_for_it(bundled_table, size):
    (width, height), plot_px = FRAMES[size]
    figure = build_timeline(timeline_frame(bundled_table, View()),
                            timeline_options(bundled_table, View(), plot_px, Frame(width, height)))
    assert figure.layout.xaxis2.tickmode == "array" and figure.layout.xaxis2.tickvals
    assert figure.layout.xaxis.tickvals == figure.layout.xaxis2.tickvals  # the grid under the dates named
    assert figure.layout.meta["frame"] == [width, height]
    app = build_timeline(timeline_frame(bundled_table, View()), timeline_options(bundled_table, View()))
    assert app.layout.xaxis2.tickmode is None  # the app's panel follows its window: plotly names its dates
