"""The resolved table: one row per placed event, with every derived column the views and exports read.

``COLUMNS`` names and describes each column; the README's column list is generated from it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.model.places import PlacedEvent
from dashboard.model.schema import Event, FileHead
from geo.borders import Geography, crossed_border
from geo.geocoding import Resolved

COLUMNS: dict[str, str] = {
    "id": "the event's id in the file",
    "title": "its title",
    "category": "its category id",
    "category_label": "the category's label",
    "colour": "the category's colour",
    "status": "`occurred` or `planned`",
    "date": "first day covered (a month-only date: the 1st)",
    "date_end": "last day covered (a month-only date: the month's last day)",
    "date_text": "the date as written",
    "date_end_text": "the end date as written (empty when none)",
    "date_precision": "`day` or `month` (`week` too from an ACLED export: its time precision 2)",
    "place": "the place's name, or the province (or country) when only that is known",
    "province": "the province as written",
    "country": "the country the event names (ISO 3166 alpha-2)",
    "country_name": "that country's name in the geometry",
    "location_precision": "`exact`, `near`, `province` or `country`, after any stand-in",
    "location_radius_km": "how far from the point the event may lie: 0 for the place itself, 25 near it, the spread "
                          "of a province's towns, the size of a country",
    "province_id": "for an event placed at province precision, the world province it stands for (GeoNames admin-1 "
                   "id such as `PK.02`): the map draws its outline",
    "location_note": "the curator's note on the place",
    "lat": "latitude of the point drawn",
    "lon": "longitude of the point drawn",
    "location_source": "where the coordinate comes from",
    "location_provider": "`explicit`, `geometry`, `gazetteer` or `nominatim`, prefixed `cache:` when read from the cache",
    "point_country": "the country the point lies in, from the geometry",
    "border_km": "geodesic km to the nearest border drawn (empty when only the province or country is known, or "
                 "no border is drawn)",
    "origin_country": "where a strike was launched from",
    "origin_lat": "latitude of the arrow's start",
    "origin_lon": "longitude of the arrow's start",
    "crossed_border": "whether a strike crossed a border",
    "actors": "list of actors",
    "killed": "lowest reported killed figure (empty when not reported)",
    "injured": "lowest reported injured figure (empty when not reported)",
    "description": "what happened",
    "sources": "list of citations: source id, title, kind, publisher, url, quote, supports",
    "responds_to": "ids of the events this one answers",
    "related": "ids of the same event elsewhere",
    "disagreements": "list of {field, alternative, note, sources}",
    "disputed": "whether sources disagree on the event",
    "phase": "id of the phase its date falls in",
    "flags": "list of: disputed, month_only, week_only (ACLED), province_only, country_only, planned, country_mismatch, "
             "outside_sources",
    "line": "the event's line in the file",
}


def build_frame(placed: list[PlacedEvent], head: FileHead, geography: Geography) -> pd.DataFrame:
    """The table for the placed events, sorted by date then id."""
    border_km_cache: dict[tuple[float, float], float | None] = {}
    records = []
    for item in placed:
        event, resolved = item.event, item.resolved
        key = (resolved.lon, resolved.lat)
        # A province's or country's stand-in point says nothing about distance to the border: leave it empty.
        precise = resolved.precision in ("exact", "near")
        if precise and key not in border_km_cache:
            border_km_cache[key] = geography.border_km(*key)
        border_km = border_km_cache.get(key) if precise else None
        category = head.categories.get(event.category)
        end = event.date_end or event.date
        origin = item.origin
        records.append({
            "id": event.id,
            "title": event.title,
            "category": event.category,
            "category_label": category.label if category else event.category,
            "colour": category.colour if category else "#777777",
            "status": event.status,
            "date": pd.Timestamp(event.date.first),
            "date_end": pd.Timestamp(end.last),
            "date_text": str(event.date),
            "date_end_text": str(event.date_end) if event.date_end else None,
            "date_precision": event.date.precision,
            "place": event.place.name or f"{event.place.province or event.place.country} (province)",
            "province": event.place.province,
            "country": event.place.country,
            "country_name": geography.names.get(event.place.country, event.place.country),
            "location_precision": resolved.precision,
            "location_radius_km": round(item.radius_km, 1),
            "province_id": item.province_id,
            "location_note": event.place.note,
            "lat": resolved.lat,
            "lon": resolved.lon,
            "location_source": resolved.source,
            "location_provider": resolved.provider,
            "point_country": item.point_country,
            "border_km": round(border_km, 1) if border_km is not None else None,
            "origin_country": event.origin.country if event.origin else None,
            "origin_lat": origin[0] if origin else None,
            "origin_lon": origin[1] if origin else None,
            "crossed_border": crossed_border(event.origin.country if event.origin else None, item.point_country),
            "actors": list(event.actors),
            "killed": event.killed,
            "injured": event.injured,
            "description": event.description,
            "sources": [_citation(c, head) for c in event.sources],
            "responds_to": list(event.responds_to),
            "related": list(event.related),
            "disagreements": [d.model_dump() for d in event.disagreements],
            "disputed": bool(event.disagreements),
            "phase": _phase_of(head, event.date.first),
            "flags": _flags(event, resolved, item.point_country, head.sources),
            "line": item.line,
        })
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    frame["killed"] = frame["killed"].astype("Int64")
    frame["injured"] = frame["injured"].astype("Int64")
    frame["crossed_border"] = frame["crossed_border"].astype("boolean")
    return frame.sort_values(["date", "id"], kind="stable").reset_index(drop=True)


def _phase_of(head: FileHead, day: dt.date) -> str | None:
    return next((p.id for p in head.phases if p.start.first <= day <= p.end.last), None)


def row_of(frame: pd.DataFrame, event_id: str | None) -> int | None:
    """The row position of the event ``event_id`` in ``frame`` (ids are unique); None when it is not there. One
    vectorised comparison: a selection looks an event up among up to a million."""
    found = (frame["id"].to_numpy() == event_id).nonzero()[0] if event_id is not None else ()
    return int(found[0]) if len(found) else None


def _flags(event: Event, resolved: Resolved, point_country: str | None, sources: dict) -> list[str]:
    return event_flags(disputed=bool(event.disagreements), date_precision=event.date.precision,
                       location_precision=resolved.precision, planned=event.status == "planned",
                       named_country=event.place.country, point_country=point_country,
                       outside=any(sources[c.source].kind == "outside" for c in event.sources if c.source in sources))


def event_flags(*, disputed: bool, date_precision: str, location_precision: str, planned: bool,
                named_country: str | None, point_country: str | None, outside: bool) -> list[str]:
    """The ``flags`` of one event, whatever file it came from (an events file, an ACLED export)."""
    flags = []
    if disputed:
        flags.append("disputed")
    if date_precision in ("month", "week"):
        flags.append(f"{date_precision}_only")
    if location_precision in ("province", "country"):
        flags.append(f"{location_precision}_only")
    if planned:
        flags.append("planned")
    if point_country != named_country:
        flags.append("country_mismatch")
    if outside:
        flags.append("outside_sources")
    return flags


def _citation(citation, head: FileHead) -> dict:
    source = head.sources.get(citation.source)
    return {
        "source": citation.source,
        "title": source.title if source else citation.source,
        "kind": source.kind if source else None,
        "publisher": source.publisher if source else None,
        "url": source.url if source else None,
        "quote": citation.quote,
        "supports": citation.supports,
    }
