"""Places written in their own script, in an events file with no places file: placed by the world gazetteer, shown
as the curator wrote them, their provinces checked by identity, and an unknown one hinted at in its script."""

from __future__ import annotations

import pytest
import yaml

from dashboard.model.loading import check_events
from dashboard.model.problems import errors
from tests.support import BUNDLED, write_document

BUNDLED_DOCUMENT = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
PLACES = {  # id: (place as written, GeoNames' town, its latitude and longitude roughly)
    "karachi-urdu": ({"name": "کراچی", "province": "سندھ", "country": "PK", "precision": "exact"}, 24.86, 67.01),
    "karachi-hindi": ({"name": "कराची", "province": "सिंध", "country": "PK", "precision": "exact"}, 24.86, 67.01),
    "islamabad": ({"name": "اسلام آباد", "country": "PK", "precision": "exact"}, 33.72, 73.04),
    "saravan": ({"name": "سراوان", "province": "سیستان و بلوچستان", "country": "IR", "precision": "near"}, 27.37, 62.33),
    "tehran": ({"name": "تهران", "country": "IR", "precision": "exact"}, 35.69, 51.42),
    "sialkot-arabic-letters": ({"name": "سيالكوٹ", "country": "PK", "precision": "exact"}, 32.49, 74.53),  # GeoNames: سیالکوٹ
    "balochistan": ({"province": "بلوچستان", "country": "PK", "precision": "province"}, 28.52, 66.58),  # its towns' centre
}


def document(places: dict[str, dict]) -> dict:
    return {
        "meta": {"title": "Native-script places", "version": "native-1"},
        "sources": {"note": {"title": "Test", "kind": "outside"}},
        "categories": BUNDLED_DOCUMENT["categories"],
        "events": [{"id": event_id, "title": f"Event {event_id}", "category": next(iter(BUNDLED_DOCUMENT["categories"])),
                    "date": "2024-01-16", "place": place, "description": "Test.",
                    "sources": [{"source": "note", "quote": "test"}]}
                   for event_id, place in places.items()],
    }


def test_native_script_places_are_placed_and_shown_as_written(tmp_path):
    path = write_document(tmp_path / "events.yaml", document({key: place for key, (place, _, _) in PLACES.items()}))
    table, problems = check_events(path)
    assert problems == []  # no 'lies in Sindh, not in سندھ' warning: the province is the same, in another script
    frame = table.frame.set_index("id")
    for event_id, (place, lat, lon) in PLACES.items():
        row = frame.loc[event_id]
        assert row["place"] == place.get("name", f"{place.get('province')} (province)")  # the curator's text
        assert "province" not in place or row["province"] == place["province"]
        assert (row["lat"], row["lon"]) == pytest.approx((lat, lon), abs=0.05)
    assert frame.loc["karachi-urdu", "location_source"].startswith("GeoNames 1174872 'Karachi'")


def test_an_unknown_native_script_place_is_hinted_at_in_its_script(tmp_path):
    place = {"name": "کراچ", "country": "PK", "precision": "exact"}  # Urdu Karachi, a letter short
    _, problems = check_events(write_document(tmp_path / "events.yaml", document({"typo": place})))
    message, = [p.message for p in errors(problems) if p.field == "events[0].place.name"]
    assert "unknown place 'کراچ, PK'" in message and "nearest known: " in message
    assert "کراچی" in message and "Karachi" not in message
