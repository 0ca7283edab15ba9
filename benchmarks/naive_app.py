"""The obvious Dash app over the same data, as the baseline ``bench_scale`` measures this one against.

It loads the same resolved frame once and, in one callback, rebuilds both figures from the filtered frame on
every change (a category ticked, a time window, an event clicked): ``plotly.express`` scatter on a map and on a time axis, the
selected event drawn larger. No patches, no aggregation, no caching. Not part of the product.
"""

from __future__ import annotations

from pathlib import Path

import plotly.express as px
from dash import Dash, Input, Output, dcc, html

from dashboard.figures.map import OFFLINE_STYLE  # a plain sea, offline (the same as this app's)
from dashboard.model.loading import load_events


def naive_app(path: Path) -> Dash:
    table = load_events(path)
    frame = table.frame
    categories = list(table.head.categories)
    app = Dash(__name__, serve_locally=True)
    app.layout = html.Div([
        dcc.Checklist(id="categories", options=categories, value=categories),
        dcc.Store(id="selected"),
        dcc.Store(id="window"),  # [first day, last day] or None
        dcc.Graph(id="map"),
        dcc.Graph(id="timeline"),
    ])

    @app.callback(Output("map", "figure"), Output("timeline", "figure"), Input("categories", "value"),
                  Input("selected", "data"), Input("window", "data"))
    def figures(chosen: list[str], selected: str | None, window: list[str] | None):
        shown = frame[frame["category"].isin(chosen or [])]
        if window:
            shown = shown[(shown["date_end"] >= window[0]) & (shown["date"] <= window[1])]
        size = (shown["id"] == selected).map({True: 14, False: 6})
        the_map = px.scatter_map(shown, lat="lat", lon="lon", color="category_label", size=size, hover_name="title",
                                 hover_data=["date_text", "place"], zoom=4, map_style="white-bg")
        the_map.update_layout(map_style=OFFLINE_STYLE)
        timeline = px.scatter(shown, x="date", y="category_label", color="category_label", size=size,
                              hover_name="title", hover_data=["place"])
        return the_map, timeline

    return app


if __name__ == "__main__":  # python -m benchmarks.naive_app FILE PORT (bench_browser serves it so)
    import sys

    naive_app(Path(sys.argv[1])).run(host="127.0.0.1", port=int(sys.argv[2]), debug=False)
