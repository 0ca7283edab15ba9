"""Rendering exports: PNG, SVG and PDF through kaleido (one browser session for a whole batch), and
standalone offline HTML. Every spec is checked once (``spec.prepare``) before anything is rendered."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from pathlib import Path
from xml.etree import ElementTree

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.export.page import figure_page
from dashboard.export.paper import export_figure
from dashboard.export.spec import IMAGE_FORMATS, ExportError, ExportJob, ExportSpec, file_name, prepare
from dashboard.export.verify import check_rendered
from dashboard.figures.fonts import embedded_font_css
from dashboard.figures.print_map import TOPOJSON_FOLDER, topojson_inline
from dashboard.model.atomic import write_atomically
from dashboard.model.table import EventTable

INSTALL_CHROME = ("No Chrome or Chromium was found for image export. On Debian: apt-get install -y chromium "
                  "(./dev run does it); elsewhere install Chrome, or set BROWSER_PATH to a Chromium-based browser.")


def find_chrome() -> str:
    """kaleido's own browser discovery; fail fast with how to install one when there is none."""
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=False)
    if not path or not os.access(path, os.X_OK):  # BROWSER_PATH is taken as given, so check it runs
        raise ExportError(INSTALL_CHROME + (f" ({path} is not an executable)" if path else ""))
    return path


def use_local_topojson() -> None:
    """geo maps load their base topojson from the bundled copy, not from plotly's CDN (kaleido's Chromium reads
    files): set before any image of a map is made in this process."""
    pio.defaults.topojson = TOPOJSON_FOLDER.as_uri() + "/"


RENDER_TIMEOUT_S = 180.0  # one image takes seconds; a browser that stopped answering is given up after this
BROWSER_GONE = ("rendering failed: the browser stopped (Chromium was closed or killed); the files written before "
                "this one are whole: run the export again")


class ImageSession:
    """One browser for many images (kaleido's sync server), closed when the batch is done.

    kaleido's server is a thread that dies when its Chromium is killed (an asyncio CancelledError, which is no
    Exception), and a caller waiting for its answer then waits forever: each image is awaited from a helper
    thread, watching that the server still runs, and the dying thread's traceback is not printed over the clean
    message."""

    def __enter__(self) -> ImageSession:
        import kaleido

        find_chrome()
        use_local_topojson()
        self._hook = threading.excepthook
        threading.excepthook = _quiet_cancelled(self._hook)
        # A killed browser leaves kaleido's tasks failed and never awaited; asyncio logs each ("Task exception was
        # never retrieved") through Python's last-resort handler, over the export's own message. A server's logging
        # still gets them (they propagate); a command line prints nothing more.
        logging.getLogger("asyncio").addHandler(logging.NullHandler())
        kaleido.start_sync_server(silence_warnings=True)
        return self

    def __exit__(self, *exc) -> None:
        import kaleido

        try:
            kaleido.stop_sync_server(silence_warnings=True)
        finally:
            threading.excepthook = self._hook

    def render(self, figure: go.Figure, spec: ExportSpec) -> bytes:
        import kaleido

        answer: dict[str, object] = {}

        def draw() -> None:
            try:  # what pio.to_image calls, without its per-call browser options: the session's browser is open
                answer["data"] = kaleido.calc_fig_sync(figure.to_dict(), topojson=pio.defaults.topojson, opts=dict(
                    format=spec.fmt, width=spec.width, height=spec.height, scale=spec.scale))
            except Exception as exc:  # kaleido reports browser and rendering failures in many types
                answer["error"] = exc

        waiting = threading.Thread(target=draw, name="export image", daemon=True)
        waiting.start()
        deadline = time.monotonic() + RENDER_TIMEOUT_S
        while waiting.is_alive():
            waiting.join(timeout=0.25)
            if waiting.is_alive() and (not _server_running() or time.monotonic() > deadline):
                raise ExportError(BROWSER_GONE)
        if "error" in answer:
            from choreographer.errors import BrowserClosedError, ChannelClosedError

            error = answer["error"]
            if isinstance(error, BrowserClosedError | ChannelClosedError) or not _server_running():
                raise ExportError(BROWSER_GONE) from None
            raise ExportError(f"rendering failed: {type(error).__name__}: {error}") from error  # type: ignore[misc]
        return answer["data"]  # type: ignore[return-value]


def _server_running() -> bool:
    """Whether kaleido's server thread still runs (kaleido 1.x keeps it on its ``GlobalKaleidoServer``; tested by
    tests/export/test_render.py, which kills the browser mid-batch)."""
    from kaleido._sync_server import GlobalKaleidoServer

    thread = getattr(GlobalKaleidoServer(), "_thread", None)
    return thread is not None and thread.is_alive()


def _quiet_cancelled(hook):
    """``threading.excepthook`` less the CancelledError kaleido's server thread dies of when its browser is killed
    (the export says so itself); any other thread's error as before."""
    def quiet(args) -> None:
        if args.exc_type is not None and issubclass(args.exc_type, asyncio.CancelledError):
            return
        hook(args)
    return quiet


# One export drawn at a time per server process: each runs a Chromium (~200 MB, a core) for seconds.
_APP_RENDERS = threading.BoundedSemaphore(1)


def render_for_app(table: EventTable, spec: ExportSpec, wait: float = 0.0) -> bytes:
    """One export from the running app; while another is being drawn, a clear refusal after ``wait`` seconds (at
    once by default), rather than a queue of requests each holding a server thread. Each opens and closes its own
    browser: a session kept open across requests left Chromium's helper threads blocking interpreter exit (seen
    under pytest)."""
    if not _APP_RENDERS.acquire(timeout=wait):  # 0: a glance, no wait
        raise ExportError("busy: another export is being drawn on this server; try again when it is done")
    try:
        return render_bytes(table, spec)
    finally:
        _APP_RENDERS.release()


def render_bytes(table: EventTable, spec: ExportSpec, session: ImageSession | None = None) -> bytes:
    """The exported file's content for one spec."""
    return render_job(table, prepare(table, spec), session)


def render_job(table: EventTable, job: ExportJob, session: ImageSession | None = None) -> bytes:
    """The exported file's content for a job already checked against the data."""
    figure = export_figure(table, job)
    if job.spec.fmt == "html":
        # The base topojson and the fonts travel inside the page: opened from disk, nothing is fetched.
        head = (topojson_inline() if job.spec.what != "timeline" else "") \
            + f"<style>{embedded_font_css(figure_text(figure))}</style>"
        data = figure_page(figure, table.head.meta.title, language=table.head.meta.language, head=head,
                           fill=False).encode("utf-8")
    elif session is not None:
        data = session.render(figure, job.spec)
    else:
        with ImageSession() as own:
            data = own.render(figure, job.spec)
    if job.spec.fmt == "svg":
        data = with_fonts(data)
    return check_rendered(data, job.spec)


def figure_text(figure: go.Figure) -> str:
    """Every string of ``figure`` (titles, labels, hovers, legends): the characters its page may draw."""
    def strings(value) -> Iterable[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list | tuple):
            for item in value:
                yield from strings(item)
    return "".join(strings(figure.to_plotly_json()))


def with_fonts(svg: bytes) -> bytes:
    """An SVG export carrying the faces its text is drawn in, cut to its characters (``<style>`` in its ``<defs>``):
    its text stays text, in the right faces, wherever the file is opened."""
    drawn = "".join(ElementTree.fromstring(svg).itertext())
    style = f"<defs><style>{embedded_font_css(drawn)}</style></defs>".encode()
    opening = re.search(rb"<svg[^>]*>", svg)
    return svg[:opening.end()] + style + svg[opening.end():] if opening else svg


def export_many(table: EventTable, jobs: list[ExportJob], out: Path,
                progress: Callable[[Iterable, str], object] | None = None) -> list[Path]:
    """Write every (already checked) job into ``out`` through one browser session, each file whole or not at all
    (``write_atomically``); returns the files written. A folder or file that cannot be written is an ExportError
    naming it and why, the files before it whole."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"--out {out}: cannot create the folder: {exc.strerror} (choose a writable folder)") from None
    written: list[Path] = []
    needs_browser = any(job.spec.fmt in IMAGE_FORMATS for job in jobs)
    with (ImageSession() if needs_browser else nullcontext() as session,
          progress(jobs, "Exporting") if progress else nullcontext(jobs) as bar):
        for job in bar:
            path = out / file_name(job.spec)
            data = render_job(table, job, session=session)
            try:
                write_atomically(path, data)
            except OSError as exc:
                raise ExportError(f"{path}: cannot be written: {exc.strerror} (nothing was left under its name; "
                                  f"{len(written)} file{'s' if len(written) != 1 else ''} written before it "
                                  "are whole; free some space or choose another --out)") from None
            written.append(path)
    return written
