"""A time of day and its zone: events of one day in the order they happened, shown in local time with the zone
and the moment in UTC, the UTC day flagged (and searchable) when it is not the local one; ACLED keeps the date."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard.export.formats import render
from dashboard.figures.style import hover_text
from dashboard.model.loading import check_events
from dashboard.state.filters import Filters, filter_mask
from dashboard.web.detail import date_phrase
from tests.support import copy_bundled, replace_once

STRIKES = '    date: "2024-01-17"\n'  # Pakistan's strikes; the ambassador's recall is the other event of that day
RECALL = '    date: "2024-01-17"\n    place:\n      name: Islamabad'


def timed(tmp_path, strikes: str, recall: str = ""):
    events = copy_bundled(tmp_path)
    if recall:
        replace_once(events, RECALL, f'    date: "2024-01-17"\n{recall}    place:\n      name: Islamabad')
    replace_once(events, STRIKES, STRIKES + strikes)
    table, problems = check_events(events)
    return table, [p for p in problems if p.severity == "error"]


def test_a_time_is_shown_in_local_time_with_its_zone_and_as_utc(tmp_path):
    table, errors = timed(tmp_path, '    time: "23:30"\n    timezone: Asia/Karachi\n')
    assert errors == []
    row = table.frame.set_index("id").loc["pakistan-strikes-iran-2024-01-17"]
    assert (row["time_text"], row["utc_text"], str(row["instant"])) == ("23:30 Asia/Karachi", "18:30 UTC",
                                                                       "2024-01-17 18:30:00")
    assert "utc_day_differs" not in row["flags"]
    assert date_phrase(row) == "2024-01-17 23:30 Asia/Karachi (18:30 UTC)"
    frame = table.frame[table.frame["id"] == "pakistan-strikes-iran-2024-01-17"]
    assert "2024-01-17 23:30 Asia/Karachi (18:30 UTC)" in hover_text(frame)[0]


def test_the_utc_day_is_flagged_and_searchable_when_it_is_not_the_local_one(tmp_path):
    table, errors = timed(tmp_path, '    time: "02:30"\n    timezone: "+05:00"\n')
    assert errors == []
    row = table.frame.set_index("id").loc["pakistan-strikes-iran-2024-01-17"]
    assert row["utc_text"] == "2024-01-16 21:30 UTC" and "utc_day_differs" in row["flags"]
    for words in ("utc day differs", "2024-01-16 21:30"):
        shown = table.frame[filter_mask(table.frame, Filters(text=words))]
        assert shown["id"].tolist() == ["pakistan-strikes-iran-2024-01-17"], words


def test_events_of_one_day_are_in_the_order_they_happened(tmp_path):
    ids = ["pakistan-recalls-ambassador-2024-01-17", "pakistan-strikes-iran-2024-01-17"]
    plain, _ = timed(tmp_path / "plain", "")
    assert [i for i in plain.frame["id"] if i in ids] == ids  # no times: by id
    table, errors = timed(tmp_path / "timed", '    time: "01:00"\n    timezone: UTC+5\n',
                          '    time: "23:30"\n    timezone: Asia/Karachi\n')
    assert errors == []
    assert [i for i in table.frame["id"] if i in ids] == ids[::-1]  # the strikes first: earlier that day


def test_an_acled_export_keeps_the_local_date(tmp_path):
    table, _ = timed(tmp_path, '    time: "02:30"\n    timezone: "+05:00"\n')
    rows = list(csv.DictReader(io.StringIO(render(table.frame, "acled", table.head.categories))))
    strikes = next(r for r in rows if "utc_day_differs" in r["tags"])
    assert strikes["event_date"] == "2024-01-17"


@pytest.mark.parametrize(("lines", "message"), [
    ('    time: "23:30"\n', "a time needs its timezone"),
    ('    timezone: Asia/Karachi\n', "a timezone its time"),
    ('    time: "23:30"\n    timezone: Mars/Olympus\n', "'Mars/Olympus' is not a time zone"),
    ('    time: "23:30"\n    timezone: "+15:00"\n', "is not a UTC offset"),
    ('    time: "23:30"\n    timezone: "-13:00"\n', "is not a UTC offset (from -12:00 to +14:00)"),
    ('    time: "24:10"\n    timezone: UTC\n', "a time of day, HH:MM"),
    ("    time: 23:30\n    timezone: UTC\n", 'write it in quotes, time: "HH:MM"'),
])
def test_a_bad_time_or_zone_says_what_would_be_right(tmp_path, lines, message):
    _, errors = timed(tmp_path, lines)
    assert len(errors) == 1 and message in errors[0].message, errors


REPORTED = 'date: "on or before 2024-01-10"'


def test_an_event_known_only_from_the_day_it_was_reported(tmp_path):
    """Dated "on or before" its report: drawn pointing back in time (◀, keyed), said so in words, flagged and
    found by a search, exported to ACLED as the report's day at time precision 2."""
    from dashboard.figures.timeline import KEY_TEXT, TimelineTrace
    from dashboard.figures.views import timeline_figure
    from dashboard.state.view import View

    events = copy_bundled(tmp_path)
    replace_once(events, 'date: "2024-01-10"', REPORTED)
    table, problems = check_events(events)
    assert [p for p in problems if p.severity == "error"] == []
    row = table.frame.set_index("id").loc["police-station-attack-2024-01-10"]
    assert (row["date_text"], row["date_precision"], str(row["date"].date())) == (
        "on or before 2024-01-10", "on_or_before", "2024-01-10")
    assert "on_or_before" in row["flags"]
    assert date_phrase(row) == "on or before 2024-01-10 (known from the day it was reported)"
    shown = table.frame[filter_mask(table.frame, Filters(text="on or before"))]
    assert shown["id"].tolist() == ["police-station-attack-2024-01-10"]
    figure = timeline_figure(table, View())
    events_trace = figure.data[TimelineTrace.EVENTS]
    symbols = dict(zip(events_trace.customdata, events_trace.marker.symbol, strict=True))
    assert symbols["police-station-attack-2024-01-10"] == "triangle-left"
    assert symbols["rask-police-attack-2023-12"] == "circle"
    assert KEY_TEXT["on_or_before"] in {trace.name for trace in figure.data}
    rows = list(csv.DictReader(io.StringIO(render(table.frame, "acled", table.head.categories))))
    reported = next(r for r in rows if "on_or_before" in r["tags"])
    assert (reported["event_date"], reported["time_precision"]) == ("2024-01-10", "2")


@pytest.mark.parametrize(("date", "message"), [
    ('"on or before 2024-01"', "on or before a day"),
    ('"2024-01-10 or so"', 'or "on or before YYYY-MM-DD" when only the day it was reported is'),
])
def test_an_on_or_before_date_needs_a_day(tmp_path, date, message):
    events = copy_bundled(tmp_path)
    replace_once(events, 'date: "2024-01-10"', f"date: {date}")
    _, problems = check_events(events)
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1 and message in errors[0].message, errors
