"""ACLED exports (CSV as ACLED publishes it) read into the project's resolved table, and the mapping between the two.

ACLED's codebook and the events file share their ideas; only the names differ:

=====================  =========================================================================================
ACLED column           the table's column
=====================  =========================================================================================
event_id_cnty          ``id`` (kept as ACLED writes it, e.g. ``PAK12345``)
event_date             ``date`` (``YYYY-MM-DD``, ``DD-MM-YYYY`` or ``16 January 2024``)
time_precision         ``date_precision``: 1 ``day``; 2 ``week`` (the day ACLED codes, flagged ``week_only``);
                       3 ``month`` (the whole month, as a month-only date of the events file)
event_type             ``category`` (its six types, each with a colour); ``sub_event_type`` opens the title
actor1, actor2,        ``actors``: actor 1, actor 2, then the associated actors (``;``-separated); like ACLED, no
assoc_actor_1/2        order implies who did what
iso (or iso3)          ``country`` (ISO 3166 alpha-2, through pycountry); ``country`` names it
admin1                 ``province``; at geo_precision 3 the world's province of that name gives the outline drawn
location               ``place``
latitude, longitude    ``lat``, ``lon`` (checked: numbers in range)
geo_precision          ``location_precision``: 1 ``exact``, 2 ``near`` (25 km), 3 ``province``
fatalities             ``killed`` (ACLED's lowest reported figure; empty: not reported); ``injured`` stays empty
notes                  ``description``, and the quote of the one source, ACLED, naming ACLED's ``source``
=====================  =========================================================================================

Older exports (before March 2023) also carry ``event_id_no_cnty``, ``data_id`` and ``iso3`` and lack
``disorder_type``, ``civilian_targeting`` and ``tags``: both shapes read. Every bad row is reported, located to its
line and column, and the file is refused, as an events file with errors is: nothing is dropped in silence.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

from dashboard.model.places import NEAR_KM
from dashboard.model.problems import DataFileError, Problem
from dashboard.model.schema import ACLED_EVENT_TYPES, YEARS, Category, FileHead, Meta, Source
from dashboard.model.table import border_distances, event_flags, finish
from dashboard.model.yaml_source import read_text
from geo.borders import Geography
from geo.world import World, default_world

CURRENT_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
OLDER_ONLY = ("event_id_no_cnty", "data_id", "iso3")
REQUIRED = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "country",
            "location", "latitude", "longitude", "geo_precision", "fatalities")
# ACLED's event types, in its codebook's order, with Okabe–Ito colours (apart for colour-blind readers).
EVENT_TYPES = dict(zip(ACLED_EVENT_TYPES, ("#D55E00", "#E69F00", "#CC79A7", "#0072B2", "#56B4E9", "#009E73"),
                       strict=True))
DATE_PRECISION = {"1": "day", "2": "week", "3": "month"}
GEO_PRECISION = {"1": "exact", "2": "near", "3": "province"}
# Back the other way, for ACLED-shaped exports: an event known only to its country is, like a province, code 3.
# An event known only from the day it was reported: ACLED codes the report's day, at time precision 2 (within a week).
TIME_PRECISION_CODES = {**{level: int(code) for code, level in DATE_PRECISION.items()}, "on_or_before": 2}
GEO_PRECISION_CODES = {**{level: int(code) for code, level in GEO_PRECISION.items()}, "country": 3}
ACLED_URL = "https://acleddata.com"
SOURCE_ID = "acled"
MAX_QUOTE = 400
MAX_CSV_BYTES = 1 << 30  # 1 GiB, about 4 million rows: 1,000,000 rows (247 MB) load in seconds (benchmarks/bench_load)


def is_acled_csv(path: Path) -> bool:
    """Whether ``path`` is a CSV whose header is ACLED's (its first line names ``event_id_cnty``)."""
    if path.suffix.lower() != ".csv" or not path.is_file():
        return False
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:  # read_rows reports bad bytes
        header = handle.readline()
    return "event_id_cnty" in [name.strip().lower() for name in header.split(",")]


def category_id(event_type: str) -> str:
    """``Explosions/Remote violence`` -> ``explosions_remote_violence``."""
    return re.sub(r"[^a-z0-9]+", "_", event_type.strip().lower()).strip("_")


def read_rows(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The CSV's cells as text (columns lower-cased), with each row's first line in ``_line``; problems with the
    file as a whole (unreadable, a required column missing)."""
    name = path.name
    try:
        text = read_text(path, max_bytes=MAX_CSV_BYTES, what="an ACLED export (CSV)")
    except DataFileError as exc:
        return pd.DataFrame(), exc.problems
    try:
        rows = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except (pd.errors.ParserError, ValueError) as exc:
        return pd.DataFrame(), [Problem(name, None, "file", f"is not a readable CSV ({exc}); export it again from "
                                                            "ACLED as CSV")]
    rows.columns = [column.strip().lower() for column in rows.columns]
    missing = [column for column in REQUIRED if column not in rows.columns]
    if "iso" not in rows.columns and "iso3" not in rows.columns:
        missing.append("iso")
    if missing:
        return rows, [Problem(name, 1, "header", f"missing ACLED column(s) {', '.join(missing)} (an ACLED export "
                                                 f"has {', '.join(CURRENT_COLUMNS)})")]
    rows["_line"] = _row_lines(text, len(rows))
    return rows, []


def _row_lines(text: str, count: int) -> np.ndarray:
    """The line each row starts on: row i is line i + 2 unless a quoted cell holds line breaks."""
    if text.count("\n") - (0 if text.endswith("\n") else -1) == count + 1:
        return np.arange(2, count + 2)
    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    lines, start = [], reader.line_num + 1
    for _ in reader:
        lines.append(start)
        start = reader.line_num + 1
    return np.asarray(lines[:count])


def parse_dates(values: pd.Series) -> pd.Series:
    """ACLED's dates in any of the forms its exports used: ISO, day-month-year, '16 January 2024'."""
    text = values.str.strip()
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    for form in ("%d-%m-%Y", "%d %B %Y", "%d/%m/%Y", "%d-%b-%y", "%d %b %Y"):
        missing = parsed.isna()
        if not missing.any():
            break
        parsed[missing] = pd.to_datetime(text[missing], format=form, errors="coerce")
    return parsed


def iso_column(rows: pd.DataFrame) -> str:
    """ACLED's numeric ``iso``, or the older exports' ``iso3`` when there is none."""
    return "iso" if "iso" in rows.columns else "iso3"


def country_codes(rows: pd.DataFrame) -> pd.Series:
    """ISO 3166 alpha-2 of each row, from ACLED's numeric ``iso`` (or the older ``iso3``); None when unknown."""
    lookup: dict[str, str | None] = {}
    column = iso_column(rows)
    for value in rows[column].unique():
        key = str(value).strip()
        found = None
        if key.isdigit():
            found = pycountry.countries.get(numeric=key.zfill(3))
        elif len(key) == 3:
            found = pycountry.countries.get(alpha_3=key.upper())
        lookup[value] = found.alpha_2 if found else None
    return rows[column].map(lookup)


def validate_rows(rows: pd.DataFrame, name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """The parsed values the table needs, and a located problem for every cell that is not what ACLED writes."""
    problems: list[Problem] = []

    def report(bad: pd.Series, column: str, message) -> None:
        for line, value in zip(rows.loc[bad, "_line"], rows.loc[bad, column], strict=True):
            problems.append(Problem(name, int(line), column, message(value)))

    parsed = pd.DataFrame(index=rows.index)
    parsed["date"] = parse_dates(rows["event_date"])
    report(parsed["date"].isna(), "event_date",
           lambda v: f"{v!r} is not a date (ACLED writes YYYY-MM-DD, DD-MM-YYYY or '16 January 2024')")
    low, high = YEARS  # the years the figures draw, as for a curated file
    outside = parsed["date"].notna() & ~parsed["date"].dt.year.between(low, high)
    report(outside, "event_date", lambda v: f"{v!r} is outside the years {low}–{high}, the ones the map and timeline "
                                            "draw (check the export)")
    parsed.loc[outside, "date"] = pd.NaT
    precision = rows["time_precision"].str.strip()
    report(~precision.isin(list(DATE_PRECISION)), "time_precision",
           lambda v: f"{v!r} is not a time precision (1 the day, 2 about a week, 3 only the month)")
    parsed["date_precision"] = precision.map(DATE_PRECISION)
    geo = rows["geo_precision"].str.strip()
    report(~geo.isin(list(GEO_PRECISION)), "geo_precision",
           lambda v: f"{v!r} is not a geo precision (1 the place, 2 near it, 3 only the province)")
    parsed["location_precision"] = geo.map(GEO_PRECISION)
    for column, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        number = pd.to_numeric(rows[column].str.strip(), errors="coerce")
        report(number.isna() | (number < low) | (number > high), column,
               lambda v, low=low, high=high: f"{v!r} is not a number from {low} to {high}")
        parsed[column] = number
    # Empty is "not reported" (this project's own ACLED-shaped exports write it so); ACLED itself always counts.
    given = rows["fatalities"].str.strip()
    fatalities = pd.to_numeric(given, errors="coerce")
    report(given.ne("") & (fatalities.isna() | (fatalities < 0) | (fatalities % 1 != 0)), "fatalities",
           lambda v: f"{v!r} is not a count (a whole number, 0 or more, as ACLED records the lowest reported figure; "
                     "empty when none was reported)")
    parsed["killed"] = fatalities
    report(~rows["event_type"].str.strip().isin(list(EVENT_TYPES)), "event_type",
           lambda v: f"{v!r} is not an ACLED event type (one of {', '.join(EVENT_TYPES)})")
    parsed["country"] = country_codes(rows)
    report(parsed["country"].isna(), iso_column(rows),
           lambda v: f"{v!r} is not an ISO 3166 country code (ACLED's numeric iso, e.g. 586, or iso3, e.g. PAK)")
    ids = rows["event_id_cnty"].str.strip()
    report(ids.eq(""), "event_id_cnty", lambda v: "is empty (every ACLED event has an id such as PAK12345)")
    first = ~ids.duplicated(keep="first")
    repeated = ~first & ids.ne("")
    first_line = dict(zip(ids[first], rows.loc[first, "_line"], strict=True))
    report(repeated, "event_id_cnty", lambda v: f"{v!r} repeats the event on line {first_line[v.strip()]} (ids are "
                                                "unique in an ACLED export; keep one row per event)")
    return parsed, sorted(problems)


def head_for(frame: pd.DataFrame, path: Path) -> FileHead:
    """What an events file would declare around an ACLED table: a title, ACLED as the one source, its event types
    (the head itself holds no events: they are the table's rows)."""
    present = set(frame["category_label"])
    categories = {category_id(kind): Category(label=kind, colour=colour, description=f"ACLED event type: {kind}",
                                              acled_event_type=kind)
                  for kind, colour in EVENT_TYPES.items() if kind in present}
    period = f"{frame['date'].min():%-d %B %Y} – {frame['date_end'].max():%-d %B %Y}"
    countries = list(frame["country_name"].value_counts().index)
    named = ", ".join(countries[:3]) + (f" and {len(countries) - 3} more" if len(countries) > 3 else "")
    meta = Meta(title=f"ACLED events: {named}, {period}"[:160], version=None,
                description=f"Imported from {path.name}, an ACLED export")
    source = Source(title="ACLED (Armed Conflict Location & Event Data)", kind="outside", publisher="ACLED",
                    url=ACLED_URL)
    return FileHead(meta=meta, sources={SOURCE_ID: source}, categories=categories, phases=[],
                    events=[f"{len(frame)} rows of {path.name}"])


def build_acled_frame(rows: pd.DataFrame, parsed: pd.DataFrame, geography: Geography, world: World) -> pd.DataFrame:
    """The resolved table of valid rows: the same columns as an events file's, so every view and export reads it."""
    text = {column: rows[column].str.strip() for column in
            ("event_id_cnty", "event_type", "sub_event_type", "actor1", "actor2", "location", "notes", "source",
             "admin1") if column in rows.columns}
    precision = parsed["date_precision"]
    month_start = parsed["date"].dt.to_period("M").dt.start_time
    month_end = parsed["date"].dt.to_period("M").dt.end_time.dt.normalize()
    date = parsed["date"].where(precision != "month", month_start)
    date_end = parsed["date"].where(precision != "month", month_end)
    categories = text["event_type"].map(category_id)
    where = text["location"].where(text["location"].ne(""), text.get("admin1", text["location"]))
    titles = (text["sub_event_type"] + " in " + where + ": " + text["actor1"]).str.slice(0, 160)
    actors = _actors(rows)
    location = parsed["location_precision"]
    area_ids, radii = _provinces(text.get("admin1"), parsed["country"], location, world)
    point_country = geography.countries_of(parsed["longitude"].to_numpy(), parsed["latitude"].to_numpy())
    source_names = text.get("source", pd.Series("", index=rows.index))
    notes = text.get("notes", pd.Series("", index=rows.index))
    frame = finish(pd.DataFrame({  # what ACLED does not record (spans, origins, links, phases) stays at its default
        "id": text["event_id_cnty"],
        "title": titles,
        "category": categories,
        "category_label": text["event_type"],
        "colour": text["event_type"].map(EVENT_TYPES),
        "date": date.dt.normalize(),
        "date_end": date_end.dt.normalize(),
        "date_text": np.where(precision == "month", parsed["date"].dt.strftime("%Y-%m"),
                              parsed["date"].dt.strftime("%Y-%m-%d")),
        "date_precision": precision,
        "place": where,
        "province": text.get("admin1"),
        "country": parsed["country"],
        "country_name": rows["country"].str.strip(),
        "location_precision": location,
        "location_radius_km": np.where(location == "exact", 0.0, np.where(location == "near", NEAR_KM, radii)),
        "area_id": area_ids,
        "lat": parsed["latitude"],
        "lon": parsed["longitude"],
        "location_source": "ACLED",
        "location_provider": "acled",
        "point_country": point_country,
        "actors": actors,
        "killed": parsed["killed"],
        "description": notes.where(notes.ne(""), titles),
        "sources": [[{"source": SOURCE_ID, "title": name or "ACLED", "kind": "outside",
                      "publisher": "ACLED", "url": ACLED_URL, "quote": _quote(note), "supports": None}]
                    for name, note in zip(source_names, notes, strict=True)],
        "flags": [event_flags(disputed=False, date_precision=date_level, location_precision=place_level, planned=False,
                              named_country=named, point_country=found, outside=True)
                  for date_level, place_level, named, found in zip(precision, location, parsed["country"],
                                                                    point_country, strict=True)],
        "line": rows["_line"].astype(int),
    }, index=rows.index))
    frame["border_km"] = border_distances(frame, geography)
    return frame



def _actors(rows: pd.DataFrame) -> list[list[str]]:
    columns = [column for column in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2") if column in rows.columns]
    result = []
    for cells in zip(*(rows[column] for column in columns), strict=True):
        names = [part.strip() for cell in cells for part in cell.split(";")]
        result.append(list(dict.fromkeys(name for name in names if name)))
    return result


def _provinces(admin1: pd.Series | None, countries: pd.Series, precision: pd.Series,
               world: World) -> tuple[list[str | None], np.ndarray]:
    """For events known only to the province: the world province of that name (its outline is drawn) and how far
    from its point an event may lie (the spread of its towns); nothing for the others."""
    ids: list[str | None] = [None] * len(precision)
    radii = np.zeros(len(precision))
    if admin1 is None:
        return ids, radii
    found: dict[tuple[str, str], tuple[str | None, float]] = {}
    for i, (name, country, level) in enumerate(zip(admin1, countries, precision, strict=True)):
        if level != "province" or not name or not isinstance(country, str):
            continue
        if (name, country) not in found:
            matches = world.provinces(name, country)
            found[name, country] = (matches[0].id, matches[0].radius_km) if len(matches) == 1 else (None, 0.0)
        ids[i], radii[i] = found[name, country]
    return ids, radii


def _quote(note: str) -> str:
    """ACLED's note, verbatim, cut at a word before ``MAX_QUOTE`` characters when longer."""
    if len(note) <= MAX_QUOTE:
        return note
    return note[:MAX_QUOTE - 1].rsplit(" ", 1)[0] + "…"


def focus_countries(codes: pd.Series) -> list[str]:
    """The countries an ACLED extract is about, most events first."""
    return [code for code in codes.value_counts().index if isinstance(code, str)]


def geography_for_rows(codes: pd.Series, world: World | None = None) -> Geography:
    world = world or default_world()
    return Geography.for_countries(world, [code for code in focus_countries(codes) if code in world.countries])
