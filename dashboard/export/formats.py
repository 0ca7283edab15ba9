"""The resolved table as GeoJSON, CSV or JSON, for analysts' own tools."""

from __future__ import annotations

import io
import json
import math
from typing import Any

import pandas as pd

GEOJSON_SKIP = ("lat", "lon")  # they are the geometry
FORMATS = ("geojson", "csv", "json")


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


def to_csv(frame: pd.DataFrame) -> str:
    flat = pd.DataFrame(records(frame), columns=list(frame.columns), dtype=object)
    for column in flat.columns:
        if flat[column].map(lambda v: isinstance(v, (list, dict))).any():
            flat[column] = flat[column].map(lambda v: json.dumps(v, ensure_ascii=False) if v is not None else "")
    buffer = io.StringIO()
    flat.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def render(frame: pd.DataFrame, fmt: str) -> str:
    if fmt == "geojson":
        return json.dumps(to_geojson(frame), ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return to_csv(frame)
    if fmt == "json":
        return json.dumps(records(frame), ensure_ascii=False, indent=1) + "\n"
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
