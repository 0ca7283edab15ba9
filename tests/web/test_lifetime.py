"""What the app derives from a loaded table is kept with that table and dropped with it: after a reload nothing
holds on to the old table's geography (its outlines are the largest thing a table has)."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from dashboard.export.paper import export_figure
from dashboard.export.spec import ExportSpec, prepare
from dashboard.model.kept import SIZES, Kept
from dashboard.web import callbacks as cb
from dashboard.web.app import create_app
from dashboard.web.source import current_snapshot
from tests.support import replace_once
from tests.web.test_callbacks import NO_FILTERS, STRIKE, call, first_render


def test_kept_results_are_bounded_and_the_least_recently_used_goes_first():
    kept, computed = Kept(), []

    def compute(value):
        computed.append(value)
        return value

    for key in range(SIZES["filtered"]):
        kept.get("filtered", key, lambda key=key: compute(key))
    kept.get("filtered", 0, lambda: compute("again"))  # kept: not computed, and now the most recently used
    kept.get("filtered", "new", lambda: compute("new"))  # drops 1, the least recently used
    kept.get("filtered", 0, lambda: compute("again"))
    kept.get("filtered", 1, lambda: compute(1))
    assert computed == [0, 1, "new", 1]
    kept.clear()
    kept.get("filtered", 0, lambda: compute(0))
    assert computed[-1] == 0


def _in_thread(target) -> tuple[threading.Thread, list]:
    outcome: list = []

    def run():
        try:
            outcome.append(target())
        except ValueError as error:
            outcome.append(error)
    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_result_being_computed_is_computed_once_and_waited_for():
    kept, computed, started, release = Kept(), [], threading.Event(), threading.Event()

    def slow():
        computed.append("slow")
        started.set()
        release.wait(30)
        return ["figures"]

    first, first_got = _in_thread(lambda: kept.get("view", "page", slow))
    started.wait(30)
    second, second_got = _in_thread(lambda: kept.get("view", "page", lambda: computed.append("again")))
    second.join(0.2)  # most likely waiting by now; either way it must not compute again
    release.set()
    first.join(30)
    second.join(30)
    assert computed == ["slow"]
    assert first_got[0] is second_got[0] == ["figures"]


def test_an_error_reaches_whoever_waited_for_it_and_is_not_kept():
    kept, started, release = Kept(), threading.Event(), threading.Event()

    def failing():
        started.set()
        release.wait(30)
        raise ValueError("bad figure")

    first, first_got = _in_thread(lambda: kept.get("view", "page", failing))
    started.wait(30)
    second, second_got = _in_thread(lambda: kept.get("view", "page", failing))
    second.join(0.2)
    release.set()
    first.join(30)
    second.join(30)
    assert [str(error) for error in first_got + second_got] == ["bad figure", "bad figure"]
    assert kept.get("view", "page", lambda: "built again") == "built again"


@pytest.mark.slow  # two loads of the bundled crisis, the app's figures and an export's
def test_after_a_reload_the_old_tables_geography_is_garbage_collected(data_copy):
    app = create_app(data_copy)
    key = first_render(app)["drawn"]  # figures, filtered rows, clipped countries, the fitted extent: all kept
    call(app, cb.views.highlight, "selected.data", selected=STRIKE, filters=NO_FILTERS, lanes="category",
         drawn_key=key)
    client = app.server.test_client()
    with app.server.app_context():
        old = current_snapshot().table
        assert client.get(f"/map-geometry/{old.version}/countries.json").status_code == 200
        export_figure(old, prepare(old, ExportSpec("composite", "png")))
        geography, version = weakref.ref(old.geography), old.version
        del old
    replace_once(data_copy, "killed: 11", "killed: 12")  # the file changes under the running app
    with app.server.app_context():
        assert current_snapshot(wait=True).table.version != version
    first_render(app)
    gc.collect()
    assert geography() is None
