"""The map: an offline base from the Natural Earth GeoJSON, events by category, halos, strike arrows.

One trace per layer (arrows, selection ring, events, labels) plus legend keys, in the fixed order of
``MapTrace`` so callbacks can patch a layer by index instead of resending the figure.
"""

from __future__ import annotations

import math
from enum import IntEnum

import numpy as np
import plotly.graph_objects as go
from shapely.geometry import mapping

from dashboard.figures.style import BORDER_LINE, FONT, INK, MUTED, SELECTION, casualty_size, hover_text
from geo.borders import KM_PER_DEGREE, Geography

TILE_STYLES = {"offline": "white-bg", "osm": "open-street-map", "carto": "carto-positron"}
HALO_LAYER = 4  # index in layout.map.layers: fills, focus fills, outlines, border, halos
HALO_STEPS = 32


class MapTrace(IntEnum):
    ARROWS = 0
    SELECTION = 1
    EVENTS = 2


def build_map(frame, geography: Geography, categories: dict, *, selected: str | None = None,
              basemap: str = "offline", view: tuple[dict, float] | None = None) -> go.Figure:
    """The whole map figure for the (already filtered) frame."""
    center, zoom = view or fit_view(frame["lat"].tolist(), frame["lon"].tolist())
    figure = go.Figure(data=map_traces(frame, selected) + legend_traces(frame, categories))
    tiles = basemap in ("osm", "carto")
    figure.update_layout(
        map={
            "style": TILE_STYLES.get(basemap, "white-bg"),
            "center": center,
            "zoom": zoom,
            "layers": base_layers(geography, tiles) + [halo_layer(frame, geography)],
            "uirevision": "map",
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        font={"family": FONT, "color": INK, "size": 13},
        legend={"x": 0.01, "y": 0.02, "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.88)",
                "bordercolor": "#c9ced4", "borderwidth": 1,
                "title": {"text": "Category (size: casualties)", "font": {"size": 12, "color": MUTED}},
                "itemclick": False, "itemdoubleclick": False, "font": {"size": 12}},
        dragmode="pan",
        clickmode="event",
        hoverlabel={"font": {"family": FONT, "size": 13}, "bgcolor": "white"},
        uirevision="map",
        paper_bgcolor="#eef3f7" if not tiles else "white",
    )
    if tiles:
        figure.add_annotation(text="Tiles © OpenStreetMap contributors" + (", © CARTO" if basemap == "carto" else ""),
                              xref="paper", yref="paper", x=1, y=0, xanchor="right", yanchor="bottom",
                              showarrow=False, font={"size": 10, "color": MUTED}, bgcolor="rgba(255,255,255,0.8)")
    return figure


def map_traces(frame, selected: str | None) -> list[go.Scattermap]:
    """The data layers, in ``MapTrace`` order."""
    positions = {event_id: i for i, event_id in enumerate(frame["id"])}
    index = positions.get(selected)
    return [
        arrows_trace(frame),
        selection_trace(frame, index),
        go.Scattermap(
            lat=frame["lat"].tolist(), lon=frame["lon"].tolist(), mode="markers",
            marker={"color": frame["colour"].tolist(), "size": casualty_size(frame["killed"], frame["injured"]),
                    "opacity": 0.92},
            customdata=frame["id"].tolist(), hovertext=hover_text(frame), hoverinfo="text",
            selectedpoints=[index] if index is not None else None,
            unselected={"marker": {"opacity": 0.35}},
            name="events", showlegend=False,
        ),
    ]


def selection_trace(frame, index: int | None) -> go.Scattermap:
    """A dark disc drawn under the selected marker, so it reads as a ring around it."""
    rows = frame.iloc[[index]] if index is not None else frame.iloc[0:0]
    sizes = [size + 12 for size in casualty_size(rows["killed"], rows["injured"])]
    return go.Scattermap(lat=rows["lat"].tolist(), lon=rows["lon"].tolist(), mode="markers",
                         marker={"color": SELECTION, "size": sizes}, hoverinfo="skip", name="selected",
                         showlegend=False)


def arrows_trace(frame) -> go.Scattermap:
    """Cross-border strikes as arrows from the launching country to the target, all in one line trace."""
    lats: list[float | None] = []
    lons: list[float | None] = []
    strikes = frame[frame["origin_lat"].notna()]
    for row in strikes.itertuples(index=False):
        shaft = [(row.origin_lat, row.origin_lon), (row.lat, row.lon)]
        for lat, lon in shaft + arrow_head(row.origin_lat, row.origin_lon, row.lat, row.lon):
            lats.append(lat)
            lons.append(lon)
        lats.append(None)
        lons.append(None)
    return go.Scattermap(lat=lats, lon=lons, mode="lines", line={"color": "#5b0f00", "width": 2.5},
                         hoverinfo="skip", name="Strike, from launching country", showlegend=not strikes.empty)


def arrow_head(lat0: float, lon0: float, lat1: float, lon1: float) -> list[tuple[float | None, float | None]]:
    """Two barbs at the target end, a fifth of the shaft long: in scale with the arrow wherever it is."""
    scale = math.cos(math.radians(lat1))
    dx, dy = (lon0 - lon1) * scale, lat0 - lat1
    length = math.hypot(dx, dy)
    if length == 0:
        return []
    barb = length * 0.2  # degrees
    points: list[tuple[float | None, float | None]] = [(None, None)]
    for turn in (-0.45, 0.45):
        angle = math.atan2(dy, dx) + turn
        points += [(lat1 + barb * math.sin(angle), lon1 + barb * math.cos(angle) / scale), (lat1, lon1), (None, None)]
    return points[:-1]


def legend_traces(frame, categories: dict) -> list[go.Scattermap]:
    """Legend keys only (no points): one per category present in the data."""
    present = set(frame["category"])
    return [go.Scattermap(lat=[None], lon=[None], mode="markers", marker={"color": category.colour, "size": 11},
                          name=category.label, showlegend=True, hoverinfo="skip")
            for key, category in categories.items() if key in present or not present]


def base_layers(geography: Geography, tiles: bool) -> list[dict]:
    """Country fills and outlines and the border, as MapLibre GeoJSON layers: no network needed."""
    countries = geography.countries_geojson
    border = {"type": "Feature", "geometry": mapping(geography.border), "properties": {}}
    focus = {**countries, "features": [f for f in countries["features"] if f["properties"]["focus"]]}
    fills = {"sourcetype": "geojson", "source": countries, "type": "fill", "below": "traces",
             "color": "#eceae4", "opacity": 0.0 if tiles else 1.0}
    focus_fills = {"sourcetype": "geojson", "source": focus, "type": "fill", "below": "traces",
                   "color": "#fbfaf6", "opacity": 0.0 if tiles else 1.0}
    outlines = {"sourcetype": "geojson", "source": countries, "type": "line", "below": "traces",
                "color": "#8c959f", "line": {"width": 1.0}}
    border_line = {"sourcetype": "geojson", "source": border, "type": "line", "below": "traces",
                   "color": BORDER_LINE, "line": {"width": 3.5}}
    return [fills, focus_fills, outlines, border_line]


def halo_layer(frame, geography: Geography) -> dict:
    """Where each uncertain event may lie: the outline of the province an event placed at province precision
    stands for, else a circle of ``location_radius_km`` (near a place, a province without an outline, a
    country's size), one polygon per distinct province, or point and radius.

    Circle centres are snapped to a tenth of the radius, invisible at the halo's size, so a large file of
    scattered points yields a few hundred halos, not one per event.
    """
    outlines = {province_id: geography.province_outline(province_id)
                for province_id in frame["province_id"].dropna().unique()}
    features = [{"type": "Feature", "properties": {"province": province_id}, "geometry": mapping(outline)}
                for province_id, outline in sorted(outlines.items()) if outline is not None]
    outlined = frame["province_id"].isin([province_id for province_id, outline in outlines.items() if outline])
    rows = frame[(frame["location_radius_km"] > 0) & ~outlined]
    for radius, group in rows.groupby(rows["location_radius_km"].round(0)):
        snap = radius / 10 / KM_PER_DEGREE
        centres = np.unique(np.round(group[["lat", "lon"]].to_numpy(dtype=float) / snap) * snap, axis=0)
        for ring in _rings(centres, float(radius)):
            features.append({"type": "Feature", "properties": {},
                             "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"sourcetype": "geojson", "source": {"type": "FeatureCollection", "features": features}, "type": "fill",
            "below": "traces", "color": "#6e7781", "opacity": 0.16, "fill": {"outlinecolor": "#6e7781"}}


def _rings(centres: np.ndarray, radius_km: float) -> list[list[list[float]]]:
    """Closed rings of ``radius_km`` around (lat, lon) centres (a local spherical approximation: the halo shows
    uncertainty, so a few % off at hundreds of km does not matter)."""
    bearings = np.radians(np.arange(0, 360 + 1, 360 / HALO_STEPS))
    lat = centres[:, :1] + radius_km / KM_PER_DEGREE * np.cos(bearings)
    lon = centres[:, 1:] + radius_km / KM_PER_DEGREE * np.sin(bearings) / np.cos(np.radians(centres[:, :1]))
    return np.round(np.stack([lon, lat], axis=-1), 4).tolist()


def fit_view(lats: list[float], lons: list[float], width_px: int = 900, height_px: int = 560) -> tuple[dict, float]:
    """Center and zoom showing every point with a margin (web-mercator arithmetic)."""
    if not lats:
        return {"lat": 0.0, "lon": 0.0}, 1.0  # nothing to show: the whole world
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    center = {"lat": (south + north) / 2, "lon": (west + east) / 2}
    lon_span = max(east - west, 0.5) * 1.35
    lat_span = max(_mercator_y(north) - _mercator_y(south), math.radians(0.5)) * 1.35
    # MapLibre's zoom 0 shows the world in 512 px.
    zoom_x = math.log2(width_px * 360 / (512 * lon_span))
    zoom_y = math.log2(height_px * 2 * math.pi / (512 * lat_span))
    return center, round(max(1.0, min(zoom_x, zoom_y, 9.0)), 2)


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
