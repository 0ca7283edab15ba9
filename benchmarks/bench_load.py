"""Loading large event sets: an ACLED export resolved cold, then read back from its Parquet cache, against a plain
``pandas.read_csv`` of the same file (what a naive app starts from), in one run.

    python -m benchmarks.bench_load            # 10,000 and 100,000 rows
    python -m benchmarks.bench_load --million  # and 1,000,000

Each load runs in a fresh process (peak RSS is the process's own); files come from ``tests.synthetic`` (ACLED's
current columns, seven places, a year). A benchmark prints figures; no test times anything.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.synthetic import write_acled

SIZES = (10_000, 100_000)

LOADERS = {
    "naive": "import pandas; frame = pandas.read_csv(PATH); rows = len(frame)",
    "resolved": "from dashboard.model.loading import check_events; table, problems = check_events(PATH); "
                "assert not problems; rows = len(table.frame)",
}


def measure(loader: str, path: Path) -> dict:
    """Wall time of the load alone, and the process's peak RSS, from a fresh interpreter."""
    code = (f"import json, resource, time; from pathlib import Path; PATH = Path({str(path)!r}); "
            f"start = time.perf_counter(); {LOADERS[loader]}; seconds = time.perf_counter() - start; "
            "print(json.dumps({'rows': rows, 'seconds': seconds, "
            "'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[1])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    sizes = (*SIZES, 1_000_000) if "--million" in sys.argv else SIZES
    print(f"{'rows':>10} | {'naive read_csv':>16} | {'resolved, cold':>16} | {'resolved, cached':>17} | "
          f"{'cached / cold':>13} | {'cached / naive':>14}")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = write_acled(size, Path(folder) / f"acled-{size}.csv")
            naive = measure("naive", path)
            cold = measure("resolved", path)
            cached = measure("resolved", path)
            assert naive["rows"] == cold["rows"] == cached["rows"] == size

            def cell(run: dict) -> str:
                return f"{run['seconds']:6.2f} s {run['rss_mb']:5.0f} MB"

            print(f"{size:>10,} | {cell(naive):>16} | {cell(cold):>16} | {cell(cached):>17} | "
                  f"{cached['seconds'] / cold['seconds']:>13.2f} | {cached['seconds'] / naive['seconds']:>14.2f}")
    print("seconds: the load alone (no interpreter start); MB: the process's peak RSS")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:.0f} s in all; peak RSS of this process "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
