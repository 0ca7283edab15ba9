"""The fonts every figure, page and export draws text in: Noto, one design for every script, from Debian's packages.

Why Noto: it covers the scripts of every region this tool is used for (Latin, Greek, Cyrillic, Arabic with
Persian and Urdu letters, Hebrew, the Indic scripts, Thai, Lao, Khmer, Myanmar, Ethiopic, CJK…) under one
open licence (SIL Open Font License 1.1), in faces drawn to work together. The fonts are not committed: ``./dev``
installs Debian's ``fonts-noto-core`` (12 MB download, 42 MB installed) and ``fonts-noto-cjk`` (57 MB, 91 MB),
and ``fonts-dejavu-core`` for symbols Noto Sans lacks (arrows, shapes).

One stack (``FACES``, in order) is the single rule every drawer follows: **a character is drawn by the first face
of the stack that has it**. Chromium follows it for the app's page and for every export (the CSS font-family
``FONT``); MapLibre follows it for the app map's names (``map_font_faces``: each face with the ranges it is first
for); ``figures/measure.py`` follows it to measure labels. The app serves the faces to the browser itself
(``font_face_css``, ``/fonts/...``): a page loads only the faces whose ranges its text uses.
"""

from __future__ import annotations

import base64
import contextlib
import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONT_ROOT = Path("/usr/share/fonts")  # where Debian's font packages install
FONT_PACKAGES = ("fonts-noto-core", "fonts-noto-cjk", "fonts-dejavu-core")
FONTS_ROUTE = "fonts"  # the app serves the faces at /fonts/<file>, and their rules at /fonts/faces.css
BOLD, ITALIC = "bold", "italic"


@dataclass(frozen=True)
class Face:
    """One family of the stack: its files by style (a file name under ``FONT_ROOT``; a style it lacks is drawn
    with its regular file), and which face of a collection (``.ttc``) it is."""

    family: str
    regular: str
    bold: str | None = None
    italic: str | None = None
    index: int = 0
    writes: str = ""  # the scripts it is in the stack for (README)

    def file(self, style: str | None = None) -> str:
        return {BOLD: self.bold, ITALIC: self.italic}.get(style or "") or self.regular


def _noto(script: str, writes: str, bold: bool = True) -> Face:
    stem = f"NotoSans{script.replace(' ', '')}"
    return Face(f"Noto Sans {script}", f"{stem}-Regular.ttf", f"{stem}-Bold.ttf" if bold else None, writes=writes)


FACES: tuple[Face, ...] = (
    Face("Noto Sans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf",
         writes="Latin, Greek, Cyrillic"),
    _noto("Arabic", "Arabic, Persian, Urdu, Pashto, Kurdish and every Arabic-script language"),
    _noto("Hebrew", "Hebrew, Yiddish"),
    _noto("Syriac", "Syriac", bold=False),
    _noto("Thaana", "Thaana (Dhivehi)"),
    _noto("Armenian", "Armenian"),
    _noto("Georgian", "Georgian"),
    _noto("Devanagari", "Devanagari (Hindi, Marathi, Nepali)"),
    _noto("Bengali", "Bengali, Assamese"),
    _noto("Gurmukhi", "Gurmukhi (Punjabi)"),
    _noto("Gujarati", "Gujarati"),
    _noto("Oriya", "Odia"),
    _noto("Tamil", "Tamil"),
    _noto("Telugu", "Telugu"),
    _noto("Kannada", "Kannada"),
    _noto("Malayalam", "Malayalam"),
    _noto("Sinhala", "Sinhala"),
    _noto("Thai", "Thai"),
    _noto("Lao", "Lao"),
    _noto("Khmer", "Khmer"),
    _noto("Myanmar", "Myanmar (Burmese)"),
    _noto("Ethiopic", "Ethiopic (Amharic, Tigrinya)"),
    _noto("Mongolian", "Mongolian", bold=False),
    _noto("Tifinagh", "Tifinagh (Berber)", bold=False),
    Face("Noto Serif Tibetan", "NotoSerifTibetan-Regular.ttf", "NotoSerifTibetan-Bold.ttf",
         writes="Tibetan, Dzongkha (Debian has no sans Tibetan)"),
    # Before the CJK face, which has them too: arrows, shapes and other symbols of a page in any script would
    # otherwise fetch its 16 MB for a "▶" (the app's Play button did).
    Face("DejaVu Sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", writes="arrows, shapes and other symbols"),
    # Simplified Chinese forms for the Han characters the scripts share; Japanese kana and Korean Hangul too.
    Face("Noto Sans CJK SC", "NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc", index=2,
         writes="Chinese, Japanese, Korean"),
)
FONT = ", ".join(f"'{face.family}'" for face in FACES) + ", sans-serif"  # CSS: plotly's figures, the page
MISSING_GLYPH = 0  # the glyph id of a font's "missing glyph" box


class FontsMissing(RuntimeError):
    """The fonts the stack names are not installed."""


@cache
def _installed() -> dict[str, Path]:
    return {path.name: path for path in sorted(FONT_ROOT.rglob("*")) if path.suffix in (".ttf", ".ttc", ".otf")}


def font_path(face: Face, style: str | None = None) -> Path:
    """The installed file of ``face`` in ``style``; FontsMissing names the packages that provide it."""
    name = face.file(style)
    path = _installed().get(name)
    if path is None:
        raise FontsMissing(f"the font {name} ({face.family}) is not installed under {FONT_ROOT}; install it with "
                           f"`apt-get install {' '.join(FONT_PACKAGES)}` (./dev run and ./dev test do)")
    return path


def check_fonts() -> None:
    """FontsMissing, naming the first missing file and how to install it, unless every face of the stack is
    installed: one clear message at start instead of labels measured with the wrong font."""
    for face in FACES:
        for style in (None, BOLD, ITALIC):
            font_path(face, style)


def load_font(face: Face, style: str | None = None, lazy: bool = True) -> TTFont:
    """fontTools' view of one face's file (the right face of a collection)."""
    return TTFont(str(font_path(face, style)), fontNumber=face.index, lazy=lazy)  # fontNumber: ignored but in a .ttc


@cache
def coverage(face: Face) -> frozenset[int]:
    """The code points ``face`` has a glyph for (its regular file: the styles share a character set)."""
    with contextlib.closing(load_font(face)) as font:
        return frozenset(font.getBestCmap())


def _joins_previous(character: str) -> bool:
    """Marks, joiners and other invisible format characters stay with the character before them: a browser draws a
    grapheme cluster (a letter and its vowel signs, a virama and what it joins) in one font."""
    return unicodedata.category(character) in ("Mn", "Mc", "Me", "Cf")


def face_for(character: str) -> Face:
    """The first face of the stack that has ``character`` (the last, if none has it)."""
    point = ord(character)
    return next((face for face in FACES if point in coverage(face)), FACES[-1])


def face_runs(text: str) -> list[tuple[Face, str]]:
    """``text`` cut into runs each drawn by one face, as a browser falls back along ``FONT``."""
    runs: list[tuple[Face, str]] = []
    leading = ""  # marks or format characters (a directional isolate) before any letter: they go with the first
    for character in text:
        if _joins_previous(character):
            if runs:
                runs[-1] = (runs[-1][0], runs[-1][1] + character)
            else:
                leading += character
            continue
        face = face_for(character)
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + character)
        else:
            runs.append((face, leading + character))
            leading = ""
    return runs or ([(FACES[0], leading)] if leading else [])


@cache
def first_for(face: Face) -> tuple[tuple[int, int], ...]:
    """The code point ranges ``face`` is the first face of the stack for, gaps no face covers merged into them (a
    shorter list for CSS and MapLibre; a character no face has falls back either way)."""
    earlier: set[int] = set()
    for other in FACES:
        if other == face:
            break
        earlier |= coverage(other)
    everything = set().union(*(coverage(other) for other in FACES))
    ranges: list[list[int]] = []
    for point in sorted(coverage(face) - earlier):
        if ranges and not any(p in everything for p in range(ranges[-1][1] + 1, point)):
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return tuple((start, end) for start, end in ranges)


def unicode_ranges(face: Face) -> list[str]:
    """``first_for(face)`` as CSS ``unicode-range`` values: ``U+0600-06FF``."""
    return [f"U+{start:04X}" if start == end else f"U+{start:04X}-{end:04X}" for start, end in first_for(face)]


def served_name(face: Face, style: str | None = None) -> str:
    """The file name the app serves a face's style under: its own, or for a face of a collection (which a browser
    cannot pick from a .ttc) an OpenType file of that face alone."""
    name = face.file(style)
    return name if not name.endswith(".ttc") else f"{Path(name).stem}-{face.index}.otf"


def font_face_css(root: str) -> str:
    """The ``@font-face`` rules of the stack, each face's files under ``root`` (``/fonts/``), with the ranges it is
    first for (a page downloads a face only when its text uses one of them), and the stack as ``--font``."""
    rules = []
    for face in FACES:
        ranges = ", ".join(unicode_ranges(face))
        for style, weight, slant in ((None, 400, "normal"), (BOLD, 700, "normal"), (ITALIC, 400, "italic")):
            if style and face.file(style) == face.regular:
                continue  # the browser slants or emboldens the regular face, as the exports' Chromium does
            rules.append(f'@font-face {{ font-family: "{face.family}"; src: url("{root}{served_name(face, style)}"); '
                         f"font-weight: {weight}; font-style: {slant}; font-display: swap; unicode-range: {ranges}; }}")
    rules.append(f":root {{ --font: {FONT}; }}")  # the page's text in the figures' stack
    return "\n".join(rules) + "\n"


def map_font_stack(style: str | None = None) -> str:
    """The stack for a MapLibre text layer in ``style``: one name per face, the names ``map_font_faces`` declares.
    (plotly passes a ``textfont.family`` of comma-separated names to MapLibre as its ``text-font``.)"""
    return ", ".join(_map_family(face, style) for face in FACES)


def _map_family(face: Face, style: str | None) -> str:
    return face.family if face.file(style) == face.regular else f"{face.family} {style.title()}"


def map_font_faces(root: str | None) -> dict[str, list[dict]]:
    """MapLibre's ``font-faces`` for every name of every ``map_font_stack``: each a face's file under the URL
    ``root`` (None: the installed file's ``file:`` URL) with the ranges that face is first for. MapLibre (5.11+) then
    draws each character with the face the stack gives it, as the browser and the exports do, and its text needs no
    glyph server."""
    faces: dict[str, list[dict]] = {}
    for face in FACES:
        for style in (None, BOLD, ITALIC):
            url = f"{root}{served_name(face, style)}" if root is not None else font_path(face, style).as_uri()
            faces[_map_family(face, style)] = [{"url": url, "unicode-range": unicode_ranges(face)}]
    return faces


@cache
def font_subset(face: Face, style: str | None, characters: frozenset[str]) -> bytes:
    """``face``'s file in ``style`` cut to ``characters``, every layout feature kept (Arabic joining, Indic
    conjuncts and mark positioning need them): a few kB to tens of kB for a figure's text."""
    options = subset.Options()
    options.layout_features, options.name_IDs, options.notdef_outline = ["*"], ["*"], True
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge's timestamps: nothing to cut, nothing drawn
    cutter = subset.Subsetter(options)
    cutter.populate(text="".join(sorted(characters)))
    buffer = io.BytesIO()
    with contextlib.closing(load_font(face, style, lazy=False)) as font:
        cutter.subset(font)
        font.save(buffer)
    return buffer.getvalue()


def embedded_font_css(text: str) -> str:
    """``@font-face`` rules carrying, as data, every face of the stack ``text`` uses cut to the characters it
    draws with it (regular and bold): a file holding them shows its text in the right faces on any machine."""
    needed: dict[Face, set[str]] = {}
    words = " ".join(dict.fromkeys(text.split()))  # each word once: a figure of many events repeats most of them
    for face, run in face_runs(words):
        needed.setdefault(face, set()).update(ch for ch in run if ord(ch) in coverage(face))
    rules = []
    for face, characters in needed.items():
        if not characters:
            continue
        for style, weight in ((None, 400), (BOLD, 700)):
            if style and face.file(style) == face.regular:
                continue  # no bold face: the viewer emboldens the regular one, as the exports' Chromium does
            data = base64.b64encode(font_subset(face, style, frozenset(characters))).decode("ascii")
            rules.append(f'@font-face {{ font-family: "{face.family}"; font-weight: {weight}; '
                         f'src: url("data:font/otf;base64,{data}"); }}')
    return "\n".join(rules)
