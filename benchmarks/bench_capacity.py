"""Capacity of the documented deployment: many simulated analysts against a real gunicorn server on loopback.

    python -m benchmarks.bench_capacity                         # 50 clients for 40 s, the deployment's settings
    python -m benchmarks.bench_capacity --clients 50 --seconds 40 --edits 40 --workers 2 --threads 1

Each client does what a browser does when an analyst opens the app and works in it, again and again: the page,
the layout, the callback map, the first full render of both figures, a category filter, a selection. Clients vary
the category they untick and the event they select. ``--edits N`` also rewrites the served file N times during
the run, alternating a good and a broken version (every response must still be a 200, from the last good data).
Printed: requests per second, errors, and p50/p95/p99 latency per kind of request. A benchmark prints figures;
tests never time things (``tests/web/test_load.py`` runs a short bounded load and checks only outcomes).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from benchmarks.bench_interaction import _payload, opening_values
from dashboard.model.loading import load_events
from dashboard.web.app import create_app
from tests.support import copy_bundled, free_port, wait_for_http

KINDS = ("page", "layout", "dependencies", "full render", "filter", "highlight")
GOOD, BROKEN = "killed: 11\n", "killed: [11]\n"  # an edit of the bundled file that breaks it, and back


@dataclass
class Tally:
    """Latencies (s) per kind of request, and every failed request."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)
    stale_seen: int = 0  # responses that carried the broken-file banner (served from the last good data)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, failure: str | None = None, stale: bool = False) -> None:
        with self.lock:
            self.seconds[kind].append(seconds)
            if failure:
                self.failures.append(f"{kind}: {failure}")
            self.stale_seen += stale


def requests_of(data: Path) -> tuple[list[dict], list[dict], dict]:
    """The Dash requests a client sends, built from the app's own callback map: (filters, selections, full render)."""
    app = create_app(data)
    table = load_events(data)
    categories = list(table.head.categories)
    base = opening_values(table)
    full = _payload(app, "render_views", base, ["data-version.data"])
    filters = [_payload(app, "render_views", {**base, "filter-category.value": [c for c in categories if c != left]},
                        ["filter-category.value"]) for left in categories]
    ids = table.frame["id"].tolist()
    selections = [_payload(app, "highlight", {**base, "selected.data": event}, ["selected.data"]) for event in ids]
    return filters, selections, full


def _with_key(payload: dict, key: str) -> dict:
    """The payload with the drawn base key the full render answered (so the server sends edits, not figures)."""
    state = [{**item, "value": key} if item["id"] == "base-key" else item for item in payload["state"]]
    return {**payload, "state": state}


def client(url: str, number: int, requests_: tuple[list[dict], list[dict], dict], tally: Tally,
           keep_going: Callable[[], bool]) -> None:
    """One analyst: page, layout, callback map, full render, a filter, a selection; again until told to stop."""
    filters, selections, full = requests_
    session = requests.Session()
    for cycle in itertools.count():
        if not keep_going():
            return
        key = None
        steps = [("page", "GET", "/", None), ("layout", "GET", "/_dash-layout", None),
                 ("dependencies", "GET", "/_dash-dependencies", None), ("full render", "POST", None, full),
                 ("filter", "POST", None, filters[(number + cycle) % len(filters)]),
                 ("highlight", "POST", None, selections[(number * 7 + cycle) % len(selections)])]
        for kind, method, path, payload in steps:
            if key and payload is not None:
                payload = _with_key(payload, key)
            start = time.perf_counter()
            try:
                response = (session.get(url + path, timeout=120) if method == "GET" else
                            session.post(url + "/_dash-update-component", json=payload, timeout=120))
                body = response.content
                failure = None if response.status_code == 200 else f"HTTP {response.status_code}"
            except requests.RequestException as exc:
                body, failure = b"", f"{type(exc).__name__}: {exc}"
            tally.add(kind, time.perf_counter() - start, failure, stale=b"The events file has" in body)
            if kind == "full render" and failure is None:
                key = response.json()["response"]["base-key"]["data"]


def editor(path: Path, edits: int, progress: Callable[[], float]) -> None:
    """Rewrites the served file ``edits`` times, alternating broken and good, spread over the run: edit n once
    ``progress()`` (the share of the run done, 0 to 1) reaches n / (edits + 1)."""
    for n in range(edits):
        while progress() < (n + 1) / (edits + 1):
            time.sleep(0.01)
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(GOOD, BROKEN, 1) if n % 2 == 0 else text.replace(BROKEN, GOOD, 1),
                        encoding="utf-8")


@contextmanager
def gunicorn(data: Path, workers: int | None = None, threads: int | None = None):
    """The documented deployment (``dashboard/web/gunicorn_conf.py``) on loopback, with its number of workers and
    threads unless given: its URL while it runs."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", "python:dashboard.web.gunicorn_conf", "-b", f"127.0.0.1:{port}",
               *(["-w", str(workers)] if workers else []), *(["--threads", str(threads)] if threads else []),
               "dashboard.web.app:create_server()"]
    process = subprocess.Popen(command, env={"CRISIS_DATA": str(data), "PATH": "/usr/bin:/bin"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_load(url: str, data: Path, clients: int, *, seconds: float | None = None, cycles: int | None = None,
             edits: int = 0) -> Tally:
    """``clients`` clients for ``seconds`` (or ``cycles`` cycles each), and ``edits`` edits of ``data`` spread over
    the run (all of them made, the last before the run ends)."""
    tally = Tally()
    requests_ = requests_of(data)
    start = time.monotonic()
    started: dict[int, int] = defaultdict(int)

    def keep_going_for(number: int) -> Callable[[], bool]:
        def keep_going() -> bool:
            started[number] += 1
            return time.monotonic() - start < seconds if seconds else started[number] <= cycles
        return keep_going

    def progress() -> float:
        if seconds:
            return (time.monotonic() - start) / seconds
        return sum(len(values) for values in tally.seconds.values()) / (clients * cycles * len(KINDS))

    threads = [threading.Thread(target=client, args=(url, n, requests_, tally, keep_going_for(n)))
               for n in range(clients)]
    if edits:
        threads.append(threading.Thread(target=editor, args=(data, edits, progress)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def _percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1] if len(values) > 1 else (
        values[0] if values else float("nan"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--edits", type=int, default=0, help="edits of the served file during the run")
    parser.add_argument("--workers", type=int, default=None, help="default: the deployment's (one per core)")
    parser.add_argument("--threads", type=int, default=None, help="default: the deployment's (2)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = copy_bundled(Path(folder))
        with gunicorn(data, arguments.workers, arguments.threads) as url:
            start = time.perf_counter()
            tally = run_load(url, data, arguments.clients, seconds=arguments.seconds, edits=arguments.edits)
            elapsed = time.perf_counter() - start
    total = sum(len(values) for values in tally.seconds.values())
    settings = f"-w {arguments.workers or 'per core'} --threads {arguments.threads or 'default'}"
    print(f"gunicorn {settings}, {arguments.clients} clients, "
          f"{elapsed:.0f} s, {arguments.edits} edits of the file: {total:,} requests ({total / elapsed:.1f}/s), "
          f"{len(tally.failures)} failed, {tally.stale_seen} served the last good data with the banner")
    print(f"  {'':14s} {'requests':>9s} {'p50':>8s} {'p95':>8s} {'p99':>8s} {'max':>8s}")
    for kind in KINDS:
        values = tally.seconds.get(kind, [])
        if values:
            print(f"  {kind:14s} {len(values):>9,d} " + " ".join(
                f"{value * 1000:>6.0f}ms" for value in (_percentile(values, 0.5), _percentile(values, 0.95),
                                                        _percentile(values, 0.99), max(values))))
    for failure in tally.failures[:10]:
        print("  failed:", failure)


if __name__ == "__main__":
    main()
