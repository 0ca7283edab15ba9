"""Every rendered file read back before it is written or sent: an export never hands over a broken file.

Chromium answers an image it cannot draw with a few bytes and no error (kaleido passes them on), so each format
is decoded with the library that reads it: Pillow for PNG (and its size checked), the XML parser for SVG,
pypdf for PDF.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ElementTree

from PIL import Image
from pypdf import PdfReader

from dashboard.export.spec import MAX_PIXELS, ExportError, ExportSpec

# Pillow refuses images past ~179 million pixels as a decompression bomb; these are our own, up to MAX_PIXELS.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def check_rendered(data: bytes, spec: ExportSpec) -> bytes:
    """``data`` as rendered for ``spec``, once it reads back as a whole file of its format; ExportError if not."""
    try:
        problem = _problem(data, spec)
    except Exception as exc:  # each reader fails on a broken file in its own types
        problem = f"{type(exc).__name__}: {exc}"
    if problem:
        raise ExportError(f"rendering failed: the {spec.fmt.upper()} drawn ({len(data):,} bytes) does not read back "
                          f"({problem}); nothing was written. Try a smaller size or scale")
    return data


def _problem(data: bytes, spec: ExportSpec) -> str | None:
    if spec.fmt == "png":
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            return None if image.size == spec.pixels else f"{image.size[0]}x{image.size[1]} px, not {spec.pixels}"
    if spec.fmt == "svg":
        root = ElementTree.fromstring(data)
        return None if root.tag.endswith("svg") else f"its root is <{root.tag}>, not <svg>"
    if spec.fmt == "pdf":
        return None if len(PdfReader(io.BytesIO(data)).pages) >= 1 else "no page"
    return None if data.rstrip().endswith(b"</html>") else "the page is cut short"
