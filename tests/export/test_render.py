"""Exports on the real data through the real kaleido and Chromium: decoded, measured, parsed."""

from __future__ import annotations

import io
import os
import time
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from dashboard.export.render import ExportError, ExportSpec, ImageSession, file_name, render_bytes, view_of
from dashboard.model.loading import load_events
from tests.conftest import BUNDLED, run_cli

STATE = "sel=pakistan-strikes-iran-2024-01-17"


@pytest.fixture(scope="module")
def table():
    return load_events(BUNDLED)


@pytest.fixture(scope="module")
def session():
    with ImageSession() as opened:
        yield opened


def colour_pixels(image: Image.Image, hex_colour: str, tolerance: int = 30) -> int:
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    pixels = np.asarray(image.convert("RGB")).astype(int)
    return int((np.abs(pixels - target).max(axis=2) <= tolerance).sum())


def test_composite_png_has_size_markers_and_border(table, session):
    png = render_bytes(table, ExportSpec("composite", "png", 1600, 900, 2, STATE), session=session)
    image = Image.open(io.BytesIO(png))
    assert image.size == (3200, 1800)
    assert colour_pixels(image, "#8b0000", tolerance=12) > 500  # the Iran–Pakistan border line
    assert colour_pixels(image, "#D55E00") > 500   # strike markers
    assert colour_pixels(image, "#0072B2") > 300   # diplomatic markers
    assert len(np.unique(np.asarray(image.convert("L")))) > 50  # not blank


@pytest.mark.parametrize("what", ["map", "timeline"])
def test_single_figure_pngs(table, session, what):
    png = render_bytes(table, ExportSpec(what, "png", 1080, 1080, 1, ""), session=session)
    image = Image.open(io.BytesIO(png))
    assert image.size == (1080, 1080)
    assert colour_pixels(image, "#E69F00") > 100  # militant attacks, drawn on both


def test_svg_parses_and_carries_the_caption(table, session):
    svg = render_bytes(table, ExportSpec("composite", "svg", 1600, 900, 1, "cat=strike&from=2024-01-10&to=2024-01-31"),
                       session=session)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    texts = " ".join("".join(t.itertext()) for t in root.iter() if t.tag.endswith("text"))
    assert "2 of 13 events" in texts and "2024-01-10 to 2024-01-31" in texts
    assert "content hash" in texts


def test_pdf_opens_with_one_page(table, session):
    pdf = render_bytes(table, ExportSpec("timeline", "pdf", 960, 1280, 1, "lanes=country"), session=session)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(width / height - 960 / 1280) < 0.01


def test_standalone_html_inlines_plotly(table):
    html = render_bytes(table, ExportSpec("timeline", "html", 1600, 900, 1, STATE)).decode("utf-8")
    assert "<script src=" not in html  # nothing loaded from anywhere: plotly.js is inline
    assert "Plotly.newPlot" in html and len(html) > 3_000_000  # plotly.js itself is inside


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
def test_unusable_states_are_refused(table, state, words):
    with pytest.raises(ExportError, match=words):
        view_of(table, state)


def test_bad_spec_is_refused():
    with pytest.raises(ExportError, match="scale"):
        ExportSpec(scale=5).checked()
    with pytest.raises(ExportError, match="size"):
        ExportSpec(width=20).checked()


def test_cli_batch_from_yaml_writes_every_view(tmp_path):
    views = tmp_path / "views.yaml"
    views.write_text("- state: cat=strike\n  what: map\n  format: svg\n- {state: 'lanes=country', preset: square}\n"
                     "- from=2024-01-16&to=2024-01-18\n", encoding="utf-8")
    result = run_cli("export", "--views", str(views), "--format", "pdf", "--out", str(tmp_path / "out"), timeout=300)
    assert result.code == 0, result.err
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["composite_from_2024-01-16_to_2024-01-18_1600x900.pdf", "composite_lanes_country_1080x1080.pdf",
                     "map_cat_strike_1600x900.svg"]
    assert "Exporting" in result.err


def test_cli_refuses_bad_views_and_states_with_exit_2(tmp_path):
    views = tmp_path / "views.yaml"
    views.write_text("- state: cat=strike\n  colour: red\n- preset: poster\n", encoding="utf-8")
    result = run_cli("export", "--views", str(views), "--out", str(tmp_path / "out"))
    assert result.code == 2
    assert "views.yaml:1: [0]: unknown keys colour" in result.err and "views.yaml:3: [1].preset" in result.err
    bad_state = run_cli("export", "--state", "from=tomorrow", "--out", str(tmp_path / "out"))
    assert bad_state.code == 2 and "from: 'tomorrow' is not valid" in bad_state.err
    assert "Traceback" not in result.err + bad_state.err


def test_missing_chrome_fails_fast_with_how_to_install(tmp_path):
    env_before = dict(os.environ)
    try:
        os.environ["BROWSER_PATH"] = str(tmp_path / "no-such-chrome")
        started = time.monotonic()
        result = run_cli("export", "--out", str(tmp_path / "out"))
        elapsed = time.monotonic() - started
    finally:
        os.environ.clear()
        os.environ.update(env_before)
    assert result.code == 2
    assert "No Chrome or Chromium was found" in result.err and "apt-get install -y chromium" in result.err
    assert elapsed < 60  # fails at discovery, never waits for a browser
