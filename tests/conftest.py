"""Fixtures shared by every test folder: the shared data, the seed article, and a
real dashboard server with a real headless chromium for browser tests."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import settings

REPO = settings.REPO_ROOT
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def shared() -> Path:
    path = settings.shared_dir()
    assert path is not None, "the shared data folder (../shared or SYRIAMAP_SHARED_DIR) is required by the tests"
    return path


@pytest.fixture(scope="session")
def seed_text(shared) -> str:
    return (shared / "seed" / "rt_2015-06-05_syria.ar.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold(shared) -> dict:
    return json.loads((shared / "seed" / "rt_2015-06-05_syria.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer within {timeout}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def streamlit_app(tmp_path_factory):
    """Factory: ``streamlit_app(EVENTS_STORE=..., ...)`` starts the dashboard as a real
    server on a free loopback port with those environment variables and returns its
    base URL. The same variables reuse the same server; all stop at session end."""
    servers: dict[tuple, tuple[subprocess.Popen, str]] = {}

    def start(**env_vars: str) -> str:
        key = tuple(sorted(env_vars.items()))
        if key in servers:
            return servers[key][1]
        port = _free_port()
        log = tmp_path_factory.mktemp("streamlit") / "server.log"
        env = {**os.environ, **{k: str(v) for k, v in env_vars.items()}}
        env.setdefault("EVENTS_STORE", str(tmp_path_factory.mktemp("store") / "events.gpkg"))
        cmd = [
            sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard" / "app.py"),
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
        ]
        with log.open("wb") as out:
            proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        servers[key] = (proc, url)
        _wait_healthy(url, proc, log)
        return url

    yield start
    for proc, _ in servers.values():
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def browser():
    """A real headless Debian chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
