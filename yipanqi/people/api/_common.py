"""Shared by the people API views: query parameters."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from yipanqi.core.params import ID_SCHEMA


def param(name: str, description: str, kind=OpenApiTypes.STR, many: bool = False):
    return OpenApiParameter(name, kind, description=description, many=many or None)


SEARCH_PARAMETERS = [
    param("q", "Name, pinyin initials, address (a full ID number or mobile: POST persons/search/)"),
    param("tag", "Household tag code; repeat for several (all must match)", many=True),
    param("area", "Community or grid id", ID_SCHEMA),
]
