"""The bundled crisis: valid, faithful to its articles, every event placed inside the country it names."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from dashboard.model.checks import comparable_text
from tests.support import BUNDLED, ROOT


def test_bundled_file_has_no_errors_and_no_warnings(bundled_table):
    assert bundled_table.problems == []
    assert len(bundled_table.frame) == 13


def test_every_event_lies_in_the_country_it_names(bundled_table):
    frame = bundled_table.frame
    mismatched = frame[frame["point_country"] != frame["country"]]
    assert mismatched.empty, mismatched[["id", "country", "point_country", "lat", "lon"]]


def test_every_event_quotes_an_article_verbatim(bundled_table):
    articles = {key: comparable_text((BUNDLED.parent / s.file).read_text(encoding="utf-8"))
                for key, s in bundled_table.head.sources.items() if s.kind == "article"}
    assert len(articles) == 2
    for _, event in bundled_table.frame.iterrows():
        quotes = [c for c in event["sources"] if c["source"] in articles]
        assert quotes, f"{event['id']} has no article quote"
        for citation in quotes:
            assert comparable_text(citation["quote"]) in articles[citation["source"]]


def test_outside_sources_name_a_url(bundled_table):
    for key, source in bundled_table.head.sources.items():
        if source.kind == "outside":
            assert source.url and re.match(r"https?://", source.url), key


EXPECTED = [
    # (category, date as written, place or province, killed, injured)
    ("militant_attack", "2023-12", "Rask", 11, None),
    ("militant_attack", "2024-01-10", "Rask", 1, None),
    ("strike", "2024-01-16", "Koh-e-Sabz", 2, 3),
    ("strike", "2024-01-17", "Saravan", 9, None),
    ("diplomatic", "2024-01-17", "Islamabad", None, None),
    ("diplomatic", "2024-01-18", "Tehran", None, None),
    ("diplomatic", "2024-01-26", "Tehran", None, None),
    ("diplomatic", "2024-01-26", "Islamabad", None, None),
    ("militant_attack", "2024-01-27", "Saravan", 9, 3),
    ("statement", "2024-01-27", "Tehran (province)", None, None),
    ("meeting", "2024-01-29", "Islamabad", None, None),
    ("security_operation", "2024-01-29", "Jakigur", 1, 2),
    ("visit", "2024-01-29", "Islamabad", None, None),
]


@pytest.mark.parametrize(("category", "date", "place", "killed", "injured"), EXPECTED)
def test_named_events_are_present(bundled_table, category, date, place, killed, injured):
    frame = bundled_table.frame
    match = frame[(frame["category"] == category) & (frame["date_text"] == date) & (frame["place"] == place)]
    assert len(match) == 1
    row = match.iloc[0]
    assert _count(row["killed"]) == killed
    assert _count(row["injured"]) == injured


def _count(value):
    return None if pd.isna(value) else int(value)


def test_vagueness_is_kept_not_invented(bundled_table):
    frame = bundled_table.frame.set_index("id")
    rask = frame.loc["rask-police-attack-2023-12"]
    assert rask["date_precision"] == "month"
    assert rask["date"].date() == dt.date(2023, 12, 1) and rask["date_end"].date() == dt.date(2023, 12, 31)
    jakigur = frame.loc["jakigur-security-operation-2024-01-29"]
    assert jakigur["location_precision"] == "province"
    assert pd.isna(jakigur["border_km"])  # a province's stand-in point says nothing about the border
    assert frame.loc["raisi-visit-announced-2024-01-29", "status"] == "planned"


def test_disagreement_on_pakistans_strike_date_is_flagged(bundled_table):
    strike = bundled_table.frame.set_index("id").loc["pakistan-strikes-iran-2024-01-17"]
    assert strike["disputed"]
    assert {"field": "date", "alternative": "2024-01-18"}.items() <= strike["disagreements"][0].items()


def test_cross_border_strikes_record_origin_and_crossing(bundled_table):
    strikes = bundled_table.frame[bundled_table.frame["category"] == "strike"].set_index("id")
    assert strikes.loc["iran-strikes-pakistan-2024-01-16", "origin_country"] == "IR"
    assert strikes.loc["pakistan-strikes-iran-2024-01-17", "origin_country"] == "PK"
    assert strikes["crossed_border"].all()
    assert strikes.loc["pakistan-strikes-iran-2024-01-17", "responds_to"] == ["iran-strikes-pakistan-2024-01-16"]


def test_phases_cover_every_event(bundled_table):
    assert bundled_table.frame["phase"].notna().all()
    # The articles report no dated event between 19 and 25 January, the de-escalation phase.
    assert set(bundled_table.frame["phase"]) == {"escalation", "diplomatic-repair"}


def test_places_file_sources_every_coordinate():
    import csv

    with (ROOT / "data" / "places.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert row["source"].strip(), row["name"]
