"""Right-to-left text, drawn right to left wherever it is drawn.

The page, plotly's SVG and the exports' Chromium apply the Unicode bidirectional algorithm and shape Arabic
script themselves, and so does the app map's MapLibre (6.x, in plotly.js 4.1: its own Arabic shaping and bidi,
with no right-to-left plugin to register, which plotly keeps no way to do). One gap is left, closed here: an SVG
label's paragraph runs left to right, so an Arabic or Hebrew title that ends in digits or a Latin name has its
parts in the wrong order. ``isolate`` wraps right-to-left text in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE,
so its direction comes from its own first letter, as ``dir="auto"`` does in HTML.
"""

from __future__ import annotations

import unicodedata

RIGHT_TO_LEFT = frozenset({"R", "AL"})  # Hebrew-like and Arabic-like letters (Unicode bidi classes)
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def has_right_to_left(value: str) -> bool:
    """Whether ``value`` holds any right-to-left letter."""
    return any(unicodedata.bidirectional(ch) in RIGHT_TO_LEFT for ch in value)


def isolate(value: str) -> str:
    """``value`` isolated with its own direction when it holds right-to-left letters; as it is otherwise."""
    return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}" if has_right_to_left(value) else value
