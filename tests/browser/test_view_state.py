"""View state the analyst can see and share: the map's box selection as a chip, the camera in the URL, Reset
clearing both, messages that stay until dismissed. Real mouse drags in headless Chromium; clean consoles."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from dashboard.figures.map import app_extent, camera
from dashboard.figures.marks import MapTrace
from dashboard.web.app import create_app
from tests.browser.conftest import graph_data, graph_layout, map_ringed, wait_for
from tests.browser.test_app import STRIKE, marker_positions, start
from tests.support import BUNDLED


def query(dash_duo) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(urlparse(dash_duo.driver.current_url).query).items()}


def mouse(dash_duo, kind: str, x: float, y: float) -> None:
    dash_duo.driver.execute_cdp_cmd("Input.dispatchMouseEvent", {
        "type": kind, "x": x, "y": y, "button": "left", "buttons": 1 if kind != "mouseReleased" else 0,
        "clickCount": 1})


def drag(dash_duo, start_at: tuple[float, float], end_at: tuple[float, float], steps: int = 8) -> None:
    """A real press, move and release, as a hand does it (in page pixels)."""
    mouse(dash_duo, "mouseMoved", *start_at)
    mouse(dash_duo, "mousePressed", *start_at)
    for step in range(1, steps + 1):
        mouse(dash_duo, "mouseMoved", start_at[0] + (end_at[0] - start_at[0]) * step / steps,
              start_at[1] + (end_at[1] - start_at[1]) * step / steps)
    mouse(dash_duo, "mouseReleased", *end_at)


def canvas_origin(dash_duo) -> tuple[float, float]:
    return dash_duo.driver.execute_script(
        "var r = document.querySelector('#map .maplibregl-canvas').getBoundingClientRect(); return [r.left, r.top];")


def box_select(dash_duo, wanted: set[str]) -> None:
    """Draw a box round the markers of ``wanted`` with the map's Box Select tool (and round no other marker)."""
    positions = wait_for(lambda: marker_positions(dash_duo), timeout=20, message="map drawn")
    inside = [(x, y) for event_id, x, y in positions if event_id in wanted]
    west, east = min(x for x, _ in inside) - 10, max(x for x, _ in inside) + 10
    north, south = min(y for _, y in inside) - 10, max(y for _, y in inside) + 10
    assert not [e for e, x, y in positions if e not in wanted and west <= x <= east and north <= y <= south]
    dash_duo.driver.execute_script(
        "document.querySelector('#map .modebar-btn[data-val=\"select\"][data-attr=\"dragmode\"]').click();")
    wait_for(lambda: dash_duo.driver.execute_script(
        "return document.querySelector('#map .js-plotly-plot')._fullLayout.dragmode;") == "select",
        message="box select tool")
    left, top = canvas_origin(dash_duo)
    drag(dash_duo, (left + west, top + north), (left + east, top + south))


def islamabad(positions) -> set[str]:
    """The four events in Islamabad: the easternmost markers of the bundled crisis."""
    return {event_id for event_id, _, _ in sorted(positions, key=lambda p: p[1])[-4:]}


def test_a_box_selection_is_a_chip_in_the_url_the_embed_and_the_export_and_reset_clears_it(dash_duo):
    start(dash_duo, create_app(BUNDLED))
    chip = dash_duo.find_element("#box-chip")
    assert not chip.is_displayed()
    wanted = islamabad(wait_for(lambda: marker_positions(dash_duo), timeout=20, message="map drawn"))
    box_select(dash_duo, wanted)
    dash_duo.wait_for_text_to_equal("#count", "4 of 13 events")
    dash_duo.wait_for_text_to_equal("#box-chip-text", "Map selection: 4 events")
    wait_for(lambda: set(query(dash_duo).get("box", "").split(",")) == wanted, message="box in the URL")
    wait_for(lambda: len(dash_duo.find_elements(".events-table tbody tr")) == 4, message="table filtered")
    wait_for(lambda: len(graph_data(dash_duo, "timeline")[4]["customdata"]) == 4, message="timeline filtered")
    opacity = graph_data(dash_duo, "map")[MapTrace.EVENTS]["marker"]["opacity"]
    assert sorted(opacity).count(1) == 4 and len(opacity) == 13  # the others drawn faint, not hidden
    # The embed snippet and an export carry it.
    dash_duo.find_element("details.export summary").click()
    wait_for(lambda: "box=" in dash_duo.find_element("#embed-snippet").get_attribute("value"), message="snippet")
    dash_duo.find_element("#export-button").click()
    dash_duo.wait_for_contains_text("#export-status", "_4_selected", timeout=60)
    # The chip's ✕ takes it away everywhere.
    dash_duo.find_element("#box-remove").click()
    dash_duo.wait_for_text_to_equal("#count", "13 of 13 events")
    wait_for(lambda: not chip.is_displayed() and "box" not in query(dash_duo), message="chip and URL cleared")
    # A link opens on the selection, chip and all; Reset clears it.
    ids = ",".join(sorted(wanted))
    dash_duo.driver.get(dash_duo.server_url + f"/?box={ids}")
    dash_duo.wait_for_text_to_equal("#count", "4 of 13 events", timeout=20)
    dash_duo.wait_for_text_to_equal("#box-chip-text", "Map selection: 4 events")
    dash_duo.find_element("#reset").click()
    dash_duo.wait_for_text_to_equal("#count", "13 of 13 events")
    wait_for(lambda: not dash_duo.find_element("#box-chip").is_displayed(), message="chip gone")
    assert dash_duo.get_logs() == []


def test_the_camera_is_in_the_url_a_link_opens_on_it_and_reset_brings_the_crisis_back(dash_duo, bundled_table):
    start(dash_duo, create_app(BUNDLED), "/?map=35.7,51.4,7")
    wait_for(lambda: abs(graph_layout(dash_duo, "map")["center"]["lat"] - 35.7) < 1e-6
             and graph_layout(dash_duo, "map")["zoom"] == 7, message="the link's camera")
    assert query(dash_duo)["map"] == "35.7,51.4,7"
    # Panning is a real drag: the URL follows.
    wait_for(lambda: dash_duo.driver.execute_script(
        "return document.querySelector('#map .js-plotly-plot')._fullLayout.map._subplot.map.loaded();"),
        message="map ready")
    left, top = canvas_origin(dash_duo)
    drag(dash_duo, (left + 300, top + 200), (left + 420, top + 260))
    wait_for(lambda: query(dash_duo).get("map", "").split(",")[2] == "7.00"
             and float(query(dash_duo)["map"].split(",")[1]) < 51.3, message="panned camera in the URL")
    dash_duo.find_element("#reset").click()
    fitted, zoom = camera(app_extent(bundled_table.frame, bundled_table.geography))
    wait_for(lambda: abs(graph_layout(dash_duo, "map")["center"]["lon"] - fitted["lon"]) < 1e-6
             and abs(graph_layout(dash_duo, "map")["zoom"] - zoom) < 1e-6, message="fitted camera again")
    wait_for(lambda: "map" not in query(dash_duo), message="camera out of the URL")
    assert dash_duo.get_logs() == []


def test_a_link_to_an_event_its_camera_does_not_show_opens_on_the_event(dash_duo):
    """Zoomed into Tehran, selected the strike in Balochistan: the map opens on the strike, at the link's zoom."""
    start(dash_duo, create_app(BUNDLED), f"/?map=35.7,51.4,8&sel={STRIKE}")
    wait_for(lambda: map_ringed(dash_duo) == STRIKE, message="ringed")

    def strike_in_sight():
        width, height = dash_duo.driver.execute_script(
            "var r = document.querySelector('#map .maplibregl-canvas').getBoundingClientRect();"
            "return [r.width, r.height];")
        _, x, y = next(p for p in marker_positions(dash_duo) if p[0] == STRIKE)
        return 0 < x < width and 0 < y < height

    wait_for(strike_in_sight, message="opened on the event")
    assert graph_layout(dash_duo, "map")["zoom"] == 8
    center = graph_layout(dash_duo, "map")["center"]
    wait_for(lambda: query(dash_duo)["map"] == f"{center['lat']:.4f},{center['lon']:.4f},8.00",
             message="the URL says so")
    # Stepping to an event out of sight pans there too, and the URL follows.
    dash_duo.find_element("#step-prev").click()  # Pakistan recalls its ambassador, in Islamabad: far out of sight
    wait_for(lambda: map_ringed(dash_duo) == "pakistan-recalls-ambassador-2024-01-17", message="stepped")
    moved = wait_for(lambda: graph_layout(dash_duo, "map")["center"] != center
                     and graph_layout(dash_duo, "map")["center"], message="panned")
    wait_for(lambda: query(dash_duo)["map"] == f"{moved['lat']:.4f},{moved['lon']:.4f},8.00",
             message="the URL follows the pan")
    assert dash_duo.get_logs() == []


def test_an_unreachable_tile_basemap_says_so_until_dismissed(dash_duo):
    start(dash_duo, create_app(BUNDLED))
    dash_duo.driver.execute_cdp_cmd("Network.enable", {})
    dash_duo.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*openstreetmap.org*", "*cartocdn.com*"]})
    dash_duo.find_element("#basemap input[value='osm']").click()
    dash_duo.wait_for_contains_text("#basemap-note-text", "Tiles could not be reached", timeout=15)
    wait_for(lambda: dash_duo.find_element("#basemap input[value='offline']").is_selected(), message="back offline")
    # Something else happens: the note is still there.
    dash_duo.find_element("#lanes input[value='country']").click()
    wait_for(lambda: "lanes=country" in dash_duo.driver.current_url, message="lanes changed")
    wait_for(lambda: graph_data(dash_duo, "timeline") and graph_data(dash_duo, "map"), message="redrawn")
    assert "Tiles could not be reached" in dash_duo.find_element("#basemap-note-text").text
    assert dash_duo.find_element("#basemap-note").is_displayed()
    dash_duo.find_element("#basemap-dismiss").click()
    wait_for(lambda: not dash_duo.find_element("#basemap-note").is_displayed(), message="dismissed")
    # The only console errors are the blocked tile requests themselves.
    assert [entry for entry in dash_duo.get_logs() if "ERR_BLOCKED_BY_CLIENT" not in entry["message"]] == []
