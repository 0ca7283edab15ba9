"""Border geometry derived from the world database: any countries, every land border between them."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
import shapely
from geopy.distance import geodesic
from pyproj import Geod
from shapely.geometry import mapping

from geo.borders import Geography, NotNeighbours, crossed_border
from geo.world import DEFAULT_WORLD, default_world


@pytest.fixture(scope="module")
def geography() -> Geography:
    return Geography.for_countries(default_world(), ["IR", "PK"])


def line_km(line) -> float:
    parts = getattr(line, "geoms", [line])
    return sum(geodesic((a[1], a[0]), (b[1], b[0])).km for part in parts for a, b in itertools.pairwise(part.coords))


@pytest.mark.parametrize(("lon", "lat", "code"), [
    (62.3342, 27.3707, "IR"),   # Saravan
    (64.0903, 26.9645, "PK"),   # Panjgur
    (69.1723, 34.5281, "AF"),   # Kabul: not a focus country, found in the world all the same
    (62.3254, 25.1216, "PK"),   # Gwadar, on the coast
    (61.0, 24.0, None),         # Gulf of Oman
    (-0.1276, 51.5072, "GB"),   # London: anywhere in the world
])
def test_country_of_a_point(geography, lon, lat, code):
    assert geography.country_of(lon, lat) == code


def test_the_iran_pakistan_border_at_natural_earth_scale(geography):
    assert set(geography.borders) == {("IR", "PK")}
    assert 780 < line_km(geography.border) < 880  # about 817 km as drawn at 1:10m (900-960 km commonly quoted)


def test_every_land_border_between_the_named_countries_tripoints_included():
    three = Geography.for_countries(default_world(), ["IR", "PK", "AF"])
    assert set(three.borders) == {("AF", "IR"), ("AF", "PK"), ("IR", "PK")}
    ends = {tuple(round(c, 2) for c in point) for line in three.borders.values()
            for part in getattr(line, "geoms", [line]) for point in (part.coords[0], part.coords[-1])}
    tripoint = [p for p in ends if sum(1 for line in three.borders.values() if line.distance(_point(p)) < 0.01) == 3]
    assert tripoint  # the three borders meet where Afghanistan, Iran and Pakistan do


def _point(xy):
    from shapely.geometry import Point

    return Point(*xy)


def test_a_border_asked_between_non_neighbours_is_refused():
    with pytest.raises(NotNeighbours, match="IR and IN share no land border"):
        Geography.for_countries(default_world(), ["IR", "IN"], [("IR", "IN")])
    assert Geography.for_countries(default_world(), ["IR", "IN"]).borders == {}  # none drawn, none invented


def border_km(geography, lon, lat):
    return float(geography.borders_km(np.array([lon]), np.array([lat]))[0])


def test_border_km_is_to_the_nearest_border(geography):
    on_border = geography.border.interpolate(0.5, normalized=True)
    assert border_km(geography, on_border.x, on_border.y) < 0.5
    assert border_km(geography, 51.42151, 35.69439) > 900  # Tehran
    assert np.isnan(border_km(Geography.for_countries(default_world(), ["IR"]), 51.4, 35.7))  # no border drawn


def brute_force_km(line, lon: float, lat: float) -> float:
    """The least geodesic distance to 4,001 points spread along the line (pyproj's geodesics, all at once)."""
    samples = shapely.get_coordinates(shapely.line_interpolate_point(line, np.linspace(0, 1, 4001), normalized=True))
    _, _, metres = Geod(ellps="WGS84").inv(np.full(len(samples), lon), np.full(len(samples), lat),
                                           samples[:, 0], samples[:, 1])
    return float(np.min(metres)) / 1000


@pytest.mark.parametrize(("lon", "lat"), [(62.3342, 27.3707), (64.0903, 26.9645), (61.39901, 26.23682)])
def test_border_km_matches_brute_force_geodesic(geography, lon, lat):
    """The projected nearest-point search agrees with a brute-force geodesic search along the line."""
    assert border_km(geography, lon, lat) == pytest.approx(brute_force_km(geography.border, lon, lat), rel=0.01, abs=0.3)


def test_border_km_of_many_points_at_once_matches_brute_force_across_latitudes(geography):
    """Points of many latitude bands measured together (ACLED's thousands of places) each get a brute-force
    search's answer."""
    rng = np.random.default_rng(3)
    lons, lats = rng.uniform(55, 75, 6), rng.uniform(23, 38, 6)
    many = geography.borders_km(lons, lats)
    brute = [brute_force_km(geography.border, lon, lat) for lon, lat in zip(lons, lats, strict=True)]
    assert many == pytest.approx(brute, rel=0.01, abs=0.3)
    assert np.isnan(Geography.for_countries(default_world(), ["IR"]).borders_km(lons[:3], lats[:3])).all()


def test_context_adds_neighbours_for_the_map_only(geography):
    with_context = geography.with_context((55.0, 24.0, 70.0, 32.0))
    assert {"AF", "OM", "AE"} <= set(with_context.countries) and with_context.focus == {"IR", "PK"}
    assert with_context.borders == geography.borders


def test_crossed_border():
    assert crossed_border("IR", "PK") is True
    assert crossed_border("PK", "PK") is False
    assert crossed_border(None, "PK") is None


def test_countries_geojson_belongs_to_its_geography(tmp_path):
    """Outlines drawn on the map come from the Geography object itself, so another file's geometry
    (or a reloaded one) can never be served from a cache keyed on something else."""
    world = default_world()
    features = [{"type": "Feature", "properties": {"iso_a2": "IR", "name": "Iran"}, "geometry": mapping(world.outline("IR"))}]
    (tmp_path / "countries.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    (tmp_path / "border.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    other = Geography.from_files(tmp_path / "countries.geojson", tmp_path / "border.geojson")
    assert [f["properties"]["iso_a2"] for f in other.countries_geojson["features"]] == ["IR"]
    assert other.countries_geojson is other.countries_geojson  # built once


def test_the_world_database_is_small_and_complete():
    world = default_world()
    assert DEFAULT_WORLD.stat().st_size < 30_000_000
    assert len(world.countries) > 230 and {"IR", "PK", "IN", "AM", "AZ", "UA", "RU", "SD", "US"} <= set(world.countries)
    assert "AZ" in world.neighbours("AM") and "PK" in world.neighbours("IN")


@pytest.mark.parametrize("code", ["US", "RU", "GB", "PK"])
def test_a_strike_from_a_distant_country_starts_inside_it_well_away_from_its_edges(code):
    """The start of an arrow from a launching country with no named place: inside the country, about the inset away
    from its edges (the outline is simplified first, so a large country costs no more than a small one)."""
    geography = Geography.for_countries(default_world(), ["YE"])
    outline = geography.outline(code)
    inset = 0.05 * outline.area ** 0.5
    lon, lat = geography.inside_near(code, 44.2, 15.35, 0.05)  # towards Sanaa
    start = shapely.Point(lon, lat)
    assert outline.contains(start) and outline.boundary.distance(start) >= 0.7 * inset
