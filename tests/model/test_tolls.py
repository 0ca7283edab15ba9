"""Tolls that change: ``killed``/``injured`` as a list of figures by the day reported. The views show the latest
and say it changed; ACLED exports keep the lowest; a bad report is refused where it is written."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard.export.formats import render
from dashboard.figures.style import hover_text
from dashboard.model.loading import check_events, load_events
from dashboard.web.detail import build_detail
from dashboard.web.table import build_table, sort_frame
from tests.support import copy_bundled, line_of, replace_once

SARAVAN = "saravan-killing-2024-01-27"
ONE_FIGURE = "    actors: [Unidentified gunmen, Pakistani nationals]\n    killed: 9\n"
OVER_TIME = ("    actors: [Unidentified gunmen, Pakistani nationals]\n    killed:\n"
             "      - {value: 6, as_of: \"2024-01-27\", source: article-a}\n"
             "      - {value: 9, as_of: \"2024-01-28\", source: thequint-saravan}\n")


@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    events = copy_bundled(tmp_path_factory.mktemp("tolls"))
    replace_once(events, ONE_FIGURE, OVER_TIME)
    return load_events(events)


def row(table, event_id=SARAVAN):
    return table.frame.loc[table.frame["id"] == event_id].iloc[0]


def test_the_views_show_the_latest_figure_and_how_it_changed(changed):
    saravan = row(changed)
    assert saravan["killed"] == 9 and "toll_changed" in saravan["flags"]
    assert list(saravan["toll_reports"]) == [
        {"field": "killed", "value": 6, "as_of": "2024-01-27", "source": "article-a"},
        {"field": "killed", "value": 9, "as_of": "2024-01-28", "source": "thequint-saravan"}]
    frame = changed.frame[changed.frame["id"] == SARAVAN]
    assert "9 killed, 3 injured<br>killed 6 (2024-01-27) → 9 (2024-01-28)" in hover_text(frame)[0]
    detail = str(build_detail(saravan, changed))
    assert "9 killed, 3 injured (the latest figures; as reported: killed 6 (2024-01-27) → 9 (2024-01-28))" in detail
    cells = str(build_table(sort_frame(frame, "date", True), column="date", ascending=True, page=0, selected=None))
    assert "(changed)" in cells and "As reported: killed 6 (2024-01-27) → 9 (2024-01-28)" in cells
    assert "toll_changed" not in row(changed, "rask-police-attack-2023-12")["flags"]  # one figure: nothing changed


def test_acled_exports_keep_the_lowest_figure(changed):
    rows = {r["notes"][:30]: r for r in csv.DictReader(io.StringIO(render(changed.frame, "acled",
                                                                        changed.head.categories)))}
    saravan = next(r for r in rows.values() if r["notes"].startswith("An unknown assailant shot dead"))
    assert saravan["fatalities"] == "6" and "toll_changed" in saravan["tags"]


@pytest.mark.parametrize(("reports", "field", "message"), [
    ("      - {value: 6, as_of: \"2024-01-27\", source: nobody}\n", "events[8].killed[0].source",
     "unknown source 'nobody'"),
    ("      - {value: 6, as_of: \"2024-01\", source: article-a}\n", "events[8].killed[0]",
     "as_of 2024-01 is not a day"),
    ("      - {value: -6, as_of: \"2024-01-27\", source: article-a}\n", "events[8].killed[0].value",
     "greater than or equal to 0"),
])
def test_a_bad_report_is_refused_where_it_is_written(tmp_path, reports, field, message):
    events = copy_bundled(tmp_path)
    replace_once(events, ONE_FIGURE, "    actors: [Unidentified gunmen, Pakistani nationals]\n    killed:\n" + reports)
    _, problems = check_events(events)
    found = [p for p in problems if p.field == field]
    assert found and message in found[0].message, problems
    assert found[0].line == line_of(events, reports.strip())
