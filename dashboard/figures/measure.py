"""How much room a label takes: text measured with the fonts and shaping it will be drawn with.

Each text is cut into runs along the font stack (``figures/fonts.py``: the first face that has a character draws
it, as in the browser, the exports and the app map), and each run is measured shaped, in its direction, with
Pillow's raqm layout (HarfBuzz, FriBiDi): joined Arabic letters, Indic conjuncts and Thai marks take the width
they are drawn at, so labels in every script keep apart.
"""

from __future__ import annotations

from functools import lru_cache

from PIL import ImageFont

from dashboard.figures.fonts import BOLD, Face, face_runs, font_path

LINE_HEIGHT = 1.2  # of the font size
MEASURED = 20_000  # texts whose widths are kept: a few MB at most
SCALE = 4  # measured at 4x the size, then scaled: finer than whole pixels


@lru_cache(maxsize=256)
def _font(face: Face, size: float, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(face, BOLD if bold else None)), size=max(1, round(size * SCALE)),
                              index=face.index, layout_engine=ImageFont.Layout.RAQM)


@lru_cache(maxsize=MEASURED)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in px of one line of ``text`` at ``size`` px (the last ``MEASURED`` answers kept: layouts measure the
    same names and titles again at every request, and ``wrap_text`` every prefix it tries)."""
    return sum(_font(face, size, bold).getlength(run) for face, run in face_runs(text)) / SCALE


def text_box(text: str, size: float, bold: bool = False) -> tuple[float, float]:
    """(width, height) in px of ``text``, lines split on ``<br>``."""
    lines = text.split("<br>")
    return max(text_width(line, size, bold) for line in lines), len(lines) * size * LINE_HEIGHT


def wrap_text(text: str, max_px: float, size: float, bold: bool = False) -> list[str]:
    """Every word of ``text`` in lines no wider than ``max_px`` at ``size`` px (a longer word is a line)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and text_width(candidate, size, bold) > max_px:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def shortened(text: str, max_px: float, size: float, bold: bool = False) -> str:
    """``text`` if it fits in ``max_px``, else as many of its first characters as fit with an ellipsis ("" when not
    even one does)."""
    if text_width(text, size, bold) <= max_px:
        return text
    for end in range(len(text) - 1, 0, -1):
        candidate = text[:end].rstrip() + "…"
        if text_width(candidate, size, bold) <= max_px:
            return candidate
    return ""
