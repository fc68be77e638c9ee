"""Shared by the people API views: one 404 for missing and out of scope, query parameters."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from yipanqi.core.pages import found as get_or_404  # noqa: F401  (the people API's name for it)


def param(name: str, description: str, kind=OpenApiTypes.STR, many: bool = False):
    return OpenApiParameter(name, kind, description=description, many=many or None)


SEARCH_PARAMETERS = [
    param("q", "Name, pinyin initials, address (a full ID number or mobile: POST persons/search/)"),
    param("tag", "Household tag code; repeat for several (all must match)", many=True),
    param("area", "Community or grid id", OpenApiTypes.INT),
]
