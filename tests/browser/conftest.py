"""Browser tests: the real `jixiao demo` server (gunicorn, SQLite in a temporary directory) driven by Playwright in
Debian's Chromium. A screenshot of every open page is saved in test-artifacts/ when a test fails."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("JIXIAO_CHROMIUM", "/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    data_dir = tmp_path_factory.mktemp("demo-data")
    env = {**os.environ, "JIXIAO_DATA_DIR": str(data_dir), "JIXIAO_HTTPS": "0"}
    env.pop("DATABASE_URL", None)  # the demo is the embedded system: SQLite
    env.pop("DJANGO_SETTINGS_MODULE", None)
    jixiao = shutil.which("jixiao", path=str(Path(sys.executable).parent)) or "jixiao"
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen([jixiao, "demo", "--port", str(port), "--workers", "2"], env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/public/", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError((data_dir / "server.log").read_text()) from None
            time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install Debian's chromium package (scripts/test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for name, page in getattr(item, "open_pages", {}).items():
            try:
                page.screenshot(path=str(ARTIFACTS / f"{item.name}-{name}.png"), full_page=True)
            except PlaywrightError as error:  # the page may already be closed: the report matters more
                print(f"screenshot of {name} failed: {error}")
