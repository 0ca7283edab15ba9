"""``python -m dashboard geocode``: resolve every place of a file into its cache, optionally online."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path

from dashboard.model.loading import parse_with_gazetteer
from dashboard.model.places import (
    ambiguous_place_problem,
    geography_for,
    query_field,
    query_for,
    unknown_place_problem,
)
from dashboard.model.problems import DataFileError, Problem
from geo.gazetteer import AmbiguousPlace
from geo.geocoding import (
    NOMINATIM_URL,
    USER_AGENT,
    GeocodeCache,
    OnlineUnavailable,
    PlaceQuery,
    UnknownPlace,
    online_geocoder,
    resolve,
)

Progress = Callable[[Iterable, str], AbstractContextManager]


@dataclass
class GeocodeSummary:
    cache_path: Path
    by_provider: Counter = field(default_factory=Counter)
    unknown: list[Problem] = field(default_factory=list)
    online_failure: Problem | None = None  # --online was asked for and the service could not be reached

    @property
    def resolved(self) -> int:
        return sum(self.by_provider.values())

    def by_provider_text(self) -> str:
        return ", ".join(f"{n} from {provider}" for provider, n in sorted(self.by_provider.items())) or "none"


def geocode_file(path: Path, *, online: bool = False, refresh: bool = False, user_agent: str | None = None,
                 nominatim_url: str = NOMINATIM_URL, progress: Progress) -> GeocodeSummary:
    parsed, gazetteer = parse_with_gazetteer(path)
    problems: list[Problem] = []
    geography = geography_for(parsed.doc, parsed.head, parsed.events, problems)
    if geography is None:
        raise DataFileError(problems)
    cache = GeocodeCache.beside(parsed.doc.path)
    summary = GeocodeSummary(cache.path)

    queries: dict[str, tuple[PlaceQuery, tuple]] = {}
    for index, event in parsed.events:
        query = query_for(event.place)
        if query.needs_lookup:  # the town itself (an event off its coast is moved out to sea when placed)
            queries.setdefault(query.key, (replace(query, sea=None), ("events", index, "place", query_field(query))))

    ask_online = online_geocoder(user_agent or USER_AGENT, url=nominatim_url) if online else None
    answers = None if refresh else cache  # --refresh asks again instead of reading earlier online answers
    with progress(list(queries.values()), "Geocoding") as bar:
        for query, location in bar:
            try:
                try:
                    resolved = resolve(query, gazetteer=gazetteer, geography=geography, cache=answers, online=ask_online)
                except OnlineUnavailable as exc:
                    summary.online_failure = Problem(
                        parsed.doc.name, None, "--online",
                        f"OpenStreetMap Nominatim could not be reached ({exc}); the rest was resolved offline "
                        "(check the network or a proxy, or run without --online)")
                    ask_online = None
                    resolved = resolve(query, gazetteer=gazetteer, geography=geography, cache=answers)
            except UnknownPlace as exc:
                summary.unknown.append(unknown_place_problem(parsed.doc, location, exc, gazetteer, online))
                continue
            except AmbiguousPlace as exc:
                summary.unknown.append(ambiguous_place_problem(parsed.doc, location, exc))
                continue
            summary.by_provider[resolved.provider] += 1
            if resolved.provider == "nominatim":
                cache.put(query, resolved)
    cache.save()
    return summary
