"""Who assigns officers and who logs work: the organisation department (district administrators)
and the towns' leaders assign within their area; an officer logs on their own active targets."""

from typing import Any

from yipanqi.officers.models import LEADERS, Assignment
from yipanqi.organisations.models import Area
from yipanqi.organisations.permissions import active_grants


def leader_areas(user: Any) -> list[Area]:
    return [g.area for g in active_grants(user) if g.role in LEADERS]


def can_assign_in(user: Any, area: Area) -> bool:
    return any(area.path.startswith(a.path) for a in leader_areas(user))


def can_manage(user: Any, assignment: Assignment) -> bool:
    return Assignment.objects.for_user(user, "change").filter(pk=assignment.pk).exists()


def can_log(user: Any, assignment: Assignment) -> bool:
    return Assignment.objects.for_user(user, "log").filter(pk=assignment.pk).exists()


def can_edit_roles(user: Any, district_code: str) -> bool:
    """The organisation department (the district's administrators) edits its officer roles."""
    return any(
        a.district_code == district_code and a.kind == "district" for a in leader_areas(user)
    )
