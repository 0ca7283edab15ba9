"""Safe YAML loading that remembers the line of every value and refuses hostile documents.

Only plain YAML (mappings, sequences, strings, numbers, booleans, null) is constructed, with the
C loader when PyYAML has it. Dates stay strings so the schema can report an impossible date with
its line instead of the YAML constructor failing on it. Documents over a size cap, with more nodes
than a cap once aliases are expanded (the "billion laughs" attack), with duplicate keys or with
any tag (``!!python/...`` included) are refused with a located message.
"""

from __future__ import annotations

import errno
import stat
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dashboard.model.problems import DataFileError, Problem, display_path

# What the loader can do, measured (`python -m tests.synthetic 36000 FILE`, then validate): a curated file at
# the cap (15 MB, 36,000 events) validates in about 11 s and 1 GB. Larger event sets are ACLED-shaped CSV,
# resolved once into the columnar cache (``dashboard.model.store``).
MAX_BYTES = 16 * 1024 * 1024
# Aliases may repeat a value, but the expanded document may hold at most this many values more than
# the written one: a 10,000-event file has about 300,000 written values, a "billion laughs" a few dozen.
MAX_EXPANSION = 100_000
# ... and repeat at most this much text: a few aliases of a 1 MB string made a 9.6 MB file take 7.5 GB.
MAX_EXPANSION_BYTES = MAX_BYTES // 4
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
    root: yaml.Node

    @property
    def name(self) -> str:
        return display_path(self.path)

    def line_of(self, location: Location) -> int | None:
        """Line of the value at ``location``, or of its nearest enclosing value when it is absent.

        Found by walking the node tree on demand: lines are only needed for the few values a message
        is about, so no line index is built for every value of a large file.
        """
        node = self.root
        for part in location:
            child = _child(node, part)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1


def _child(node: yaml.Node, part: Hashable) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if isinstance(key, yaml.ScalarNode) and key.value == part), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None


def file_kind(path: Path) -> str | None:
    """None for a regular file (after following symlinks); else what the path is instead, in words: missing, a
    directory, a pipe or device (reading it could block or never end), a symlink loop, unreadable."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file"
    except RuntimeError:  # Python < 3.13 raises this for a symlink loop
        return "a symlink loop"
    except OSError as exc:
        return "a symlink loop" if exc.errno == errno.ELOOP else f"cannot be read ({exc.strerror})"
    if stat.S_ISDIR(mode):
        return "is a directory"
    if not stat.S_ISREG(mode):
        return "is not a regular file (a pipe, device or socket)"
    return None


def read_text(path: Path, *, max_bytes: int = MAX_BYTES, what: str = "a YAML file") -> str:
    """Read a user-supplied text file, turning every way it can be unusable into a Problem."""
    name = display_path(path)

    def fail(message: str, line: int | None = None) -> DataFileError:
        return DataFileError([Problem(name, line, "file", message)])

    kind = file_kind(path)
    if kind is not None:
        raise fail(f"{kind} (give the path of {what})")
    size = path.stat().st_size
    if size > max_bytes:
        raise fail(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (split it or trim it)")
    with path.open("rb") as stream:  # no more than the limit, even from a file growing meanwhile
        raw = stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise fail(f"file grew past the {max_bytes:,}-byte limit while it was read (split it or trim it)")
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


def load_yaml(path: Path | str, *, max_bytes: int = MAX_BYTES, max_expansion: int = MAX_EXPANSION) -> YamlDocument:
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
        problems = _check_nodes(node, name, max_expansion)
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
    return YamlDocument(path, data, node)


def _check_nodes(root: yaml.Node, name: str, max_expansion: int,
                 max_expansion_bytes: int = MAX_EXPANSION_BYTES) -> list[Problem]:
    """Walk the node graph, aliases expanded, refusing what is not plain YAML.

    Locations are kept as (parent, part) links and spelled out only for a message, so a large
    file costs no tuple per value.
    """
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, tuple | None, int]] = [(root, None, 0)]
    visited = 0
    written: set[int] = set()
    repeated_bytes = 0
    while stack:
        node, link, depth = stack.pop()
        visited += 1
        if id(node) in written and isinstance(node, yaml.ScalarNode):
            repeated_bytes += len(node.value)
        written.add(id(node))
        if visited - len(written) > max_expansion:
            return [Problem(
                name, node.start_mark.line + 1, "aliases",
                f"aliases expand the document by more than {max_expansion:,} values (write the values out)",
            )]
        if repeated_bytes > max_expansion_bytes:
            return [Problem(
                name, node.start_mark.line + 1, "aliases",
                f"aliases repeat more than {max_expansion_bytes:,} characters of text (write the values out)",
            )]
        if depth > MAX_DEPTH:
            return [Problem(
                name, node.start_mark.line + 1, "aliases",
                f"values nest more than {MAX_DEPTH} deep (a recursive alias? write values out)",
            )]
        if node.tag not in _PLAIN_TAGS:
            problems.append(Problem(
                name, node.start_mark.line + 1, _field(link),
                f"tag {node.tag!r} is not allowed (only plain YAML values: remove the tag)",
            ))
            continue
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    problems.append(Problem(name, key_node.start_mark.line + 1, _field(link),
                                            "merge keys (<<) are not allowed (write the fields out)"))
                    continue
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                    problems.append(Problem(name, key_node.start_mark.line + 1, _field(link),
                                            "keys must be plain words (quote the key)"))
                    continue
                key = key_node.value
                if key in seen:
                    problems.append(Problem(
                        name, key_node.start_mark.line + 1, _field((link, key)),
                        f"duplicate key, first given on line {seen[key]} (keep one)",
                    ))
                    continue
                seen[key] = key_node.start_mark.line + 1
                stack.append((value_node, (link, key), depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, (link, i), depth + 1) for i, child in enumerate(node.value))
    return problems


def _field(link: tuple | None) -> str:
    parts: list = []
    while link is not None:
        link, part = link
        parts.append(part)
    return dotted(tuple(reversed(parts))) or "document"


def dotted(location: Location) -> str:
    """('events', 3, 'place', 'name') -> 'events[3].place.name'."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text

