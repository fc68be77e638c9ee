"""Production refuses to start without its secrets; development and demo have safe defaults."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LOAD = "import django; django.setup(); from django.conf import settings; print(settings.%s)"
KEYS = {
    "DJANGO_SECRET_KEY": "x" * 50,
    "YIPANQI_FIELD_KEY": "cHJvZHVjdGlvbi1maWVsZC1rZXktMzItYnl0ZXMtISE=",
    "YIPANQI_INDEX_KEY": "cHJvZHVjdGlvbi1pbmRleC1rZXktMzItYnl0ZXMtISE=",
}


def _load(settings_module: str, show: str = "DEBUG", **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "YIPANQI_"))}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "-c", LOAD % show], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_secret_keys():
    result = _load("config.settings.production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


def test_production_starts_with_keys_and_debug_off():
    result = _load("config.settings.production", **KEYS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_demo_mode_runs_with_safe_defaults_and_debug_off():
    result = _load("config.settings.development", YIPANQI_ENV="demo")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_hashes_passwords_with_pbkdf2_or_argon2():
    """R-CR-2: Django's own hasher, no custom crypto (the test settings use a fast one)."""
    result = _load("config.settings.production", "PASSWORD_HASHERS[0]", **KEYS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in {
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    }


def test_production_forces_the_second_factor_whatever_the_environment_says():
    """R-ID-8: production.py sets it after reading the environment, so it cannot be turned off."""
    result = _load(
        "config.settings.production", "YIPANQI_TWO_FACTOR", YIPANQI_TWO_FACTOR="0", **KEYS
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
