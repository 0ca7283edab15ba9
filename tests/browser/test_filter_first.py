"""A category or disputed filter is answered on the timeline in the browser first (``assets/filter.js``): the events'
own marks hidden and shown from what the page has, before the server's figures arrive; and they are the marks the
server's figure then draws.

The browser's answer is called here as the filter controls call it, without changing the controls (no request is
made, so what is drawn is the browser's alone); the controls are then changed for real and the server answers."""

from __future__ import annotations

from dashboard.model.loading import load_events
from tests.browser.conftest import wait_for
from tests.browser.test_map_updates import SETTLED, _open
from tests.support import BUNDLED, RED_SEA

# What the timeline draws, by trace: the event ids of its points (customdata, or meta.ids; a segment's separators
# counted with their event, a trace's point at no position left out).
DRAWN_IDS = """
var plot = document.querySelector('#timeline .js-plotly-plot'), out = {};
plot._fullData.forEach(function (trace) {
  var ids = trace.meta && trace.meta.ids ? trace.meta.ids : trace.customdata;
  if (ids) { out[trace.name] = Array.from(ids).filter(function (id) { return typeof id === 'string'; }); }
});
return out;
"""
# The browser's first answer to filter values (as the controls give them); what the timeline draws then.
FIRST = "window.dash_clientside.filter.first.apply(null, arguments[0].concat(['timeline']));" + DRAWN_IDS
MARKS = ("events", "spans", "disputed dates", "labels", "label leaders")
OWN = MARKS[:3]  # one per event shown, where the server's figure draws them too (titles it lays out again)


def _first(dash_duo, categories, disputed=(), text="", actors=(), countries=(), box=()) -> dict:
    values = [list(categories), list(disputed), text, list(actors), list(countries), list(box)]
    return dash_duo.driver.execute_script(FIRST, values)


def _drawn(dash_duo) -> dict:
    return dash_duo.driver.execute_script(DRAWN_IDS)


def _marks(drawn: dict) -> dict[str, set[str]]:
    return {trace: set(drawn[trace]) for trace in MARKS}


def _opened(dash_duo, data):
    """The crisis's events (by id) and categories, and the marks the page first draws."""
    table = load_events(data)
    _open(dash_duo, data)
    return table.frame.set_index("id"), list(table.head.categories), _marks(_drawn(dash_duo))


def test_the_browser_hides_and_shows_the_marks_the_server_then_draws(dash_duo):
    frame, categories, before = _opened(dash_duo, BUNDLED)
    assert before["events"] == set(frame.index)
    assert before["disputed dates"] and before["labels"], "the bundled crisis has a disputed date and titles"
    gone = frame.loc[sorted(before["disputed dates"])[0], "category"]  # a category with a disputed date
    kept = [category for category in categories if category != gone]

    narrowed = _marks(_first(dash_duo, kept))
    for trace in MARKS:
        assert narrowed[trace] == {i for i in before[trace] if frame.loc[i, "category"] != gone}, trace
    # Ticked again: brought back from what the server drew before, nothing built.
    assert _marks(_first(dash_duo, categories)) == before
    disputed = _marks(_first(dash_duo, categories, disputed=["only"]))
    assert disputed["events"] == set(frame.index[frame["disputed"]])

    # A filter the browser cannot test (text) is on: it only hides, never brings back.
    _first(dash_duo, kept)
    assert _marks(_first(dash_duo, categories, text="Tehran")) == narrowed
    _first(dash_duo, categories)

    # The same filter for real: the server's figure draws the marks the browser drew first.
    dash_duo.find_element(f"#filter-category input[value='{gone}']").click()
    shown = len(frame) - int((frame["category"] == gone).sum())
    dash_duo.wait_for_contains_text("#count", f"{shown} of {len(frame)}", timeout=20)
    wait_for(lambda: dash_duo.driver.execute_script(SETTLED), timeout=20, message="the server's figures drawn")
    served = _marks(_drawn(dash_duo))
    assert {trace: served[trace] for trace in OWN} == {trace: narrowed[trace] for trace in OWN}
    assert served["labels"] <= served["events"] and narrowed["labels"] <= narrowed["events"]
    assert dash_duo.get_logs() == []


def test_on_a_mid_size_crisis_a_category_leaves_the_timeline_at_once(dash_duo):
    frame, categories, before = _opened(dash_duo, RED_SEA)
    for gone in categories[:3]:
        narrowed = _marks(_first(dash_duo, [category for category in categories if category != gone]))
        for trace in MARKS:
            assert narrowed[trace] == {i for i in before[trace] if frame.loc[i, "category"] != gone}, (gone, trace)
        assert _marks(_first(dash_duo, categories)) == before

    # Ticked off for real: the server's timeline has one lane fewer, and the lanes above it moved. Marks remembered
    # from the old lanes would land in another category's lane: the browser brings none back, the server does.
    gone = categories[0]
    dash_duo.find_element(f"#filter-category input[value='{gone}']").click()
    shown = len(frame) - int((frame["category"] == gone).sum())
    dash_duo.wait_for_contains_text("#count", f"{shown} of {len(frame)}", timeout=20)
    wait_for(lambda: dash_duo.driver.execute_script(SETTLED), timeout=20, message="the server's figures drawn")
    served = _marks(_drawn(dash_duo))
    assert served["events"] == {i for i in before["events"] if frame.loc[i, "category"] != gone}
    assert _marks(_first(dash_duo, categories)) == served
    assert dash_duo.get_logs() == []
