"""Production guards: secrets must come from the environment; cookies and transport hardened."""

import os

os.environ.setdefault("YIPANQI_ENV", "production")

from config.settings.base import *  # noqa: E402, F403

DEBUG = False
YIPANQI_TWO_FACTOR = True  # staff second factor cannot be switched off in production
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading needs includeSubDomains and a year (both above); a deployer may opt out.
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
