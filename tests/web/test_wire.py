"""What goes over the wire: responses compressed in the encoding the client takes, bodies that decode to what was
served, static bundles compressed once, versioned URLs kept a year, and nothing compressed for a client that takes
no encoding."""

from __future__ import annotations

import gzip
import json
import re

import brotli
import pytest

from benchmarks.bench_interaction import _payload
from dashboard.web.app import create_app
from tests.support import BUNDLED

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


@pytest.fixture(scope="module")
def app():
    return create_app(BUNDLED)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def _plotly_path(client) -> str:
    page = client.get("/").get_data(as_text=True)
    renderer = re.search(r'src="(/_dash-component-suites/dash/dash-renderer/[^"]+)"', page)
    assert renderer, "the page names Dash's renderer bundle"
    return renderer.group(1)


def test_the_page_is_brotli_for_a_browser_and_decodes_to_the_plain_page(client):
    plain = client.get("/")
    compressed = client.get("/", headers=BROWSER)
    assert plain.headers.get("Content-Encoding") is None
    assert compressed.headers["Content-Encoding"] == "br" and "Accept-Encoding" in compressed.headers["Vary"]
    assert len(compressed.get_data()) < len(plain.get_data()) / 3
    # Each page carries its own nonce and Dash's end id: the rest is the same page.
    unnonced = [re.sub(rb'nonce-[^"\';]+|nonce="[^"]+"|"end_id":"[^"]+"', b"", body)
                for body in (brotli.decompress(compressed.get_data()), plain.get_data())]
    assert unnonced[0] == unnonced[1]


def test_gzip_for_a_client_that_takes_only_gzip(client):
    response = client.get("/_dash-layout", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.get_data()))["type"] == "Div"


def test_a_callback_answer_is_compressed_and_decodes_to_the_plain_answer(app, client):
    """The request the page sends when it reads its URL: the whole view's state comes back."""
    body = _payload(app, "sync_url", {"url.search": "?cat=strike&sel=pakistan-strikes-iran-2024-01-17",
                                      "url-synced.data": False}, ["url.search"])
    plain = client.post("/_dash-update-component", json=body)
    compressed = client.post("/_dash-update-component", json=body, headers=BROWSER)
    assert plain.status_code == compressed.status_code == 200
    assert compressed.headers["Content-Encoding"] == "br" and plain.headers.get("Content-Encoding") is None
    assert json.loads(brotli.decompress(compressed.get_data())) == plain.get_json()


def test_a_bundle_is_compressed_once_and_kept_a_year(app, client):
    path = _plotly_path(client)
    first = client.get(path, headers=BROWSER)
    assert first.headers["Content-Encoding"] == "br" and first.cache_control.max_age == 365 * 24 * 3600
    kept = app.server.extensions["compress"].cache
    assert kept.get(f"br;{path}") == first.get_data(), "the compressed bundle is kept by its path"
    assert client.get(path, headers=BROWSER).get_data() == first.get_data()


def test_a_versioned_asset_is_kept_a_year_an_unversioned_one_is_checked(client):
    page = client.get("/").get_data(as_text=True)
    asset = re.search(r'src="(/assets/[^"]+\?m=[^"]+)"', page).group(1)
    with client.get(asset) as versioned:  # a file sent from disk: closed when read
        assert versioned.cache_control.max_age == 365 * 24 * 3600 and versioned.cache_control.immutable
    with client.get(asset.split("?")[0]) as unversioned:
        assert unversioned.status_code == 200 and not unversioned.cache_control.immutable


def test_a_font_is_compressed_kept_and_answers_a_conditional_request(app, client):
    response = client.get("/fonts/DejaVuSans.ttf", headers=BROWSER)
    assert response.headers["Content-Encoding"] == "br" and response.cache_control.max_age == 86400
    body = brotli.decompress(response.get_data())
    assert body[:4] == b"\x00\x01\x00\x00", "a TrueType file"
    again = client.get("/fonts/DejaVuSans.ttf", headers={**BROWSER, "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.get_data()


def test_per_request_answers_are_not_kept(app, client):
    client.get("/", headers=BROWSER)
    client.get("/_dash-layout", headers=BROWSER)
    kept = app.server.extensions["compress"].cache
    assert not kept.get("br;") and not any(key.startswith(("br;/?", "br;/_dash-layout")) for key in kept._bodies)


def test_an_asset_is_compressed_from_a_file_read_whole_and_closed(client):
    """flask-compress would compress the file's stream and leave the file open (a ResourceWarning, an error here)."""
    page = client.get("/").get_data(as_text=True)
    asset = re.search(r'href="(/assets/style\.css\?m=[^"]+)"', page).group(1)
    with client.get(asset, headers=BROWSER) as compressed, client.get(asset) as plain:
        assert compressed.headers["Content-Encoding"] == "br"
        assert brotli.decompress(compressed.get_data()) == plain.get_data()
