"""What an analyst waits for, in headless Chromium (software GL): this app against the naive one, both served by
a real server process, on the same files.

    python -m benchmarks.bench_browser                      # bundled, the Red Sea fixture, 10,000 ACLED-shaped rows
    python -m benchmarks.bench_browser --sizes 10000 100000

For each app and file: process start to the first HTTP 200; page opened to both figures drawn (a first visit, the
browser's cache empty); a category unticked (and ticked again) to both figures redrawn; an event selected to both
figures redrawn; the page opened again (a repeat visit: what the browser kept, it keeps). An interaction is timed
from the moment it is made in the page to plotly's ``plotly_afterplot`` on both graphs (this app's timeline is
first redrawn by the browser's own answer to a filter: ``assets/filter.js``), or for this app's map ring (moved
without plotly) to MapLibre drawing it (median of ``--repeats``); the page is settled (no Dash request pending,
every map done drawing) before each. Selecting goes through the ``selected`` store that a click sets, in both apps
(``dash_clientside.set_props``). The server keeps the figures it built per view (``table.kept``,
``dashboard/model/kept.py``), so repeats after the first get them from memory: what is left is mostly the
browser's drawing.

Bytes on the wire: in a second pass (timings come from the first: a proxy in Python slows page loads of many
requests), the browser reaches each app through a proxy here that counts what the server sends (headers and bodies,
compressed or not, including what MapLibre's worker fetches); each step prints the bytes it cost (an interaction:
the median over its repeats). A benchmark prints figures; tests never time things.
"""

from __future__ import annotations

import argparse
import socket
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

from selenium import webdriver

from dashboard.figures.map import RING_UID
from dashboard.figures.marks import MapTrace
from dashboard.model.loading import DEFAULT_DATA as BUNDLED
from dashboard.model.loading import load_events
from tests.support import chrome_options
from tests.synthetic import write_acled

MID_SIZE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "red-sea-2023" / "events.yaml"

# Both apps name their graphs ``map`` and ``timeline``, their selection store ``selected``.
REDRAWN = """
var done = arguments[arguments.length - 1], action = arguments[0], value = arguments[1], ringUid = arguments[2];
var graphs = ['map', 'timeline'].map(id => document.querySelector('#' + id + ' .js-plotly-plot'));
var waiting = graphs.length, start = performance.now();
function drawn() { if (--waiting === 0) done(performance.now() - start); }
if (action === 'select' && ringUid) {
  // This app moves the map's ring without redrawing the map (assets/ring.js): drawn once MapLibre shows it.
  var plot = graphs.shift(), before = plot._ring, map = plot._fullLayout.map._subplot.map;
  var layers = {layers: ['plotly-trace-layer-' + ringUid + '-circle']};
  (function check() {
    var ring = plot._ring;
    if (ring !== before && ring && ring.lon[0] !== null
        && map.queryRenderedFeatures(map.project([ring.lon[0], ring.lat[0]]), layers).length) { drawn(); }
    else { requestAnimationFrame(check); }
  })();
}
graphs.forEach(g => g.once('plotly_afterplot', drawn));
if (action === 'select') {
  window.dash_clientside.set_props('selected', {data: value});
} else {
  document.querySelector(value).click();
}
setTimeout(() => done(null), 60000);
"""
IDLE = "return !document.querySelector('[data-dash-is-loading=\"true\"]');"
# Idle, and every map done loading what it was last given (its sources tiled and drawn), so an interaction does not
# start during the last one's drawing.
SETTLED = """return !document.querySelector('[data-dash-is-loading="true"]')
  && [...document.querySelectorAll('.js-plotly-plot')].every(g => {
    var map = g._fullLayout && g._fullLayout.map && g._fullLayout.map._subplot && g._fullLayout.map._subplot.map;
    return !map || (map.loaded() && !map.isMoving()); });"""
DRAWN = """return ['map', 'timeline'].every(id => {
  var g = document.querySelector('#' + id + ' .js-plotly-plot');
  return g && g._fullData && g._fullData.length > 0; });"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if result := condition():
                return result
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(what)


@contextmanager
def served(command: list[str], port: int):
    """The app's server process, and the seconds from its start to its first HTTP 200."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _until(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60).status == 200, 600,
               "the server's first page")
        yield time.perf_counter() - start
    finally:
        process.terminate()
        process.wait(timeout=30)


class CountingProxy(socketserver.ThreadingTCPServer):
    """A TCP proxy on loopback to ``target`` that counts the bytes the server sends back (``sent``)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, target: int):
        self.target, self.sent, self._lock = target, 0, threading.Lock()
        super().__init__(("127.0.0.1", 0), _Relay)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def count(self, size: int) -> None:
        with self._lock:
            self.sent += size


class _Relay(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        with socket.create_connection(("127.0.0.1", self.server.target)) as upstream:
            def pipe(source: socket.socket, sink: socket.socket, counted: bool) -> None:
                try:
                    while chunk := source.recv(65536):
                        sink.sendall(chunk)
                        if counted:
                            self.server.count(len(chunk))
                except OSError:
                    pass  # either end closed: the other is shut down below
                finally:
                    for end in (source, sink):
                        with suppress(OSError):
                            end.shutdown(socket.SHUT_RDWR)
            back = threading.Thread(target=pipe, args=(upstream, self.request, True), daemon=True)
            back.start()
            pipe(self.request, upstream, False)
            back.join()


def _category_box(app: str, category: str) -> str:
    checklist = "filter-category" if app == "this app" else "categories"
    return f"#{checklist} input[value='{category}']"


STEPS = ("start -> first 200", "page -> figures drawn", "category filter", "click -> highlight",
         "page again -> drawn")


def measure(app: str, command: list[str], port: int, driver, categories: list[str], selectable: list[str],
            repeats: int, counted: bool) -> tuple[dict[str, float], dict[str, int]]:
    """Seconds per step (``STEPS``) and, when ``counted`` (the browser then goes through the counting proxy), the
    bytes each cost on the wire."""
    with served(command, port) as started:
        proxy = CountingProxy(port) if counted else None
        url = f"http://127.0.0.1:{proxy.port if proxy else port}/"
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})  # a first visit
        seconds, wire = {"start -> first 200": started}, {"start -> first 200": 0}

        def opened(step: str) -> None:
            before, start = _sent(proxy), time.perf_counter()
            driver.get(url)
            _until(lambda: driver.execute_script(DRAWN) and driver.execute_script(IDLE), 600, "both figures drawn")
            seconds[step] = time.perf_counter() - start
            _until(lambda: _quiet(proxy), 60, "the page's last requests")
            wire[step] = _sent(proxy) - before

        def timed(action: str, value: str) -> tuple[float, int]:
            _until(lambda: driver.execute_script(SETTLED) and _quiet(proxy), 120, "the page idle")
            before = _sent(proxy)
            ring = RING_UID if app == "this app" else None
            elapsed = driver.execute_async_script(REDRAWN, action, value, ring)
            if elapsed is None:
                raise TimeoutError(f"{app}: {action} {value} redrew nothing")
            _until(lambda: driver.execute_script(IDLE) and _quiet(proxy), 120, "the interaction's requests")
            return elapsed / 1000, _sent(proxy) - before

        try:
            opened("page -> figures drawn")
            box = _category_box(app, categories[0])
            for step, runs in (("category filter", [timed("click", box) for _ in range(repeats)]),
                               ("click -> highlight", [timed("select", selectable[i % len(selectable)])
                                                       for i in range(repeats)])):
                seconds[step] = statistics.median(run[0] for run in runs)
                wire[step] = int(statistics.median(run[1] for run in runs))
            opened("page again -> drawn")
        finally:
            if proxy:
                proxy.shutdown()
                proxy.server_close()
        return seconds, wire


def in_sight(table) -> list[str]:
    """Two events to select: drawn as markers of their own where this app's map first looks (a click reaches them
    in both apps); for a map of counts, two events of the file."""
    from dashboard.figures.map import visible_extent
    from dashboard.figures.patches import first_figures
    from dashboard.state.view import View

    the_map, _ = first_figures(table, View())
    events = the_map.data[MapTrace.EVENTS]
    seen = visible_extent(the_map.layout.map.center.to_plotly_json(), the_map.layout.map.zoom).padded(-0.1)
    ids = [event_id for event_id, lon, lat in zip(events.customdata, events.lon, events.lat, strict=True)
           if isinstance(event_id, str) and seen.west < lon < seen.east and seen.south < lat < seen.north]
    if len(ids) < 2:
        ids = table.frame["id"].tolist()
    return [ids[len(ids) // 3], ids[len(ids) // 2]]


def _sent(proxy: CountingProxy | None) -> int:
    return proxy.sent if proxy else 0


def _quiet(proxy: CountingProxy | None, settle: float = 0.3) -> bool:
    """No byte sent for ``settle`` seconds (MapLibre's worker fetches after the figures are drawn); no proxy (the
    timed pass): nothing to wait for."""
    if proxy is None:
        return True
    before = proxy.sent
    time.sleep(settle)
    return proxy.sent == before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000], help="generated ACLED-shaped files")
    parser.add_argument("--no-mid-size", action="store_true", help="leave out the Red Sea fixture (74 events)")
    parser.add_argument("--repeats", type=int, default=6)
    arguments = parser.parse_args()
    options = chrome_options("--window-size=1440,1000")
    driver = webdriver.Chrome(options=options)
    driver.set_script_timeout(120)
    try:
        with tempfile.TemporaryDirectory() as folder:
            files = [("bundled, 13", BUNDLED)] + ([] if arguments.no_mid_size else [("Red Sea fixture, 74", MID_SIZE)]) + [
                (f"ACLED-shaped, {size:,}", write_acled(size, Path(folder) / f"acled-{size}.csv"))
                for size in arguments.sizes]
            for label, path in files:
                table = load_events(path)
                categories = list(table.head.categories)
                selectable = in_sight(table)
                rows, wire = {}, {}
                for app, module in (("naive app", "benchmarks.naive_app"), ("this app", "dashboard")):
                    runs = {}
                    for counted in (False, True):
                        port = _free_port()
                        command = ([sys.executable, "-m", module, str(path), str(port)] if app == "naive app" else
                                   [sys.executable, "-m", module, "serve", "--data", str(path), "--port", str(port)])
                        runs[counted] = measure(app, command, port, driver, categories, selectable,
                                                arguments.repeats if not counted else 2, counted)
                    rows[app], wire[app] = runs[False][0], runs[True][1]
                print(f"\n{label} events (browser, medians of {arguments.repeats}; bytes the server sent)")
                print(f"  {'':24s} {'naive app':>10s} {'this app':>10s} {'naive / this':>13s}"
                      f" {'naive bytes':>13s} {'this app':>12s} {'this / naive':>13s}")
                for case in STEPS:
                    naive, ours = rows["naive app"][case], rows["this app"][case]
                    naive_bytes, our_bytes = wire["naive app"][case], wire["this app"][case]
                    share = f"{our_bytes / naive_bytes:>12.0%}" if naive_bytes else f"{'':>12s}"
                    print(f"  {case:24s} {naive * 1000:>7.0f} ms {ours * 1000:>7.0f} ms {naive / ours:>12.1f}x"
                          f" {naive_bytes:>13,} {our_bytes:>12,} {share}")
                sys.stdout.flush()
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
