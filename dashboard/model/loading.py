"""From an events file to one resolved table: validate, geocode, place on the geometry.

``load_events(path)`` is the one entry point the app, the exports and the CLI use. It returns an
``EventTable`` whose ``frame`` has one row per event and every derived column (coordinates and their
precision, the country the point lies in, km to the border, whether a strike crossed it, phase,
flags), or raises ``DataFileError`` with every problem of the file, each located to line and field.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.model import acled, store
from dashboard.model.checks import cross_check
from dashboard.model.frame import build_frame
from dashboard.model.messages import validated
from dashboard.model.named_files import named_file
from dashboard.model.places import (
    gazetteer_for,
    geography_for,
    map_extent,
    place_events,
    places_file_problems,
    points_extent,
)
from dashboard.model.problems import DataFileError, Problem, errors
from dashboard.model.schema import Event, FileHead
from dashboard.model.table import EventTable
from dashboard.model.yaml_source import YamlDocument, load_yaml
from geo.borders import Geography
from geo.gazetteer import Gazetteer, PlacesFileError
from geo.geocoding import GeocodeCache
from geo.world import World, default_world

DEFAULT_DATA = Path("data/events.yaml")



def content_version(paths: list[Path] | tuple[Path, ...], tokens: tuple[str, ...] = ()) -> str:
    """One hash of every input that changes what is drawn (the events file, the places files, the geometry,
    the geocode cache, and the world database's build id among ``tokens``): exports and the app cite it, so
    a figure can be traced to exactly its data."""
    digest = hashlib.sha256("\0".join(tokens).encode("utf-8"))
    for path in paths:
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"(absent)")
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def load_events(path: Path | str = DEFAULT_DATA, *, today: dt.date | None = None,
                gazetteer: Gazetteer | None = None, use_cache: bool = True) -> EventTable:
    """Validate, geocode and resolve an events file; raise DataFileError listing every error found."""
    table, problems = check_events(path, today=today, gazetteer=gazetteer, use_cache=use_cache)
    if table is None or errors(problems):
        raise DataFileError(problems)
    return table


@dataclass(frozen=True)
class ParsedFile:
    """A file that passed loading and the schema (events that failed it are left out)."""

    doc: YamlDocument
    head: FileHead | None
    events: list[tuple[int, Event]]


def parse_events(path: Path | str, today: dt.date | None = None) -> tuple[ParsedFile | None, list[Problem]]:
    """Load, check the schema and the file-wide rules; no geocoding yet."""
    path = Path(path)
    try:
        doc = load_yaml(path)
    except DataFileError as exc:
        return None, exc.problems
    if not isinstance(doc.data, dict):
        return None, [Problem(doc.name, 1, "document", f"the top level is {_yaml_kind(doc.data)} "
                              "(expected a mapping with meta, sources, categories, phases and events)")]
    problems: list[Problem] = []
    head = validated(doc, FileHead, doc.data, (), problems)
    events: list[tuple[int, Event]] = []
    raw_events = doc.data.get("events")
    for index, raw in enumerate(raw_events if isinstance(raw_events, list) else []):
        event = validated(doc, Event, raw, ("events", index), problems)
        if event is not None:
            events.append((index, event))
    problems += cross_check(doc, today or dt.date.today())
    return ParsedFile(doc, head, events), problems


def parse_with_gazetteer(path: Path | str, *, missing_ok: bool = False) -> tuple[ParsedFile, Gazetteer]:
    """A file that passed the schema and the file-wide rules, and its gazetteer (``gazetteer_for``); the commands
    that work on its places (``geocode``, ``places``) start here. DataFileError when either is unusable."""
    parsed, problems = parse_events(path)
    if parsed is None or parsed.head is None or errors(problems):
        raise DataFileError(problems)
    try:
        return parsed, gazetteer_for(parsed.doc, parsed.head, missing_ok=missing_ok)
    except PlacesFileError as exc:
        raise DataFileError(places_file_problems(exc)) from None


def check_acled(path: Path, world: World | None = None) -> tuple[EventTable | None, list[Problem]]:
    """An ACLED export (``dashboard.model.acled``) as a crisis of its own: every row checked, then resolved."""
    world = world or default_world()
    frame, geography, version, problems = _acled_frame(path, world)
    if frame is None:
        return None, problems
    geography = geography or acled.geography_for_rows(frame["country"], world)
    extent = points_extent(frame["lon"], frame["lat"], frame["point_country"].iloc[0], geography)
    if extent is not None:
        geography = geography.with_context(extent)
    return EventTable(path, frame, acled.head_for(frame, path), geography, version, [], (path,)), []


def _acled_frame(path: Path, world: World) -> tuple[pd.DataFrame | None, Geography | None, str, list[Problem]]:
    """(the resolved table of an ACLED export, the geography it was resolved with, its version, its problems). A
    large one is resolved once: its table is kept as Parquet keyed by the file's content hash
    (``dashboard.model.store``) and read back on the next start (no geography then: it was only needed to resolve)."""
    version = content_version((path,), (world.version,))
    frame = store.read_table(path, version)
    if frame is not None:
        return frame, None, version, []
    rows, problems = acled.read_rows(path)
    if problems:
        return None, None, version, problems
    parsed, problems = acled.validate_rows(rows, path.name)
    if problems or rows.empty:
        return None, None, version, problems or [
            Problem(path.name, 1, "rows", "the export has no events (export at least one row)")]
    geography = acled.geography_for_rows(parsed["country"], world)
    frame = acled.build_acled_frame(rows, parsed, geography, world)
    store.write_table(frame, path, version)
    return frame, geography, version, []


@contextmanager
def _gc_paused():
    """The cyclic GC walks every live object; a large file's YAML nodes make each pass long, and a load
    creates no cycles worth collecting. Pausing it makes a 10,000-event load 2.5x faster (8.7 s -> 3.5 s)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _yaml_kind(value: object) -> str:
    """What a YAML value is, in a curator's words."""
    if value is None:
        return "empty (null)"
    kinds = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list"}
    return kinds.get(type(value), f"a {type(value).__name__}")


def check_events(path: Path | str = DEFAULT_DATA, *, today: dt.date | None = None,
                 gazetteer: Gazetteer | None = None, use_cache: bool = True) -> tuple[EventTable | None, list[Problem]]:
    """Everything ``validate`` reports: (the table when it could be built, all errors and warnings)."""
    with _gc_paused():
        return _check_events(Path(path), today, gazetteer, use_cache)


def _check_events(path: Path, today: dt.date | None, gazetteer: Gazetteer | None,
                  use_cache: bool) -> tuple[EventTable | None, list[Problem]]:
    if acled.is_acled_csv(path):
        return check_acled(path)
    parsed, problems = parse_events(path, today)
    if parsed is None or parsed.head is None:
        return None, problems
    doc, head = parsed.doc, parsed.head
    try:
        geography = geography_for(doc, head, parsed.events, problems)
        gazetteer = gazetteer or gazetteer_for(doc, head)
    except PlacesFileError as exc:
        return None, problems + places_file_problems(exc)
    except (OSError, ValueError, KeyError, IndexError) as exc:
        return None, problems + [Problem(doc.name, doc.line_of(("meta",)), "meta", f"geometry files unusable: {exc} "
                                         "(leave countries_geojson/border_geojson out to use the world geometry, or "
                                         "point them at GeoJSON of the same shape)")]
    if geography is None:
        return None, problems
    cache = GeocodeCache.beside(doc.path) if use_cache else None
    placed = place_events(doc, parsed.events, geography, gazetteer, cache, problems)
    extent = head.meta.extent or map_extent(placed, geography)
    if extent is not None:
        geography = geography.with_context(extent)
    frame = build_frame(placed, head, geography)
    background = None
    if head.meta.background:
        background, found = background_of(doc, head.meta.background)
        problems += found
        if background is None:
            return None, problems
    inputs = (doc.path, *gazetteer.inputs, *geography.inputs, *((cache.path,) if cache is not None else ()),
              *((doc.path.parent / head.meta.background,) if background is not None else ()))
    version = content_version(inputs, (*geography.tokens,))
    return EventTable(doc.path, frame, head, geography, version, problems, inputs, background), problems


def background_of(doc: YamlDocument, name: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The table of ``meta.background`` (an ACLED export beside the events file), or its problems: located in
    the CSV row by row, or at ``meta.background`` when the file is not an ACLED export."""
    named = named_file(doc, ("meta", "background"), name)
    if named.path is None:
        return None, [named.problem]
    path = named.path
    if not acled.is_acled_csv(path):
        return None, [Problem(doc.name, doc.line_of(("meta", "background")), "meta.background",
                              f"{name!r} is not an ACLED export beside the events file (give the path, relative to "
                              "it, of a CSV as ACLED publishes it: its header starts event_id_cnty,event_date,…)")]
    frame, _, _, problems = _acled_frame(path, default_world())  # only its rows: the crisis has its own map
    return frame, problems
