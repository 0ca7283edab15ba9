"""The one way the web layer reaches the data: the app's live ``EventSource``, kept on the Flask server."""

from __future__ import annotations

from flask import Flask, current_app

from dashboard.model.live import EventSource, Snapshot

EXTENSION = "crisis_event_source"


def attach(server: Flask, source: EventSource) -> None:
    server.extensions[EXTENSION] = source


def current_snapshot(*, wait: bool = False) -> Snapshot:
    """What the serving app shows now (inside a request or callback); ``wait``: once a reload under way is done."""
    return current_app.extensions[EXTENSION].snapshot(wait=wait)
