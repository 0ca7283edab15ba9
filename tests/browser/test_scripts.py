"""The app on a crisis told in many scripts, in headless Chromium: the page's language, text in its own direction,
and the map's names drawn in the faces the stack gives their scripts."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from dashboard.figures.fonts import face_for, served_name
from dashboard.figures.marks import MapTrace
from dashboard.web.app import create_app
from tests.browser.conftest import graph_data, wait_for

MULTISCRIPT = Path(__file__).resolve().parents[1] / "fixtures" / "multiscript" / "events.yaml"
RIGHT_TO_LEFT = {"R", "AL"}
NAME_TRACES = (MapTrace.PLACE_NAMES, MapTrace.PROVINCE_NAMES, MapTrace.COUNTRY_NAMES, MapTrace.FOCUS_NAMES,
               MapTrace.ELSEWHERE_NAMES)

# Each title button of the table and the detail panel's title: its text and the direction it is laid out in.
DIRECTIONS = """
return Array.from(document.querySelectorAll(arguments[0])).map(
  function (element) { return [element.textContent, element.matches(':dir(rtl)') ? 'rtl' : 'ltr']; });
"""
# The fonts files the page fetched, and the faces MapLibre registered and loaded for the map's names.
FONTS_FETCHED = """
return performance.getEntriesByType('resource').map(function (e) { return e.name; })
  .filter(function (name) { return name.indexOf('/fonts/') >= 0; });
"""
MAP_FACES_LOADED = """
return Array.from(document.fonts).filter(function (f) { return f.family.indexOf('maplibre-gl-font-face') === 0; })
  .map(function (f) { return f.status; });
"""


def first_strong(text: str) -> str:
    return next(("rtl" if unicodedata.bidirectional(ch) in RIGHT_TO_LEFT else "ltr"
                 for ch in text if unicodedata.bidirectional(ch) in RIGHT_TO_LEFT | {"L"}), "ltr")


def test_the_page_speaks_the_files_language_and_each_text_runs_its_own_way(dash_duo):
    dash_duo.start_server(create_app(MULTISCRIPT))
    dash_duo.wait_for_contains_text("#count", "events", timeout=20)
    driver = dash_duo.driver
    assert driver.execute_script("return document.documentElement.lang") == "mul"  # meta.language

    wait_for(lambda: driver.execute_script(DIRECTIONS, ".events-table button.link-button"), message="the table")
    titles = driver.execute_script(DIRECTIONS, ".events-table button.link-button")
    assert {direction for _, direction in titles} == {"rtl", "ltr"}
    assert all(direction == first_strong(text) for text, direction in titles), titles

    rtl_title = next(text for text, direction in titles if direction == "rtl")
    next(b for b in dash_duo.find_elements(".events-table button.link-button") if b.text == rtl_title).click()
    wait_for(lambda: driver.execute_script(DIRECTIONS, "#detail h2") == [[rtl_title, "rtl"]], message="the panel")
    quotes = driver.execute_script(DIRECTIONS, "#detail blockquote")
    assert quotes and all(direction == first_strong(text) for text, direction in quotes)


def test_the_maps_names_are_drawn_in_their_scripts_faces(dash_duo):
    dash_duo.start_server(create_app(MULTISCRIPT))
    dash_duo.wait_for_contains_text("#count", "events", timeout=20)
    driver = dash_duo.driver
    wait_for(lambda: graph_data(dash_duo, "map"), message="the map")
    traces = graph_data(dash_duo, "map")
    names = [text for kind in NAME_TRACES for text in traces[kind].get("text") or []]
    wanted = {served_name(face_for(ch)) for name in names for ch in name if ch.isalpha()}
    assert len(wanted) >= 3  # the fixture's places are named in several scripts
    wait_for(lambda: wanted <= {url.rsplit("/", 1)[-1] for url in driver.execute_script(FONTS_FETCHED)},
             message=f"the faces {sorted(wanted)} fetched")
    wait_for(lambda: (loaded := driver.execute_script(MAP_FACES_LOADED)) and set(loaded) == {"loaded"},
             message="MapLibre's faces loaded")
    assert dash_duo.get_logs() == []
