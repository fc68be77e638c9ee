"""The production gunicorn settings load, follow the cores, bound each request and recycle workers;
and gunicorn itself accepts the file (it parses it the way it will in production)."""

import runpy
import subprocess
import sys
from pathlib import Path

CONF = Path(__file__).resolve().parents[3] / "config" / "gunicorn.conf.py"


def _load(monkeypatch, cores: int, **env: str) -> dict:
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: cores)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_workers_follow_the_cores_and_requests_are_bounded(monkeypatch):
    conf = _load(monkeypatch, 2)
    assert (conf["workers"], conf["threads"], conf["worker_class"]) == (3, 4, "gthread")
    assert _load(monkeypatch, 8)["workers"] == 9
    assert 0 < conf["timeout"] <= 120 and conf["max_requests"] > 0
    assert 0 < conf["max_requests_jitter"] < conf["max_requests"]
    assert conf["bind"].startswith("127.0.0.1:")  # never open to the world: the proxy is in front


def test_a_host_overrides_from_the_environment(monkeypatch):
    conf = _load(monkeypatch, 2, GUNICORN_WORKERS="5", GUNICORN_TIMEOUT="30")
    assert (conf["workers"], conf["timeout"]) == (5, 30)


def test_gunicorn_accepts_the_file():
    gunicorn = Path(sys.executable).parent / "gunicorn"
    checked = subprocess.run(
        [str(gunicorn), "-c", str(CONF), "--check-config", "config.wsgi:application"],
        cwd=CONF.parents[1], capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
