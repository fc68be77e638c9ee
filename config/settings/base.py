"""One environment-driven settings module; test.py and production.py only add guards."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
import drf_spectacular_sidecar
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from config import env as envmod
from config.env import BASE_DIR, env, env_bool, mode, secret

MODE = mode()
DEBUG = env_bool("DJANGO_DEBUG", MODE == "development")
# Staff second factor (R-ID-8): always in production (production.py); elsewhere opt in, so the
# demo's personas can be tried without an authenticator app (decision 011).
YIPANQI_TWO_FACTOR = env_bool("YIPANQI_TWO_FACTOR", MODE == "production")
OTP_TOTP_ISSUER = "一盘棋"
# Token sign-ins per client address (R-ID-5; accounts.api.views.TokenRateThrottle).
YIPANQI_TOKEN_RATE = env("YIPANQI_TOKEN_RATE", "30/min") or "30/min"
SECRET_KEY = secret("DJANGO_SECRET_KEY", envmod._DEMO_SECRET)
FIELD_ENCRYPTION_KEY = secret("YIPANQI_FIELD_KEY", envmod._DEMO_FIELD_KEY)
BLIND_INDEX_KEY = secret("YIPANQI_INDEX_KEY", envmod._DEMO_INDEX_KEY)
ALLOWED_HOSTS = [
    h for h in (env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver") or "").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in (env("CSRF_TRUSTED_ORIGINS", "") or "").split(",") if o]
# A refused form gets the site's own 403 page, in the user's language.
CSRF_FAILURE_VIEW = "yipanqi.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "treebeard",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "yipanqi.core",
    "yipanqi.accounts",
    "yipanqi.organisations",
    "yipanqi.people",
    "yipanqi.orders",
    "yipanqi.grid",
    "yipanqi.deliberation",
    "yipanqi.centres",
    "yipanqi.venues",
    "yipanqi.socialorgs",
    "yipanqi.notices",
    "yipanqi.officers",
    "yipanqi.duties",
    "yipanqi.funding",
    "yipanqi.workforce",
    "yipanqi.partylife",
    "yipanqi.cobuilding",
    "yipanqi.privacy",
    "yipanqi.reports",
    "yipanqi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "yipanqi.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Under /api/ every error answer is JSON (after LocaleMiddleware: messages in the language).
    "yipanqi.core.middleware.ApiErrorMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Body size caps (413) before the CSRF check reads the body; ids in the path within bigint.
    "yipanqi.core.middleware.RequestGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Read-your-own-writes with a replica configured (a no-op without one).
    "yipanqi.core.replica.WriteMarkMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "yipanqi.core.middleware.PrivateResponseMiddleware",
    "yipanqi.accounts.middleware.SessionTimeoutMiddleware",
    # The second-factor and password-age gate (after messages: it leaves a message on redirect).
    "django.contrib.messages.middleware.MessageMiddleware",
    "yipanqi.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "yipanqi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "yipanqi.core.context_processors.navigation",
            ],
        },
    }
]

# Health checks: a connection kept from before a database restart is tested and replaced before
# the next request uses it, so the app recovers by itself (core.views.error_503).
DATABASES = {
    "default": dj_database_url.parse(
        envmod.database_url(), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers proceed while the single writer works; busy timeout waits instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
if envmod.replica_url():
    # A hot standby of the same database (decision 028): core.replica routes the reads of
    # dashboards, reports and exports there while it answers and keeps up; all else, the primary.
    DATABASES["replica"] = dj_database_url.parse(
        envmod.replica_url(), conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 2}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["yipanqi.core.replica.ReplicaRouter"]
YIPANQI_REPLICA_MAX_LAG = float(envmod.env("YIPANQI_REPLICA_MAX_LAG") or 30)  # seconds
YIPANQI_REPLICA_RECHECK = 5  # seconds between measurements of the replica's health
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Axes first: a locked username+IP is refused before any password is hashed.
    "yipanqi.accounts.backends.LockoutBackend",
    # Django's password check, one at a time per client address (decision 033).
    "yipanqi.accounts.backends.OneAtATimeBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "yipanqi.accounts.validators.LengthByAccountKindValidator"},
    {"NAME": "yipanqi.accounts.validators.CharacterClassValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5") or 5)
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "30") or 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "yipanqi.accounts.lockout.lockout_response"
# Axes' database handler plus a limit per IP across usernames (policy accounts.ip_failure_limit).
AXES_HANDLER = "yipanqi.accounts.lockout.LockoutHandler"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# An attempt refused while locked changes nothing (axes' default would extend the lock and append
# the request to the attempt's row, a growing row locked by each of an attacker's guesses: W7).
# The lock ends AXES_COOLOFF_TIME after the failure that set it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 3600  # absolute lifetime; idle limits in accounts.middleware
SESSION_IDLE_SECONDS = {"staff": 30 * 60, "admin": 15 * 60, "public": 12 * 3600}
# API token lifetime: policy accounts.api_token_hours (yipanqi/accounts/policies.py).

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "yipanqi" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [BASE_DIR / "yipanqi" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "yipanqi.core.staticfiles.AppDirectoriesFinder",
    "yipanqi.core.staticfiles.VendorFinder",
]
# Files of packages the pages load, named one by one (with their source maps): URL prefix →
# (folder, files). Add a file here before a template asks for it.
VENDOR_STATIC = {
    "vendor/bootstrap": (
        _NODE / "bootstrap" / "dist",
        ("css/bootstrap.min.css", "js/bootstrap.bundle.min.js"),
    ),
    "vendor/htmx": (_NODE / "htmx.org" / "dist", ("htmx.min.js",)),
    "vendor/echarts": (_NODE / "echarts" / "dist", ("echarts.min.js",)),
    "drf_spectacular_sidecar/swagger-ui-dist": (
        Path(drf_spectacular_sidecar.__file__).parent
        / "static/drf_spectacular_sidecar/swagger-ui-dist",
        (
            "swagger-ui.css",
            "swagger-ui-bundle.js",
            "swagger-ui-standalone-preset.js",
            "favicon-32x32.png",
            "oauth2-redirect.html",
            "oauth2-redirect.js",
        ),
    ),
}
# Demo and production serve what `collectstatic` wrote (yipanqi demo runs it): names carrying a
# hash of the content, compressed, cached by browsers for a year (whitenoise marks them
# immutable). Development and tests serve the source files as they are, with no build step.
SERVE_COLLECTED = MODE in {"demo", "production"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if SERVE_COLLECTED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not SERVE_COLLECTED
WHITENOISE_AUTOREFRESH = DEBUG
# Files served at the site's root under their own names (/favicon.ico), outside /static/.
WHITENOISE_ROOT = BASE_DIR / "yipanqi" / "root"
MEDIA_ROOT = BASE_DIR / "var" / "uploads"  # outside the web root; served only through views
# Request bodies: a view takes at most DATA_UPLOAD_MAX_MEMORY_SIZE unless it declares a larger
# limit (core.uploads.max_body_size, the upload pages); core.middleware.RequestGuardMiddleware
# refuses a larger Content-Length with 413 before anything reads the body. The API's JSON parser
# reads no more than this either (core.api.parsers). Uploaded files above
# FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to a temporary file rather than held in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB (Django's default, stated)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "yipanqi.accounts.authentication.BearerTokenAuthentication",
        "yipanqi.accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "yipanqi.core.api.pagination.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "yipanqi.core.api.exceptions.exception_handler",
    # JSON bodies: bounded size and nesting, one `invalid_json` error (core.api.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "yipanqi.core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "yipanqi API",
    "DESCRIPTION": "一盘棋 — grassroots party building and community co-governance",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # one name for a choice set two request bodies share (notices' create and edit)
    "ENUM_NAME_OVERRIDES": {
        "NoticeKindEnum": "yipanqi.notices.choices.NoticeKind.values",
        "ReportStatusEnum": "yipanqi.reports.choices.ReportStatus",
        "ReportFormatEnum": "yipanqi.reports.choices.ReportFormat",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Schema and docs views are for signed-in staff in every environment (config/urls.py passes
    # the same permission explicitly; this is the default for any other drf-spectacular view).
    "SERVE_PERMISSIONS": ["config.api_docs.ApiDocsReader"],
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "yipanqi.core.logging.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # Django's defaults give these loggers handlers of their own, without the redaction filter
    # (the runserver access log would print phone numbers from query strings): route them here.
    "loggers": {
        "django": {"handlers": [], "level": env("LOG_LEVEL", "WARNING"), "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Its records carry the request (URL with query string): redacted before any handler.
        "django.request": {"handlers": [], "filters": ["redact"], "propagate": True},
    },
}

# Audit retention (R-AU-5): at least 180 days (the system check refuses less); `yipanqi
# prune_audit` removes whole months older than this. The checkpoint it leaves is signed with
# YIPANQI_AUDIT_KEY (default: derived from the secret key).
YIPANQI_AUDIT_RETENTION_DAYS = int(env("YIPANQI_AUDIT_RETENTION_DAYS", "180") or 180)
YIPANQI_AUDIT_KEY = env("YIPANQI_AUDIT_KEY", "") or ""

YIPANQI_DEMO_PASSWORD = env("YIPANQI_DEMO_PASSWORD", "Fenghua#2021demo")
ERROR_TITLE = _("Error")
# Comma-separated previous field keys: still able to decrypt until `rotate_field_keys` re-seals.
FIELD_ENCRYPTION_PREVIOUS_KEYS = env("YIPANQI_FIELD_KEYS_PREVIOUS", "") or ""
# Ciphers of personal data at rest (core.pii, R-PI-5): SM4-GCM and HMAC-SM3 unless a deployment
# names aes-256-gcm / sha256. Keys from the environment, or wrapped under a KMS master key
# (`envelope`; core.keys, docs/deployment-keys.md).
YIPANQI_FIELD_CIPHER = env("YIPANQI_FIELD_CIPHER", "sm4-gcm") or "sm4-gcm"
YIPANQI_INDEX_HASH = env("YIPANQI_INDEX_HASH", "sm3") or "sm3"
YIPANQI_KEY_SOURCE = env("YIPANQI_KEY_SOURCE", "env") or "env"
YIPANQI_KMS = env("YIPANQI_KMS", "") or ""
YIPANQI_KMS_MASTER_KEY = env("YIPANQI_KMS_MASTER_KEY", "") or ""

# Background work (imports, exports, notices): django-tasks with the database backend; run
# `yipanqi db_worker` beside the web server (`yipanqi demo` starts one for the demo).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Outside notification channels; the in-app inbox is always used. Replace with real gateways in production.
NOTIFICATION_CHANNELS = ["yipanqi.core.notify.SmsChannel", "yipanqi.core.notify.WeChatChannel"]
