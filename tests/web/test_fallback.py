"""An embed's fallbacks: its view as an image sized by the URL (drawn by the exports' figure model, kept per view),
and oEmbed with its discovery link, for pages and CMSs that cannot frame it."""

from __future__ import annotations

import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from dashboard.web.app import create_app
from dashboard.web.fallback import image_spec
from tests.support import BUNDLED

STATE = "sel=pakistan-strikes-iran-2024-01-17"


@pytest.fixture(scope="module")
def client():
    return create_app(BUNDLED).server.test_client()


def discovered(page: str) -> str:
    """The URL an oEmbed consumer finds in ``page``."""
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page)
    assert link, "no oEmbed discovery link"
    return html.unescape(link.group(1))


@pytest.mark.parametrize("path", ["/?" + STATE, "/embed/map?" + STATE, "/embed/timeline?" + STATE])
def test_every_page_names_its_oembed_and_it_gives_the_iframe_of_that_view(client, path):
    endpoint = discovered(client.get(path).get_data(as_text=True))
    assert parse_qs(urlsplit(endpoint).query)["url"] == ["http://localhost" + path]
    answer = client.get(endpoint.removeprefix("http://localhost") + "&maxwidth=600")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    embed = answer.get_json()
    what = "map" if "/embed/map" in path else "timeline"
    assert embed["version"] == "1.0" and embed["type"] == "rich" and embed["width"] == 600
    assert f'<iframe src="http://localhost/embed/{what}?{STATE}"' in embed["html"] and 'title="' in embed["html"]
    assert embed["thumbnail_url"] == f"http://localhost/embed/{what}.png?{STATE}&w=600&h={embed['height']}"
    assert "Iran–Pakistan crisis" in embed["title"]


@pytest.mark.parametrize(("query", "status"), [
    ("url=https://elsewhere.example.org/embed/map", 404),  # not a page of this app
    ("url=http://localhost/assets/style.css", 404),
    ("url=javascript:alert(1)", 404),
    ("", 404),
    ("url=http://localhost/&format=xml", 501),  # oEmbed's answer for a format not given
])
def test_oembed_answers_only_for_this_apps_views(client, query, status):
    assert client.get(f"/oembed?{query}").status_code == status


@pytest.mark.parametrize(("path", "status", "words"), [
    ("/embed/timeline.png?w=20", 400, "size"), ("/embed/timeline.png?w=wide", 400, "size"),
    ("/embed/timeline.png?nosuchkey=1", 400, "nosuchkey"), ("/embed/table.png", 404, ""), ("/embed/map.gif", 404, "")])
def test_an_image_url_it_cannot_draw_is_refused_clearly(client, path, status, words):
    response = client.get(path)
    assert response.status_code == status and words in response.get_data(as_text=True)


@pytest.mark.slow  # drawn by kaleido's Chromium
def test_an_image_url_draws_the_view_at_its_size_once(client):
    first = client.get(f"/embed/timeline.png?{STATE}&w=640&h=360")
    assert first.status_code == 200 and first.mimetype == "image/png"
    assert Image.open(io.BytesIO(first.get_data())).size == (640, 360)
    assert "public" in first.headers["Cache-Control"] and first.headers["ETag"]
    again = client.get(f"/embed/timeline.png?{STATE}&w=640&h=360", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304  # the same view and size: kept, and the browser's copy is current
    svg = client.get(f"/embed/map.svg?{STATE}").get_data(as_text=True)
    assert svg.startswith("<svg") and '@font-face { font-family: "Noto Sans"' in svg and 'width="800"' in svg


@pytest.mark.parametrize("what", ["timeline", "map"])
def test_an_embed_carries_its_title_credit_and_a_link_to_its_view(client, what):
    page = client.get(f"/embed/{what}?{STATE}").get_data(as_text=True)
    assert '<h1 class="">Iran–Pakistan crisis, December 2023 – January 2024</h1>' in page
    assert "Sources: 2 core sources, 14 other sources" in page and "content hash" in page
    assert f'<a href="http://localhost/?{STATE}" target="_blank" rel="noopener">Open the full view</a>' in page
    assert page.count("<main>") == 1 and page.index("<h1") < page.index("<main>") < page.index("<footer>")


def test_a_host_page_hides_the_embeds_title_and_credit_from_the_url(client):
    page = client.get(f"/embed/timeline?{STATE}&title=0&credit=0").get_data(as_text=True)
    assert '<h1 class="hidden">' in page  # read out, not shown
    assert "Sources:" not in page and "<footer>" not in page


def test_an_image_url_hides_what_its_embed_hides():
    spec = image_spec("map", "png", [("sel", "x"), ("title", "0"), ("credit", "0"), ("w", "640")])
    assert (spec.title, spec.credit, spec.state, spec.width, spec.height) == ("", "", "sel=x", 640, 520)
    shown = image_spec("timeline", "svg", [("cat", "strike")])
    assert (shown.title, shown.credit, shown.width, shown.height) == (None, None, 800, 440)  # the file's own


def test_an_events_card_is_its_facts_and_sources_as_data(client):
    card = client.get("/embed/event/pakistan-strikes-iran-2024-01-17.json").get_json()
    assert card["date"] == "2024-01-17 (day)" and card["place"] == "Saravan, Iran (near the place)"
    assert card["casualties"] == "9 killed" and len(card["disagreements"]) == 2
    assert all(source["quote"] and (source["url"] is None or source["url"].startswith("http")) for source in card["sources"])
    assert card["view"] == "http://localhost/?sel=pakistan-strikes-iran-2024-01-17"
    assert client.get("/embed/event/no-such-event.json").status_code == 404
    page = client.get("/embed/timeline?cat=strike").get_data(as_text=True)
    assert "<summary>Events (2)</summary>" in page and page.count("data-event=") == 2


def test_a_card_at_sea_names_the_sea_once():
    """An event at sea has no country: its place is the sea area's name, not "Red Sea, Red Sea"."""
    from dashboard.model.loading import check_events
    from dashboard.web.card import event_card

    table, _ = check_events(BUNDLED.parents[1] / "tests" / "fixtures" / "red-sea-2023" / "events.yaml")
    at_sea = table.frame[table.frame["location_precision"] == "sea"].iloc[0]
    card = event_card(table, at_sea["id"], "http://localhost/")
    assert card["place"] == f"{at_sea['place']} (sea area only)"
