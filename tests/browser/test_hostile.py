"""Texts from the data are shown as text everywhere: markup in every text field of an events file runs nothing in
the app, the standalone HTML or the SVG export, each opened in the browser (``window.__fired`` stays unset)."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

from dashboard.export.render import render_bytes
from dashboard.export.spec import ExportSpec
from dashboard.model.loading import load_events
from dashboard.web.app import create_app
from tests.browser.conftest import wait_for
from tests.support import HOSTILE, write_hostile_copy

FIRED = "return window.__fired === undefined ? null : window.__fired;"


@pytest.fixture
def hostile(tmp_path):
    return write_hostile_copy(tmp_path / "data")


def test_the_app_shows_markup_from_the_data_as_text(dash_duo, hostile):
    dash_duo.start_server(create_app(hostile))
    dash_duo.wait_for_text_to_equal("#count", "13 of 13 events", timeout=30)
    dash_duo.find_element("#step-next").click()  # the first event's detail: title, actors, sources, category
    dash_duo.wait_for_contains_text("#detail h2", f"Event 0 {HOSTILE[0]}", timeout=20)
    page = dash_duo.find_element("body").text
    assert f"Crisis {HOSTILE[0]}" in page and f"Actor {HOSTILE[2]}" in page and f"Kind 0 {HOSTILE[0]}" in page
    wait_for(lambda: dash_duo.driver.execute_script(
        "return document.querySelectorAll('#timeline .js-plotly-plot .main-svg').length > 0;"), message="timeline")
    assert dash_duo.driver.execute_script(FIRED) is None
    assert dash_duo.get_logs() == []  # not even a blocked attempt (the policy would log one)


def test_exports_of_markup_run_nothing_when_opened(dash_duo, hostile, tmp_path):
    table = load_events(hostile)
    svg = render_bytes(table, ExportSpec("composite", "svg", 1280, 720, 1, "sel=pakistan-strikes-iran-2024-01-17"))
    tree = ElementTree.fromstring(svg)
    assert not [e for e in tree.iter() if e.tag.rsplit("}", 1)[-1] == "script"]
    assert not [name for e in tree.iter() for name in e.attrib if name.lower().startswith("on")]
    assert "Crisis <script>" in "".join(tree.itertext())  # the title, as text
    files = {"composite.svg": svg}
    for what in ("timeline", "map"):
        files[f"{what}.html"] = render_bytes(table, ExportSpec(what, "html", 1280, 720, 1, ""))
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        dash_duo.driver.get(path.as_uri())
        wait_for(lambda: dash_duo.driver.execute_script("return document.readyState === 'complete';"),
                 message=f"{name} loaded")
        if name.endswith(".html"):
            wait_for(lambda: dash_duo.driver.execute_script(
                "var g = document.querySelector('.js-plotly-plot'); return g && g._fullData && g._fullData.length;"),
                timeout=30, message=f"{name} drawn")
        assert dash_duo.driver.execute_script(FIRED) is None, name
