"""Helpers shared by tests, benchmarks and the docs scripts: the bundled data, the CLI run in-process or as a
real process, editing a copy of a file, and waiting for a server. Fixtures live in ``tests/conftest.py``."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "events.yaml"
RED_SEA = ROOT / "tests" / "fixtures" / "red-sea-2023" / "events.yaml"  # the mid-size crisis (74 events)
BUNDLED_PLACES = ROOT / "data" / "places.csv"  # the bundled crisis's curated places (its override layer)
SECOND_CRISIS = ROOT / "tests" / "fixtures" / "india-pakistan-2025" / "events.yaml"  # names only, another region


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path = ROOT, timeout: float = 120, env: dict[str, str] | None = None) -> Run:
    """``python -m dashboard ARGS`` in a subprocess, as a user runs it (exit codes, no traceback, env; ``env``: more
    variables)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    done = subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    return Run(done.returncode, done.stdout, done.stderr)


def invoke_cli(*args: str, cwd: Path = ROOT) -> Run:
    """The same command run in this process (click's runner), from ``cwd``: the fast lane's CLI.

    Any exception other than the command's own exit propagates, so a test fails where a user would
    have seen a traceback."""
    from click.testing import CliRunner

    from dashboard.cli import cli

    with contextlib.chdir(cwd):
        result = CliRunner().invoke(cli, list(args), prog_name="python -m dashboard", catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str, occurrence: int = 0) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle`` (-1: the last)."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert lines, f"{needle!r} not in {path}"
    return lines[occurrence]


def copy_bundled(folder: Path) -> Path:
    """A copy of the bundled events file with its sources in ``folder``, safe to edit."""
    shutil.copytree(ROOT / "data" / "sources", folder / "sources")
    shutil.copy(BUNDLED_PLACES, folder / "places.csv")
    target = folder / "events.yaml"
    shutil.copy(BUNDLED, target)
    return target


def write_document(path: Path, document: object) -> Path:
    """``document`` written to ``path`` as an events file is (YAML, keys in their order)."""
    import yaml

    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def edited_bundled(folder: Path, edit: Callable[[dict], object]) -> Path:
    """A copy of the bundled events file (``copy_bundled``) whose document ``edit`` changed in place."""
    import yaml

    target = copy_bundled(folder)
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    edit(document)
    return write_document(target, document)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen | None = None, timeout: float = 60) -> None:
    """Until ``url`` answers; fails with what went wrong when it never does or ``process`` exits first."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode} before answering {url}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError as exc:
            last = exc
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout} s (last: {last!r})")


def chrome_options(*extra: str):
    """Options for Debian's Chromium, headless, no background network, as root."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run", "--enable-unsafe-swiftshader", *extra):
        options.add_argument(argument)
    return options


# Markup that runs script if anything renders data as HTML: each sets window.__fired when it runs.
HOSTILE = ('<script>window.__fired = 1</script>', '<img src=x onerror="window.__fired = 2">',
           '"><svg onload="window.__fired = 3">')


def write_hostile_copy(folder: Path) -> Path:
    """A copy of the bundled events file whose texts are markup: the crisis title and description, source
    titles and publishers, category and phase labels, event titles, descriptions and actors."""
    return edited_bundled(folder, _hostile)


def _hostile(document: dict) -> None:
    meta = document["meta"]
    meta["title"], meta["description"] = f"Crisis {HOSTILE[0]}", f"About {HOSTILE[1]}"
    for n, source in enumerate(document["sources"].values()):
        source["title"] = f"Source {n} {HOSTILE[n % 3]}"
        if "publisher" in source:
            source["publisher"] = f"Publisher {HOSTILE[(n + 1) % 3]}"
    for n, category in enumerate(document["categories"].values()):
        category["label"] = f"Kind {n} {HOSTILE[n % 3]}"
    for n, phase in enumerate(document.get("phases", [])):
        phase["label"] = f"Phase {n} {HOSTILE[n % 3]}"
    for n, event in enumerate(document["events"]):
        event["title"] = f"Event {n} {HOSTILE[n % 3]}"
        event["description"] = f"Description {HOSTILE[(n + 1) % 3]}"
        event["actors"] = [f"Actor {HOSTILE[(n + 2) % 3]}", *event.get("actors", [])[1:]]


def pdf_glyphs(pdf: bytes) -> list[tuple[str, int]]:
    """Every glyph a PDF export draws, as (font name, glyph id): its text operators read through its fonts, in its
    pages and the forms they draw. Chromium writes a TrueType face as Type0 with Identity-H (two bytes a glyph id),
    so there a glyph id 0 is the face's "missing glyph" box (tofu); a CFF face (Noto CJK) as Type3, one byte a code
    (named ``Type3``)."""
    import io

    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf))
    drawn: list[tuple[str, int]] = []

    def read(contents, resources) -> None:
        fonts = {name: font.get_object() for name, font in resources.get("/Font", {}).items()}
        name, width = "", 1
        for operands, operator in ContentStream(contents, reader).operations:
            if operator == b"Tf":
                font = fonts.get(operands[0], {})
                wide = font.get("/Subtype") == "/Type0"
                name, width = (str(font.get("/BaseFont")) if wide else "Type3"), (2 if wide else 1)
            elif operator in (b"Tj", b"TJ"):
                for part in operands[0] if operator == b"TJ" else operands[:1]:
                    data = part if isinstance(part, bytes) else getattr(part, "original_bytes", None)  # not a kerning
                    if data is not None:
                        drawn.extend((name, int.from_bytes(data[i:i + width], "big"))
                                     for i in range(0, len(data) - width + 1, width))
        for xobject in resources.get("/XObject", {}).values():
            form = xobject.get_object()
            if form.get("/Subtype") == "/Form":
                read(form, form.get("/Resources", {}))

    for page in reader.pages:
        read(page.get_contents(), page["/Resources"])
    return drawn


def set_viewport(driver, width: int, height: int) -> None:
    """The page's own size (``innerWidth`` × ``innerHeight``) set to ``width`` × ``height``: a window's size
    includes the browser's chrome, which is measured and added (until the page has the size, a few tries)."""
    window = [width, height]
    for _ in range(4):
        driver.set_window_size(*window)
        inner = driver.execute_script("return [window.innerWidth, window.innerHeight];")
        if inner == [width, height]:
            return
        window = [window[0] + width - inner[0], window[1] + height - inner[1]]
