"""Shared helpers of the deliberation API: 404 for out of scope, schema params."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter


def found(read: Callable[[], Any]) -> Any:
    try:
        return read()
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def param(name: str, description: str, kind=OpenApiTypes.STR) -> OpenApiParameter:
    return OpenApiParameter(
        name, kind, OpenApiParameter.QUERY, required=False, description=description
    )
