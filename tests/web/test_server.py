"""The app as a real server process: it binds 127.0.0.1, serves offline, follows file edits, survives bad ones."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.support import ROOT, free_port, replace_once, wait_for_http

pytestmark = pytest.mark.slow  # real server processes


@pytest.fixture
def server(data_copy):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "python:dashboard.web.gunicorn_conf", "-w", "2",
                                "-b", f"127.0.0.1:{port}", "dashboard.web.app:create_server()"], cwd=ROOT,
                               env={"CRISIS_DATA": str(data_copy), "PATH": "/usr/bin:/bin"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url, process)
        yield url, data_copy
    finally:
        process.terminate()
        process.wait(timeout=10)


def layout_text(url: str) -> str:
    return urllib.request.urlopen(url + "/_dash-layout", timeout=30).read().decode("utf-8")


def test_page_and_assets_come_from_the_server_itself(server):
    url, _ = server
    page = urllib.request.urlopen(url + "/", timeout=30).read().decode("utf-8")
    sources = re.findall(r'<(?:script|link)[^>]*\s(?:src|href)="([^"]+)"', page)
    # No CDN: every script and stylesheet from this server (the oEmbed discovery link names it whole, for a CMS).
    assert sources and all(src.startswith(("/", url + "/")) for src in sources), sources


def settled(url: str, holds, requests: int = 6, timeout: float = 60) -> list[str]:
    """Layouts of ``requests`` requests in a row that all satisfy ``holds``: each worker reloads an edited file in
    the background and serves its last snapshot meanwhile, so the test waits for that condition, not a time."""
    deadline = time.monotonic() + timeout
    while True:
        texts = [layout_text(url) for _ in range(requests)]  # several requests reach both workers
        if all(holds(text) for text in texts) or time.monotonic() > deadline:
            return texts


def test_every_worker_follows_edits_and_keeps_the_last_good_data(server):
    url, path = server
    from dashboard.model.loading import load_events

    def version() -> str:
        return load_events(path).version

    before = version()
    assert f"content hash {before}" in layout_text(url)
    replace_once(path, "title: Visit of Iran's president to Pakistan announced", "title: Raisi's visit announced")
    after = version()
    texts = settled(url, lambda text: f"content hash {after}" in text)
    assert all(f"content hash {after}" in t and "13 events" in t for t in texts)
    replace_once(path, "killed: 11", "killed: [11]")
    texts = settled(url, lambda text: "The events file has 1 error" in text)
    for text in texts:
        assert "The events file has 1 error" in text and "events[0].killed" in text
        # Still served: the last good version that worker read.
        assert f"content hash {after}" in text or f"content hash {before}" in text
    layout = json.loads(texts[0])
    ids = set(re.findall(r'"id": ?"([a-z-]+)"', json.dumps(layout)))
    assert {"map", "timeline", "table", "detail", "banner", "count"} <= ids  # the whole page, not an error page


def test_serve_loads_the_file_once_and_serves_it(data_copy):
    """``serve`` validates by loading the source it then serves: a bad file never reaches the app."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--data", str(data_copy), "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", process)
        assert "13 events" in layout_text(f"http://127.0.0.1:{port}")
        palette = urllib.request.urlopen(f"http://127.0.0.1:{port}/palette.css", timeout=10).read().decode("utf-8")
        assert palette.startswith(":root {") and "--ink: #1f2328;" in palette
    finally:
        process.terminate()
        process.wait(timeout=10)
    replace_once(data_copy, "killed: 11", "killed: eleven")
    refused = subprocess.run([sys.executable, "-m", "dashboard", "serve", "--data", str(data_copy), "--port", str(port)],
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "events[0].killed" in refused.stderr and "Traceback" not in refused.stderr



def test_a_shared_link_with_the_longest_map_selection_opens_in_production(server):
    """gunicorn's default 4,094-byte request line answered such links with 414; the settings take 8,190."""
    from dashboard.state.url import MAX_LENGTHS, encode

    url, _ = server
    ids, length = [], 0
    while length + 12 <= MAX_LENGTHS["box"]:
        ids.append(f"event-{len(ids):05d}")
        length += 12
    query = encode({"box": ids, "categories": ["strike", "militant_attack"], "text": "border", "selected": "x" * 60,
                    "camera": {"lat": 27.37, "lon": 62.33, "zoom": 6.5}})
    assert query and len(query) > 5_500
    response = urllib.request.urlopen(url + "/" + query, timeout=30)
    assert response.status == 200


def test_a_restarted_server_serves_the_last_good_data_of_a_file_broken_meanwhile(data_copy):
    """The whole deployment restarted (every worker new) while the served file is broken: each worker serves the
    last good version the previous ones kept on disk, with the banner, not "No valid version"."""
    def serve():
        port = free_port()
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "python:dashboard.web.gunicorn_conf",
                                    "-w", "2", "-b", f"127.0.0.1:{port}", "dashboard.web.app:create_server()"],
                                   cwd=ROOT, env={"CRISIS_DATA": str(data_copy), "PATH": "/usr/bin:/bin",
                                                  "CRISIS_CACHE": str(data_copy.parent / "cache")},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_http(f"http://127.0.0.1:{port}", process)
        return process, f"http://127.0.0.1:{port}"

    first, url = serve()
    try:
        assert "Iran" in layout_text(url) and "errors" not in layout_text(url)
    finally:
        first.terminate()
        first.wait(timeout=10)
    replace_once(data_copy, "killed: 11", "killed: eleven")
    second, url = serve()
    try:
        texts = settled(url, lambda text: "events[0].killed" in text)
        assert all("No valid version" not in text and "13 events" in text for text in texts)
    finally:
        second.terminate()
        second.wait(timeout=10)
