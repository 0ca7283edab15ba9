"""The README's generated sections (module table, command line, resolved columns), made from the code.

    python -m tools.readme          # rewrite them in README.md
    python -m tools.readme --check  # exit 1 when README.md differs (tests/test_docs.py does the same)

A section sits between ``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->``.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PACKAGES = ("dashboard", "geo", "tools")
SECTION = re.compile(r"(<!-- generated:(?P<name>[a-z]+) -->\n)(?P<body>.*?)(<!-- /generated:(?P=name) -->)", re.S)


def _summary(path: Path) -> str:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return " ".join(docstring.split("\n\n")[0].split())


def modules_table() -> str:
    rows = ["| Module | What it does |", "| --- | --- |"]
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name == "__main__.py":
                continue
            shown = path.parent if path.name == "__init__.py" else path
            name = f"{shown.relative_to(ROOT).as_posix()}{'/' if path.name == '__init__.py' else ''}"
            rows.append(f"| `{name}` | {_cell(_summary(path))} |")
    return "\n".join(rows) + "\n"


def cli_table() -> str:
    """Every command with its usage, and every option with its help and default."""
    from dashboard.cli import cli

    rows = ["| Command | What it does |", "| --- | --- |"]
    details = []
    for name, command in cli.commands.items():
        ctx = click.Context(command, info_name=name)
        pieces, options = [], []
        for param in command.params:
            if isinstance(param, click.Argument):
                pieces.append(f"[{param.name.upper()}]")
            elif isinstance(param, click.Option):
                spelled = param.opts[0] + ("" if param.is_flag else f" {param.metavar or param.make_metavar(ctx)}")
                pieces.append(spelled if param.required else f"[{spelled}]")
                default = f" (default: {param.default})" if param.show_default and param.default not in (None, "") else ""
                options.append(f"  - `{', '.join(param.opts)}`: {param.help or ''}{default}")
        rows.append(f"| `{_cell(' '.join([name, *pieces]))}` | {_cell((command.help or '').splitlines()[0])} |")
        details.append(f"- `{name}`\n" + "\n".join(options))
    return "\n".join(rows) + "\n\nOptions:\n\n" + "\n".join(details) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|")


def columns_list() -> str:
    from dashboard.model.table import COLUMNS

    return "\n".join(f"- `{name}`: {column.description}" for name, column in COLUMNS.items()) + "\n"


GENERATORS = {"modules": modules_table, "cli": cli_table, "columns": columns_list}


def render(text: str) -> str:
    """``text`` with every generated section made anew."""
    return SECTION.sub(lambda m: m.group(1) + GENERATORS[m.group("name")]() + m.group(4), text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when README.md is not up to date")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    fresh = render(text)
    if args.check:
        sys.exit(0 if fresh == text else 1)
    README.write_text(fresh, encoding="utf-8")
    print(f"wrote {README}")


if __name__ == "__main__":
    main()
