"""Text colours of the palette pass WCAG AA contrast (4.5:1) on the backgrounds they sit on; the page's
stylesheet takes its colours from that palette only."""

from __future__ import annotations

import re

import pytest

from dashboard.figures.style import PALETTE, palette_css
from tests.support import ROOT

CSS = (ROOT / "assets" / "style.css").read_text(encoding="utf-8")
VARIABLES = PALETTE


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("text", "background"), [
    ("ink", "#ffffff"), ("muted", "#ffffff"), ("muted", "panel"), ("ink", "panel"), ("accent", "#ffffff"),
    ("ink", "selected"), ("accent", "selected"),
])
def test_text_contrast(text, background):
    colour = VARIABLES[text]
    back = VARIABLES.get(background, background)
    assert contrast(colour, back) >= 4.5, (text, background, round(contrast(colour, back), 2))


def test_banner_and_disagreement_text_on_their_tints():
    assert contrast(VARIABLES["ink"], "#fff5f5") >= 4.5
    assert contrast(VARIABLES["ink"], "#fff8c5") >= 4.5


def test_stylesheet_uses_the_palette_and_defines_none_of_it():
    used = set(re.findall(r"var\(--([a-z-]+)\)", CSS))
    assert used and used <= set(PALETTE)
    assert not re.search(r"--[a-z-]+:\s*#", CSS)  # no second definition of a palette colour
    assert all(f"--{name}: {colour};" in palette_css() for name, colour in PALETTE.items())
