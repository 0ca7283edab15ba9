"""An offline geocoder over the curated places file, with geopy's ``Geocoder`` contract.

``Gazetteer().geocode(query)`` answers like ``geopy.geocoders.Nominatim().geocode(query)``: a
``geopy.location.Location`` (or None), so the pipeline can ask either. Queries are a place name or a
structured dict with Nominatim's keys (``city``, ``state``, ``country``); ``featuretype="state"``
asks for a province. Names match through aliases and transliterations, ignoring case, diacritics
and punctuation. A place listed without a coordinate names a ``stand_in`` (a nearby town or its
province) whose point is returned with the coarser precision recorded in ``raw["precision"]``.
"""

from __future__ import annotations

import csv
import difflib
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from geopy.geocoders.base import Geocoder
from geopy.location import Location

DEFAULT_PLACES = Path(__file__).parent / "data" / "places.csv"
PROVINCE_KINDS = {"province"}
COLUMNS = ["name", "aliases", "kind", "province", "country", "lat", "lon", "stand_in", "source"]
PRECISIONS = ("exact", "near", "province", "country")  # finest to coarsest


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


class PlacesFileError(ValueError):
    """The places file itself is unusable; ``problems`` holds (line, field, message) triples."""

    def __init__(self, path: Path, problems: list[tuple[int | None, str, str]]):
        self.path = path
        self.problems = problems
        super().__init__("; ".join(f"{path}:{line}: {field}: {message}" for line, field, message in problems))


def normalise(name: str) -> str:
    """'Sarāvān' -> 'saravan', 'Koh-i-Sabz' -> 'koh i sabz': the key names are matched on."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(letters.casefold().split())


def coarser(a: str, b: str) -> str:
    return max(a, b, key=PRECISIONS.index)


def read_places(path: Path = DEFAULT_PLACES) -> list[Place]:
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
    if problems:
        raise PlacesFileError(path, problems)
    return places


class Gazetteer(Geocoder):
    """Geocoder over the curated places file: no network, the same ``geocode`` contract as Nominatim."""

    def __init__(self, places_path: Path = DEFAULT_PLACES, places: list[Place] | None = None):
        super().__init__()
        self.path = places_path
        self.inputs: tuple[Path, ...] = (places_path,)  # the files its answers come from
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
        candidates = [
            place for place in self._by_name.get(normalise(name), [])
            if place.is_province == want_province
            and (not codes or place.country in codes)
            and (not province or want_province or normalise(place.province) == normalise(province))
        ]
        locations = [self._location(place) for place in candidates]
        locations = [location for location in locations if location is not None]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

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
                   "precision": precision, "source": place.source, "line": place.line}
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
