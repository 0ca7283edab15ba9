"""The deployment behind the shipped nginx configuration (``dashboard/web/nginx.conf``), real processes: clients
sending their headers a byte at a time hold nginx connections, not the app's threads, so pages keep answering;
a shared link with the longest map selection passes through. (Straight to gunicorn, four such clients hold all
its threads: two workers of two.)"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from tests.support import ROOT, free_port, wait_for_http

pytestmark = pytest.mark.slow  # real server processes
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = ROOT / "dashboard" / "web" / "nginx.conf"
SLOW_CLIENTS = 40


def _wrapper(folder: Path, site: Path) -> Path:
    """A whole nginx configuration around the shipped site file, everything it writes in ``folder``."""
    config = folder / "nginx.conf"
    config.write_text(f"""daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    include {site};
}}
""", encoding="utf-8")
    return config


@pytest.fixture
def proxied(tmp_path, data_copy):
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (./dev test installs Debian's nginx-light)")
    app_port, proxy_port = free_port(), free_port()
    site = tmp_path / "site.conf"
    text = SITE.read_text(encoding="utf-8")
    assert "listen 80;" in text and "server 127.0.0.1:8050;" in text
    site.write_text(text.replace("listen 80;", f"listen 127.0.0.1:{proxy_port};")
                    .replace("server 127.0.0.1:8050;", f"server 127.0.0.1:{app_port};"), encoding="utf-8")
    app = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "python:dashboard.web.gunicorn_conf", "-w", "2",
                            "-b", f"127.0.0.1:{app_port}", "dashboard.web.app:create_server()"], cwd=ROOT,
                           env={"CRISIS_DATA": str(data_copy), "PATH": "/usr/bin:/bin"},
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proxy = subprocess.Popen([NGINX, "-c", str(_wrapper(tmp_path, site)), "-p", str(tmp_path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_http(f"http://127.0.0.1:{app_port}", app)
        wait_for_http(f"http://127.0.0.1:{proxy_port}", proxy)
        yield f"http://127.0.0.1:{proxy_port}", proxy_port
    finally:
        for process in (proxy, app):
            process.terminate()
            process.wait(timeout=10)


def _slow_client(port: int, stop: threading.Event) -> None:
    """A client sending a request's headers a byte every half second, never finishing them."""
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(b"GET / HTTP/1.1\r\nHost: slow\r\n")
        while not stop.wait(0.5):
            conn.sendall(b"X")


def test_slow_clients_hold_nginx_not_the_app(proxied):
    url, port = proxied
    stop = threading.Event()
    clients = [threading.Thread(target=_slow_client, args=(port, stop), daemon=True) for _ in range(SLOW_CLIENTS)]
    for client in clients:
        client.start()
    try:
        for _ in range(8):  # more requests than the app has threads, every one answered
            assert urllib.request.urlopen(url + "/_dash-layout", timeout=20).status == 200
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=5)


def test_a_link_with_the_longest_map_selection_passes_through(proxied):
    from dashboard.state.url import MAX_LENGTHS, encode

    url, _ = proxied
    ids = [f"event-{i:05d}" for i in range(MAX_LENGTHS["box"] // 12)]
    query = encode({"box": ids, "categories": ["strike"], "camera": {"lat": 27.37, "lon": 62.33, "zoom": 6.5}})
    assert urllib.request.urlopen(url + "/" + query, timeout=30).status == 200
