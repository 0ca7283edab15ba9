"""What an interaction costs on the server: time and response bytes of real Dash requests.

    python -m benchmarks.bench_interaction            # bundled data and a generated 10,000-event file
    python -m benchmarks.bench_interaction FILE...    # and these files (e.g. an ACLED export of 100,000 rows)

Each request goes through Flask and Dash exactly as the browser's would (``/_dash-update-component``),
built from the app's own callback map. Printed: median server time over repeats, and response bytes, for
a click -> highlight, a category filter and a time window (each: the figures' Patch and the table) and the first
full render, with the ratios of the
patches to the full render measured in the same run. A benchmark prints figures; tests never time things.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from dashboard.model.loading import DEFAULT_DATA as BUNDLED
from dashboard.model.table import EventTable
from dashboard.web.app import create_app
from dashboard.web.source import current_snapshot
from tests.synthetic import write

REPEATS = 15


def _callback_key(app, name: str) -> str:
    return next(key for key, spec in app.callback_map.items() if spec["callback"].__name__ == name)


def _payload(app, name: str, values: dict, changed: list[str]) -> dict:
    key = _callback_key(app, name)
    spec = app.callback_map[key]

    def entry(item):
        return {"id": str(item["id"]), "property": item["property"],
                "value": values.get(f"{item['id']}.{item['property']}")}

    outputs = [{"id": str(o.component_id), "property": o.component_property} for o in spec["output"]]
    return {"output": key, "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [entry(i) for i in spec["inputs"]], "state": [entry(s) for s in spec["state"]],
            "changedPropIds": changed}


def _post(client, payload: dict) -> tuple[float, int, dict]:
    start = time.perf_counter()
    response = client.post("/_dash-update-component", json=payload)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.data[:500]
    return elapsed, len(response.data), response.get_json()


CASES = ("click -> highlight", "category filter", "time window")


def opening_values(table: EventTable) -> dict:
    """The controls as a page opens on ``table`` (every category, default modes), as ``_payload`` takes them."""
    return {"filter-category.value": list(table.head.categories), "filter-search.value": "",
            "lanes.value": "category", "strip.value": "count", "basemap.value": "offline",
            "data-version.data": table.version, "url-synced.data": True, "map-box.data": []}


def measure(data_path: Path) -> dict:
    """{case: (median server seconds, response bytes)} for the first render and each of ``CASES``; a case's figures
    are the sums over every callback the interaction fires that does real work (the figures' and the table's).
    ``window``: the time window (the middle third of the events) its case sets."""
    app = create_app(data_path)
    client = app.server.test_client()
    client.get("/")  # loads the data
    with app.server.app_context():
        table = current_snapshot().table
    categories = list(table.head.categories)
    selected = table.frame["id"].iloc[len(table.frame) // 2]
    days = table.frame["date"].sort_values()
    window = {"filter-from.value": f"{days.iloc[len(days) // 3]:%Y-%m-%d}",
              "filter-to.value": f"{days.iloc[2 * len(days) // 3]:%Y-%m-%d}"}
    base = opening_values(table)
    full_time, full_bytes, full = _post(client, _payload(app, "render_views", base, ["data-version.data"]))
    base["base-key.data"] = full["response"]["base-key"]["data"]
    results = {"events": len(table.frame), "full render": (full_time, full_bytes),
               "window": (window["filter-from.value"], window["filter-to.value"])}
    narrowed = {**base, "filter-category.value": categories[:2]}
    cases = {
        "click -> highlight": [("highlight", {**base, "selected.data": selected}, ["selected.data"]),
                               ("render_table", {**base, "selected.data": selected}, ["selected.data"])],
        "category filter": [(name, narrowed, ["filter-category.value"]) for name in ("render_views", "render_table")],
        "time window": [(name, {**base, **window}, ["filter-from.value"]) for name in ("render_views", "render_table")],
    }
    for label in CASES:
        timings, size = [], 0
        for _ in range(REPEATS):
            table.kept.clear()  # the work of each request, not what a previous one left (dashboard/model/kept.py)
            posts = [_post(client, _payload(app, name, values, changed)) for name, values, changed in cases[label]]
            timings.append(sum(post[0] for post in posts))
            size = sum(post[1] for post in posts)
        results[label] = (statistics.median(timings), size)
    return results


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        generated = write(10_000, Path(tmp) / "events-10k.yaml")
        files = [("bundled", BUNDLED), ("generated 10k", generated)] + [(Path(p).name, Path(p)) for p in sys.argv[1:]]
        for label, path in files:
            results = measure(path)
            full_time, full_bytes = results["full render"]
            print(f"{label}: {results['events']} events")
            print(f"  {'full render (first load)':28s} {full_time * 1000:8.1f} ms  {full_bytes:>10,} bytes")
            for case in CASES:
                seconds, size = results[case]
                print(f"  {case:28s} {seconds * 1000:8.1f} ms  {size:>10,} bytes"
                      f"   ({size / full_bytes:.4f} of the full render's bytes, {seconds / full_time:.3f} of its time)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
