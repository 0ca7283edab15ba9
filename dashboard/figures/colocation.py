"""Events at one place, drawn so that none lies about where it happened.

At the scale of a map (its frame's pixels), events whose points are closer than ``JOIN_PX`` to a group's busiest
point are one group. A lone event is drawn at its point. A few (up to ``SPREAD_AT_MOST``) are spread on a ring small
enough that no marker moves more than ``NEAR_PX`` from its own point. More are one cluster mark at their mean point:
their count, ringed by dots in their categories' colours. A cluster the analyst opens (by selecting one of its
events) is spread on a wider sunflower, each marker tied to the place by a leader line. So, at any scale, every
marker but those of an opened cluster lies within ``NEAR_PX`` of its event's point.

Pure functions of pixel positions; the scene (``figures/cartography.py``) projects and unprojects.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

import numpy as np
import shapely

NEAR_PX = 20.0  # the farthest a marker is drawn from its event's point (an opened cluster's aside)
JOIN_PX = 8.0  # points closer than this to a group's busiest point join the group: so each lies within 2x of its mean
SPREAD_AT_MOST = 4  # this many events at one place are spread on a ring; more are one cluster mark
CLUSTER_PX = (22.0, 34.0)  # a cluster mark's diameter, from a few events to a hundred and more
BREAKDOWN_DOTS = 12  # at most this many dots ring a cluster mark: one per event, or shares of them past it
DOT_PX = 6.0
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


class Kind(Enum):
    SINGLE = "single"  # one event, at its point
    SPREAD = "spread"  # a few, on a small ring around their mean point
    CLUSTER = "cluster"  # many, one mark at their mean point
    OPENED = "opened"  # a cluster the analyst opened, spread on a sunflower


@dataclass(frozen=True)
class Colocated:
    """Events drawn together: their rows (positions in the frame), how, around which point (px) and how far their
    marks reach from it (px): a label beside them goes beyond."""

    rows: np.ndarray
    kind: Kind
    centre: np.ndarray
    reach: float


@dataclass(frozen=True)
class Placement:
    """Where each event's marker is drawn (px; a clustered event: at its cluster's mark), each marker's diameter
    (a clustered event: its cluster mark's, so a ring round it fits) and the groups."""

    drawn: np.ndarray
    sizes: np.ndarray
    groups: list[Colocated]

    def of(self, kind: Kind) -> list[Colocated]:
        return [group for group in self.groups if group.kind is kind]


def cluster_size(count: int) -> float:
    """A cluster mark's diameter (px): grows with the square root of its count, within ``CLUSTER_PX``."""
    low, high = CLUSTER_PX
    return min(high, low + 2.0 * math.sqrt(max(count - SPREAD_AT_MOST, 0)))


def colocate(xy: np.ndarray, sizes: np.ndarray, opened: int | None = None) -> Placement:
    """Where to draw markers of ``sizes`` (px diameters) for events at ``xy`` (px): see the module. ``opened``: the
    row of an event whose cluster is drawn open (the selected event's)."""
    drawn, sizes = np.array(xy, dtype=float).reshape(-1, 2), np.array(sizes, dtype=float)
    groups = []
    for rows in _groups(drawn):
        centre = drawn[rows].mean(axis=0)
        if len(rows) == 1:
            groups.append(Colocated(rows, Kind.SINGLE, centre, float(sizes[rows[0]]) / 2))
        elif len(rows) <= SPREAD_AT_MOST:
            groups.append(_ring(drawn, sizes, rows, centre))
        elif opened is not None and opened in rows:
            groups.append(_sunflower(drawn, sizes, rows, centre))
        else:
            drawn[rows] = centre
            sizes[rows] = cluster_size(len(rows))
            groups.append(Colocated(rows, Kind.CLUSTER, centre, float(sizes[rows[0]]) / 2 + DOT_PX))
    return Placement(drawn, sizes, groups)


def _groups(xy: np.ndarray) -> list[np.ndarray]:
    """Rows of points within ``JOIN_PX`` of a group's seed, seeded at the point with most neighbours first (so a
    crowded place is one group, not split among its neighbours'). Identical points are counted once per place."""
    if not len(xy):
        return []
    places, place_of = np.unique(np.round(xy, 1), axis=0, return_inverse=True)
    place_of = place_of.ravel()
    weight = np.bincount(place_of, minlength=len(places))
    points = shapely.points(places)
    near_a, near_b = shapely.STRtree(points).query(points, predicate="dwithin", distance=JOIN_PX)
    crowd = np.bincount(near_a, weights=weight[near_b], minlength=len(places))
    neighbours = np.split(near_b[np.argsort(near_a, kind="stable")], np.cumsum(np.bincount(near_a, minlength=len(places)))[:-1])
    group_of = np.full(len(places), -1)
    for seed in np.lexsort((np.arange(len(places)), -crowd)):
        if group_of[seed] >= 0:
            continue
        members = neighbours[seed][group_of[neighbours[seed]] < 0]
        group_of[members] = seed
    by_event = group_of[place_of]
    order = np.argsort(by_event, kind="stable")
    bounds = np.flatnonzero(np.diff(by_event[order])) + 1
    groups = np.split(order, bounds)
    return sorted(groups, key=lambda rows: int(rows[0]))


def _ring(drawn: np.ndarray, sizes: np.ndarray, rows: np.ndarray, centre: np.ndarray) -> Colocated:
    """A few events on a ring around their mean point, in frame order clockwise from the top, as wide as their
    markers need to stand apart but no wider than keeps every marker within ``NEAR_PX`` of its own point (large
    markers then overlap, each still showing)."""
    count = len(rows)
    off_centre = float(np.hypot(*(drawn[rows] - centre).T).max())
    needed = (float(sizes[rows].max()) + 2) / (2 * math.sin(math.pi / count))
    radius = max(min(needed, NEAR_PX - off_centre), 0.0)
    angles = -math.pi / 2 + 2 * math.pi * np.arange(count) / count
    drawn[rows] = centre + radius * np.column_stack([np.cos(angles), np.sin(angles)])
    return Colocated(rows, Kind.SPREAD, centre, radius + float(sizes[rows].max()) / 2)


def _sunflower(drawn: np.ndarray, sizes: np.ndarray, rows: np.ndarray, centre: np.ndarray) -> Colocated:
    """An opened cluster: every marker apart on a sunflower around the place, in frame order from its middle."""
    spacing = float(sizes[rows].max()) + 2
    angles = np.arange(len(rows)) * GOLDEN_ANGLE
    radii = spacing * 0.62 * np.sqrt(np.arange(len(rows)) + 0.8)
    drawn[rows] = centre + np.column_stack([radii * np.cos(angles), radii * np.sin(angles)])
    return Colocated(rows, Kind.OPENED, centre, float(radii.max()) + spacing / 2)


def breakdown_dots(centre: np.ndarray, size: float, shares: list[tuple[str, int]]) -> tuple[np.ndarray, list[str]]:
    """The dots ringing a cluster mark of ``size`` at ``centre`` (px), clockwise from the top: one per event in
    ``shares`` ((colour, count), in category order), or past ``BREAKDOWN_DOTS`` events each colour's share of them
    (largest remainders), so the ring reads as the cluster's mix of categories."""
    total = sum(count for _, count in shares)
    dots = min(total, BREAKDOWN_DOTS)
    exact = [count * dots / total for _, count in shares]
    given = [math.floor(value) for value in exact]
    for i in sorted(range(len(shares)), key=lambda i: given[i] - exact[i])[:dots - sum(given)]:
        given[i] += 1
    colours = [colour for (colour, _), n in zip(shares, given, strict=True) for _ in range(n)]
    angles = -math.pi / 2 + 2 * math.pi * np.arange(len(colours)) / max(len(colours), 1)
    radius = size / 2 + DOT_PX / 2
    return centre + radius * np.column_stack([np.cos(angles), np.sin(angles)]), colours
