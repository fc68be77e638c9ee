"""The community's dispatch board (党组织下单): tabs with counts, member suggestions, targets."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from yipanqi.orders.choices import OrderStatus
from yipanqi.orders.models import ACTIVE_REGISTRATION, OrderParticipant, ServiceOrder
from yipanqi.orders.permissions import participants_of
from yipanqi.orders.selectors.orders import BOARD_TABS, tab_filter, with_relations
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area, Unit
from yipanqi.people.choices import MemberStatus, RegistrationKind
from yipanqi.people.models import CommunityRegistration, PartyMember

# --- the community's dispatch board -------------------------------------------------------------


@dataclass
class Board:
    tab: str
    orders: QuerySet[ServiceOrder]
    counts: dict[str, int] = field(default_factory=dict)


def manageable_orders(*, user: Any) -> QuerySet[ServiceOrder]:
    """Orders the user's party organisation runs (accept, dispatch, reassign): admin grants."""
    return ServiceOrder.objects.for_user(user, "change")


def board_communities(*, user: Any) -> QuerySet[Area]:
    return Area.objects.for_user(user, "change").filter(kind=AreaKind.COMMUNITY).order_by("path")


def board_grids(*, user: Any, community_id: int | None = None) -> QuerySet[Area]:
    grids = Area.objects.for_user(user, "change").filter(kind=AreaKind.GRID)
    if community_id:
        community = Area.objects.filter(pk=community_id).first()
        grids = grids.filter(path__startswith=community.path) if community else grids.none()
    return grids.order_by("path")


def dispatch_board(
    *,
    user: Any,
    tab: str = "new",
    community_id: int | None = None,
    grid_id: int | None = None,
    category_id: int | None = None,
) -> Board:
    """The board's tabs (new / overdue / escalated / in progress) with their counts in one query."""
    tab = tab if tab in BOARD_TABS else "new"
    scope = manageable_orders(user=user)
    if community_id:
        scope = scope.filter(community_id=community_id)
    if grid_id:
        scope = scope.filter(grid_id=grid_id)
    if category_id:
        scope = scope.filter(category_id=category_id)
    counts = scope.aggregate(**{t: Count("pk", filter=tab_filter(t)) for t in BOARD_TABS})
    orders = with_relations(scope.filter(tab_filter(tab)))
    order_by = ("placed_at", "id") if tab == "new" else ("-escalation_level", "due_at", "id")
    return Board(tab=tab, orders=orders.order_by(*order_by), counts=counts)


def member_suggestions(
    *, order: ServiceOrder, limit: int = 20, q: str = ""
) -> QuerySet[CommunityRegistration]:
    """Members registered with the order's community (双报到), best first: same grid, skills that
    match the category, lightest current load, best average rating of the orders they completed."""
    load = (
        ServiceOrder.objects.filter(taker=OuterRef("member_id"), status=OrderStatus.TAKEN)
        .order_by()
        .values("taker")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rating = (
        OrderParticipant.objects.filter(
            member=OuterRef("member_id"), order__ratings__round=F("round")
        )
        .order_by()
        .values("member")
        .annotate(avg=Avg("order__ratings__score"))
        .values("avg")
    )
    name = order.category.name
    registrations = CommunityRegistration.objects.filter(
        kind=RegistrationKind.MEMBER,
        community_id=order.community_id,
        status__in=ACTIVE_REGISTRATION,
    )
    if q.strip():  # the admin looks for someone by name or pinyin initials
        registrations = registrations.filter(
            Q(member__person__name__icontains=q.strip())
            | Q(member__person__name_initials__startswith=q.strip().lower())
        )
    return (
        registrations.exclude(member__status=MemberStatus.TRANSFERRED_OUT)
        .select_related("member__person", "grid")
        .annotate(
            same_grid=Case(
                When(grid_id=order.grid_id, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            skill_match=Case(
                When(Q(skills__icontains=name) | Q(preferences__icontains=name), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            load=Coalesce(Subquery(load, output_field=IntegerField()), Value(0)),
            avg_rating=Subquery(rating),
        )
        .order_by(
            "-same_grid",
            "-skill_match",
            "load",
            F("avg_rating").desc(nulls_last=True),
            "member__person__name",
            "pk",
        )[:limit]
    )


@dataclass
class DispatchTargets:
    suggestions: list[CommunityRegistration]
    members: QuerySet[PartyMember]
    units: QuerySet[Unit]
    areas: QuerySet[Area]


def dispatch_targets(*, user: Any, order: ServiceOrder, q: str = "") -> DispatchTargets:
    """What a dispatch may name: registered members (best first, or those matching `q`), the
    units of the community, the community itself or one of its grids (open for claiming)."""
    suggestions = list(member_suggestions(order=order, limit=30, q=q))
    registered = CommunityRegistration.objects.filter(
        community_id=order.community_id, status__in=ACTIVE_REGISTRATION
    ).values("member_id")
    community = order.community
    units = Unit.objects.for_user(user).filter(scope_path__startswith=community.path)
    areas = Area.objects.filter(path__startswith=community.path, depth__lte=community.depth + 1)
    return DispatchTargets(
        suggestions=suggestions,
        members=PartyMember.objects.filter(pk__in=registered),
        units=units.order_by("name"),
        areas=areas.order_by("path"),
    )


def registered_members(*, order: ServiceOrder, member_ids: Iterable[int]) -> list[PartyMember]:
    """The named members, each actively registered with the order's community; others are left
    out (the caller reports them as unknown, so ids outside the community reveal nothing)."""
    registered = CommunityRegistration.objects.filter(
        community_id=order.community_id, status__in=ACTIVE_REGISTRATION
    ).values("member_id")
    members = PartyMember.objects.filter(pk__in=list(member_ids)).filter(pk__in=registered)
    return list(members.select_related("person"))


def completion_participants(*, order: ServiceOrder) -> list[PartyMember]:
    """Whom the taker may credit with hours: themselves, the members the order was sent to with
    them, or the staff of the unit it was sent to — never the community's whole member list."""
    members = participants_of(order).select_related("person")
    return sorted(members[:50], key=lambda m: (m.pk != order.taker_id, m.person.name))


def creditable_members(*, order: ServiceOrder, member_ids: Iterable[int]) -> list[PartyMember]:
    """Of the named members, those the taker may credit with hours: the order's participants (as
    order_complete checks); ids of anyone else are left out, and reveal nothing."""
    members = participants_of(order).filter(pk__in=list(member_ids))
    return list(members.select_related("person"))
