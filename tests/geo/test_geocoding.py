"""The one place lookup (explicit > country outline > cache > places file > online) and the cache beside the data."""

from __future__ import annotations

import pytest
from geopy.exc import GeocoderUnavailable
from geopy.extra.rate_limiter import RateLimiter

from dashboard.model.loading import load_events
from geo.borders import Geography
from geo.gazetteer import Gazetteer
from geo.geocoding import (
    GeocodeCache,
    OnlineUnavailable,
    PlaceQuery,
    Resolved,
    UnknownPlace,
    from_online,
    online_geocoder,
    resolve,
)
from geo.world import default_world
from tests.support import BUNDLED_PLACES, free_port, invoke_cli, replace_once

SARAVAN = PlaceQuery("IR", "near", "Saravan", "Sistan and Baluchestan")
BUNDLED_GAZETTEER = Gazetteer([BUNDLED_PLACES])
GEOGRAPHY = Geography.for_countries(default_world(), ["IR", "PK"])


def resolve_place(query: PlaceQuery, gazetteer: Gazetteer, cache: GeocodeCache | None = None, online=None) -> Resolved:
    return resolve(query, gazetteer=gazetteer, geography=GEOGRAPHY, cache=cache, online=online)


def test_places_file_answers_when_cache_is_empty(tmp_path):
    resolved = resolve_place(SARAVAN, BUNDLED_GAZETTEER, GeocodeCache(tmp_path / "x.geocache.json"))
    assert (resolved.provider, resolved.precision) == ("gazetteer", "near")


def test_places_files_win_over_cached_online_answers(tmp_path):
    """An online answer never hides the places files as they are now (no stale coordinate after an edit)."""
    cache = GeocodeCache(tmp_path / "x.geocache.json")
    cache.put(SARAVAN, Resolved(27.0, 62.0, "near", "nominatim", "OpenStreetMap", "Saravan"))
    cache.save()
    resolved = resolve_place(SARAVAN, BUNDLED_GAZETTEER, GeocodeCache(tmp_path / "x.geocache.json"))
    assert (resolved.lat, resolved.provider) == (27.3707, "gazetteer")


def test_a_cached_online_answer_places_what_the_places_files_do_not_know(tmp_path):
    atlantis = PlaceQuery("IR", "exact", "Atlantis")
    cache = GeocodeCache(tmp_path / "x.geocache.json")
    cache.put(atlantis, Resolved(27.0, 62.0, "exact", "nominatim", "OpenStreetMap", "Atlantis"))
    cache.save()
    resolved = resolve_place(atlantis, BUNDLED_GAZETTEER, GeocodeCache(tmp_path / "x.geocache.json"))
    assert (resolved.lat, resolved.provider) == (27.0, "cache:nominatim")


def test_damaged_cache_is_ignored(tmp_path):
    (tmp_path / "x.geocache.json").write_text("{not json", encoding="utf-8")
    assert resolve_place(SARAVAN, BUNDLED_GAZETTEER, GeocodeCache(tmp_path / "x.geocache.json")).provider == "gazetteer"


@pytest.mark.slow  # a did-you-mean search over every town name of a country (about 0.3 s)
def test_unknown_place_raises_with_suggestions():
    with pytest.raises(UnknownPlace) as caught:
        resolve_place(PlaceQuery("IR", "exact", "Sarvan"), BUNDLED_GAZETTEER)
    assert caught.value.suggestions[0] == "Saravan"


def test_explicit_coordinates_win_over_everything(tmp_path):
    cache = GeocodeCache(tmp_path / "x.geocache.json")
    cache.put(SARAVAN, Resolved(27.0, 62.0, "near", "nominatim", "OpenStreetMap", "Saravan"))
    explicit = PlaceQuery("IR", "near", "Saravan", coordinates=(27.5, 62.5, "survey"))
    assert resolve_place(explicit, BUNDLED_GAZETTEER, cache) == Resolved(27.5, 62.5, "near", "explicit", "survey", "Saravan")


def test_country_level_is_placed_inside_the_outline_without_lookup():
    resolved = resolve_place(PlaceQuery("PK", "country"), BUNDLED_GAZETTEER)
    assert (resolved.provider, resolved.precision, resolved.matched) == ("geometry", "country", "Pakistan")
    assert GEOGRAPHY.country_of(resolved.lon, resolved.lat) == "PK"


@pytest.mark.slow  # a did-you-mean search over every town name of a country (about 0.3 s)
def test_online_answers_only_what_the_places_file_cannot(tmp_path):
    asked = []

    def online(query, **_kwargs):
        asked.append(query)
        return None

    assert resolve_place(SARAVAN, BUNDLED_GAZETTEER, online=online).provider == "gazetteer"
    with pytest.raises(UnknownPlace):
        resolve_place(PlaceQuery("IR", "exact", "Atlantis"), BUNDLED_GAZETTEER, online=online)
    assert asked == [{"city": "Atlantis", "country": "Iran"}]


def test_explicit_coordinates_win(data_copy):
    replace_once(data_copy, "      precision: exact\n    actors: [Jaish ul-Adl, Iranian police]\n    killed: 11",
                 "      precision: exact\n      coordinates: {lat: 26.3, lon: 61.5, source: survey}\n"
                 "    actors: [Jaish ul-Adl, Iranian police]\n    killed: 11")
    row = load_events(data_copy).frame.set_index("id").loc["rask-police-attack-2023-12"]
    assert (row["lat"], row["lon"], row["location_provider"], row["location_source"]) == (26.3, 61.5, "explicit", "survey")


def test_online_geocoder_is_rate_limited_nominatim():
    limited = online_geocoder()
    assert isinstance(limited, RateLimiter)
    assert limited.min_delay_seconds >= 1.0
    assert type(limited.func.__self__).__name__ == "Nominatim"
    assert "crisis-map" in limited.func.__self__.headers["User-Agent"]


def test_online_failure_becomes_a_typed_error():
    def unreachable(*_args, **_kwargs):
        raise GeocoderUnavailable("no network")

    with pytest.raises(OnlineUnavailable):
        from_online(SARAVAN, unreachable, "Iran")


def test_geocode_command_resolves_offline_and_caches_nothing_it_can_look_up_again(data_copy, tmp_path):
    result = invoke_cli("geocode", str(data_copy), cwd=tmp_path)
    assert result.code == 0, result.err
    assert "7 places resolved (7 from gazetteer); 0 unknown" in result.out
    assert not (tmp_path / "events.geocache.json").exists()  # nothing online was asked: nothing to keep


def test_an_edited_places_coordinate_shows_after_geocode(data_copy, tmp_path):
    """The places file as it is now wins, and the data's version changes with it."""
    places = tmp_path / "places.csv"
    assert places.exists()  # the copy of the bundled crisis brings its places file
    assert invoke_cli("geocode", str(data_copy), cwd=tmp_path).code == 0
    before = load_events(data_copy)
    replace_once(places, "Saravan,Sarawan|Sarāvān|Saravan city,town,Sistan and Baluchestan,IR,27.3707,62.3342",
                 "Saravan,Sarawan|Sarāvān|Saravan city,town,Sistan and Baluchestan,IR,27.3800,62.3342")
    after = load_events(data_copy)
    lat = after.frame.set_index("id").loc["saravan-killing-2024-01-27", "lat"]
    assert lat == 27.38 and after.version != before.version


@pytest.mark.slow  # a did-you-mean search over every town name of a country (about 0.3 s)
def test_geocode_command_reports_unknown_places_with_exit_2(data_copy, tmp_path):
    replace_once(data_copy, "name: Jakigur", "name: Atlantis")
    result = invoke_cli("geocode", str(data_copy), cwd=tmp_path)
    assert result.code == 2
    assert "unknown place 'Atlantis" in result.err
    assert "try geocode --online" in result.err


def test_a_place_known_only_to_country_level_sits_inside_that_country(data_copy, tmp_path):
    replace_once(data_copy, "    place:\n      province: Tehran\n      country: IR\n      precision: province",
                 "    place:\n      country: IR\n      precision: country")
    row = load_events(data_copy).frame.set_index("id").loc["kanani-statement-2024-01-27"]
    assert (row["location_precision"], row["point_country"], row["location_provider"]) == ("country", "IR", "geometry")
    assert row["border_km"] != row["border_km"]  # NaN: a country's point says nothing about the border
    assert invoke_cli("geocode", str(data_copy), cwd=tmp_path).code == 0


def test_a_name_that_is_a_town_and_a_province_follows_the_stated_precision():
    town = resolve_place(PlaceQuery("IR", "exact", "Tehran"), BUNDLED_GAZETTEER)
    province = resolve_place(PlaceQuery("IR", "province", "Tehran"), BUNDLED_GAZETTEER)
    assert (town.precision, province.precision) == ("exact", "province")
    assert PlaceQuery("IR", "province", "Tehran").describe() == "Tehran, IR"


def test_a_named_origin_starts_the_arrow_there(data_copy):
    replace_once(data_copy, "    origin:\n      country: PK\n", "    origin:\n      country: PK\n      place: Turbat\n")
    row = load_events(data_copy).frame.set_index("id").loc["pakistan-strikes-iran-2024-01-17"]
    assert (row["origin_lat"], row["origin_lon"]) == (26.00228, 63.04399)


@pytest.mark.slow  # a did-you-mean search over every town name of a country (about 0.3 s)
def test_online_geocoding_unreachable_is_one_located_line_and_exit_2(data_copy, tmp_path):
    replace_once(data_copy, "name: Jakigur", "name: Atlantisville")
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there: refused at once
    result = invoke_cli("geocode", str(data_copy), "--online", "--nominatim-url", closed, cwd=tmp_path)
    assert result.code == 2 and "Traceback" not in result.err and "RateLimiter" not in result.err
    failure = [line for line in result.err.splitlines() if "--online:" in line]
    assert len(failure) == 1 and failure[0].startswith("events.yaml: --online: OpenStreetMap Nominatim could not be reached")
    assert "run without --online" in failure[0]
    assert "unknown place 'Atlantisville" in result.err


def test_every_geo_error_has_one_root_and_keeps_its_builtin_base():
    """``except GeoError`` catches any of geo's errors; ``except LookupError`` and the like still work."""
    from geo.borders import NotNeighbours
    from geo.errors import GeoError
    from geo.gazetteer import AmbiguousPlace, PlacesFileError

    bases = {UnknownPlace: LookupError, AmbiguousPlace: LookupError, PlacesFileError: ValueError,
             NotNeighbours: ValueError, OnlineUnavailable: RuntimeError}
    for error, builtin in bases.items():
        assert issubclass(error, GeoError) and issubclass(error, builtin), error
