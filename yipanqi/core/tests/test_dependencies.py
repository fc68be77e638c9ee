"""R-SC-1: the runtime dependencies are pinned with hashes in requirements.lock (made from
pyproject.toml by `pip-compile --generate-hashes`), the tests run on exactly those versions, and
Django is at least the floor pyproject.toml sets (the newest 5.2 security release when it was set).

A deployment installs with `pip install --require-hashes -r requirements.lock` and then the project
with `--no-deps`; `make sbom` writes the CycloneDX SBOM of that set."""

import re
from importlib import metadata
from pathlib import Path

from django.utils.version import get_version_tuple

ROOT = Path(__file__).resolve().parents[3]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)")


def _pins() -> dict[str, str]:
    lines = (ROOT / "requirements.lock").read_text().splitlines()
    return {m[1].lower(): m[2] for line in lines if (m := PIN.match(line))}


def test_every_pin_carries_hashes():
    text = (ROOT / "requirements.lock").read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text.split("\n", 6)[-1])
    pinned = [e for e in entries if PIN.match(e)]
    assert len(pinned) == len(_pins()) > 20
    assert all("--hash=sha256:" in e for e in pinned)


def test_the_tests_run_on_the_pinned_versions():
    differ = {}
    for name, version in _pins().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # a platform-specific pin this machine does not need
        if installed != version:
            differ[name] = (installed, version)
    assert differ == {}, "installed ≠ requirements.lock: run pip-compile again or reinstall"


def test_django_is_at_least_the_floor():
    text = (ROOT / "pyproject.toml").read_text()
    floor = re.search(r'"Django>=([0-9.]+),', text)[1]
    installed = get_version_tuple(metadata.version("Django"))[:3]
    assert installed >= tuple(int(p) for p in floor.split("."))
    assert _pins()["django"] == metadata.version("Django")
