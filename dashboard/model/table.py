"""The resolved table: one row per placed event, every column declared once (its type, what it holds, its default).

Every builder (an events file: ``model/frame.py``; an ACLED export: ``model/acled.py``; whatever comes next) writes
the columns it knows and ends with ``finish``, which fills the others with their defaults, gives every column its
declared type, puts them in order and sorts the rows. ``SCHEMA`` hashes the declaration: a table kept on disk
under another schema is never read back (``model/store.py``). The README's column list is generated from
``COLUMNS``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.model.kept import Kept
from dashboard.model.problems import Problem, Severity
from dashboard.model.schema import FileHead
from geo.borders import Geography

LIST = "list"  # a column of Python lists (pandas ``object``), empty by default
PRECISE = ("exact", "near")  # location precisions whose point says how far it is from a border


@dataclass(frozen=True)
class Column:
    """One column: its pandas dtype (or ``LIST``), what it holds, and its value where a builder gives none."""

    dtype: str
    description: str
    default: object = None


COLUMNS: dict[str, Column] = {
    "id": Column("str", "the event's id in the file"),
    "title": Column("str", "its title"),
    "category": Column("str", "its category id"),
    "category_label": Column("str", "the category's label"),
    "colour": Column("str", "the category's colour"),
    "status": Column("str", "`occurred` or `planned`", "occurred"),
    "date": Column("datetime64[s]", "first day covered (a month-only date: the 1st)"),
    "date_end": Column("datetime64[s]", "last day covered (a month-only date: the month's last day)"),
    "date_text": Column("str", "the date as written"),
    "date_end_text": Column("str", "the end date as written (empty when none)"),
    "time_text": Column("str", "the local time of day and its zone as written (\"23:30 Asia/Tehran\"; empty when none)"),
    "instant": Column("datetime64[s]", "the moment in UTC of an event given a time (empty otherwise): events of one "
                                       "day are in this order"),
    "utc_text": Column("str", "that moment as UTC (\"20:00 UTC\"; with the UTC day when it differs from the local "
                              "one)"),
    "date_precision": Column("str", "`day`, `month` or `on_or_before` (known from the day it was reported; `week` too "
                                    "from an ACLED export: its time precision 2)"),
    "place": Column("str", "the place's name, or the province (or country) when only that is known; at sea, the sea "
                           "area (and the town it was off)"),
    "province": Column("str", "the province as written"),
    "country": Column("str", "the country the event names (ISO 3166 alpha-2; empty for an event at sea that names "
                             "no coastal town)"),
    "country_name": Column("str", "that country's name in the geometry (at sea with no country: the sea area's)"),
    "sea": Column("str", "for an event at sea, the marine area it lies in (Natural Earth's name)"),
    "location_precision": Column("str", "`exact`, `near`, `province`, `country` or `sea`, after any stand-in"),
    "location_radius_km": Column("float64", "how far from the point the event may lie: 0 for the place itself, 25 "
                                            "near it (off a coast: at least how far out), the spread of a province's "
                                            "towns, the size of a country or sea area", 0.0),
    "area_id": Column("str", "the area an uncertain event stands for, whose outline the map draws: a world province "
                             "(GeoNames admin-1 id such as `PK.02`) or a marine area (`sea:Red Sea`)"),
    "location_note": Column("str", "the curator's note on the place"),
    "lat": Column("float64", "latitude of the point drawn"),
    "lon": Column("float64", "longitude of the point drawn"),
    "location_source": Column("str", "where the coordinate comes from"),
    "location_provider": Column("str", "`explicit`, `geometry`, `gazetteer` or `nominatim`, prefixed `cache:` when "
                                       "read from the cache"),
    "point_country": Column("str", "the country the point lies in, from the geometry"),
    "border_km": Column("float64", "geodesic km to the nearest border drawn (empty when only the province or country "
                                   "is known, when the point lies in no country on a drawn border, or no border is "
                                   "drawn)"),
    "origin_country": Column("str", "where a strike was launched from"),
    "origin_lat": Column("float64", "latitude of the arrow's start"),
    "origin_lon": Column("float64", "longitude of the arrow's start"),
    "crossed_border": Column("boolean", "whether a strike crossed a border"),
    "actors": Column(LIST, "list of actors"),
    "killed": Column("Int64", "the killed figure: the file's one figure, or of a toll given over time the latest "
                              "(empty when not reported)"),
    "injured": Column("Int64", "the injured figure, as `killed`"),
    "toll_reports": Column(LIST, "of a toll given over time, each figure: {field, value, as_of, source}, by field and "
                                 "day"),
    "description": Column("str", "what happened"),
    "sources": Column(LIST, "list of citations: source id, title, kind, publisher, url, quote, supports"),
    "responds_to": Column(LIST, "ids of the events this one answers"),
    "related": Column(LIST, "ids of the same event elsewhere"),
    "disagreements": Column(LIST, "list of {field, alternative, note, sources}"),
    "disputed": Column("bool", "whether sources disagree on the event", False),
    "phase": Column("str", "id of the phase its date falls in"),
    "flags": Column(LIST, "list of: disputed, month_only, week_only (ACLED), province_only, country_only, sea_only, "
                          "planned, country_mismatch, outside_sources, toll_changed, utc_day_differs, on_or_before"),
    "line": Column("int64", "the event's line in the file"),
}
LIST_COLUMNS = tuple(name for name, column in COLUMNS.items() if column.dtype == LIST)


def schema_of(columns: dict[str, Column]) -> str:
    """A short hash of the columns' names, order and types: what a table kept on disk must have been written with."""
    return hashlib.sha256(repr([(name, column.dtype) for name, column in columns.items()]).encode()).hexdigest()[:8]


SCHEMA = schema_of(COLUMNS)
ORDER = ["date", "instant", "id"]  # rows: by first day, then moment (those without a time after), then id


def finish(frame: pd.DataFrame) -> pd.DataFrame:
    """The resolved table from what a builder wrote: every column of ``COLUMNS`` (those missing at their default),
    each of its declared type, in declared order, the rows by date then id."""
    size = len(frame)
    typed = {}
    for name, column in COLUMNS.items():
        values = frame.get(name)
        if column.dtype == LIST:
            # Lists read back from Parquet are arrays; a missing column is an empty list per row (never shared).
            if values is None:
                cells = [[] for _ in range(size)]
            elif size and not isinstance(values.iloc[0], list):  # a column is of one kind: all lists, or all arrays
                cells = [list(cell) for cell in values]
            else:
                cells = values
            typed[name] = pd.Series(cells, index=frame.index, dtype=object)
        else:
            series = pd.Series(column.default, index=frame.index, dtype=object) if values is None else values
            typed[name] = series.astype(column.dtype)
    finished = pd.DataFrame(typed, index=frame.index)
    if _in_order(finished):  # a table read back from the cache was kept in order: a sort is a copy for nothing
        return finished.reset_index(drop=True)
    return finished.sort_values(ORDER, kind="stable").reset_index(drop=True)


def _in_order(frame: pd.DataFrame) -> bool:
    """Whether the rows are by date, then id, already (a file with times of day is sorted)."""
    if frame["instant"].notna().any():
        return False
    dates, ids = frame["date"].to_numpy(), frame["id"].to_numpy(dtype=object)
    later, same = dates[1:] > dates[:-1], dates[1:] == dates[:-1]
    return bool(np.all(later | (same & (ids[1:] >= ids[:-1]))))


def empty() -> pd.DataFrame:
    """A resolved table without rows (a map's base without events)."""
    return finish(pd.DataFrame(index=pd.RangeIndex(0)))


def border_distances(frame: pd.DataFrame, geography: Geography) -> np.ndarray:
    """``border_km`` of each row: geodesic km from its point to the nearest border drawn, to 0.1 km, once per
    distinct point (events repeat places); NaN where only the province or country is known (its stand-in point says
    nothing about the distance), where the point lies in no country on a border drawn (a meeting in a third
    country's capital is not near or far from the front line), or where no border is drawn."""
    result = np.full(len(frame), np.nan)
    placed = (frame["location_precision"].isin(PRECISE) & frame["point_country"].isin(geography.bordering)).to_numpy()
    if not placed.any():
        return result
    points = pd.DataFrame({"lon": frame["lon"].to_numpy(dtype=float)[placed],
                           "lat": frame["lat"].to_numpy(dtype=float)[placed]})
    distinct = points.drop_duplicates()
    km = geography.borders_km(distinct["lon"].to_numpy(), distinct["lat"].to_numpy()).round(1)
    lookup = pd.Series(km, index=pd.MultiIndex.from_frame(distinct))
    result[placed] = lookup.reindex(pd.MultiIndex.from_frame(points)).to_numpy()
    return result


def event_flags(*, disputed: bool, date_precision: str, location_precision: str, planned: bool,
                named_country: str | None, point_country: str | None, outside: bool,
                at_sea: bool = False, toll_changed: bool = False, utc_day_differs: bool = False) -> list[str]:
    """The ``flags`` of one event, whatever file it came from (an events file, an ACLED export)."""
    flags = []
    if disputed:
        flags.append("disputed")
    if date_precision in ("month", "week"):
        flags.append(f"{date_precision}_only")
    if date_precision == "on_or_before":
        flags.append("on_or_before")
    if location_precision in ("province", "country", "sea"):
        flags.append(f"{location_precision}_only")
    if planned:
        flags.append("planned")
    if point_country != (None if at_sea else named_country):  # at sea, its point lies in no country
        flags.append("country_mismatch")
    if outside:
        flags.append("outside_sources")
    if toll_changed:
        flags.append("toll_changed")
    if utc_day_differs:
        flags.append("utc_day_differs")
    return flags


def row_of(frame: pd.DataFrame, event_id: str | None) -> int | None:
    """The row position of the event ``event_id`` in ``frame`` (ids are unique); None when it is not there. One
    vectorised comparison: a selection looks an event up among up to a million."""
    found = (frame["id"].to_numpy() == event_id).nonzero()[0] if event_id is not None else ()
    return int(found[0]) if len(found) else None


@dataclass(frozen=True)
class EventTable:
    """The resolved events and what the file declares around them."""

    path: Path
    frame: pd.DataFrame
    head: FileHead
    geography: Geography
    version: str
    problems: list[Problem] = field(default_factory=list)
    inputs: tuple[Path, ...] = ()  # every file the table was made from; ``version`` hashes them all
    background: pd.DataFrame | None = None  # ``meta.background``: an ACLED export's table, drawn behind the events
    # What views derive from this table and ask for again, dropped with it (a copy made by ``replace`` starts afresh).
    kept: Kept = field(default_factory=Kept, init=False, compare=False, repr=False)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]
