"""Helpers shared by the order pages: 404 for out of scope, domain errors as messages."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from yipanqi.core.errors import DomainError, Forbidden
from yipanqi.orders import selectors

PAGE_SIZE = 20


def get_order(request, order_id: int):
    """The order if the user may see it; missing and out of scope are the same 404."""
    try:
        return selectors.order_get(user=request.user, order_id=order_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def run(call):
    """Run an action; a refusal becomes a 403 page, other domain errors come back as text."""
    try:
        return call(), None
    except Forbidden as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        return None, str(exc.message)


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def query_string(pairs) -> str:
    return urlencode([(k, v) for k, v in pairs if v not in (None, "")])


def done_or_error(request, order, error: str | None, done: str, default: str | None = None):
    """After a step: a message, then back to where the user came from (or the order)."""
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(safe_next(request, default or order.get_absolute_url()))
