"""A file of views for batch export: one query string per line, or a small YAML list of export specs."""

from __future__ import annotations

from pathlib import Path

from dashboard.export.render import PRESETS, ExportError, ExportSpec
from dashboard.model.problems import DataFileError, Problem, display_path
from dashboard.model.yaml_source import load_yaml, read_text

SPEC_KEYS = {"what", "format", "state", "width", "height", "scale", "preset"}


def read_views(path: Path, defaults: ExportSpec) -> list[ExportSpec]:
    """Specs from ``path``; every problem located to its line, raised together as a DataFileError."""
    if path.suffix.lower() in (".yaml", ".yml"):
        return _from_yaml(path, defaults)
    text = read_text(path, what="a views file (one query string per line)")
    specs = []
    for line in text.splitlines():
        state = line.split("#", 1)[0].strip()
        if state:
            specs.append(ExportSpec(defaults.what, defaults.fmt, defaults.width, defaults.height, defaults.scale, state))
    if not specs:
        raise DataFileError([Problem(display_path(path), None, "file", "no views (write one query string per line)")])
    return specs


def _from_yaml(path: Path, defaults: ExportSpec) -> list[ExportSpec]:
    doc = load_yaml(path)
    items = doc.data if isinstance(doc.data, list) else None
    if not items:
        raise DataFileError([Problem(doc.name, 1, "document", "expected a list of views (- state: …, what: …)")])
    specs, problems = [], []
    for index, item in enumerate(items):
        where = doc.line_of((index,))
        if isinstance(item, str):
            item = {"state": item}
        if not isinstance(item, dict):
            problems.append(Problem(doc.name, where, f"[{index}]", "expected a mapping or a query string"))
            continue
        unknown = set(item) - SPEC_KEYS
        if unknown:
            problems.append(Problem(doc.name, where, f"[{index}]",
                                    f"unknown keys {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(SPEC_KEYS))})"))
            continue
        width, height = PRESETS[item["preset"]][:2] if item.get("preset") in PRESETS else (defaults.width, defaults.height)
        if item.get("preset") is not None and item["preset"] not in PRESETS:
            problems.append(Problem(doc.name, where, f"[{index}].preset",
                                    f"{item['preset']!r} is not a preset ({', '.join(PRESETS)})"))
            continue
        try:
            spec = ExportSpec(str(item.get("what", defaults.what)), str(item.get("format", defaults.fmt)),
                              int(item.get("width", width)), int(item.get("height", height)),
                              float(item.get("scale", defaults.scale)), str(item.get("state") or "")).checked()
        except (ExportError, ValueError, TypeError) as exc:
            problems.append(Problem(doc.name, where, f"[{index}]", str(exc)))
            continue
        specs.append(spec)
    if problems:
        raise DataFileError(problems)
    return specs
