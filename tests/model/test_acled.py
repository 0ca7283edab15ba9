"""ACLED exports read as a crisis of their own, every bad row located, and the curated events written ACLED-shaped."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys

import pytest

from dashboard.export.formats import render
from dashboard.model.acled import CURRENT_COLUMNS, EVENT_TYPES
from dashboard.model.loading import check_events
from dashboard.web.app import create_app
from tests.support import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "acled"
CURRENT = FIXTURES / "pakistan-iran-2024-01.csv"
OLDER = FIXTURES / "pakistan-2022-older-columns.csv"


@pytest.fixture(scope="module")
def current():
    table, problems = check_events(CURRENT)
    assert problems == []
    return table


def row(table, event_id: str):
    return table.frame.set_index("id").loc[event_id]


def test_every_row_is_an_event_with_acleds_precision_in_the_projects_terms(current):
    frame = current.frame
    assert len(frame) == 14 and frame["id"].is_unique
    assert set(frame["category"]) == {"battles", "explosions_remote_violence", "violence_against_civilians", "protests",
                                      "riots", "strategic_developments"}
    assert {c.label for c in current.head.categories.values()} == set(EVENT_TYPES)
    kerman = row(current, "IRN90001")
    assert (kerman["killed"], kerman["location_precision"], kerman["date_precision"]) == (95, "exact", "day")
    assert kerman["point_country"] == "IR" and kerman["actors"] == ["Islamic State (Iran)", "Civilians (Iran)"]
    week = row(current, "PAK90002")  # time precision 2: the day ACLED codes, flagged
    assert week["date_precision"] == "week" and "week_only" in week["flags"] and week["location_radius_km"] == 25
    month = row(current, "PAK90005")  # time 3, geo 3: the month and the province, its outline drawn
    assert (month["date"].isoformat()[:10], month["date_end"].isoformat()[:10]) == ("2024-01-01", "2024-01-31")
    assert month["area_id"] == "PK.02" and {"month_only", "province_only"} <= set(month["flags"])
    assert month["border_km"] is None or month["border_km"] != month["border_km"]  # none for a province
    quote = row(current, "IRN90004")["sources"][0]
    assert quote["quote"].startswith("On 18 January 2024, Pakistani forces struck") and quote["url"].startswith("https")
    assert current.geography.focus == frozenset({"PK", "IR"}) and current.geography.border.length > 0


def test_rows_keep_their_lines_past_a_note_with_a_line_break(current):
    assert row(current, "PAK90007")["line"] == 13  # its note spans lines 13 and 14
    assert row(current, "IRN90006")["line"] == 15
    assert row(current, "PAK90008")["line"] == 16


def test_the_older_columns_and_date_form_read_the_same_way():
    table, problems = check_events(OLDER)
    assert problems == []
    frame = table.frame.set_index("id")
    assert frame.loc["PAK80001", "date"].isoformat()[:10] == "2022-03-14"  # '14 March 2022'
    assert frame.loc["PAK80002", "date_precision"] == "week"
    assert frame.loc["PAK80003", "area_id"] == "PK.02" and set(frame["country"]) == {"PK"}  # from iso3 / iso


def broken(tmp_path, edits: dict[int, dict[str, str]]) -> tuple:
    with CURRENT.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for index, changes in edits.items():
        rows[index].update(changes)
    path = tmp_path / "acled-broken.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(CURRENT_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path, check_events(path)


BAD_ROWS = {0: {"event_date": "2024-13-45"}, 1: {"latitude": "north"}, 2: {"time_precision": "4"},
            3: {"event_type": "Clashes"}, 4: {"fatalities": "-3"}, 5: {"event_id_cnty": "PAK90001"}, 6: {"iso": "999"}}


def test_every_bad_row_is_located_and_the_file_refused(tmp_path):
    _, (table, problems) = broken(tmp_path, BAD_ROWS)
    assert table is None
    found = {(p.line, p.field) for p in problems}
    assert found == {(2, "event_date"), (3, "latitude"), (4, "time_precision"), (5, "event_type"), (6, "fatalities"),
                     (7, "event_id_cnty"), (8, "iso")}
    text = "\n".join(str(p) for p in problems)
    assert "acled-broken.csv:2: event_date: '2024-13-45' is not a date" in text
    assert "repeats the event on line 2" in text and "one of Battles" in text


@pytest.mark.slow  # a real process
def test_a_real_process_refuses_bad_rows_without_a_traceback(tmp_path):
    path, _ = broken(tmp_path, BAD_ROWS)
    result = subprocess.run([sys.executable, "-m", "dashboard", "validate", str(path)], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 2 and "acled-broken.csv:3: latitude: 'north' is not a number" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_column_is_named(tmp_path):
    path = tmp_path / "acled-short.csv"
    text = CURRENT.read_text(encoding="utf-8").replace("geo_precision", "precision", 1)
    path.write_text(text, encoding="utf-8")
    table, problems = check_events(path)
    assert table is None and [str(p) for p in problems] == [
        f"acled-short.csv:1: header: missing ACLED column(s) geo_precision (an ACLED export has {', '.join(CURRENT_COLUMNS)})"]


def test_the_curated_crisis_is_written_acled_shaped_and_reads_back(bundled_table, tmp_path):
    text = render(bundled_table.frame, "acled", bundled_table.head.categories)
    written = list(csv.DictReader(io.StringIO(text)))
    assert list(written[0]) == list(CURRENT_COLUMNS)
    by_id = {r["event_id_cnty"]: r for r in written}
    strike = by_id["pakistan-strikes-iran-2024-01-17"]
    assert (strike["event_type"], strike["sub_event_type"], strike["iso"]) == (
        "Explosions/Remote violence", "Air/drone strike", "364")
    assert (strike["time_precision"], strike["geo_precision"], strike["fatalities"]) == ("1", "2", "9")
    assert "disputed" in strike["tags"]
    rask = by_id["rask-police-attack-2023-12"]  # month only: mid-month, time precision 3
    assert (rask["event_date"], rask["time_precision"]) == ("2023-12-15", "3")
    unreported = [r for r in written if r["fatalities"] == ""]
    assert unreported and all(bundled_table.frame.set_index("id").loc[r["event_id_cnty"], "killed"] is not None
                              for r in written if r["fatalities"])
    path = tmp_path / "bundled-as-acled.csv"
    path.write_text(text, encoding="utf-8")
    table, problems = check_events(path)
    assert problems == [] and len(table.frame) == len(bundled_table.frame)
    back = table.frame.set_index("id")
    assert back.loc["pakistan-strikes-iran-2024-01-17", "killed"] == 9
    assert back.loc["rask-police-attack-2023-12", "date_precision"] == "month"


def test_an_acled_export_is_served_as_a_crisis():
    client = create_app(CURRENT).server.test_client()
    assert client.get("/").status_code == 200
    embed = client.get("/embed/map").get_data(as_text=True)
    assert "IRN90004" in embed and "Remote violence" in embed  # (the page's JSON escapes the slash)


@pytest.mark.slow  # a generated export past MIN_CACHED_ROWS, resolved four times
def test_a_large_export_is_resolved_once_then_read_back_from_its_cache(tmp_path):
    import pandas as pd

    from dashboard.model.store import CACHE_FOLDER, MIN_CACHED_ROWS, cache_file
    from tests.synthetic import write_acled

    path = write_acled(MIN_CACHED_ROWS + 10, tmp_path / "acled.csv")
    resolved, problems = check_events(path)
    assert problems == []
    kept = list((tmp_path / CACHE_FOLDER).glob("*.parquet"))
    assert kept == [cache_file(path, resolved.version)]
    cached, _ = check_events(path)
    pd.testing.assert_frame_equal(cached.frame, resolved.frame)  # same values, same types, lists as lists
    assert cached.head == resolved.head and cached.version == resolved.version
    kept[0].write_bytes(b"not parquet")  # a damaged cache is only a cache: resolved again
    again, _ = check_events(path)
    pd.testing.assert_frame_equal(again.frame, resolved.frame)
    write_acled(MIN_CACHED_ROWS + 20, path, seed=8)  # a new version replaces the old one
    newer, _ = check_events(path)
    assert list((tmp_path / CACHE_FOLDER).glob("*.parquet")) == [cache_file(path, newer.version)]
    assert len(newer.frame) == MIN_CACHED_ROWS + 20
    assert not list(ROOT.glob(f"tests/fixtures/acled/{CACHE_FOLDER}"))  # small files are not cached


@pytest.mark.slow  # a generated export past MIN_CACHED_ROWS, resolved twice
def test_a_table_kept_under_another_schema_is_never_read_back(tmp_path):
    """The cache's key holds the table's schema: a column added or retyped is a new file (a miss); a kept table
    whose columns are not the schema's (written by an older release, or by hand) is resolved again, never served
    with a column missing."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dashboard.model import store, table
    from tests.synthetic import write_acled

    path = write_acled(store.MIN_CACHED_ROWS + 10, tmp_path / "acled.csv")
    resolved, _ = check_events(path)
    kept = store.cache_file(path, resolved.version)
    assert table.SCHEMA in kept.name
    retyped = {**table.COLUMNS, "killed": table.Column("float64", "killed")}
    added = {**table.COLUMNS, "time": table.Column("str", "time of day")}
    assert len({table.schema_of(table.COLUMNS), table.schema_of(retyped), table.schema_of(added)}) == 3
    pq.write_table(pa.Table.from_pandas(resolved.frame.drop(columns=["border_km"]), preserve_index=False), kept)
    assert store.read_table(path, resolved.version) is None
    again, problems = check_events(path)
    assert problems == [] and list(again.frame.columns) == list(table.COLUMNS)
    pd.testing.assert_frame_equal(again.frame, resolved.frame)
    pd.testing.assert_frame_equal(store.read_table(path, resolved.version), resolved.frame)  # rewritten whole


def crisis_with_background(folder):
    """The bundled crisis with the ACLED fixture as its background."""
    import shutil

    from tests.support import copy_bundled, replace_once

    events = copy_bundled(folder)
    shutil.copy(CURRENT, events.parent / "acled.csv")
    replace_once(events, "meta:\n", "meta:\n  background: acled.csv\n")
    return events


@pytest.mark.slow  # the bundled crisis with an ACLED background, drawn five times
def test_a_crisis_is_read_against_its_acled_background(tmp_path):
    from dashboard.figures.marks import MapTrace
    from dashboard.figures.timeline import TimelineTrace
    from dashboard.figures.views import map_figure, timeline_figure
    from dashboard.state.filters import Filters
    from dashboard.state.view import View

    events = crisis_with_background(tmp_path)
    table, problems = check_events(events)
    assert [p for p in problems if p.severity == "error"] == []
    assert len(table.frame) == 13 and len(table.background) == 14
    assert events.parent / "acled.csv" in table.inputs  # watched, and hashed into the version

    def counted(figure) -> int:
        hovers = figure.data[MapTrace.BACKGROUND].hovertext
        return sum(int(h.split("</b>")[0].removeprefix("<b>").split()[0].replace(",", "")) for h in hovers)

    assert counted(map_figure(table, View())) == 14
    window = View(filters=Filters(start=dt.date(2024, 1, 16), end=dt.date(2024, 1, 18)))
    in_window = table.background[(table.background["date_end"] >= "2024-01-16") & (table.background["date"] <= "2024-01-18")]
    assert counted(map_figure(table, window)) == len(in_window) == 4  # three days, and one known only to January
    assert any(trace.name.startswith("Background") for trace in map_figure(table, View()).data)
    # Zoomed in, the background is counted in smaller cells of what the map shows: the map follows its camera.
    zoomed = map_figure(table, View(camera={"lat": 27.37, "lon": 62.33, "zoom": 9})).data[MapTrace.BACKGROUND]
    assert len(zoomed.lat) > 0 and max(abs(lat - 27.37) for lat in zoomed.lat) < 1.5
    timeline = timeline_figure(table, View())
    per_day = timeline.data[TimelineTrace.BACKGROUND]
    assert sum(per_day.y) == pytest.approx(14, abs=0.05)  # a month-only event: 31 shares, each rounded
    assert per_day.yaxis == "y3" and timeline.layout.yaxis3.visible
    assert any(trace.name.startswith("Background per day") for trace in timeline.data)


def test_a_bad_background_refuses_the_crisis_with_its_rows_located(tmp_path):
    from tests.support import line_of, replace_once

    events = crisis_with_background(tmp_path)
    replace_once(events.parent / "acled.csv", "PAK90003,2024-01-05", "PAK90003,2024-01-45")
    table, problems = check_events(events)
    assert table is None and [str(p) for p in problems if p.field == "event_date"] == [
        "acled.csv:4: event_date: '2024-01-45' is not a date (ACLED writes YYYY-MM-DD, DD-MM-YYYY or '16 January 2024')"]
    (events.parent / "acled.csv").unlink()
    table, problems = check_events(events)
    assert table is None and [p.field for p in problems] == ["meta.background"]
    assert problems[0].line == line_of(events, "background: acled.csv")


def test_exports_say_what_the_grey_is_and_credit_acled(tmp_path):
    from dashboard.export.paper import caption, credit
    from dashboard.state.view import View

    table, _ = check_events(crisis_with_background(tmp_path))
    assert "background: 14 ACLED events (grey; per day on the right-hand axis)" in caption(table, View())
    assert "cited per event · Background: ACLED (acleddata.com) · Map:" in credit(table)


def test_an_acled_event_opens_its_detail_though_no_event_answers_another():
    """ACLED rows have no links: the detail's "Answered by" search finds none, and the panel still opens."""
    from dashboard.web.detail import build_detail

    table, _ = check_events(CURRENT)
    row = table.frame.iloc[0]
    rendered = str(build_detail(row, table))
    assert row["title"] in rendered and "Answered by" not in rendered


def test_a_row_dated_outside_the_drawn_years_is_a_located_error(tmp_path):
    """As for a curated file: whatever loads, every figure draws (an ACLED row of year 1800 or 2300 would not)."""
    lines = CURRENT.read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    first = next(csv.reader([lines[1]]))
    first[header.index("event_date")] = "1800-01-01"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(first)
    path = tmp_path / "acled.csv"
    path.write_text("\n".join([lines[0], buffer.getvalue().rstrip("\n"), *lines[2:]]) + "\n", encoding="utf-8")
    _, problems = check_events(path)
    [problem] = [p for p in problems if p.field == "event_date"]
    assert problem.line == 2 and "outside the years 1900–2100" in problem.message
