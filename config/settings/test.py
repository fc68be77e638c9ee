"""Test settings: the same base, faster hashing, no lockout carried between tests."""

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The token rate's counter lives in the process's cache across tests; the throttle's own test
# sets the deployed rate back (accounts/tests/test_token_throttle.py).
YIPANQI_TOKEN_RATE = "100000/min"
WHITENOISE_AUTOREFRESH = True
# Source files as they are, whatever YIPANQI_ENV says: tests run without `collectstatic`.
SERVE_COLLECTED = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # Test databases are thrown away: commits (transactional tests, migrations) need not wait
    # for the write-ahead log to reach the disk.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
    # CI's PostgreSQL leg runs a hot standby (scripts/standby.sh): core/tests/test_replica_standby.py
    # points this alias at it; other tests never route to it (no router is set here).
    if envmod.env("YIPANQI_TEST_STANDBY_PORT"):  # noqa: F405
        DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
