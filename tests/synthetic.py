"""A generated events file of any size, valid against the schema, for scale tests and benchmarks.

``python -m tests.synthetic 10000 /tmp/events-10k.yaml`` writes one (``--acled``: an ACLED-shaped CSV). Events sit at the bundled
places (with small random offsets as explicit coordinates), across the bundled categories.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import yaml

from tests.support import BUNDLED

POINTS = [  # (name, province, country, lat, lon)
    ("Saravan", "Sistan and Baluchestan", "IR", 27.3707, 62.3342),
    ("Rask", "Sistan and Baluchestan", "IR", 26.23682, 61.39901),
    ("Zahedan", "Sistan and Baluchestan", "IR", 29.4963, 60.8629),
    ("Iranshahr", "Sistan and Baluchestan", "IR", 27.20245, 60.68476),
    ("Panjgur", "Balochistan", "PK", 26.96446, 64.09028),
    ("Turbat", "Balochistan", "PK", 26.00228, 63.04399),
    ("Quetta", "Balochistan", "PK", 30.199, 67.00971),
]
ACTORS = ["Jaish ul-Adl", "Iranian police", "Pakistan", "Iran", "Border guards", "Unidentified gunmen"]


def generate(n: int, seed: int = 7) -> dict:
    bundled = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    categories = list(bundled["categories"])
    start = dt.date(2023, 6, 1)
    events = []
    for i in range(n):
        name, province, country, lat, lon = rng.choice(POINTS)
        day = start + dt.timedelta(days=rng.randrange(0, 240))
        month_only = rng.random() < 0.03
        precision = rng.choice(["exact", "near", "near", "province"])
        event = {
            "id": f"synthetic-{i:05d}",
            "title": f"Synthetic event {i} near {name}",
            "category": rng.choice(categories),
            "date": day.strftime("%Y-%m") if month_only else day.isoformat(),
            "place": {"name": name, "province": province, "country": country, "precision": precision,
                      "coordinates": {"lat": round(lat + rng.uniform(-0.08, 0.08), 4),
                                      "lon": round(lon + rng.uniform(-0.08, 0.08), 4), "source": "synthetic"}},
            "actors": rng.sample(ACTORS, k=rng.randint(1, 2)),
            "description": "Generated for scale tests.",
            "sources": [{"source": "synthetic", "quote": "generated"}],
        }
        if rng.random() < 0.5:
            event["killed"] = rng.randint(0, 12)
        if rng.random() < 0.02 and i > 0:
            event["responds_to"] = [f"synthetic-{rng.randrange(0, i):05d}"]
        if rng.random() < 0.02:
            event["origin"] = {"country": "PK" if country == "IR" else "IR"}
        events.append(event)
    return {
        "meta": {"title": f"Synthetic crisis, {n} events", "version": f"synthetic-{n}"},
        "sources": {"synthetic": {"title": "Generated", "kind": "outside"}},
        "categories": bundled["categories"],
        "phases": [{"id": "first", "label": "First half", "start": "2023-06-01", "end": "2023-09-30"},
                   {"id": "second", "label": "Second half", "start": "2023-10-01", "end": "2024-01-31"}],
        "events": events,
    }


def write(n: int, path: Path, seed: int = 7) -> Path:
    path.write_text(yaml.safe_dump(generate(n, seed), sort_keys=False, allow_unicode=True, width=200), encoding="utf-8")
    return path


def write_acled(n: int, path: Path, seed: int = 7) -> Path:
    """``n`` rows in ACLED's current export shape (``tests/fixtures/acled``' columns), at the same places, for
    loading at scale: ``python -m tests.synthetic 100000 /tmp/acled-100k.csv --acled``."""
    import csv

    from dashboard.model.acled import CURRENT_COLUMNS, EVENT_TYPES

    rng = random.Random(seed)
    iso = {"IR": ("364", "Iran", "Middle East"), "PK": ("586", "Pakistan", "Caspian")}
    kinds = list(EVENT_TYPES)
    start = dt.date(2023, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CURRENT_COLUMNS)
        for i in range(n):
            name, province, country, lat, lon = rng.choice(POINTS)
            number, country_name, region = iso[country]
            day = start + dt.timedelta(days=rng.randrange(0, 365))
            geo = rng.choice("1123")
            writer.writerow([
                f"{country}{i:07d}", day.isoformat(), day.year, rng.choice("1112" if i % 40 else "3"), "Political violence",
                rng.choice(kinds), "Armed clash", rng.choice(ACTORS), "", "1", rng.choice(ACTORS), "", "2", "12", "",
                number, region, country_name, province, "", "", name, f"{lat + rng.uniform(-0.3, 0.3):.4f}",
                f"{lon + rng.uniform(-0.3, 0.3):.4f}", geo, "Synthetic", "National",
                f"Synthetic event {i} near {name}.", rng.choice([0, 0, 0, 1, 2, 5]), "", "1704931200",
            ])
    return path


if __name__ == "__main__":
    writer = write_acled if "--acled" in sys.argv else write
    print(writer(int(sys.argv[1]), Path(sys.argv[2])))
