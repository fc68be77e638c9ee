"""Helpers shared by the deliberation pages: 404 for out of scope, domain errors as messages."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from yipanqi.core.errors import DomainError, Forbidden


def found(read: Callable[[], Any]) -> Any:
    """A selector's row, or a 404 that looks the same for missing and out of scope."""
    try:
        return read()
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def run(call: Callable[[], Any]) -> tuple[Any, str | None]:
    """Run an action; a refusal becomes a 403 page, other domain errors come back as text."""
    try:
        return call(), None
    except Forbidden as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        return None, str(exc.message)


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def step(request, call: Callable[[], Any], done: str, default: str):
    """Run one POSTed step, say how it went, and go back to the page it came from."""
    _result, error = run(call)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(safe_next(request, default))
