"""The timeline's titles: whole, wrapped, laid out by measured size so none overlaps a label, a marker or the
selection ring, none leaves the plot, and the key events are named, at app, slide and A4-column sizes."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from dashboard.figures.measure import text_width, wrap_text
from dashboard.figures.timeline import TimelineOptions, TimelineTrace, build_timeline, lane_range, lanes_and_y, marker_positions
from dashboard.figures.timeline_labels import LABEL_PX, RING_PX, PlotBox, place_labels

PLOTS = {"app": (1100.0, 236.0), "slide": (900.0, 330.0), "a4-column": (440.0, 210.0)}
KEY_EVENTS = {"iran-strikes-pakistan-2024-01-16", "pakistan-strikes-iran-2024-01-17"}


@pytest.fixture(scope="module", params=list(PLOTS))
def drawn(request, bundled_table):
    options = TimelineOptions(bundled_table.head.categories, bundled_table.head.phases, plot_px=PLOTS[request.param])
    figure = build_timeline(bundled_table.frame, options)
    return figure, request.param


def test_titles_are_whole_and_wrapped(drawn, bundled_table):
    figure, _ = drawn
    labels = figure.data[TimelineTrace.LABELS]
    titles = bundled_table.frame["title"].tolist()
    for position, label in zip(labels.customdata, labels.text, strict=True):
        lines = label.split("<br>")
        assert " ".join(lines).replace("&quot;", '"').replace("&#x27;", "'") == titles[position]  # whole
        assert all(text_width(line, LABEL_PX) <= 232 for line in lines)


def test_key_events_are_named_at_every_size(drawn, bundled_table):
    figure, size = drawn
    named = {bundled_table.frame["id"].iloc[p] for p in figure.data[TimelineTrace.LABELS].customdata}
    assert named >= KEY_EVENTS, size


def test_labels_overlap_nothing_and_stay_in_the_plot(bundled_table):
    assert_labels_clear(bundled_table)


def assert_labels_clear(table) -> None:
    """At every plot size, no title of ``table``'s timeline overlaps another, a marker or its ring, and none leaves
    the plot."""
    frame = table.frame
    order, y = lanes_and_y(frame, TimelineOptions(table.head.categories))
    xs, day_events = marker_positions(frame)
    for width, height in PLOTS.values():
        plot = PlotBox(width, height, frame["date"].min() - pd.Timedelta(days=1),
                       frame["date_end"].max() + pd.Timedelta(days=2), *lane_range(len(order)))
        sizes = [13 if d else 0 for d in day_events]
        labels = place_labels(frame, xs, y, sizes, plot)
        boxes = [label.box for label in labels]
        for a, b in itertools.combinations(boxes, 2):
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
        px_x, px_y = plot.x_px(xs), plot.y_px(y)
        for x0, y0, x1, y1 in boxes:
            assert x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height
            for x, yy in zip(px_x, px_y, strict=True):  # no label under a marker or its selection ring
                assert not (x0 < x + RING_PX and x - RING_PX < x1 and y0 < yy + RING_PX and yy - RING_PX < y1)


def test_wrap_title_keeps_every_word():
    title = "Pakistan's strikes on \"terrorist hideouts\" in Iran"
    lines = wrap_text(title, 120, LABEL_PX)
    assert " ".join(lines) == title and len(lines) > 1
