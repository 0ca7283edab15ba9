"""Many events at once: counts per grid cell for the map and per lane and day for the timeline.

Past ``DENSE_EVENTS`` events in view a map of markers is a blot and a timeline of dots a smear, and both cost
seconds and tens of megabytes to send. Zoomed out, the map draws one mark per grid cell (its size the count, its
colour the commonest category) and the timeline one per lane and day; zoomed in to fewer events, the map draws the
events of the view themselves. Pure functions of a frame; no plotly here; the counting is SQL
(``dashboard.model.queries``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.figures.cartography import Extent
from dashboard.figures.style import text
from dashboard.model import queries

DENSE_EVENTS = 2_000  # more events than this in view: counts, not markers (past this many, markers merge anyway)
CELLS_ACROSS = 48  # grid cells across the map's width (17 px each in the app's panel)
MIN_MARK_PX, MAX_MARK_PX = 5.0, 26.0


def is_dense(count: int) -> bool:
    return count > DENSE_EVENTS


def in_extent(frame: pd.DataFrame, extent: Extent) -> pd.DataFrame:
    """The events whose point lies in ``extent``."""
    return frame[extent.holds(frame)]


def cell_side(extent: Extent) -> float:
    """The side, in degrees, of the grid cells a map of ``extent`` aggregates into."""
    return (extent.east - extent.west) / CELLS_ACROSS


def grid_cells(frame: pd.DataFrame, side: float, *, noun: str = "event", where: str = " here",
               hint: str = "<br><i>zoom in to see the events</i>") -> pd.DataFrame:
    """One row per grid cell holding events: its centre (``draw_lon``/``draw_lat``), ``count``, ``killed``,
    commonest category (``category``, ``colour``, ``category_label``), marker ``size`` (area proportional to the count) and a
    ``hover`` text ("<b>12 events</b> here · 3 killed", mostly which category, a ``hint``). Square cells of ``side``
    degrees on a grid anchored at 0°, 0° (cells stay put as the map pans)."""
    columns = ["draw_lon", "draw_lat", "count", "killed", "category", "colour", "category_label", "size", "hover"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    cells = queries.grid_counts(frame, side)
    named = frame.drop_duplicates("category").set_index("category")
    cells["category_label"] = cells["category"].map(named["category_label"])
    cells["colour"] = cells["category"].map(named["colour"])
    cells["draw_lon"] = (cells["col"] + 0.5) * side
    cells["draw_lat"] = (cells["row"] + 0.5) * side
    share = np.sqrt(cells["count"] / cells["count"].max())
    cells["size"] = MIN_MARK_PX + (MAX_MARK_PX - MIN_MARK_PX) * share
    cells["hover"] = [f"<b>{count:,} {noun}{'s' if count != 1 else ''}</b>{where} · {int(killed):,} killed<br>"
                      f"mostly {text(label)}{hint}"
                      for count, killed, label in zip(cells["count"], cells["killed"], cells["category_label"],
                                                      strict=True)]
    return cells[columns]


def daily_counts(frame: pd.DataFrame, lane_y: pd.Series) -> pd.DataFrame:
    """One row per lane and day holding events: ``y`` (the lane's centre: events' own ``lane_y`` are spread
    about it), ``day``, ``count``, ``killed``, the commonest colour and a ``hover`` text; an event known only to
    its month counts on its middle day."""
    if frame.empty:
        return pd.DataFrame(columns=["y", "day", "count", "killed", "colour", "hover"])
    days = queries.daily_counts(frame, lane_y)
    days["hover"] = [f"<b>{count:,} event{'s' if count != 1 else ''}</b> on {day:%-d %b %Y} · {int(killed):,} killed"
                     for count, killed, day in zip(days["count"], days["killed"], days["day"], strict=True)]
    return days
