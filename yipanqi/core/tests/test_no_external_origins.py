"""R-PI-9: nothing the platform serves or is configured with names an origin outside the
deployment (no CDN, fonts, analytics or error-reporting service). The browser crawl proves pages
load nothing external under the CSP; this proves the CSP and the settings cannot have been widened
to allow it, in every settings module, and that no template or static file of ours points out."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from yipanqi.core.tests.test_settings import KEYS, ROOT

URL = re.compile(r"\b(?:https?|wss?)://([^/\s\"':]+)", re.IGNORECASE)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "[::1]"}
# Every source the CSP may name: keywords and schemes, never a host.
ALLOWED_SOURCES = {"'self'", "'none'", "data:", "'nonce'"}
DUMP = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({n: getattr(settings, n) for n in dir(settings) if n.isupper()}, default=str))"
)


def _settings_of(module: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "YIPANQI_"))}
    env |= KEYS | {"DJANGO_SETTINGS_MODULE": module, "DATABASE_URL": "sqlite:///:memory:"}
    result = subprocess.run(
        [sys.executable, "-c", DUMP], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


MODULES = ("config.settings.production", "config.settings.development", "config.settings.test")


@pytest.mark.parametrize("module", MODULES)
def test_the_csp_names_no_host(module):
    directives = _settings_of(module)["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["default-src"] == ["'self'"]
    for name, sources in directives.items():
        assert {"'nonce'" if "nonce" in s.lower() else s for s in sources} <= ALLOWED_SOURCES, name


@pytest.mark.parametrize("module", MODULES)
def test_no_setting_names_an_outside_host(module):
    outside = {
        (name, host)
        for name, value in _settings_of(module).items()
        for host in URL.findall(json.dumps(value))
        if host.lower() not in LOCAL_HOSTS
    }
    assert not outside, sorted(outside)


def _our_files(*suffixes: str) -> list[Path]:
    root = ROOT / "yipanqi"
    return [p for s in suffixes for p in root.rglob(f"*{s}") if "tests" not in p.parts]


def test_no_template_or_static_file_of_ours_points_outside():
    pointing = [
        f"{path.relative_to(ROOT)}: {host}"
        for path in _our_files(".html", ".js", ".css", ".svg", ".webmanifest")
        for host in URL.findall(path.read_text(errors="replace"))
        if host.lower() not in LOCAL_HOSTS and host not in ("www.w3.org",)  # SVG/XML namespaces
    ]
    assert len(_our_files(".html")) > 100
    assert not pointing, pointing
