"""Who may move a service order: derived from role grants on the area tree and the member registry."""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from yipanqi.orders import policies
from yipanqi.orders.choices import DispatchKind, EventKind, OrderStatus
from yipanqi.orders.models import (
    TAKER_ROLES,
    OrderCandidate,
    ServiceOrder,
    ServiceTeam,
    ServiceTeamMember,
)
from yipanqi.organisations.choices import ORDER_PLACE_ROLES
from yipanqi.organisations.escalation import users_with
from yipanqi.organisations.permissions import active_grants
from yipanqi.people.choices import RegistrationStatus
from yipanqi.people.models import CommunityRegistration, PartyMember

ADMINS = frozenset({"district_admin", "town_admin", "community_admin"})
PLACERS = ORDER_PLACE_ROLES  # Area's "place" action (orders.selectors.grids_for_placing)


def _covers(user: Any, roles: frozenset[str], path: str) -> bool:
    return any(g.role in roles and path.startswith(g.area.path) for g in active_grants(user))


def member_of(user: Any) -> PartyMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return PartyMember.objects.filter(person__user=user).select_related("person").first()


def active_registration(member: PartyMember, community_id: int) -> CommunityRegistration | None:
    return (
        CommunityRegistration.objects.filter(
            member=member,
            community_id=community_id,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.ASSIGNED],
        )
        .select_related("grid")
        .first()
    )


def can_place(user: Any, grid_path: str) -> bool:
    """Residents and members in their own area; grid workers and community admins on a resident's behalf."""
    return _covers(user, PLACERS, grid_path)


def can_manage(user: Any, order: ServiceOrder) -> bool:
    """Accept, decline, dispatch, reassign: the community party organisation (and levels above)."""
    return _covers(user, ADMINS, order.community.path)


def may_take(user: Any, order: ServiceOrder, member: PartyMember | None) -> bool:
    """Whether the user is among those the order was sent to, whatever its state now.

    Named members: a candidate still registered with the community. Open for claiming: a member
    registered with the community whose grid (or, not yet placed in a grid, whose community) meets
    the claim area. Unit / social organisation: that role over the order's community.
    """
    role = TAKER_ROLES.get(order.dispatch_kind)
    if role is not None:
        return _covers(user, frozenset({role}), order.community.path)
    if order.dispatch_kind == DispatchKind.TEAM:
        return member is not None and is_team_member(member, order.dispatched_team_id)
    if order.dispatch_kind not in (DispatchKind.MEMBERS, DispatchKind.OPEN) or member is None:
        return False
    registration = active_registration(member, order.community_id)
    if registration is None:
        return False
    if order.dispatch_kind == DispatchKind.MEMBERS:
        return order.candidates.filter(member=member).exists()
    area = order.claim_area or order.community
    member_area = registration.grid or order.community
    return member_area.path.startswith(area.path) or area.path.startswith(member_area.path)


def participants_of(order: ServiceOrder) -> QuerySet[PartyMember]:
    """Who took part in an order and so may be credited with hours when it is done: the taker, the
    members it was sent to by name, and the staff of the unit it was sent to — never any member
    who merely is registered with the community."""
    candidate = OrderCandidate.objects.filter(order=order, member=OuterRef("pk"))
    condition = Q(pk=order.taker_id) | Q(Exists(candidate))
    if order.dispatched_unit_id is not None:
        condition |= Q(work_unit_id=order.dispatched_unit_id)
    if order.dispatched_team_id is not None:  # the team's active members (组团式服务)
        teammates = ServiceTeamMember.objects.filter(
            team_id=order.dispatched_team_id, member=OuterRef("pk"), active=True
        )
        condition |= Q(Exists(teammates))
    return PartyMember.objects.filter(condition)


def is_team_member(member: PartyMember, team_id: int | None) -> bool:
    """An active member of the team (who may take what is dispatched to it)."""
    return ServiceTeamMember.objects.filter(team_id=team_id, member=member, active=True).exists()


def can_manage_team(user: Any, team: ServiceTeam) -> bool:
    """The leading street or community party organisation's admins (and the levels above)."""
    return _covers(user, ADMINS, team.area.path)


def can_lead_from(user: Any, area: Any) -> bool:
    """Whether the user may set up a team led from this street or community."""
    return _covers(user, ADMINS, area.path)


def can_take(user: Any, order: ServiceOrder, member: PartyMember | None) -> bool:
    return order.status == OrderStatus.DISPATCHED and may_take(user, order, member)


def is_taker(user: Any, order: ServiceOrder) -> bool:
    return order.taker_user_id == getattr(user, "pk", None)


def take_undo_until(order: ServiceOrder) -> datetime.datetime | None:
    """Until when its taker may undo taking the order: only while taking it is still the order's
    last step, for the district's policy seconds (orders.policies.take_undo_seconds)."""
    if order.status != OrderStatus.TAKEN:
        return None
    last = (
        order.events.order_by("-created_at", "-id").only("kind", "actor_id", "created_at").first()
    )
    if last is None or last.kind != EventKind.TAKEN or last.actor_id != order.taker_user_id:
        return None
    seconds = policies.take_undo_seconds(order.district_code)
    return last.created_at + datetime.timedelta(seconds=seconds) if seconds else None


def can_undo_take(user: Any, order: ServiceOrder) -> bool:
    """The taker, within the undo window (checked against the server's clock)."""
    until = take_undo_until(order) if is_taker(user, order) else None
    return until is not None and timezone.now() <= until


def can_rate(user: Any, order: ServiceOrder) -> bool:
    """The resident the order is for rates it; the placer only for a resident without an account."""
    pk = getattr(user, "pk", None)
    if order.resident is not None and order.resident.user_id is not None:
        return order.resident.user_id == pk
    return order.placed_by_id == pk


def can_cancel(user: Any, order: ServiceOrder) -> bool:
    placer_early = (
        order.placed_by_id == getattr(user, "pk", None) and order.status == OrderStatus.PLACED
    )
    return placer_early or can_manage(user, order)


def orders_visible_to(user: Any) -> QuerySet[ServiceOrder]:
    """Staff see orders in their scope; residents their own; members those they may take or took
    (the reach declared on ServiceOrder)."""
    return ServiceOrder.objects.for_user(user)


def is_staff_placer(user: Any, grid_path: str) -> bool:
    """A grid worker or community admin placing an order is the assisted channel (代办)."""
    return _covers(user, frozenset({"grid_worker", "community_admin"}), grid_path)


def admins_of(community: Any) -> list[Any]:
    """The community's own administrators (the community party organisation's staff)."""
    return users_with(frozenset({"community_admin"}), [community.pk])


def unit_users(community: Any, kind: str = DispatchKind.UNIT) -> list[Any]:
    """Who hears of an order sent to a unit (liaisons) or a social organisation (its staff)."""
    ids = [community.pk, *[a.pk for a in community.get_ancestors()]]
    return users_with(frozenset({TAKER_ROLES[kind]}), ids)
