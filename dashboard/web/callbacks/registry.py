"""Callbacks declared at module level and attached to each app by ``register``.

Dash's global ``dash.callback`` list is emptied by the first app that starts, so a second app (tests,
gunicorn workers re-creating one) would get none; declaring here and registering per app avoids that.

User errors are shown once, here: ``register`` wraps every callback so that a ``UserError`` it raises (an
export that cannot be made, a file that cannot be read) becomes a message on the page instead of a failed
request. The wrapper writes the message with ``dash.set_props`` into the component the callback was declared
with (``callback(..., messages=ID.EXPORT_STATUS)``; by default the page's banner, where the data file's errors
are shown) and returns ``no_update`` for every output. It returns ``no_update`` rather than raising
``PreventUpdate``: Dash 4 drops what ``set_props`` wrote when a callback raises ``PreventUpdate``
(plotly/dash#2958). Any other exception is a bug and stays one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from dash import Dash, Output, Patch, html, no_update, set_props

from dashboard.figures.patches import Edits
from dashboard.model.problems import UserError
from dashboard.web.ids import ID

_CALLBACKS: list[tuple[tuple, dict, Any, str]] = []
_CLIENTSIDE: list[tuple[Any, tuple, dict]] = []

# How each place that shows user errors says one: the export panel's status line, or the page's banner.
MESSAGES: dict[str, Callable[[UserError], Any]] = {
    ID.EXPORT_STATUS: lambda error: f"Export failed: {error.message}",
    ID.BANNER: lambda error: [html.Div([html.Strong("This could not be shown. "), error.message],
                                       className="banner", role="alert")],
}


def callback(*args, messages: str = ID.BANNER, **kwargs):
    """Declare a callback (Dash's arguments); ``messages``: the component its user errors are shown in."""
    if messages not in MESSAGES:
        raise ValueError(f"messages: {messages!r} shows no user errors (one of {', '.join(MESSAGES)})")

    def declare(function):
        _CALLBACKS.append((args, kwargs, function, messages))
        return function
    return declare


def clientside_callback(code: Any, *args, **kwargs) -> None:
    _CLIENTSIDE.append((code, args, kwargs))


def register(app: Dash) -> None:
    for args, kwargs, function, messages in _CALLBACKS:
        app.callback(*args, **_fresh(kwargs))(showing_user_errors(function, messages, _has_output(args, kwargs)))
    for code, args, kwargs in _CLIENTSIDE:
        app.clientside_callback(code, *args, **_fresh(kwargs))


def showing_user_errors(function: Callable, messages: str, has_output: bool = True) -> Callable:
    """``function``, with a ``UserError`` it raises shown in ``messages`` and nothing else updated."""

    @functools.wraps(function)
    def shown(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except UserError as error:
            set_props(messages, {"children": MESSAGES[messages](error)})
            return no_update if has_output else None
    return shown


def _has_output(args: tuple, kwargs: dict) -> bool:
    return "output" in kwargs or any(isinstance(arg, Output) or (isinstance(arg, list | tuple) and any(
        isinstance(item, Output) for item in arg)) for arg in args)


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
