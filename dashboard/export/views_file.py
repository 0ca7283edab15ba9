"""A file of views for batch export: one query string per line, or a small YAML list of export specs.

Every problem, in the file or in a view it names, is located to its line and reported together.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from dashboard.export.spec import ExportError, ExportJob, ExportSpec, parse_bbox, prepare, size_for
from dashboard.model.problems import DataFileError, Problem, display_path
from dashboard.model.table import EventTable
from dashboard.model.yaml_source import load_yaml, read_text

SPEC_KEYS = {"what", "format", "state", "width", "height", "scale", "preset", "title", "subtitle", "caption", "credit",
             "bbox"}
LocatedSpec = tuple[int | None, ExportSpec]  # (line in the views file, spec)


def read_views(path: Path, defaults: ExportSpec) -> list[LocatedSpec]:
    """Specs from ``path`` with their lines, not yet checked; a malformed file raises a DataFileError."""
    if path.suffix.lower() in (".yaml", ".yml"):
        return _from_yaml(path, defaults)
    text = read_text(path, what="a views file (one query string per line)")
    specs = []
    for number, line in enumerate(text.splitlines(), 1):
        state = line.split("#", 1)[0].strip()
        if state:
            specs.append((number, replace(defaults, state=state)))
    if not specs:
        raise DataFileError([Problem(display_path(path), None, "file", "no views (write one query string per line)")])
    return specs


def prepare_views(table: EventTable, path: Path, specs: list[LocatedSpec]) -> list[ExportJob]:
    """Each spec checked against the data once; every refusal located to its line in ``path``."""
    jobs, problems = [], []
    for index, (line, spec) in enumerate(specs):
        try:
            jobs.append(prepare(table, spec))
        except ExportError as exc:
            problems.append(Problem(display_path(path), line, f"[{index}]", str(exc)))
    if problems:
        raise DataFileError(problems)
    return jobs


def _from_yaml(path: Path, defaults: ExportSpec) -> list[LocatedSpec]:
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
        try:
            width, height = size_for(item["preset"]) if item.get("preset") is not None else (defaults.width, defaults.height)
        except ExportError as exc:
            problems.append(Problem(doc.name, where, f"[{index}].preset", str(exc).removeprefix("preset: ")))
            continue
        try:
            texts = {key: str(item[key]) if item.get(key) is not None else getattr(defaults, key)
                     for key in ("title", "subtitle", "caption", "credit")}
            bbox = parse_bbox(str(item["bbox"])) if item.get("bbox") is not None else defaults.bbox
            spec = ExportSpec(str(item.get("what", defaults.what)), str(item.get("format", defaults.fmt)),
                              int(item.get("width", width)), int(item.get("height", height)),
                              float(item.get("scale", defaults.scale)), str(item.get("state") or ""), **texts,
                              bbox=bbox)
        except ExportError as exc:
            problems.append(Problem(doc.name, where, f"[{index}].bbox", str(exc).removeprefix("bbox: ")))
            continue
        except (ValueError, TypeError) as exc:
            problems.append(Problem(doc.name, where, f"[{index}]", f"{exc} (width and height in px, scale a number)"))
            continue
        specs.append((where, spec))
    if problems:
        raise DataFileError(problems)
    return specs
