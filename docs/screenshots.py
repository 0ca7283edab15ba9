"""Screenshots of the running app for the README, made by the app itself in headless Chromium.

    python -m docs.screenshots                      # docs/app.png, the bundled data with one event selected
    python -m docs.screenshots --state "embed/timeline?sel=…" --size 360,640 --out docs/embed-phone.png

Starts ``python -m dashboard serve`` as a real process, opens a view (URL state) and saves the page.
Needs requirements-dev.txt (selenium) and Debian's chromium and chromium-driver.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

from tests.support import ROOT, free_port, set_viewport, wait_for_http

DEFAULT_STATE = "?sel=pakistan-strikes-iran-2024-01-17"


def browser(width: int, height: int) -> webdriver.Chrome:
    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--enable-unsafe-swiftshader", "--hide-scrollbars", f"--window-size={width},{height}"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def capture(data: Path, state: str, out: Path, width: int = 1440, height: int = 1560, settle: float = 6.0) -> Path:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--data", str(data), "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for_http(url, server)
        driver = browser(width, height)
        try:
            set_viewport(driver, width, height)
            driver.get(url + state.lstrip("/"))
            time.sleep(settle)  # figures, the offline map base and patches settle
            out.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(out))
        finally:
            driver.quit()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "events.yaml")
    parser.add_argument("--state", default=DEFAULT_STATE,
                        help="query string, as in the app's address bar; or a path with one (embed/timeline?…)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "app.png")
    parser.add_argument("--settle", type=float, default=6.0, help="seconds to wait before the screenshot")
    parser.add_argument("--size", default="1440,1560", help="the page's width and height in px")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split(","))
    print(capture(args.data, args.state, args.out, width, height, settle=args.settle))


if __name__ == "__main__":
    main()
