"""Where a place is: explicit coordinates > the country's outline > the places files (the curated override
layer, then the gazetteer) > the cache of online answers > online. ``resolve()`` is the one function that
answers it, for validation, the app and ``geocode``.

Online lookups (Nominatim through geopy, at most one request a second, with timeouts) happen only when
asked for (``python -m dashboard geocode --online``); their answers are written to the cache beside the
data so the app, which never geocodes over the network, finds them there. Offline answers are never
cached: they come from the places files as they are now, so an edited coordinate always shows.
"""

from __future__ import annotations

import difflib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from geopy.distance import geodesic
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.location import Location

from geo.borders import Geography
from geo.errors import GeoError
from geo.gazetteer import Gazetteer, coarser
from geo.names import normalise
from geo.world import Sea, World

USER_AGENT = "crisis-map-timeline/1.0 (offline-first analyst tool; geocode --online)"
ONLINE_TIMEOUT_S = 10
NOMINATIM_URL = "https://nominatim.openstreetmap.org"
CACHE_VERSION = 1


@dataclass(frozen=True)
class PlaceQuery:
    """A place as an event names it."""

    country: str | None
    precision: str
    name: str | None = None
    province: str | None = None
    coordinates: tuple[float, float, str] | None = None  # (lat, lon, source) given by the curator
    sea: str | None = None  # the marine area an event at sea lies in (off the named town, if any)

    @property
    def country_only(self) -> bool:
        """Known only to country level: placed inside the country's outline, nothing to look up."""
        return self.coordinates is None and self.precision == "country" and not self.province and not self.name

    @property
    def sea_only(self) -> bool:
        """Known only to its marine area: placed inside the area's outline, nothing to look up."""
        return self.coordinates is None and bool(self.sea) and not self.name

    @property
    def needs_lookup(self) -> bool:
        """Neither explicit coordinates nor country or sea level: the cache, places file or online must answer."""
        return self.coordinates is None and not self.country_only and not self.sea_only

    @property
    def by_province(self) -> bool:
        return self.precision in ("province", "country") or not self.name

    @property
    def province_name(self) -> str | None:
        """The province a province-level query asks for: its province, or else its name (a name that is both a
        town and a province follows the stated precision)."""
        return self.province or self.name

    @property
    def key(self) -> str:
        level, name = ("province", "") if self.by_province else ("place", self.name or "")
        province = self.province_name if self.by_province else self.province
        return "|".join((level, name, province or "", self.country))

    def describe(self) -> str:
        if self.sea_only:
            return self.sea or ""
        if self.by_province:
            return ", ".join(p for p in (self.province_name, self.country) if p)
        return ", ".join(p for p in (self.name, self.province, self.country) if p)


@dataclass(frozen=True)
class Resolved:
    lat: float
    lon: float
    precision: str
    provider: str  # explicit | geometry | gazetteer | nominatim, prefixed "cache:" when read from the cache
    source: str
    matched: str
    province: str | None = None  # the province the answer lies in, when the source says
    extent_km: float | None = None  # for a province: the radius its towns spread over; off a coast: the distance out
    sea: Sea | None = None  # the marine area an event at sea lies in


class UnknownPlace(GeoError, LookupError):
    """No source knows the place; ``suggestions`` are the nearest names known in its country."""

    def __init__(self, query: PlaceQuery, suggestions: list[str]):
        self.query = query
        self.suggestions = suggestions
        super().__init__(query.describe())


class OnlineUnavailable(GeoError, RuntimeError):
    """The online geocoder could not be reached or refused; offline results still stand."""


class GeocodeCache:
    """A small JSON file of online answers, keyed by ``PlaceQuery.key``, written atomically when it changed."""

    def __init__(self, path: Path):
        self.path = path
        self.changed = False
        self.entries: dict[str, dict] = {}
        if path.is_file():
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
                if document.get("version") == CACHE_VERSION:
                    self.entries = dict(document.get("places", {}))
            except (ValueError, AttributeError):
                self.entries = {}  # a damaged cache is only a cache: start again from the places file

    @classmethod
    def beside(cls, data_path: Path) -> GeocodeCache:
        return cls(data_path.with_name(data_path.stem + ".geocache.json"))

    def get(self, query: PlaceQuery) -> Resolved | None:
        entry = self.entries.get(query.key)
        if not entry:
            return None
        try:
            provider = entry["provider"].removeprefix("cache:")
            return Resolved(**{**entry, "provider": f"cache:{provider}"})
        except TypeError:
            return None

    def put(self, query: PlaceQuery, resolved: Resolved) -> None:
        self.entries[query.key] = asdict(resolved)
        self.changed = True

    def save(self) -> None:
        """Write the file, only if an answer was added (its content is part of the data's version)."""
        if not self.changed:
            return
        document = {"version": CACHE_VERSION, "places": dict(sorted(self.entries.items()))}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".geocache-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=1, ensure_ascii=False)
            handle.write("\n")
        os.replace(tmp, self.path)


def _structured(query: PlaceQuery) -> dict[str, str | None]:
    """The query as Nominatim's structured keys (the gazetteer takes the same)."""
    return {"state": query.province_name} if query.by_province else {"city": query.name, "state": query.province}


def from_gazetteer(query: PlaceQuery, gazetteer: Gazetteer) -> Resolved | None:
    structured = _structured(query)
    location = gazetteer.geocode(structured, country_codes=query.country,
                                 featuretype="state" if query.by_province else None)
    if location is None:
        return None
    raw = location.raw
    return Resolved(location.latitude, location.longitude, coarser(query.precision, raw["precision"]),
                    "gazetteer", raw["source"], raw.get("place") or location.address, raw.get("province"),
                    raw.get("radius_km"))


def online_geocoder(user_agent: str = USER_AGENT, min_delay_seconds: float = 1.0, url: str = NOMINATIM_URL,
                    ) -> Callable[..., Location | None]:
    """Nominatim at ``url`` (OpenStreetMap's, or a deployment's own) behind geopy's RateLimiter: at most one
    request per ``min_delay_seconds``."""
    parsed = urlsplit(url)
    nominatim = Nominatim(user_agent=user_agent, timeout=ONLINE_TIMEOUT_S, domain=parsed.netloc + parsed.path.rstrip("/"),
                          scheme=parsed.scheme or "https")
    # No retries: an unreachable service is reported at once, in one line, not after a logged traceback.
    return RateLimiter(nominatim.geocode, min_delay_seconds=min_delay_seconds, max_retries=0,
                       swallow_exceptions=False)


def from_online(query: PlaceQuery, geocode: Callable[..., Location | None], country_name: str | None) -> Resolved | None:
    structured = {k: v for k, v in _structured(query).items() if v}
    if country_name:
        structured["country"] = country_name
    try:
        location = geocode(structured, country_codes=query.country.lower(),
                           featuretype="state" if query.by_province else None)
    except GeopyError as exc:
        raise OnlineUnavailable(_root_cause(exc)) from exc
    if location is None:
        return None
    return Resolved(location.latitude, location.longitude, query.precision, "nominatim",
                    f"OpenStreetMap Nominatim: {location.address}", location.address)


def _root_cause(exc: BaseException) -> str:
    """The innermost reason of a failed request, short (a name that does not resolve, a refused connection)."""
    while (exc.__cause__ or exc.__context__) is not None:
        exc = exc.__cause__ or exc.__context__
    text = str(exc).split(": ", 1)[-1] if isinstance(exc, OSError) else str(exc)
    return f"{type(exc).__name__}: {text[:120]}"


def resolve(query: PlaceQuery, *, gazetteer: Gazetteer, geography: Geography, cache: GeocodeCache | None = None,
            online: Callable[..., Location | None] | None = None) -> Resolved:
    """The one place lookup: explicit coordinates > the country's outline (country level only) > the places
    files > the cache of online answers > online (only when ``online`` is given). Raises UnknownPlace with
    the nearest known names, or OnlineUnavailable when the online geocoder cannot be reached. At sea: the marine
    area's inner point when only the area is known, else the point of the area nearest the named town."""
    sea = marine_area(query, gazetteer.world.world) if query.sea else None
    if query.coordinates is not None:
        lat, lon, source = query.coordinates
        return Resolved(lat, lon, query.precision, "explicit", source, query.name or "", sea=sea)
    if sea is not None and query.sea_only:
        lon, lat = sea.label
        return Resolved(lat, lon, "sea", "geometry", "the point farthest inside the Natural Earth marine area",
                        sea.name, sea=sea)
    if query.country_only and geography.knows(query.country):
        lon, lat = geography.centroid(query.country)
        return Resolved(lat, lon, "country", "geometry", "a point inside the country's Natural Earth outline",
                        geography.names[query.country])
    resolved = from_gazetteer(query, gazetteer)
    if resolved is None and cache is not None:
        resolved = cache.get(query)
    if resolved is None and online is not None:
        resolved = from_online(query, online, geography.names.get(query.country))
    if resolved is None:
        lookup = query.province_name if query.by_province else query.name
        raise UnknownPlace(query, gazetteer.suggestions(lookup or "", query.country))
    return off_coast(resolved, sea, geography) if sea is not None else resolved


def marine_area(query: PlaceQuery, world: World) -> Sea:
    """The marine area a query names (in any language Natural Earth records); UnknownPlace with the nearest names."""
    found = world.seas(query.sea or "")
    if found:
        return found[0]
    names = world.sea_names()
    close = difflib.get_close_matches(normalise(query.sea or ""), list(names), n=8, cutoff=0.6)
    raise UnknownPlace(PlaceQuery(None, "sea", sea=query.sea), list(dict.fromkeys(names[key] for key in close))[:4])


def off_coast(town: Resolved, sea: Sea, geography: Geography) -> Resolved:
    """An event off a coastal town: at the point of the marine area nearest the town, at least 'near' it."""
    lon, lat = geography.offshore(sea.name, town.lon, town.lat)
    out_km = geodesic((town.lat, town.lon), (lat, lon)).km
    return replace(town, lat=lat, lon=lon, precision=coarser(town.precision, "near"),
                   source=f"{town.source}; off its coast, at the nearest point of the {sea.name} ({out_km:.0f} km out)",
                   matched=f"off {town.matched}", extent_km=out_km, sea=sea)
