"""The resolved table of an events file: each placed event's row, with every derived column the views and exports
read (the table's columns and their types: ``model/table.py``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.model.places import PlacedEvent
from dashboard.model.schema import Event, FileHead, latest
from dashboard.model.table import COLUMNS, border_distances, event_flags, finish
from geo.borders import Geography, crossed_border
from geo.geocoding import Resolved


def build_frame(placed: list[PlacedEvent], head: FileHead, geography: Geography) -> pd.DataFrame:
    """The table for the placed events, sorted by date then id."""
    records = []
    for item in placed:
        event, resolved = item.event, item.resolved
        category = head.categories.get(event.category)
        end = event.date_end or event.date
        instant = event.instant()
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
            "time_text": f"{event.time} {event.timezone}" if event.time else None,
            "instant": pd.Timestamp(instant) if instant else None,
            "utc_text": _utc_text(event, instant),
            "date_precision": event.date.precision,
            "place": _place_text(event, resolved, geography.names),
            "province": event.place.province,
            "country": event.place.country,
            "country_name": (geography.names.get(event.place.country, event.place.country) if event.place.country
                             else resolved.sea.name),
            "sea": resolved.sea.name if resolved.sea else None,
            "location_precision": resolved.precision,
            "location_radius_km": round(item.radius_km, 1),
            "area_id": item.area_id,
            "location_note": event.place.note,
            "lat": resolved.lat,
            "lon": resolved.lon,
            "location_source": resolved.source,
            "location_provider": resolved.provider,
            "point_country": item.point_country,
            "origin_country": event.origin.country if event.origin else None,
            "origin_lat": origin[0] if origin else None,
            "origin_lon": origin[1] if origin else None,
            "crossed_border": crossed_border(event.origin.country if event.origin else None, item.point_country),
            "actors": list(event.actors),
            "killed": latest(event.killed),
            "injured": latest(event.injured),
            "toll_reports": _toll_reports(event),
            "description": event.description,
            "sources": [_citation(c, head) for c in event.sources],
            "responds_to": list(event.responds_to),
            "related": list(event.related),
            "disagreements": [d.model_dump() for d in event.disagreements],
            "disputed": bool(event.disagreements),
            "phase": _phase_of(head, event.date.first),
            "flags": _flags(event, resolved, item.point_country, head.sources, instant),
            "line": item.line,
        })
    frame = finish(pd.DataFrame.from_records(records, columns=list(COLUMNS)))
    frame["border_km"] = border_distances(frame, geography)
    return frame


def _place_text(event: Event, resolved: Resolved, names: dict[str, str]) -> str:
    """The place's name; for an event known only to its province or country, that, said so; at sea, the sea area
    (and the town it was off)."""
    if resolved.sea is not None:
        return f"{resolved.sea.name}, off {event.place.name}" if event.place.name else resolved.sea.name
    if event.place.name:
        return event.place.name
    if event.place.province:
        return f"{event.place.province} (province)"
    return f"{names.get(event.place.country, event.place.country)} (country)"


def _utc_text(event: Event, instant) -> str | None:
    """The moment as UTC, with the UTC day when it is not the local one ("2024-01-17 01:30 UTC")."""
    if instant is None:
        return None
    return f"{instant:%H:%M} UTC" if instant.date() == event.date.first else f"{instant:%Y-%m-%d %H:%M} UTC"


def _toll_reports(event: Event) -> list[dict]:
    """Each figure of a toll given over time, by field then day reported (none for a toll of one figure)."""
    return [{"field": name, "value": report.value, "as_of": report.as_of.first.isoformat(), "source": report.source}
            for name in ("killed", "injured") if isinstance(getattr(event, name), list)
            for report in sorted(getattr(event, name), key=lambda report: report.as_of.first)]


def _phase_of(head: FileHead, day: dt.date) -> str | None:
    return next((p.id for p in head.phases if p.start.first <= day <= p.end.last), None)


def _flags(event: Event, resolved: Resolved, point_country: str | None, sources: dict,
           instant: dt.datetime | None) -> list[str]:
    changed = any(isinstance(toll, list) and len({report.value for report in toll}) > 1
                  for toll in (event.killed, event.injured))
    return event_flags(disputed=bool(event.disagreements), date_precision=event.date.precision, toll_changed=changed,
                       utc_day_differs=instant is not None and instant.date() != event.date.first,
                       location_precision=resolved.precision, planned=event.status == "planned",
                       named_country=event.place.country, point_country=point_country, at_sea=resolved.sea is not None,
                       outside=any(sources[c.source].kind == "outside" for c in event.sources if c.source in sources))


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
