"""Browser-test helpers: the app on a copy of the real data, and ways to read plotly state from the page."""

from __future__ import annotations

import time

import pytest

from dashboard.web.app import create_app


@pytest.fixture
def app_on_copy(data_copy):
    return create_app(data_copy), data_copy


def graph_data(dash_duo, graph_id: str) -> list:
    return dash_duo.driver.execute_script(
        f"return document.querySelector('#{graph_id} .js-plotly-plot').data;")


def graph_layout(dash_duo, graph_id: str) -> dict:
    return dash_duo.driver.execute_script(
        f"var g = document.querySelector('#{graph_id} .js-plotly-plot'); return g._fullLayout.map ? "
        f"{{center: g._fullLayout.map.center, zoom: g._fullLayout.map.zoom}} : {{xrange: g._fullLayout.xaxis.range}};")


def map_ringed(dash_duo) -> str | None:
    """The id of the event the map's selection ring sits on, or None when no event is ringed."""
    from dashboard.figures.map import MapTrace

    data = graph_data(dash_duo, "map")
    events, ring = data[MapTrace.EVENTS], data[MapTrace.SELECTION]
    if not ring["lat"]:
        return None
    spots = list(zip(events["lat"], events["lon"], strict=True))
    return events["customdata"][spots.index((ring["lat"][0], ring["lon"][0]))]


def wait_for(predicate, timeout: float = 12.0, message: str = "condition"):
    """Poll ``predicate`` until it holds (a condition, not a timer: it returns as soon as it is true)."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except Exception as error:  # the page may be mid-render
            last = error
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {message} (last: {last!r})")


def timeline_point(dash_duo, event_id: str):
    """The SVG marker of ``event_id`` on the timeline (the element a user clicks)."""
    return dash_duo.driver.execute_script("""
        var points = document.querySelectorAll('#timeline .scatterlayer .trace .points path.point');
        for (var i = 0; i < points.length; i++) {
            var trace = points[i].parentNode.parentNode.__data__[0].trace;
            if (trace.name === 'events' && trace.customdata[points[i].__data__.i] === arguments[0]) {
                return points[i];
            }
        }
        return null;""", event_id)
