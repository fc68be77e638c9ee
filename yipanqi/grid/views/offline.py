"""The installable sweep app: its web manifest and its service worker, served from /grid/ so the
worker's scope covers the visit pages (a script under /static/ could only control /static/)."""

import hashlib
import json
import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# The worker is these two files in this order: the visit queue (shared with the pages) first.
WORKER_FILES = ("grid/visit-queue.js", "grid/sw.js")
THEME = "#b71c1c"  # the party red of the header (app.css)
SENTINEL = 987654321  # an id no route will ever be asked for, replaced by a pattern below


def _pattern(name: str, count: int = 1) -> str:
    """A route as a regular expression for the worker: its ids become ([0-9]+)."""
    path = reverse(name, args=[SENTINEL + i for i in range(count)])
    pattern = re.escape(path)
    for i in range(count):
        pattern = pattern.replace(str(SENTINEL + i), "([0-9]+)")
    return f"^{pattern}$"


def _config() -> dict:
    """Where things are, for the worker, taken from the URL configuration (not typed twice)."""
    return {
        "scope": reverse("grid:campaign_list"),
        "static": settings.STATIC_URL,
        "login": reverse(settings.LOGIN_URL),
        "logout": reverse("accounts:logout"),
        "list": _pattern("grid:visit_list"),
        "form": _pattern("grid:visit_form", 2),
        "next": _pattern("grid:visit_next"),
        "shell": _pattern("grid:visit_shell"),
        "data": _pattern("grid:visit_offline_data"),
        "listUrl": reverse("grid:visit_list", args=[SENTINEL]),
        "shellUrl": reverse("grid:visit_shell", args=[SENTINEL]),
        "dataUrl": reverse("grid:visit_offline_data", args=[SENTINEL]),
        "formUrl": reverse("grid:visit_form", args=[SENTINEL, SENTINEL + 1]),
        "sentinel": SENTINEL,
    }


def _read(name: str) -> str:
    path = finders.find(name)
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def page_context(campaign) -> dict:
    """What offline.js needs on a visit page of this campaign (as data attributes)."""
    return {
        "sw": reverse("grid:service_worker"),
        "scope": reverse("grid:campaign_list"),
        "shell": reverse("grid:visit_shell", args=[campaign.pk]),
        "data": reverse("grid:visit_offline_data", args=[campaign.pk]),
        "list": reverse("grid:visit_list", args=[campaign.pk]),
        "form": reverse("grid:visit_form", args=[campaign.pk, SENTINEL]),
        "api": reverse("api-grid-visits", args=[campaign.pk]),
        "sentinel": SENTINEL,
    }


@require_GET
def service_worker(request):
    """The service worker script (same origin, scope /grid/); no inline script anywhere."""
    body = "\n".join(_read(name) for name in WORKER_FILES)
    config = _config()
    # A new version whenever the scripts or the routes change, so phones update their worker.
    config["version"] = hashlib.sha256((body + json.dumps(config)).encode()).hexdigest()[:12]
    script = f"self.GRID_CONFIG = {json.dumps(config)};\n{body}"
    response = HttpResponse(script, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = config["scope"]
    response["Cache-Control"] = "no-cache"  # browsers check the worker for updates anyway
    return response


def _icon(size: int) -> dict:
    path = static(f"icons/icon-{size}.png")
    return {"src": path, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}


@require_GET
def manifest(request):
    """The web app manifest: 一盘棋, opening on the sweeps, installable on a phone's home screen."""
    scope = reverse("grid:campaign_list")
    data = {
        "name": "一盘棋",
        "short_name": "一盘棋",
        "description": _("Sweep visits, also without signal"),
        "lang": request.LANGUAGE_CODE,
        "start_url": scope,
        "scope": scope,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [_icon(192), _icon(512)],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
