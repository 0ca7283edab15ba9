"""Security headers on every response, and clean 404s at the edges of Dash's routes.

flask-talisman sets them: a Content-Security-Policy the app works under, ``X-Content-Type-Options: nosniff``, a
referrer policy, and a framing policy. Scripts run only from this server: Dash's own inline scripts by their
hashes (``Dash.csp_hashes``), an embed page's inline scripts by the request's nonce. MapLibre draws from a
``blob:`` worker; plotly and Dash set inline styles. The online basemaps (off by default) reach their tile hosts
and nothing else does.

Framing: the app is framable only by the origins configured (default none: ``frame-ancestors 'none'`` and
``X-Frame-Options: DENY``, against clickjacking on a public deployment); ``/embed/*`` by the origins configured for
embeds (default any, ``*``: an embed is made to sit in someone's report).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from dash import Dash
from dash.exceptions import DependencyException
from flask import Response, request
from flask_talisman import DENY, Talisman

from dashboard.figures.map import TILE_HOSTS

FRAME_ORIGINS_ENV = "CRISIS_FRAME_ORIGINS"  # origins allowed to frame the app, space-separated (default: none)
EMBED_ORIGINS_ENV = "CRISIS_EMBED_ORIGINS"  # origins allowed to frame /embed/* (default: any)
EMBED_ENDPOINTS = ("embed", "embed_json")
ANY_ORIGIN = ("*",)  # embeds' default framing: any site


def origins_from_env(name: str, default: Sequence[str]) -> tuple[str, ...]:
    """Space-separated origins from the environment variable ``name`` (e.g. ``https://reports.example.org``)."""
    value = os.environ.get(name, "").split()
    return tuple(value) if value else tuple(default)


def policy(script_sources: Sequence[str], frame_ancestors: Sequence[str]) -> dict[str, str | list[str]]:
    """The Content-Security-Policy: scripts from here and ``script_sources`` (hashes); framed by
    ``frame_ancestors`` (``'none'`` when empty)."""
    return {
        "default-src": "'self'",
        "script-src": ["'self'", *script_sources],
        "style-src": ["'self'", "'unsafe-inline'"],  # plotly and Dash components set inline styles
        "img-src": ["'self'", "data:", "blob:", *TILE_HOSTS],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", *TILE_HOSTS],
        "worker-src": ["'self'", "blob:"],  # MapLibre's worker
        "child-src": ["'self'", "blob:"],
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": list(frame_ancestors) or "'none'",
    }


def secure(app: Dash, frame_origins: Sequence[str] = (), embed_origins: Sequence[str] = ANY_ORIGIN) -> None:
    """Headers on every response of ``app`` (call once its callbacks are registered: their inline scripts are
    hashed), and a 404 for a path outside Dash's registered bundles (``/_dash-component-suites/../..``), which Dash
    answers with a 500 and a logged traceback."""
    hashes = app.csp_hashes()
    talisman = Talisman(
        app.server,
        force_https=False,  # TLS is the reverse proxy's; HSTS is sent only on HTTPS requests
        frame_options=None if frame_origins else DENY,
        content_security_policy=policy(hashes, frame_origins),
        content_security_policy_nonce_in=["script-src"],
        referrer_policy="same-origin",
        session_cookie_secure=False,
    )
    for endpoint in EMBED_ENDPOINTS:
        talisman(frame_options=None, content_security_policy=policy(hashes, embed_origins))(
            app.server.view_functions[endpoint])
    app.server.register_error_handler(DependencyException, lambda _error: Response("Not found\n", 404,
                                                                                   mimetype="text/plain"))
    guard_callbacks(app)


# The largest body a real view sends: a lasso over the most markers a map draws (2,000: ``DENSE_EVENTS``), each
# point ~200 bytes in plotly's selectedData, with the ids of the selection again as state: well under 1 MB.
MAX_REQUEST_BYTES = 4 * 1024 * 1024


def guard_callbacks(app: Dash) -> None:
    """A body over ``MAX_REQUEST_BYTES`` is refused with 413 before it is read; a callback request that is not what
    Dash's own page sends (not a JSON object, an unknown output, no inputs list, JSON nested past what a parser
    takes) with 400 and nothing logged, where Dash would answer 500 with a traceback."""
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    route = app.config.routes_pathname_prefix + "_dash-update-component"

    @app.server.before_request
    def refuse_malformed_callbacks():
        if request.path != route or request.method != "POST":
            return None
        try:
            body = request.get_json(silent=True)
        except RecursionError:
            body = None
        known = isinstance(body, dict) and isinstance(body.get("output"), str) \
            and body["output"] in app.callback_map and isinstance(body.get("inputs"), list)
        return None if known else Response("Bad request: not a callback of this app\n", 400, mimetype="text/plain")
