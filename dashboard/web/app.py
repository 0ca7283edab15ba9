"""create_app(data) -> the Dash app; ``create_server()`` for gunicorn."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from dash import Dash, html
from flask import Response, request

from dashboard.export.page import with_language
from dashboard.figures.fonts import check_fonts
from dashboard.figures.style import palette_css
from dashboard.model.live import EventSource
from dashboard.model.loading import DEFAULT_DATA
from dashboard.web.callbacks import register
from dashboard.web.embed import register_embed_routes
from dashboard.web.fallback import discovery_link, register_fallback_routes
from dashboard.web.fonts import FACES_CSS, register_font_routes
from dashboard.web.geometry import register_geometry_routes, served
from dashboard.web.layout import build_layout, export_controls, page_language
from dashboard.web.security import ANY_ORIGIN, EMBED_ORIGINS_ENV, FRAME_ORIGINS_ENV, origins_from_env, secure
from dashboard.web.source import attach
from dashboard.web.warm import EXTENSION as WARMER
from dashboard.web.warm import Warmer
from dashboard.web.wire import compact

ASSETS = Path(__file__).resolve().parents[2] / "assets"
DATA_ENV = "CRISIS_DATA"
PALETTE_ROUTE = "/palette.css"  # the colours of style.PALETTE as CSS variables, for assets/style.css


def create_app(data: Path | str | EventSource = DEFAULT_DATA, *, frame_origins: Sequence[str] = (),
               embed_origins: Sequence[str] = ANY_ORIGIN, warm: bool = False) -> Dash:
    """The app over an events file, or over a source already loaded (``serve`` loads it once, before serving); the
    app framable by ``frame_origins`` only (default: by none), ``/embed/*`` by ``embed_origins`` (default: any);
    when ``warm`` (a server's), a page served starts building its first figures (``web/warm.py``)."""
    check_fonts()
    source = data if isinstance(data, EventSource) else EventSource(data)
    app = Dash(
        __name__,
        title="Crisis map & timeline",
        assets_folder=str(ASSETS),
        external_stylesheets=[PALETTE_ROUTE, FACES_CSS],
        serve_locally=True,  # plotly.js and Dash bundles from this server: no CDN
        update_title=None,
    )
    # Dash's page holds its scripts in a <footer>: a second contentinfo landmark beside the app's own footer.
    app.index_string = app.index_string.replace("<footer>", "<div>").replace("</footer>", "</div>")
    attach(app.server, source)
    # Every id a callback uses, for debug mode's check of callbacks against the page: the page with the export
    # panel's controls, which it makes only when opened.
    app.validation_layout = html.Div([build_layout(source.snapshot()), *export_controls()])
    # A function, so every page load re-reads the file if it changed (and shows its errors if it broke).
    app.layout = lambda: build_layout(source.snapshot())
    # The page's lang is the file's language, read as the page is served (a reload may change it); its head names
    # the page's oEmbed, for a CMS that embeds by URL.
    plain_index = app.interpolate_index
    warmer = app.server.extensions[WARMER] = Warmer() if warm else None

    def index(**parts) -> str:
        snapshot = source.snapshot()
        if warmer is not None and snapshot.table is not None:
            warmer.page_served(snapshot.table, request.query_string.decode("latin-1"), served(snapshot.table))
        title = snapshot.table.head.meta.title if snapshot.table is not None else app.title
        page = with_language(plain_index(**parts), page_language(snapshot))
        return page.replace("</head>", f"{discovery_link(request.url, title)}</head>", 1)
    app.interpolate_index = index
    app.server.add_url_rule(PALETTE_ROUTE, "palette", lambda: Response(palette_css(), mimetype="text/css"))
    register(app)
    register_embed_routes(app.server)
    register_fallback_routes(app.server)
    register_geometry_routes(app.server)
    register_font_routes(app.server)
    secure(app, frame_origins, embed_origins)
    compact(app)
    return app


def create_server():
    """WSGI entry point: ``gunicorn 'dashboard.web.app:create_server()'`` (data from $CRISIS_DATA; framing origins
    from $CRISIS_FRAME_ORIGINS and $CRISIS_EMBED_ORIGINS, space-separated)."""
    return create_app(os.environ.get(DATA_ENV, DEFAULT_DATA),
                      frame_origins=origins_from_env(FRAME_ORIGINS_ENV, ()),
                      embed_origins=origins_from_env(EMBED_ORIGINS_ENV, ANY_ORIGIN), warm=True).server
