"""Many events: counts per grid cell and per lane and day, and the switch between counts and markers."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.figures.cartography import Extent
from dashboard.figures.density import DENSE_EVENTS, cell_side, daily_counts, grid_cells, is_dense
from dashboard.figures.marks import MapTrace
from dashboard.figures.timeline import TimelineTrace
from dashboard.figures.views import map_figure, map_positions, timeline_figure
from dashboard.model.loading import load_events
from dashboard.state.filters import Filters
from dashboard.state.view import View
from tests.synthetic import write_acled

pytestmark = pytest.mark.slow  # a generated file of 3,000 events, drawn a dozen times


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """An ACLED-shaped table of more events than markers can show (seven places, a year)."""
    return load_events(write_acled(DENSE_EVENTS + 1_000, tmp_path_factory.mktemp("dense") / "acled.csv"))


def counted(hovers) -> int:
    return sum(int(re.match(r"<b>([\d,]+) event", h).group(1).replace(",", "")) for h in hovers)


def test_grid_cells_count_every_event_once_on_a_grid_that_stays_put(many):
    frame = many.frame
    cells = grid_cells(frame, 0.5)
    assert cells["count"].sum() == len(frame) and cells["killed"].sum() == frame["killed"].fillna(0).sum()
    assert ((cells["draw_lon"] / 0.5 - 0.5).round(9) % 1 == 0).all()  # centres on a grid anchored at 0°, 0°
    biggest = cells.sort_values("count").iloc[-1]
    assert biggest["size"] == cells["size"].max() and cells["size"].min() >= 5
    assert biggest["hover"].startswith(f"<b>{biggest['count']:,} events</b>")
    shifted = grid_cells(frame.assign(lon=frame["lon"] + 0.5), 0.5)  # a pan by one cell moves no cell boundary
    assert sorted(shifted["count"]) == sorted(cells["count"])
    assert cell_side(Extent(60, 20, 72, 30)) == pytest.approx(12 / 48)


def test_daily_counts_count_every_event_on_its_lane_and_day(many):
    frame = many.frame
    lane = frame["category"].astype("category").cat.codes.astype(float) + 0.1  # spread about the lane's centre
    days = daily_counts(frame, lane)
    assert days["count"].sum() == len(frame) and set(days["y"]) <= set(range(7))
    assert len(days) <= 7 * 366


def test_past_the_threshold_the_map_counts_per_cell_and_zoomed_in_draws_the_events_in_sight(many):
    assert is_dense(len(many.frame))
    zoomed_out = map_figure(many, View())
    events = zoomed_out.data[MapTrace.EVENTS]
    assert counted(events.hovertext) == len(many.frame) and len(events.lat) < 500
    assert not any(events.customdata)  # a cell selects no event
    saravan = View(camera={"lat": 27.37, "lon": 62.33, "zoom": 10})
    zoomed_in = map_figure(many, saravan).data[MapTrace.EVENTS]
    assert 0 < len(zoomed_in.customdata) <= DENSE_EVENTS and all(zoomed_in.customdata)
    assert all(62.0 < lon < 62.7 for lon in zoomed_in.lon)
    chosen = many.frame["id"].iloc[0]  # the selection ring sits on the event's own point in a map of counts
    ring = map_positions(many, View(selected=chosen)).set_index("id").loc[chosen]
    assert (ring["draw_lat"], ring["draw_lon"]) == (many.frame["lat"].iloc[0], many.frame["lon"].iloc[0])
    drawn = map_figure(many, View(selected=chosen)).data[MapTrace.SELECTED]  # and the first drawing rings it there
    assert (drawn.lat, drawn.lon) == ((many.frame["lat"].iloc[0],), (many.frame["lon"].iloc[0],))
    few = View(filters=Filters(categories=("battles",)))
    drawn = map_figure(many, few).data  # fewer than the threshold: each event drawn, alone or in a cluster mark
    in_clusters = sum(len(ids) for ids in drawn[MapTrace.CLUSTER].customdata)
    assert len(drawn[MapTrace.EVENTS].customdata) + in_clusters == (many.frame["category"] == "battles").sum()


def test_past_the_threshold_the_timeline_counts_per_lane_and_day(many):
    figure = timeline_figure(many, View())
    events = figure.data[TimelineTrace.EVENTS]
    assert counted(events.hovertext) == len(many.frame) and len(events.x) <= 6 * 366
    assert not figure.data[TimelineTrace.LABELS].text  # no titles over a density
    assert any(trace.name.startswith("Many events") for trace in figure.data)  # keyed


def test_past_the_threshold_the_daily_strip_is_one_stepped_outline_of_every_day(many, bundled_table):
    """One shape, not a bar a day (the browser draws it twice: in the strip and its range slider), with every
    day of the span present, so an empty day drops to zero instead of being bridged; few events keep their bars."""
    strip = timeline_figure(many, View()).data[TimelineTrace.STRIP]
    assert strip.type == "scatter" and strip.line.shape == "hv" and strip.fill == "tozeroy"
    days = pd.DatetimeIndex(strip.x)
    assert (days[1:] - days[:-1] == pd.Timedelta(days=1)).all()
    assert sum(strip.y) == pytest.approx(len(many.frame), abs=1)  # month-only events: shares, each rounded
    assert timeline_figure(bundled_table, View()).data[TimelineTrace.STRIP].type == "bar"


def test_selecting_an_event_in_a_timeline_of_counts_rings_it_and_dims_no_day(many):
    """plotly's selectedpoints would pick the lane-day mark at the event's row number and fade every other day."""
    from dashboard.figures.patches import highlight_edits

    chosen = many.frame["id"].iloc[len(many.frame) // 2]
    highlight = highlight_edits(many, View(selected=chosen))
    timeline_edits = highlight.timeline_edits
    assert ("data", TimelineTrace.EVENTS, "selectedpoints") not in timeline_edits
    ring = timeline_edits["data", TimelineTrace.SELECTION]
    assert len(ring["x"]) == 1 and float(ring["y"][0]).is_integer()  # on its lane's row of day marks


def test_a_printed_map_of_many_events_counts_them_per_area_as_the_app_does(many):
    """An export of more events than markers can show draws a mark per area, keyed, every event counted once."""
    from dashboard.export.paper import export_figure
    from dashboard.export.spec import ExportSpec, prepare

    figure = export_figure(many, prepare(many, ExportSpec(what="map", fmt="svg")))
    events = next(trace for trace in figure.data if trace.name == "events")
    assert counted(events.hovertext) == len(many.frame) and len(events.lat) < 200
    names = [trace.name for trace in figure.data]
    assert "Many events: one mark per area (size: count; colour: commonest category)" in names
    assert next(t for t in figure.data if t.legendgroup == "categories").legendgrouptitle.text == (
        "Category (commonest per area)")
