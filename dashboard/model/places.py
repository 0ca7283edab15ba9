"""Each event's place on the map: the one ``geo.geocoding.resolve`` lookup, checks against the geometry,
and the start of a strike's arrow. Problems come back located to the event's line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from shapely.geometry import Point

from dashboard.model.problems import Problem, Severity, display_path
from dashboard.model.schema import Event, FileHead
from dashboard.model.schema import Place as EventPlace
from dashboard.model.yaml_source import YamlDocument, dotted
from geo.borders import Geography, default_geography
from geo.gazetteer import DEFAULT_PLACES, Gazetteer, PlacesFileError
from geo.geocoding import GeocodeCache, PlaceQuery, Resolved, UnknownPlace, resolve

ORIGIN_INSET_DEG = 0.4  # how far inside the launching country an arrow without a named origin starts


@dataclass
class PlacedEvent:
    """An event with its resolved point, the country that point lies in and where its arrow starts."""

    index: int
    event: Event
    resolved: Resolved
    line: int | None
    point_country: str | None = None
    origin: tuple[float, float] | None = None  # (lat, lon)


def query_for(place: EventPlace) -> PlaceQuery:
    coordinates = (place.coordinates.lat, place.coordinates.lon, place.coordinates.source) if place.coordinates else None
    return PlaceQuery(place.country, place.precision, place.name, place.province, coordinates)


def query_field(query: PlaceQuery) -> str:
    """The event field a lookup of ``query`` is about (for locating its messages)."""
    return "province" if query.by_province else "name"


def unknown_place_problem(doc: YamlDocument, location: tuple, exc: UnknownPlace, places_path: Path,
                          online_tried: bool = False) -> Problem:
    nearest = f"nearest known: {', '.join(exc.suggestions)}; " if exc.suggestions else ""
    online = "" if online_tried else ", or try geocode --online"
    return Problem(doc.name, doc.line_of(location), dotted(location),
                   f"unknown place {exc.query.describe()!r} in {display_path(places_path)} "
                   f"({nearest}add it there with a sourced coordinate, give place.coordinates{online})")


def places_file_problems(exc: PlacesFileError) -> list[Problem]:
    return [Problem(display_path(exc.path), line, field_name, message) for line, field_name, message in exc.problems]


def gazetteer_for(doc: YamlDocument, head: FileHead) -> Gazetteer:
    return Gazetteer(doc.path.parent / head.meta.places_csv if head.meta.places_csv else DEFAULT_PLACES)


def geography_for(doc: YamlDocument, head: FileHead) -> Geography:
    if head.meta.countries_geojson or head.meta.border_geojson:
        base = doc.path.parent
        return Geography.from_files(base / (head.meta.countries_geojson or ""), base / (head.meta.border_geojson or ""))
    return default_geography()


def place_events(doc: YamlDocument, events: list[tuple[int, Event]], geography: Geography, gazetteer: Gazetteer,
                 cache: GeocodeCache | None, problems: list[Problem]) -> list[PlacedEvent]:
    """Every event that could be placed; one located problem for each that could not, or lies elsewhere."""
    placed = []
    for index, event in events:
        query = query_for(event.place)
        try:
            resolved = resolve(query, gazetteer=gazetteer, geography=geography, cache=cache)
        except UnknownPlace as exc:
            problems.append(unknown_place_problem(doc, ("events", index, "place", query_field(query)), exc, gazetteer.path))
            continue
        placed.append(PlacedEvent(index, event, resolved, doc.line_of(("events", index))))

    point_countries = geography.countries_of(np.array([p.resolved.lon for p in placed]),
                                             np.array([p.resolved.lat for p in placed])) if placed else []
    for item, point_country in zip(placed, point_countries, strict=False):
        item.point_country = point_country
        event, resolved = item.event, item.resolved
        here = ("events", item.index, "place")
        if point_country != event.place.country:
            lies = f"lies in {point_country} ({geography.names.get(point_country, '?')})" if point_country \
                else "lies outside every country of the geometry"
            problems.append(Problem(doc.name, doc.line_of((*here, "country")), dotted((*here, "country")),
                                    f"point ({resolved.lat:.4f}, {resolved.lon:.4f}) {lies}, not in "
                                    f"{event.place.country} as named (check the place, its coordinates or the country)",
                                    Severity.WARNING))
        if event.origin is not None and event.origin.country not in geography.countries:
            location = ("events", item.index, "origin", "country")
            problems.append(Problem(doc.name, doc.line_of(location), dotted(location),
                                    f"{event.origin.country} is not in the geometry (one of: {', '.join(geography.codes)})"))
        try:
            item.origin = _origin_point(event, resolved, geography, gazetteer, cache)
        except UnknownPlace as exc:
            problems.append(unknown_place_problem(doc, ("events", item.index, "origin", "place"), exc, gazetteer.path))
    return placed


def _origin_point(event: Event, target: Resolved, geography: Geography, gazetteer: Gazetteer,
                  cache: GeocodeCache | None) -> tuple[float, float] | None:
    """Where to start a strike's arrow: its named origin (UnknownPlace when it cannot be found), else just
    inside the launching country."""
    if event.origin is None or event.origin.country not in geography.countries:
        return None
    if event.origin.place:
        origin = resolve(PlaceQuery(event.origin.country, "exact", event.origin.place), gazetteer=gazetteer,
                         geography=geography, cache=cache)
        return origin.lat, origin.lon
    if geography.countries[event.origin.country].contains(Point(target.lon, target.lat)):
        return None
    lon, lat = geography.inside_near(event.origin.country, target.lon, target.lat, ORIGIN_INSET_DEG)
    return lat, lon
