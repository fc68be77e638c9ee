"""Helpers shared by the people pages: 404 for out of scope, domain errors as messages."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from yipanqi.core.errors import Forbidden

PAGE_SIZE = 30


def or_404(fn, **kwargs):
    """Out of scope and missing look the same: 404."""
    try:
        return fn(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def run(call):
    """Run an action; refusals become 403 pages, other domain errors are returned as text."""
    from yipanqi.core.errors import DomainError

    try:
        return call(), None
    except Forbidden as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        return None, str(exc.message)


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def optional_url(name: str, query: str = "") -> str:
    """A link to a page another part of the app may not provide yet (imports, exports)."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{url}?{query}" if query else url


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


def query_string(pairs) -> str:
    from urllib.parse import urlencode

    return urlencode([(k, v) for k, v in pairs if v not in (None, "")])
