"""Finished figures for reports: the print map (vector), the timeline, or both on one page, each under a title
and subtitle, with a legend that keys every mark, a locator inset, a caption saying what is shown and a credit.

Everything is laid out in the page's own pixels (CSS px at 96 to the inch, so 1 px prints as 0.75 pt): the map
panel's real size is known before its scene is built, so labels are placed for the size they print at and the
map fills its panel. Text is never smaller than ``MIN_TEXT_PX``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from dashboard.export.spec import ExportJob, ExportSpec
from dashboard.figures.cartography import MIN_TEXT_PX, Extent, Scene, build_scene
from dashboard.figures.density import in_extent, is_dense
from dashboard.figures.fonts import FONT
from dashboard.figures.map import app_extent, dense_scene
from dashboard.figures.marks import MARKS, PRINT_KEYED
from dashboard.figures.measure import text_width, wrap_text
from dashboard.figures.print_map import MARKS_LEGEND, MapKeys, geo_layout, inset_layout, inset_traces, print_map_traces
from dashboard.figures.style import INK, MUTED, text
from dashboard.figures.theatre import Group, beyond, framed_rows
from dashboard.figures.timeline import Placement, lanes_and_y, on_page, printed_keys, timeline_content
from dashboard.figures.views import timeline_options
from dashboard.model.schema import SOURCE_KINDS
from dashboard.model.table import EventTable
from dashboard.state.filters import Filters
from dashboard.state.modes import Lanes
from dashboard.state.view import View, filtered, shown_frame, timeline_frame

TITLE_PX, SUBTITLE_PX, NOTE_PX = 20.0, 13.0, MIN_TEXT_PX + 0.5
LEGEND_PX = 11.0
LEGEND_ROW_PX = 20.0  # one legend entry, measured from plotly's legend at LEGEND_PX
SIDE_SHARE, SIDE_MAX = 0.26, 320.0
INSET_MIN_PX = 120.0  # a locator narrower than this shows nothing legible
LEGEND_SYMBOL_PX = 48.0  # a legend entry's symbol and the gap before its text
LEGEND_ITEM_GAP_PX = 50.0  # what plotly adds to an entry's width in a horizontal legend, measured on its output
LEGEND_GROUP_GAP_PX = 36.0  # plotly's room between the groups of a horizontal legend, measured on its output
TIMELINE_SHARE, TIMELINE_MAX_SHARE = 0.42, 0.62  # of the body, in a composite: as a rule, and at most
LANE_LINE = 1.15  # a lane's name's line, in its text size: what keeps the names of neighbouring lanes apart
PHASES_PX, TICKS_PX = 26.0, 36.0  # above a printed timeline for the phases' names; below it for two lines of dates
KEY_MAX_SHARE = 0.3  # of the timeline's area, at most, for its key
MIN_ROW_PX, MIN_STRIP_PX = 60.0, 28.0  # the least a timeline's rows get, however small the page
STRIP_SHARE = 0.2  # of a printed timeline's height, for its daily strip
RIGHT_AXIS_PX = 44.0  # room right of the strip for the background's axis
LANE_SHARE = 0.2  # of the width, at most, for a lane's name (wrapped beyond it)
TICK_PX = 11.0


@dataclass(frozen=True)
class Box:
    """A rectangle of the page in px from the top left."""

    x: float
    y: float
    width: float
    height: float

    def domain(self, page_width: float, page_height: float) -> dict:
        """plotly's paper domain (fractions, y from the bottom)."""
        return {"x": [self.x / page_width, (self.x + self.width) / page_width],
                "y": [1 - (self.y + self.height) / page_height, 1 - self.y / page_height]}


def export_figure(table: EventTable, job: ExportJob) -> go.Figure:
    """The figure for ``job``: the print map, the timeline, or both on one page."""
    return Page(table, job.view, job.spec).figure()


def caption(table: EventTable, view: View, extent: Extent | None = None, elsewhere: list[Group] | None = None) -> str:
    """What the figure shows: how many events, the period, the filters, the map's extent and what lies beyond it."""
    frame = shown_frame(table, view)
    parts = [f"{len(frame)} of {len(table.frame)} events", _window_text(view.filters),
             f"filters: {_filter_text(view.filters)}"]
    disputed = frame[frame["disputed"]]
    if len(disputed):
        fields = sorted({d["field"] for items in disputed["disagreements"] for d in items})
        parts.append(f"{len(disputed)} disputed ({', '.join(fields)}: amber marks; other values in the data)")
    if table.background is not None:
        window = filtered(table, Filters(start=view.filters.start, end=view.filters.end), background=True)
        parts.append(f"background: {len(window):,} ACLED events (grey; per day on the right-hand axis)")
    if extent is not None:
        parts.append(f"map {extent.describe()}, Mercator, scale bar true at its latitude")
    if elsewhere:
        count = sum(group.count for group in elsewhere)
        groups = ", ".join(f"{group.name} {group.count}" for group in elsewhere)
        parts.append(f"{count} event{'s' if count != 1 else ''} beyond the map, pointed to at its edge ({groups}; "
                     "frame=all frames every event)")
    return " · ".join(parts)


def credit(table: EventTable) -> str:
    kinds = Counter(source.kind for source in table.head.sources.values())
    sources = ", ".join(f"{kinds[kind]} {label}{'s' if kinds[kind] != 1 else ''}"
                        for kind, label in SOURCE_KINDS.items() if kinds[kind])
    background = " · Background: ACLED (acleddata.com)" if table.background is not None else ""
    return (f"Sources: {sources or 'none'}, cited per event{background} · Map: Natural Earth 1:10m · Places: GeoNames "
            f"(CC BY 4.0) · Data: {table.path.name} version {table.head.meta.version or '–'}, "
            f"content hash {table.version}")


def _window_text(filters: Filters) -> str:
    if not filters.start and not filters.end:
        return "whole period"
    return f"{filters.start or '…'} to {filters.end or '…'}"


def _filter_text(filters: Filters) -> str:
    described = replace(filters, start=None, end=None).describe()
    return "none" if described == "all events" else described


class Page:
    """One export's page: header, body (map and its side column, timeline) and footer, in px."""

    def __init__(self, table: EventTable, view: View, spec: ExportSpec):
        self.table, self.view, self.spec = table, view, spec
        self.width, self.height = float(spec.width), float(spec.height)
        self.pad = max(10.0, min(self.width, self.height) * 0.02)
        self.annotations: list[dict] = []
        self.layout: dict = {}
        self.traces: list = []
        self.map_panel: Box | None = None  # where the map was drawn, and its scene: for checking a rendered page
        self.scene: Scene | None = None

    def figure(self) -> go.Figure:
        top = self._header()
        body_bottom = self.height - self._footer_height()
        body = Box(self.pad, top, self.width - 2 * self.pad, body_bottom - top)
        extent = None
        if self.spec.what == "map":
            extent = self._map(body)
        elif self.spec.what == "timeline":
            self._timeline(body, legend=True)
        else:
            # The timeline's share, or what its lanes need to keep their names apart (within a cap).
            timeline_height = min(max(body.height * TIMELINE_SHARE, self._timeline_need(body.width)),
                                  body.height * TIMELINE_MAX_SHARE)
            map_height = body.height - timeline_height
            extent = self._map(Box(body.x, body.y, body.width, map_height))
            self._timeline(Box(body.x, body.y + map_height + self.pad, body.width,
                               body.height - map_height - self.pad), legend=False)
        self._footer(body_bottom, extent)
        figure = go.Figure(self.traces)
        figure.update_layout(
            width=self.spec.width, height=self.spec.height, margin={"l": 0, "r": 0, "t": 0, "b": 0},
            paper_bgcolor="white", plot_bgcolor="white", font={"family": FONT, "color": INK, "size": LEGEND_PX},
            annotations=self.annotations, showlegend=True, hovermode="closest", **self.layout)
        return figure

    def _note(self, content: str, x: float, y: float, size: float, colour: str = INK, **style) -> None:
        self.annotations.append({"text": content, "x": x / self.width, "y": 1 - y / self.height, "xref": "paper",
                                 "yref": "paper", "xanchor": "left", "yanchor": "top", "showarrow": False,
                                 "align": "left", "font": {"family": FONT, "size": size, "color": colour, **style}})

    def _header(self) -> float:
        """Title and subtitle; returns where the body starts."""
        title = self.spec.title if self.spec.title is not None else self.table.head.meta.title
        y = self.pad
        lines = wrap_text(title, self.width - 2 * self.pad, TITLE_PX, bold=True) or [""]
        self._note("<br>".join(text(line) for line in lines), self.pad, y, TITLE_PX, weight="bold")
        y += len(lines) * TITLE_PX * 1.3
        subtitle = self.spec.subtitle if self.spec.subtitle is not None else self._default_subtitle()
        if subtitle:
            lines = wrap_text(subtitle, self.width - 2 * self.pad, SUBTITLE_PX)
            self._note("<br>".join(text(line) for line in lines), self.pad, y, SUBTITLE_PX, MUTED)
            y += len(lines) * SUBTITLE_PX * 1.35
        return y + self.pad * 0.6

    def _default_subtitle(self) -> str:
        shown = shown_frame(self.table, self.view)
        if shown.empty:
            return ""
        first, last = shown["date"].min(), shown["date_end"].max()
        period = f"{first:%-d %B %Y} – {last:%-d %B %Y}"
        filters = _filter_text(self.view.filters)
        return f"{len(shown)} events, {period}" + ("" if filters == "none" else f" · {filters}")

    def _caption_for(self, extent: Extent | None, elsewhere: list[Group] | None) -> str:
        return self.spec.caption if self.spec.caption is not None else caption(self.table, self.view, extent, elsewhere)

    def _footer_lines(self, caption_text: str) -> list[tuple[str, str]]:
        credit_text = self.spec.credit if self.spec.credit is not None else credit(self.table)
        return [(line, colour) for content, colour in ((caption_text, INK), (credit_text, MUTED))
                for line in wrap_text(content, self.width - 2 * self.pad, NOTE_PX)]

    def _footer_height(self) -> float:
        """Room for the footer before the map's extent is known: laid out with the longest extent text."""
        text = self._caption_for(None, None) if self.spec.what == "timeline" else \
            self._caption_for(Extent(-179.9, -84.9, -179.9, -84.9), self._beyond_at_most())
        return len(self._footer_lines(text)) * NOTE_PX * 1.3 + self.pad * 1.6

    def _beyond_at_most(self) -> list[Group]:
        """The events the map may leave beyond its frame, before its size is known: those outside the given extent,
        else outside the theatre (the frame fitted to the panel may take some in)."""
        frame = shown_frame(self.table, self.view)
        given = self.spec.bbox or self.table.head.meta.extent
        inside = Extent(*given).holds(frame) if given else framed_rows(frame, self.view.framing, self.table.kept)
        return beyond(frame, ~inside)

    def _footer(self, top: float, extent: Extent | None) -> None:
        y = top + self.pad * 0.6
        elsewhere = self.scene.elsewhere if self.scene is not None else None
        for line, colour in self._footer_lines(self._caption_for(extent, elsewhere)):
            self._note(text(line), self.pad, y, NOTE_PX, colour)
            y += NOTE_PX * 1.3

    def _legend_groups(self, frame) -> tuple[float, list[int]]:
        """(the widest entry in px, the number of entries of each legend group): every category present, and
        every kind of mark a map of these events may draw (known before the map's size, which the legend's
        decides): counts per area only past ``DENSE_EVENTS``, since their key is the widest by far."""
        names = [c.label for key, c in self.table.head.categories.items() if key in set(frame["category"])]
        keys = [MARKS[kind].legend for kind in PRINT_KEYED if kind != "density" or is_dense(len(frame))]
        width = max(text_width(name, LEGEND_PX) for name in [*names, *keys]) + LEGEND_SYMBOL_PX
        return width, [len(names), len(keys)]

    def _map(self, area: Box) -> Extent:
        """The map in ``area``, with its legend and locator beside it (below it on a tall page)."""
        frame = shown_frame(self.table, self.view)  # a box or lasso selection included
        entry_width, groups = self._legend_groups(frame)
        side_area, below_area, side_height, band, per_row = _legend_room(area, entry_width, groups, self.pad)
        keys = MapKeys.ALL
        if not (side_area or below_area) and len(groups) > 1:
            # The whole key fits neither beside the map nor below it: the categories beside, the marks' keys
            # flowing in rows under the map (a legend of their own); else the categories' key alone.
            flow = max(1, int(area.width // (entry_width + LEGEND_ITEM_GAP_PX)))
            marks_band = -(-groups[1] // flow) * LEGEND_ROW_PX
            upper = Box(area.x, area.y, area.width, area.height - marks_band - self.pad)
            side_area, _, side_height, band, per_row = _legend_room(upper, entry_width, groups[:1], self.pad)
            keys, groups = (MapKeys.SPLIT if side_area else MapKeys.CATEGORIES), groups[:1]
            if keys is MapKeys.SPLIT:
                self.layout[MARKS_LEGEND] = {**self._legend_style(area.x, upper.y + upper.height + self.pad),
                                             "orientation": "h", "entrywidth": entry_width, "entrywidthmode": "pixels"}
                area, below_area = upper, 0
            else:
                side_area, below_area, side_height, band, per_row = _legend_room(area, entry_width, groups, self.pad)
        if not (side_area or below_area) and self.spec.what == "composite" and self.view.lanes == Lanes.CATEGORY:
            keys = MapKeys.NONE  # nor they: the timeline's lanes name the categories its markers colour
        if keys is MapKeys.NONE:
            panel, inset = area, None
        elif side_area >= below_area:
            side = max(entry_width, min(area.width * SIDE_SHARE, SIDE_MAX))
            panel = Box(area.x, area.y, area.width - side - self.pad, area.height)
            column = Box(panel.x + panel.width + self.pad, area.y, side, area.height)
            inset_height = min(column.height - side_height - self.pad, side * 0.75)
            inset = Box(column.x, column.y + column.height - inset_height, side, inset_height) \
                if inset_height >= max(side * 0.45, INSET_MIN_PX * 0.6) else None
            self.layout["legend"] = self._legend_style(column.x, column.y)
        else:
            panel = Box(area.x, area.y, area.width, area.height - band - self.pad)
            room = area.width - min(len(groups), per_row) * (entry_width + LEGEND_GROUP_GAP_PX) - self.pad
            inset_width = min(room, band * 1.4)
            inset = Box(area.x + area.width - inset_width, panel.y + panel.height + self.pad, inset_width, band) \
                if inset_width >= INSET_MIN_PX and band >= INSET_MIN_PX * 0.6 else None
            self.layout["legend"] = {**self._legend_style(area.x, panel.y + panel.height + self.pad),
                                     "orientation": "h", "entrywidth": entry_width, "entrywidthmode": "pixels"}
        given = self.spec.bbox or self.table.head.meta.extent  # the export's own extent, else the file's
        bbox = Extent(*given) if given else None
        scene = self._map_scene(frame, bbox, (round(panel.width), round(panel.height)))
        self.map_panel, self.scene = panel, scene
        self.traces += print_map_traces(scene, self.table.head.categories, selected=self.view.selected,
                                        legend=keys)
        self.layout["geo"] = geo_layout(scene.extent, panel.domain(self.width, self.height))
        if inset is not None:
            self.traces += inset_traces(scene.extent, "geo2")
            self.layout["geo2"] = inset_layout(scene.extent, inset.domain(self.width, self.height))
        return scene.extent

    def _timeline_need(self, width: float) -> float:
        """The height a composite's timeline ``width`` wide needs: a line of ``TICK_PX`` text for each lane's name,
        the phases' names above, the strip and its dates below, its key."""
        frame, options = timeline_frame(self.table, self.view), timeline_options(self.table, self.view)
        names, _, _, band = self._timeline_key(frame, options, width, legend=False)
        return _lanes_need(len(lanes_and_y(frame, options)[0])) + (band + self.pad if names else 0) + self.pad

    def _timeline_key(self, frame: pd.DataFrame, options, width: float, legend: bool) -> tuple[list, list, float, float]:
        """The timeline's own key (its encodings; alone on a page with lanes other than categories, the category
        colours too, which category lanes key by their names), flowing in rows under it in a legend of its own:
        (its entries' names, the categories keyed, an entry's width, the band's height)."""
        names = printed_keys(frame, options)
        categories = list(self.table.head.categories.values()) if legend and self.view.lanes != Lanes.CATEGORY else []
        names += [c.label for c in categories]
        entry = max([text_width(name, LEGEND_PX) for name in names] + [0.0]) + LEGEND_SYMBOL_PX
        per_row = max(1, int(width // (entry + LEGEND_ITEM_GAP_PX)))
        return names, categories, entry, -(-len(names) // per_row) * LEGEND_ROW_PX

    def _map_scene(self, frame: pd.DataFrame, bbox: Extent | None, size: tuple[int, int]) -> Scene:
        """The map's scene: its events placed one by one, or, past ``DENSE_EVENTS`` in its extent, counted per area
        as the app draws them."""
        geography = self.table.geography
        if is_dense(len(frame)):
            extent = bbox.fitted(*size) if bbox else app_extent(frame, geography, size, framing=self.view.framing,
                                                                kept=self.table.kept)
            inside = in_extent(frame, extent)
            if is_dense(len(inside)):
                return dense_scene(inside, geography, extent, size, self.table.kept)
        return build_scene(frame, geography, *size, extent=bbox, kept=self.table.kept, framing=self.view.framing)

    def _legend_style(self, x: float, y: float) -> dict:
        return {"x": x / self.width, "y": 1 - y / self.height, "xanchor": "left", "yanchor": "top",
                "bgcolor": "rgba(255,255,255,0)", "font": {"size": LEGEND_PX}, "itemclick": False,
                "itemdoubleclick": False, "groupclick": "toggleitem", "tracegroupgap": 8,
                "grouptitlefont": {"size": LEGEND_PX, "color": MUTED}}

    def _timeline(self, area: Box, *, legend: bool) -> None:
        """The app's timeline, static, in ``area``, its titles laid out for the plot's real size; alone on a page
        it keys its categories itself (beside it, or below it on a narrow page)."""
        frame, options = timeline_frame(self.table, self.view), timeline_options(self.table, self.view)
        order, _ = lanes_and_y(frame, options)
        # A long lane name wraps, as far as its lane's height holds the lines; else it keeps to one line.
        fits = max(1, int(area.height * 0.6 / (len(order) + 0.4) // (TICK_PX * 1.25)))
        lane_lines = [lines if len(lines) <= fits else [str(name)] for name in order
                      for lines in [wrap_text(str(name), max(area.width * LANE_SHARE, 60.0), TICK_PX)]]
        lane_width = max([text_width(line, TICK_PX) for lines in lane_lines for line in lines] + [30.0])
        right_axis = RIGHT_AXIS_PX if self.table.background is not None else 0  # the background's own scale
        plot_left, plot_right, bottom = area.x + lane_width + 10, area.x + area.width - right_axis, area.y + area.height
        names, categories, entry, band = self._timeline_key(frame, options, area.width, legend)
        # On a page too small for it, no key (the caption and the hover still say what marks mean): neither more
        # than its share of the area, nor at the cost of the lanes' names running into each other.
        lanes_need = _lanes_need(len(order))
        keyed = bool(names) and band + self.pad <= min(area.height * KEY_MAX_SHARE, area.height - lanes_need)
        if keyed:
            bottom -= band + self.pad
            self.layout["legend2"] = {**self._legend_style(area.x, bottom + self.pad), "orientation": "h",
                                      "entrywidth": entry, "entrywidthmode": "pixels"}
        for category in categories if keyed else []:
            self.traces.append(go.Scatter(x=[None], y=[None], mode="markers", name=text(category.label),
                                          marker={"color": category.colour, "size": 10}, hoverinfo="skip",
                                          legend="legend2"))
        height = bottom - area.y
        # The strip takes its share, less what the lanes' names need.
        strip_height = max(min(height * STRIP_SHARE, height - lanes_need + MIN_STRIP_PX), MIN_STRIP_PX)
        events = Box(plot_left, area.y + PHASES_PX, plot_right - plot_left,
                     max(height - strip_height - PHASES_PX - TICKS_PX, MIN_ROW_PX))
        strip = Box(plot_left, events.y + events.height + 8, events.width, strip_height - 8)
        options = replace(options, plot_px=(events.width, events.height))
        paged = on_page(timeline_content(frame, options), options, Placement(
            rows=(events.domain(self.width, self.height), strip.domain(self.width, self.height)),
            lane_text=["<br>".join(text(line) for line in lines) for lines in reversed(lane_lines)],
            tick_px=TICK_PX, date_ticks=max(3, int(strip.width // 90)), legend="legend2", keyed=keyed))
        self.traces += paged.traces
        self.layout.update(paged.axes)
        self.layout["shapes"] = paged.shapes
        self.annotations += paged.annotations


def _legend_room(area: Box, entry_width: float, groups: list[int], pad: float) -> tuple[float, float, float, float, int]:
    """Where a legend of ``groups`` (entries per group) may go beside or below a map in ``area``: (the map's area
    with it beside, with it below, 0 where it does not fit; its height beside; its band below; entries per row)."""
    side_height = (sum(groups) + len(groups)) * LEGEND_ROW_PX
    # plotly lays a horizontal legend's groups side by side, each a column of its entries under its title.
    per_row = max(1, int(area.width // entry_width))
    band = sum(max(groups[i:i + per_row]) + 1 for i in range(0, len(groups), per_row)) * LEGEND_ROW_PX
    side_area = (area.width - entry_width - pad) * area.height if side_height <= area.height else 0
    below_height = area.height - band - pad
    # A legend below may not leave a map shorter than itself (a sliver a few px tall, framed around the world).
    below_area = area.width * below_height if below_height >= band else 0
    return side_area, below_area, side_height, band, per_row


def _lanes_need(lanes: int) -> float:
    """The height a printed timeline of ``lanes`` lanes needs for a line of ``TICK_PX`` text per lane's name, the
    phases' names above, the strip and its dates below."""
    return lanes * TICK_PX * LANE_LINE + PHASES_PX + MIN_STRIP_PX + TICKS_PX
