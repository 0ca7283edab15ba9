"""Border geometry on the committed Natural Earth-derived files."""

from __future__ import annotations

import itertools
import json

import pytest
from geopy.distance import geodesic
from shapely.geometry import shape

from geo.borders import DEFAULT_BORDER, DEFAULT_COUNTRIES, Geography, crossed_border, default_geography


@pytest.fixture(scope="module")
def geography() -> Geography:
    return default_geography()


@pytest.mark.parametrize(("lon", "lat", "code"), [
    (62.3342, 27.3707, "IR"),   # Saravan
    (64.0903, 26.9645, "PK"),   # Panjgur
    (69.1723, 34.5281, "AF"),   # Kabul
    (62.3254, 25.1216, "PK"),   # Gwadar, on the coast
    (61.0, 24.0, None),         # Gulf of Oman
])
def test_country_of_a_point(geography, lon, lat, code):
    assert geography.country_of(lon, lat) == code


def test_border_is_the_iran_pakistan_line_at_natural_earth_scale(geography):
    coords = list(geography.border.coords)
    length = sum(geodesic((a[1], a[0]), (b[1], b[0])).km for a, b in itertools.pairwise(coords))
    assert 780 < length < 880  # about 820 km as drawn at 1:10m (commonly quoted true length: 900-960 km)
    assert geography.border_between == ("IR", "PK")
    ends = {geography.country_of(*coords[0]), geography.country_of(*coords[-1])}
    assert ends <= {"IR", "PK", "AF", None}


def test_border_km(geography):
    on_border = geography.border.interpolate(0.5, normalized=True)
    assert geography.border_km(on_border.x, on_border.y) < 0.5
    assert geography.border_km(51.42151, 35.69439) > 900  # Tehran


@pytest.mark.parametrize(("lon", "lat"), [(62.3342, 27.3707), (64.0903, 26.9645), (61.39901, 26.23682)])
def test_border_km_matches_brute_force_geodesic(geography, lon, lat):
    """The projected nearest-point search agrees with a brute-force geodesic search along the line."""
    line = geography.border
    samples = [line.interpolate(i / 4000, normalized=True) for i in range(4001)]
    brute = min(geodesic((lat, lon), (p.y, p.x)).km for p in samples)
    assert geography.border_km(lon, lat) == pytest.approx(brute, rel=0.01, abs=0.3)


def test_crossed_border():
    assert crossed_border("IR", "PK") is True
    assert crossed_border("PK", "PK") is False
    assert crossed_border(None, "PK") is None


def test_committed_geojson_is_valid_and_small():
    countries = json.loads(DEFAULT_COUNTRIES.read_text())
    codes = {f["properties"]["iso_a2"] for f in countries["features"]}
    assert {"IR", "PK", "AF"} <= codes
    assert all(shape(f["geometry"]).is_valid for f in countries["features"])
    assert DEFAULT_COUNTRIES.stat().st_size < 1_000_000
    border = json.loads(DEFAULT_BORDER.read_text())
    assert border["features"][0]["properties"]["between"] == ["IR", "PK"]


def test_countries_geojson_belongs_to_its_geography(tmp_path):
    """Outlines drawn on the map come from the Geography object itself, so another file's geometry
    (or a reloaded one) can never be served from a cache keyed on something else."""
    countries = json.loads(DEFAULT_COUNTRIES.read_text())
    only_iran = {**countries, "features": [f for f in countries["features"] if f["properties"]["iso_a2"] == "IR"]}
    (tmp_path / "countries.geojson").write_text(json.dumps(only_iran))
    other = Geography.from_files(tmp_path / "countries.geojson", DEFAULT_BORDER)
    assert [f["properties"]["iso_a2"] for f in other.countries_geojson["features"]] == ["IR"]
    assert len(default_geography().countries_geojson["features"]) == len(countries["features"])
    assert other.countries_geojson is other.countries_geojson  # built once
