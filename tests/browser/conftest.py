"""Browser-test helpers: the app on a copy of the real data, and ways to read plotly state from the page."""

from __future__ import annotations

import threading
import time

import pytest

from dashboard.web.app import create_app


@pytest.fixture
def dash_duo(dash_duo):
    """Dash's own ``dash_duo``, whose server stops only once no request is being handled (counted around the app's
    WSGI call: Chrome's keep-alive connections keep request threads open, so those cannot be waited for). Stopped
    mid-request, a request's thread is ended inside the response (seen: a SystemExit in flask-compress' brotli call,
    and in plotly building an embed's figure), which pytest reports as an error of the test's teardown."""
    handling, lock, start = [0], threading.Lock(), dash_duo.start_server

    def start_server(app, **kwargs):
        wsgi = app.server.wsgi_app

        def counted(environ, start_response):
            with lock:
                handling[0] += 1
            try:
                return wsgi(environ, start_response)
            finally:
                with lock:
                    handling[0] -= 1
        app.server.wsgi_app = counted
        return start(app, **kwargs)
    dash_duo.start_server = start_server
    yield dash_duo
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            idle = dash_duo.driver.execute_script(IDLE)
        except Exception:  # the page is gone or never opened: no callback of its own is under way
            idle = True
        if idle and handling[0] == 0:
            break
        time.sleep(0.1)


IDLE = "return !document.querySelector('[data-dash-is-loading=\"true\"]');"


@pytest.fixture
def app_on_copy(data_copy):
    return create_app(data_copy), data_copy


# Plotly sends numeric arrays as typed arrays ({dtype, bdata}: base64), and a graph keeps them so in its data;
# tests read them as plain numbers.
DECODED_DATA = """
function decode(value) {
  if (Array.isArray(value)) { return value.map(decode); }
  if (value === null || typeof value !== 'object') { return value; }
  if (typeof value.bdata === 'string' && typeof value.dtype === 'string') {
    var binary = atob(value.bdata), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    var types = {f8: Float64Array, f4: Float32Array, i4: Int32Array, u4: Uint32Array, i2: Int16Array,
                 u2: Uint16Array, i1: Int8Array, u1: Uint8Array};
    return Array.from(new types[value.dtype](bytes.buffer));
  }
  var plain = {};
  for (var key in value) { plain[key] = decode(value[key]); }
  return plain;
}
return decode(document.querySelector('#' + arguments[0] + ' .js-plotly-plot').data);
"""


def graph_data(dash_duo, graph_id: str) -> list:
    return dash_duo.driver.execute_script(DECODED_DATA, graph_id)


def graph_layout(dash_duo, graph_id: str) -> dict:
    return dash_duo.driver.execute_script(
        f"var g = document.querySelector('#{graph_id} .js-plotly-plot'); return g._fullLayout.map ? "
        f"{{center: g._fullLayout.map.center, zoom: g._fullLayout.map.zoom}} : {{xrange: g._fullLayout.xaxis.range}};")


# Where the map's selection ring is, as MapLibre holds and draws it (assets/ring.js moves it there without plotly):
# the points of its source, and of those the ones its layer has drawn on screen.
MAP_RING = """
var done = arguments[arguments.length - 1], uid = arguments[0];
var map = document.querySelector('#map .js-plotly-plot')._fullLayout.map._subplot.map;
map.getSource('source-' + uid + '-circle').getData().then(function (data) {
  var points = data.features.map(function (f) { return f.geometry.coordinates; });
  var layer = 'plotly-trace-layer-' + uid + '-circle';
  done({points: points, drawn: points.filter(function (p) {
    return map.queryRenderedFeatures(map.project(p), {layers: [layer]}).length > 0; }).length});
});
"""


def map_ring(dash_duo) -> list[list[float]]:
    """The [lon, lat] of the map's selection ring once drawn on screen; [] while there is none, or not yet drawn."""
    from dashboard.figures.map import RING_UID

    ring = dash_duo.driver.execute_async_script(MAP_RING, RING_UID)
    return ring["points"] if ring["drawn"] == len(ring["points"]) else []


def map_ringed(dash_duo) -> str | None:
    """The id of the event the map's selection ring is drawn on, or None when no ring is drawn."""
    from dashboard.figures.marks import MapTrace

    points = map_ring(dash_duo)
    if not points:
        return None
    events = graph_data(dash_duo, "map")[MapTrace.EVENTS]
    spots = list(zip(events["lon"], events["lat"], strict=True))
    (lon, lat), = points
    nearest = min(range(len(spots)), key=lambda i: abs(spots[i][0] - lon) + abs(spots[i][1] - lat))
    return events["customdata"][nearest] if abs(spots[nearest][0] - lon) + abs(spots[nearest][1] - lat) < 1e-6 else None


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


# An embed asks once drawn for its figure laid out for its frame: done when it says so (what it drew is
# what that was laid out for, or it stopped asking); a test ending before would stop the server under that request.
LAID_OUT = "var g = document.getElementById('figure'); return !!g && g.getAttribute('data-laid-out') === 'true';"
