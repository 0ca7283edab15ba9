"""``python -m dashboard geocode``: resolve every place of a file into its cache, optionally online."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.model.loading import country_only, gazetteer_for, geography_for, parse_events, places_file_problems
from dashboard.model.problems import DataFileError, Problem, display_path, errors
from dashboard.model.yaml_source import dotted
from geo.gazetteer import PlacesFileError
from geo.geocoding import (
    USER_AGENT,
    GeocodeCache,
    OnlineUnavailable,
    PlaceQuery,
    from_gazetteer,
    from_online,
    online_geocoder,
)

Progress = Callable[[Iterable, str], AbstractContextManager]


@dataclass
class GeocodeSummary:
    cache_path: Path
    by_provider: Counter = field(default_factory=Counter)
    unknown: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def resolved(self) -> int:
        return sum(self.by_provider.values())

    def by_provider_text(self) -> str:
        return ", ".join(f"{n} from {provider}" for provider, n in sorted(self.by_provider.items())) or "none"


def geocode_file(path: Path, *, online: bool = False, refresh: bool = False, user_agent: str | None = None,
                 progress: Progress) -> GeocodeSummary:
    parsed, problems = parse_events(path)
    if parsed is None or parsed.head is None or errors(problems):
        raise DataFileError(problems)
    try:
        gazetteer = gazetteer_for(parsed.doc, parsed.head)
    except PlacesFileError as exc:
        raise DataFileError(places_file_problems(exc)) from None
    geography = geography_for(parsed.doc, parsed.head)
    cache = GeocodeCache.beside(parsed.doc.path)
    summary = GeocodeSummary(cache.path)

    queries: dict[str, tuple[PlaceQuery, tuple]] = {}
    for index, event in parsed.events:
        if event.place.coordinates is None and not country_only(event.place):
            place = event.place
            query = PlaceQuery(place.country, place.precision, place.name, place.province)
            field_name = "province" if query.by_province else "name"
            queries.setdefault(query.key, (query, ("events", index, "place", field_name)))

    ask_online = online_geocoder(user_agent or USER_AGENT) if online else None
    with progress(list(queries.values()), "Geocoding") as bar:
        for query, location in bar:
            resolved = None if refresh else cache.get(query)
            if resolved is None:
                resolved = from_gazetteer(query, gazetteer)
            if resolved is None and ask_online is not None:
                try:
                    resolved = from_online(query, ask_online, geography.names.get(query.country))
                except OnlineUnavailable as exc:
                    summary.notes.append(f"online geocoding unavailable, continuing offline: {exc}")
                    ask_online = None
            if resolved is None:
                lookup = query.province if query.by_province else query.name
                close = gazetteer.suggestions(lookup or "", query.country)
                summary.unknown.append(Problem(
                    parsed.doc.name, parsed.doc.line_of(location), dotted(location),
                    f"unknown place {query.describe()!r} in {display_path(gazetteer.path)}"
                    + (f" (nearest known: {', '.join(close)})" if close else "")
                    + ("" if online else " (add it to the places file, give coordinates, or try --online)")))
                continue
            summary.by_provider[resolved.provider] += 1
            if not resolved.provider.startswith("cache:"):
                cache.put(query, resolved)
    cache.save()
    return summary
