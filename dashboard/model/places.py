"""Each event's place on the map: the one ``geo.geocoding.resolve`` lookup, checks against the geometry,
and the start of a strike's arrow. Problems come back located to the event's line and field."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from shapely.geometry import Point

from dashboard.model.named_files import named_file
from dashboard.model.problems import Problem, Severity, display_path
from dashboard.model.schema import Event, FileHead, Origin
from dashboard.model.schema import Place as EventPlace
from dashboard.model.yaml_source import YamlDocument, dotted
from geo.borders import COUNTRY_TOLERANCE_DEG, Geography, NotNeighbours, radius_of_area
from geo.gazetteer import COLUMNS as PLACES_COLUMNS
from geo.gazetteer import AmbiguousPlace, Gazetteer, PlacesFileError
from geo.geocoding import GeocodeCache, PlaceQuery, Resolved, UnknownPlace, marine_area, resolve
from geo.world import Province, default_world

ORIGIN_INSET_SHARE = 0.05  # an arrow with no named origin starts this share of the launching country's size inside it
NEAR_KM = 25.0  # "near" a place (ACLED geo precision 2): the radius of its uncertainty halo


@dataclass
class PlacedEvent:
    """An event with its resolved point, the country that point lies in and where its arrow starts."""

    index: int
    event: Event
    resolved: Resolved
    line: int | None
    point_country: str | None = None
    origin: tuple[float, float] | None = None  # (lat, lon)
    radius_km: float = 0.0  # how far from the point the event may lie, from its precision and the unit's size
    area_id: str | None = None  # the world province ('PK.02') or marine area ('sea:Red Sea') an uncertain event
    # stands for: its outline is drawn as where the event may lie


def query_for(place: EventPlace) -> PlaceQuery:
    coordinates = (place.coordinates.lat, place.coordinates.lon, place.coordinates.source) if place.coordinates else None
    return PlaceQuery(place.country, place.precision, place.name, place.province, coordinates, place.sea)


def origin_query(origin: Origin) -> PlaceQuery:
    """Where a strike's named origin is, as a lookup of the town in the launching country."""
    return PlaceQuery(origin.country, "exact", origin.place)


def query_field(query: PlaceQuery) -> str:
    """The event field a lookup of ``query`` is about (for locating its messages)."""
    if query.sea_only:
        return "sea"
    return "province" if query.by_province else "name"


def unknown_place_problem(doc: YamlDocument, location: tuple, exc: UnknownPlace, gazetteer: Gazetteer,
                          online_tried: bool = False) -> Problem:
    nearest = f"nearest known: {', '.join(exc.suggestions)}; " if exc.suggestions else ""
    if exc.query.sea_only:
        return Problem(doc.name, doc.line_of(location), dotted(location),
                       f"unknown sea area {exc.query.sea!r} in Natural Earth's marine areas ({nearest}write the sea, "
                       "gulf, strait or bay by its name in any language Natural Earth gives, or give place.coordinates)")
    online = "" if online_tried else ", or try geocode --online"
    where = (f"the places file {display_path(gazetteer.path)} or the world gazetteer" if gazetteer.files
             else "the world gazetteer (GeoNames towns of 1,000+ people and provinces)")
    add = "add it to the places file" if gazetteer.files else "add a places file (meta.places_csv)"
    return Problem(doc.name, doc.line_of(location), dotted(location),
                   f"unknown place {exc.query.describe()!r} in {where} "
                   f"({nearest}{add} with a sourced coordinate, give place.coordinates{online}; "
                   "python -m dashboard places proposes rows)")


def ambiguous_place_problem(doc: YamlDocument, location: tuple, exc: AmbiguousPlace) -> Problem:
    shown = "; ".join(town.describe() for town in exc.candidates[:6])
    more = f"; and {len(exc.candidates) - 6} more" if len(exc.candidates) > 6 else ""
    return Problem(doc.name, doc.line_of(location), dotted(location),
                   f"{exc.name!r} is {len(exc.candidates)} places in {exc.country}: {shown}{more} "
                   "(add place.province to say which, or give place.coordinates)")


def places_file_problems(exc: PlacesFileError) -> list[Problem]:
    return [Problem(display_path(exc.path), line, field_name, message) for line, field_name, message in exc.problems]


def gazetteer_for(doc: YamlDocument, head: FileHead, *, missing_ok: bool = False) -> Gazetteer:
    """The file's own places (``meta.places_csv``), over the world gazetteer. A places file that is not there is
    a PlacesFileError located at ``meta.places_csv`` (or, with ``missing_ok``, left out)."""
    if not head.meta.places_csv:
        return Gazetteer([], default_world())
    named = named_file(doc, ("meta", "places_csv"), head.meta.places_csv)
    if named.problem is not None and not (named.missing and missing_ok):
        message = named.problem.message
        if named.missing:
            message = message.removesuffix(")") + (f", create it with the header line {','.join(PLACES_COLUMNS)}, or "
                                                   "let `python -m dashboard places --write` make it)")
        raise PlacesFileError(doc.path, [(named.problem.line, named.problem.field, message)])
    return Gazetteer([named.path] if named.path is not None else [], default_world())


def named_countries(events: list[tuple[int, Event]]) -> list[str]:
    """Every country the events name, as a place's or an origin's, in order of first mention."""
    named = [event.place.country for _, event in events] + [event.origin.country for _, event in events if event.origin]
    return [code for code in dict.fromkeys(named) if code]


def belligerents(events: list[tuple[int, Event]]) -> list[str]:
    """The countries a crisis is between, from its events: both sides of every strike (its origin's country and the
    country it hit), and the fewest countries that together hold more than half of the events (ties kept). A country
    that only hosted a meeting or issued a statement is not one of them; its events are drawn all the same. Events at
    sea that name no country count for none."""
    pairs = [code for _, event in events if event.origin for code in (event.origin.country, event.place.country) if code]
    counts = Counter(event.place.country for _, event in events if event.place.country)
    holding, covered = [], 0
    for code, count in counts.most_common():
        if covered * 2 > counts.total() and count < counts[holding[-1]]:
            break
        holding.append(code)
        covered += count
    return list(dict.fromkeys([*pairs, *holding]))


def geography_for(doc: YamlDocument, head: FileHead, events: list[tuple[int, Event]],
                  problems: list[Problem]) -> Geography | None:
    """The file's own geometry files, or the world's outlines of the crisis's belligerents (``meta.focus``
    overrides) with every land border between them (``meta.borders`` overrides). None, with located problems,
    when a named country or border does not exist."""
    meta = head.meta
    if meta.countries_geojson or meta.border_geojson:
        given = {key: named_file(doc, ("meta", key), name) for key, name in
                 (("countries_geojson", meta.countries_geojson), ("border_geojson", meta.border_geojson)) if name}
        refused = [named.problem for named in given.values() if named.problem is not None]
        if refused:
            problems += refused
            return None
        paths = {key: named.path for key, named in given.items()}
        return Geography.from_files(paths.get("countries_geojson") or doc.path.parent,
                                    paths.get("border_geojson") or doc.path.parent)
    world = default_world()
    focus = list(meta.focus) if meta.focus else belligerents(events)
    unknown = [code for code in dict.fromkeys([*focus, *named_countries(events)]) if code not in world.countries]
    for code in unknown:
        location = _first_mention(doc, events, code) if code not in (meta.focus or []) else ("meta", "focus")
        problems.append(Problem(doc.name, doc.line_of(location), dotted(location),
                                f"{code} is not a country in the world geometry (Natural Earth 1:10m; write an ISO "
                                "3166-1 alpha-2 code of a country or territory, e.g. FR)"))
    if unknown:
        return None
    try:
        return Geography.for_countries(world, focus, [tuple(pair) for pair in meta.borders] if meta.borders else None)
    except NotNeighbours as exc:
        problems.append(Problem(doc.name, doc.line_of(("meta", "borders")), "meta.borders",
                                f"{exc} (list pairs of neighbouring countries, or leave borders out to draw every "
                                "land border between the focus countries)"))
        return None


def _first_mention(doc: YamlDocument, events: list[tuple[int, Event]], code: str) -> tuple:
    for index, event in events:
        if event.place.country == code:
            return ("events", index, "place", "country")
        if event.origin is not None and event.origin.country == code:
            return ("events", index, "origin", "country")
    return ("meta",)


def place_events(doc: YamlDocument, events: list[tuple[int, Event]], geography: Geography, gazetteer: Gazetteer,
                 cache: GeocodeCache | None, problems: list[Problem]) -> list[PlacedEvent]:
    """Every event that could be placed; one located problem for each that could not, or lies elsewhere."""
    placed = []
    for index, event in events:
        query = query_for(event.place)
        here = ("events", index, "place", query_field(query))
        try:
            resolved = resolve(query, gazetteer=gazetteer, geography=geography, cache=cache)
        except UnknownPlace as exc:
            problems.append(unknown_place_problem(doc, here, exc, gazetteer))
            continue
        except AmbiguousPlace as exc:
            problems.append(ambiguous_place_problem(doc, here, exc))
            continue
        if query.province and resolved.province and not gazetteer.world.world.same_province(
                query.province, resolved.province, event.place.country):
            location = ("events", index, "place", "province")
            problems.append(Problem(doc.name, doc.line_of(location), dotted(location),
                                    f"{resolved.matched} lies in {resolved.province}, not in {query.province!r} as "
                                    "written (check the province, or the place)", Severity.WARNING))
        item = PlacedEvent(index, event, resolved, doc.line_of(("events", index)))
        province = _province(resolved, event.place.country, gazetteer)
        item.area_id = province.id if province else resolved.sea.id if resolved.precision == "sea" else None
        item.radius_km = _radius_km(resolved, event.place.country, geography, province)
        placed.append(item)

    point_countries = _point_countries(placed, geography)
    for item, point_country in zip(placed, point_countries, strict=False):
        item.point_country = point_country
        event, resolved = item.event, item.resolved
        here = ("events", item.index, "place")
        if resolved.sea is not None:
            if point_country is not None:
                problems.append(Problem(doc.name, doc.line_of((*here, "sea")), dotted((*here, "sea")),
                                        f"point ({resolved.lat:.4f}, {resolved.lon:.4f}) lies in {point_country} "
                                        f"({geography.names.get(point_country, '?')}), not at sea in the "
                                        f"{resolved.sea.name} as written (check the coordinates or the sea area)",
                                        Severity.WARNING))
        elif point_country != event.place.country:
            lies = f"lies in {point_country} ({geography.names.get(point_country, '?')})" if point_country \
                else "lies outside every country of the geometry"
            # With the world's outlines a point outside every country is at sea; own geometry files that miss
            # an event do not cover the crisis.
            uncovered = point_country is None and geography.world is None
            fix = ("extend meta.countries_geojson to cover it, or leave it out to use the world geometry" if uncovered
                   else "check the place, its coordinates or the country")
            problems.append(Problem(doc.name, doc.line_of((*here, "country")), dotted((*here, "country")),
                                    f"point ({resolved.lat:.4f}, {resolved.lon:.4f}) {lies}, not in "
                                    f"{event.place.country} as named ({fix})",
                                    Severity.ERROR if uncovered else Severity.WARNING))
        if event.origin is not None and not geography.knows(event.origin.country):
            location = ("events", item.index, "origin", "country")
            problems.append(Problem(doc.name, doc.line_of(location), dotted(location),
                                    f"{event.origin.country} is not in the geometry (one of: {', '.join(geography.codes)})"))
        try:
            item.origin = _origin_point(event, resolved, geography, gazetteer, cache)
        except UnknownPlace as exc:
            field_name = "sea" if exc.query.sea_only else "place"
            problems.append(unknown_place_problem(doc, ("events", item.index, "origin", field_name), exc, gazetteer))
        except AmbiguousPlace as exc:
            problems.append(ambiguous_place_problem(doc, ("events", item.index, "origin", "place"), exc))
    return placed


def _point_countries(placed: list[PlacedEvent], geography: Geography) -> list[str | None]:
    """The country each event's point lies in: on land within the outlines' tolerance, at sea strictly (a point
    off a coast is at sea, however near the coast)."""
    result: list[str | None] = [None] * len(placed)
    for at_sea in (False, True):
        rows = [i for i, item in enumerate(placed) if (item.resolved.sea is not None) == at_sea]
        if rows:
            found = geography.countries_of(np.array([placed[i].resolved.lon for i in rows]),
                                           np.array([placed[i].resolved.lat for i in rows]), 0.0 if at_sea else
                                           COUNTRY_TOLERANCE_DEG)
            for i, code in zip(rows, found, strict=True):
                result[i] = code
    return result


def _province(resolved: Resolved, country: str, gazetteer: Gazetteer) -> Province | None:
    """The world's province an event placed at province precision stands for (whichever layer placed it)."""
    if resolved.precision != "province":
        return None
    return gazetteer.world.province_of(resolved.province or resolved.matched, country)


def _radius_km(resolved: Resolved, country: str | None, geography: Geography, province: Province | None) -> float:
    """How far from its point an event may lie: none for the place itself, ``NEAR_KM`` near it (off a coast, at
    least as far as the point is out), the spread of the province's towns for a province, the size of the country
    or sea area for one known only to that."""
    if resolved.precision == "exact":
        return 0.0
    if resolved.precision == "near":
        return max(NEAR_KM, resolved.extent_km or 0.0) if resolved.sea else NEAR_KM
    if resolved.precision == "sea" and resolved.sea is not None:
        return radius_of_area(resolved.sea.area_km2)
    if resolved.precision == "province":
        if resolved.extent_km:
            return resolved.extent_km
        if province is not None:
            return province.radius_km
    return geography.radius_km(country) if country and geography.knows(country) else 0.0


def map_extent(placed: list[PlacedEvent], geography: Geography) -> tuple[float, float, float, float] | None:
    """The region a map of these events shows: around their points and arrows' starts, with room around them;
    a single point shows the country it lies in."""
    lons = [p.resolved.lon for p in placed] + [p.origin[1] for p in placed if p.origin]
    lats = [p.resolved.lat for p in placed] + [p.origin[0] for p in placed if p.origin]
    return points_extent(lons, lats, placed[0].point_country if placed else None, geography)


def points_extent(lons: Sequence[float], lats: Sequence[float], holder: str | None,
                  geography: Geography) -> tuple[float, float, float, float] | None:
    """Around the points, with room around them; one point alone shows its country (``holder``)."""
    if not len(lons):
        return None
    west, south, east, north = min(lons), min(lats), max(lons), max(lats)
    if east - west == 0 and north - south == 0:
        return geography.outline(holder).bounds if holder and geography.knows(holder) else None
    pad = max(east - west, north - south) / 2
    return max(west - pad, -180), max(south - pad, -90), min(east + pad, 180), min(north + pad, 90)


def _origin_point(event: Event, target: Resolved, geography: Geography, gazetteer: Gazetteer,
                  cache: GeocodeCache | None) -> tuple[float, float] | None:
    """Where to start a strike's arrow: the origin's coordinates (a base or a ship, anywhere), its named place
    (UnknownPlace when it cannot be found), else just inside the launching country."""
    if event.origin is None or not geography.knows(event.origin.country):
        return None
    if event.origin.coordinates is not None:  # a base or a ship: where it is, in the country or not
        return event.origin.coordinates.lat, event.origin.coordinates.lon
    if event.origin.sea:  # ships in a sea area: from its point nearest the target
        sea = marine_area(PlaceQuery(None, "sea", sea=event.origin.sea), gazetteer.world.world)
        lon, lat = geography.offshore(sea.name, target.lon, target.lat)
        return lat, lon
    if event.origin.place:
        origin = resolve(origin_query(event.origin), gazetteer=gazetteer,
                         geography=geography, cache=cache)
        return origin.lat, origin.lon
    if geography.outline(event.origin.country).contains(Point(target.lon, target.lat)):
        return None
    lon, lat = geography.inside_near(event.origin.country, target.lon, target.lat, ORIGIN_INSET_SHARE)
    return lat, lon
