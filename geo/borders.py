"""Border geometry: which country a point lies in, how far it is from a border, whether a strike crossed it.

A ``Geography`` is made for one events file: ``Geography.for_countries`` takes the countries its events
name from the world database (``geo/world.py``) with every land border between them, however many
(tripoints included); ``with_context`` adds the neighbouring outlines a map of a region draws.
``Geography.from_files`` reads GeoJSON a curator supplies instead: countries as features with an
``iso_a2`` property, borders as line features with a ``between`` pair of ISO codes.
"""

from __future__ import annotations

import itertools
import json
import math
from functools import cached_property
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import Point, box, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from geo.errors import GeoError
from geo.world import SEA_PREFIX, World

# 1:10m coastlines and borders are generalised by up to a few km, so a town on the coast or the
# border line can fall just outside its polygon; within this distance it still belongs to it.
COUNTRY_TOLERANCE_DEG = 0.05
KM_PER_DEGREE = 111.32  # of latitude, and of longitude at the equator
CONTEXT_DETAIL = 1500  # context outlines keep detail down to 1/1500 of the map's width: finer is invisible
EMPTY_LINE = shapely.MultiLineString([])
GEOD = Geod(ellps="WGS84")
BANDS_PER_DEGREE = 4  # points whose nearest border point is found together, in one projection
INSET_DETAIL = 0.25  # of an inset: the detail an outline keeps before it is buffered inwards
# A point placed off a coast lies this far out: beyond the tolerance that would give it to the coast's country.
OFFSHORE_DEG = 2 * COUNTRY_TOLERANCE_DEG


class NotNeighbours(GeoError, ValueError):
    """A border was asked for between two countries that do not touch."""


class Geography:
    """Country outlines (those drawn, and any other on demand) and the borders between the focus countries."""

    def __init__(self, drawn: dict[str, BaseGeometry], names: dict[str, str],
                 borders: dict[tuple[str, str], BaseGeometry], focus: frozenset[str], *,
                 world: World | None = None, inputs: tuple[Path, ...] = (), tokens: tuple[str, ...] = ()):
        self.countries = drawn  # the outlines a map of this geography draws
        self.names = names
        self.borders = borders
        self.focus = focus
        self.world = world
        self.inputs = inputs  # files it was read from
        self.tokens = tokens  # versions of inputs identified otherwise (the world database's build id)

    @classmethod
    def for_countries(cls, world: World, focus: list[str], pairs: list[tuple[str, str]] | None = None) -> Geography:
        """The ``focus`` countries at full detail with the land border of every pair of them that touch (or of
        the ``pairs`` given: NotNeighbours when one does not touch); KeyError for a code the world lacks."""
        known = world.countries
        missing = [code for code in focus if code not in known]
        if missing:
            raise KeyError(", ".join(missing))
        borders = {}
        for a, b in pairs if pairs is not None else itertools.combinations(sorted(set(focus)), 2):
            line = world.border(a, b)
            if line is not None:
                borders[tuple(sorted((a, b)))] = line
            elif pairs is not None:
                raise NotNeighbours(f"{a} and {b} share no land border")
        drawn = {code: world.outline(code) for code in dict.fromkeys(focus)}
        names = {code: info.name for code, info in known.items()}
        return cls(drawn, names, borders, frozenset(focus), world=world, inputs=(), tokens=(world.version,))

    @classmethod
    def from_files(cls, countries_path: Path, border_path: Path) -> Geography:
        countries_fc = json.loads(Path(countries_path).read_text(encoding="utf-8"))
        border_fc = json.loads(Path(border_path).read_text(encoding="utf-8"))
        features = countries_fc["features"]
        countries = {f["properties"]["iso_a2"]: shape(f["geometry"]) for f in features}
        names = {f["properties"]["iso_a2"]: f["properties"]["name"] for f in features}
        focus = frozenset(f["properties"]["iso_a2"] for f in features if f["properties"].get("focus", True))
        borders = {tuple(sorted(f["properties"]["between"])): shape(f["geometry"]) for f in border_fc["features"]}
        return cls(countries, names, borders, focus, inputs=(Path(countries_path), Path(border_path)))

    def with_context(self, bounds: tuple[float, float, float, float]) -> Geography:
        """This geography plus, for drawing, every country meeting ``bounds`` (clipped to them and simplified to
        what a map of that size shows)."""
        if self.world is None:
            return self
        west, south, east, north = bounds
        frame = box(west, south, east, north)
        tolerance = (east - west) / CONTEXT_DETAIL
        drawn = dict(self.countries)
        for code in self.world.countries_within(frame.bounds):
            if code not in drawn:
                # Clipping to the frame's rectangle first keeps the simplification to what is drawn.
                clipped = shapely.clip_by_rect(self.world.outline(code), *frame.bounds)
                if not clipped.is_empty:
                    drawn[code] = clipped.simplify(tolerance, preserve_topology=False)
        return Geography(drawn, self.names, self.borders, self.focus, world=self.world, inputs=self.inputs,
                         tokens=self.tokens)

    @property
    def codes(self) -> list[str]:
        return list(self.world.countries) if self.world is not None else list(self.countries)

    def knows(self, code: str) -> bool:
        return code in self.countries or (self.world is not None and code in self.world.countries)

    def outline(self, code: str) -> BaseGeometry:
        """The full outline of any country this geography knows (KeyError otherwise)."""
        if self.world is not None and code in self.world.countries:
            return self.world.outline(code)
        return self.countries[code]

    def area_outline(self, area_id: str) -> BaseGeometry | None:
        """The outline of the area an uncertain event stands for: a world province ('PK.02') or a marine area
        ('sea:Red Sea'); None when it has none, or no world is behind this geography."""
        if self.world is None:
            return None
        if area_id.startswith(SEA_PREFIX):
            return self.world.sea_outline(area_id.removeprefix(SEA_PREFIX))
        return self.world.province_outline(area_id)

    def offshore(self, sea: str, lon: float, lat: float) -> tuple[float, float]:
        """The point of marine area ``sea`` nearest (lon, lat), ``OFFSHORE_DEG`` out from its coast: where an event
        'off' a coastal town goes, at sea and in no country. A strait narrower than that (Natural Earth draws the
        Bab el Mandeb as a few slivers) lends the waters around it."""
        outline = self.world.sea_outline(sea) if self.world is not None else None
        if outline is None:
            raise KeyError(sea)
        nearest = nearest_points(outline, Point(lon, lat))[0]
        reach = 4 * OFFSHORE_DEG
        window = box(nearest.x - reach, nearest.y - reach, nearest.x + reach, nearest.y + reach)
        water = outline.intersection(window).buffer(-OFFSHORE_DEG, quad_segs=4)
        if water.is_empty:
            around = [self.world.sea_outline(name) for name in self.world.seas_within(window.bounds)]
            water = shapely.union_all([area.intersection(window) for area in around]).buffer(-OFFSHORE_DEG, quad_segs=4)
        point = nearest_points(water, Point(lon, lat))[0] if not water.is_empty else nearest
        return point.x, point.y

    @cached_property
    def border(self) -> BaseGeometry:
        """Every border of the geography as one (multi)line: what the map draws and ``border_km`` measures."""
        lines = list(self.borders.values())
        return shapely.line_merge(shapely.union_all(lines)) if lines else EMPTY_LINE

    @property
    def bordering(self) -> frozenset[str]:
        """The countries on a border of the geography: the only ones whose events' distance to it is measured."""
        return frozenset(code for pair in self.borders for code in pair)

    def country_of(self, lon: float, lat: float) -> str | None:
        """ISO 3166 alpha-2 code of the country holding the point (None at sea or outside the data)."""
        return self.countries_of(np.array([lon]), np.array([lat]))[0]

    def countries_of(self, lons: np.ndarray, lats: np.ndarray, tolerance_deg: float = COUNTRY_TOLERANCE_DEG,
                     ) -> list[str | None]:
        """The country holding each point, asked of the full outlines (drawn context outlines are clipped and
        simplified) of the drawn countries first, then of any other the world has around the points; a point within
        ``tolerance_deg`` of a country belongs to it (0 for a point said to be at sea: off a coast, it is not)."""
        lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
        if not len(lons):
            return []
        codes = list(self.countries)
        if self.world is not None:
            around = self.world.countries_within((lons.min(), lats.min(), lons.max(), lats.max()))
            codes += [code for code in around if code not in self.countries]
        tree = shapely.STRtree([self.outline(code) for code in codes])
        points = shapely.points(lons, lats)
        result: list[str | None] = [None] * len(points)
        inside_point, inside_country = tree.query(points, predicate="within")
        for p, c in zip(inside_point, inside_country, strict=False):
            result[p] = result[p] or codes[c]
        missing = [i for i, code in enumerate(result) if code is None]
        if missing and tolerance_deg > 0:
            near_point, near_country = tree.query_nearest(points[missing], max_distance=tolerance_deg)
            for p, c in zip(near_point, near_country, strict=False):
                result[missing[p]] = result[missing[p]] or codes[c]
        return result

    def borders_km(self, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        """Geodesic km from each point to the nearest border of the geography (NaN when it has none): the nearest
        point on the border found for all points of a quarter-degree latitude band together, in that band's
        equirectangular projection (plain lon/lat distances overstate east-west gaps by 1/cos(lat)), then geodesic
        distances by pyproj, vectorised. The one algorithm behind the table's ``border_km``."""
        lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
        result = np.full(len(lons), np.nan)
        if self.border.is_empty or not len(lons):
            return result
        bands = np.floor(lats * BANDS_PER_DEGREE)
        for band in np.unique(bands):
            rows = np.nonzero(bands == band)[0]
            scale = math.cos(math.radians((band + 0.5) / BANDS_PER_DEGREE))  # varies by under 0.5 % within a band
            projected = shapely.transform(self.border, lambda xy, s=scale: np.column_stack((xy[:, 0] * s, xy[:, 1])))
            links = shapely.shortest_line(shapely.points(lons[rows] * scale, lats[rows]), projected)
            on_border = shapely.get_coordinates(links)[1::2]
            _, _, metres = GEOD.inv(lons[rows], lats[rows], on_border[:, 0] / scale, on_border[:, 1])
            result[rows] = np.asarray(metres) / 1000
        return result

    def inside_near(self, code: str, lon: float, lat: float, inset_share: float) -> tuple[float, float]:
        """A point inside country ``code``, ``inset_share`` of its own size away from its edges, as near as possible
        to (lon, lat): how far inside depends on the country, not on a distance tuned to one region. The outline is
        simplified to a quarter of the inset first: detail finer than that cannot move the point by more, and
        buffering a large country's full outline took seconds (the United States: 3.8 s, 36,000 points; now 0.03 s)."""
        outline = self.outline(code)
        inset = inset_share * math.sqrt(outline.area)
        interior = self._interiors.get((code, inset))
        if interior is None:
            interior = outline.simplify(inset * INSET_DETAIL).buffer(-inset, quad_segs=4)
            if interior.is_empty:
                interior = outline
            self._interiors[(code, inset)] = interior
        point = nearest_points(interior, Point(lon, lat))[0]
        return point.x, point.y

    @cached_property
    def _interiors(self) -> dict:
        return {}

    @cached_property
    def countries_geojson(self) -> dict:
        """The drawn countries as one GeoJSON FeatureCollection (iso_a2, name, focus), built once per Geography:
        a reloaded file brings a new Geography, so outlines are never served stale."""
        return {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": mapping(outline),
             "properties": {"iso_a2": code, "name": self.names.get(code, code), "focus": code in self.focus}}
            for code, outline in self.countries.items()]}

    def centroid(self, code: str) -> tuple[float, float]:
        """A point inside the country (lon, lat), for a place known only to country level."""
        point = self.outline(code).representative_point()
        return point.x, point.y

    def radius_km(self, code: str) -> float:
        """The radius of a circle as large as the country: the uncertainty of a point known only to country level."""
        if self.world is not None and code in self.world.countries:
            return radius_of_area(self.world.countries[code].area_km2)
        return radius_of_area(area_km2(self.outline(code)))


def radius_of_area(km2: float) -> float:
    """The radius (km) of a circle of ``km2``: how a country or sea area known only by its name is drawn."""
    return math.sqrt(km2 / math.pi)


def area_km2(geometry: BaseGeometry) -> float:
    """Area on the sphere, each polygon scaled at its own latitude (well under 1 % off at country size)."""
    return sum(part.area * KM_PER_DEGREE**2 * math.cos(math.radians(part.centroid.y))
               for part in shapely.get_parts(geometry))


def crossed_border(origin_country: str | None, target_country: str | None) -> bool | None:
    """A strike crossed a border when it was launched from a country other than its target's."""
    if not origin_country or not target_country:
        return None
    return origin_country != target_country
