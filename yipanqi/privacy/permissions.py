"""Who handles requests about personal information: the staff over the requester's grid."""

from typing import Any

HANDLER_ROLES = frozenset({"district_admin", "town_admin", "community_admin"})


def can_handle_request(user: Any, request: Any) -> bool:
    from yipanqi.privacy.models import DataRequest

    return DataRequest.objects.for_user(user, "handle").filter(pk=request.pk).exists()
