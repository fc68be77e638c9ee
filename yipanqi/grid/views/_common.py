"""Helpers shared by the grid pages: 404 for out of scope, domain errors as messages."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404

from yipanqi.core.errors import DomainError, Forbidden

PAGE_SIZE = 30


def found(read: Callable[[], Any]) -> Any:
    """Missing and out of scope are the same 404."""
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
