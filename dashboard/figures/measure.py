"""How much room a label takes: text measured with the font the figures are drawn in.

The app loads the bundled DejaVu Sans (``assets/fonts``) by ``@font-face``, and image exports find the same
family on the system (``./dev`` installs Debian's ``fonts-dejavu-core``), so widths measured here with Pillow
are the widths drawn. Scripts the font lacks fall back to another font in the browser: their widths are then
estimates, close enough to keep labels apart.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_FOLDER = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT_FILES = {False: FONT_FOLDER / "DejaVuSans.ttf", True: FONT_FOLDER / "DejaVuSans-Bold.ttf"}
LINE_HEIGHT = 1.2  # of the font size
MEASURED = 20_000  # texts whose widths are kept: a few MB at most


@lru_cache(maxsize=64)
def _font(size: float, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_FILES[bold]), size=max(1, round(size * 4)))  # measured at 4x, then scaled


@lru_cache(maxsize=MEASURED)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in px of one line of ``text`` at ``size`` px (the last ``MEASURED`` answers kept: layouts measure the
    same names and titles again at every request, and ``wrap_text`` every prefix it tries)."""
    return _font(size, bold).getlength(text) / 4


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
