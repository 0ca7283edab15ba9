"""Fetch axe-core, the accessibility engine the browser tests run (``tests/browser/test_axe.py``), offline after.

    python -m tools.fetch_axe        # called by ./dev test; does nothing when the pinned version is in place

The npm registry's tarball of the pinned version, checked against its sha256, read with Python's ``tarfile``: no
Node. ``axe.min.js`` and its licence (MPL-2.0) go to ``.venv/axe-core/``, beside the test dependencies.
"""

from __future__ import annotations

import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
SHA256 = "e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745"
URL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
FOLDER = Path(__file__).resolve().parent.parent / ".venv" / "axe-core"
SCRIPT = FOLDER / f"axe-{VERSION}.min.js"
MEMBERS = {"package/axe.min.js": SCRIPT.name, "package/LICENSE": "LICENSE"}


def main() -> None:
    if SCRIPT.is_file():
        return
    with urllib.request.urlopen(URL, timeout=60) as response:
        data = response.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"{URL}: sha256 {digest}, expected {SHA256}; not installed")
    FOLDER.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member, name in MEMBERS.items():
            (FOLDER / name).write_bytes(archive.extractfile(member).read())
    print(f"axe-core {VERSION} -> {FOLDER}", file=sys.stderr)


if __name__ == "__main__":
    main()
