"""Serving a page starts building the figures it opens on, so the figures callback finds them built: a plain
visit, and a link with a filter, a selection and a camera the selection is out of sight of."""

from __future__ import annotations

import pytest

from dashboard.figures import patches
from dashboard.model.loading import DEFAULT_DATA as BUNDLED
from dashboard.web import callbacks as cb
from dashboard.web.app import create_app
from dashboard.web.callbacks.controls import FILTER_CONTROLS, MODE_CONTROLS
from dashboard.web.warm import EXTENSION as WARMER
from tests.web.test_callbacks import MODES, NO_FILTERS, STRIKE, call


@pytest.fixture(scope="module")
def app():
    return create_app(BUNDLED, warm=True)


@pytest.mark.parametrize("search", ["", f"?cat=strike&sel={STRIKE}&map=35.7,51.4,8"])
def test_a_served_page_has_its_first_figures_built_before_it_asks(app, search, monkeypatch):
    assert app.server.test_client().get("/" + search).status_code == 200
    app.server.extensions[WARMER].idle()
    # What the page's first callbacks then do: read the URL into the controls, then draw from the controls.
    blank = {**NO_FILTERS, **MODES, "selected": None, "camera": None}
    controls = call(app, cb.url.sync_url, "url.search", search=search, reset=0, controls=blank,
                    synced=False)["controls"]

    def built_again(*_args, **_kwargs):
        raise AssertionError("the page's first figures were built again")
    monkeypatch.setattr(patches, "timeline_figure", built_again)
    drawn = call(app, cb.views.render_views, "url-synced.data", version="v", selected=controls["selected"],
                 camera_view=controls["camera"], filters={**{key: controls[key] for key in FILTER_CONTROLS},
                                                          "box": controls["box"]},
                 **{key: controls[key] for key in MODE_CONTROLS})
    assert drawn["drawn"] and drawn["map"].data and drawn["timeline"].data


def test_an_app_not_serving_builds_nothing_ahead():
    quiet = create_app(BUNDLED)
    assert quiet.server.test_client().get("/").status_code == 200
    assert quiet.server.extensions[WARMER] is None
