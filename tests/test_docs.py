"""The README stays true: its two commands, every CLI command and option, CI calling the test command."""

from __future__ import annotations

import re

import click

from dashboard.cli import cli
from tests.support import ROOT
from tools.readme import GENERATORS, SECTION, render

README = (ROOT / "README.md").read_text(encoding="utf-8")


def first_code_block() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_readme_starts_with_exactly_two_commands():
    assert first_code_block() == ["./dev run", "./dev test"]


def test_ci_calls_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^exec \./dev test$", ci, re.M)


def test_every_cli_command_and_option_is_documented():
    for name, command in cli.commands.items():
        assert f"`{name}" in README, f"command {name} missing from README"
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(opt in README for opt in param.opts), f"{name} {param.opts} missing from README"


def test_generated_sections_match_the_code():
    """Module table, command line and resolved columns: `python -m tools.readme` rewrites them."""
    assert {m.group("name") for m in SECTION.finditer(README)} == set(GENERATORS)
    assert render(README) == README, "README.md is out of date: run python -m tools.readme"


def test_every_module_is_in_the_readme():
    for path in (ROOT / "dashboard").rglob("*.py"):
        if path.name not in ("__init__.py", "__main__.py"):
            assert f"`{path.relative_to(ROOT).as_posix()}`" in README, path
