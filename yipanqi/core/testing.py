"""Test helpers shared by the apps: a served demo database and a headless Chromium.

Browser tests drive Debian's /usr/bin/chromium through Playwright (no downloaded browsers) against
`yipanqi demo --no-serve --db PATH` served by a subprocess on 127.0.0.1 (docs/decisions/003).
"""

import fcntl
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
from contextlib import contextmanager
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
    db_path: Path

    def account(self, role: str, index: int = 0) -> dict:
        return [a for a in self.accounts if a["role"] == role][index]


def _wait_until_up(url: str, process: subprocess.Popen, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited early")
        try:
            with urllib.request.urlopen(url + "/accounts/login/", timeout=2):  # nosec B310
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not answer in time")


# The directory the demo database is built into, shared by every process of a test run (the
# root conftest sets it before pytest-xdist starts its workers, which inherit it, and removes it
# at the end).
DEMO_DIR_VARIABLE = "YIPANQI_TEST_DEMO_DIR"


@dataclass
class DemoBuild:
    """`yipanqi demo --no-serve --db PATH` as run once for the test run (see `demo_build`)."""

    path: Path
    returncode: int
    stdout: str
    stderr: str


_demo_build: DemoBuild | None = None


def _shared_folder() -> Path:
    """The folder every process of this test run shares (the root conftest names it)."""
    shared = os.environ.get(DEMO_DIR_VARIABLE)
    folder = Path(shared) if shared else Path(tempfile.mkdtemp(prefix="yipanqi-demo-"))
    if not shared:
        os.environ[DEMO_DIR_VARIABLE] = str(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def _first_one_makes(folder: Path, name: str):
    """Hold the run-wide lock `name`: the first process makes what the others then read."""
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def demo_build() -> DemoBuild:
    """Build the demo database once per test run, however many processes run the tests.

    `yipanqi demo --no-serve --db PATH` with --db alone (no DATABASE_URL), as a subprocess; the
    first process to get here builds it under a lock, the others wait and read the outcome. The
    file is read-only to its users: each copies it (`copy_demo_database`) to change it freely.
    """
    global _demo_build
    if _demo_build is not None:
        return _demo_build
    folder = _shared_folder()
    path, outcome = folder / "demo.sqlite3", folder / "build.json"
    with _first_one_makes(folder, "build"):
        if not outcome.exists():
            env = demo_env(path)
            del env["DATABASE_URL"]  # --db alone must be enough
            result = subprocess.run(
                [yipanqi_bin(), "demo", "--no-serve", "--db", str(path)],
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if result.returncode == 0:
                # fold the WAL in so one file is the whole database
                with sqlite3.connect(path) as connection:
                    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            fields = ("returncode", "stdout", "stderr")
            outcome.write_text(json.dumps({k: getattr(result, k) for k in fields}))
        _demo_build = DemoBuild(path=path, **json.loads(outcome.read_text()))
    return _demo_build


def demo_report(year: int, area: str | None = None) -> dict:
    """`yipanqi report --year YEAR [--area CODE] --format json` on the demo, run once per test run
    for all processes (several modules check the same figures): its parsed JSON."""
    folder = _shared_folder()
    answer = folder / f"report-{year}-{area or 'district'}.json"
    with _first_one_makes(folder, "reports"):
        if not answer.exists():
            db = folder / "reports.sqlite3"  # a report writes (its run, its audit event)
            if not db.exists():
                copy_demo_database(db)
            command = [yipanqi_bin(), "report", "--year", str(year), "--format", "json"]
            command += ["--area", area] if area else []
            result = subprocess.run(
                command, env=demo_env(db), capture_output=True, text=True, timeout=600
            )
            if result.returncode != 0:
                raise RuntimeError(f"yipanqi report failed:\n{result.stderr}")
            answer.write_text(result.stdout)
    return json.loads(answer.read_text())


def _demo_file() -> Path:
    build = demo_build()
    if build.returncode != 0:
        raise RuntimeError(f"yipanqi demo failed:\n{build.stderr}")
    return build.path


def copy_demo_database(db_path: Path) -> Path:
    """A copy of the demo database (built once per test run) at `db_path`."""
    shutil.copyfile(_demo_file(), db_path)
    return db_path


def read_demo() -> sqlite3.Connection:
    """The demo database itself, read-only (nobody writes it once built), for independent SQL."""
    return sqlite3.connect(f"file:{_demo_file()}?mode=ro&immutable=1", uri=True)


def start_demo_server(tmp_dir: Path, **settings: str) -> DemoServer:
    """Serve a copy of the demo; `settings` are extra environment variables for the server
    (e.g. YIPANQI_TWO_FACTOR="1")."""
    db_path = copy_demo_database(tmp_dir / "demo.sqlite3")
    env = {**demo_env(db_path), **settings}
    listing = subprocess.run(
        [yipanqi_bin(), "demo_accounts", "--json"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    url, process = start_server(env)
    return DemoServer(
        url=url, accounts=json.loads(listing.stdout), process=process, db_path=db_path
    )


def start_server(env: dict[str, str], port: int | None = None) -> tuple[str, subprocess.Popen]:
    """`yipanqi runserver` on 127.0.0.1 with `env`, once it answers: (its URL, the process)."""
    port = port or free_port()
    process = subprocess.Popen(
        [yipanqi_bin(), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_until_up(url, process)
    return url, process


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def stop_demo_server(server: DemoServer) -> None:
    server.process.terminate()
    server.process.wait(timeout=10)


class Persona:
    """One signed-in browser context on a served demo, collecting CSP violations from the console.

    `account` is an entry of `DemoServer.accounts` or a username.
    """

    def __init__(self, browser, server: DemoServer, account, viewport: dict, **context):
        if isinstance(account, str):
            account = next(a for a in server.accounts if a["username"] == account)
        self.account = account
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", **context)
        self.page = self.context.new_page()
        self.url = server.url
        self.violations: list[str] = []
        self.page.on("console", self._console)
        sign_in(self.page, server.url, account)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.violations.append(message.text)

    def go(self, path: str):
        self.page.goto(self.url + path)
        return self.page


def sign_in(page, url: str, account: dict) -> None:
    """Sign in through the login form and land on the home page."""
    import re

    from playwright.sync_api import expect

    page.goto(url + "/accounts/login/")
    page.get_by_label(re.compile("用户名|Username")).fill(account["username"])
    page.get_by_label(re.compile("密码|Password")).fill(account["password"])
    page.get_by_role("button", name=re.compile("登录|Sign in")).click()
    expect(page).to_have_url(url + "/")


def tiny_png() -> bytes:
    """A real 2×2 PNG as the upload path stores it (re-encoding it gives the same bytes)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def together(calls: list) -> list:
    """Run each call in its own thread, and so its own database connection, all released at once
    by a barrier (concurrency tests on PostgreSQL); their answers, in order."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait(timeout=60)
            return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))
