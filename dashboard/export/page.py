"""One HTML page holding only a figure and filling its window: the embeds and the standalone export."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.figures.style import OFFLINE_CONFIG, text

PAGE_STYLE = "<style>html,body{margin:0;height:100%;overflow:hidden}#figure{height:100vh;width:100vw}</style>"
PAGE_CONFIG = {**OFFLINE_CONFIG, "responsive": True}


def figure_page(figure: go.Figure, title: str, *, plotly_js: bool | str = True) -> str:
    """``plotly_js``: True puts plotly.js inline (one file, works offline with no server); a URL loads it."""
    figure = go.Figure(figure)
    figure.update_layout(width=None, height=None, autosize=True)
    page = pio.to_html(figure, include_plotlyjs=plotly_js, full_html=True, default_width="100%",
                       default_height="100%", config=PAGE_CONFIG, div_id="figure")
    return page.replace("<head>", f"<head><title>{text(title)}</title>{PAGE_STYLE}", 1)
