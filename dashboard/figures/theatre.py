"""The theatre of a crisis, found from its events: the part of the world a map frames by default, and the groups
of events beyond any frame (pointed to at its edge and counted in the caption).

A crisis's events are grouped by single linkage: places closer than ``LINK_SHARE`` of the extent still framed join
one group. The group whose leaving shrinks the framed area most goes elsewhere, as long as the framed area at least
halves (``SHRINK_AT_MOST``: a reader gains a real change of scale) and the frame keeps ``THEATRE_SHARE`` of the
events and of the casualties; then again, from the smaller frame. No distance or region is tuned: a ceasefire
meeting on another continent leaves a border war's frame, two belligerents' capitals a thousand km from their
border stay in it when they hold a fair share of the events.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.model.kept import Kept
from dashboard.state.modes import Framing

THEATRE_SHARE = 0.8  # of the events, and of the casualties, the theatre keeps at least
SHRINK_AT_MOST = 0.5  # a group goes elsewhere only if the framed (Mercator) area at least halves without it
LINK_SHARE = 0.1  # places closer than this share of the framed extent's larger side are one group
PLACE_DEG = 0.01  # points closer than this (about 1 km) are one place
PRECISE = ("exact", "near")
MAX_PLACES = 1500  # the distances of this many places to each other (18 MB) at most: past it, places are coarser


@dataclass(frozen=True)
class Group:
    """Events near each other, beyond the frame."""

    rows: tuple[int, ...]  # positions in the frame
    lon: float
    lat: float
    name: str  # its busiest place, and how many others

    @property
    def count(self) -> int:
        return len(self.rows)


def framed_rows(frame: pd.DataFrame, framing: Framing, kept: Kept | None = None) -> np.ndarray:
    """Which events a map frames (a boolean per row): the theatre's, or every one. The theatre is kept in ``kept``
    (the table's) when given: an export asks for it to size its caption, then to frame its map."""
    if framing is Framing.ALL:
        return np.ones(len(frame), dtype=bool)
    if kept is None:
        return theatre_rows(frame)
    return kept.get("theatre", tuple(frame["id"]), lambda: theatre_rows(frame))


def theatre_rows(frame: pd.DataFrame) -> np.ndarray:
    """Which events frame the theatre (a boolean per row of ``frame``)."""
    keep = np.ones(len(frame), dtype=bool)
    if len(frame) < 3:
        return keep
    lons, lats = frame["lon"].to_numpy(dtype=float), frame["lat"].to_numpy(dtype=float)
    casualties = (frame["killed"].fillna(0).to_numpy(dtype=float) + frame["injured"].fillna(0).to_numpy(dtype=float))
    events_floor, casualties_floor = THEATRE_SHARE * len(frame), THEATRE_SHARE * casualties.sum()
    while True:
        area = _area(lons[keep], lats[keep])
        best, best_area = None, area * SHRINK_AT_MOST
        for group in _groups(lons, lats, keep):
            left = keep.copy()
            left[group] = False
            if left.sum() < events_floor or casualties[left].sum() < casualties_floor:
                continue
            shrunk = _area(lons[left], lats[left])
            if shrunk <= best_area:
                best, best_area = left, shrunk
        if best is None:
            return keep
        keep = best


def beyond(frame: pd.DataFrame, outside: np.ndarray) -> list[Group]:
    """The events ``outside`` a frame, in groups of nearby places (the same linkage as the theatre's, at the scale
    of those events), largest first."""
    lons, lats = frame["lon"].to_numpy(dtype=float), frame["lat"].to_numpy(dtype=float)
    groups = []
    for rows in _groups(lons, lats, outside):
        members = frame.iloc[rows]
        precise = members[members["location_precision"].isin(PRECISE)]  # a town names a group better than a country
        busiest = (precise if len(precise) else members)["place"].value_counts().index[0]
        others = members["place"].nunique() - 1
        name = busiest + (f" and {others} more" if others else "")
        groups.append(Group(tuple(int(r) for r in rows), float(lons[rows].mean()), float(lats[rows].mean()), name))
    return sorted(groups, key=lambda g: (-g.count, g.name))


def _groups(lons: np.ndarray, lats: np.ndarray, among: np.ndarray) -> list[np.ndarray]:
    """Single-linkage groups of the rows ``among`` (positions), linked when closer than ``LINK_SHARE`` of their
    extent's larger side (degrees, longitudes scaled at their latitude)."""
    rows = np.flatnonzero(among)
    if not len(rows):
        return []
    points, grid = np.column_stack([lons[rows], lats[rows]]), PLACE_DEG
    while True:  # a hundred thousand events over a country: a grid coarse enough for MAX_PLACES places
        places, place_of = np.unique(np.round(points / grid), axis=0, return_inverse=True)
        if len(places) <= MAX_PLACES:
            break
        grid *= 2
    xy = places * grid
    scale = np.cos(np.radians(xy[:, 1]))
    span = max(np.ptp(xy[:, 0] * scale), np.ptp(xy[:, 1]), PLACE_DEG)
    dx = (xy[:, None, 0] - xy[None, :, 0]) * np.minimum(scale[:, None], scale[None, :])
    dy = xy[:, None, 1] - xy[None, :, 1]
    linked = np.hypot(dx, dy) <= LINK_SHARE * span
    labels = _components(linked)
    return [rows[labels[place_of.ravel()] == label] for label in np.unique(labels)]


def _components(linked: np.ndarray) -> np.ndarray:
    """Connected components of a boolean adjacency matrix, as a label per node."""
    labels = np.full(len(linked), -1)
    for start in range(len(linked)):
        if labels[start] >= 0:
            continue
        labels[start] = start
        frontier = [start]
        while frontier:
            node = frontier.pop()
            for neighbour in np.flatnonzero(linked[node] & (labels < 0)):
                labels[neighbour] = start
                frontier.append(int(neighbour))
    return labels


def _area(lons: np.ndarray, lats: np.ndarray) -> float:
    """The Mercator area of the points' bounding box (what a map of them spends its page on), a little more than a
    point's so one place alone is no zero."""
    y = np.log(np.tan(np.pi / 4 + np.radians(np.clip(lats, -85, 85)) / 2))
    width = max(math.radians(float(np.ptp(lons))), math.radians(PLACE_DEG))
    return width * max(float(np.ptp(y)), math.radians(PLACE_DEG))
