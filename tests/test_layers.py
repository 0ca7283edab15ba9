"""The folders are the design: imports flow one way, geo <- model <- state <- figures <- export <- web <- cli.

Checked on the source (every ``import`` statement, module level or not), so a shortcut fails here first.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.support import ROOT

# package -> what it must never import (prefixes of module names)
NEVER = {
    "geo": ("dashboard", "dash", "flask", "plotly"),
    "dashboard.model": ("dashboard.state", "dashboard.figures", "dashboard.export", "dashboard.web", "dashboard.cli",
                        "dash", "flask", "plotly"),
    "dashboard.state": ("dashboard.figures", "dashboard.export", "dashboard.web", "dashboard.cli", "dash", "flask",
                        "plotly"),
    "dashboard.figures": ("dashboard.export", "dashboard.web", "dashboard.cli", "dash", "flask"),
    "dashboard.export": ("dashboard.web", "dashboard.cli", "dash", "flask"),
    "dashboard.web": ("dashboard.cli",),
}


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


@pytest.mark.parametrize("package", list(NEVER))
def test_nothing_imports_upwards(package):
    folder = ROOT.joinpath(*package.split("."))
    modules = sorted(folder.rglob("*.py"))
    assert modules
    for path in modules:
        for name in imports_of(path):
            forbidden = [prefix for prefix in NEVER[package] if name == prefix or name.startswith(prefix + ".")]
            assert not forbidden, f"{module_name(path)} imports {name}"


def test_component_ids_come_from_the_registry():
    """Callbacks and layout name components through ``ID``, and the page script names none."""
    from dashboard.web.ids import ID

    script = (ROOT / "assets" / "app.js").read_text(encoding="utf-8")
    assert not [i.value for i in ID if f'"{i.value}"' in script or f"'{i.value}'" in script]
    for path in (ROOT / "dashboard" / "web").rglob("*.py"):
        if path.name != "ids.py":
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"""\bid=["'](?!\{ID\.)""", text), path  # an id in markup: from the registry too
