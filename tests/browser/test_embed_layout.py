"""Embeds read at a phone's, an article column's and a wide page's size: no text of the timeline runs into another
or out of the frame (dates, lanes' names, phases' names, titles), the figure takes most of the frame, and the map
stays the main thing, its key shown only where it leaves the map room. Both crises: the bundled one and a mid-size
one (74 events) with lanes by category and by actor."""

from __future__ import annotations

import itertools

import pytest

from dashboard.web.app import create_app
from dashboard.web.embed import KEY_SHARE
from dashboard.web.ids import ID
from tests.browser.conftest import LAID_OUT, wait_for
from tests.browser.test_app import RED_SEA
from tests.support import BUNDLED, set_viewport

SIZES = {"phone": (360, 640), "column": (800, 450), "wide": (1600, 900)}
CRISES = {"bundled": BUNDLED, "red sea": RED_SEA}
FIGURE_SHARE = 0.6  # of the frame, at least, the figure takes (the rest: its title, the events list, the credit)
# Every text the timeline draws, with its box in the page: dates, lanes' names, phases' names, titles, "+N".
TEXTS = """
return Array.from(document.querySelectorAll('#figure .main-svg text')).filter(function (t) {
  var box = t.getBoundingClientRect();
  return t.textContent.trim() && box.width > 0 && getComputedStyle(t).opacity !== '0'
    && !t.closest('.rangeslider-container, .hoverlayer, .legend');
}).map(function (t) { var b = t.getBoundingClientRect(); return [t.textContent, b.left, b.top, b.right, b.bottom]; });"""
SHARE = """var f = document.getElementById('figure').getBoundingClientRect();
return f.width * f.height / (window.innerWidth * window.innerHeight);"""


def overlapping(texts: list) -> list:
    return [(a[0], b[0]) for a, b in itertools.combinations(texts, 2)
            if a[1] < b[3] - 1 and b[1] < a[3] - 1 and a[2] < b[4] - 1 and b[2] < a[4] - 1]


def open_embed(dash_duo, data, what: str, size: str, query: str = ""):
    dash_duo.start_server(create_app(data))
    driver = dash_duo.driver
    set_viewport(driver, *SIZES[size])
    driver.get(f"{dash_duo.server_url}/embed/{what}?{query}")
    return driver


@pytest.mark.parametrize("lanes", ["category", "actor"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("crisis", list(CRISES))
def test_the_timeline_reads_at_every_size(dash_duo, crisis, size, lanes):
    driver = open_embed(dash_duo, CRISES[crisis], "timeline", size, f"lanes={lanes}")
    wait_for(lambda: driver.execute_script(LAID_OUT), timeout=30, message="laid out for its frame")
    texts = driver.execute_script(TEXTS)
    assert len(texts) > 10
    assert overlapping(texts) == []
    width = driver.execute_script("return window.innerWidth;")
    assert [t[0] for t in texts if t[1] < -1 or t[3] > width + 1] == []  # none cut off at the frame's sides
    assert driver.execute_script("return [window.innerWidth, window.innerHeight];") == list(SIZES[size])
    assert driver.execute_script(SHARE) >= FIGURE_SHARE
    assert dash_duo.get_logs() == []


KEY_STATE = f"return document.getElementById('{ID.EMBED_KEY}').getAttribute('aria-pressed');"
LEGEND = """var l = document.querySelector('#figure .legend'); if (!l) { return null; }
var b = l.getBoundingClientRect(), f = document.getElementById('figure').getBoundingClientRect();
return b.width * b.height / (f.width * f.height);"""


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("crisis", list(CRISES))
def test_the_map_stays_the_main_thing_its_key_shown_where_it_has_room(dash_duo, crisis, size):
    driver = open_embed(dash_duo, CRISES[crisis], "map", size)
    wait_for(lambda: driver.execute_script("var g = document.getElementById('figure');"
                                           "return !!(g._fullLayout && g._fullLayout.map) && g._fullLayout.showlegend"
                                           f" === ({KEY_STATE.removeprefix('return ').rstrip(';')} === 'true');"),
             timeout=30, message="the key shown or hidden for the frame")
    assert driver.execute_script(SHARE) >= FIGURE_SHARE
    shown = driver.execute_script(KEY_STATE) == "true"
    if shown:
        assert driver.execute_script(LEGEND) <= KEY_SHARE
    # The reader shows or hides it.
    driver.find_element("id", ID.EMBED_KEY).click()
    wait_for(lambda: driver.execute_script(KEY_STATE) == ("false" if shown else "true"), message="the key toggled")
    wait_for(lambda: (driver.execute_script(LEGEND) is None) == shown, message="the key drawn or gone")
    assert dash_duo.get_logs() == []
