"""``/embed/timeline`` and ``/embed/map``: only the figure, filling its iframe, for the same URL state as the app."""

from __future__ import annotations

from pathlib import Path

import plotly
from flask import Flask, Response, abort, request, send_file

from dashboard.export.page import figure_page
from dashboard.figures.views import map_figure, timeline_figure
from dashboard.state.view import view_for
from dashboard.web.source import current_snapshot

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PLOTLY_JS_ROUTE = "/embed/plotly.min.js"
EMBEDDABLE = ("map", "timeline")


def embed_html(what: str, query: str) -> str | None:
    """The page for ``/embed/<what>?<query>``, or None when no valid data is loaded."""
    table = current_snapshot().table
    if table is None:
        return None
    view = view_for(table, query)
    figure = map_figure(table, view) if what == "map" else timeline_figure(table, view)
    return figure_page(figure, f"{what.capitalize()} · embedded", plotly_js=PLOTLY_JS_ROUTE)


def register_embed_routes(server: Flask) -> None:
    @server.route("/embed/<what>")
    def embed(what: str) -> Response:
        if what not in EMBEDDABLE:
            abort(404)
        page = embed_html(what, request.query_string.decode("utf-8", "replace"))
        if page is None:
            abort(503)
        return Response(page, mimetype="text/html")

    @server.route(PLOTLY_JS_ROUTE)
    def plotly_js() -> Response:
        return send_file(PLOTLY_JS, mimetype="application/javascript", max_age=86400)
