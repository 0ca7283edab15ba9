"""Safe YAML loading that remembers the line of every value and refuses hostile documents.

Only plain YAML (mappings, sequences, strings, numbers, booleans, null) is constructed, with the
C loader when PyYAML has it. Dates stay strings so the schema can report an impossible date with
its line instead of the YAML constructor failing on it. Documents over a size cap, with more nodes
than a cap once aliases are expanded (the "billion laughs" attack), with duplicate keys or with
any tag (``!!python/...`` included) are refused with a located message.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dashboard.problems import DataFileError, Problem, display_path

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000  # counted with aliases expanded; the bundled file has about 2,000
MAX_DEPTH = 32  # the schema nests 4 deep; a recursive alias would nest forever

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("map", "seq", "str", "int", "float", "bool", "null")
}

Location = tuple[Hashable, ...]


class _PlainLoader(_BaseLoader):
    """SafeLoader without the implicit timestamp type: dates are validated by the schema."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class YamlDocument:
    path: Path
    data: Any
    lines: dict[Location, int]

    @property
    def name(self) -> str:
        return display_path(self.path)

    def line_of(self, location: Location) -> int | None:
        """Line of the value at ``location``, or of its nearest enclosing value when it is absent."""
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get((), None)


def read_text(path: Path, *, max_bytes: int = MAX_BYTES, what: str = "a YAML file") -> str:
    """Read a user-supplied text file, turning every way it can be unusable into a Problem."""
    name = display_path(path)

    def fail(message: str, line: int | None = None) -> DataFileError:
        return DataFileError([Problem(name, line, "file", message)])

    if not path.exists():
        raise fail(f"no such file (give the path of {what})")
    if path.is_dir():
        raise fail(f"is a directory (give the path of {what} inside it)")
    size = path.stat().st_size
    if size > max_bytes:
        raise fail(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (split it or trim it)")
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise fail(f"binary content (NUL bytes) (expected {what} as UTF-8 text)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail(f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded (save the file as UTF-8)", line) from None
    if not text.strip():
        raise fail(f"file is empty (expected {what})")
    return text


def load_yaml(path: Path | str, *, max_bytes: int = MAX_BYTES, max_nodes: int = MAX_NODES) -> YamlDocument:
    """Load one YAML document safely, with the line of every value; raise DataFileError otherwise."""
    path = Path(path)
    name = display_path(path)
    text = read_text(path, max_bytes=max_bytes)

    tab_lines = [n for n, line in enumerate(text.splitlines(), 1) if "\t" in line[: len(line) - len(line.lstrip())]]
    if tab_lines:
        raise DataFileError([
            Problem(name, n, "indentation", "tab character in indentation (indent with spaces)") for n in tab_lines
        ])

    loader = _PlainLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise DataFileError([Problem(name, None, "file", "no YAML content, only comments (expected a mapping)")])
        lines, problems = _index(node, name, max_nodes)
        if problems:
            raise DataFileError(problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = exc.problem or str(exc)
        if exc.context:
            message = f"{message} ({exc.context})"
        raise DataFileError([Problem(name, line, "syntax", f"{message} (fix the YAML syntax)")]) from None
    except yaml.YAMLError as exc:
        raise DataFileError([Problem(name, None, "syntax", f"{exc} (fix the YAML syntax)")]) from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, lines)


def _index(root: yaml.Node, name: str, max_nodes: int) -> tuple[dict[Location, int], list[Problem]]:
    """Walk the node graph, aliases expanded, recording lines and refusing what is not plain YAML."""
    lines: dict[Location, int] = {}
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, Location]] = [(root, ())]
    visited = 0
    while stack:
        node, location = stack.pop()
        visited += 1
        if visited > max_nodes:
            return lines, [Problem(
                name, node.start_mark.line + 1, "aliases",
                f"document expands to more than {max_nodes:,} values (aliases repeat too much; write values out)",
            )]
        if len(location) > MAX_DEPTH:
            return lines, [Problem(
                name, node.start_mark.line + 1, "aliases",
                f"values nest more than {MAX_DEPTH} deep (a recursive alias? write values out)",
            )]
        lines.setdefault(location, node.start_mark.line + 1)
        field = dotted(location) or "document"
        if node.tag not in _PLAIN_TAGS:
            problems.append(Problem(
                name, node.start_mark.line + 1, field,
                f"tag {node.tag!r} is not allowed (only plain YAML values: remove the tag)",
            ))
            continue
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    problems.append(Problem(name, key_node.start_mark.line + 1, field,
                                            "merge keys (<<) are not allowed (write the fields out)"))
                    continue
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                    problems.append(Problem(name, key_node.start_mark.line + 1, field,
                                            "keys must be plain words (quote the key)"))
                    continue
                key = key_node.value
                if key in seen:
                    problems.append(Problem(
                        name, key_node.start_mark.line + 1, dotted((*location, key)),
                        f"duplicate key, first given on line {seen[key]} (keep one)",
                    ))
                    continue
                seen[key] = key_node.start_mark.line + 1
                stack.append((value_node, (*location, key)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, (*location, i)) for i, child in enumerate(node.value))
    return lines, problems


def dotted(location: Location) -> str:
    """('events', 3, 'place', 'name') -> 'events[3].place.name'."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text

