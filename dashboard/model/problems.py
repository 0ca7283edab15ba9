"""Typed problems found in a data file, and the errors that carry them to the user.

``UserError`` is the one root of every error a user is meant to read (a bad file, an export that cannot be
made): its message says what is wrong and what would work, and ``exit_code`` is what the command line exits
with. The command line (``dashboard.cli``) and the app's callbacks (``dashboard.web.callbacks.registry``)
each turn it into what the user sees in one place; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file, located to the line and field, with what would be right."""

    path: str
    line: int | None
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "" if self.severity is Severity.ERROR else "warning: "
        return f"{where}: {self.field}: {label}{self.message}"


class UserError(Exception):
    """An error meant for the user: ``message`` says what is wrong and what would work; exit ``exit_code``."""

    exit_code = 2

    @property
    def message(self) -> str:
        return str(self)


class DataFileError(UserError):
    """A file could not be used; ``problems`` says every reason found in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_reading_order)
        super().__init__("\n".join(str(p) for p in self.problems))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.WARNING]


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _reading_order(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.field, problem.message)
