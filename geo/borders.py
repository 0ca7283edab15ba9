"""Border geometry: which country a point lies in, how far it is from a border, whether a strike crossed it.

Works on the Natural Earth-derived GeoJSON in ``geo/data`` (see ``geo/data/PROVENANCE.md``) or any
files of the same shape: countries as features with an ``iso_a2`` property, borders as line features
with a ``between`` pair of ISO codes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import shapely
from geopy.distance import geodesic
from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_COUNTRIES = DATA_DIR / "countries.geojson"
DEFAULT_BORDER = DATA_DIR / "border.geojson"

# 1:10m coastlines and borders are generalised by up to a few km, so a town on the coast or the
# border line can fall just outside its polygon; within this distance it still belongs to it.
COUNTRY_TOLERANCE_DEG = 0.05


@dataclass(frozen=True)
class Geography:
    """Country polygons and one border line, with the spatial questions the pipeline asks of them."""

    countries: dict[str, BaseGeometry]
    names: dict[str, str]
    border: BaseGeometry
    border_between: tuple[str, str]
    focus: frozenset[str] = frozenset()
    inputs: tuple[Path, ...] = ()  # the files it was read from

    @classmethod
    def from_files(cls, countries_path: Path = DEFAULT_COUNTRIES, border_path: Path = DEFAULT_BORDER) -> Geography:
        countries_fc = json.loads(Path(countries_path).read_text(encoding="utf-8"))
        border_fc = json.loads(Path(border_path).read_text(encoding="utf-8"))
        countries = {f["properties"]["iso_a2"]: shape(f["geometry"]) for f in countries_fc["features"]}
        names = {f["properties"]["iso_a2"]: f["properties"]["name"] for f in countries_fc["features"]}
        focus = frozenset(f["properties"]["iso_a2"] for f in countries_fc["features"] if f["properties"].get("focus", True))
        border_feature = border_fc["features"][0]
        between = tuple(border_feature["properties"]["between"])
        return cls(countries, names, shape(border_feature["geometry"]), between, focus,
                   (Path(countries_path), Path(border_path)))

    @property
    def codes(self) -> list[str]:
        return list(self.countries)

    @cached_property
    def _tree(self) -> tuple[shapely.STRtree, list[str]]:
        return shapely.STRtree(list(self.countries.values())), list(self.countries)

    def country_of(self, lon: float, lat: float) -> str | None:
        """ISO 3166 alpha-2 code of the country holding the point (None at sea or outside the data)."""
        return self.countries_of(np.array([lon]), np.array([lat]))[0]

    def countries_of(self, lons: np.ndarray, lats: np.ndarray) -> list[str | None]:
        tree, codes = self._tree
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        result: list[str | None] = [None] * len(points)
        inside_point, inside_country = tree.query(points, predicate="within")
        for p, c in zip(inside_point, inside_country, strict=False):
            result[p] = result[p] or codes[c]
        missing = [i for i, code in enumerate(result) if code is None]
        if missing:
            near_point, near_country = tree.query_nearest(points[missing], max_distance=COUNTRY_TOLERANCE_DEG)
            for p, c in zip(near_point, near_country, strict=False):
                result[missing[p]] = result[missing[p]] or codes[c]
        return result

    def border_km(self, lon: float, lat: float) -> float:
        """Geodesic distance in km from the point to the nearest point of the border line."""
        lon, lat = float(lon), float(lat)  # geopy's Point is slow to build from numpy scalars
        nearest = _nearest_on_line(self.border, lon, lat)
        return geodesic((lat, lon), (float(nearest[1]), float(nearest[0]))).km

    def inside_near(self, code: str, lon: float, lat: float, inset_deg: float = 0.4) -> tuple[float, float]:
        """A point well inside country ``code`` (``inset_deg`` from its edges) as near as possible to (lon, lat)."""
        interior = self._interiors.get((code, inset_deg))
        if interior is None:
            interior = self.countries[code].buffer(-inset_deg)
            if interior.is_empty:
                interior = self.countries[code]
            self._interiors[(code, inset_deg)] = interior
        point = nearest_points(interior, Point(lon, lat))[0]
        return point.x, point.y

    @cached_property
    def _interiors(self) -> dict:
        return {}

    @cached_property
    def countries_geojson(self) -> dict:
        """The countries as one GeoJSON FeatureCollection (iso_a2, name, focus), built once per Geography:
        a reloaded file brings a new Geography, so outlines are never served stale."""
        return {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": mapping(outline),
             "properties": {"iso_a2": code, "name": self.names[code], "focus": code in self.focus}}
            for code, outline in self.countries.items()]}

    def centroid(self, code: str) -> tuple[float, float]:
        """A point inside the country (lon, lat), for a place known only to country level."""
        point = self.countries[code].representative_point()
        return point.x, point.y


def crossed_border(origin_country: str | None, target_country: str | None) -> bool | None:
    """A strike crossed a border when it was launched from a country other than its target's."""
    if not origin_country or not target_country:
        return None
    return origin_country != target_country


def _nearest_on_line(line: BaseGeometry, lon: float, lat: float) -> tuple[float, float]:
    # Plain lon/lat distances overstate east-west gaps by 1/cos(lat); a local equirectangular
    # projection centred on the point makes the nearest-point search right to well under 1 %
    # at the few hundred km that matter here, and the final distance is geodesic anyway.
    scale = math.cos(math.radians(lat))
    projected = shapely.transform(line, lambda xy: np.column_stack(((xy[:, 0] - lon) * scale, xy[:, 1] - lat)))
    nearest = nearest_points(projected, Point(0.0, 0.0))[0]
    return lon + nearest.x / scale, lat + nearest.y


@cache
def default_geography() -> Geography:
    return Geography.from_files()
