"""Export specs, sizes, file names and views files, checked before anything is rendered (no browser)."""

from __future__ import annotations

from dataclasses import replace
from html import escape

import pytest
from plotly.offline import get_plotlyjs_version as plotly_js_version

from dashboard.export.paper import Page
from dashboard.export.render import render_bytes
from dashboard.export.spec import (
    DEFAULT_PRESET,
    PRESETS,
    ExportError,
    ExportSpec,
    file_name,
    parse_bbox,
    prepare,
    size_for,
    view_of,
)
from dashboard.export.views_file import read_views
from dashboard.model.problems import DataFileError
from tests.support import BUNDLED, invoke_cli

STATE = "sel=pakistan-strikes-iran-2024-01-17"


@pytest.mark.slow  # a standalone page, plotly.js inlined
def test_standalone_html_inlines_plotly(bundled_table):
    html = render_bytes(bundled_table, ExportSpec("timeline", "html", 1600, 900, 1, STATE)).decode("utf-8")
    assert "<script src=" not in html  # nothing loaded from anywhere: plotly.js is inline
    assert f"plotly.js v{plotly_js_version()}" in html  # plotly.js itself is inside, the bundled version
    assert "Plotly.newPlot" in html and '"pakistan-strikes-iran-2024-01-17"' in html  # and the figure's data
    assert f"<title>{escape(bundled_table.head.meta.title, quote=False)}</title>" in html


def test_file_names_say_what_they_show():
    assert file_name(ExportSpec("map", "png", 1600, 900, 2, "cat=strike&from=2024-01-10")) == \
        "map_cat_strike_from_2024-01-10_1600x900@2x.png"
    assert file_name(ExportSpec("timeline", "svg", 1080, 1080, 1, "")) == "timeline_all_1080x1080.svg"


@pytest.mark.parametrize(("state", "words"), [
    ("from=2024-13-01", "from: '2024-13-01' is not valid"),
    ("zoom=3", "unknown key 'zoom'"),
    ("cat=rockets", "unknown category rockets"),
    ("sel=nope", "no event has the id 'nope'"),
    ("q=nothing-matches-this", "the view shows no events"),
])
def test_unusable_states_are_refused(bundled_table, state, words):
    with pytest.raises(ExportError, match=words):
        view_of(bundled_table, state)


def test_bad_spec_is_refused():
    with pytest.raises(ExportError, match="scale"):
        ExportSpec(scale=5).checked()
    with pytest.raises(ExportError, match="size"):
        ExportSpec(width=20).checked()


def test_a_png_past_what_the_browser_draws_is_refused_with_its_size():
    """Chromium draws at most 16384 x 16384 px; past that kaleido hands back 3 bytes."""
    with pytest.raises(ExportError, match=r"size: 5000x5000 px at scale 4 is 20000x20000 px, 400 million pixels; "
                                          r"a PNG holds at most 268 million \(16384x16384\)"):
        ExportSpec("timeline", "png", 5000, 5000, 4).checked()
    assert ExportSpec("timeline", "png", 4096, 4096, 4).checked().pixels == (16384, 16384)  # the largest drawn
    ExportSpec("timeline", "svg", 5000, 5000, 4).checked()  # vector formats have no pixels to cap


@pytest.mark.parametrize(("arguments", "words"), [
    (["--width", "5000", "--height", "5000", "--scale", "4"], "400 million pixels; a PNG holds at most"),
    (["--width", "100000", "--height", "100000"], "'--width': 100000 is not in the range 100<=x<=5000"),
    (["--scale", "50"], "'--scale': 50.0 is not in the range 1<=x<=4"),
    (["--state", "q=" + "x" * 100_000], "state: q: longer than 500 characters"),
    (["--state", "&".join(["cat=strike"] * 9000)], "state: not a query string (Max number of fields exceeded)"),
])
def test_the_cli_refuses_exports_it_cannot_make_and_writes_nothing(tmp_path, arguments, words):
    out = tmp_path / "out"
    result = invoke_cli("export", "--what", "timeline", "--format", "png", *arguments, "--out", str(out))
    assert result.code == 2 and words in result.err and "Traceback" not in result.err, result.err
    assert not out.exists()


def test_sizes_come_from_one_place():
    assert size_for(None) == (PRESETS["slide"].width, PRESETS["slide"].height)
    assert size_for("square") == (1080, 1080)
    assert size_for("a4-column", height=1000) == (643, 1000)
    with pytest.raises(ExportError, match="'poster' is not a preset"):
        size_for("poster")


def test_prepare_checks_spec_and_view_once(bundled_table):
    job = prepare(bundled_table, ExportSpec("map", "svg", 1080, 1080, 2, "cat=strike"))
    assert job.view.filters.categories == ("strike",)
    with pytest.raises(ExportError, match="scale"):
        prepare(bundled_table, ExportSpec(scale=9, state="cat=strike"))


def test_cli_refuses_bad_views_and_states_with_exit_2(tmp_path):
    views = tmp_path / "views.yaml"
    views.write_text("- state: cat=strike\n  colour: red\n- preset: poster\n", encoding="utf-8")
    result = invoke_cli("export", "--views", str(views), "--out", str(tmp_path / "out"))
    assert result.code == 2
    assert "views.yaml:1: [0]: unknown keys colour" in result.err and "views.yaml:3: [1].preset" in result.err
    bad_state = invoke_cli("export", "--state", "from=tomorrow", "--out", str(tmp_path / "out"))
    assert bad_state.code == 2 and "from: 'tomorrow' is not valid" in bad_state.err
    assert "Traceback" not in result.err + bad_state.err




def test_a_bad_view_in_a_batch_is_located_to_its_line(tmp_path):
    views = tmp_path / "views.txt"
    views.write_text("cat=strike\n# a comment\nsel=no-such-event\n", encoding="utf-8")
    result = invoke_cli("export", "--views", str(views), "--data", str(BUNDLED), "--out", str(tmp_path / "out"),
                        cwd=tmp_path)
    assert result.code == 2 and "views.txt:3: [1]: state: sel: no event has the id 'no-such-event'" in result.err
    assert not (tmp_path / "out").exists()  # nothing rendered before every view was checked


@pytest.mark.slow  # a standalone page, plotly.js inlined
def test_every_graph_config_turns_the_cloud_share_off(bundled_table):
    from dashboard.export.page import PAGE_CONFIG
    from dashboard.figures.style import NO_CLOUD
    from dashboard.web.layout import GRAPH_CONFIG

    for config in (GRAPH_CONFIG, PAGE_CONFIG):
        assert config["showSendToCloud"] is False and NO_CLOUD in config["modeBarButtonsToRemove"]
    html = render_bytes(bundled_table, ExportSpec("map", "html", 1600, 900, 1, "")).decode("utf-8")
    assert '"showSendToCloud": false' in html


def _font_sizes(node, inside_font: bool = False):
    """Every font size in a figure's JSON (layout, traces, annotations, legend, axes)."""
    if isinstance(node, dict):
        for key, value in node.items():
            fontish = key.endswith("font") or key == "font"
            if inside_font and key == "size" and isinstance(value, int | float):
                yield value
            yield from _font_sizes(value, fontish)
    elif isinstance(node, list):
        for item in node:
            yield from _font_sizes(item, inside_font)


@pytest.mark.parametrize(("preset", "what"), [  # the fast lane draws the default preset's composite (map and timeline)
    (preset, what) if (preset, what) == (DEFAULT_PRESET, "composite") else pytest.param(preset, what, marks=pytest.mark.slow)
    for preset in PRESETS for what in ("map", "timeline", "composite")])
def test_no_text_prints_below_seven_points(bundled_table, what, preset):
    """1 px is 0.75 pt at the presets' 96 px to the inch: 10 px is 7.5 pt."""
    spec = ExportSpec(what, "pdf", *size_for(preset), 1, STATE)
    figure = Page(bundled_table, prepare(bundled_table, spec).view, spec).figure()
    sizes = list(_font_sizes(figure.to_plotly_json()))
    assert sizes and min(sizes) >= 10


def test_print_presets_are_their_paper_sizes():
    inches = {name: (preset.width / 96, preset.height / 96) for name, preset in PRESETS.items()}
    assert inches["a4-page"] == pytest.approx((210 / 25.4, 297 / 25.4), abs=0.01)
    assert inches["a4-column"][0] == pytest.approx(170 / 25.4, abs=0.01)
    assert inches["slide"] == pytest.approx((13.333, 7.5), abs=0.01)


def test_a_map_export_shows_the_selection_and_the_extent_given(bundled_table):
    chosen = ("saravan-killing-2024-01-27", "pakistan-strikes-iran-2024-01-17")
    spec = ExportSpec("map", "svg", 1280, 720, 1, "", ids=chosen, bbox=(58.0, 24.0, 66.0, 30.0))
    page = Page(bundled_table, prepare(bundled_table, spec).view, spec)
    figure = page.figure()
    assert set(page.scene.frame["id"]) == set(chosen)  # the box selection, and only it
    assert page.scene.extent.south == pytest.approx(24.0, abs=0.01) and page.scene.extent.west < 58.0
    notes = " ".join(a.text for a in figure.layout.annotations)
    assert "2 of 13 events" in notes and "2 selected on the map" in notes and "map " in notes
    assert "1 disputed (date, killed" in notes  # the Pakistani strike: its date and toll are disputed


def test_the_files_own_extent_frames_its_maps(bundled_table):
    meta = bundled_table.head.meta.model_copy(update={"extent": (60.0, 25.0, 64.0, 29.0)})
    table = replace(bundled_table, head=bundled_table.head.model_copy(update={"meta": meta}))
    spec = ExportSpec("map", "svg", 1280, 720, 1, "")
    page = Page(table, prepare(table, spec).view, spec)
    page.figure()
    assert page.scene.extent.south == pytest.approx(25.0, abs=0.01) and page.scene.extent.north == pytest.approx(29.0, abs=0.01)


def test_texts_typed_over_the_defaults_are_shown_as_text(bundled_table):
    spec = ExportSpec("map", "svg", 1280, 720, 1, "", title="<b>Strikes</b> & raids", subtitle="Week 3",
                      caption="Our caption", credit="Our credit")
    notes = [a.text for a in Page(bundled_table, prepare(bundled_table, spec).view, spec).figure().layout.annotations]
    assert "&lt;b&gt;Strikes&lt;/b&gt; &amp; raids" in notes[0] and "Week 3" in notes[1]
    assert "Our caption" in notes and "Our credit" in notes


@pytest.mark.parametrize(("value", "words"), [("1,2,3", "is not four numbers"), ("10,0,5,5", "west < east")])
def test_a_bad_bbox_is_a_clear_error(value, words):
    with pytest.raises(ExportError, match=words):
        ExportSpec(bbox=parse_bbox(value)).checked()
    result = invoke_cli("export", "--bbox", value, "--out", "unused")
    assert result.code == 2 and words in result.err


def test_a_spec_from_a_mapping_converts_each_key_and_keeps_the_defaults_for_the_rest():
    assert ExportSpec.from_mapping({}) == ExportSpec()
    spec = ExportSpec.from_mapping({"what": "map", "format": "svg", "preset": "square", "width": "500", "scale": "2",
                                    "state": "?cat=strike", "title": "", "caption": 7, "bbox": "44, 23, 76, 40",
                                    "ids": ["b", "a"], "subtitle": None})
    assert spec == ExportSpec("map", "svg", 500, 1080, 2.0, "cat=strike", title="", caption="7",
                              bbox=(44.0, 23.0, 76.0, 40.0), ids=("b", "a"))  # "" is no title; None the default
    assert ExportSpec.from_mapping({"bbox": [44, 23, 76, 40], "ids": []}).bbox == (44.0, 23.0, 76.0, 40.0)
    assert ExportSpec.from_mapping({"ids": []}).ids is None
    defaults = ExportSpec("timeline", "pdf", 643, 454, 2, "cat=strike", credit="ours", bbox=(1, 2, 3, 4))
    assert ExportSpec.from_mapping({"what": "map"}, defaults) == replace(defaults, what="map")
    assert ExportSpec.from_mapping({"preset": "slide", "height": 800}, defaults) == replace(defaults, width=1280,
                                                                                            height=800)
    assert ExportSpec.from_mapping({"bbox": ""}, defaults).bbox is None  # an empty extent: around the events


@pytest.mark.parametrize(("values", "message"), [
    ({"preset": "poster"}, "preset: 'poster' is not a preset (slide, a4-column, a4-page, square)"),
    ({"bbox": "1,2,3"}, "bbox: '1,2,3' is not four numbers west,south,east,north (e.g. 44,23,76,40)"),
    ({"bbox": [1, 2, "x", 4]}, "bbox: [1, 2, 'x', 4] is not four numbers"),
    ({"bbox": "10,0,5,5"}, "bbox: 10,0,5,5 is not west,south,east,north with -180 <= west < east <= 180"),
    ({"width": "abc"}, "width: 'abc' is not a whole number of px"),
    ({"height": [1]}, "height: [1] is not a whole number of px"),
    ({"scale": "big"}, "scale: 'big' is not a number"),
    ({"scale": 9}, "scale: 9.0 is outside 1..4"),
    ({"width": 20}, "size: 20x720 px is outside 100..5000 px on each side"),
    ({"what": "pie"}, "what: 'pie' is not one of map, timeline, composite"),
    ({"format": "gif"}, "format: 'gif' is not one of png, svg, pdf, html"),
    ({"ids": "a,b"}, "ids: 'a,b' is not a list of event ids"),
    ({"colour": "red", "fmt": "png"}, "colour, fmt: not a key of an export (one of what, format, state, width"),
])
def test_a_spec_from_a_mapping_refuses_a_bad_value_naming_its_field_first(values, message):
    with pytest.raises(ExportError) as refused:
        ExportSpec.from_mapping(values)
    assert str(refused.value).startswith(message)


def test_a_views_file_locates_each_refusal_to_its_line_and_field(tmp_path):
    views = tmp_path / "views.yaml"
    views.write_text("- {preset: poster}\n- {width: abc}\n- {what: pie}\n- {bbox: '1,2'}\n- {scale: 2}\n",
                     encoding="utf-8")
    with pytest.raises(DataFileError) as refused:
        read_views(views, ExportSpec())
    assert [(p.line, p.field) for p in refused.value.problems] == [
        (1, "[0].preset"), (2, "[1].width"), (3, "[2].what"), (4, "[3].bbox")]
    assert refused.value.problems[1].message == "'abc' is not a whole number of px"


def test_the_command_line_and_a_views_file_make_the_same_spec(tmp_path):
    """Both name their values as a views file does, and from_mapping makes the spec from them (the app's export
    panel too: ``tests/web/test_callbacks.py``)."""
    from dashboard.cli import export

    options = export.make_context("export", ["--what", "map", "--preset", "square", "--scale", "2", "--state",
                                             "cat=strike", "--title", "T", "--bbox", "44,23,76,40", "--out", "o"]).params
    values = {key: options[key] for key in options if key not in ("views", "data_path", "out")}
    views = tmp_path / "views.yaml"
    views.write_text("- {what: map, preset: square, scale: 2, state: cat=strike, title: T, bbox: '44,23,76,40'}\n",
                     encoding="utf-8")
    (_, from_file), = read_views(views, ExportSpec())
    assert ExportSpec.from_mapping(values) == from_file == ExportSpec(
        "map", "png", 1080, 1080, 2.0, "cat=strike", title="T", bbox=(44.0, 23.0, 76.0, 40.0))


@pytest.mark.slow  # every preset of a map-bearing page, twice
@pytest.mark.parametrize("preset", list(PRESETS))
def test_a_map_is_never_squeezed_to_a_sliver_by_its_legend(bundled_table, preset):
    """Beside the map or below it, the legend leaves a map of some height: a legend below that would leave the map
    shorter than itself goes beside it (an ACLED export's composite on an A4 column once got a map 3 px tall,
    framed 37,000 degrees wide, and failed)."""
    from dashboard.export.paper import Page
    from dashboard.model.loading import load_events
    from tests.support import ROOT

    acled = load_events(ROOT / "tests/fixtures/acled/pakistan-iran-2024-01.csv")
    for table in (bundled_table, acled):
        for what in ("map", "composite"):
            spec = ExportSpec(what, "png", *size_for(preset))
            page = Page(table, prepare(table, spec).view, spec)
            page.figure()
            assert page.map_panel.height >= page.height / 5, (what, preset, page.map_panel)
            assert -180 <= page.scene.extent.west < page.scene.extent.east <= 180
