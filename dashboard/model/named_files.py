"""The files an events file names (its places file, source copies, background, geometry): each must be a regular
file inside the events file's folder, symlinks resolved. Anything else is refused with a problem located at the
field that names it, before a byte of the target is read, so no message can echo a file the curator does not own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.model.problems import Problem
from dashboard.model.yaml_source import Location, YamlDocument, dotted, file_kind


@dataclass(frozen=True)
class NamedFile:
    """A file an events file names: its ``path`` when usable, else the ``problem`` (``missing``: only not there
    yet, inside the folder)."""

    path: Path | None
    problem: Problem | None = None
    missing: bool = False


def named_file(doc: YamlDocument, location: Location, name: str) -> NamedFile:
    """The file ``name`` gives, relative to the events file: usable when it is a regular file in the events file's
    folder; else refused with a problem located at ``location`` (where the name is written)."""
    folder = doc.path.parent.resolve()

    def refused(message: str, missing: bool = False) -> NamedFile:
        return NamedFile(None, Problem(doc.name, doc.line_of(location), dotted(location), message), missing)

    try:
        real = (doc.path.parent / name).resolve()  # where it leads, symlinks followed, whether or not it exists:
    except (OSError, RuntimeError):              # nothing outside is even looked for, so a name cannot ask
        return refused(f"{name!r} is a symlink loop (name a file next to the events file)")  # about a file there
    if not real.is_relative_to(folder):
        return refused(f"{name!r} is outside the events file's folder (files elsewhere are never read: copy it into "
                       f"{folder.name}/ and name it relative to the events file)")
    kind = file_kind(real)
    if kind == "no such file":
        return refused(f"{name!r} not found next to the events file (fix the path)", missing=True)
    if kind is not None:
        return refused(f"{name!r} {kind} (name a file next to the events file)")
    return NamedFile(real)
