"""Shared by the people API views: one 404 for missing and out of scope, query parameters."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter


def get_or_404(fn, **kwargs):
    try:
        return fn(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def param(name: str, description: str, kind=OpenApiTypes.STR, many: bool = False):
    return OpenApiParameter(name, kind, description=description, many=many or None)


SEARCH_PARAMETERS = [
    param("q", "Name, pinyin initials, address (a full ID number or mobile: POST persons/search/)"),
    param("tag", "Household tag code; repeat for several (all must match)", many=True),
    param("area", "Community or grid id", OpenApiTypes.INT),
]
