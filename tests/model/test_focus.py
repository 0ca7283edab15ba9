"""The countries in focus are the crisis's belligerents, found from its events: both sides of every strike and the
countries holding most events; a country that only hosted a meeting is drawn, not in focus, and gets no border."""

from __future__ import annotations

import math

from dashboard.model.loading import load_events
from tests.support import edited_bundled

TALKS = {"id": "talks-in-beijing-2024-01-25", "title": "Talks in a third country's capital", "category": "meeting",
         "date": "2024-01-25", "place": {"name": "Beijing", "country": "CN", "precision": "exact"},
         "actors": ["Iran", "Pakistan"], "description": "A meeting far from the fighting, for this test.",
         "sources": [{"source": "thenews-1138727", "quote": "a quote from an outside source (not checked)"}]}


def test_a_meeting_in_a_third_country_neither_joins_the_focus_nor_gets_a_border(tmp_path, bundled_table):
    table = load_events(edited_bundled(tmp_path, lambda document: document["events"].append(TALKS)))
    assert table.geography.focus == {"IR", "PK"}  # China borders Pakistan, but hosted one meeting only
    assert set(table.geography.borders) == {("IR", "PK")}
    frame = table.frame.set_index("id")
    assert frame.loc[TALKS["id"], "point_country"] == "CN" and math.isnan(frame.loc[TALKS["id"], "border_km"])
    before = bundled_table.frame.set_index("id")["border_km"]
    assert frame["border_km"].drop(TALKS["id"]).equals(before)  # the front line's distances as they were
