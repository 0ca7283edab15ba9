"""Where a strike was launched from: a place in the launching country, or the coordinates of a base or a ship,
anywhere (at sea too), never both."""

from __future__ import annotations

from dashboard.model.loading import check_events
from tests.support import edited_bundled

STRIKE = "pakistan-strikes-iran-2024-01-17"
AT_SEA = {"lat": 23.5, "lon": 63.5, "source": "a ship's reported position, for this test"}  # the Arabian Sea


def with_origin(folder, origin: dict):
    def edit(document: dict) -> None:
        next(event for event in document["events"] if event["id"] == STRIKE)["origin"] = origin
    return edited_bundled(folder, edit)


def test_a_strike_from_a_ship_starts_at_its_coordinates_at_sea(tmp_path):
    table, problems = check_events(with_origin(tmp_path, {"country": "PK", "coordinates": AT_SEA}))
    assert problems == []  # a launch at sea is no country mismatch: the origin names who launched it
    row = table.frame.set_index("id").loc[STRIKE]
    assert (row["origin_lat"], row["origin_lon"]) == (AT_SEA["lat"], AT_SEA["lon"])
    assert table.geography.country_of(AT_SEA["lon"], AT_SEA["lat"]) is None  # at sea indeed
    assert row["origin_country"] == "PK" and bool(row["crossed_border"])


def test_an_origin_gives_its_place_or_its_coordinates_not_both(tmp_path):
    path = with_origin(tmp_path, {"country": "PK", "place": "Turbat", "coordinates": AT_SEA})
    _, problems = check_events(path)
    (problem,) = problems  # located to the origin's line, and the file refused
    assert problem.severity == "error" and problem.field.endswith("].origin") and problem.line is not None
    assert "give the origin's place, its coordinates or its sea area, only one of them" in problem.message
