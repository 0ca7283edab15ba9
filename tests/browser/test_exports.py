"""Exports as a user meets them: the download button, the embed iframe, the standalone HTML opened offline."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver

from dashboard.export.render import render_bytes
from dashboard.export.spec import ExportSpec
from dashboard.web.app import create_app
from tests.browser.conftest import IDLE, LAID_OUT, wait_for
from tests.support import BUNDLED, chrome_options, free_port, wait_for_http


def test_export_button_downloads_the_current_view(dash_duo):
    dash_duo.start_server(create_app(BUNDLED))
    dash_duo.driver.get(dash_duo.server_url + "/?cat=strike&sel=pakistan-strikes-iran-2024-01-17")
    dash_duo.wait_for_text_to_equal("#count", "2 of 13 events", timeout=20)
    dash_duo.find_element(".export summary").click()
    dash_duo.find_element("#export-format input[value='svg']").click()
    dash_duo.find_element("#export-button").click()
    dash_duo.wait_for_contains_text("#export-status", "Downloaded composite_cat_strike_sel_", timeout=60)
    folder = Path(dash_duo.download_path)
    files = wait_for(lambda: [p for p in folder.glob("*.svg")], timeout=20, message="downloaded file")
    assert "2 of 13 events" in files[0].read_text(encoding="utf-8")
    snippet = dash_duo.find_element("#embed-snippet").get_attribute("value")
    assert snippet.startswith('<iframe src="http://') and 'title="Timeline of events"' in snippet
    assert "/embed/timeline?cat=strike&amp;sel=pakistan-strikes-iran-2024-01-17" in snippet  # an attribute, escaped
    image = dash_duo.find_element("#embed-image-snippet").get_attribute("value")
    assert "/embed/timeline.png?cat=strike&amp;sel=pakistan-strikes-iran-2024-01-17&amp;w=800&amp;h=440" in image
    assert image.startswith('<a href="http://') and 'alt="Timeline of events (image' in image
    assert dash_duo.get_logs() == []


def test_the_export_panel_is_made_when_first_opened_and_keeps_what_was_typed(dash_duo):
    """A page that is only read does not make the panel's controls; opened, they are made (the snippet filled for
    the view), and what was typed in them stays as the panel closes and opens again."""
    dash_duo.start_server(create_app(BUNDLED))
    dash_duo.driver.get(dash_duo.server_url + "/?cat=strike")
    dash_duo.wait_for_text_to_equal("#count", "2 of 13 events", timeout=20)
    wait_for(lambda: dash_duo.driver.execute_script(IDLE), message="the page idle")
    assert dash_duo.driver.find_elements("css selector", ".export input, .export textarea, .export button") == []
    summary = dash_duo.find_element("#export-summary")
    summary.click()
    dash_duo.find_element("#export-title").send_keys("Strikes")
    assert "/embed/timeline?cat=strike" in wait_for(
        lambda: dash_duo.find_element("#embed-snippet").get_attribute("value"), message="the snippet")
    summary.click()
    summary.click()
    wait_for(lambda: dash_duo.driver.execute_script(IDLE), message="the page idle")
    assert dash_duo.find_element("#export-title").get_attribute("value") == "Strikes"
    assert len(dash_duo.driver.find_elements("id", "export-title")) == 1
    assert dash_duo.get_logs() == []


def test_a_report_page_holds_the_apps_snippets_and_its_oembed(dash_duo, tmp_path):
    """A plain page on another origin, made of the app's two snippets (the iframe, the image for hosts that strip
    iframes) and the iframe oEmbed gives for the map: each embed draws its events, the image loads at its size."""
    dash_duo.start_server(create_app(BUNDLED))
    dash_duo.driver.get(dash_duo.server_url + "/?cat=strike")
    dash_duo.wait_for_text_to_equal("#count", "2 of 13 events", timeout=20)
    dash_duo.find_element(".export summary").click()
    frame = wait_for(lambda: dash_duo.find_element("#embed-snippet").get_attribute("value"), message="snippet")
    image = dash_duo.find_element("#embed-image-snippet").get_attribute("value")
    oembed = urllib.request.urlopen(f"{dash_duo.server_url}/oembed?url="
                                    + urllib.parse.quote(f"{dash_duo.server_url}/embed/map?cat=strike", safe=""))
    report = tmp_path / "report.html"
    report.write_text(f"<!doctype html><html lang=en><title>Report</title><main><h1>Report</h1>{frame}{image}"
                      f"{json.load(oembed)['html']}</main></html>", encoding="utf-8")
    port = free_port()
    host = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/report.html", host)
        dash_duo.driver.get(f"http://127.0.0.1:{port}/report.html")
        for index in range(2):  # the timeline (the app's snippet), then the map (oEmbed's)
            dash_duo.driver.switch_to.frame(dash_duo.find_elements("iframe")[index])
            wait_for(lambda: dash_duo.driver.execute_script(
                "var g = document.querySelector('.js-plotly-plot'); return g && g.data && "
                "g.data.filter(t => t.name === 'events')[0].customdata.length === 2;"), timeout=30, message="embed")
            wait_for(lambda: dash_duo.driver.execute_script(LAID_OUT), timeout=30, message="laid out for the frame")
            dash_duo.driver.switch_to.default_content()
        wait_for(lambda: dash_duo.driver.execute_script(
            "var i = document.querySelector('img'); return i.complete && i.naturalWidth === 800;"), timeout=60,
            message="the image drawn")
    finally:
        host.terminate()
        host.wait(timeout=10)


def test_export_failure_is_shown_and_the_app_stays_usable(dash_duo):
    dash_duo.start_server(create_app(BUNDLED))
    dash_duo.wait_for_text_to_equal("#count", "13 of 13 events", timeout=20)
    dash_duo.find_element(".export summary").click()
    width = dash_duo.find_element("#export-width")
    width.clear()
    width.send_keys("20")
    dash_duo.find_element("#export-button").click()
    dash_duo.wait_for_contains_text("#export-status", "Export failed: size", timeout=20)
    dash_duo.find_element("#step-next").click()
    dash_duo.wait_for_contains_text("#detail h2", "Jaish ul-Adl attack")
    assert dash_duo.get_logs() == []


def test_embed_routes_render_inside_an_iframe(dash_duo):
    dash_duo.start_server(create_app(BUNDLED))
    dash_duo.wait_for_text_to_equal("#count", "13 of 13 events", timeout=20)
    for what in ("timeline", "map"):
        dash_duo.driver.execute_script("""
            var frame = document.createElement('iframe');
            frame.id = 'embedded-' + arguments[0]; frame.width = 640; frame.height = 360;
            frame.src = '/embed/' + arguments[0] + '?cat=strike&lanes=country';
            document.body.appendChild(frame);""", what)
        frame = dash_duo.find_element(f"#embedded-{what}")
        dash_duo.driver.switch_to.frame(frame)
        count = wait_for(lambda: dash_duo.driver.execute_script(
            "var g = document.querySelector('.js-plotly-plot'); return g && g.data && "
            "g.data.filter(t => t.name === 'events')[0].customdata.length;"), timeout=30, message=f"{what} embed")
        assert count == 2
        width = dash_duo.driver.execute_script("return document.querySelector('.js-plotly-plot')._fullLayout.width;")
        assert 600 <= width <= 640  # fills its iframe
        dash_duo.driver.switch_to.default_content()
    assert dash_duo.get_logs() == []


def test_the_app_refuses_framing_and_injected_inline_scripts(dash_duo):
    """Served with its Content-Security-Policy (under which the app itself logs nothing: every browser test ends
    with an empty console), an inline script slipped into the page does not run, and the app in a frame of another
    page (here its own origin's) is not displayed; embeds are (``test_embed_routes_render_inside_an_iframe``)."""
    dash_duo.start_server(create_app(BUNDLED))
    dash_duo.wait_for_text_to_equal("#count", "13 of 13 events", timeout=20)
    ran = dash_duo.driver.execute_script("""
        var script = document.createElement('script');
        script.textContent = 'window.injected = true;';
        document.body.appendChild(script);
        return window.injected === true;""")
    assert not ran
    dash_duo.driver.execute_script("""
        var frame = document.createElement('iframe');
        frame.id = 'framed-app'; frame.src = '/';
        document.body.appendChild(frame);""")
    seen = []

    def refused() -> bool:
        seen.extend(entry["message"] for entry in dash_duo.get_logs())
        return any("Framing" in message and "frame-ancestors 'none'" in message for message in seen)

    wait_for(refused, timeout=20, message="the framed app refused")
    assert any("Executing inline script violates" in message for message in seen)


@pytest.mark.parametrize("what", ["timeline", "map"])
def test_standalone_html_works_from_disk_with_the_network_blocked(tmp_path, bundled_table, what):
    """Opened from file:// with no network: drawn (the map with its base and names), interactive, nothing fetched."""
    table = bundled_table
    page = tmp_path / f"{what}.html"
    page.write_bytes(render_bytes(table, ExportSpec(what, "html", 1280, 720, 1, "sel=saravan-killing-2024-01-27")))
    options = chrome_options("--window-size=1400,1800")
    options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND")  # no host resolves: the network is gone
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options)
    try:
        driver.get(page.as_uri())
        rendered = wait_for(lambda: driver.execute_script(
            "var g = document.querySelector('.js-plotly-plot'); return g && g._fullData && g._fullData.length;"),
            timeout=30, message="figure rendered offline")
        assert rendered >= 7
        if what == "map":
            names = wait_for(lambda: driver.execute_script(
                "return Array.from(document.querySelectorAll('.geo text')).map(t => t.textContent);"),
                message="map names drawn")
            assert {"Iran", "Pakistan", "Islamabad", "Tehran", "Saravan"} <= set(names)
            assert driver.execute_script("return document.querySelectorAll('.geo path').length;") > 20
        # Still interactive: hovering an event shows its label.
        driver.execute_script("""
            var g = document.querySelector('.js-plotly-plot');
            var events = g.data.findIndex(t => t.name === 'events');
            Plotly.Fx.hover(g, [{curveNumber: events, pointNumber: 0}], g._fullLayout.geo ? 'geo' : 'xy');""")
        assert wait_for(lambda: driver.find_elements("css selector", ".hoverlayer .hovertext"), message="hover label")
        # Drawn, loaded and hovered: whatever the page was going to fetch, it has asked for by now.
        wait_for(lambda: driver.execute_script("return document.readyState === 'complete';"), message="page loaded")
        requests = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name);")
        assert [r for r in requests if not r.startswith(("file:", "data:", "blob:"))] == []
        assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
    finally:
        driver.quit()


CLOUD_WORDS = ("share", "cloud", "chart studio", "upload")


def cloud_buttons(driver) -> list[str]:
    """Titles of every modebar button on the page that would send the chart or its data anywhere."""
    titles = driver.execute_script(
        "return Array.from(document.querySelectorAll('.modebar-btn')).map(b => b.getAttribute('data-title') || '');")
    return [t for t in titles if any(word in t.lower() for word in CLOUD_WORDS)]


def modebar_drawn(driver) -> int:
    return driver.execute_script("return document.querySelectorAll('.modebar-btn').length;")


def test_no_control_can_send_data_to_any_service(dash_duo, bundled_table, tmp_path):
    """The app's graphs, both embeds and the standalone HTML offer no share, upload or edit-in-cloud button."""
    dash_duo.start_server(create_app(BUNDLED))
    dash_duo.wait_for_text_to_equal("#count", "13 of 13 events", timeout=20)
    driver = dash_duo.driver
    wait_for(lambda: modebar_drawn(driver) >= 10, timeout=30, message="both graphs' modebars")
    assert cloud_buttons(driver) == []
    for what in ("map", "timeline"):  # an embed draws no modebar at all (it covered names in a report's column)
        driver.get(dash_duo.server_url + f"/embed/{what}")
        wait_for(lambda: driver.execute_script("var g = document.querySelector('.js-plotly-plot');"
                                               "return g && g._fullLayout && g._fullLayout.width > 0;"),
                 timeout=30, message=f"{what} embed drawn")
        assert modebar_drawn(driver) == 0 and cloud_buttons(driver) == [], what
    page = tmp_path / "timeline.html"
    page.write_bytes(render_bytes(bundled_table, ExportSpec("timeline", "html", 1600, 900, 1, "")))
    driver.get(page.as_uri())
    wait_for(lambda: modebar_drawn(driver) >= 3, timeout=30, message="standalone modebar")
    assert cloud_buttons(driver) == []


@pytest.mark.parametrize(("width", "height"), [(700, 440), (1000, 520)])
def test_an_embedded_timeline_lays_its_titles_out_for_the_iframe_it_is_in(dash_duo, width, height):
    """In an iframe the timeline asks for titles laid out for its real plot; drawn, none overlaps another and
    none leaves the plot, and both strikes are named."""
    dash_duo.start_server(create_app(BUNDLED))
    dash_duo.wait_for_text_to_equal("#count", "13 of 13 events", timeout=20)
    dash_duo.driver.execute_script("""
        var frame = document.createElement('iframe');
        frame.id = 'embedded'; frame.width = arguments[0]; frame.height = arguments[1]; frame.src = '/embed/timeline';
        document.body.appendChild(frame);""", width, height)
    dash_duo.driver.switch_to.frame(dash_duo.find_element("#embedded"))

    def laid_out_for_its_plot():
        return dash_duo.driver.execute_script("""
            var g = document.querySelector('.js-plotly-plot');
            if (!g || !g._fullLayout || !g._fullLayout.xaxis) return false;
            var laid = g.layout.meta.plot_px, full = g._fullLayout;
            return Math.abs(full.xaxis._length - laid[0]) <= 6 && Math.abs(full.yaxis._length - laid[1]) <= 6 && laid;""")

    laid = wait_for(laid_out_for_its_plot, timeout=30, message="titles laid out for the iframe's plot")
    assert laid[0] < width - 100  # the plot's own width, not the app's nominal 1100 px
    boxes = wait_for(lambda: dash_duo.driver.execute_script("""
        var plot = document.querySelector('.nsewdrag').getBoundingClientRect();
        var traces = Array.from(document.querySelectorAll('.scatterlayer .trace'));
        var labels = traces.filter(t => t.__data__[0].trace.name === 'labels')[0];
        return {plot: [plot.left, plot.top, plot.right, plot.bottom], texts: Array.from(labels.querySelectorAll('text'))
            .map(t => { var r = t.getBoundingClientRect(); return [t.textContent, r.left, r.top, r.right, r.bottom]; })};"""),
        message="labels drawn")
    texts = boxes["texts"]
    named = {t[0].replace(" ", "") for t in texts}  # lines are tspans: their text runs together
    assert "Iran'smissileanddronestrikesonJaishul-AdlbasesinPakistan" in named
    assert "Pakistan'sstrikeson\"terroristhideouts\"inIran" in named
    left, top, right, bottom = boxes["plot"]
    for name, x0, y0, x1, y1 in texts:
        assert left - 1 <= x0 and x1 <= right + 1 and top - 1 <= y0 and y1 <= bottom + 1, name
    for (a, *one), (b, *other) in itertools.combinations(texts, 2):
        overlap = min(one[2], other[2]) - max(one[0], other[0]), min(one[3], other[3]) - max(one[1], other[1])
        assert min(overlap) <= 1, (a, b)
    dash_duo.driver.switch_to.default_content()
    assert dash_duo.get_logs() == []


def test_every_export_of_a_view_with_no_events_says_why_on_the_page(dash_duo):
    """A search that matches nothing: the image export and both standalone-HTML buttons each say why under the
    export button (the page is opened afresh for each, so each message is that button's), and no callback fails."""
    dash_duo.start_server(create_app(BUNDLED))
    for button in ("#export-button", "#html-timeline", "#html-map"):
        dash_duo.driver.get(dash_duo.server_url + "/?q=zzzzqqq")
        dash_duo.wait_for_text_to_equal("#count", "0 of 13 events", timeout=20)
        dash_duo.find_element(".export summary").click()
        assert dash_duo.find_element("#export-status").text == ""
        dash_duo.find_element(button).click()
        dash_duo.wait_for_text_to_equal(
            "#export-status", 'Export failed: state: the view shows no events (text: "zzzzqqq"); loosen the filters',
            timeout=30)
    assert dash_duo.get_logs() == []
