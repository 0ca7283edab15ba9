"""Validate is the contract: whatever ``validate`` accepts, every view and export can draw. Generated files at the
edges of what the schema allows (the first and last days of the years it takes, the largest tolls, the longest
titles, events at one day or spread over two centuries) are loaded, and the app's map and timeline, an embed's
figures and every kind of export are built from them. Derandomized: CI runs the same examples every time."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.export.paper import export_figure
from dashboard.export.spec import ExportSpec, prepare
from dashboard.figures.views import map_figure, timeline_figure
from dashboard.model.loading import check_events
from dashboard.model.problems import errors
from dashboard.model.schema import MAX_COUNT, YEARS
from dashboard.state.view import View
from tests.support import BUNDLED, copy_bundled, write_document

EDGES = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
bundled = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
FIRST, LAST = f"{YEARS[0]}-01-01", f"{YEARS[1]}-12-31"

pytestmark = pytest.mark.fuzz  # dozens of files drawn whole: the full suite only

dates = st.sampled_from([FIRST, LAST, f"{YEARS[0]}-01", f"{YEARS[1]}-12", "2024-01-17"])
tolls = st.sampled_from([None, 0, 1, MAX_COUNT])
titles = st.sampled_from(["x", "W" * 160, "Ünïcødé — “quoted” & <b>not markup</b>"])


@st.composite
def edge_events(draw) -> list[dict]:
    """The bundled events with some changed to the schema's edges (each still valid on its own)."""
    events = [dict(event) for event in bundled["events"]]
    for event in draw(st.lists(st.sampled_from(events), min_size=1, max_size=5, unique_by=id)):
        event["date"] = draw(dates)
        event.pop("date_end", None)
        event["killed"], event["injured"] = draw(tolls), draw(tolls)
        event["title"] = draw(titles)
        for key in ("killed", "injured"):
            if event[key] is None:
                del event[key]
    return events


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return copy_bundled(tmp_path_factory.mktemp("edges")).parent


@EDGES
@given(events=edge_events())
def test_a_file_that_validates_draws_in_every_view_and_export(folder, events):
    path = write_document(folder / "events.yaml", {**bundled, "phases": [], "events": events})
    table, problems = check_events(path)
    assert table is not None and not errors(problems), [str(p) for p in errors(problems)]
    view = View(selected=table.frame["id"].iloc[0])
    map_figure(table, view).to_json()
    timeline_figure(table, view).to_json()
    for what in ("composite", "map", "timeline"):
        spec = ExportSpec(what, "html", 1280, 720, 1, "sel=" + view.selected)
        export_figure(table, prepare(table, spec)).to_json()


def test_dates_outside_the_drawn_years_and_tolls_past_the_limit_are_located_errors(tmp_path):
    """0001-01-01 and 9999-12-31 passed validate once and then failed every figure (year 0 is out of range)."""
    events = [dict(event) for event in bundled["events"]]
    events[0]["date"], events[1]["date"], events[2]["killed"] = "0001-01-01", "9999-12", 2 ** 63 - 1
    _, problems = check_events(write_document(copy_bundled(tmp_path), {**bundled, "events": events}))
    fields = {p.field: p.message for p in errors(problems)}
    assert set(fields) >= {"events[0].date", "events[1].date", "events[2].killed"}  # errors: validate exits 2
    assert "1900–2100" in fields["events[0].date"] and f"{MAX_COUNT:,}" in fields["events[2].killed"]
