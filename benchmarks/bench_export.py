"""Seconds per figure: 20 figures through one kaleido session versus 20 plain ``fig.write_image`` calls.

    python -m benchmarks.bench_export

Both sides render the same 20 PNGs (the app's map, timeline and composite over a mix of views) in the
same run; plain ``write_image`` starts a browser per call, the session keeps one. A benchmark prints
figures; no test times anything.
"""

from __future__ import annotations

import tempfile
import time
import warnings
from pathlib import Path

import kaleido

from dashboard.export.paper import export_figure
from dashboard.export.render import ImageSession, use_local_topojson
from dashboard.export.spec import ExportSpec, prepare
from dashboard.model.loading import DEFAULT_DATA as BUNDLED
from dashboard.model.loading import load_events

STATES = ["", "cat=strike", "lanes=country", "from=2024-01-16&to=2024-01-29", "sel=saravan-killing-2024-01-27",
          "strip=casualties", "cat=diplomatic,meeting"]
COUNT = 20


def specs() -> list[ExportSpec]:
    whats = ("map", "timeline", "composite")
    return [ExportSpec(whats[i % 3], "png", 1280, 720, 1, STATES[i % len(STATES)]) for i in range(COUNT)]


def main() -> None:
    warnings.simplefilter("ignore")
    use_local_topojson()  # both sides: maps read the bundled topojson, never the network
    table = load_events(BUNDLED)
    jobs = [(spec, export_figure(table, prepare(table, spec))) for spec in specs()]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        kaleido.stop_sync_server(silence_warnings=True)
        started = time.perf_counter()
        for i, (spec, figure) in enumerate(jobs):
            figure.write_image(out / f"plain-{i}.png", width=spec.width, height=spec.height, scale=spec.scale)
        plain = time.perf_counter() - started

        started = time.perf_counter()
        with ImageSession() as session:
            for i, (spec, figure) in enumerate(jobs):
                (out / f"session-{i}.png").write_bytes(session.render(figure, spec))
        batched = time.perf_counter() - started
    print(f"{COUNT} figures (map, timeline, composite; 1280x720 PNG) from {BUNDLED.name}")
    print(f"  plain fig.write_image, a browser per call: {plain:7.2f} s  ({plain / COUNT:.2f} s/figure)")
    print(f"  one kaleido session for the batch:         {batched:7.2f} s  ({batched / COUNT:.2f} s/figure)")
    print(f"  ratio plain / session: {plain / batched:.1f}x")


if __name__ == "__main__":
    main()
