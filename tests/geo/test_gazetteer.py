"""The offline geocoder over the real places file, with geopy's Geocoder contract."""

from __future__ import annotations

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.gazetteer import Gazetteer, PlacesFileError, normalise, read_places


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def test_is_a_geopy_geocoder_returning_locations(gazetteer):
    assert isinstance(gazetteer, Geocoder)
    location = gazetteer.geocode("Saravan")
    assert isinstance(location, Location)
    assert location.point.latitude == pytest.approx(27.3707)
    assert location.raw["precision"] == "exact"


@pytest.mark.parametrize(("spelling", "name"), [
    ("Sarawan", "Saravan"), ("SARĀVĀN", "Saravan"), ("Jakigour", "Jakigur"), ("Jaki-gur", "Jakigur"),
    ("Rasak", "Rask"), ("Koh-i-Sabz", "Koh-e-Sabz"), ("Panjgoor", "Panjgur"),
])
def test_aliases_and_transliterations_match(gazetteer, spelling, name):
    assert gazetteer.geocode(spelling).raw["place"] == name


def test_place_without_coordinate_stands_in_at_coarser_precision(gazetteer):
    jakigur = gazetteer.geocode({"city": "Jakigur", "state": "Sistan and Baluchestan"}, country_codes="IR")
    assert jakigur.raw["precision"] == "province"
    assert jakigur.raw["stand_in"] == "Sistan and Baluchestan"
    koh = gazetteer.geocode("Koh-e-Sabz", country_codes="PK")
    assert (koh.raw["precision"], koh.raw["stand_in"]) == ("near", "Panjgur")


def test_province_lookup_is_distinct_from_the_town(gazetteer):
    assert gazetteer.geocode("Tehran", featuretype="state").raw["precision"] == "province"
    assert gazetteer.geocode("Tehran").raw["precision"] == "exact"
    assert gazetteer.geocode("Sistan and Balochistan", featuretype="state").raw["country"] == "IR"


def test_country_filter(gazetteer):
    assert gazetteer.geocode("Saravan", country_codes="PK") is None
    assert gazetteer.geocode("Saravan", country_codes=["IR", "AF"]) is not None


def test_unknown_place_gives_nearest_names(gazetteer):
    assert gazetteer.geocode("Sarvan") is None
    assert gazetteer.suggestions("Sarvan")[0] == "Saravan"
    assert "Jakigur" in gazetteer.suggestions("Jakigr", "IR")


def test_normalise():
    assert normalise("Sarāvān") == "saravan"
    assert normalise("Koh-i-Sabz") == "koh i sabz"


def test_broken_places_file_is_reported_by_line(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("name,aliases,kind,province,country,lat,lon,stand_in,source\n"
                    "Good,,town,P,IR,1,2,,src\n"
                    "Bad,,town,P,IR,north,2,,src\n"
                    "Far,,town,P,IR,95,2,,src\n"
                    "Unsourced,,town,P,IR,1,2,,\n", encoding="utf-8")
    with pytest.raises(PlacesFileError) as caught:
        read_places(path)
    assert [line for line, _, _ in caught.value.problems] == [3, 4, 5]
