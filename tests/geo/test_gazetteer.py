"""The offline geocoders (a curator's places file, the world gazetteer, both layered), geopy's Geocoder contract."""

from __future__ import annotations

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from shapely.geometry import Point

from geo.gazetteer import AmbiguousPlace, Gazetteer, PlacesFile, PlacesFileError, WorldGazetteer, read_places
from geo.names import normalise
from tests.support import BUNDLED_PLACES


@pytest.fixture(scope="module")
def gazetteer() -> PlacesFile:
    return PlacesFile(BUNDLED_PLACES)


@pytest.fixture(scope="module")
def world() -> WorldGazetteer:
    return WorldGazetteer()


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


def test_a_place_listed_twice_or_a_stand_in_naming_no_place_is_reported_by_line(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("name,aliases,kind,province,country,lat,lon,stand_in,source\n"
                    "Rask,Rasak,town,Sistan,IR,26.2,61.4,,src\n"
                    "Rāsk,,town,Sistan,IR,26.3,61.5,,src\n"  # the same place again (names match without accents)
                    "Rask,,town,Punjab,PK,30.0,70.0,,src\n"  # another country: another place
                    "Rask,,province,Sistan,IR,26.0,61.0,,src\n"  # a province of that name: another place
                    "Kalag,,village,Sistan,IR,,,Rasak,src\n"  # a stand-in may be named by an alias
                    "Nowhere,,village,Sistan,IR,,,Atlantis,src\n", encoding="utf-8")
    with pytest.raises(PlacesFileError) as caught:
        read_places(path)
    assert [(line, field) for line, field, _ in caught.value.problems] == [(3, "name"), (7, "stand_in")]
    assert "listed already on line 2" in caught.value.problems[0][2]
    assert "'Atlantis' names no place of IR" in caught.value.problems[1][2]


def test_the_world_knows_towns_of_any_country_with_their_source(world):
    for name, country, province in [("Pahalgam", "IN", "Kashmir"), ("Muridke", "PK", "Punjab"),
                                    ("Yerevan", "AM", None), ("Ganja", "AZ", None), ("Zahedan", "IR", None)]:
        location = world.geocode({"city": name}, country_codes=country)
        assert location is not None, name
        assert location.raw["precision"] == "exact" and location.raw["source"].startswith("GeoNames ")
        assert province is None or location.raw["province"] == province


def test_a_name_several_towns_bear_is_ambiguous_until_the_province_says_which(world):
    with pytest.raises(AmbiguousPlace) as caught:
        world.geocode({"city": "Shiraz"}, country_codes="IR")
    assert {town.province for town in caught.value.candidates} == {"Fars", "East Azerbaijan"}
    assert all("population" in town.describe() for town in caught.value.candidates)
    fars = world.geocode({"city": "Shiraz", "state": "Fars Province"}, country_codes="IR")
    assert fars.raw["province"] == "Fars" and fars.raw["population"] > 1_000_000


def test_a_town_by_its_own_name_wins_over_towns_with_it_as_an_alternate_name(world):
    """GeoNames gives Delhi the alternate name 'New Delhi': New Delhi itself is meant."""
    assert world.geocode({"city": "New Delhi"}, country_codes="IN").raw["place"] == "New Delhi"


def test_provinces_have_a_centre_and_a_measured_spread(world):
    punjab = world.geocode({"state": "Punjab"}, country_codes="PK", featuretype="state")
    assert punjab.raw["precision"] == "province" and 100 < punjab.raw["radius_km"] < 600
    assert world.geocode({"state": "Punjab province"}, country_codes="PK", featuretype="state") is not None


@pytest.mark.parametrize(("spelling", "country", "name"), [
    ("PK-BA", "PK", "Balochistan"),  # ISO 3166-2 code
    ("Baluchistan", "PK", "Balochistan"),  # Natural Earth's name
    ("Sistan va Baluchestan", "IR", "Sistan and Baluchestan"),  # GNS name
    ("Khyber Pakhtunkhwa Province", "PK", "Khyber Pakhtunkhwa"),
    ("Syunik", "AM", "Syunik'i Marz"),  # GeoNames' name has the Armenian genitive and 'Marz'
    ("District of Columbia", "US", "Washington, D.C."),  # a common English name, refused once
    ("US-DC", "US", "Washington, D.C."),
])
def test_provinces_are_found_by_their_other_names(world, spelling, country, name):
    found = world.geocode({"state": spelling}, country_codes=country, featuretype="state")
    assert found is not None and found.raw["place"] == name


def test_provinces_have_outlines_holding_their_towns(world):
    sistan = world.world.provinces("Sistan and Baluchestan", "IR")[0]
    outline = world.world.province_outline(sistan.id)
    zahedan = world.geocode({"city": "Zahedan"}, country_codes="IR")
    assert outline.contains(Point(zahedan.longitude, zahedan.latitude))
    assert not outline.contains(Point(66.99, 24.86))  # Karachi
    assert world.world.province_outline("XX.99") is None


def test_places_files_extend_the_world_and_win_over_it():
    layered = Gazetteer([BUNDLED_PLACES])
    saravan = layered.geocode({"city": "Saravan"}, country_codes="IR")
    assert saravan.raw["source"].startswith("places.csv line 3")  # the curated row, not GeoNames'
    assert layered.geocode({"city": "Pahalgam"}, country_codes="IN").raw["source"].startswith("GeoNames")
    assert layered.inputs == (BUNDLED_PLACES,)


@pytest.mark.slow  # a did-you-mean search over every town name of a country (about 0.3 s)
def test_suggestions_for_a_spelling_the_world_does_not_hold(world):
    assert "Rajaori" in world.suggestions("Rajouri", "IN")
