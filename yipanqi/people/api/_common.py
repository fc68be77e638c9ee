"""Shared by the people API views: query parameters."""

from yipanqi.core.api.openapi import query_param
from yipanqi.core.params import ID_SCHEMA

SEARCH_PARAMETERS = [
    query_param(
        "q", "Name, pinyin initials, address (a full ID number or mobile: POST persons/search/)"
    ),
    query_param("tag", "Household tag code; repeat for several (all must match)", many=True),
    query_param("area", "Community or grid id", ID_SCHEMA),
]
