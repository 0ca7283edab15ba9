"""The app as a real server process: it binds 127.0.0.1, serves offline, follows file edits, survives bad ones."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT, replace_once


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(data_copy):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
                                "dashboard.web.app:create_server()"], cwd=ROOT, env={"CRISIS_DATA": str(data_copy),
                                                                                   "PATH": "/usr/bin:/bin"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    yield url, data_copy
    process.terminate()
    process.wait(timeout=10)


def layout_text(url: str) -> str:
    return urllib.request.urlopen(url + "/_dash-layout", timeout=30).read().decode("utf-8")


def test_page_and_assets_come_from_the_server_itself(server):
    url, _ = server
    page = urllib.request.urlopen(url + "/", timeout=30).read().decode("utf-8")
    sources = re.findall(r'<(?:script|link)[^>]*\s(?:src|href)="([^"]+)"', page)
    assert sources and all(src.startswith("/") for src in sources), sources  # no CDN


def test_every_worker_follows_edits_and_keeps_the_last_good_data(server):
    url, path = server
    from dashboard.model.loading import file_version

    before = file_version(path)
    assert f"content hash {before}" in layout_text(url)
    replace_once(path, "title: Visit of Iran's president to Pakistan announced", "title: Raisi's visit announced")
    after = file_version(path)
    texts = [layout_text(url) for _ in range(6)]  # several requests reach both workers
    assert all(f"content hash {after}" in t and "13 events" in t for t in texts)
    replace_once(path, "killed: 11", "killed: [11]")
    texts = [layout_text(url) for _ in range(6)]
    for text in texts:
        assert "The events file has 1 error" in text and "events[0].killed" in text
        assert f"content hash {after}" in text  # still served: the last good version
    layout = json.loads(texts[0])
    assert layout["props"]["children"]


def test_serve_binds_loopback_with_debug_off_by_default():
    from dashboard.cli import serve

    defaults = serve.make_context("serve", []).params
    assert defaults["host"] == "127.0.0.1" and defaults["debug"] is False and defaults["port"] == 8050
