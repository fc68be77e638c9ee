"""Reads of fixed service teams (组团式服务) for their pages and API (cobuilding holds those): the
teams in the user's view, one team with its members, coverage and service log, and the choices
its forms offer. Every read starts from the user's scope."""

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from yipanqi.orders.models import (
    ACTIVE_REGISTRATION,
    ServiceOrder,
    ServiceTeam,
    ServiceTeamMember,
)
from yipanqi.orders.selectors.orders import with_relations
from yipanqi.organisations.choices import AreaKind, PartyOrganisationKind
from yipanqi.organisations.models import Area, PartyOrganisation
from yipanqi.people.choices import MemberStatus, RegistrationKind
from yipanqi.people.models import CommunityRegistration, PartyMember

LEAD_ORG_KINDS = (PartyOrganisationKind.TOWN_COMMITTEE, PartyOrganisationKind.COMMUNITY_COMMITTEE)
DONE_STATES = ("done", "rated", "closed")


def team_list(*, user: Any, active: bool | None = None) -> QuerySet[ServiceTeam]:
    teams = ServiceTeam.objects.for_user(user)
    if active is not None:
        teams = teams.filter(active=active)
    return teams.select_related("area", "lead_organisation", "leader__person").annotate(
        member_count=Count("memberships", filter=Q(memberships__active=True), distinct=True),
        service_count=Count("orders", filter=Q(orders__status__in=DONE_STATES), distinct=True),
    )


def team_get(*, user: Any, team_id: int) -> ServiceTeam:
    """One team in the user's view; out of scope raises DoesNotExist like a missing id."""
    teams = ServiceTeam.objects.for_user(user)
    return teams.select_related("area", "lead_organisation", "leader__person").get(pk=team_id)


def team_find(*, user: Any, team_id: int) -> ServiceTeam | None:
    """A team in the user's view by id, or None (a dispatch names it; unknown is a 400)."""
    return ServiceTeam.objects.for_user(user).filter(pk=team_id).first()


def area_find_many(*, user: Any, area_ids: list[int]) -> list[Area]:
    """The named areas among those the user sees (a team's coverage by id)."""
    return list(Area.objects.for_user(user).filter(pk__in=area_ids))


def team_members(*, team: ServiceTeam, active_only: bool = False) -> list[ServiceTeamMember]:
    rows = team.memberships.select_related("member__person", "unit")
    if active_only:
        rows = rows.filter(active=True)
    return list(rows.order_by("-active", "joined_at", "id"))


def team_member_choices(*, team: ServiceTeam) -> QuerySet[PartyMember]:
    """The team's active members (whom the leader is chosen from)."""
    active = ServiceTeamMember.objects.filter(team=team, member_id=OuterRef("pk"), active=True)
    return PartyMember.objects.filter(Exists(active)).select_related("person").order_by("pk")


def team_coverage(*, team: ServiceTeam) -> list[Area]:
    return list(team.coverage.order_by("path"))


def team_service_log(*, user: Any, team: ServiceTeam) -> QuerySet[ServiceOrder]:
    """The orders dispatched to the team that the user may see (staff: all of them; a member:
    those waiting for the team and those they took), newest first."""
    orders = ServiceOrder.objects.for_user(user).filter(dispatched_team=team)
    return with_relations(orders).order_by("-placed_at", "-id")


def lead_choices(*, user: Any) -> QuerySet[PartyOrganisation]:
    """Street and community party organisations the user administers (who may set up a team)."""
    areas = Area.objects.for_user(user, "change").filter(
        kind__in=(AreaKind.TOWN, AreaKind.COMMUNITY)
    )
    return (
        PartyOrganisation.objects.filter(area__in=areas, kind__in=LEAD_ORG_KINDS)
        .select_related("area")
        .order_by("path")
    )


def coverage_choices(*, user: Any, area: Area | None = None) -> QuerySet[Area]:
    """Communities and grids the user administers (within `area`, the leading organisation's)."""
    areas = Area.objects.for_user(user, "change").filter(
        kind__in=(AreaKind.COMMUNITY, AreaKind.GRID)
    )
    if area is not None:
        areas = areas.filter(path__startswith=area.path)
    return areas.order_by("path")


def _covered_communities(team: ServiceTeam) -> list[int]:
    ids = []
    for area in team.coverage.all():
        ids.append(area.pk if area.kind == AreaKind.COMMUNITY else area.get_parent().pk)
    return ids


def team_candidates(*, team: ServiceTeam, q: str = "") -> QuerySet[PartyMember]:
    """Members who may join: registered with a community the team serves (双报到), or on the staff
    of a unit registered there; not in the team now."""
    communities = _covered_communities(team)
    active = CommunityRegistration.objects.filter(
        community_id__in=communities, status__in=ACTIVE_REGISTRATION
    )
    own = active.filter(kind=RegistrationKind.MEMBER, member_id=OuterRef("pk"))
    unit = active.filter(kind=RegistrationKind.UNIT, unit_id=OuterRef("work_unit_id"))
    in_team = ServiceTeamMember.objects.filter(team=team, member_id=OuterRef("pk"), active=True)
    members = PartyMember.objects.filter(Exists(own) | Exists(unit)).exclude(
        status=MemberStatus.TRANSFERRED_OUT
    )
    if q.strip():
        members = members.filter(
            Q(person__name__icontains=q.strip())
            | Q(person__name_initials__startswith=q.strip().lower())
        )
    members = members.filter(~Exists(in_team)).select_related("person", "work_unit")
    return members.order_by("person__name", "pk")


def member_for_team(*, user: Any, team: ServiceTeam, member_id: int) -> PartyMember | None:
    """The member a team admin names by id: one they see, or one who may join the team. Anyone
    else is unknown (ids outside reveal nothing); the action tells the rest apart."""
    seen = PartyMember.objects.for_user(user).filter(pk=member_id)
    member = seen.select_related("person").first()
    return member or team_candidates(team=team).filter(pk=member_id).first()
