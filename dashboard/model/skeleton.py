"""``python -m dashboard new``: a crisis folder to start from, for given countries, that validates as written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from dashboard.model.problems import DataFileError, Problem, display_path
from geo.gazetteer import COLUMNS as PLACES_COLUMNS
from geo.world import World, default_world

# A starter vocabulary; the Okabe–Ito colours stay distinguishable for colour-blind readers.
STARTER_CATEGORIES = {
    "attack": ("Attack", "#E69F00", "Attacks by armed groups or forces on people or places."),
    "strike": ("Cross-border strike", "#D55E00", "Missile, drone, air or artillery fire on targets across a border."),
    "clash": ("Armed clash", "#CC79A7", "Fighting between armed forces or groups."),
    "diplomatic": ("Diplomatic step", "#0072B2", "Envoys recalled or summoned, treaties suspended, borders closed."),
    "statement": ("Official statement", "#56B4E9", "Statements by governments, militaries or armed groups."),
    "agreement": ("Agreement", "#009E73", "Ceasefires, talks and agreements."),
}


@dataclass(frozen=True)
class Skeleton:
    folder: Path
    files: list[Path]


def write_skeleton(folder: Path, countries: list[str], title: str | None = None, world: World | None = None) -> Skeleton:
    """An events file (one example event per country, at its largest town, to replace), an empty places
    file (the override layer) and a folder for local copies of sources. Refuses to overwrite anything."""
    world = world or default_world()
    codes = [code.upper() for code in countries]
    unknown = [code for code in codes if code not in world.countries]
    if unknown:
        raise DataFileError([Problem("--countries", None, "countries",
                                     f"{', '.join(unknown)} not in the world geometry (give ISO 3166-1 alpha-2 codes, "
                                     "e.g. AM AZ)")])
    events_path, places_path = folder / "events.yaml", folder / "places.csv"
    existing = [path for path in (events_path, places_path) if path.exists()]
    if existing:
        raise DataFileError([Problem(display_path(path), None, "file", "exists already (choose a new folder; nothing "
                                     "was written)") for path in existing])
    names = [world.countries[code].name for code in codes]
    document = {
        "meta": {"title": title or f"{'–'.join(names)} crisis", "version": "draft-1",
                 "description": "Replace with what this file covers and from which sources.",
                 "places_csv": "places.csv"},
        "sources": {"example-source": {"title": "Replace with the title of a source", "kind": "outside",
                                       "url": "https://example.org/replace-with-the-source"}},
        "categories": {key: {"label": label, "colour": colour, "description": description}
                       for key, (label, colour, description) in STARTER_CATEGORIES.items()},
        "events": [_example_event(world, code, name) for code, name in zip(codes, names, strict=True)],
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    header = ("# Crisis file made by `python -m dashboard new`. Replace the example events; run\n"
              f"# `python -m dashboard validate {display_path(events_path)}` after every edit.\n")
    events_path.write_text(header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=110),
                           encoding="utf-8")
    places_path.write_text(",".join(PLACES_COLUMNS) + "\n", encoding="utf-8")
    return Skeleton(folder, [events_path, places_path, folder / "sources"])


def _example_event(world: World, code: str, name: str) -> dict:
    town = world.largest_town(code)
    return {
        "id": f"example-{code.lower()}",
        "title": f"Example event in {name}: replace it",
        "category": "statement",
        "date": "2024-01-01",
        "place": {"name": town.name, "country": code, "precision": "exact"},
        "actors": [f"Government of {name}"],
        "description": "Replace with what happened, as the sources tell it.",
        "sources": [{"source": "example-source", "quote": "Replace with a short verbatim quote"}],
    }
