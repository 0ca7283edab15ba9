"""create_app(data_path) -> Dash app; ``create_server()`` for gunicorn."""

from __future__ import annotations

import os
from pathlib import Path

from dash import Dash

from dashboard.model.live import EventSource
from dashboard.model.loading import DEFAULT_DATA
from dashboard.web.callbacks import register
from dashboard.web.embed import register_embed_routes
from dashboard.web.layout import build_layout

ASSETS = Path(__file__).resolve().parent.parent / "assets"
DATA_ENV = "CRISIS_DATA"


def create_app(data_path: Path | str = DEFAULT_DATA) -> Dash:
    source = EventSource(data_path)
    app = Dash(
        __name__,
        title="Crisis map & timeline",
        assets_folder=str(ASSETS),
        serve_locally=True,  # plotly.js and Dash bundles from this server: no CDN
        update_title=None,
    )
    app.server.config["EVENT_SOURCE"] = source
    # A function, so every page load re-reads the file if it changed (and shows its errors if it broke).
    app.layout = lambda: build_layout(source.snapshot())
    register(app)
    register_embed_routes(app.server, source)
    return app


def create_server():
    """WSGI entry point: ``gunicorn 'dashboard.web.app:create_server()'`` (data from $CRISIS_DATA)."""
    return create_app(os.environ.get(DATA_ENV, DEFAULT_DATA)).server
