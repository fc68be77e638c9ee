"""The community's dispatch board (党组织下单): tabs with counts, member suggestions, targets."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from yipanqi.orders import policies
from yipanqi.orders.choices import OrderStatus
from yipanqi.orders.models import (
    ACTIVE_REGISTRATION,
    OrderCandidate,
    OrderParticipant,
    ServiceOrder,
    ServiceTeam,
)
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
    named = OrderCandidate.objects.select_related("member__person").order_by("id")
    orders = with_relations(scope.filter(tab_filter(tab))).prefetch_related(
        Prefetch("candidates", queryset=named)
    )
    if tab in ("new", "dispatch"):
        # Late and urgent ones first ("urgent" sorts after "normal"), then the newest: the one a
        # new-order notice just announced is at the top, not under the whole queue.
        order_by: tuple[str, ...] = ("-overdue", "-urgency", "-placed_at", "-id")
    else:
        order_by = ("-escalation_level", "due_at", "id")
    return Board(tab=tab, orders=orders.order_by(*order_by), counts=counts)


def _skill_match(order: ServiceOrder) -> Case:
    """1 when the registration's skills or service preferences name a word of the category."""
    match = Q()
    for word in policies.skill_words(order.district_code, order.category):
        match |= Q(skills__icontains=word) | Q(preferences__icontains=word)
    return Case(When(match, then=Value(1)), default=Value(0), output_field=IntegerField())


def _nearness(order: ServiceOrder) -> Case:
    """2: serves or lives in the order's grid; 1: lives in its community (a member placed in a
    grid of the community serves there); 0: neither (registered, not yet placed, lives elsewhere).
    Compared on the area tree's paths."""
    same_grid = Q(grid_id=order.grid_id) | Q(member__person__area__path__startswith=order.grid.path)
    community = Q(grid__isnull=False) | Q(
        member__person__area__path__startswith=order.community.path
    )
    return Case(
        When(same_grid, then=Value(2)),
        When(community, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _load() -> Any:
    """Open orders on the member now: taken and not yet done, and dispatched to them by name."""

    def count(rows: QuerySet, column: str) -> Coalesce:
        counted = rows.order_by().values(column).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    taken = ServiceOrder.objects.filter(taker=OuterRef("member_id"), status=OrderStatus.TAKEN)
    named = OrderCandidate.objects.filter(
        member=OuterRef("member_id"), order__status=OrderStatus.DISPATCHED
    )
    return count(taken, "taker") + count(named, "member")


def member_suggestions(
    *, order: ServiceOrder, limit: int = 20, q: str = ""
) -> QuerySet[CommunityRegistration]:
    """Members registered with the order's community (双报到), best first: those with an account
    (only they can take it online), then skills matching the category, then nearness to the
    order's grid, then the lightest current load, then the best average rating. One query."""
    rating = (
        OrderParticipant.objects.filter(
            member=OuterRef("member_id"), order__ratings__round=F("round")
        )
        .order_by()
        .values("member")
        .annotate(avg=Avg("order__ratings__score"))
        .values("avg")
    )
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
    account = Case(
        When(member__person__user__isnull=False, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        registrations.exclude(member__status=MemberStatus.TRANSFERRED_OUT)
        .select_related("member__person", "grid")
        .annotate(
            has_account=account,
            skill_match=_skill_match(order),
            nearness=_nearness(order),
            load=_load(),
            avg_rating=Subquery(rating),
        )
        .order_by(
            "-has_account",
            "-skill_match",
            "-nearness",
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
    teams: QuerySet[ServiceTeam]


def dispatch_targets(*, user: Any, order: ServiceOrder, q: str = "") -> DispatchTargets:
    """What a dispatch may name: registered members (best first, or those matching `q`), the
    units of the community, the community itself or one of its grids (open for claiming), the
    service teams serving it."""
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
        teams=serving_teams(user=user, order=order),
    )


def serving_teams(*, user: Any, order: ServiceOrder) -> QuerySet[ServiceTeam]:
    """Active service teams (组团式服务) the user sees that serve the order's grid or community,
    with their active members counted."""
    through = ServiceTeam.coverage.through
    serves = through.objects.filter(
        serviceteam_id=OuterRef("pk"), area_id__in=[order.grid_id, order.community_id]
    )
    teams = ServiceTeam.objects.for_user(user).filter(Exists(serves), active=True)
    members = Count("memberships", filter=Q(memberships__active=True))
    return teams.select_related("area").annotate(member_count=members).order_by("name", "pk")


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
