"""Accessibility audits by axe-core (``tools/fetch_axe.py``, run by ``./dev test``) in the real browser: the app and
the embeds at a phone's and a wide page's size, and the standalone HTML export, have no serious or critical
violation."""

from __future__ import annotations

import pytest

from dashboard.export.render import render_bytes
from dashboard.export.spec import ExportSpec
from dashboard.web.app import create_app
from dashboard.web.ids import ID
from tests.browser.conftest import LAID_OUT, wait_for
from tests.support import BUNDLED
from tools.fetch_axe import SCRIPT

SIZES = {"phone": (360, 640), "wide": (1600, 900)}
BLOCKING = ("serious", "critical")
AUDIT = """
var done = arguments[arguments.length - 1];
axe.run(document).then(function (result) {
  done(result.violations.map(function (v) {
    return [v.id, v.impact, v.nodes.map(function (n) { return n.target.join(' '); })];
  }));
});"""
DRAWN = "var g = document.querySelector('.js-plotly-plot'); return !!(g && g._fullLayout && g._fullLayout.width);"


@pytest.fixture(scope="module")
def axe() -> str:
    assert SCRIPT.is_file(), f"{SCRIPT} is missing: run python -m tools.fetch_axe (./dev test does)"
    return SCRIPT.read_text(encoding="utf-8")


def audit(driver, axe: str) -> list:
    """The violations axe finds on the page now, those that block a reader (serious or critical) first."""
    driver.execute_script(axe)
    found = driver.execute_async_script(AUDIT)
    return sorted(found, key=lambda v: v[1] not in BLOCKING)


def assert_one_main_and_heading(driver) -> None:
    assert driver.execute_script("return document.documentElement.lang;") == "en"
    assert driver.execute_script("return [document.querySelectorAll('main').length, "
                                 "document.querySelectorAll('h1').length];") == [1, 1]


@pytest.mark.parametrize("size", list(SIZES))
def test_the_app_has_no_serious_violation(dash_duo, axe, size):
    """Audited with an event selected (its detail panel filled) and every closed panel open: the export panel and
    the lists of actors and countries, whose controls a closed panel would hide from the audit."""
    dash_duo.start_server(create_app(BUNDLED))
    driver = dash_duo.driver
    driver.set_window_size(*SIZES[size])
    driver.get(f"{dash_duo.server_url}/?sel=pakistan-strikes-iran-2024-01-17")
    dash_duo.wait_for_contains_text("#detail h2", "Pakistan", timeout=30)
    dash_duo.find_element(f"#{ID.EXPORT_SUMMARY}").click()  # opened: its controls are made then
    dash_duo.wait_for_element(f"#{ID.EXPORT_BUTTON}", timeout=30)
    driver.execute_script("document.querySelectorAll('details').forEach(function (d) { d.open = true; });")
    wait_for(lambda: driver.execute_script(DRAWN), timeout=30, message="the figures drawn")
    violations = audit(driver, axe)
    assert [v for v in violations if v[1] in BLOCKING] == [], violations
    assert_one_main_and_heading(driver)
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("what", ["timeline", "map"])
def test_an_embed_has_no_serious_violation(dash_duo, axe, what, size):
    dash_duo.start_server(create_app(BUNDLED))
    driver = dash_duo.driver
    driver.set_window_size(*SIZES[size])
    driver.get(f"{dash_duo.server_url}/embed/{what}?sel=pakistan-strikes-iran-2024-01-17")
    wait_for(lambda: driver.execute_script(DRAWN), timeout=30, message=f"the {what} drawn")
    wait_for(lambda: driver.execute_script(LAID_OUT), timeout=30, message="laid out for the frame")
    violations = audit(driver, axe)
    assert [v for v in violations if v[1] in BLOCKING] == [], violations
    assert_one_main_and_heading(driver)


def test_the_standalone_html_has_no_serious_violation(dash_duo, axe, bundled_table, tmp_path):
    page = tmp_path / "timeline.html"
    page.write_bytes(render_bytes(bundled_table, ExportSpec("timeline", "html", 1280, 720, 1, "")))
    driver = dash_duo.driver
    driver.get(page.as_uri())
    wait_for(lambda: driver.execute_script(DRAWN), timeout=30, message="the timeline drawn")
    violations = audit(driver, axe)
    assert [v for v in violations if v[1] in BLOCKING] == [], violations
    driver.execute_script("document.body.appendChild(document.createElement('img'));")  # no alt: the audit sees it
    assert ["image-alt", "critical"] in [v[:2] for v in audit(driver, axe)]
