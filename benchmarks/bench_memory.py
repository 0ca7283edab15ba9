"""What one server process holds in memory as analysts look at many different views of a large file.

    python -m benchmarks.bench_memory                      # 100,000 ACLED-shaped rows, 80 views
    python -m benchmarks.bench_memory --size 10000 --views 40

The app runs in a fresh interpreter (its RSS is its own) over a generated ACLED-shaped file. Each view is what a
browser asks for when an analyst changes something: the figures (``render_views``), the table and, for every other
view, a selection (``highlight``). Views differ by the categories ticked and the time window, so none is answered
from what an earlier one kept. Printed: the resident set after the page is served, after the first render and
after every 20 views, and the peak. A benchmark prints figures; tests never time or weigh things.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.synthetic import write_acled

CHILD = """
import itertools, json, sys
from benchmarks.bench_interaction import _payload, _post, opening_values
from dashboard.web.app import create_app
from dashboard.web.source import current_snapshot

def rss_mb(field="VmRSS"):
    line = next(l for l in open("/proc/self/status") if l.startswith(field + ":"))
    return int(line.split()[1]) / 1024

path, views = sys.argv[1], int(sys.argv[2])
app = create_app(path)
client = app.server.test_client()
client.get("/")
report = {"page served": rss_mb()}
with app.server.app_context():
    table = current_snapshot().table
base = opening_values(table)
full = _post(client, _payload(app, "render_views", base, ["data-version.data"]))[2]
base["base-key.data"] = full["response"]["base-key"]["data"]
report["first render"] = rss_mb()
categories = list(table.head.categories)
subsets = [list(c) for size in range(len(categories) - 1, 0, -1) for c in itertools.combinations(categories, size)]
days = table.frame["date"].sort_values().reset_index(drop=True)
ids = table.frame["id"].tolist()
for view in range(views):
    start = days.iloc[(view * 97) % (len(days) // 2)]
    end = days.iloc[min(len(days) - 1, (view * 97) % (len(days) // 2) + len(days) // 3)]
    values = {**base, "filter-category.value": subsets[view % len(subsets)],
              "filter-from.value": f"{start:%Y-%m-%d}", "filter-to.value": f"{end:%Y-%m-%d}"}
    for name in ("render_views", "render_table"):
        _post(client, _payload(app, name, values, ["filter-from.value"]))
    if view % 2:
        chosen = {**values, "selected.data": ids[(view * 7919) % len(ids)]}
        _post(client, _payload(app, "highlight", chosen, ["selected.data"]))
    if (view + 1) % 20 == 0:
        report[f"after {view + 1} views"] = rss_mb()
report["peak"] = rss_mb("VmHWM")
print(json.dumps(report))
"""


def measure(path: Path, views: int) -> dict[str, float]:
    """MB resident at each stage, from a fresh interpreter serving ``path`` through ``views`` different views."""
    output = subprocess.run([sys.executable, "-c", CHILD, str(path), str(views)], check=True, capture_output=True,
                            text=True, cwd=Path(__file__).resolve().parents[1]).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--views", type=int, default=80)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = write_acled(arguments.size, Path(folder) / f"acled-{arguments.size}.csv")
        report = measure(path, arguments.views)
    print(f"{arguments.size:,} ACLED-shaped events, one server process, {arguments.views} different views")
    for stage, megabytes in report.items():
        print(f"  {stage:24s} {megabytes:>7.0f} MB")


if __name__ == "__main__":
    main()
