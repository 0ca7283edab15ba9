"""The app's map: a scene (``figures/cartography.py``) drawn on MapLibre (plotly's ``scattermap``) over an offline
base of Natural Earth outlines: spread co-located events, labels, uncertainty areas, strike arrows, legend keys.

One trace per kind of mark, at its slot (``MapTrace``, from the registry of marks in ``figures/marks.py``), so
callbacks patch a layer by index instead of resending the figure. The camera is fitted to every event of the file
for a nominal panel (``APP_SIZE``), and the scene is placed at that camera, so labels and spread markers sit apart
as first drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from shapely.geometry import mapping

from dashboard.figures.cartography import (
    FRAME_PAD_SHARE,
    Extent,
    Scene,
    build_scene,
    drawn_positions,
    framed_extent,
    mercator_middle,
)
from dashboard.figures.colocation import DOT_PX
from dashboard.figures.density import cell_side, grid_cells, in_extent
from dashboard.figures.fonts import BOLD, FONT, ITALIC, map_font_faces, map_font_stack
from dashboard.figures.marks import APP_TRACES, LABEL_STYLE, MARKS
from dashboard.figures.print_map import category_key_title
from dashboard.figures.style import (
    ARROW_LINE,
    ARROW_PX,
    BACKGROUND,
    BORDER_DASH_PATTERN,
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
    hover_text,
    numbers,
    text,
)
from dashboard.model.kept import Kept
from dashboard.model.table import empty, row_of
from dashboard.state.modes import Basemap, Framing
from geo.borders import Geography

TILE_STYLES = {"osm": "open-street-map", "carto": "carto-positron"}
# Where plotly's styles for those fetch tiles, style and glyphs (and the app probes them): what the server's
# Content-Security-Policy lets the page reach, and nothing else.
TILE_HOSTS = ("https://tile.openstreetmap.org", "https://basemaps.cartocdn.com", "https://*.basemaps.cartocdn.com")
# The offline style: a background and nothing to fetch but the fonts. With no ``glyphs`` URL MapLibre (5.11+) draws
# text itself, each character in the face its ``font-faces`` give it (``map_style``); plotly's own "white-bg" names a
# glyph server on the internet.
# ``sources`` holds one empty source: plotly.js drops an empty ``sources`` object when it copies the layout, and
# MapLibre then refuses the restyled map ("missing required property sources").
OFFLINE_STYLE = {"version": 8,
                 "sources": {"none": {"type": "geojson", "data": {"type": "FeatureCollection", "features": []}}},
                 "layers": [{"id": "sea", "type": "background", "paint": {"background-color": SEA}}]}
BASE_LAYERS = ("fills", "focus fills", "outlines", "border")  # layout.map.layers, in drawing order (``base_layers``)
HALO_LAYER = len(BASE_LAYERS)  # the uncertainty areas, over the base: the one layer a filter changes
APP_SIZE = (820, 470)  # the map panel (640 px tall, less the legend under it) the camera and scene are fitted to
LEGEND_BAND = 110  # px under the map for its legend, so no key covers an event
MAX_ZOOM = 9.0
IN_SIGHT_MARGIN = 0.05  # of the map's side: a selected event closer to the edge than this is panned to
BOX_DIM = 0.3  # opacity of the markers outside a box or lasso selection on the map
RING_UID = "selected-ring"  # the selection trace's plotly uid, which assets/ring.js names too
RING_PAD = 12  # px the selection ring's disc is wider than the marker it rings (in the trace's meta, for the browser)




def app_extent(frame: pd.DataFrame, geography: Geography, size: tuple[int, int] = APP_SIZE, *,
               framing: Framing = Framing.THEATRE, kept: Kept | None = None) -> Extent:
    """What the app's map shows first: the theatre of the file's events (or every event), fitted to the nominal
    panel (or to a printed map of ``size`` px); the theatre kept in ``kept`` when given."""
    return framed_extent(frame, geography, framing, kept).padded(FRAME_PAD_SHARE).fitted(*size)


def camera(extent: Extent, width: float = APP_SIZE[0]) -> tuple[dict, float]:
    """MapLibre's center and zoom showing ``extent`` in a map ``width`` px wide (the app's panel's, else a frame's;
    zoom 0 shows the world in 512 px)."""
    center = {"lat": mercator_middle(extent.south, extent.north), "lon": (extent.west + extent.east) / 2}
    zoom = math.log2(width * 360 / (512 * max(extent.east - extent.west, 1e-6)))
    return center, round(max(0.0, min(zoom, MAX_ZOOM)), 3)


def sight(camera_view: dict[str, float] | None, fitted: Extent) -> Extent:
    """What the app's map shows: about the extent of the analyst's ``camera_view`` ({lat, lon, zoom}), else the
    ``fitted`` first camera's."""
    if camera_view:
        return visible_extent({"lat": camera_view["lat"], "lon": camera_view["lon"]}, camera_view["zoom"])
    return fitted


def camera_showing(row: pd.Series, camera_view: dict[str, float] | None, fitted: Extent) -> dict[str, float] | None:
    """The camera to move to so ``row``'s marker is in sight: None while it is in sight of ``camera_view`` (the
    analyst's {lat, lon, zoom}; None: the ``fitted`` first camera), else centred on it at the same zoom."""
    in_sight = sight(camera_view, fitted).padded(-IN_SIGHT_MARGIN)
    if in_sight.west <= row["draw_lon"] <= in_sight.east and in_sight.south <= row["draw_lat"] <= in_sight.north:
        return None
    zoom = camera_view["zoom"] if camera_view else camera(fitted)[1]
    return {"lat": float(row["draw_lat"]), "lon": float(row["draw_lon"]), "zoom": zoom}


def visible_extent(center: dict, zoom: float) -> Extent:
    """About what the app's map shows at a camera (its panel's real size is the browser's; ``APP_SIZE`` is near)."""
    degrees_per_px = 360 / (512 * 2 ** zoom)
    half_width, half_height = APP_SIZE[0] / 2 * degrees_per_px, APP_SIZE[1] / 2 * degrees_per_px
    middle = math.radians(center["lat"])
    y = math.log(math.tan(math.pi / 4 + middle / 2))
    south = math.degrees(2 * math.atan(math.exp(y - math.radians(half_height))) - math.pi / 2)
    north = math.degrees(2 * math.atan(math.exp(y + math.radians(half_height))) - math.pi / 2)
    return Extent(center["lon"] - half_width, south, center["lon"] + half_width, north)


def app_positions(frame: pd.DataFrame, geography: Geography, extent: Extent, selected: str | None = None,
                  kept: Kept | None = None) -> pd.DataFrame:
    """Where the app's scene of ``frame`` draws each marker, without laying out the rest of the scene."""
    return drawn_positions(frame, geography, extent, *APP_SIZE, selected, kept)


def app_scene(frame: pd.DataFrame, geography: Geography, extent: Extent, kept: Kept | None = None,
              selected: str | None = None) -> Scene:
    """The scene the app draws: ``frame`` (already filtered) for what its camera shows, the ``selected`` event's
    cluster open."""
    return build_scene(frame, geography, *APP_SIZE, extent=extent, kept=kept, selected=selected)


def dense_scene(frame: pd.DataFrame, geography: Geography, extent: Extent, size: tuple[int, int] = APP_SIZE,
                kept: Kept | None = None) -> Scene:
    """The scene of more events than markers can show, in a frame of ``size`` px (the app's panel, or a printed
    map's): one mark per grid cell around the view ``extent`` (half a view more on each side, for panning), over
    the same countries, border and names (kept in ``kept``: a filter or a return to a view reuses them, saving
    ~20 ms of label layout per request)."""
    kept = kept or Kept()
    base = kept.get("bare scene", (extent, size),
                    lambda: build_scene(empty(), geography, *size, extent=extent, kept=kept))
    around = in_extent(frame, extent.padded(0.5))
    cells = grid_cells(around, cell_side(extent)).assign(id=None, status="occurred", disputed=False)
    return replace(base, frame=cells, counts=True)


@dataclass(frozen=True)
class Served:
    """What the app's server serves for its maps, so a figure names it instead of carrying it: the base layers'
    GeoJSON (``geometry``: a URL with ``{name}`` for one of ``BASE_SOURCES``) and the fonts (``fonts``: a URL root)."""

    geometry: str
    fonts: str


def map_style(fonts: str | None, traces: int = 0) -> dict:
    """The offline style, its text drawn in the font stack's faces: served under the URL root ``fonts``, or read from
    their files (kaleido's Chromium may; a page elsewhere falls back to the reader's own fonts of those names); with a
    slot for each of the base layers and of ``traces`` traces (``slot``)."""
    slots = [slot("layer", index) for index in range(HALO_LAYER + 1)] + [slot("trace", index) for index in range(traces)]
    return {**OFFLINE_STYLE, "font-faces": map_font_faces(fonts),
            "layers": OFFLINE_STYLE["layers"] + [{"id": name, "type": "background", "layout": {"visibility": "none"}}
                                                 for name in slots]}


def slot(kind: str, index: int) -> str:
    """The id of an invisible style layer that layout layer or trace ``index`` (``kind``: "layer", "trace") is drawn
    under (plotly's ``below``), in the offline style.

    Why: plotly.js (4.1) removes and re-adds on every update the MapLibre layers of each trace and layout layer that
    shares its ``below`` with another (by default all of them): 105 layers re-added for a map of 13 events, ~300 ms
    of software GL per update. A ``below`` of its own for each keeps them; only sources whose data changed are sent."""
    return f"slot-{kind}-{index}"


@dataclass(frozen=True)
class MapOptions:
    """How the app's map is drawn, beside its scene: built once per view (``figures/views.map_figure``)."""

    categories: dict  # the file's categories (id -> Category), keyed in the legend when present
    selected: str | None = None
    basemap: Basemap = Basemap.OFFLINE
    box: tuple[str, ...] | None = None  # a box or lasso selection: the events outside it drawn faint
    camera: dict[str, float] | None = None  # {lat, lon, zoom}; None: fitted to the scene
    served: Served | None = None  # where the app serves the base layers' GeoJSON and the fonts; None: carried


def build_map(scene: Scene, geography: Geography, options: MapOptions, ring: Ring | None = None) -> go.Figure:
    """The whole map figure for a scene. The selected event is ringed where its marker is in the scene, or at
    ``ring`` (a scene of counts has no marker per event)."""
    center, zoom = camera(scene.extent, scene.width)
    if options.camera:
        center, zoom = {"lat": options.camera["lat"], "lon": options.camera["lon"]}, options.camera["zoom"]
    basemap, served = options.basemap, options.served
    data = map_traces(scene, options.selected, options.box, ring, basemap)
    data += legend_traces(scene, options.categories, first=None if basemap.online else len(data))
    figure = go.Figure(data=data)
    figure.update_layout(
        map={
            "style": TILE_STYLES.get(basemap) or map_style(served.fonts if served else None, len(data)),
            "center": center,
            "zoom": zoom,
            "layers": base_layers(geography, basemap, served.geometry if served else None)
            + [halo_layer(scene, basemap)],
            "uirevision": "map",
        },
        margin={"l": 0, "r": 0, "t": 0, "b": LEGEND_BAND},
        font={"family": FONT, "color": INK, "size": 13},
        legend={"orientation": "h", "x": 0.01, "y": -0.01, "yanchor": "top", "bgcolor": "white",
                "groupclick": "toggleitem", "tracegroupgap": 4, "itemclick": False, "itemdoubleclick": False,
                "font": {"size": 12}, "grouptitlefont": {"size": 12, "color": MUTED}},
        dragmode="pan",
        clickmode="event",
        hoverlabel={"font": {"family": FONT, "size": 13}, "bgcolor": "white"},
        uirevision="map",
        paper_bgcolor="white",
    )
    if basemap.online:
        figure.add_annotation(text="Tiles © OpenStreetMap contributors" + (", © CARTO" if basemap == Basemap.CARTO else ""),
                              xref="paper", yref="paper", x=1, y=0, xanchor="right", yanchor="bottom",
                              showarrow=False, font={"size": 10, "color": MUTED}, bgcolor="rgba(255,255,255,0.8)")
    return figure


def map_traces(scene: Scene, selected: str | None, box: tuple[str, ...] | None = None,
               ring: Ring | None = None, basemap: Basemap = Basemap.OFFLINE) -> list[go.Scattermap]:
    """The data layers, one per slot of ``MapTrace`` (``figures/marks.py``); events outside a ``box`` selection drawn
    faint; the ``selected`` event ringed at its marker, or at ``ring`` when given; each under its ``slot`` of the
    offline style (an online ``basemap``'s style has none)."""
    frame, markers = scene.frame, scene.markers
    drawing = _Drawing(scene, markers, _dimmed(markers["id"], box), box,
                       map_ring(frame, row_of(frame, selected)) if ring is None else ring)
    traces = [_TRACES[kind](drawing) for kind in APP_TRACES]
    return traces if basemap.online else _in_slots(traces, 0)


def _in_slots(traces: list[go.Scattermap], first: int) -> list[go.Scattermap]:
    """``traces`` in their slots from ``first`` on. A trace with no points gets one at no position: plotly.js takes
    an empty trace as hidden and gives it the ``below`` of the trace before it, which would share a slot."""
    for index, trace in enumerate(traces, start=first):
        trace.below = slot("trace", index)
        if trace.lat is None or len(trace.lat) == 0:
            trace.lat, trace.lon = [None], [None]
    return traces


@dataclass(frozen=True)
class _Drawing:
    """What the app map's traces are drawn from: the scene, each event's opacity (a box selection dims the rest) and
    where the selection ring goes."""

    scene: Scene
    markers: pd.DataFrame  # the events drawn as markers of their own (``Scene.markers``)
    opacity: float | np.ndarray
    box: tuple[str, ...] | None
    ring: Ring


def _dimmed(ids, box: tuple[str, ...] | None) -> float | np.ndarray:
    """Each mark's opacity: faint outside a ``box`` selection (a cluster's mark: when none of its ``ids`` is in it)."""
    if box is None:
        return 1.0
    chosen = set(box)
    return np.array([1.0 if (set(i) if isinstance(i, tuple) else {i}) & chosen else BOX_DIM for i in ids])


def _background(drawing: _Drawing) -> go.Scattermap:
    background = drawing.scene.background if drawing.scene.background is not None else pd.DataFrame(
        columns=["draw_lat", "draw_lon", "size", "hover"])
    return go.Scattermap(lat=numbers(background["draw_lat"]), lon=numbers(background["draw_lon"]), mode="markers",
                         marker={"color": BACKGROUND, "size": numbers(background["size"]), "opacity": 0.45},
                         hovertext=background["hover"].to_numpy(), hoverinfo="text", name="background",
                         showlegend=False)


def _arrows(drawing: _Drawing) -> go.Scattermap:
    arrows = drawing.scene.arrows
    return go.Scattermap(lat=arrows[0], lon=arrows[1], mode="lines", line={"color": ARROW_LINE, "width": ARROW_PX},
                         hoverinfo="skip", name="arrows", showlegend=False)


def _leaders(drawing: _Drawing) -> go.Scattermap:
    leaders = drawing.scene.leaders
    return go.Scattermap(lat=leaders[0], lon=leaders[1], mode="lines", line={"color": LEADER, "width": 1},
                         hoverinfo="skip", name="leaders", showlegend=False)


def _disputed(drawing: _Drawing) -> go.Scattermap:
    disputed = drawing.markers[drawing.markers["disputed"]]
    return go.Scattermap(lat=numbers(disputed["draw_lat"]), lon=numbers(disputed["draw_lon"]), mode="markers",
                         marker={"color": DISPUTED, "size": numbers(disputed["size"] + 6)}, hoverinfo="skip",
                         name="disputed", showlegend=False)


def _edges(drawing: _Drawing) -> go.Scattermap:
    frame = drawing.markers
    return go.Scattermap(lat=numbers(frame["draw_lat"]), lon=numbers(frame["draw_lon"]), mode="markers",
                         marker={"color": INK, "size": numbers(frame["size"] + 2), "opacity": 0.9 * drawing.opacity},
                         hoverinfo="skip", name="edges", showlegend=False)


def _events(drawing: _Drawing) -> go.Scattermap:
    frame = drawing.markers
    return go.Scattermap(
        lat=numbers(frame["draw_lat"]), lon=numbers(frame["draw_lon"]), mode="markers",
        # No plotly selectedpoints: the ring says which event is chosen, and the opacity which are in a box.
        marker={"color": frame["colour"].to_numpy(), "size": numbers(frame["size"]), "opacity": drawing.opacity},
        customdata=frame["id"].to_numpy(),
        hovertext=frame["hover"].to_numpy() if "hover" in frame else hover_text(frame), hoverinfo="text",
        name="events", showlegend=False,
        _validate=False,  # built from checked data: plotly's check of each colour costs ~8 ms per 1,000 marks
    )


def _planned(drawing: _Drawing) -> go.Scattermap:
    planned = drawing.markers[drawing.markers["status"] == "planned"]
    return go.Scattermap(lat=numbers(planned["draw_lat"]), lon=numbers(planned["draw_lon"]), mode="markers",
                         marker={"color": "white", "size": numbers((planned["size"] - 5).clip(lower=3))},
                         hoverinfo="skip", name="planned", showlegend=False)


def _clusters(drawing: _Drawing) -> go.Scattermap:
    """Each cluster mark: a dark disc with its count; its ``customdata`` is its events' ids (a click selects the
    first, which opens the cluster; a box selection takes them all)."""
    clusters = drawing.scene.clusters
    return go.Scattermap(
        lat=[c.lat for c in clusters], lon=[c.lon for c in clusters], mode="markers+text",
        marker={"color": INK, "size": [c.size for c in clusters],
                "opacity": _dimmed([c.ids for c in clusters], drawing.box)},
        text=[str(c.count) for c in clusters], textposition="middle center",
        textfont={"family": map_font_stack(BOLD), "color": "white", "size": 12},
        customdata=[list(c.ids) for c in clusters], hovertext=[c.hover for c in clusters], hoverinfo="text",
        name="cluster", showlegend=False)


def _cluster_dots(drawing: _Drawing) -> go.Scattermap:
    lons, lats, colours = ([], [], [])
    for cluster in drawing.scene.clusters:
        lons += cluster.dots[0]
        lats += cluster.dots[1]
        colours += cluster.dots[2]
    return go.Scattermap(lat=lats, lon=lons, mode="markers", marker={"color": colours, "size": DOT_PX},
                         hoverinfo="skip", name="cluster dots", showlegend=False)


def _names(kind: str) -> Callable[[_Drawing], go.Scattermap]:
    """The names of one kind of place (``LABEL_STYLE``), as text marks."""
    colour, weight, style = LABEL_STYLE[kind]

    def draw(drawing: _Drawing) -> go.Scattermap:
        labels = [label for label in drawing.scene.labels if label.kind == kind]
        # A pointer to events beyond the map is a link to them: a click selects the first, and the map goes there.
        reach = {"customdata": [list(label.ids) for label in labels], "hoverinfo": "text",
                 "hovertext": [f"{text(label.text)}<br><i>Click to go to them</i>" for label in labels]} \
            if kind == "elsewhere" else {"hoverinfo": "skip"}
        return go.Scattermap(
            lat=[label.centre[1] for label in labels], lon=[label.centre[0] for label in labels], mode="text",
            # No-break spaces: MapLibre wraps text wider than 10 ems, and each name was measured and placed as one line.
            text=[text(label.text).replace(" ", "\u00a0") for label in labels],
            textposition="middle center",
            textfont={"family": map_font_stack(BOLD if weight == "bold" else ITALIC if style == "italic" else None),
                      "color": colour, "size": labels[0].size if labels else 11},
            name=f"{kind} names", showlegend=False, **reach)
    return draw


_TRACES: dict[str, Callable[[_Drawing], go.Scattermap]] = {  # the drawing of each mark the app draws as a trace
    "background": _background, "arrow": _arrows, "spread": _leaders,
    "selected": lambda drawing: selection_trace(drawing.ring), "disputed": _disputed, "edges": _edges,
    "events": _events, "planned": _planned, "cluster": _clusters, "cluster dots": _cluster_dots,
    **{f"{kind} names": _names(kind) for kind in LABEL_STYLE},
}


Ring = dict[str, list[float | None]]


def map_ring(frame: pd.DataFrame | None, index: int | None) -> Ring:
    """Where the selected marker's ring goes: ``lon``, ``lat`` and ``size`` (a marker diameter in px) lists of the
    row at ``index`` of ``frame`` (events with their drawn positions). The app's browser moves the ring to these
    without redrawing the map (assets/ring.js). No selection is one point at no position, not an empty list:
    plotly hides the layer of a trace without points, and the browser could then not draw a ring in it."""
    if index is None:
        return {"lon": [None], "lat": [None], "size": [0.0]}
    row = frame.iloc[index]
    return {"lon": [float(row["draw_lon"])], "lat": [float(row["draw_lat"])], "size": [float(row["size"]) + RING_PAD]}


def selection_trace(where: Ring, basemap: Basemap | None = None) -> go.Scattermap:
    """A dark disc drawn under the selected marker, so it reads as a ring around it. Its ``uid`` names the source
    the app's browser writes a new ring into (assets/ring.js); its sizes stay a list, which that code relies on; its
    meta says how much wider than a marker it is, so the browser rings a marker before the server answers. In its
    ``slot`` on the offline ``basemap`` (None: where ``map_traces`` puts it)."""
    return go.Scattermap(lat=where["lat"], lon=where["lon"], mode="markers", uid=RING_UID, meta={"pad": RING_PAD},
                         marker={"color": SELECTION, "size": where["size"]}, hoverinfo="skip",
                         name="selected", showlegend=False,
                         below=None if basemap is None or basemap.online else slot("trace", APP_TRACES.index("selected")))


def with_key_over_map(figure: go.Figure, frame: tuple[int, int] | None) -> go.Figure:
    """``figure`` for a frame of any size (an embed's): the map takes the whole frame, its key a panel over its
    lower left corner (which the page may hide and show); ``meta.frame``: the frame's size its scene was laid out
    for (None: the app's panel's, until the page asks for its own)."""
    return go.Figure(figure).update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={"orientation": "v", "x": 0.01, "y": 0.01, "xanchor": "left", "yanchor": "bottom",
                "bgcolor": "rgba(255,255,255,0.92)", "bordercolor": MUTED, "borderwidth": 1},
        meta={"frame": list(frame) if frame else None})


def legend_traces(scene: Scene, categories: dict, first: int | None = None) -> list[go.Scattermap]:
    """Legend keys only (no points): each category present, then each kind of mark drawn (``figures/marks.py``); in
    the slots from trace ``first`` on when given (``slot``)."""
    present = set(scene.frame["category"])
    title = category_key_title(scene)
    shown = [c for key, c in categories.items() if key in present or not present]
    keys = [go.Scattermap(lat=[None], lon=[None], mode="markers", marker={"color": category.colour, "size": 11},
                          name=text(category.label), showlegend=True, hoverinfo="skip", legendgroup="categories",
                          legendgrouptitle={"text": title} if i == 0 else None)
            for i, category in enumerate(shown)]
    keys += [go.Scattermap(lat=[None], lon=[None], name=MARKS[key].legend, showlegend=True, hoverinfo="skip",
                           legendgroup="marks", legendgrouptitle={"text": "On the map"} if i == 0 else None,
                           **MARKS[key].app_key)
             for i, key in enumerate(key for key in scene.keys if MARKS[key].app_key is not None)]
    return keys if first is None else _in_slots(keys, first)


BASE_SOURCES = ("countries", "focus", "border")  # the GeoJSON the base layers draw, by name


def base_sources(geography: Geography) -> dict[str, dict]:
    """The GeoJSON of the base layers: every drawn country, the countries in focus, the border between them."""
    countries = geography.countries_geojson
    return {"countries": countries,
            "focus": {**countries, "features": [f for f in countries["features"] if f["properties"]["focus"]]},
            "border": {"type": "Feature", "geometry": mapping(geography.border), "properties": {}}}


def base_layers(geography: Geography, basemap: Basemap, source_url: str | None = None) -> list[dict]:
    """Country fills and outlines and the border, as MapLibre GeoJSON layers: no network needed. With
    ``source_url`` (``{name}`` in it: one of ``BASE_SOURCES``) the layers name where the app's server serves their
    GeoJSON instead of carrying it: a figure of ~20 kB instead of ~440 kB, which the browser copies and compares
    on every update (measured: a map update 600 -> 290 ms in headless Chromium)."""
    inline = base_sources(geography) if source_url is None else {}
    land = 0.0 if basemap.online else 1.0  # the tiles draw the land

    def source(name: str) -> dict | str:
        return inline[name] if source_url is None else source_url.format(name=name)

    fills = {"sourcetype": "geojson", "source": source("countries"), "type": "fill",
             "color": LAND, "opacity": land}
    focus_fills = {"sourcetype": "geojson", "source": source("focus"), "type": "fill",
                   "color": LAND_FOCUS, "opacity": land}
    outlines = {"sourcetype": "geojson", "source": source("countries"), "type": "line",
                "color": OUTLINE, "line": {"width": 1.0}}
    border_line = {"sourcetype": "geojson", "source": source("border"), "type": "line",
                   "color": BORDER_LINE, "line": {"width": 3, "dash": BORDER_DASH_PATTERN}}
    layers = {"fills": fills, "focus fills": focus_fills, "outlines": outlines, "border": border_line}
    return [{**layers[name], "below": _layer_below(index, basemap)} for index, name in enumerate(BASE_LAYERS)]


def _layer_below(index: int, basemap: Basemap) -> str:
    """Where layout layer ``index`` goes: under its slot of the offline style, or under the traces on tiles."""
    return "traces" if basemap.online else slot("layer", index)


def halo_layer(scene: Scene, basemap: Basemap = Basemap.OFFLINE) -> dict:
    """The scene's uncertainty areas: province outlines and circles, shaded, outlined; under its slot of the
    offline style (``_layer_below``)."""
    return {"sourcetype": "geojson", "source": {"type": "FeatureCollection", "features": scene.areas},
            "type": "fill", "below": _layer_below(HALO_LAYER, basemap), "color": UNCERTAINTY, "opacity": 0.2,
            "fill": {"outlinecolor": MUTED}}
