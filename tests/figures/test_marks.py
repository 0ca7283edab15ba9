"""The one registry of the map's marks: both renderers, both legends and the key list follow it."""

from __future__ import annotations

import pytest

from dashboard.figures.map import MapOptions, app_extent, app_scene, build_map, map_traces
from dashboard.figures.marks import APP_TRACES, MARKS, PRINT_KEYED, MapTrace
from dashboard.figures.print_map import legend_traces as print_legend


@pytest.fixture(scope="module")
def scene(bundled_table):
    return app_scene(bundled_table.frame, bundled_table.geography, app_extent(bundled_table.frame, bundled_table.geography))


def test_the_app_draws_one_trace_per_slot_in_slot_order(scene):
    slots = sorted(mark.slot for mark in MARKS.values() if mark.slot is not None)
    assert slots == list(range(len(MapTrace))) == [MapTrace[kind.upper().replace(" ", "_")] for kind in APP_TRACES]
    traces = map_traces(scene, None)
    assert len(traces) == len(MapTrace)
    named = {"arrow": "arrows", "spread": "leaders"}  # what the traces were always called in the figure
    assert [trace.name for trace in traces] == [named.get(kind, kind) for kind in APP_TRACES]


def test_every_keyed_mark_has_a_key_in_each_legend_that_draws_it():
    keyed = [kind for kind, mark in MARKS.items() if mark.legend is not None]
    assert all(MARKS[kind].app_key and MARKS[kind].drawn for kind in keyed)
    assert [kind for kind in keyed if kind != "background"] == PRINT_KEYED  # the background is the app's alone


def test_both_legends_key_exactly_the_marks_the_scene_draws_in_registry_order(bundled_table, scene):
    assert scene.keys == [kind for kind in MARKS if kind in set(scene.keys)]
    wanted = [MARKS[kind].legend for kind in scene.keys]
    app = build_map(scene, bundled_table.geography, MapOptions(bundled_table.head.categories))
    assert [trace.name for trace in app.data if trace.legendgroup == "marks"] == wanted
    printed = print_legend(scene, bundled_table.head.categories)
    assert [trace.name for trace in printed if trace.legendgroup == "marks"] == wanted
