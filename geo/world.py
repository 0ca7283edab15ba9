"""The world, offline: countries, land borders, provinces and towns from ``geo/data/world.sqlite``, the
provinces' outlines and other names from ``geo/data/provinces.sqlite``, and named marine areas from
``geo/data/seas.sqlite``.

Towns are keyed by their names in every script: the Latin-script keys in ``world.sqlite``, the others in
``geo/data/names.sqlite`` (``python -m tools.build_names``), asked together.

Built by ``python -m tools.build_world`` from Natural Earth and GeoNames and by ``python -m tools.build_provinces``
from Natural Earth's admin-1 layer and ``python -m tools.build_seas`` from its marine areas (see
``geo/data/PROVENANCE.md``).
Nothing is loaded up front: a country's outline, a border or a town is read (and decoded) when asked for,
so a file about two countries costs two outlines, whatever the size of the world.
"""

from __future__ import annotations

import difflib
import os
import sqlite3
import threading
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from geo.errors import WorldDataError
from geo.names import normalise, province_keys, script

WORLD_DATA_ENV = "CRISIS_WORLD_DATA"  # a folder holding the four databases, for a deployment keeping them elsewhere
DEFAULT_WORLD = Path(__file__).parent / "data" / "world.sqlite"
DEFAULT_PROVINCES = DEFAULT_WORLD.with_name("provinces.sqlite")  # outlines and other names of the provinces
DEFAULT_SEAS = DEFAULT_WORLD.with_name("seas.sqlite")  # named marine areas and their outlines
DEFAULT_NAMES = DEFAULT_WORLD.with_name("names.sqlite")  # the towns' names in other scripts than Latin
# Every key of every town: world.sqlite's Latin-script keys and names.sqlite's others (disjoint, both indexed by key).
TOWN_KEYS = "(select key, place, is_primary from main.place_names union all select key, place, is_primary from names.place_names)"
# Every key of every province: GeoNames' names (world.sqlite) and Natural Earth's, in every script (provinces.sqlite).
PROVINCE_KEYS = "(select key, country, code from province_names union all select key, country, code from aliases)"


@dataclass(frozen=True)
class Town:
    id: int
    name: str
    country: str
    province_code: str
    province: str | None
    lat: float
    lon: float
    population: int
    by_own_name: bool  # matched on its own name, not an alternate one

    def describe(self) -> str:
        where = f"{self.province}, " if self.province else ""
        return f"{self.name} ({where}{self.country}; population {self.population:,}; {self.lat:.4f}, {self.lon:.4f})"


@dataclass(frozen=True)
class Province:
    country: str
    code: str
    name: str
    lat: float
    lon: float
    radius_km: float  # 90 % of the province's towns lie within it of (lat, lon)
    towns: int

    @property
    def id(self) -> str:
        """GeoNames' admin-1 id, 'PK.02': the key of its outline."""
        return f"{self.country}.{self.code}"


@dataclass(frozen=True)
class Sea:
    """A named marine area (a sea, gulf, strait, bay…) of Natural Earth's 1:10m marine areas."""

    name: str
    kind: str  # Natural Earth's featurecla: sea, gulf, strait, bay, channel…
    bounds: tuple[float, float, float, float]
    area_km2: float
    label: tuple[float, float]  # (lon, lat): the point farthest inside it

    @property
    def id(self) -> str:
        """The key of its outline among the uncertainty areas an event may stand for ('sea:Red Sea')."""
        return f"{SEA_PREFIX}{self.name}"


SEA_PREFIX = "sea:"


@dataclass(frozen=True)
class CountryInfo:
    code: str
    name: str
    bounds: tuple[float, float, float, float]
    area_km2: float
    label: tuple[float, float]  # (lon, lat)


class World:
    """Read-only queries on the world database; safe to share between threads."""

    def __init__(self, path: Path = DEFAULT_WORLD, provinces: Path = DEFAULT_PROVINCES, seas: Path = DEFAULT_SEAS,
                 names: Path = DEFAULT_NAMES):
        self.path = Path(path)
        self.provinces_path = Path(provinces)
        self.seas_path = Path(seas)
        self.names_path = Path(names)
        self._local = threading.local()

    @property
    def _db(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            connection.execute("attach database ? as admin1", (f"{self.provinces_path.resolve().as_uri()}?mode=ro",))
            connection.execute("attach database ? as marine", (f"{self.seas_path.resolve().as_uri()}?mode=ro",))
            connection.execute("attach database ? as names", (f"{self.names_path.resolve().as_uri()}?mode=ro",))
            self._local.connection = connection
        return connection

    @cached_property
    def version(self) -> str:
        """The builds' ids: part of every events file's data version."""
        world, = self._db.execute("select value from main.meta where key = 'version'").fetchone()
        provinces, = self._db.execute("select value from admin1.meta where key = 'version'").fetchone()
        seas, = self._db.execute("select value from marine.meta where key = 'version'").fetchone()
        names, = self._db.execute("select value from names.meta where key = 'version'").fetchone()
        return f"{world}+{provinces}+{seas}+{names}"

    @cached_property
    def countries(self) -> dict[str, CountryInfo]:
        rows = self._db.execute("select code, name, minx, miny, maxx, maxy, area_km2, label_lon, label_lat from countries")
        return {code: CountryInfo(code, name, (x0, y0, x1, y1), area, (lx, ly))
                for code, name, x0, y0, x1, y1, area, lx, ly in rows}

    def outline(self, code: str) -> BaseGeometry:
        return _outline(self.path, code)

    def countries_within(self, bounds: tuple[float, float, float, float]) -> list[str]:
        """Codes of the countries whose bounding box meets ``bounds`` (west, south, east, north)."""
        west, south, east, north = bounds
        return [c.code for c in self.countries.values()
                if c.bounds[0] <= east and c.bounds[2] >= west and c.bounds[1] <= north and c.bounds[3] >= south]

    def border(self, a: str, b: str) -> BaseGeometry | None:
        """The land border of two countries, or None when they do not touch."""
        row = self._db.execute("select line from borders where a = ? and b = ?", tuple(sorted((a, b)))).fetchone()
        return shapely.from_wkb(zlib.decompress(row[0])) if row else None

    def neighbours(self, code: str) -> list[str]:
        rows = self._db.execute("select a, b from borders where a = ? or b = ?", (code, code))
        return sorted(b if a == code else a for a, b in rows)

    def towns(self, name: str, country: str) -> list[Town]:
        """Every town of ``country`` known by ``name`` (own or alternate name, in any script), most populous first."""
        rows = self._db.execute(
            f"select p.id, p.name, p.country, p.province, p.lat, p.lon, p.population, n.is_primary "
            f"from {TOWN_KEYS} n join places p on p.id = n.place where n.key = ? and p.country = ? "
            f"order by p.population desc", (normalise(name), country))
        provinces = self._province_names(country)
        return [Town(i, n, c, code, provinces.get(code), lat, lon, pop, bool(primary))
                for i, n, c, code, lat, lon, pop, primary in rows]

    def largest_town(self, country: str) -> Town:
        town_id, name, code, lat, lon, population = self._db.execute(
            "select id, name, province, lat, lon, population from places where country = ? "
            "order by population desc limit 1", (country,)).fetchone()
        return Town(town_id, name, country, code, self._province_names(country).get(code), lat, lon, population, True)

    def near(self, name: str, country: str, limit: int = 5) -> list[Town]:
        """Towns of ``country`` whose names in the script of ``name`` come closest to it (for proposals), best match
        first."""
        keys, _ = self.names_like(country, name)
        wanted = normalise(name)
        scored: dict[int, tuple[float, Town]] = {}
        for key in difflib.get_close_matches(wanted, list(keys), n=limit * 2, cutoff=0.7):
            score = difflib.SequenceMatcher(None, wanted, key).ratio()
            for town in self.towns(key, country):
                if town.id not in scored or scored[town.id][0] < score:
                    scored[town.id] = (score, town)
        ranked = sorted(scored.values(), key=lambda pair: (-pair[0], -pair[1].population))
        return [town for _, town in ranked[:limit]]

    def provinces(self, name: str, country: str) -> list[Province]:
        """The provinces of ``country`` called ``name`` (with or without 'Province', 'Region'…), by GeoNames' name
        or any Natural Earth records (alternate names, ISO 3166-2 code such as 'PK-BA')."""
        keys = sorted(province_keys(name))
        marks = ",".join("?" * len(keys))
        rows = self._db.execute(
            f"select distinct p.country, p.code, p.name, p.lat, p.lon, p.radius_km, p.towns from {PROVINCE_KEYS} n "
            f"join provinces p on p.country = n.country and p.code = n.code where n.key in ({marks}) and n.country = ?",
            (*keys, country))
        return [Province(*row) for row in rows]

    def province_outline(self, province_id: str) -> BaseGeometry | None:
        """The outline of a province by its id ('PK.02'), or None where the source has none."""
        return _province_outline(self.provinces_path, province_id)

    def province(self, country: str, code: str) -> Province | None:
        row = self._db.execute("select country, code, name, lat, lon, radius_km, towns from provinces "
                               "where country = ? and code = ?", (country, code)).fetchone()
        return Province(*row) if row else None

    def seas(self, name: str) -> list[Sea]:
        """The marine areas called ``name`` in any language Natural Earth records ('Bab-el-Mandeb', 'Rotes Meer',
        'البحر الأحمر'), those whose own name it is first."""
        rows = self._db.execute(
            "select s.name, s.kind, s.minx, s.miny, s.maxx, s.maxy, s.area_km2, s.label_lon, s.label_lat "
            "from sea_names n join seas s on s.name = n.sea where n.key = ? order by n.is_primary desc, s.name",
            (normalise(name),))
        return [Sea(n, kind, (x0, y0, x1, y1), area, (lx, ly)) for n, kind, x0, y0, x1, y1, area, lx, ly in rows]

    def seas_within(self, bounds: tuple[float, float, float, float]) -> list[str]:
        """Names of the marine areas whose bounding box meets ``bounds`` (west, south, east, north)."""
        west, south, east, north = bounds
        return [name for name, in self._db.execute(
            "select name from seas where minx <= ? and maxx >= ? and miny <= ? and maxy >= ? order by name",
            (east, west, north, south))]

    def sea_names(self) -> dict[str, str]:
        """Every sea key -> the area's own name, for 'did you mean' hints."""
        return dict(self._db.execute("select key, sea from sea_names"))

    def sea_outline(self, name: str) -> BaseGeometry | None:
        return _sea_outline(self.seas_path, name)

    def names_like(self, country: str | None, name: str = "") -> tuple[dict[str, str], dict[str, str]]:
        """(town key -> what to call it, province key -> what to call it) of a country, for 'did you mean' hints: the
        keys in the script of ``name`` (every script when none is given). A Latin-script key is called by its town's
        or province's own name ('Saravan'); a key in another script by itself ('کراچی'), the own names being Latin."""
        towns_sql = f"select n.key, p.name from {TOWN_KEYS} n join places p on p.id = n.place"
        provinces_sql = (f"select n.key, p.name from {PROVINCE_KEYS} n "
                         f"join provinces p on p.country = n.country and p.code = n.code")
        if country:  # the country's town ids first: scanning the keys against that set is 3 times faster than a join
            towns_sql += " where n.place in (select id from places where country = ?)"
            provinces_sql += " where n.country = ?"
        args = (country,) if country else ()
        towns, provinces = self._db.execute(towns_sql, args), self._db.execute(provinces_sql, args)
        wanted = script(normalise(name)) if name else None
        return _called(towns, wanted), _called(provinces, wanted)

    def same_province(self, a: str, b: str, country: str | None) -> bool:
        """Whether two names are one province of ``country``: their keys meet ('Fars Province', 'Fars'), or both name
        the same world province (its GeoNames name, another name of Natural Earth's, in any script: 'سندھ', 'Sindh')."""
        if province_keys(a) & province_keys(b):
            return True
        return country is not None and bool({p.id for p in self.provinces(a, country)}
                                             & {p.id for p in self.provinces(b, country)})

    def _province_names(self, country: str) -> dict[str, str]:
        return dict(self._db.execute("select code, name from provinces where country = ?", (country,)))


def _called(rows: Iterable[tuple[str, str]], wanted: str | None) -> dict[str, str]:
    """key -> what a hint calls it, for the (key, own name) rows whose key is in script ``wanted`` (None: every one)."""
    return {key: own if key_script == "LATIN" else key for key, own in rows
            if (key_script := script(key)) == wanted or wanted is None}


@cache
def _outline(path: Path, code: str) -> BaseGeometry:
    """Decoded once per process: outlines never change while a database file is in use."""
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as db:
        row = db.execute("select outline from countries where code = ?", (code,)).fetchone()
    if row is None:
        raise KeyError(code)
    return shapely.from_wkb(zlib.decompress(row[0]))


@cache
def _province_outline(path: Path, province_id: str) -> BaseGeometry | None:
    country, _, code = province_id.partition(".")
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as db:
        row = db.execute("select outline from outlines where country = ? and code = ?", (country, code)).fetchone()
    return shapely.from_geojson(zlib.decompress(row[0]).decode()) if row else None


@cache
def _sea_outline(path: Path, name: str) -> BaseGeometry | None:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as db:
        row = db.execute("select outline from seas where name = ?", (name,)).fetchone()
    return shapely.from_wkb(zlib.decompress(row[0])) if row else None


# Each database, the table every query needs, and the command that rebuilds it.
DATABASES = (("world.sqlite", "countries", "tools.build_world"), ("provinces.sqlite", "outlines", "tools.build_provinces"),
             ("seas.sqlite", "seas", "tools.build_seas"), ("names.sqlite", "place_names", "tools.build_names"))


def check_world(folder: Path) -> None:
    """WorldDataError, naming the file and how to restore it, when a database of ``folder`` is missing or damaged
    (a git checkout interrupted, a disk error): one clear message instead of a query failing deep in a load."""
    for name, table, tool in DATABASES:
        path = folder / name
        if not path.is_file():
            reason = "missing"
        else:
            try:
                with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as db:
                    db.execute(f"select 1 from {table} limit 1").fetchall()  # table: one of DATABASES
                continue
            except sqlite3.Error as exc:
                reason = f"damaged ({exc})"
        raise WorldDataError(f"{path}: the world's data is {reason}; restore it with `git checkout geo/data` in the "
                             f"project, or rebuild it with `python -m {tool}` (see README, Geometry and places)")


@cache
def default_world() -> World:
    """The world of ``geo/data`` (or of the folder ``$CRISIS_WORLD_DATA`` names), checked once per process."""
    folder = Path(os.environ.get(WORLD_DATA_ENV) or DEFAULT_WORLD.parent)
    check_world(folder)
    return World(folder / "world.sqlite", folder / "provinces.sqlite", folder / "seas.sqlite", folder / "names.sqlite")
