"""The tabular exports open safely in a spreadsheet; the JSON ones keep the data as it is."""

from __future__ import annotations

import csv
import io
import json

import pytest

from dashboard.export.formats import formula_safe
from tests.support import invoke_cli, replace_once

# Cells a spreadsheet would run (OWASP, "CSV Injection"): a formula, a DDE call, a function, a leading tab or CR.
HOSTILE_TITLE = '=HYPERLINK("http://x","y")'
HOSTILE_ACTOR = "+cmd|' /C calc'!A0"
HOSTILE_PLACE_NOTE = "@SUM(1+1)"


@pytest.fixture
def hostile_file(data_copy):
    replace_once(data_copy, "title: Jaish ul-Adl attack on the police station in Rask", f"title: '{HOSTILE_TITLE}'")
    replace_once(data_copy, "actors: [Jaish ul-Adl, Iranian police]", f'actors: ["{HOSTILE_ACTOR}", "-1+2", Iranian police]')
    replace_once(data_copy, "title: Attack on another police station, one officer killed",
                 f"title: '{HOSTILE_PLACE_NOTE}'")
    return data_copy


def _rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_csv_cells_that_a_spreadsheet_would_run_are_text(hostile_file):
    result = invoke_cli("events", str(hostile_file), "--format", "csv")
    assert result.code == 0, result.err
    rows = _rows(result.out)
    titles = {row["title"] for row in rows}
    assert "'" + HOSTILE_TITLE in titles and "'" + HOSTILE_PLACE_NOTE in titles
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row.values())
    assert all(float(row["lon"]) > 0 for row in rows)  # numbers stay numbers


def test_a_leading_tab_or_carriage_return_is_neutralised_and_numbers_are_not():
    """The loader strips whitespace from names, so these come from the rule itself."""
    assert [formula_safe(v) for v in ("\tx", "\rx", "-x", "plain", -33.5, None)] == [
        "'\tx", "'\rx", "'-x", "plain", -33.5, None]


def test_acled_cells_are_formula_safe_and_negative_numbers_stay(hostile_file):
    result = invoke_cli("events", str(hostile_file), "--format", "acled")
    assert result.code == 0, result.err
    rows = _rows(result.out)
    rask = next(row for row in rows if row["event_id_cnty"] == "rask-police-attack-2023-12")
    assert (rask["actor1"], rask["actor2"], rask["assoc_actor_2"]) == ("'" + HOSTILE_ACTOR, "'-1+2", "Iranian police")
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row.values())


def test_json_and_geojson_keep_the_data_as_written(hostile_file):
    records = json.loads(invoke_cli("events", str(hostile_file), "--format", "json").out)
    rask = next(r for r in records if r["id"] == "rask-police-attack-2023-12")
    assert rask["title"] == HOSTILE_TITLE and rask["actors"] == [HOSTILE_ACTOR, "-1+2", "Iranian police"]
    features = json.loads(invoke_cli("events", str(hostile_file), "--format", "geojson").out)["features"]
    assert {f["properties"]["title"] for f in features} >= {HOSTILE_TITLE, HOSTILE_PLACE_NOTE}
