"""Build geo/data/seas.sqlite: named marine areas (seas, gulfs, straits, bays…) with outlines, offline.

    python -m tools.build_seas --packages DIR   # DIR holds ne_10m_geography_marine_polys.{shp,shx,dbf}

Run by a maintainer, never at run time. The source is Natural Earth's 1:10m "Marine Areas" layer
(``ne_10m_geography_marine_polys``, public domain). No package registry ships it, so the three shapefile parts
are given in a folder and checked against the pinned sha256 of the copy this database was built from (where that
copy came from: ``geo/data/PROVENANCE.md``). A separate file keeps ``world.sqlite`` unchanged in the repository's
history.

The database holds:
- ``seas``: one row per distinct name (Natural Earth splits some areas into several polygons: they are merged), the
  land of ``world.sqlite``'s countries cut away (the two layers overlap along coasts),
  with its kind (``featurecla``: sea, gulf, strait…), Wikidata id, bounding box, area, a label point (the pole of
  inaccessibility: the point farthest inside, where a label or an event known only to the sea area goes) and the
  outline simplified to ``SIMPLIFY_DEG`` (about 1 km), stored as zlib-compressed WKB;
- ``sea_names``: every name Natural Earth records for it, in every script it gives (English, French, Arabic,
  Russian, Chinese, Hindi…), as lookup keys (``geo.names.normalise``: the rules of every script).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import zlib
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.ops import polylabel

from geo.borders import area_km2
from geo.names import normalise
from geo.world import DEFAULT_SEAS, DEFAULT_WORLD
from tools.build_world import blob, finish_database, new_database, run_build, version_of

STEM = "ne_10m_geography_marine_polys"
SHA256 = {  # of the files this database was built from (see PROVENANCE.md)
    ".shp": "e445ad0261274aaf46430a510bb5033ec0f917402c16bc9f5310f1d8659e68bb",
    ".shx": "fc45a149881ad507a3e3b6840663f073f8b3c806530fc98bf1de3ee115cfd896",
    ".dbf": "737d5aed6d38b82901ee0529a2476c8a407829de0d3ff71c7b3b6fa4928915b6",
}
SIMPLIFY_DEG = 0.01  # about 1 km: the detail of a 1:10m source, and of an event known only to a sea area
GRID_DEG = 1e-3
LABEL_TOLERANCE_DEG = 0.01
MIN_WATER_SHARE = 0.1  # an area with less water than this once the land is cut away keeps Natural Earth's outline
SCHEMA = """
create table meta(key text primary key, value text);
create table seas(name text primary key, kind text, wikidata text, minx real, miny real, maxx real, maxy real,
                  area_km2 real, label_lon real, label_lat real, outline blob);
create table sea_names(key text, sea text, is_primary integer, primary key(key, sea)) without rowid;
"""


def checked(folder: Path) -> Path:
    """The shapefile in ``folder``, every part's sha256 checked against the pinned one."""
    for suffix, pinned in SHA256.items():
        path = folder / f"{STEM}{suffix}"
        if not path.is_file():
            raise SystemExit(f"{path}: not found (download Natural Earth's 1:10m physical 'Marine Areas' layer, "
                             "see geo/data/PROVENANCE.md)")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != pinned:
            raise SystemExit(f"{path}: sha256 {digest} is not the pinned {pinned}")
    return folder / f"{STEM}.shp"


def no_download(folder: Path) -> None:
    raise SystemExit("no package registry ships Natural Earth's marine areas: give the folder holding "
                     f"{STEM}.shp, .shx and .dbf with --packages DIR (see geo/data/PROVENANCE.md)")


def names_of(record: dict) -> set[str]:
    """Every name a record gives: its name, alternate names and label, and its name in each language."""
    fields = [value for key, value in record.items() if key in ("name", "label") or key.startswith("name_")]
    fields += (record.get("namealt") or "").split("|")
    return {str(value).strip() for value in fields if value and str(value).strip()}


def land_of(world: Path) -> shapely.STRtree:
    """The world database's country outlines, to cut from the marine areas: Natural Earth's marine and admin-0
    layers are drawn separately and overlap along coasts and islands (the Bab el Mandeb's own polygons lie mostly
    on Yemen's outline)."""
    with sqlite3.connect(f"{world.resolve().as_uri()}?mode=ro", uri=True) as db:
        outlines = [shapely.from_wkb(zlib.decompress(row[0])) for row in db.execute("select outline from countries")]
    return shapely.STRtree(outlines)


def water(area, land: shapely.STRtree):
    """A marine area without the land on it; the area as drawn if nothing would be left."""
    cut = area.difference(shapely.union_all(land.geometries.take(land.query(area))))
    return cut if cut.area > MIN_WATER_SHARE * area.area else area


def build(folder: Path, out: Path, world: Path = DEFAULT_WORLD) -> None:
    import shapefile  # pyshp: pure Python, needed by the build scripts only (requirements-dev.txt)

    reader = shapefile.Reader(str(checked(folder)), encoding="utf-8")
    parts: dict[str, list] = defaultdict(list)
    info: dict[str, tuple[str, str]] = {}
    names: dict[str, set[str]] = defaultdict(set)
    for item in reader.iterShapeRecords():
        record = item.record.as_dict()
        name = " ".join((record["name"] or "").split())  # 'Gulf of  Suez' is written with two spaces
        if not name:
            continue
        parts[name].append(shapely.make_valid(shape(item.shape.__geo_interface__)))
        info.setdefault(name, (record["featurecla"], record["wikidataid"] or ""))
        names[name] |= names_of(record) | {name}
    print(f"{sum(map(len, parts.values()))} polygons, {len(parts)} named marine areas", file=sys.stderr)

    sea_names = [(key, name, key == normalise(name)) for name in sorted(names)
                 for key in sorted({normalise(alias) for alias in names[name]} - {""})]

    land = land_of(world)
    digests = " ".join(SHA256[suffix] for suffix in sorted(SHA256))
    db = new_database(out, SCHEMA, {
        "source": f"Natural Earth {STEM} sha256 {json.dumps(SHA256)}",
        "version": version_of(digests, SIMPLIFY_DEG, GRID_DEG, sea_names),  # the keys too: normalise's rules may change
    })
    for name, polygons in sorted(parts.items()):
        merged = water(shapely.union_all([p for polygon in polygons for p in shapely.get_parts(polygon) if p.area > 0]),
                       land)
        outline = shapely.set_precision(merged.simplify(SIMPLIFY_DEG), GRID_DEG)
        if outline.area == 0:  # a strait narrower than the grid: kept as Natural Earth draws it
            outline = merged
        largest = max((p for p in shapely.get_parts(outline) if p.area > 0), key=lambda p: p.area)
        label = polylabel(largest, tolerance=LABEL_TOLERANCE_DEG)
        kind, wikidata = info[name]
        db.execute("insert into seas values (?,?,?,?,?,?,?,?,?,?,?)",
                   (name, kind, wikidata, *outline.bounds, round(area_km2(outline)), round(label.x, 4),
                    round(label.y, 4), blob(outline)))
    db.executemany("insert into sea_names values (?,?,?)", sea_names)
    finish_database(db, out)


def main(argv: list[str] | None = None) -> None:
    run_build(argv, __doc__.splitlines()[0], build, DEFAULT_SEAS, no_download)


if __name__ == "__main__":
    main()
