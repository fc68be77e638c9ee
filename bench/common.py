"""What the workloads share: the environment of a served copy, the `yipanqi` command, gunicorn
on a free loopback port, and one JSON result per run under bench/results/ plus a summary line."""

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from yipanqi.core.testing import free_port, yipanqi_bin

RESULTS = Path(__file__).resolve().parent / "results"


def env_for(database_url: str) -> dict[str, str]:
    """The demo settings (DEBUG off, the production password hasher) on `database_url`."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({"DATABASE_URL": database_url, "YIPANQI_ENV": "demo"})
    return env


def yipanqi(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([yipanqi_bin(), *args], env=env, check=True, timeout=900)


def gunicorn(env: dict[str, str], workers: int = 2, threads: int = 4):
    """gunicorn (gthread) serving config.wsgi on 127.0.0.1, once it answers: (port, process)."""
    port = free_port()
    binary = str(Path(sys.executable).with_name("gunicorn"))
    command = [binary, "config.wsgi", "-k", "gthread", "-w", str(workers)]
    command += ["--threads", str(threads), "-b", f"127.0.0.1:{port}", "--log-level", "warning"]
    process = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2):  # nosec B310
                return port, process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("gunicorn did not answer in time")


def timed_hash_ms(rounds: int = 3) -> float:
    """One hash with the production password hasher, in ms (the floor W7 compares against)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    started = time.perf_counter()
    for i in range(rounds):
        hasher.encode(f"password{i}", hasher.salt())
    return (time.perf_counter() - started) / rounds * 1000


def write_result(result: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"{result['workload']}-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    sys.stdout.write(result["summary"] + "\n")
    return path
