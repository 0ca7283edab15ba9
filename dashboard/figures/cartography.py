"""The map as a scene: every mark, label and key of a map of some events in a frame of a given size, in lon/lat.

Both renderers draw the same scene: the app's MapLibre map (``figures/map.py``) and the vector print map of the
exports (``figures/print_map.py``). So the app and every export show the same spread of co-located events, the
same labels (placed once, measured with the figures' font, never over a marker or another label), the same
uncertainty areas and arrows, and a legend with a key for every kind of mark drawn.

Positions are placed in the pixels of the frame under a Mercator projection (the app's, and the print map's),
so "ten pixels apart" means the same on screen and on paper. Nothing here depends on a region: sizes follow the
frame, the events and the countries drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import box, mapping

from dashboard.figures.colocation import DOT_PX, Kind, Placement, breakdown_dots, colocate
from dashboard.figures.marks import MARKS
from dashboard.figures.measure import text_box
from dashboard.figures.obstacles import Obstacles, boxes_along, overlaps
from dashboard.figures.style import MARKER_PX, casualty_size, size_key, text
from dashboard.figures.theatre import Group, beyond, framed_rows
from dashboard.model.kept import Kept
from dashboard.model.table import row_of
from dashboard.state.modes import Framing
from geo.borders import KM_PER_DEGREE, Geography

MIN_TEXT_PX = 10.0  # 7.5 pt at 96 px to the inch: the smallest text a printed map may carry
PLACE_TEXT_PX = 11.0
PROVINCE_TEXT_PX = 10.5
POINTER_TEXT_PX = 11.0
COUNTRY_TEXT_PX = (11.0, 14.0)  # context countries, focus countries
SIZE_SHARE = 0.045  # of the frame's shorter side: the largest casualty-sized marker
SIZE_CAP_PX = (16.0, 30.0)
FRAME_PAD_SHARE = 0.10  # room around the events, a share of the frame's side
FRAME_PAD_MAX = 0.3
LABEL_GAP_PX = 3.0
BARB_PX = 9.0  # the longest an arrowhead's barbs are drawn
STUB_PX = 60.0  # a strike launched from beyond the frame: the part of its arrow drawn, ending at the target
MAX_PLACE_LABELS = 40  # beyond this a map is a pattern, not a list of places: the busiest places are named
HALO_STEPS = 32
NICE_STEPS = (1, 2, 2.5, 5)


@dataclass(frozen=True)
class Extent:
    """A lon/lat rectangle: west, south, east, north."""

    west: float
    south: float
    east: float
    north: float

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return self.west, self.south, self.east, self.north

    def fitted(self, width: float, height: float) -> Extent:
        """The smallest extent holding this one with exactly the frame's aspect ratio (in Mercator), so the map
        fills its frame: the narrower side grows, about the centre."""
        x0, x1 = math.radians(self.west), math.radians(self.east)
        y0, y1 = _mercator(self.south), _mercator(self.north)
        span_x, span_y = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
        if span_x / span_y < width / height:
            grow = (span_y * width / height - span_x) / 2
            x0, x1 = x0 - grow, x1 + grow
        else:
            grow = (span_x * height / width - span_y) / 2
            y0, y1 = y0 - grow, y1 + grow
        return Extent(math.degrees(x0), _latitude(y0), math.degrees(x1), _latitude(y1))

    def padded(self, share: float, share_y: float | None = None) -> Extent:
        """Grown by ``share`` of its width on each side (and ``share_y``, else ``share``, of its height)."""
        dx = (self.east - self.west) * share
        dy = (self.north - self.south) * (share if share_y is None else share_y)
        return Extent(max(self.west - dx, -180), max(self.south - dy, -85), min(self.east + dx, 180),
                      min(self.north + dy, 85))

    def holds(self, frame: pd.DataFrame) -> np.ndarray:
        """Which events' true points lie in the extent (a boolean per row)."""
        lons, lats = frame["lon"].to_numpy(dtype=float), frame["lat"].to_numpy(dtype=float)
        return (lons >= self.west) & (lons <= self.east) & (lats >= self.south) & (lats <= self.north)

    def describe(self) -> str:
        return f"{_degrees(self.west, 'E', 'W')}–{_degrees(self.east, 'E', 'W')}, " \
               f"{_degrees(self.south, 'N', 'S')}–{_degrees(self.north, 'N', 'S')}"


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):.1f}°{positive if value >= 0 else negative}"


def _mercator(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(max(-85.0, min(85.0, lat))) / 2))


def _latitude(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def mercator_middle(south: float, north: float) -> float:
    """The latitude halfway between two others on a Mercator map."""
    return _latitude((_mercator(south) + _mercator(north)) / 2)


class Projector:
    """Lon/lat to the frame's pixels (x right, y down) under Mercator, and back."""

    def __init__(self, extent: Extent, width: float, height: float):
        self.extent, self.width, self.height = extent, width, height
        self._x0 = math.radians(extent.west)
        self._y1 = _mercator(extent.north)
        self.px_per_radian = width / (math.radians(extent.east) - self._x0)

    def to_px(self, lons, lats) -> np.ndarray:
        lons, lats = np.asarray(lons, dtype=float), np.clip(np.asarray(lats, dtype=float), -85, 85)
        x = (np.radians(lons) - self._x0) * self.px_per_radian
        y = (self._y1 - np.log(np.tan(np.pi / 4 + np.radians(lats) / 2))) * self.px_per_radian
        return np.column_stack([x, y])

    def to_lonlat(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        lons = np.degrees(xy[:, 0] / self.px_per_radian + self._x0)
        lats = np.degrees(2 * np.arctan(np.exp(self._y1 - xy[:, 1] / self.px_per_radian)) - np.pi / 2)
        return lons, lats

    def shows(self, xy: np.ndarray) -> np.ndarray:
        """Which px points lie in the frame (a boolean per point)."""
        return (xy[:, 0] >= 0) & (xy[:, 0] <= self.width) & (xy[:, 1] >= 0) & (xy[:, 1] <= self.height)

    def km_per_px(self, lat: float) -> float:
        return KM_PER_DEGREE * math.degrees(1 / self.px_per_radian) * math.cos(math.radians(lat))


def events_extent(frame: pd.DataFrame, geography: Geography, *, origins: bool = True) -> Extent:
    """Around every event's point, its arrow's start (unless not ``origins``: a theatre's frame leaves a strike
    launched from afar to its arrow, clipped at the edge) and any province outline it stands for; a single place
    shows the country it lies in."""
    lons = frame["lon"].tolist() + (frame["origin_lon"].dropna().tolist() if origins else [])
    lats = frame["lat"].tolist() + (frame["origin_lat"].dropna().tolist() if origins else [])
    for area_id in frame["area_id"].dropna().unique():
        outline = geography.area_outline(area_id)
        if outline is not None:
            west, south, east, north = outline.bounds
            lons += [west, east]
            lats += [south, north]
    if not lons:
        return Extent(-180, -60, 180, 80)
    extent = Extent(min(lons), min(lats), max(lons), max(lats))
    if extent.east - extent.west < 1e-3 and extent.north - extent.south < 1e-3:
        country = frame["country"].iloc[0]
        if geography.knows(country):
            extent = Extent(*geography.outline(country).bounds)
    return extent


@dataclass(frozen=True)
class Label:
    """A name placed on the map: renderers centre ``text`` on ``centre``, so it fills ``box`` exactly (plotly's
    other text positions add offsets of their own, and MapLibre takes one position per layer)."""

    text: str
    kind: str  # country | focus | place | province | elsewhere (a pointer to events beyond the frame)
    size: float
    centre: tuple[float, float]  # (lon, lat)
    box: tuple[float, float, float, float] = field(repr=False)  # x0, y0, x1, y1 in the frame's px
    ids: tuple[str, ...] = ()  # a pointer's: the events beyond the frame it points to


@dataclass(frozen=True)
class ScaleBar:
    lon0: float
    lon1: float
    lat: float
    km: float
    box: tuple[float, float, float, float] = field(repr=False)  # the corner it takes, in the frame's px

    @property
    def text(self) -> str:
        return f"{self.km:g} km"


@dataclass(frozen=True)
class SizeKey:
    """Circles of a few round tolls at the sizes the map draws them: the title's centre, then per circle its centre,
    diameter (px), label and the label's centre (lon, lat)."""

    title: str
    title_centre: tuple[float, float]
    circles: list[tuple[float, float, float, str, tuple[float, float]]]


@dataclass(frozen=True)
class ClusterMark:
    """Several events at one place drawn as one mark (``figures/colocation.py``): its count, ringed by dots in its
    events' categories' colours."""

    lon: float
    lat: float
    size: float  # px diameter
    ids: tuple[str, ...]
    place: str
    dots: tuple[list[float], list[float], list[str]]  # lons, lats, colours
    hover: str

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass
class Scene:
    """What a map of some events in one frame draws, in lon/lat."""

    extent: Extent
    width: int
    height: int
    frame: pd.DataFrame  # the events, in draw order, with ``draw_lon``/``draw_lat``, ``size`` and ``clustered``
    countries: list[tuple[str, str, bool, object]]  # (code, name, focus, geometry clipped to the frame)
    border: object
    areas: list[dict]  # GeoJSON features: where uncertain events may lie
    arrows: tuple[list, list]  # (lats, lons) of every strike arrow, None between them
    leaders: tuple[list, list]  # (lats, lons) of the lines from a spread marker back to its place
    hubs: tuple[list, list]  # (lats, lons) of places whose events are spread around them
    labels: list[Label]
    scale_bar: ScaleBar | None
    background: pd.DataFrame | None = None  # counts per grid cell of the background events (``grid_cells``)
    counts: bool = False  # ``frame`` holds a mark per grid cell (its count), not one per event
    elsewhere: list[Group] = field(default_factory=list)  # the events beyond the frame, by group
    clusters: list[ClusterMark] = field(default_factory=list)
    size_key: SizeKey | None = None

    @property
    def markers(self) -> pd.DataFrame:
        """The events drawn as markers of their own (not as part of a cluster mark)."""
        return self.frame[~self.frame["clustered"]] if "clustered" in self.frame else self.frame

    @property
    def keys(self) -> list[str]:
        """The kinds of mark the scene draws that its legend keys (``figures/marks.py``), in legend order."""
        return [kind for kind, mark in MARKS.items() if mark.keyed(self)]


def _framed(frame: pd.DataFrame, geography: Geography, width: int, height: int, framing: Framing,
            kept: Kept | None) -> Extent:
    """The extent of the events framed (the theatre's, or all) with room around it: ``FRAME_PAD_SHARE`` of the
    frame, and at least enough for the longest place name beside a marker at the edge."""
    names = [text_box(name, PLACE_TEXT_PX)[0] for name in frame["place"].drop_duplicates()[:MAX_PLACE_LABELS]]
    room_x = max([0.0, *names]) + 30  # the name, a marker's half and the gaps
    room_y = PLACE_TEXT_PX * 3
    # At most ``FRAME_PAD_MAX``: in a narrow panel room for a long name would shrink the theatre to a corner of a
    # continent; a name that does not fit beside its marker takes the other side.
    share_x = min(max(FRAME_PAD_SHARE, room_x / max(width - 2 * room_x, width * 0.2)), FRAME_PAD_MAX)
    share_y = min(max(FRAME_PAD_SHARE, room_y / max(height - 2 * room_y, height * 0.2)), FRAME_PAD_MAX)
    return framed_extent(frame, geography, framing, kept).padded(share_x, share_y)


def framed_extent(frame: pd.DataFrame, geography: Geography, framing: Framing, kept: Kept | None = None) -> Extent:
    """What a map of ``frame`` frames, before any room around it: the theatre's events (``figures/theatre.py``), or
    every event and every strike's start."""
    return events_extent(frame[framed_rows(frame, framing, kept)], geography, origins=framing is Framing.ALL)


def build_scene(frame: pd.DataFrame, geography: Geography, width: int, height: int, *,
                extent: Extent | None = None, kept: Kept | None = None, framing: Framing = Framing.THEATRE,
                selected: str | None = None) -> Scene:
    """The scene of ``frame`` in a ``width`` x ``height`` px frame showing ``extent`` (else the theatre's, or every
    event's with ``framing``, with room around them), stretched to the frame's aspect so the map fills it; events
    beyond it are pointed to at its edge; the ``selected`` event's cluster, if it is in one, open. The countries
    clipped to the frame are kept in ``kept`` (the table's, when the scene is of a loaded table's events: the app
    asks for the same frame at every filter change)."""
    extent = (extent or _framed(frame, geography, width, height, framing, kept)).fitted(width, height)
    projector = Projector(extent, width, height)
    countries = (kept or Kept()).get("countries", (extent, width), lambda: _countries(geography, extent, width))
    cap = casualty_cap(width, height)
    drawn, placement = _colocated(_sized(frame, projector, countries, cap), projector, selected)
    leaders, hubs = _leaders(placement, projector)
    border = shapely.clip_by_rect(geography.border, *extent.padded(0.05).bounds)
    areas = uncertainty_features(drawn, geography)
    arrows = arrow_paths(drawn, projector)
    elsewhere = beyond(drawn, ~extent.holds(drawn))
    labels = _labels(drawn, placement, geography, countries, projector, _line_boxes(arrows, projector), elsewhere)
    scale_bar = _scale_bar(projector, labels, drawn)
    return Scene(extent, width, height, drawn, countries, border, areas, arrows, leaders, hubs, labels, scale_bar,
                 elsewhere=elsewhere, clusters=_cluster_marks(drawn, placement, projector),
                 size_key=_size_key(projector, labels, drawn, cap, scale_bar))


def drawn_positions(frame: pd.DataFrame, geography: Geography, extent: Extent, width: int, height: int,
                    selected: str | None = None, kept: Kept | None = None) -> pd.DataFrame:
    """``frame`` with where the scene of that frame draws each marker (``draw_lon``/``draw_lat``), its ``size``
    and whether it is ``clustered``: the positions alone, without the labels, areas and keys a whole scene lays
    out (the countries that cap a marker's size kept in ``kept``)."""
    extent = extent.fitted(width, height)
    projector = Projector(extent, width, height)
    countries = (kept or Kept()).get("countries", (extent, width), lambda: _countries(geography, extent, width))
    return _colocated(_sized(frame, projector, countries, casualty_cap(width, height)), projector, selected)[0]


def casualty_cap(width: float, height: float) -> float:
    """The largest a casualty-sized marker is drawn in a frame: ``SIZE_SHARE`` of its shorter side, within
    ``SIZE_CAP_PX``. A 30 px circle is a symbol on a page-sized map and a province on a slide's."""
    low, high = SIZE_CAP_PX
    return float(min(high, max(low, SIZE_SHARE * min(width, height))))


def _sized(frame: pd.DataFrame, projector: Projector, countries: list, cap: float) -> pd.DataFrame:
    """``frame`` with each marker's ``size``: by casualties up to ``cap``, and never so large that its circle holds
    a whole country other than the event's own (a small one beside a large toll: the marker shrinks to the
    plain size, its toll in the hover)."""
    if frame.empty:
        return frame.assign(size=pd.Series(dtype=float))
    sizes = np.array(casualty_size(frame["killed"], frame["injured"], cap=cap))
    xy = projector.to_px(frame["lon"], frame["lat"])
    own = [set(pair) - {None} for pair in zip(frame["country"].where(frame["country"].notna(), None),
                                              frame["point_country"].where(frame["point_country"].notna(), None),
                                              strict=True)]
    for code, _, _, shape in countries:
        if shape.is_empty:
            continue
        west, south, east, north = shape.bounds  # its span in px from its bounds: no need to project every vertex
        if np.ptp(projector.to_px([west, east], [south, north]), axis=0).max() >= cap:  # too large to be held
            continue
        corners = projector.to_px(*shapely.get_coordinates(shape).T)
        farthest = np.hypot(xy[:, None, 0] - corners[None, :, 0], xy[:, None, 1] - corners[None, :, 1]).max(axis=1)
        holds = (sizes / 2 >= farthest) & np.array([code not in codes for codes in own])
        sizes[holds] = np.maximum(MARKER_PX, 2 * farthest[holds] - 2)
    return frame.assign(size=sizes)


def _colocated(frame: pd.DataFrame, projector: Projector, selected: str | None) -> tuple[pd.DataFrame, Placement]:
    """``frame`` with where each marker is drawn (``draw_lon``/``draw_lat``), its ``size``, whether it is drawn as
    part of a cluster mark (``clustered``) and whether it belongs to a cluster, drawn as its mark or opened
    (``gathered``): events at one place placed by ``figures/colocation.py``, the selected event's cluster open."""
    frame = frame.copy()
    xy = projector.to_px(frame["lon"], frame["lat"]) if len(frame) else np.empty((0, 2))
    opened = row_of(frame, selected) if selected is not None else None
    placement = colocate(xy, frame["size"].to_numpy(dtype=float), opened)
    frame["draw_lon"], frame["draw_lat"] = projector.to_lonlat(placement.drawn) if len(frame) else ([], [])
    frame["size"] = placement.sizes
    clustered, gathered = np.zeros(len(frame), dtype=bool), np.zeros(len(frame), dtype=bool)
    for group in placement.groups:
        clustered[group.rows] = group.kind is Kind.CLUSTER
        gathered[group.rows] = group.kind in (Kind.CLUSTER, Kind.OPENED)
    frame["clustered"], frame["gathered"] = clustered, gathered
    return frame, placement


def _leaders(placement: Placement, projector: Projector) -> tuple[tuple[list, list], tuple[list, list]]:
    """The lines from each spread marker back to its place, and the places (hubs): (lats, lons) each."""
    leader_lats: list = []
    leader_lons: list = []
    hubs = [group.centre for group in placement.groups if group.kind in (Kind.SPREAD, Kind.OPENED)]
    for group in placement.groups:
        if group.kind not in (Kind.SPREAD, Kind.OPENED):
            continue
        for point in placement.drawn[group.rows]:
            lons, lats = projector.to_lonlat(np.vstack([group.centre, point]))
            leader_lons += [*lons.tolist(), None]
            leader_lats += [*lats.tolist(), None]
    hub_lons, hub_lats = projector.to_lonlat(np.array(hubs)) if hubs else ([], [])
    return (leader_lats, leader_lons), (list(hub_lats), list(hub_lons))


def _cluster_marks(frame: pd.DataFrame, placement: Placement, projector: Projector) -> list[ClusterMark]:
    """One mark per cluster: where, how big, its events, its place's name, its ring of category dots, its hover."""
    marks = []
    for group in placement.of(Kind.CLUSTER):
        members = frame[["id", "place", "area_id", "category", "colour", "category_label"]].iloc[group.rows]
        counts = members.groupby(["category", "colour", "category_label"], sort=False).size()
        shares = sorted(counts.items(), key=lambda item: -item[1])
        size = float(placement.sizes[group.rows[0]])
        dots, colours = breakdown_dots(group.centre, size, [(colour, n) for (_, colour, _), n in shares])
        dot_lons, dot_lats = projector.to_lonlat(dots)
        lons, lats = projector.to_lonlat(group.centre[None, :])
        place = _place_text(members)
        hover = f"<b>{len(members)} events at {text(place)}</b><br>" + "<br>".join(
            f"{n} {text(label)}" for (_, _, label), n in shares) + "<br><i>Select one to spread them out</i>"
        marks.append(ClusterMark(float(lons[0]), float(lats[0]), size, tuple(members["id"]), place,
                                 (dot_lons.tolist(), dot_lats.tolist(), colours), hover))
    return marks


def _countries(geography: Geography, extent: Extent, width: int) -> list[tuple[str, str, bool, object]]:
    """The countries meeting the frame, clipped a little beyond it (so no edge of the cut shows) and simplified
    to half a pixel of the frame: what a print map needs and no more."""
    outer = extent.padded(0.05)
    tolerance = (extent.east - extent.west) / width / 2
    codes = list(geography.countries)
    if geography.world is not None:
        codes += [c for c in geography.world.countries_within(outer.bounds) if c not in geography.countries]
    shapes = []
    for code in codes:
        clipped = shapely.clip_by_rect(geography.outline(code), *outer.bounds)
        if not clipped.is_empty:
            shapes.append((code, geography.names.get(code, code), code in geography.focus,
                           clipped.simplify(tolerance, preserve_topology=True)))
    return shapes


def uncertainty_features(frame: pd.DataFrame, geography: Geography) -> list[dict]:
    """Where each uncertain event may lie: the outline of the province an event placed at province precision
    stands for, else a circle of ``location_radius_km`` (near a place, a province without an outline, a
    country's size), one polygon per distinct province, or point and radius.

    Circle centres are snapped to a tenth of the radius, invisible at the halo's size, so a large file of
    scattered points yields a few hundred halos, not one per event.
    """
    outlines = {area_id: geography.area_outline(area_id)
                for area_id in frame["area_id"].dropna().unique()}
    features = [{"type": "Feature", "properties": {"province": area_id}, "geometry": mapping(outline)}
                for area_id, outline in sorted(outlines.items()) if outline is not None]
    outlined = frame["area_id"].isin([area_id for area_id, outline in outlines.items() if outline])
    rows = frame[(frame["location_radius_km"] > 0) & ~outlined]
    for radius, group in rows.groupby(rows["location_radius_km"].round(0)):
        snap = radius / 10 / KM_PER_DEGREE
        centres = np.unique(np.round(group[["lat", "lon"]].to_numpy(dtype=float) / snap) * snap, axis=0)
        for ring in _rings(centres, float(radius)):
            features.append({"type": "Feature", "properties": {"radius_km": float(radius)},
                             "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return features


def _rings(centres: np.ndarray, radius_km: float) -> list[list[list[float]]]:
    """Closed rings of ``radius_km`` around (lat, lon) centres (a local spherical approximation: the halo shows
    uncertainty, so a few % off at hundreds of km does not matter)."""
    bearings = np.radians(np.arange(0, 360 + 1, 360 / HALO_STEPS))
    lat = centres[:, :1] + radius_km / KM_PER_DEGREE * np.cos(bearings)
    lon = centres[:, 1:] + radius_km / KM_PER_DEGREE * np.sin(bearings) / np.cos(np.radians(centres[:, :1]))
    return np.round(np.stack([lon, lat], axis=-1), 4).tolist()


def arrow_paths(frame: pd.DataFrame, projector: Projector) -> tuple[list, list]:
    """Strikes as arrows from where they were launched to the target: (lats, lons), None between. A strike on a
    target in the frame launched from beyond it is cut to its last ``STUB_PX``, pointing from its origin: a line
    across the map to its edge would say no more, and would cover the theatre."""
    strikes = frame[frame["origin_lat"].notna()]
    if strikes.empty:
        return [], []
    starts = projector.to_px(strikes["origin_lon"], strikes["origin_lat"])
    ends = projector.to_px(strikes["lon"], strikes["lat"])
    away = starts - ends
    length = np.maximum(np.hypot(away[:, 0], away[:, 1]), 1e-9)
    stubs = ends + away / length[:, None] * np.minimum(length, STUB_PX)[:, None]
    cut = ~projector.shows(starts) & projector.shows(ends)
    starts[cut] = stubs[cut]
    start_lons, start_lats = projector.to_lonlat(starts)
    max_barb_deg = BARB_PX * math.degrees(1 / projector.px_per_radian)
    lats: list[float | None] = []
    lons: list[float | None] = []
    for lat0, lon0, lat1, lon1 in zip(start_lats, start_lons, strikes["lat"], strikes["lon"], strict=True):
        for lat, lon in [(lat0, lon0), (lat1, lon1), *arrow_head(lat0, lon0, lat1, lon1, max_barb_deg)]:
            lats.append(None if lat is None else float(lat))
            lons.append(None if lon is None else float(lon))
        lats.append(None)
        lons.append(None)
    return lats, lons


def arrow_head(lat0: float, lon0: float, lat1: float, lon1: float,
               max_barb_deg: float) -> list[tuple[float | None, float | None]]:
    """Two barbs at the target end, a fifth of the shaft long (in scale with the arrow wherever it is), and no
    longer than ``max_barb_deg`` (a head in scale with the map's other marks)."""
    scale = math.cos(math.radians(lat1))
    dx, dy = (lon0 - lon1) * scale, lat0 - lat1
    length = math.hypot(dx, dy)
    if length == 0:
        return []
    barb = min(length * 0.2, max_barb_deg)  # degrees
    points: list[tuple[float | None, float | None]] = [(None, None)]
    for turn in (-0.45, 0.45):
        angle = math.atan2(dy, dx) + turn
        points += [(lat1 + barb * math.sin(angle), lon1 + barb * math.cos(angle) / scale), (lat1, lon1), (None, None)]
    return points[:-1]


# Where a label may go around its anchor, in order of preference: (textposition, unit direction).
PLACEMENTS = (("middle right", (1, 0)), ("top right", (0.7, -0.7)), ("middle left", (-1, 0)),
              ("bottom right", (0.7, 0.7)), ("top center", (0, -1)), ("top left", (-0.7, -0.7)),
              ("bottom center", (0, 1)), ("bottom left", (-0.7, 0.7)))


def _text_box(x: float, y: float, position: str, width: float, height: float) -> tuple[float, float, float, float]:
    vertical, horizontal = position.split()
    x0 = {"right": x, "left": x - width, "center": x - width / 2}[horizontal]
    y0 = {"top": y - height, "bottom": y, "middle": y - height / 2}[vertical]
    return x0, y0, x0 + width, y0 + height


WITHIN_SHARE = 0.8  # of a country label's box that must lie inside the country


class _Layout:
    """Greedy label placement in the frame's px: each label takes the first free spot of its candidates."""

    def __init__(self, projector: Projector, fixed: np.ndarray):
        self.projector = projector
        self.obstacles = Obstacles(fixed)
        self.labels: list[Label] = []
        self.margin = 4.0

    def _holds(self, shape, candidate) -> bool:
        if shape is None:
            return True
        lons, lats = self.projector.to_lonlat(np.array([candidate[:2], candidate[2:]]))
        label = box(lons.min(), lats.min(), lons.max(), lats.max())
        return shape.intersection(label).area >= WITHIN_SHARE * label.area

    def inside(self, b) -> bool:
        return b[0] >= self.margin and b[1] >= self.margin and b[2] <= self.projector.width - self.margin \
            and b[3] <= self.projector.height - self.margin

    def place(self, text: str, anchor: np.ndarray, reach: float, kind: str, size: float, bold: bool = False,
              placements=PLACEMENTS, within=None, required: bool = False, ids: tuple[str, ...] = ()) -> bool:
        """Place ``text`` at the first free candidate spot; ``within``: a shape most of the label must lie in
        (a country's name stays inside the country); ``required``: a label that must be drawn takes the first spot
        inside the frame when none is free."""
        width, height = text_box(text, size, bold)
        candidates = [_text_box(anchor[0] + dx * reach, anchor[1] + dy * reach, position, width, height)
                      for position, (dx, dy) in placements]
        inside = [candidate for candidate in candidates if self.inside(candidate)]
        free = (candidate for candidate in inside if self._holds(within, candidate) and self.obstacles.free(
            (candidate[0] - 1, candidate[1] - 1, candidate[2] + 1, candidate[3] + 1)))
        chosen = next(free, inside[0] if required and inside else None)
        if chosen is None:
            return False
        lons, lats = self.projector.to_lonlat(np.array([[(chosen[0] + chosen[2]) / 2, (chosen[1] + chosen[3]) / 2]]))
        self.labels.append(Label(text, kind, size, (float(lons[0]), float(lats[0])), chosen, ids))
        self.obstacles.add(chosen)
        return True


CENTRED = (("middle center", (0, 0)),)


def _line_boxes(paths: tuple[list, list], projector: Projector) -> np.ndarray:
    """Obstacle boxes along every line of (lats, lons), None between lines."""
    lats, lons = paths
    pairs = [(i, i + 1) for i in range(len(lats) - 1) if lats[i] is not None and lats[i + 1] is not None]
    if not pairs:
        return np.empty((0, 4))
    starts = projector.to_px([lons[a] for a, _ in pairs], [lats[a] for a, _ in pairs])
    ends = projector.to_px([lons[b] for _, b in pairs], [lats[b] for _, b in pairs])
    return boxes_along(starts, ends)


def _inside_points(shape, projector: Projector, count: int = 5) -> list:
    """Candidate points for a name inside ``shape``: its representative point, then points of a grid over it,
    nearest the middle first."""
    points = [shape.representative_point()]
    west, south, east, north = shape.bounds
    grid = [shapely.Point(west + (east - west) * i / (count + 1), south + (north - south) * j / (count + 1))
            for i in range(1, count + 1) for j in range(1, count + 1)]
    middle = shape.centroid
    points += sorted((p for p in grid if shape.contains(p)), key=middle.distance)
    return points


def _labels(frame: pd.DataFrame, placement: Placement, geography: Geography, countries: list,
            projector: Projector, line_boxes: np.ndarray, elsewhere: list[Group]) -> list[Label]:
    """Place names first (beside their marker or ring of markers), then the provinces events stand for, then
    country names: markers and arrows are obstacles for all of them, and no label covers another."""
    xy = projector.to_px(frame["draw_lon"], frame["draw_lat"])
    half = frame["size"].to_numpy(dtype=float) / 2 + 1 + np.where(frame["clustered"], DOT_PX, 0)  # a cluster's dots
    marker_boxes = np.column_stack([xy[:, 0] - half, xy[:, 1] - half, xy[:, 0] + half, xy[:, 1] + half])
    layout = _Layout(projector, np.vstack([marker_boxes, line_boxes]))
    for group in elsewhere:
        _point_to(layout, group, projector, tuple(frame["id"].iloc[list(group.rows)]))
    sizes = frame["size"].to_numpy(dtype=float)
    ranked = sorted(placement.groups, key=lambda g: (-len(g.rows), -float(sizes[g.rows].max())))
    naming = frame[["place", "area_id"]]  # a row taken from the whole frame costs ~1 ms (tens of columns)
    for group in ranked[:MAX_PLACE_LABELS]:
        layout.place(_place_text(naming.iloc[group.rows]), group.centre, group.reach + LABEL_GAP_PX, "place",
                     PLACE_TEXT_PX)
    areas = frame.dropna(subset=["area_id"])
    area_names = areas["province"].fillna(areas["sea"]).fillna(areas["area_id"])  # a province's name, or a sea's
    for area_id, name in area_names.groupby(areas["area_id"]).first().items():
        outline = geography.area_outline(area_id)
        if outline is not None:
            point = outline.representative_point()
            layout.place(name, projector.to_px([point.x], [point.y])[0], 0, "province",
                         PROVINCE_TEXT_PX, placements=CENTRED + PLACEMENTS)
    frame_box = box(*projector.extent.bounds)
    by_area = sorted(countries, key=lambda c: (not c[2], -c[3].intersection(frame_box).area))
    for code, name, focus, shape in by_area:
        visible = shape.intersection(frame_box)
        if visible.is_empty:
            continue
        candidates = _inside_points(visible, projector)
        if geography.world is not None and code in geography.world.countries:
            lon, lat = geography.world.countries[code].label
            candidates.insert(0, shapely.Point(lon, lat))
        for point in candidates:
            if frame_box.contains(point) and layout.place(
                    name, projector.to_px([point.x], [point.y])[0], 0, "focus" if focus else "country",
                    COUNTRY_TEXT_PX[focus], bold=focus, placements=CENTRED + PLACEMENTS,
                    within=visible):
                break
    return layout.labels


ARROWS = "→↗↑↖←↙↓↘"  # by compass octant, east first, counter-clockwise (y grows down in px)


def pointer_text(group: Group) -> str:
    """What a pointer to a group beyond the frame says: where, and how many events."""
    return f"{group.name}: {group.count} event{'s' if group.count != 1 else ''}"


def _point_to(layout: _Layout, group: Group, projector: Projector, ids: tuple[str, ...]) -> None:
    """A pointer at the frame's edge toward a group of events beyond it: an arrow, its place and its count, where
    the line from the frame's middle to the group leaves the frame (slid along the edge when that spot is taken)."""
    middle = np.array([projector.width / 2, projector.height / 2])
    target = projector.to_px([group.lon], [group.lat])[0]
    direction = target - middle
    angle = math.atan2(-direction[1], direction[0])
    arrow = ARROWS[round(angle / (math.pi / 4)) % 8]
    label = f"{pointer_text(group)} {arrow}" if arrow in "→↗↘" else f"{arrow} {pointer_text(group)}"
    width, height = text_box(label, POINTER_TEXT_PX, True)
    half = np.array([width / 2 + layout.margin + 2, height / 2 + layout.margin + 2])
    scale = min(((middle - half) / np.maximum(np.abs(direction), 1e-9)).min(), 1.0)
    spot = middle + direction * scale
    step = np.array([0.0, height + 2]) if abs(direction[0]) * middle[1] >= abs(direction[1]) * middle[0] \
        else np.array([width / 4, 0.0])
    placements = [("middle center", tuple((k * step).tolist())) for k in (0, *(s * i for i in range(1, 9) for s in (1, -1)))]
    layout.place(label, spot, 1.0, "elsewhere", POINTER_TEXT_PX, bold=True, placements=placements, required=True,
                 ids=ids)


def _place_text(rows: pd.DataFrame) -> str:
    """The name of a marker or ring of markers: its place; a province-only event is named by its province's
    own label, so it names the ring only when nothing else does."""
    precise = rows[rows["area_id"].isna()]
    names = list(dict.fromkeys((precise if len(precise) else rows)["place"]))
    return names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"


def nice_km(target: float) -> float:
    """The round length (1, 2, 2.5 or 5 times a power of ten) nearest below ``target`` km."""
    power = 10 ** math.floor(math.log10(max(target, 1e-3)))
    return max(step * power for step in NICE_STEPS if step * power <= target)


def _quiet_corner(projector: Projector, labels: list[Label], xy: np.ndarray, size: tuple[float, float],
                  taken: tuple[float, float, float, float] | None = None) -> tuple[float, float]:
    """The top left (px) of a box of ``size`` in the frame's corner with the fewest markers and names (never one
    ``taken`` by another key)."""
    width, height = projector.width, projector.height
    corners = [(16, height - 16 - size[1]), (width - 16 - size[0], height - 16 - size[1]), (16, 16),
               (width - 16 - size[0], 16)]

    def crowding(corner) -> int:
        x0, y0 = corner
        x1, y1 = x0 + size[0], y0 + size[1]
        inside = ((xy[:, 0] > x0 - 10) & (xy[:, 0] < x1 + 10) & (xy[:, 1] > y0 - 10) & (xy[:, 1] < y1 + 10)).sum()
        clash = taken is not None and overlaps(taken, (x0, y0, x1, y1))
        return int(inside) * 10 + sum(overlaps(label.box, (x0, y0, x1, y1)) for label in labels) + 10_000 * clash

    return min(corners, key=crowding)


def _drawn_px(projector: Projector, frame: pd.DataFrame) -> np.ndarray:
    return projector.to_px(frame["draw_lon"], frame["draw_lat"]) if len(frame) else np.empty((0, 2))


def _scale_bar(projector: Projector, labels: list[Label], frame: pd.DataFrame) -> ScaleBar:
    """A bar about a fifth of the frame wide, in the corner with the fewest marks, true at its own latitude
    (Mercator's scale changes with latitude; the caption says so)."""
    bar_box = (projector.width * 0.22, 30.0)
    x0, y0 = _quiet_corner(projector, labels, _drawn_px(projector, frame), bar_box)
    lat = float(projector.to_lonlat(np.array([[x0, y0 + bar_box[1] - 6]]))[1][0])
    km = nice_km(projector.km_per_px(lat) * bar_box[0])
    length_px = km / projector.km_per_px(lat)
    lons, _ = projector.to_lonlat(np.array([[x0, y0], [x0 + length_px, y0]]))
    return ScaleBar(float(lons[0]), float(lons[1]), lat, km, (x0, y0, x0 + bar_box[0], y0 + bar_box[1]))


SIZE_KEY_TITLE = "Killed + injured"
SIZE_KEY_GAP_PX = 8.0


def _size_key(projector: Projector, labels: list[Label], frame: pd.DataFrame, cap: float,
              bar: ScaleBar) -> SizeKey | None:
    """Circles of a few round tolls at the sizes the map draws them, titled, in another quiet corner: none when no
    event shown has casualties (or the map counts events per area)."""
    markers = frame[~frame["clustered"]] if "clustered" in frame else frame
    largest = float((markers["killed"].fillna(0) + markers["injured"].fillna(0)).max()) if len(markers) else 0.0
    entries = size_key(largest, cap)
    if not entries:
        return None
    title_width, title_height = text_box(SIZE_KEY_TITLE, MIN_TEXT_PX)
    label_height = text_box("0", MIN_TEXT_PX)[1]
    widths = [max(diameter, text_box(label, MIN_TEXT_PX)[0]) for label, diameter in entries]
    biggest = max(diameter for _, diameter in entries)
    size = (max(title_width, sum(widths) + SIZE_KEY_GAP_PX * (len(widths) - 1)), title_height + biggest + label_height + 4)
    x0, y0 = _quiet_corner(projector, labels, _drawn_px(projector, frame), size, bar.box)
    centres, label_points = [], []
    x = x0
    for width, (_, diameter) in zip(widths, entries, strict=True):
        bottom = y0 + title_height + 2 + biggest  # circles stand on one line, like a printed key
        centres.append((x + width / 2, bottom - diameter / 2))
        label_points.append((x + width / 2, bottom + 2 + label_height / 2))
        x += width + SIZE_KEY_GAP_PX
    lons, lats = projector.to_lonlat(np.array(centres + label_points + [(x0 + title_width / 2, y0 + title_height / 2)]))
    count = len(entries)
    return SizeKey(SIZE_KEY_TITLE, (float(lons[-1]), float(lats[-1])),
                   [(float(lons[i]), float(lats[i]), diameter, label, (float(lons[count + i]), float(lats[count + i])))
                    for i, (label, diameter) in enumerate(entries)])


def geojson_of(shapes: list[tuple[str, str, bool, object]]) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": code, "geometry": mapping(shape), "properties": {"name": name, "focus": focus}}
        for code, name, focus, shape in shapes]}
