"""The app in headless Chromium, used as an analyst uses it. Every test ends with an empty console."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.figures.marks import MapTrace
from dashboard.figures.timeline import TimelineTrace
from dashboard.web.app import create_app
from tests.browser.conftest import IDLE, graph_data, graph_layout, map_ring, map_ringed, timeline_point, wait_for
from tests.support import BUNDLED, replace_once

STRIKE = "pakistan-strikes-iran-2024-01-17"
RED_SEA = Path(__file__).resolve().parents[1] / "fixtures" / "red-sea-2023" / "events.yaml"


def start(dash_duo, app, path: str = "/"):
    """The app open and settled: its figures drawn and no callback in flight (the URL is read once, on load, and
    sets every control: what is typed before that answer is overwritten, by design)."""
    dash_duo.start_server(app)
    if path != "/":
        dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_contains_text("#count", "events", timeout=20)
    wait_for(lambda: timeline_point(dash_duo, STRIKE) is not None, message="timeline markers")
    wait_for(lambda: not dash_duo.driver.execute_script("return document.querySelector('[data-dash-is-loading]')"),
             timeout=20, message="no callback in flight")


def click_empty_timeline(dash_duo, plot):
    """Click the plot's lower left, where no event is, once plotly's throttled hover has caught up with the
    pointer (moving there crosses the plot's middle, which may hover a point): a condition, not a delay."""
    (ActionChains(dash_duo.driver).move_to_element(plot)
     .move_by_offset(-plot.size["width"] // 2 + 40, plot.size["height"] // 2 - 12).perform())
    wait_for(lambda: not dash_duo.driver.execute_script(
        "var g = document.querySelector('#timeline .js-plotly-plot'); return g._hoverdata && g._hoverdata.length;"),
        message="no point hovered")
    ActionChains(dash_duo.driver).click().perform()


def test_click_on_timeline_highlights_map_detail_and_table(dash_duo):
    start(dash_duo, create_app(BUNDLED))
    point = timeline_point(dash_duo, STRIKE)
    ActionChains(dash_duo.driver).move_to_element(point).click().perform()
    dash_duo.wait_for_contains_text("#detail h2", "Pakistan's strikes on \"terrorist hideouts\" in Iran")
    assert "Sources disagree" in dash_duo.find_element("#detail").text
    assert "Reuters was able to confirm the location as a village near Saravan" in dash_duo.find_element("#detail").text

    overview = graph_layout(dash_duo, "map")["center"]
    wait_for(lambda: map_ringed(dash_duo) == STRIKE, message="map highlight")
    assert graph_layout(dash_duo, "map")["center"] == overview  # in sight already: the analyst's view stays
    timeline = graph_data(dash_duo, "timeline")
    assert len(timeline[TimelineTrace.SELECTION]["x"]) == 1
    dash_duo.wait_for_contains_text(".selected-row", "Pakistan's strikes")
    assert f"sel={STRIKE}" in dash_duo.driver.current_url

    dash_duo.find_element("#clear-selection").click()
    dash_duo.wait_for_contains_text("#detail", "Select an event")
    wait_for(lambda: map_ringed(dash_duo) is None, message="cleared")

    wait_for(lambda: graph_data(dash_duo, "timeline")[TimelineTrace.SELECTION]["x"] == [], message="ring gone")
    ActionChains(dash_duo.driver).move_to_element(timeline_point(dash_duo, STRIKE)).click().perform()
    dash_duo.wait_for_contains_text("#detail h2", "Pakistan's strikes")
    plot = dash_duo.find_element("#timeline .nsewdrag")  # the plot area; its lower left holds no event
    click_empty_timeline(dash_duo, plot)
    dash_duo.wait_for_contains_text("#detail", "Select an event")  # a click on empty space clears

    dash_duo.find_element("#play").click()  # ... and, going through the selection callback, stops playback
    dash_duo.wait_for_text_to_equal("#play", "❚❚ Pause")
    wait_for(lambda: dash_duo.find_element("#detail h2").text != "Event detail", message="playback selects an event")
    click_empty_timeline(dash_duo, plot)
    dash_duo.wait_for_text_to_equal("#play", "▶ Play")
    assert dash_duo.get_logs() == []


def marker_positions(dash_duo, trace: MapTrace = MapTrace.EVENTS) -> list:
    """[id, x, y] of every event marker (or cluster mark: [ids, x, y]), in px of the map's canvas, where MapLibre
    draws it now."""
    return dash_duo.driver.execute_script(f"""
        var g = document.querySelector('#map .js-plotly-plot'), map = g._fullLayout.map._subplot.map;
        if (!map.loaded()) return null;
        var t = g._fullData[{int(trace)}];  // decoded: the figure sends numbers as typed arrays
        return Array.from(t.lat).map(function (lat, i) {{
            var p = map.project([t.lon[i], lat]); return [t.customdata[i], p.x, p.y]; }});""")


def click_map_at(dash_duo, x: float, y: float, hovered) -> None:
    """Real mouse events at (x, y) of the map's canvas, as a user's: a move, then (once plotly's throttled hover
    has picked the point under the mouse, ``hovered(customdata)``: a condition, not a delay) a click."""
    canvas = dash_duo.find_element("#map .maplibregl-canvas")
    left, top = dash_duo.driver.execute_script(
        "var r = arguments[0].getBoundingClientRect(); return [r.left, r.top];", canvas)

    def mouse(kind, at=(left + x, top + y)):
        dash_duo.driver.execute_cdp_cmd("Input.dispatchMouseEvent", {
            "type": kind, "x": at[0], "y": at[1], "button": "left", "clickCount": 1})

    mouse("mouseMoved", (left + x + 1, top + y))
    mouse("mouseMoved")
    wait_for(lambda: hovered(dash_duo.driver.execute_script(
        "var h = document.querySelector('#map .js-plotly-plot')._hoverdata;"
        "return h && h.length ? h[0].customdata : null;")), message="hovered")
    mouse("mousePressed")
    mouse("mouseReleased")


def test_every_event_is_a_distinct_marker_a_click_reaches(dash_duo, bundled_table):
    """13 events at 6 places (4 in Islamabad, 3 in Tehran, the disputed strike by Saravan): each is its own
    marker, apart from the others, and clicking it opens that event."""
    start(dash_duo, create_app(BUNDLED))
    positions = wait_for(lambda: marker_positions(dash_duo), timeout=20, message="map drawn")
    assert len(positions) == len(bundled_table.frame) == 13
    for (_, x0, y0), (_, x1, y1) in itertools.combinations(positions, 2):
        assert math.hypot(x1 - x0, y1 - y0) >= 8
    titles = dict(zip(bundled_table.frame["id"], bundled_table.frame["title"], strict=True))
    overview = graph_layout(dash_duo, "map")
    for event_id in titles:
        _, x, y = wait_for(lambda eid=event_id: next((p for p in marker_positions(dash_duo) or [] if p[0] == eid),
                                                      None), message="marker")
        click_map_at(dash_duo, x, y, lambda hovered, eid=event_id: hovered == eid)
        dash_duo.wait_for_text_to_equal("#detail h2", titles[event_id], timeout=10)
        wait_for(lambda eid=event_id: map_ringed(dash_duo) == eid, message="map highlight")
        assert graph_layout(dash_duo, "map") == overview  # every event in sight: the camera never moved
    assert dash_duo.get_logs() == []


def test_many_events_at_one_place_are_a_cluster_a_click_opens_and_zooming_in_splits(dash_duo):
    """The Red Sea fixture: attacks at one spot at sea are one cluster mark (its count, its events' ids); a click
    selects its first event and opens it (each event its own marker again); a closer camera splits clusters."""
    dash_duo.start_server(create_app(RED_SEA))
    dash_duo.wait_for_text_to_equal("#count", "74 of 74 events", timeout=30)
    clusters = wait_for(lambda: marker_positions(dash_duo, MapTrace.CLUSTER), timeout=20, message="cluster marks")
    assert events_drawn(dash_duo) == 74
    ids, x, y = max(clusters, key=lambda c: len(c[0]))
    before = len(graph_data(dash_duo, "map")[MapTrace.EVENTS]["customdata"])
    click_map_at(dash_duo, x, y, lambda hovered: hovered == ids)
    wait_for(lambda: map_ringed(dash_duo) == ids[0], message="the cluster's first event selected")
    opened = graph_data(dash_duo, "map")
    assert len(opened[MapTrace.EVENTS]["customdata"]) == before + len(ids)
    assert set(ids) <= set(opened[MapTrace.EVENTS]["customdata"]) and events_drawn(dash_duo) == 74
    clustered = sum(len(c[0]) for c in clusters)
    lon, lat = opened[MapTrace.CLUSTER]["lon"][0], opened[MapTrace.CLUSTER]["lat"][0]
    dash_duo.driver.get(dash_duo.server_url + f"/?map={lat:.4f},{lon:.4f},9")
    wait_for(lambda: events_drawn(dash_duo) == 74
             and sum(len(c[0]) for c in marker_positions(dash_duo, MapTrace.CLUSTER) or [[[0] * 99]]) < clustered,
             timeout=20, message="zoomed in: clusters split")
    assert dash_duo.get_logs() == []


def test_a_pointer_to_events_beyond_the_map_takes_the_map_to_them(dash_duo):
    """The Red Sea fixture's theatre leaves Washington's four events beyond the map; its pointer at the edge is a
    link: a click selects the first of them and the map pans there, where pointers lead back to the theatre."""
    dash_duo.start_server(create_app(RED_SEA))
    dash_duo.wait_for_text_to_equal("#count", "74 of 74 events", timeout=30)
    pointers = wait_for(lambda: marker_positions(dash_duo, MapTrace.ELSEWHERE_NAMES), timeout=20, message="pointers")
    washington = next(p for p in pointers if "joint-statement-2024-01-03" in p[0])
    click_map_at(dash_duo, washington[1], washington[2], lambda hovered: hovered == washington[0])
    dash_duo.wait_for_contains_text("#detail h2", "Twelve nations", timeout=20)
    wait_for(lambda: "map=" in dash_duo.driver.current_url
             and abs(graph_layout(dash_duo, "map")["center"]["lon"] - (-77.04)) < 1, message="panned to Washington")
    wait_for(lambda: any(len(p[0]) > 20 for p in marker_positions(dash_duo, MapTrace.ELSEWHERE_NAMES) or []),
             message="a pointer back to the theatre")
    assert dash_duo.get_logs() == []


def test_hovering_an_event_draws_its_links_and_leaving_it_takes_them_away(dash_duo):
    """Nothing selected, the timeline draws no link; hovering the Pakistani strike draws its links (it answers Iran's
    strike, and others answer it) in the browser; leaving it, none again."""
    start(dash_duo, create_app(BUNDLED))

    def link_points() -> int:
        return len(graph_data(dash_duo, "timeline")[TimelineTrace.LINKS]["x"])

    assert link_points() == 0
    ActionChains(dash_duo.driver).move_to_element(timeline_point(dash_duo, STRIKE)).perform()
    wait_for(lambda: link_points() >= 3, message="the hovered event's links")
    plot = dash_duo.find_element("#timeline .nsewdrag")
    (ActionChains(dash_duo.driver).move_to_element(plot)
     .move_by_offset(-plot.size["width"] // 2 + 40, plot.size["height"] // 2 - 12).perform())
    wait_for(lambda: link_points() == 0, message="links gone with the pointer")
    assert dash_duo.get_logs() == []


def test_filters_change_the_count_and_every_view(dash_duo):
    start(dash_duo, create_app(BUNDLED))
    dash_duo.wait_for_text_to_equal("#count", "13 of 13 events")
    dash_duo.find_element("#filter-category input[value='diplomatic']").click()
    dash_duo.wait_for_text_to_equal("#count", "9 of 13 events")
    wait_for(lambda: len(graph_data(dash_duo, "map")[MapTrace.EVENTS]["lat"]) == 9, message="map filtered")
    assert "cat=" in dash_duo.driver.current_url
    search = dash_duo.find_element("#filter-search")
    search.send_keys("Saravan")  # the strike near it, the killing there, the statement about it
    dash_duo.wait_for_text_to_equal("#count", "3 of 13 events")
    wait_for(lambda: len(dash_duo.find_elements(".events-table tbody tr")) == 3, message="table filtered")
    dash_duo.find_element("#reset").click()
    dash_duo.wait_for_text_to_equal("#count", "13 of 13 events")
    dash_duo.find_element("#filter-disputed input").click()  # only where sources disagree
    dash_duo.wait_for_text_to_equal("#count", "2 of 13 events")
    wait_for(lambda: "disputed=only" in dash_duo.driver.current_url, message="in the URL")
    wait_for(lambda: len(dash_duo.find_elements(".events-table .disputed-mark")) == 3, message="marked in the table")
    dash_duo.find_element("#reset").click()
    dash_duo.wait_for_text_to_equal("#count", "13 of 13 events")
    assert "disputed" not in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_dates_are_typed_in_one_unambiguous_form(dash_duo):
    """YYYY-MM-DD, whatever the browser's locale (a date input would show mm/dd/yyyy here)."""
    start(dash_duo, create_app(BUNDLED))
    start_box, end_box = dash_duo.find_element("#filter-from"), dash_duo.find_element("#filter-to")
    assert start_box.get_attribute("placeholder") == "YYYY-MM-DD" and start_box.get_attribute("type") == "text"
    start_box.send_keys("2024-01-16", Keys.ENTER)
    dash_duo.wait_for_text_to_equal("#count", "11 of 13 events")  # the start applied, and the timeline redrawn
    end_box.send_keys("2024-01-18", Keys.ENTER)
    dash_duo.wait_for_text_to_equal("#count", "4 of 13 events")
    wait_for(lambda: "from=2024-01-16" in dash_duo.driver.current_url and "to=2024-01-18" in dash_duo.driver.current_url,
             message="in the URL")
    assert dash_duo.get_logs() == []


def test_time_window_from_the_url_filters_map_and_table(dash_duo):
    start(dash_duo, create_app(BUNDLED), "/?from=2024-01-16&to=2024-01-18")
    dash_duo.wait_for_text_to_equal("#count", "4 of 13 events")
    wait_for(lambda: len(graph_data(dash_duo, "map")[MapTrace.EVENTS]["lat"]) == 4, message="map windowed")
    wait_for(lambda: graph_layout(dash_duo, "timeline")["xrange"][0].startswith("2024-01-16"), message="timeline range")
    assert dash_duo.get_logs() == []


def test_url_state_is_restored_and_bad_parameters_ignored(dash_duo):
    start(dash_duo, create_app(BUNDLED), f"/?cat=strike&lanes=country&sel={STRIKE}")
    dash_duo.wait_for_text_to_equal("#count", "2 of 13 events")
    dash_duo.wait_for_contains_text("#detail h2", "Pakistan's strikes")
    checked = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#filter-category input:checked')).map(i => i.value);")
    assert checked == ["strike"]
    assert dash_duo.driver.find_element("css selector", "#lanes input[value='country']").is_selected()

    dash_duo.driver.get(dash_duo.server_url + "/?from=not-a-date&lanes=bogus&sel=no-such-event&zzz=1&cat=nothing")
    dash_duo.wait_for_text_to_equal("#count", "13 of 13 events")
    dash_duo.wait_for_contains_text("#detail", "Select an event")
    assert dash_duo.driver.find_element("css selector", "#lanes input[value='category']").is_selected()
    assert dash_duo.get_logs() == []


# Every title the detail panel shows, in order: playback moves on by itself, so a test reads what it showed rather
# than catching each step as it passes (on a loaded machine a step can be shown and gone between two polls).
RECORD_TITLES = """
window.shownTitles = [];
new MutationObserver(function () {
  var h2 = document.querySelector('#detail h2'), last = window.shownTitles[window.shownTitles.length - 1];
  if (h2 && h2.textContent !== last) { window.shownTitles.push(h2.textContent); }
}).observe(document.getElementById('detail'), {childList: true, subtree: true, characterData: true});
"""


def test_playback_steps_through_events_in_time_order(dash_duo, bundled_table):
    start(dash_duo, create_app(BUNDLED))
    dash_duo.find_element("#step-next").click()
    dash_duo.wait_for_contains_text("#detail h2", "Jaish ul-Adl attack on the police station in Rask")
    dash_duo.find_element("body").send_keys(Keys.ARROW_RIGHT)
    dash_duo.wait_for_contains_text("#detail h2", "Attack on another police station")
    dash_duo.find_element("body").send_keys(Keys.ARROW_LEFT)
    dash_duo.wait_for_contains_text("#detail h2", "Jaish ul-Adl attack")
    dash_duo.driver.execute_script(RECORD_TITLES)
    dash_duo.find_element("#play").click()
    dash_duo.wait_for_text_to_equal("#play", "❚❚ Pause")
    wait_for(lambda: len(dash_duo.driver.execute_script("return window.shownTitles;")) >= 2, timeout=30,
             message="two steps played")
    dash_duo.find_element("#play").click()
    dash_duo.wait_for_text_to_equal("#play", "▶ Play")
    shown = dash_duo.driver.execute_script("return window.shownTitles;")
    in_time = bundled_table.frame["title"].tolist()  # the table is in time order, as stepping follows it
    assert shown[0] == "Attack on another police station, one officer killed"  # the event after the selected one
    assert shown == in_time[in_time.index(shown[0]):][:len(shown)]  # then each next one, in time order
    last = bundled_table.frame.set_index("title").loc[dash_duo.find_element("#detail h2").text, "id"]
    wait_for(lambda: map_ringed(dash_duo) == last, message="the map follows")
    assert dash_duo.get_logs() == []


def test_invalid_edit_shows_banner_and_keeps_last_good_data(dash_duo, app_on_copy):
    app, path = app_on_copy
    start(dash_duo, app)
    replace_once(path, "killed: 11", "killed: eleven")
    dash_duo.find_element("#refresh").click()
    dash_duo.wait_for_contains_text("#banner", "The events file has 1 error")
    banner = dash_duo.find_element("#banner").text
    assert "events.yaml:" in banner and "events[0].killed" in banner
    dash_duo.wait_for_text_to_equal("#count", "13 of 13 events")  # the last good data is still served
    replace_once(path, "killed: eleven", "killed: 12")
    dash_duo.find_element("#refresh").click()
    wait_for(lambda: dash_duo.find_element("#banner").text == "", message="banner gone")
    dash_duo.driver.refresh()
    dash_duo.wait_for_contains_text("#count", "13 of 13 events", timeout=20)
    assert dash_duo.get_logs() == []


def events_drawn(dash_duo) -> int:
    """Events the map draws: as markers of their own, or counted in a cluster mark."""
    data = graph_data(dash_duo, "map")
    return len(data[MapTrace.EVENTS]["customdata"]) + sum(len(ids) for ids in data[MapTrace.CLUSTER]["customdata"])


def cell_counts(dash_duo) -> int:
    """Events counted by the map's grid cells (each cell's hover opens with its count)."""
    hovers = graph_data(dash_duo, "map")[MapTrace.EVENTS]["hovertext"]
    return sum(int(re.match(r"<b>([\d,]+) event", h).group(1).replace(",", "")) for h in hovers)


def test_ten_thousand_events_stay_usable(dash_duo, tmp_path):
    """Past 5,000 events the map counts them per grid cell and the timeline per lane and day; zoomed in to fewer,
    the map draws the events in sight. Selecting, filtering and zooming keep working."""
    from tests.synthetic import write

    path = write(10_000, tmp_path / "events-10k.yaml")
    dash_duo.start_server(create_app(path))
    dash_duo.wait_for_text_to_equal("#count", "10000 of 10000 events", timeout=60)
    wait_for(lambda: cell_counts(dash_duo) == 10_000, timeout=30, message="10k map in grid cells")
    assert len(graph_data(dash_duo, "map")[MapTrace.EVENTS]["lat"]) < 500
    assert len(graph_data(dash_duo, "timeline")[TimelineTrace.EVENTS]["x"]) < 2_000  # per lane and day
    dash_duo.find_element("#step-next").click()
    dash_duo.wait_for_contains_text("#detail h2", "Synthetic event", timeout=20)
    wait_for(lambda: map_ring(dash_duo), timeout=20, message="10k highlight")
    dash_duo.find_element("#filter-category input[value='strike']").click()
    wait_for(lambda: dash_duo.find_element("#count").text.endswith("of 10000 events")
             and not dash_duo.find_element("#count").text.startswith("10000"), timeout=30, message="10k filter")
    shown = int(dash_duo.find_element("#count").text.split()[0])
    wait_for(lambda: cell_counts(dash_duo) == shown, timeout=30, message="cells count the events shown")
    dash_duo.find_element("#filter-from").send_keys("2023-07-01", Keys.ENTER)
    dash_duo.find_element("#filter-to").send_keys("2023-07-10", Keys.ENTER)
    wait_for(lambda: int(dash_duo.find_element("#count").text.split()[0]) < 1_000, timeout=30, message="a window")
    shown = int(dash_duo.find_element("#count").text.split()[0])
    wait_for(lambda: events_drawn(dash_duo) == shown and all(graph_data(dash_duo, "map")[MapTrace.EVENTS]["customdata"]),
             timeout=30, message="few enough for markers")
    dash_duo.find_element("#reset").click()
    wait_for(lambda: cell_counts(dash_duo) == 10_000, timeout=30, message="counts again")
    # Zoomed in to Saravan (a link's camera): the events in sight, as markers.
    dash_duo.driver.get(dash_duo.server_url + "/?map=27.37,62.33,10")
    wait_for(lambda: 0 < len(graph_data(dash_duo, "map")[MapTrace.EVENTS]["customdata"]) < 5_000
             and all(graph_data(dash_duo, "map")[MapTrace.EVENTS]["customdata"]), timeout=30, message="events in sight")
    assert dash_duo.get_logs() == []


def test_controls_are_labelled_and_work_from_the_keyboard(dash_duo):
    """Names of controls are audited by axe (test_axe.py); here, the groups' names and the keyboard."""
    start(dash_duo, create_app(BUNDLED))
    # Every group of options is named (a fieldset's legend), and each chart has a text alternative.
    unnamed_groups = dash_duo.driver.execute_script("""
        return Array.from(document.querySelectorAll("input[type=radio], #filter-category input"))
            .filter(el => { var legend = el.closest("fieldset") && el.closest("fieldset").querySelector("legend");
                            return !(legend && legend.textContent.trim()); }).map(el => el.outerHTML);""")
    assert unnamed_groups == []
    for chart in ("map", "timeline"):
        described = dash_duo.driver.execute_script(
            "var id = arguments[0].closest('section').getAttribute('aria-describedby');"
            "return id && document.getElementById(id).textContent;", dash_duo.find_element(f"#{chart}"))
        assert described and "13 events" in described and "table below" in described
    # The option lists from the keyboard: Space on a category, Enter on the closed list of actors, then Space on one.
    first_category = dash_duo.find_element("#filter-category input")
    dash_duo.driver.execute_script("arguments[0].focus();", first_category)
    first_category.send_keys(Keys.SPACE)
    wait_for(lambda: not dash_duo.find_element("#count").text.startswith("13 of"), message="a category off")
    first_category.send_keys(Keys.SPACE)
    dash_duo.wait_for_contains_text("#count", "13 of 13")
    actors = dash_duo.find_element("#filter-actor").find_element("xpath", "ancestor::details/summary")
    dash_duo.driver.execute_script("arguments[0].focus();", actors)
    actors.send_keys(Keys.ENTER)
    dash_duo.find_element("#filter-actor input").send_keys(Keys.SPACE)
    dash_duo.wait_for_text_to_equal("#filter-actor-summary", "(1 chosen)")
    wait_for(lambda: not dash_duo.find_element("#count").text.startswith("13 of"), message="one actor's events")
    dash_duo.find_element("#filter-actor input").send_keys(Keys.SPACE)
    dash_duo.wait_for_text_to_equal("#filter-actor-summary", "(any)")
    dash_duo.wait_for_contains_text("#count", "13 of 13")
    link = dash_duo.driver.find_element("xpath", "//table//button[contains(., 'Nine Pakistani nationals')]")
    dash_duo.driver.execute_script("arguments[0].focus();", link)
    link.send_keys(Keys.ENTER)
    dash_duo.wait_for_contains_text("#detail h2", "Nine Pakistani nationals killed near Saravan")
    dash_duo.find_element("body").send_keys(Keys.ESCAPE)
    dash_duo.wait_for_contains_text("#detail", "Select an event")
    sort = dash_duo.driver.find_element("xpath", "//th//button[contains(., 'Killed')]")
    sort.send_keys(Keys.ENTER)
    wait_for(lambda: dash_duo.driver.find_element("xpath", "//th[.//button[contains(., 'Killed')]]")
             .get_attribute("aria-sort") == "ascending", message="sorted")
    assert dash_duo.get_logs() == []


# Every callback request the page makes, by its outputs, recorded before the page's own scripts run.
RECORD_CALLBACKS = """
window.callbacksMade = [];
var plainFetch = window.fetch;
window.fetch = function (url, options) {
  if (String(url).indexOf('_dash-update-component') >= 0) {
    var body = JSON.parse(options.body);
    window.callbacksMade.push([body.output, body.changedPropIds]);
  }
  return plainFetch.apply(this, arguments);
};
"""


def test_a_first_visit_makes_each_callback_once(dash_duo):
    """The URL is read first, then each view is made once, with its filters: nothing is made before with the
    defaults and again after (the table, the selection's, the URL's), and no empty store reports a change."""
    dash_duo.start_server(create_app(RED_SEA))
    dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_CALLBACKS})
    dash_duo.driver.get(dash_duo.server_url + "/?cat=strike")
    dash_duo.wait_for_contains_text("#count", "of 74", timeout=20)
    wait_for(lambda: dash_duo.driver.execute_script(IDLE), message="the page idle")
    # Less what plotly reports of its own layout (``relayoutData``: a map or timeline drawn, resized, zoomed).
    made = [output for output, changed in dash_duo.driver.execute_script("return window.callbacksMade;")
            if not all(prop.endswith(".relayoutData") for prop in changed)]
    assert made[0].startswith("..url.search..."), made  # the URL first
    repeated = [output for output in set(made) if made.count(output) > 1]
    assert repeated == [], made
    assert len(made) >= 5, made  # the URL's, the views', the table, the URL written back, the box chip's


def test_an_events_name_selects_it_and_a_new_page_of_names_does_not(dash_duo):
    """The table's names are buttons that select in the browser (``selection.py``): a page of new ones arriving
    selects nothing; pressing one selects its event."""
    dash_duo.start_server(create_app(RED_SEA))
    dash_duo.wait_for_contains_text("#count", "74 of 74", timeout=20)
    dash_duo.driver.find_element("xpath", "//button[contains(., 'Next page')]").click()
    dash_duo.wait_for_contains_text(".events-table caption", "page 2 of")
    wait_for(lambda: dash_duo.driver.execute_script(IDLE), message="the page idle")
    assert "Select an event" in dash_duo.find_element("#detail").text
    link = dash_duo.driver.find_element("css selector", ".events-table tbody tr:first-child .link-button")
    title = link.text
    link.click()
    dash_duo.wait_for_contains_text("#detail h2", title)
    assert dash_duo.get_logs() == []


def rgb_hex(css: str) -> str:
    """``rgb(1, 2, 3)`` (or ``#010203``) as ``#010203``."""
    if css.startswith("#"):
        return css.lower()
    red, green, blue = (int(float(part)) for part in css[css.index("(") + 1:css.index(")")].split(",")[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


def test_every_mark_stands_out_from_what_it_is_drawn_on(dash_duo):
    """3:1 (WCAG's minimum for graphics) between each mark and its ground, read from what the browser draws:
    the timeline's SVG markers (fill or 1 px edge) on the white plot, and MapLibre's paint of the map's marker
    edges on its land fills."""
    from tests.web.test_accessibility import contrast

    start(dash_duo, create_app(BUNDLED))
    markers = dash_duo.driver.execute_script("""
        var traces = Array.from(document.querySelectorAll('#timeline .scatterlayer .trace'));
        var events = traces.filter(t => t.__data__[0].trace.name === 'events')[0];
        return Array.from(events.querySelectorAll('path.point')).filter(p => p.style.opacity !== '0')
            .map(p => { var s = getComputedStyle(p);
                        return [s.fill, s.stroke, parseFloat(s.strokeWidth), parseFloat(s.opacity)]; });""")
    assert len(markers) >= 10
    for fill, stroke, stroke_width, opacity in markers:  # an open (planned) marker has no fill: its edge is the mark
        assert opacity == 1
        filled = contrast(rgb_hex(fill), "#ffffff") if fill != "none" else 0
        edged = contrast(rgb_hex(stroke), "#ffffff") if stroke != "none" and stroke_width >= 1 else 0
        assert max(filled, edged) >= 3, (fill, stroke)
    wait_for(lambda: marker_positions(dash_duo), timeout=20, message="map drawn")
    paint = dash_duo.driver.execute_script(f"""
        var g = document.querySelector('#map .js-plotly-plot'), map = g._fullLayout.map._subplot.map;
        var edges = g._fullData[{int(MapTrace.EDGES)}].uid, fills = [], edge = null;
        map.getStyle().layers.forEach(function (layer) {{
            if (layer.type === 'fill' && layer.id.indexOf('layout') >= 0 && map.getPaintProperty(layer.id, 'fill-opacity') !== 0)
                fills.push(map.getPaintProperty(layer.id, 'fill-color'));
            if (layer.type === 'circle' && layer.id.indexOf(edges) >= 0) edge = map.getPaintProperty(layer.id, 'circle-color');
        }});
        return [fills, edge];""")
    fills, edge = paint
    assert edge and len(fills) >= 2  # the land, the crisis' countries (and the uncertainty areas)
    for fill in fills:
        assert contrast(rgb_hex(edge), rgb_hex(fill)) >= 3, (edge, fill)
    assert dash_duo.get_logs() == []
