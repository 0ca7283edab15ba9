"""Text colours of the stylesheet pass WCAG AA contrast (4.5:1) on the backgrounds they sit on."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

CSS = (ROOT / "assets" / "style.css").read_text(encoding="utf-8")
VARIABLES = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS))


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
