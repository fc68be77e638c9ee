"""Who may run sweeps, record visits and move incidents: derived from role grants on the area tree.

Staff read rows under their grants (`for_user`); a user a household is assigned to (a party member
or volunteer with an account) also sees and records that household's visits.
"""

from typing import Any

from django.db.models import QuerySet

from yipanqi.grid.choices import CampaignStatus, EscalationLevel, IncidentStatus
from yipanqi.grid.models import ADMINS, STAFF, Campaign, Incident, Target, Visit
from yipanqi.organisations.escalation import users_with
from yipanqi.organisations.models import Area
from yipanqi.organisations.permissions import active_grants

REPORTERS = frozenset({"grid_worker", "community_admin"})
# Which role acts on an incident at each level of the area tree.
LEVEL_ROLES: dict[int, frozenset[str]] = {
    EscalationLevel.GRID: ADMINS,
    EscalationLevel.COMMUNITY: ADMINS,
    EscalationLevel.TOWN: frozenset({"district_admin", "town_admin"}),
    EscalationLevel.DISTRICT: frozenset({"district_admin"}),
}


def _covers(user: Any, roles: frozenset[str], path: str) -> bool:
    return any(g.role in roles and path.startswith(g.area.path) for g in active_grants(user))


def can_create_campaign(user: Any, area: Area) -> bool:
    """Community, street and district administrators run sweeps in their own areas."""
    return _covers(user, ADMINS, area.path)


def can_manage_campaign(user: Any, campaign: Campaign) -> bool:
    return _covers(user, ADMINS, campaign.area.path)


def can_assign(user: Any, target: Target) -> bool:
    """Administrators above the grid and the grid's own workers (网格长) split the households."""
    return _covers(user, STAFF, target.scope_path)


def can_record_visit(user: Any, target: Target) -> bool:
    if target.campaign.status != CampaignStatus.OPEN:
        return False
    own = target.assignee_id is not None and target.assignee_id == getattr(user, "pk", None)
    return own or _covers(user, STAFF, target.scope_path)


# The area scope plus the reach declared on each model (the assignee of a household), one filter.


def targets_visible_to(user: Any) -> QuerySet[Target]:
    return Target.objects.for_user(user)


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    """Campaigns run in the user's scope, and those with households in it or assigned to them."""
    return Campaign.objects.for_user(user)


def visits_visible_to(user: Any) -> QuerySet[Visit]:
    return Visit.objects.for_user(user)


def incidents_visible_to(user: Any) -> QuerySet[Incident]:
    return Incident.objects.for_user(user)


def can_report_incident(user: Any, grid: Area) -> bool:
    return _covers(user, REPORTERS, grid.path)


def _level_area_path(incident: Incident) -> str:
    """The path of the area that handles the incident now: community, street or district."""
    community = incident.community
    depths: dict[int, int] = {
        EscalationLevel.TOWN: community.depth - 1,
        EscalationLevel.DISTRICT: 1,  # as organisations.escalation.admins_at_level counts it
    }
    depth = depths.get(incident.escalation_level, community.depth)
    return community.path[: Area.steplen * depth]


def can_handle_incident(user: Any, incident: Incident) -> bool:
    """Accept, handle, escalate: the administrators of the level the incident is at now."""
    roles = LEVEL_ROLES.get(incident.escalation_level, frozenset())
    return _covers(user, roles, _level_area_path(incident))


def can_close_incident(user: Any, incident: Incident) -> bool:
    """网格关闭: the reporting grid worker confirms; the community (or above) may close too."""
    if incident.status != IncidentStatus.HANDLED:
        return False
    own = incident.reported_by_id == getattr(user, "pk", None)
    return own or _covers(user, ADMINS, incident.community.path)


def admins_of(community: Any) -> list[Any]:
    return users_with(frozenset({"community_admin"}), [community.pk])


def grid_workers_of(grid: Area) -> list[Any]:
    return users_with(frozenset({"grid_worker"}), [grid.pk])
