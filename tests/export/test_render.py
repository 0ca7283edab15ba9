"""Exports on the real data through the real kaleido and Chromium: decoded, measured, parsed."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from dashboard.export.paper import Page
from dashboard.export.render import ImageSession, render_bytes
from dashboard.export.spec import PRESETS, ExportSpec, prepare, size_for
from dashboard.figures.style import BORDER_LINE, INK
from tests.support import BUNDLED, ROOT, run_cli

STATE = "sel=pakistan-strikes-iran-2024-01-17"
pytestmark = pytest.mark.slow  # a real browser through kaleido


@pytest.fixture(scope="module")
def session():
    with ImageSession() as opened:
        yield opened


def colour_pixels(image: Image.Image, hex_colour: str, tolerance: int = 30) -> int:
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    pixels = np.asarray(image.convert("RGB")).astype(int)
    return int((np.abs(pixels - target).max(axis=2) <= tolerance).sum())


def test_composite_png_has_size_markers_and_border(bundled_table, session):
    png = render_bytes(bundled_table, ExportSpec("composite", "png", 1600, 900, 2, STATE), session=session)
    image = Image.open(io.BytesIO(png))
    assert image.size == (3200, 1800)
    assert colour_pixels(image, BORDER_LINE, tolerance=12) > 500  # the Iran–Pakistan border line
    assert colour_pixels(image, "#D55E00") > 500   # strike markers
    assert colour_pixels(image, "#0072B2") > 300   # diplomatic markers
    assert len(np.unique(np.asarray(image.convert("L")))) > 50  # not blank


@pytest.mark.parametrize("what", ["map", "timeline"])
def test_single_figure_pngs(bundled_table, session, what):
    png = render_bytes(bundled_table, ExportSpec(what, "png", 1080, 1080, 1, ""), session=session)
    image = Image.open(io.BytesIO(png))
    assert image.size == (1080, 1080)
    assert colour_pixels(image, "#E69F00") > 50  # militant attacks, drawn on both


def test_svg_parses_and_carries_the_caption(bundled_table, session):
    svg = render_bytes(bundled_table, ExportSpec("composite", "svg", 1600, 900, 1, "cat=strike&from=2024-01-10&to=2024-01-31"),
                       session=session)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    texts = " ".join("".join(t.itertext()) for t in root.iter() if t.tag.endswith("text"))
    assert "2 of 13 events" in texts and "2024-01-10 to 2024-01-31" in texts
    assert "content hash" in texts


def test_pdf_opens_with_one_page(bundled_table, session):
    pdf = render_bytes(bundled_table, ExportSpec("timeline", "pdf", 960, 1280, 1, "lanes=country"), session=session)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(width / height - 960 / 1280) < 0.01


MAP_NAMES = {"Iran", "Pakistan", "Afghanistan", "Islamabad", "Tehran", "Saravan", "Rask", "Jakigur"}


def test_map_svg_is_vector_with_the_names_as_text(bundled_table, session):
    svg = render_bytes(bundled_table, ExportSpec("map", "svg", 1280, 720, 1, ""), session=session)
    root = ET.fromstring(svg)
    assert not [element for element in root.iter() if element.tag.endswith("image")]  # no raster anywhere
    texts = {"".join(t.itertext()).strip() for t in root.iter() if t.tag.endswith("text")}
    assert MAP_NAMES.issubset(texts)
    assert any(t.endswith(" km") for t in texts)  # the scale bar
    assert "Border between the countries in focus" in texts and "Events at one place, spread around it" in texts


def test_map_pdf_holds_the_names_in_its_text_layer_and_no_raster(bundled_table, session):
    pdf = render_bytes(bundled_table, ExportSpec("map", "pdf", *PRESETS["a4-page"][:2], 1, ""), session=session)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    text = page.extract_text()
    assert all(name in text for name in MAP_NAMES)
    assert not page.images
    # A4 is what it says: 210 x 297 mm is 595.3 x 841.9 pt.
    assert float(page.mediabox.width) == pytest.approx(595.3, abs=1.5)
    assert float(page.mediabox.height) == pytest.approx(841.9, abs=1.5)


def test_png_at_scale_is_drawn_at_that_resolution_with_its_labels(bundled_table, session):
    spec = ExportSpec("map", "png", 1280, 720, 3, "")
    image = Image.open(io.BytesIO(render_bytes(bundled_table, spec, session=session)))
    assert image.size == (3840, 2160)
    page = Page(bundled_table, prepare(bundled_table, spec).view, spec)
    page.figure()
    label = next(label for label in page.scene.labels if label.text == "Islamabad")
    x0, y0, x1, y1 = label.box
    crop = image.crop(tuple(round(3 * v) for v in (page.map_panel.x + x0, page.map_panel.y + y0,
                                                    page.map_panel.x + x1, page.map_panel.y + y1)))
    ink = colour_pixels(crop, INK, tolerance=60)
    assert ink > 0.03 * crop.size[0] * crop.size[1]  # the word is there, sharp, where it was placed


@pytest.mark.parametrize(("preset", "scale"), [("a4-column", 3.125), ("square", 2.5)])
def test_a_png_at_a_fractional_scale_reads_back_at_the_size_chromium_draws(bundled_table, session, preset, scale):
    """643 x 454 px at 3.125 (300 dpi, the README's A4-column command) is 2009.4 x 1418.75: Chromium draws
    2009 x 1418, and the export checks it against that, not a rounded 1419."""
    spec = ExportSpec("map", "png", *size_for(preset), scale, "cat=strike,militant_attack")
    image = Image.open(io.BytesIO(render_bytes(bundled_table, spec, session=session)))
    assert image.size == spec.pixels == (int(spec.width * scale), int(spec.height * scale))


def test_cli_batch_from_yaml_writes_every_view(tmp_path):
    views = tmp_path / "views.yaml"
    views.write_text("- state: cat=strike\n  what: map\n  format: svg\n- {state: 'lanes=country', preset: square}\n"
                     "- from=2024-01-16&to=2024-01-18\n", encoding="utf-8")
    result = run_cli("export", "--views", str(views), "--format", "pdf", "--out", str(tmp_path / "out"), timeout=300)
    assert result.code == 0, result.err
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["composite_from_2024-01-16_to_2024-01-18_1280x720.pdf", "composite_lanes_country_1080x1080.pdf",
                     "map_cat_strike_1280x720.svg"]
    assert "Exporting" in result.err


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


def _descendants(pid: int) -> list[int]:
    """Every process under ``pid`` (its children, theirs...), from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


@pytest.mark.slow  # a batch of images, its browser killed
def test_a_browser_killed_mid_batch_ends_the_export_cleanly_keeping_whole_files(tmp_path):
    """Chromium killed mid-batch once hung the export forever (kaleido's server thread died; its caller waited),
    and before that printed asyncio tracebacks after the message."""
    views = tmp_path / "views.txt"
    views.write_text("\n".join(["frame=all", "cat=strike", "lanes=country", "strip=casualties"] * 3) + "\n",
                     encoding="utf-8")
    out = tmp_path / "out"
    export = subprocess.Popen([sys.executable, "-m", "dashboard", "export", "--data", str(BUNDLED), "--what", "map",
                               "--format", "png", "--views", str(views), "--out", str(out)], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (out.is_dir() and any(out.glob("*.png"))) and export.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)  # polling for a condition: the first image written
    assert export.poll() is None, export.communicate()
    for pid in _descendants(export.pid):
        with contextlib.suppress(ProcessLookupError, FileNotFoundError):
            if "chrom" in Path(f"/proc/{pid}/comm").read_text():
                os.kill(pid, signal.SIGKILL)
    _, err = export.communicate(timeout=120)
    assert export.returncode == 2 and "the browser stopped" in err and "Traceback" not in err
    for image in out.glob("*"):
        assert image.suffix == ".png" and Image.open(image).verify() is None  # whole files only, no .part left
