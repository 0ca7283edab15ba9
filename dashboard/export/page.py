"""One HTML page holding only a figure and filling its window: the embeds and the standalone export."""

from __future__ import annotations

import html
import re

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.figures.style import OFFLINE_CONFIG, text

# A page that fills its window: whatever stands above and below the figure (an embed's title and credit) takes its
# own height, the figure the rest.
PAGE_STYLE = ("<style>html,body{margin:0;height:100%;overflow:hidden}body{display:flex;flex-direction:column}"
              "main{flex:1 1 auto;min-height:0}</style>")
# An embed fills its frame, with no modebar: in a report's column it covered the phases' names and the map's
# names (the figure still zooms by dragging, and a double click restores it).
PAGE_CONFIG = {**OFFLINE_CONFIG, "responsive": True, "displayModeBar": False}


def with_language(page: str, language: str) -> str:
    """``page`` with its ``<html>`` element in ``language`` (a tag the events file's schema checked)."""
    return re.sub(r"<html(?=[\s>])", f'<html lang="{html.escape(language)}"', page, count=1)


def filling(figure: go.Figure) -> go.Figure:
    """A copy of ``figure`` that takes the size of the element it is drawn in."""
    return go.Figure(figure).update_layout(width=None, height=None, autosize=True)


def figure_page(figure: go.Figure, title: str, *, language: str = "en", plotly_js: bool | str = True,
                head: str = "", above: str = "", below: str = "", fill: bool = True, tail: str = "",
                nonce: str | None = None) -> str:
    """``language``: the page's ``lang`` (the file's ``meta.language``). ``plotly_js``: True puts plotly.js inline
    (one file, works offline with no server); a URL loads it. ``head``: markup put before any script (data the
    figure needs without fetching it). ``fill``: the figure fills the window (embeds); otherwise it keeps the size
    it was laid out for (a finished page, whose labels were placed for that size). ``tail``: markup put after the
    figure's own script. ``above`` and ``below``: markup around the page's ``main``, the figure (which, filling,
    takes the height they leave). ``nonce``: the server's Content-Security-Policy nonce, put on every script of
    the page so its inline ones run."""
    figure = filling(figure) if fill else go.Figure(figure)
    page = pio.to_html(figure, include_plotlyjs=plotly_js, full_html=True, default_width="100%" if fill else None,
                       default_height="100%" if fill else None, div_id="figure",
                       config=PAGE_CONFIG if fill else OFFLINE_CONFIG)
    page = with_language(page, language)
    page = page.replace("<head>", f"<head><title>{text(title)}</title>{PAGE_STYLE if fill else ''}{head}", 1)
    page = page.replace("<body>", f"<body>{above}<main>", 1).replace("</body>", f"</main>{below}{tail}</body>", 1)
    return re.sub(r"<script(?=[\s>])", f'<script nonce="{nonce}"', page) if nonce else page
