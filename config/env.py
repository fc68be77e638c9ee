"""Every setting read from the environment goes through here (no secrets in code)."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Safe defaults exist only for development, demo and test runs; production refuses them.
_DEMO_SECRET = "yipanqi-demo-secret-key-not-for-production-0000000000000000"
_DEMO_FIELD_KEY = "ZGVtby1maWVsZC1rZXktMzItYnl0ZXMtbm90LXByb2Q="  # 32 bytes, base64
_DEMO_INDEX_KEY = "ZGVtby1pbmRleC1rZXktMzItYnl0ZXMtbm90LXByb2Q="


class ImproperlyConfiguredError(RuntimeError):
    pass


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def mode() -> str:
    """development | demo | test | production."""
    return (os.environ.get("YIPANQI_ENV") or "development").strip().lower()


def secret(name: str, demo_default: str) -> str:
    value = os.environ.get(name)
    if value:
        return value
    if mode() == "production":
        raise ImproperlyConfiguredError(f"{name} must be set in production (see .env.example)")
    return demo_default


def database_url() -> str:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    default = f"sqlite:///{BASE_DIR / 'var' / 'yipanqi.sqlite3'}"
    return os.environ.get("DATABASE_URL") or default


def replica_url() -> str | None:
    """A streaming replica of the database, for dashboards, reports and exports (core.replica)."""
    return os.environ.get("DATABASE_REPLICA_URL") or None
