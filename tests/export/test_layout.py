"""A printed page that reads on a small page: a composite gives its timeline's lanes the room their names need,
keys its map only where the key fits, and sets phase names apart, on the bundled crisis and the many-script one."""

from __future__ import annotations

import html
import itertools
from pathlib import Path

import pandas as pd
import pytest

from dashboard.export.paper import LANE_LINE, LEGEND_ROW_PX, TICK_PX, Page
from dashboard.export.spec import PRESETS, ExportSpec, prepare
from dashboard.figures.measure import text_width
from dashboard.figures.timeline import PHASE_GAP_PX, PHASE_PX, PHASE_ROW_PX, phase_annotations
from dashboard.figures.timeline_labels import PlotBox
from dashboard.model.loading import check_events

MULTISCRIPT = Path(__file__).resolve().parents[1] / "fixtures" / "multiscript" / "events.yaml"


@pytest.fixture(scope="module", params=["bundled", "multiscript"])
def table(request, bundled_table):
    return bundled_table if request.param == "bundled" else check_events(MULTISCRIPT)[0]


@pytest.mark.parametrize("preset", ["a4-column", "slide", "square"])
def test_a_composite_keeps_lane_names_apart_and_its_map_key_in_its_column(table, preset):
    spec = ExportSpec("composite", "png", PRESETS[preset].width, PRESETS[preset].height, 1, "")
    page = Page(table, prepare(table, spec).view, spec)
    figure = page.figure()
    lanes = len(figure.layout.yaxis.tickvals)
    rows = figure.layout.yaxis.domain
    assert (rows[1] - rows[0]) * spec.height / lanes >= TICK_PX * LANE_LINE - 0.5  # a line of text per lane
    keys = [trace for trace in figure.data if trace.showlegend is not False and trace.legend in (None, "legend")
            and trace.type == "scattergeo"]
    groups = {trace.legendgroup for trace in keys}
    assert (len(keys) + len(groups)) * LEGEND_ROW_PX <= page.map_panel.height + 1 or figure.layout.legend.orientation == "h"


@pytest.mark.parametrize("plot_width", [300.0, 440.0, 900.0])
def test_phase_names_never_overlap_and_a_shortened_one_keeps_its_name_for_hover(table, plot_width):
    """Every phase name measured in px on its row: apart from its neighbours, inside the plot."""
    frame = table.frame
    plot = PlotBox(plot_width, 200.0, frame["date"].min() - pd.Timedelta(days=1), frame["date_end"].max() + pd.Timedelta(days=2),
                   -0.5, 6.5)
    names = phase_annotations(table.head.phases, plot)
    assert names
    rows: dict[int, list[tuple[float, float]]] = {}
    for name in names:
        label = name["text"].removeprefix("<b>").removesuffix("</b>")
        left = float(plot.x_px([pd.Timestamp(name["x"])])[0])
        right = left + text_width(html.unescape(label).strip("\u2068\u2069"), PHASE_PX, bold=True)
        assert left >= -0.5 and right <= plot_width + 0.5
        rows.setdefault(name["yshift"] // PHASE_ROW_PX, []).append((left, right))
        if label.endswith("…"):
            assert name["hovertext"] and not name["hovertext"].endswith("…")  # the whole name, on hover
    for boxes in rows.values():
        for (_, a_right), (b_left, _) in itertools.combinations(sorted(boxes), 2):
            assert a_right + PHASE_GAP_PX - 0.5 <= b_left
