"""A map update costs MapLibre only what changed: no layer is removed and added again (each trace and layer has a
slot of its own: ``figures/map.py``), and a source gets data only when its data differ (``assets/map_sources.js``),
while what is drawn stays what the figure says."""

from __future__ import annotations

from dashboard.figures.marks import MapTrace
from dashboard.web.app import create_app
from tests.browser.conftest import wait_for
from tests.browser.test_app import RED_SEA
from tests.support import BUNDLED

# Counts what MapLibre is asked to do from now on: layers added and removed, sources handed data.
WATCH = """
var g = document.querySelector('#map .js-plotly-plot'), map = g._fullLayout.map._subplot.map;
window.__mapWork = {added: 0, removed: 0, sources: []};
if (!map.__watched) {
  map.__watched = true;
  ['addLayer', 'removeLayer'].forEach(function (name) {
    var original = map[name];
    map[name] = function () { window.__mapWork[name === 'addLayer' ? 'added' : 'removed'] += 1;
                              return original.apply(this, arguments); };
  });
  map.on('sourcedataloading', function (e) { window.__mapWork.sources.push(e.sourceId); });
}
"""
WORK = "return window.__mapWork;"
SETTLED = """var g = document.querySelector('#map .js-plotly-plot'), map = g._fullLayout.map._subplot.map;
var timeline = document.querySelector('#timeline .js-plotly-plot');
return map.loaded() && !!timeline && !!timeline._fullData && !document.querySelector('[data-dash-is-loading]');"""
# The events MapLibre holds in the events trace's source, against the events the figure has in that trace.
HELD = """
var done = arguments[arguments.length - 1], index = arguments[0];
var g = document.querySelector('#map .js-plotly-plot'), map = g._fullLayout.map._subplot.map;
var trace = g._fullData[index];
map.getSource('source-' + trace.uid + '-circle').getData().then(function (data) {
  done({held: data.features.length, figure: trace.customdata.length});
});
"""
REDRAW_SAME = """
var done = arguments[arguments.length - 1], g = document.querySelector('#map .js-plotly-plot');
g.once('plotly_afterplot', function () { done(true); });
Plotly.react(g, g.data, g.layout);
"""


def _open(dash_duo, data) -> None:
    dash_duo.start_server(create_app(data))
    dash_duo.wait_for_contains_text("#count", "events", timeout=30)
    wait_for(lambda: dash_duo.driver.execute_script(SETTLED), timeout=30, message="the map settled")


def _toggle_first_category(dash_duo, expected_count: str) -> None:
    box = dash_duo.find_element("#filter-category input")
    box.click()
    dash_duo.wait_for_contains_text("#count", expected_count, timeout=20)
    wait_for(lambda: dash_duo.driver.execute_script(SETTLED), timeout=20, message="the map settled")


def _held(dash_duo) -> dict:
    return dash_duo.driver.execute_async_script(HELD, int(MapTrace.EVENTS))


def test_a_filter_re_adds_no_layer_and_the_map_holds_what_the_figure_says(dash_duo):
    _open(dash_duo, BUNDLED)
    total = dash_duo.find_element("#count").text.split(" of ")[1]
    dash_duo.driver.execute_script(WATCH)
    _toggle_first_category(dash_duo, f"of {total}")
    narrowed = dash_duo.find_element("#count").text
    wait_for(lambda: _held(dash_duo)["held"] == int(narrowed.split()[0]), message="the narrowed events held")
    _toggle_first_category(dash_duo, f"{total.split()[0]} of {total}")
    wait_for(lambda: _held(dash_duo)["held"] == _held(dash_duo)["figure"] == int(total.split()[0]),
             message="every event held again")
    work = dash_duo.driver.execute_script(WORK)
    assert work["added"] == work["removed"] == 0, work
    assert work["sources"], "the filter sent the sources that changed"
    assert dash_duo.get_logs() == []


def test_redrawing_the_same_map_hands_maplibre_nothing(dash_duo):
    """Once a map has been updated (the first update hands over every source: what plotly drew them with is not
    known), drawing the same figure again sends no source data and touches no layer."""
    _open(dash_duo, RED_SEA)
    assert dash_duo.driver.execute_async_script(REDRAW_SAME)
    dash_duo.driver.execute_script(WATCH)
    assert dash_duo.driver.execute_async_script(REDRAW_SAME)
    work = dash_duo.driver.execute_script(WORK)
    assert work == {"added": 0, "removed": 0, "sources": []}, work
    assert dash_duo.get_logs() == []


# What the browser draws for a selection before the server answers (assets/ring.js ``select``): the map's ring and
# the timeline's, as the page computes them from the markers it has.
BROWSER_SELECTION = """
try { var ring = window.dash_clientside.ring.select(arguments[0], 'map', 'timeline'); } catch (e) { return e.stack; }
var selected = document.querySelector('#timeline .js-plotly-plot').data.find(function (t) {
  return t.name === 'selected'; });
return {ring: ring, timeline: {x: Array.from(selected.x), y: Array.from(selected.y)}};
"""


def test_the_browser_rings_a_selection_where_the_server_does(dash_duo, bundled_table):
    """The rings the page draws at once are where the server's answer puts them, for every event of the crisis."""
    from dashboard.figures.timeline import TimelineTrace
    from tests.browser.conftest import graph_data

    _open(dash_duo, BUNDLED)
    for event_id in bundled_table.frame["id"]:
        browser = dash_duo.driver.execute_script(BROWSER_SELECTION, event_id)
        dash_duo.driver.execute_script("window.dash_clientside.set_props('selected', {data: arguments[0]});", event_id)
        wait_for(lambda: dash_duo.driver.execute_script(SETTLED) and dash_duo.driver.execute_script(
            "return document.querySelector('#map .js-plotly-plot')._ring") is not None, message="the server's answer")
        server_ring = dash_duo.driver.execute_script("return document.querySelector('#map .js-plotly-plot')._ring;")
        server_timeline = graph_data(dash_duo, "timeline")[TimelineTrace.SELECTION]
        assert isinstance(browser, dict), browser
        assert browser["ring"] == {key: [float(v) for v in value] for key, value in server_ring.items()}, event_id
        assert browser["timeline"] == {"x": server_timeline["x"], "y": server_timeline["y"]}, event_id
    assert dash_duo.get_logs() == []
