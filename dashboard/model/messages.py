"""pydantic's validation errors turned into located Problems that say what would be right."""

from __future__ import annotations

import difflib
import types
import typing
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from dashboard.model.problems import Problem
from dashboard.model.schema import FIELD_HINTS, PATTERN_HINTS, TOLL_TAGS
from dashboard.model.yaml_source import YamlDocument, dotted


def validated(doc: YamlDocument, model: type[BaseModel], raw: Any, prefix: tuple, problems: list[Problem]) -> Any:
    """``raw`` as a ``model``, or None with every reason appended to ``problems`` (located under ``prefix``)."""
    try:
        return _adapter(model).validate_python(raw)
    except ValidationError as exc:
        problems += [schema_problem(doc, error, prefix, model) for error in exc.errors()]
        return None


@cache
def _adapter(model: type[BaseModel]) -> TypeAdapter:
    return TypeAdapter(model)


def schema_problem(doc: YamlDocument, error: dict, prefix: tuple, model: type[BaseModel]) -> Problem:
    loc = tuple(part for part in error["loc"] if part != "[key]" and part not in TOLL_TAGS)
    location = (*prefix, *loc)
    name = next((part for part in reversed(loc) if isinstance(part, str)), "")
    hint = FIELD_HINTS.get(name)
    kind = error["type"]
    if kind == "missing":
        message = f"required field missing (add {name}: {hint or '…'})"
    elif kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1)
        suggestion = f"did you mean {close[0]!r}? " if close else ""
        message = f"unknown field {name!r} ({suggestion}allowed: {', '.join(allowed)})"
    elif kind == "string_pattern_mismatch":
        expected = PATTERN_HINTS.get(error.get("ctx", {}).get("pattern"), hint)
        message = f"{error.get('input')!r} does not fit (expected {expected})"
    elif kind in ("value_error", "assertion_error"):
        message = error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    else:
        got = error.get("input")
        shown = "" if isinstance(got, (dict, list)) else f" (got {got!r})"
        message = f"{error['msg'][0].lower()}{error['msg'][1:]}{shown}" + (f" (expected {hint})" if hint else "")
    return Problem(doc.name, doc.line_of(location), dotted(location) or "document", message)


def _fields_at(model: type[BaseModel], path: tuple) -> list[str]:
    """Field names of the model that sits at ``path`` inside ``model`` (for 'allowed:' hints)."""
    annotation: Any = model
    for part in path:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(part, str):
            annotation = annotation.model_fields[part].annotation if part in annotation.model_fields else None
        else:
            args = typing.get_args(annotation)
            annotation = args[-1] if args else None
    annotation = _unwrap(annotation)
    return list(annotation.model_fields) if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation
