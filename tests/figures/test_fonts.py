"""The font stack: every script the tool is used for has a face, every drawer follows one rule, labels are measured
shaped, and files that travel carry their faces."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest
import yaml
from fontTools.ttLib import TTFont

from dashboard.figures.cartography import build_scene
from dashboard.figures.fonts import (
    FACES,
    FONT,
    check_fonts,
    coverage,
    embedded_font_css,
    face_for,
    face_runs,
    first_for,
    font_face_css,
    map_font_faces,
    map_font_stack,
)
from dashboard.figures.measure import text_width, wrap_text
from dashboard.model.loading import check_events
from tests.figures.test_cartography import assert_labels_clear as assert_map_labels_clear
from tests.figures.test_timeline_labels import assert_labels_clear as assert_timeline_labels_clear

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "multiscript" / "events.yaml"
# One word or name in each script the issue names, each with the face that must draw it.
SAMPLES = {
    "Noto Sans": ["Saravan", "Ελλάδα", "Київ", "Москва"],
    "Noto Sans Arabic": ["سراوان", "پنجگور", "پاکستان نے حملہ کیا", "ڈیرہ بگٹی", "إيران"],
    "Noto Sans Hebrew": ["ירושלים"],
    "Noto Sans Armenian": ["Երևան"],
    "Noto Sans Georgian": ["თბილისი"],
    "Noto Sans Devanagari": ["कराची", "क्षेत्र"],
    "Noto Sans Bengali": ["ঢাকা"],
    "Noto Sans Tamil": ["சென்னை"],
    "Noto Sans Thai": ["กรุงเทพมหานคร"],
    "Noto Sans Lao": ["ວຽງຈັນ"],
    "Noto Sans Khmer": ["ភ្នំពេញ"],
    "Noto Sans Myanmar": ["ရန်ကုန်"],
    "Noto Sans Ethiopic": ["አዲስ አበባ"],
    "Noto Sans CJK SC": ["北京", "東京", "서울"],
}


def fixture_text() -> str:
    """Every string of the multi-script fixture: titles, descriptions, quotes, actors, places, labels."""
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)
    return "\n".join(strings(yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))))


def test_every_face_of_the_stack_is_installed_in_every_style():
    check_fonts()  # raises FontsMissing naming the file and the packages otherwise


@pytest.mark.parametrize("family", SAMPLES)
def test_each_script_is_drawn_by_its_own_face(family):
    for sample in SAMPLES[family]:
        letters = [face_for(ch).family for ch in sample if ch.isalpha()]
        assert set(letters) == {family}, sample


def test_every_character_of_the_multiscript_fixture_has_a_glyph_in_its_face():
    text = fixture_text()
    missing = sorted({ch for ch in text if ch.isprintable() and not ch.isspace() and ord(ch) not in coverage(face_for(ch))})
    assert missing == []
    scripts = {face_for(ch).family for ch in text if ch.isalpha()}
    assert len(scripts) >= 8 and {"Noto Sans Arabic", "Noto Sans Hebrew"} <= scripts


def test_a_grapheme_stays_in_one_face_and_spaces_and_digits_in_the_first():
    runs = face_runs("Strike on پنجگور 2024")
    assert [(face.family, text) for face, text in runs] == [
        ("Noto Sans", "Strike on "), ("Noto Sans Arabic", "پنجگور"), ("Noto Sans", " 2024")]
    # A Devanagari conjunct and vowel signs, a Thai tone mark: one run, never split from their letter.
    assert [face.family for face, _ in face_runs("क्षेत्र")] == ["Noto Sans Devanagari"]
    assert [face.family for face, _ in face_runs("กุ้ง")] == ["Noto Sans Thai"]


def test_the_ranges_each_face_is_first_for_never_overlap():
    seen: list[tuple[int, int]] = []
    for face in FACES:
        for start, end in first_for(face):
            assert all(end < s or start > e for s, e in seen), face.family
        seen += first_for(face)
    assert first_for(FACES[0])[0][0] == 0  # the first face takes ASCII


def test_labels_are_measured_shaped():
    # Joined Arabic is not the sum of its isolated letters; a Devanagari conjunct is narrower than its parts.
    word = "سراوان"
    assert abs(text_width(word, 12) - sum(text_width(ch, 12) for ch in word)) > 1
    assert text_width("क्ष", 12) < text_width("क", 12) + text_width("्", 12) + text_width("ष", 12)
    # Every sample is measured with a real width, in both weights, and wraps within its measure.
    for samples in SAMPLES.values():
        for sample in samples:
            assert text_width(sample, 12) > 0 and text_width(sample, 12, bold=True) > 0
            assert all(text_width(line, 12) <= 80 or " " not in line for line in wrap_text(sample * 3, 80, 12))


def test_the_page_and_maplibre_are_given_every_face_with_its_ranges():
    css = font_face_css("")
    assert all(f'font-family: "{face.family}"' in css for face in FACES)
    assert f"--font: {FONT};" in css
    ranges = re.findall(r'font-family: "Noto Sans Arabic"; src: url\("([^"]+)"\).*?unicode-range: ([^;]+);', css)
    assert ranges and all("U+0600-" in unicode for _, unicode in ranges)
    faces = map_font_faces("https://example.org/fonts/")
    for style in (None, "bold", "italic"):
        names = map_font_stack(style).split(", ")
        assert len(names) == len(FACES) and all(name in faces for name in names)
    # A face of a collection (CJK) is served as an OpenType file of that face alone.
    assert faces["Noto Sans CJK SC"][0]["url"].endswith("NotoSansCJK-Regular-2.otf")


def test_a_file_carries_its_faces_cut_to_its_text():
    text = "Saravan سراوان कराची 北京"
    css = embedded_font_css(text)
    carried = dict(re.findall(r'font-family: "([^"]+)"; font-weight: 400; src: url\("data:font/otf;base64,([^"]+)"\)', css))
    assert set(carried) == {"Noto Sans", "Noto Sans Arabic", "Noto Sans Devanagari", "Noto Sans CJK SC"}
    for family, data in carried.items():
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        drawn = {ord(ch) for face, run in face_runs(text) if face.family == family for ch in run}
        assert drawn <= set(font.getBestCmap())
    assert len(css) < 200_000  # cut to the text: the CJK face alone is 16 MB


@pytest.fixture(scope="module")
def multiscript_table():
    table, _ = check_events(FIXTURE)
    return table


@pytest.mark.parametrize("size", [(1000, 640), (643, 330), (760, 800)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_map_labels_in_every_script_collide_with_nothing(multiscript_table, size):
    scene = build_scene(multiscript_table.frame, multiscript_table.geography, *size)
    scripts = {face_for(ch).family for label in scene.labels for ch in label.text if ch.isalpha()}
    assert len(scripts) >= 3, scripts  # names in several scripts are placed, not dropped
    assert_map_labels_clear(scene)


def test_timeline_titles_in_every_script_collide_with_nothing(multiscript_table):
    assert_timeline_labels_clear(multiscript_table)
