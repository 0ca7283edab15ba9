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
