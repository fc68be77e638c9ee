"""Who does what with duties: the district sets every list, a town its communities' (the level
above sets a list); each organisation marks its own list's progress; district and town
administrators file access requests for the area they lead; the district body's recorders decide
(never their own request); a community or town records the tasks it refused."""

from typing import Any

from yipanqi.duties.models import LEADERS, AccessRequest, DutyList
from yipanqi.duties.policies import APPROVAL
from yipanqi.organisations.choices import AreaKind, Role
from yipanqi.organisations.models import Area
from yipanqi.organisations.permissions import active_grants


def can_set_list(user: Any, area: Area) -> bool:
    """The level above sets a list; the district's own list is the district's to set."""
    for g in active_grants(user):
        if g.role not in LEADERS or not area.path.startswith(g.area.path):
            continue
        if area.path != g.area.path or g.role == Role.DISTRICT_ADMIN:
            return True
    return False


def can_mark_progress(user: Any, duty_list: DutyList) -> bool:
    """An organisation marks its own list (an administrator granted at exactly that area)."""
    admins = {Role.DISTRICT_ADMIN, Role.TOWN_ADMIN, Role.COMMUNITY_ADMIN}
    return any(g.role in admins and g.area_id == duty_list.area_id for g in active_grants(user))


def can_file_for(user: Any, area: Area) -> bool:
    """A district administrator for the district, a town administrator for their town."""
    return any(g.role in LEADERS and g.area_id == area.pk for g in active_grants(user))


def can_decide(user: Any, request: AccessRequest) -> bool:
    """A recorder of the district body (the policy's roles at the district), not the filer."""
    roles = set(APPROVAL.value(request.district_code)["roles"])
    if getattr(user, "pk", None) == request.filed_by_id:
        return False
    return any(
        g.role in roles
        and g.area.kind == AreaKind.DISTRICT
        and request.scope_path.startswith(g.area.path)
        for g in active_grants(user)
    )


def can_withdraw(user: Any, request: AccessRequest) -> bool:
    return getattr(user, "pk", None) == request.filed_by_id or can_file_for(user, request.area)


def can_refuse_in(user: Any, area: Area) -> bool:
    """A community or town administrator for their own area."""
    admins = {Role.TOWN_ADMIN, Role.COMMUNITY_ADMIN}
    return any(g.role in admins and g.area_id == area.pk for g in active_grants(user))


def can_retire(user: Any, request: AccessRequest) -> bool:
    """An admitted duty leaves the list (退出) by the district body, as it entered."""
    roles = set(APPROVAL.value(request.district_code)["roles"])
    return any(
        g.role in roles
        and g.area.kind == AreaKind.DISTRICT
        and request.scope_path.startswith(g.area.path)
        for g in active_grants(user)
    )
