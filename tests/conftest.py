"""Shared fixtures: the real bundled data, copies of it on disk to break, and the CLI as a real process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "events.yaml"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path = ROOT, timeout: float = 120) -> Run:
    """``python -m dashboard ARGS`` in a subprocess, as a user runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled events file with its sources, safe to edit."""
    shutil.copytree(ROOT / "data" / "sources", tmp_path / "sources")
    target = tmp_path / "events.yaml"
    shutil.copy(BUNDLED, target)
    return target


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str, occurrence: int = 0) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle`` (-1: the last)."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert lines, f"{needle!r} not in {path}"
    return lines[occurrence]


def pytest_setup_options():
    """Options for dash_duo's Chrome: Debian's Chromium, headless, no background network, as root."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run", "--enable-unsafe-swiftshader",
                     "--window-size=1400,1800"):
        options.add_argument(argument)
    return options
