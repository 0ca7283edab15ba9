"""The resolved table as GeoJSON, CSV, JSON or ACLED-shaped CSV, for analysts' own tools."""

from __future__ import annotations

import io
import json
import math
from typing import Any

import pandas as pd
import pycountry

from dashboard.figures.style import lowest_toll
from dashboard.model.acled import CURRENT_COLUMNS as ACLED_COLUMNS
from dashboard.model.acled import GEO_PRECISION_CODES, TIME_PRECISION_CODES

GEOJSON_SKIP = ("lat", "lon")  # they are the geometry
FORMATS = ("geojson", "csv", "json", "acled")
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV Injection"). defusedcsv
# does not cover tab and carriage return, and rewrites "|" inside cells, so this is the one rule, applied here.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain JSON values: ISO dates, None for missing, lists and dicts kept."""
    return [{column: _plain(value) for column, value in row.items()} for row in frame.to_dict("records")]


def to_geojson(frame: pd.DataFrame) -> dict:
    features = []
    for row in records(frame):
        properties = {k: v for k, v in row.items() if k not in GEOJSON_SKIP}
        features.append({
            "type": "Feature",
            "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
            "properties": properties,
        })
    return {"type": "FeatureCollection", "features": features}


def formula_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``, a leading tab
    or carriage return) with a ``'`` before it, so Excel and LibreOffice show it as text; anything else as is
    (numbers stay numbers: a longitude of -33.5 is not text)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _csv(table: pd.DataFrame) -> str:
    """A CSV of ``table``, every text cell formula-safe (JSON and GeoJSON keep the data as it is)."""
    buffer = io.StringIO()
    # Cell by cell into object columns: a mapped column would infer a type again (11 and None become 11.0 and NaN).
    safe = pd.DataFrame({column: pd.Series([formula_safe(value) for value in table[column]], dtype=object)
                         for column in table.columns})
    safe.to_csv(buffer, index=False, lineterminator="\n")  # missing values: empty cells
    return buffer.getvalue()


def to_csv(frame: pd.DataFrame) -> str:
    flat = pd.DataFrame(records(frame), columns=list(frame.columns), dtype=object)
    for column in flat.columns:
        if flat[column].map(lambda v: isinstance(v, (list, dict))).any():
            flat[column] = flat[column].map(lambda v: json.dumps(v, ensure_ascii=False) if v is not None else "")
    return _csv(flat)


def to_acled_csv(frame: pd.DataFrame, categories: dict) -> str:
    """The events as an ACLED export lays them out (its current columns, in its order), so they sit beside ACLED
    data in analysts' tools; ``dashboard.model.acled`` reads the file back.

    A month-only date is written as mid-month with time precision 3, as ACLED codes it; a category's
    ``acled_event_type`` and ``acled_sub_event_type`` fill ACLED's (else its label stands in and the file is
    not ACLED's vocabulary); actors 1 and 2 are the first two named, the rest associated with actor 2; an
    event known to its province or country is geo precision 3; fatalities stay empty when none were reported
    (ACLED would write 0: unknown is not none); ``tags`` carries the event's flags (disputed, month_only…)."""
    rows = []
    for row in records(frame):
        category = categories.get(row["category"])
        day = pd.Timestamp(row["date"])
        month_only = row["date_precision"] == "month"
        country = pycountry.countries.get(alpha_2=row["country"]) if row["country"] else None
        actors = row["actors"] or []
        names = [source.get("publisher") or source.get("title") or source["source"] for source in row["sources"]]
        rows.append({
            "event_id_cnty": row["id"],
            "event_date": (day + pd.Timedelta(days=14)).date().isoformat() if month_only else row["date"],
            "year": day.year,
            "time_precision": TIME_PRECISION_CODES[row["date_precision"]],
            "event_type": (category.acled_event_type if category else None) or row["category_label"],
            "sub_event_type": (category.acled_sub_event_type if category else None) or "",
            "actor1": actors[0] if actors else "",
            "actor2": actors[1] if len(actors) > 1 else "",
            "assoc_actor_2": "; ".join(actors[2:]),
            "iso": int(country.numeric) if country else "",
            "country": row["country_name"],
            "admin1": row["province"] or "",
            "location": row["place"],
            "latitude": round(row["lat"], 4),
            "longitude": round(row["lon"], 4),
            "geo_precision": GEO_PRECISION_CODES[row["location_precision"]],
            "source": "; ".join(dict.fromkeys(names)),
            "notes": row["description"],
            # ACLED codes the lowest figure reported; the views show the latest.
            "fatalities": "" if (lowest := lowest_toll(row["toll_reports"], "killed", row["killed"])) is None
            else lowest,
            "tags": "; ".join(row["flags"]),
        })
    return _csv(pd.DataFrame(rows, columns=list(ACLED_COLUMNS)))


def render(frame: pd.DataFrame, fmt: str, categories: dict | None = None) -> str:
    if fmt == "geojson":
        return json.dumps(to_geojson(frame), ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return to_csv(frame)
    if fmt == "json":
        return json.dumps(records(frame), ensure_ascii=False, indent=1) + "\n"
    if fmt == "acled":
        return to_acled_csv(frame, categories or {})
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
