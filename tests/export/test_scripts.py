"""Exports of a crisis told in many scripts, through the real kaleido and Chromium: every text run has its glyphs
in a face the file carries (SVG), no character is drawn as a missing-glyph box (PDF, the glyphs Chromium drew),
and the pages say their language."""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from dashboard.export.render import ImageSession, render_bytes
from dashboard.export.spec import PRESETS, ExportSpec
from dashboard.figures.fonts import face_for
from dashboard.model.loading import check_events
from tests.support import pdf_glyphs

MULTISCRIPT = Path(__file__).resolve().parents[1] / "fixtures" / "multiscript" / "events.yaml"
SIZES = {name: (PRESETS[name].width, PRESETS[name].height) for name in ("slide", "a4-column")}
pytestmark = pytest.mark.slow  # a real browser through kaleido


@pytest.fixture(scope="module")
def table():
    loaded, _ = check_events(MULTISCRIPT)
    return loaded


@pytest.fixture(scope="module")
def session():
    with ImageSession() as opened:
        yield opened


def carried_faces(svg: str) -> dict[tuple[str, str], set[int]]:
    """The faces an SVG carries, (family, weight) -> the code points each has a glyph for."""
    faces = re.findall(r'font-family: "([^"]+)"; font-weight: (\d+); src: url\("data:font/otf;base64,([^"]+)"\)', svg)
    return {(family, weight): set(TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap())
            for family, weight, data in faces}


@pytest.mark.parametrize("preset", list(SIZES))
def test_every_text_run_of_the_svg_has_its_glyphs_in_a_face_it_carries(table, session, preset):
    svg = render_bytes(table, ExportSpec("composite", "svg", *SIZES[preset], 1, ""), session=session).decode()
    faces = carried_faces(svg)
    drawn = "".join(ET.fromstring(svg).itertext())
    scripts = {face_for(ch).family for ch in drawn if ch.isalpha()}
    assert len(scripts) >= 5 and scripts <= {family for family, _ in faces}  # names and titles in many scripts
    runs = 0
    for element in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"):
        style = element.get("style", "")
        families = [name.strip(" '\"") for name in re.search(r"font-family:([^;]+)", style).group(1).split(",")]
        weight = "700" if re.search(r"font-weight:\s*(bold|[6-9]00)", style) else "400"
        text = "".join(element.itertext())
        runs += 1
        for ch in text:
            if ch.isspace() or not ch.isprintable():
                continue
            assert any(ord(ch) in faces.get((family, weight), faces.get((family, "400"), set()))
                       for family in families), (ch, hex(ord(ch)), text)
    assert runs > 30


@pytest.mark.parametrize("preset", list(SIZES))
def test_no_character_of_the_pdf_is_drawn_as_a_missing_glyph(table, session, preset):
    pdf = render_bytes(table, ExportSpec("composite", "pdf", *SIZES[preset], 1, ""), session=session)
    glyphs = pdf_glyphs(pdf)
    assert glyphs and not [font for font, glyph in glyphs if glyph == 0 and font != "Type3"]
    drawn_in = {font.split("+", 1)[-1].split("-")[0] for font, _ in glyphs}
    # Each script in its own face, embedded by name; Noto CJK (CFF outlines) goes in as glyph procedures (Type3):
    # still text, still searchable.
    assert {"NotoSans", "NotoSansArabic", "NotoSansDevanagari", "Type3"} <= drawn_in and len(drawn_in) >= 5


def test_a_crafted_missing_glyph_is_caught_by_the_check(table, session, tmp_path):
    """The PDF check sees a box: a title in the Private Use Area, which no face has, draws glyph 0."""
    spec = ExportSpec("timeline", "pdf", 900, 500, 1, "", title="Private use \ue000\ue001")
    assert [glyph for _, glyph in pdf_glyphs(render_bytes(table, spec, session=session)) if glyph == 0]


def test_the_html_export_says_its_language_and_carries_its_faces(table):
    page = render_bytes(table, ExportSpec("timeline", "html", 1280, 720, 1, "")).decode()
    assert '<html lang="mul"' in page
    carried = {family for family, _ in carried_faces(page)}
    needed = {face_for(ch).family for ch in "".join(table.frame["title"]) if ch.isalpha()}
    assert needed <= carried
