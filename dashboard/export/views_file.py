"""A file of views for batch export: one query string per line, or a small YAML list of export specs.

Every problem, in the file or in a view it names, is located to its line and reported together.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.export.spec import VIEW_KEYS, ExportError, ExportJob, ExportSpec, prepare
from dashboard.model.problems import DataFileError, Problem, display_path
from dashboard.model.table import EventTable
from dashboard.model.yaml_source import load_yaml, read_text

SPEC_KEYS = set(VIEW_KEYS)
LocatedSpec = tuple[int | None, ExportSpec]  # (line in the views file, spec)


def read_views(path: Path, defaults: ExportSpec) -> list[LocatedSpec]:
    """Specs from ``path`` with their lines, each made by ``ExportSpec.from_mapping`` over ``defaults`` (the
    command line's options) and checked on its own, not yet against the data; a malformed file, or any entry
    that is no spec, raises a DataFileError locating every problem (``[index].field``)."""
    if path.suffix.lower() in (".yaml", ".yml"):
        return _from_yaml(path, defaults)
    text = read_text(path, what="a views file (one query string per line)")
    specs = []
    for number, line in enumerate(text.splitlines(), 1):
        state = line.split("#", 1)[0].strip()
        if state:
            specs.append((number, ExportSpec.from_mapping({"state": state}, defaults)))
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
            spec = ExportSpec.from_mapping(item, defaults)
        except ExportError as exc:
            field, _, message = str(exc).partition(": ")  # from_mapping names the field first
            problems.append(Problem(doc.name, where, f"[{index}].{field}", message))
            continue
        specs.append((where, spec))
    if problems:
        raise DataFileError(problems)
    return specs
