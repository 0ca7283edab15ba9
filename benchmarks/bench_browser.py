"""What an analyst waits for, in headless Chromium (software GL): this app against the naive one, both served by
a real server process, on the same files.

    python -m benchmarks.bench_browser                      # the bundled crisis and 10,000 ACLED-shaped rows
    python -m benchmarks.bench_browser --sizes 10000 100000

For each app and file: process start to the first HTTP 200; page opened to both figures drawn; a category
unticked (and ticked again) to both figures redrawn; an event selected to both figures redrawn. An interaction is
timed from the moment it is made in the page to plotly's ``plotly_afterplot`` on both graphs, or for this app's
map ring (moved without plotly) to MapLibre drawing it (median of ``--repeats``); the page is idle (no Dash
request pending) before each. Selecting goes through the ``selected`` store that a click sets, in both apps
(``dash_clientside.set_props``). The server keeps the figures it built per view (``table.kept``, ``dashboard/model/kept.py``), so
repeats after the first get them from memory: what is left is mostly the browser's drawing. A benchmark prints
figures; tests never time things.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver

from dashboard.figures.map import RING_UID
from dashboard.model.loading import DEFAULT_DATA as BUNDLED
from dashboard.model.loading import load_events
from tests.support import chrome_options
from tests.synthetic import write_acled

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


def _category_box(app: str, category: str) -> str:
    checklist = "filter-category" if app == "this app" else "categories"
    return f"#{checklist} input[value='{category}']"


def measure(app: str, command: list[str], port: int, driver, categories: list[str], selectable: list[str],
            repeats: int) -> dict[str, float]:
    with served(command, port) as started:
        opened = time.perf_counter()
        driver.get(f"http://127.0.0.1:{port}/")
        _until(lambda: driver.execute_script(DRAWN) and driver.execute_script(IDLE), 600, "both figures drawn")
        results = {"start -> first 200": started, "page -> figures drawn": time.perf_counter() - opened}

        def timed(action: str, value: str) -> float:
            _until(lambda: driver.execute_script(IDLE), 120, "the page idle")
            ring = RING_UID if app == "this app" else None
            elapsed = driver.execute_async_script(REDRAWN, action, value, ring)
            if elapsed is None:
                raise TimeoutError(f"{app}: {action} {value} redrew nothing")
            return elapsed / 1000

        box = _category_box(app, categories[0])
        results["category filter"] = statistics.median(timed("click", box) for _ in range(repeats))
        results["click -> highlight"] = statistics.median(
            timed("select", selectable[i % len(selectable)]) for i in range(repeats))
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000], help="generated ACLED-shaped files")
    parser.add_argument("--repeats", type=int, default=6)
    arguments = parser.parse_args()
    options = chrome_options("--window-size=1440,1000")
    driver = webdriver.Chrome(options=options)
    driver.set_script_timeout(120)
    try:
        with tempfile.TemporaryDirectory() as folder:
            files = [("bundled, 13", BUNDLED)] + [
                (f"ACLED-shaped, {size:,}", write_acled(size, Path(folder) / f"acled-{size}.csv"))
                for size in arguments.sizes]
            for label, path in files:
                table = load_events(path)
                categories = list(table.head.categories)
                selectable = table.frame["id"].iloc[[len(table.frame) // 3, len(table.frame) // 2]].tolist()
                rows = {}
                for app, module in (("naive app", "benchmarks.naive_app"), ("this app", "dashboard")):
                    port = _free_port()
                    command = ([sys.executable, "-m", module, str(path), str(port)] if app == "naive app" else
                               [sys.executable, "-m", module, "serve", "--data", str(path), "--port", str(port)])
                    rows[app] = measure(app, command, port, driver, categories, selectable, arguments.repeats)
                print(f"\n{label} events (browser, medians of {arguments.repeats})")
                print(f"  {'':24s} {'naive app':>12s} {'this app':>12s} {'naive / this':>14s}")
                for case in rows["naive app"]:
                    naive, ours = rows["naive app"][case], rows["this app"][case]
                    print(f"  {case:24s} {naive * 1000:>9.0f} ms {ours * 1000:>9.0f} ms {naive / ours:>13.1f}x")
                sys.stdout.flush()
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
