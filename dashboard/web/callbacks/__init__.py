"""Module-level callbacks, one module per feature: guard -> build the View -> build or edit -> return.

Each callback is a plain function, importable and callable in tests; importing this package declares
them all, and ``register(app)`` attaches them to an app.
"""

from dashboard.web.callbacks import data, export, map_state, selection, table, url, views
from dashboard.web.callbacks.registry import register

__all__ = ["data", "export", "map_state", "register", "selection", "table", "url", "views"]
