"""An embed's event cards, as a reader of a report meets them: a click on an event, or Enter on its entry in the
list the keyboard reaches, opens its card (date and place with their precision, casualties, disagreements, each
source with its quote and link); Escape or the close button closes it and gives the focus back; the data's text
is shown as text."""

from __future__ import annotations

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.web.app import create_app
from tests.browser.conftest import LAID_OUT, wait_for
from tests.support import BUNDLED, HOSTILE, write_hostile_copy

STRIKE = "pakistan-strikes-iran-2024-01-17"
CARD_OPEN = "var c = document.getElementById('card'); return c && !c.hidden ? c.innerText : null;"
# The embed's marker of an event (the element a reader clicks), on the timeline or the map's SVG-less canvas.
EMBED_POINT = """
var points = document.querySelectorAll('.scatterlayer .trace .points path.point');
for (var i = 0; i < points.length; i++) {
  var trace = points[i].parentNode.parentNode.__data__[0].trace;
  if (trace.name === 'events' && trace.customdata[points[i].__data__.i] === arguments[0]) { return points[i]; }
}
return null;"""


def test_a_click_on_an_event_opens_its_card_and_escape_closes_it(dash_duo):
    dash_duo.start_server(create_app(BUNDLED))
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + "/embed/timeline")
    # Laid out for its frame first: the figure is drawn again then, its markers moved.
    wait_for(lambda: driver.execute_script(LAID_OUT), timeout=30, message="laid out for the frame")
    point = wait_for(lambda: driver.execute_script(EMBED_POINT, STRIKE), timeout=30, message="the strike's marker")
    ActionChains(driver).move_to_element(point).click().perform()
    card = wait_for(lambda: driver.execute_script(CARD_OPEN), message="the card")
    assert "Pakistan's strikes on \"terrorist hideouts\" in Iran" in card
    assert "2024-01-17 (day)" in card and "Saravan, Iran (near the place)" in card and "9 killed" in card
    assert "Sources disagree. Xinhua reported ten killed" in card
    assert "Reuters was able to confirm the location as a village near Saravan" in card  # a source's quote
    links = driver.execute_script("return Array.from(document.querySelectorAll('#card a')).map(a => a.href);")
    assert links and all(link.startswith(("http://", "https://")) for link in links)
    assert driver.execute_script("return document.activeElement.getAttribute('aria-label');") == "Close"
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    wait_for(lambda: driver.execute_script(CARD_OPEN) is None, message="closed by Escape")
    assert dash_duo.get_logs() == []


def test_the_keyboard_reaches_every_event_and_the_focus_comes_back(dash_duo):
    dash_duo.start_server(create_app(BUNDLED))
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + "/embed/map?cat=strike")
    wait_for(lambda: driver.execute_script(LAID_OUT), timeout=30, message="laid out for the frame")
    summary = wait_for(lambda: driver.find_element("css selector", ".events summary"), message="the list")
    assert summary.text == "Events (2)"
    summary.send_keys(Keys.ENTER)  # opens the list
    entry = wait_for(lambda: driver.find_element("css selector", f'button[data-event="{STRIKE}"]'), message="entry")
    wait_for(lambda: entry.is_displayed(), message="the list open")
    entry.send_keys(Keys.ENTER)
    wait_for(lambda: driver.execute_script(CARD_OPEN), message="the card")
    driver.switch_to.active_element.send_keys(Keys.ENTER)  # the close button has the focus
    wait_for(lambda: driver.execute_script(CARD_OPEN) is None, message="closed")
    assert driver.execute_script("return document.activeElement.getAttribute('data-event');") == STRIKE
    assert dash_duo.get_logs() == []


def test_a_card_shows_markup_from_the_data_as_text(dash_duo, tmp_path):
    dash_duo.start_server(create_app(write_hostile_copy(tmp_path / "data")))
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + "/embed/timeline")
    wait_for(lambda: driver.find_element("css selector", ".events summary"), message="the list").click()
    first = wait_for(lambda: driver.find_elements("css selector", "button[data-event]")[0], message="an entry")
    first.click()
    card = wait_for(lambda: driver.execute_script(CARD_OPEN), message="the card")
    assert f"Event 0 {HOSTILE[0]}" in card
    wait_for(lambda: driver.execute_script(LAID_OUT), message="titles laid out for the frame")
    assert driver.execute_script("return window.__fired === undefined;")
    assert dash_duo.get_logs() == []
