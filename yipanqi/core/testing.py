"""Test helpers shared by the apps: a served demo database and a headless Chromium.

Browser tests drive Debian's /usr/bin/chromium through Playwright (no downloaded browsers) against
`yipanqi demo --no-serve --db PATH` served by a subprocess on 127.0.0.1 (docs/decisions/003).
"""

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 850}


def yipanqi_bin() -> str:
    return str(Path(sys.executable).with_name("yipanqi"))


def demo_env(db_path: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update({"DATABASE_URL": f"sqlite:///{db_path}", "YIPANQI_ENV": "demo"})
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class DemoServer:
    url: str
    accounts: list[dict]
    process: subprocess.Popen

    def account(self, role: str, index: int = 0) -> dict:
        return [a for a in self.accounts if a["role"] == role][index]


def _wait_until_up(url: str, process: subprocess.Popen, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the demo server exited early")
        try:
            with urllib.request.urlopen(url + "/accounts/login/", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the demo server did not answer in time")


_built_demo: Path | None = None


def _demo_database() -> Path:
    """Build the demo once per test run; each server gets its own copy to change freely."""
    global _built_demo
    if _built_demo is None:
        path = Path(tempfile.mkdtemp(prefix="yipanqi-demo-")) / "demo.sqlite3"
        subprocess.run(
            [yipanqi_bin(), "demo", "--no-serve", "--db", str(path)],
            env=demo_env(path),
            check=True,
            capture_output=True,
            timeout=600,
        )
        with sqlite3.connect(
            path
        ) as connection:  # fold the WAL in so one file is the whole database
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _built_demo = path
    return _built_demo


def start_demo_server(tmp_dir: Path) -> DemoServer:
    db_path = tmp_dir / "demo.sqlite3"
    shutil.copyfile(_demo_database(), db_path)
    env = demo_env(db_path)
    listing = subprocess.run(
        [yipanqi_bin(), "demo_accounts", "--json"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    port = free_port()
    process = subprocess.Popen(
        [yipanqi_bin(), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_until_up(url, process)
    return DemoServer(url=url, accounts=json.loads(listing.stdout), process=process)


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
