"""Callbacks declared at module level and attached to each app by ``register``.

Dash's global ``dash.callback`` list is emptied by the first app that starts, so a second app (tests,
gunicorn workers re-creating one) would get none; declaring here and registering per app avoids that.
"""

from __future__ import annotations

from typing import Any

from dash import Dash, Patch

from dashboard.figures.patches import Edits

_CALLBACKS: list[tuple[tuple, dict, Any]] = []
_CLIENTSIDE: list[tuple[Any, tuple, dict]] = []


def callback(*args, **kwargs):
    def declare(function):
        _CALLBACKS.append((args, kwargs, function))
        return function
    return declare


def clientside_callback(code: Any, *args, **kwargs) -> None:
    _CLIENTSIDE.append((code, args, kwargs))


def register(app: Dash) -> None:
    for args, kwargs, function in _CALLBACKS:
        app.callback(*args, **_fresh(kwargs))(function)
    for code, args, kwargs in _CLIENTSIDE:
        app.clientside_callback(code, *args, **_fresh(kwargs))


def _fresh(kwargs: dict) -> dict:
    """Dash merges a callback's ``inputs`` dict into its ``state`` dict in place: give it copies."""
    return {key: (dict(value) if isinstance(value, dict) else value) for key, value in kwargs.items()}


def to_patch(edits: Edits) -> Patch:
    """Figure edits (``dashboard.figures.patches``) as the Patch the browser applies."""
    patch = Patch()
    for path, value in edits.items():
        target = patch
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return patch
