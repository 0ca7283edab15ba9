"""This app against the obvious Dash app (``benchmarks/naive_app.py``) on the same data, side by side in one run.

    python -m benchmarks.bench_scale            # the bundled crisis, 10,000 and 100,000 ACLED-shaped rows

For each size: start to the first page (in process, the data loaded; this app cold, then from its cache), the
first render of both figures, a category filter, a time window and a click -> highlight, as real Dash requests through Flask
(median server time of a few repeats, and response bytes), with this app's figures as ratios of the naive
app's. Generated files come from ``tests.synthetic``. A benchmark prints figures; no test times anything.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.bench_interaction import CASES, _payload, _post, measure
from benchmarks.naive_app import naive_app
from dashboard.model.loading import DEFAULT_DATA as BUNDLED
from dashboard.web.app import create_app
from tests.synthetic import write_acled

SIZES = (10_000, 100_000)


def started(make) -> tuple[float, object]:
    """Seconds from building the app to its first page served (which loads the data), and the app."""
    start = time.perf_counter()
    app = make()
    assert app.server.test_client().get("/").status_code == 200
    return time.perf_counter() - start, app


def naive_figures(path: Path, window: tuple[str, str]) -> dict:
    seconds, app = started(lambda: naive_app(path))
    client = app.server.test_client()
    frame_categories = app.layout.children[0].options
    repeats = 3

    def post(values: dict, changed: str) -> tuple[float, int]:
        runs = [_post(client, _payload(app, "figures", values, [changed])) for _ in range(repeats)]
        return statistics.median(run[0] for run in runs), runs[0][1]

    every = {"categories.value": frame_categories, "selected.data": None, "window.data": None}
    results = {"start": seconds, "full render": post(every, "categories.value")}
    results["category filter"] = post({**every, "categories.value": frame_categories[:2]}, "categories.value")
    results["click -> highlight"] = post({**every, "selected.data": "x"}, "selected.data")
    results["time window"] = post({**every, "window.data": list(window)}, "window.data")
    return results


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        files = [("bundled, 13", BUNDLED)] + [
            (f"ACLED-shaped, {size:,}", write_acled(size, Path(folder) / f"acled-{size}.csv")) for size in SIZES]
        for label, path in files:
            cold, _ = started(lambda p=path: create_app(p))  # resolves the file (and caches a large one)
            cached, _ = started(lambda p=path: create_app(p))
            ours = measure(path)
            naive = naive_figures(path, ours["window"])
            print(f"\n{label} events")
            print(f"  {'':24s} {'naive app':>22s} {'this app':>22s} {'this / naive':>18s}")
            print(f"  {'start -> first page':24s} {naive['start']:>20.2f} s {cold:>10.2f} s cold, {cached:.2f} s cached"
                  f"   {cached / naive['start']:>6.2f} (cached)")
            for case in ("full render", *CASES):
                (n_time, n_bytes), (o_time, o_bytes) = naive[case], ours[case]
                print(f"  {case:24s} {n_time * 1000:>9.0f} ms {n_bytes:>9,} B {o_time * 1000:>9.0f} ms {o_bytes:>9,} B"
                      f"   time {o_time / n_time:>5.2f}, bytes {o_bytes / n_bytes:>6.3f}")


if __name__ == "__main__":
    main()
