"""Events at sea: placed by a named marine area (Natural Earth's, in any language it records), off a coastal town,
or by coordinates; never warned as 'outside every country' when they say they are at sea; a strike may be launched
from ships in a sea area. Real gazetteer, real marine areas, real files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import shapely
from geopy.distance import geodesic

from dashboard.model.loading import check_events
from geo.world import default_world
from tests.support import edited_bundled

EVENT = "pakistan-recalls-ambassador-2024-01-17"
STRIKE = "pakistan-strikes-iran-2024-01-17"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "red-sea-2023" / "events.yaml"


def with_place(folder: Path, place: dict, origin: dict | None = None) -> Path:
    def edit(document: dict) -> None:
        events = {event["id"]: event for event in document["events"]}
        events[EVENT]["place"] = place
        if origin is not None:
            events[STRIKE]["origin"] = origin
    return edited_bundled(folder, edit)


def sea_outline(name: str):
    return default_world().sea_outline(name)


@pytest.mark.parametrize("written", ["Red Sea", "red sea", "Rotes Meer", "mer Rouge", "البحر الأحمر", "Красное море"])
def test_a_sea_area_is_found_by_its_name_in_any_language_natural_earth_records(written):
    assert [sea.name for sea in default_world().seas(written)] == ["Red Sea"]


def test_spellings_of_a_strait_find_it():
    assert {sea.name for spelling in ("Bab el-Mandeb", "Bab el Mandeb", "Bab-el-Mandeb")
            for sea in default_world().seas(spelling)} == {"Bab el Mandeb"}


def test_an_event_known_only_to_its_sea_area_lies_in_it_and_in_no_country(tmp_path):
    table, problems = check_events(with_place(tmp_path, {"sea": "Arabian Sea", "precision": "sea"}))
    assert problems == []  # no 'outside every country' warning: it says it is at sea
    row = table.frame.set_index("id").loc[EVENT]
    point = shapely.Point(row["lon"], row["lat"])
    assert sea_outline("Arabian Sea").contains(point)
    assert table.geography.countries_of([row["lon"]], [row["lat"]], 0.0) == [None]
    assert row["location_precision"] == "sea" and row["area_id"] == "sea:Arabian Sea" and row["sea"] == "Arabian Sea"
    assert row["location_radius_km"] > 500  # the area's size: anywhere in it
    assert row["place"] == "Arabian Sea" and row["country_name"] == "Arabian Sea" and pd.isna(row["country"])
    assert "sea_only" in row["flags"] and "country_mismatch" not in row["flags"]


def test_an_event_off_a_coastal_town_lies_at_sea_near_it(tmp_path):
    place = {"sea": "Arabian Sea", "name": "Gwadar", "country": "PK", "precision": "near",
             "note": "off Gwadar, as the source gives it"}
    table, problems = check_events(with_place(tmp_path, place))
    assert problems == []
    row = table.frame.set_index("id").loc[EVENT]
    gwadar = default_world().towns("Gwadar", "PK")[0]
    out_km = geodesic((gwadar.lat, gwadar.lon), (row["lat"], row["lon"])).km
    assert 5 < out_km < 40  # a few km out, not on the coast and not far off
    assert sea_outline("Arabian Sea").contains(shapely.Point(row["lon"], row["lat"]))
    assert table.geography.countries_of([row["lon"]], [row["lat"]], 0.0) == [None]  # in no country, strictly
    assert pd.isna(row["point_country"]) and "country_mismatch" not in row["flags"]
    assert row["location_precision"] == "near" and row["location_radius_km"] >= 25
    assert row["place"] == "Arabian Sea, off Gwadar" and row["country"] == "PK"


def test_coordinates_said_to_be_at_sea_but_on_land_are_warned_about(tmp_path):
    on_land = {"lat": 26.5, "lon": 61.0, "source": "a test coordinate in Iran"}
    _, problems = check_events(with_place(tmp_path, {"sea": "Arabian Sea", "precision": "exact",
                                                     "coordinates": on_land}))
    (problem,) = problems
    assert problem.severity == "warning" and problem.field.endswith(".place.sea") and problem.line is not None
    assert "lies in IR (Iran)" in problem.message and "not at sea in the Arabian Sea" in problem.message


def test_an_unknown_sea_area_is_an_error_at_its_line_with_the_nearest_names(tmp_path):
    path = with_place(tmp_path, {"sea": "Arabain Sea", "precision": "sea"})
    _, problems = check_events(path)
    (problem,) = problems
    assert problem.severity == "error" and problem.field.endswith(".place.sea")
    assert "unknown sea area 'Arabain Sea'" in problem.message and "Arabian Sea" in problem.message
    assert "Arabain Sea" in path.read_text(encoding="utf-8").splitlines()[problem.line - 1]


@pytest.mark.parametrize(("place", "says"), [
    ({"precision": "sea", "name": "Gwadar", "country": "PK"}, "precision 'sea' needs the sea area"),
    ({"sea": "Arabian Sea", "precision": "province", "province": "Balochistan", "country": "PK"}, "at precision sea"),
    ({"name": "Gwadar", "precision": "exact"}, "needs its country"),
    ({"sea": "Arabian Sea", "precision": "near"}, "needs a name or coordinates (or use precision: sea)"),
])
def test_a_place_at_sea_that_cannot_be_placed_is_refused_saying_what_would_do(tmp_path, place, says):
    _, problems = check_events(with_place(tmp_path, place))
    (problem,) = problems
    assert problem.severity == "error" and says in problem.message and problem.line is not None


def test_a_strike_from_ships_in_a_sea_area_starts_in_it_nearest_its_target(tmp_path):
    table, problems = check_events(with_place(tmp_path, {"name": "Islamabad", "country": "PK", "precision": "exact"},
                                              origin={"country": "IR", "sea": "Gulf of Oman", "note": "for this test"}))
    assert problems == []
    row = table.frame.set_index("id").loc[STRIKE]
    start = shapely.Point(row["origin_lon"], row["origin_lat"])
    gulf = sea_outline("Gulf of Oman")
    assert gulf.contains(start)
    target = shapely.Point(row["lon"], row["lat"])
    assert start.distance(target) < gulf.distance(target) + 0.5  # its nearest water to the target, a step out


def test_the_red_sea_fixture_places_every_event_with_no_warning():
    table, problems = check_events(FIXTURE)
    assert problems == [] and len(table.frame) == 74
    at_sea = table.frame[table.frame["sea"].notna()]
    assert len(at_sea) == 44
    assert at_sea["point_country"].isna().all()  # every event at sea is drawn at sea
