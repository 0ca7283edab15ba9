"""Security headers on every response, framing as configured, and clean 404s at the edges of Dash's routes."""

from __future__ import annotations

import logging
import re

import pytest

from dashboard.web.app import create_app
from tests.support import BUNDLED


@pytest.fixture(scope="module")
def client():
    return create_app(BUNDLED).server.test_client()


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


@pytest.mark.parametrize("path", ["/", "/_dash-layout", "/map-geometry/v/border.json", "/palette.css", "/assets/style.css"])
def test_every_response_carries_the_policy_nosniff_and_no_framing(client, path):
    response = client.get(path)
    response.close()  # a static file's response holds the file open until closed
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["default-src"] == ["'self'"]


def test_dash_inline_scripts_run_by_hash(client):
    """The renderer's inline script (and any inline clientside callback) is allowed by its hash, nothing else."""
    policy = directives(client.get("/"))
    assert sum(value.startswith("'sha256-") for value in policy["script-src"]) >= 1


def test_embeds_are_framable_by_any_site_and_their_scripts_carry_the_nonce(client):
    response = client.get("/embed/map")
    assert response.status_code == 200 and "X-Frame-Options" not in response.headers
    policy = directives(response)
    assert policy["frame-ancestors"] == ["*"]
    nonce = next(value for value in policy["script-src"] if value.startswith("'nonce-"))[len("'nonce-"):-1]
    scripts = re.findall(r"<script[^>]*>", response.get_data(as_text=True))
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert nonce not in client.get("/embed/map").headers["Content-Security-Policy"]  # a new one per response


def test_framing_origins_are_configurable():
    app = create_app(BUNDLED, frame_origins=("https://reports.example.org",),
                     embed_origins=("https://a.example.org", "https://b.example.org"))
    client = app.server.test_client()
    page = client.get("/")
    assert "X-Frame-Options" not in page.headers
    assert directives(page)["frame-ancestors"] == ["https://reports.example.org"]
    assert directives(client.get("/embed/timeline"))["frame-ancestors"] == ["https://a.example.org",
                                                                             "https://b.example.org"]


@pytest.mark.parametrize("path", ["/_dash-component-suites/../../etc/passwd",
                                  "/_dash-component-suites/dash/../../../etc/passwd",
                                  "/_dash-component-suites/nothing/x.js", "/_dash-component-suites/dash/nothing.js"])
def test_a_path_outside_dash_bundles_is_a_plain_404_without_a_traceback(client, path, caplog):
    with caplog.at_level(logging.DEBUG):
        response = client.get(path)
    assert response.status_code == 404 and response.get_data(as_text=True) == "Not found\n"
    assert "Traceback" not in caplog.text and "DependencyException" not in caplog.text


MALFORMED = {
    "a JSON array": b"[1, 2, 3]",
    "an unknown output": b'{"output": "nowhere.children", "outputs": {}, "inputs": []}',
    "no inputs": b'{"output": "count.children"}',
    "nesting past any parser": b"[" * 100_000 + b"]" * 100_000,
    "not JSON": b"\xff\xfe{",
}


@pytest.mark.parametrize("body", list(MALFORMED.values()), ids=list(MALFORMED))
def test_a_malformed_callback_request_is_a_400_without_a_traceback(client, body, caplog):
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 400 and b"not a callback of this app" in response.data
    assert not [record for record in caplog.records if record.exc_info]


def test_a_body_over_the_limit_is_refused_before_it_is_read(client):
    from dashboard.web.security import MAX_REQUEST_BYTES

    body = b'{"output": "count.children", "inputs": [' + b" " * MAX_REQUEST_BYTES + b"]}"
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 413
