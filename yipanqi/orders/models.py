"""Service orders (三单制) with their event history, participants, ratings and the points ledger."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull, StartsWith
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yipanqi.core.models import ScopedModel, ScopedQuerySet, StoredPhoto
from yipanqi.core.scope import Reach
from yipanqi.orders.choices import (
    Channel,
    DispatchKind,
    EscalationLevel,
    EventKind,
    LedgerKind,
    OrderStatus,
    Urgency,
)
from yipanqi.organisations.models import Area, Unit
from yipanqi.organisations.permissions import active_grants
from yipanqi.people.choices import RegistrationStatus
from yipanqi.people.models import CommunityRegistration, Household, PartyMember, Person

STAFF = frozenset({"district_admin", "town_admin", "community_admin", "grid_worker"})
ORDER_POLICY = {
    "view": STAFF,
    "change": frozenset({"district_admin", "town_admin", "community_admin"}),
}
# Who takes an order sent to an organisation: the unit's liaison, the social organisation's staff.
TAKER_ROLES: dict[str, str] = {
    DispatchKind.UNIT: "unit_liaison",
    DispatchKind.SOCIAL_ORG: "social_org_staff",
}


ACTIVE_REGISTRATION = (RegistrationStatus.CONFIRMED, RegistrationStatus.ASSIGNED)


def _registrations_in_community(user) -> models.QuerySet[CommunityRegistration]:
    return CommunityRegistration.objects.filter(
        member__person__user=user,
        status__in=ACTIVE_REGISTRATION,
        community_id=OuterRef("community_id"),
    )


def _registered_in_community(user) -> Exists:
    """The user's member record is (still) registered with the order's community."""
    return Exists(_registrations_in_community(user))


def _registered_near_claim_area(user) -> Exists:
    """A registration with the order's community whose place (its grid; the community before a
    grid is assigned) lies inside the claim area or contains it: a grid member may claim
    community-wide orders and those of their own grid. No claim area: the whole community may."""
    near = Coalesce("grid__path", "community__path")
    claim = OuterRef("claim_area__path")
    around = (
        IsNull(OuterRef("claim_area_id"), True) | StartsWith(near, claim) | StartsWith(claim, near)
    )
    return Exists(_registrations_in_community(user).filter(around))


def _sent_to_my_organisation(user) -> Q | None:
    """Dispatched to a unit / social organisation whose role the user holds over the community."""
    condition = Q()
    for grant in active_grants(user):
        kind = next((k for k, role in TAKER_ROLES.items() if role == grant.role), None)
        if kind is not None:
            condition |= Q(
                status=OrderStatus.DISPATCHED,
                dispatch_kind=kind,
                community__path__startswith=grant.area.path,
            )
    return condition or None


SEEN_AND_TAKEN = ("view", "take")
ORDER_REACH = (
    Reach("placer", lambda u: Q(placed_by=u), SEEN_AND_TAKEN),
    Reach("resident", lambda u: Q(resident__user=u), SEEN_AND_TAKEN),  # placed for them (代办)
    Reach("taker", lambda u: Q(taker_user=u), SEEN_AND_TAKEN),
    Reach(
        "candidate",
        lambda u: Exists(
            OrderCandidate.objects.filter(order=OuterRef("pk"), member__person__user=u)
        ),
        SEEN_AND_TAKEN,
    ),
    # open for claiming (抢单) in a community the member is registered with
    Reach(
        "open_claim",
        lambda u: (
            Q(status=OrderStatus.DISPATCHED, dispatch_kind=DispatchKind.OPEN)
            & _registered_in_community(u)
        ),
        ("view",),
    ),
    # once open there, whatever its state now: a late claimant hears "already taken", not 404
    Reach(
        "late_claimant",
        lambda u: Q(dispatch_kind=DispatchKind.OPEN) & _registered_in_community(u),
        ("take",),
    ),
    Reach("organisation", _sent_to_my_organisation, SEEN_AND_TAKEN),
    # "claim": the member's list of orders to take (抢单), reached only this way, never by a grant
    Reach(
        "named_claimant",
        lambda u: (
            Q(status=OrderStatus.DISPATCHED, dispatch_kind=DispatchKind.MEMBERS)
            & Exists(OrderCandidate.objects.filter(order=OuterRef("pk"), member__person__user=u))
            & _registered_in_community(u)
        ),
        ("claim",),
    ),
    # dispatched to a service team: its active members see and may claim it while it waits, and
    # a late teammate hears "already taken" (409), not 404
    Reach(
        "team_member",
        lambda u: (
            Q(status=OrderStatus.DISPATCHED, dispatch_kind=DispatchKind.TEAM)
            & _in_my_team(u, "dispatched_team_id")
        ),
        ("view", "claim"),
    ),
    Reach(
        "late_teammate",
        lambda u: Q(dispatch_kind=DispatchKind.TEAM) & _in_my_team(u, "dispatched_team_id"),
        ("take",),
    ),
    Reach(
        "open_claimant",
        lambda u: (
            Q(status=OrderStatus.DISPATCHED, dispatch_kind=DispatchKind.OPEN)
            & _registered_near_claim_area(u)
        ),
        ("claim",),
    ),
)


class OrderCategory(models.Model):
    """A kind of service a resident may order (助老, 维修, 微心愿 …), configurable per district."""

    district_code = models.CharField(max_length=6, db_index=True)
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=40)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    scoped = "district configuration: the same list for every area of a district"

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("order category")
        verbose_name_plural = _("order categories")
        constraints = [
            models.UniqueConstraint(fields=["district_code", "code"], name="order_category_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ServiceOrder(ScopedModel):
    """A resident's request for help (群众点单), dispatched by the community party organisation."""

    category = models.ForeignKey(
        OrderCategory, on_delete=models.PROTECT, related_name="orders", verbose_name=_("category")
    )
    grid = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="service_orders", verbose_name=_("grid")
    )
    community = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    resident = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=2000)
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.RESIDENT
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.PLACED
    )
    dispatch_kind = models.CharField(
        _("dispatched"), max_length=12, choices=DispatchKind.choices, blank=True
    )
    dispatched_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dispatched_team = models.ForeignKey(  # 组团式服务: any active member of the team may take it
        "ServiceTeam",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("service team"),
    )
    claim_area = (
        models.ForeignKey(  # where an order opened for claiming may be taken (grid or community)
            Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
        )
    )
    taker = models.ForeignKey(
        PartyMember,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="taken_orders",
        verbose_name=_("taken by"),
    )
    taker_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    overdue = models.BooleanField(_("overdue"), default=False)
    escalation_level = models.PositiveSmallIntegerField(
        _("escalated to"), choices=EscalationLevel.choices, default=EscalationLevel.GRID
    )
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    placed_at = models.DateTimeField(_("placed at"), db_index=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    solved = models.BooleanField(_("problem solved"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)  # bumped by every transition
    # The client's Idempotency-Key (R-AV-3): a repeated place by the same user returns this order.
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    # "take": finding an order to take it; "report": counts over the area scope (no reach);
    # "claim": the orders a member may take now, by reach alone (no role lists them)
    scope_policy = {
        **ORDER_POLICY,
        "take": ORDER_POLICY["view"],
        "report": ORDER_POLICY["view"],
        "claim": frozenset(),
    }
    scope_reach = ORDER_REACH
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("service order")
        verbose_name_plural = _("service orders")
        ordering = ["-placed_at", "-id"]
        indexes = [
            models.Index(fields=["scope_path", "status", "-placed_at"], name="order_scope_status"),
            models.Index(fields=["district_code", "placed_at"], name="order_district_time"),
            models.Index(fields=["status", "due_at"], name="order_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=[OrderStatus.TAKEN, OrderStatus.DONE])
                | Q(taker__isnull=False)
                | Q(taker_user__isnull=False),
                name="taken_order_has_taker",
            ),
            models.CheckConstraint(condition=Q(reopen_count__lte=20), name="order_reopen_bounded"),
            models.UniqueConstraint(
                fields=["placed_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="order_idempotency_key_once",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("orders:detail", args=[self.pk])


class OrderCandidate(ScopedModel):
    """A party member an order was dispatched to by name (any one of them may take it)."""

    order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey(
        PartyMember, on_delete=models.PROTECT, related_name="order_candidacies"
    )

    scope_policy = ORDER_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order", "member"], name="order_candidate_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order_id}:{self.member_id}"


class OrderEvent(ScopedModel):
    """One step in an order's history (工单流转记录); written by every transition."""

    order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=12, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)

    scope_policy = ORDER_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        indexes = [models.Index(fields=["order", "kind"], name="order_event_kind")]

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind}"


class OrderParticipant(ScopedModel):
    """A member who worked on a completed order, with hours (per completion round)."""

    order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(
        PartyMember, on_delete=models.PROTECT, related_name="order_participations"
    )
    round = models.PositiveSmallIntegerField(default=0)  # the order's reopen_count when completed
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)

    scope_policy = ORDER_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["order", "member", "round"], name="order_participant_once"
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=24), name="participant_hours_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}:{self.member_id} {self.hours}h"


class OrderRating(ScopedModel):
    """The resident's evaluation (群众评价): 1–5, comment, and whether the problem was solved."""

    order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="ratings")
    round = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(_("score"))
    solved = models.BooleanField(_("solved"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = ORDER_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order", "round"], name="one_rating_per_round"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="rating_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.score}"


class OrderPhoto(StoredPhoto):
    """A photo attached when placing or completing an order; stored outside the web root."""

    order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="photos")
    stage = models.CharField(max_length=10)  # "placed" | "done"

    scope_policy = ORDER_POLICY
    objects = ScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.order_id} {self.stage}"


class LedgerEntry(ScopedModel):
    """One credit of service hours or points to a member (积分台账); balances are sums of entries."""

    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="ledger_entries")
    kind = models.CharField(max_length=8, choices=LedgerKind.choices)
    amount = models.DecimalField(max_digits=8, decimal_places=1)
    source = models.CharField(
        max_length=80
    )  # "orders.serviceorder:42:0" — every credit names its source
    occurred_on = models.DateField()

    scope_policy = {"view": STAFF, "change": ORDER_POLICY["change"]}
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind", "source"], name="ledger_entry_once_per_source"
            )
        ]
        indexes = [models.Index(fields=["member", "kind"], name="ledger_member_kind")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.amount}"


# --- fixed service teams (组团式服务) ------------------------------------------------------------
# Here, in the lower app, so that orders can dispatch to a team without importing cobuilding
# (docs/decisions/024-service-teams-in-orders.md); cobuilding holds the teams' pages.


def _covers_my_area(user) -> Exists | None:
    """A team covering a community or grid under or around one of the user's staff grants (a
    town-led team is seen by the admins of the communities it serves, a community's team by the
    grid workers of its grids)."""
    paths = [g.area.path for g in active_grants(user) if g.role in STAFF]
    if not paths:
        return None
    step, near = Area.steplen, Q()
    for path in paths:  # coverage inside the grant's area, or around it (a grid worker's grid)
        around = [path[:i] for i in range(step, len(path) + 1, step)]
        near |= Q(area__path__startswith=path) | Q(area__path__in=around)
    through = ServiceTeam.coverage.through
    return Exists(through.objects.filter(near, serviceteam_id=OuterRef("pk")))


def _in_my_team(user, team_column: str) -> Exists:
    return Exists(
        ServiceTeamMember.objects.filter(
            team_id=OuterRef(team_column), member__person__user=user, active=True
        )
    )


class ServiceTeam(ScopedModel):
    """A fixed service team (组团式服务团队) led by a street or community party organisation."""

    name = models.CharField(_("name"), max_length=60)
    lead_organisation = models.ForeignKey(
        "organisations.PartyOrganisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("leading party organisation"),
    )
    area = models.ForeignKey(  # the leading organisation's street or community
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    coverage = models.ManyToManyField(
        Area, related_name="+", verbose_name=_("communities or grids served")
    )
    leader = models.ForeignKey(
        PartyMember,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("team leader"),
    )
    active = models.BooleanField(_("active"), default=True)
    formed_on = models.DateField(_("formed on"))  # 组建日期: the figures count teams from it

    scope_policy = {"view": STAFF, "change": ORDER_POLICY["change"]}
    scope_reach = (
        Reach("team_member", lambda u: _in_my_team(u, "pk")),
        Reach("covered_area", _covers_my_area),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("service team")
        verbose_name_plural = _("service teams")
        ordering = ["scope_path", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="service_team_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cobuilding:team_detail", args=[self.pk])


class TeamMemberSource(models.TextChoices):
    REGISTERED = "registered", _("Registered in-service member")  # 双报到在职党员
    UNIT_STAFF = "unit_staff", _("Staff of a registered unit")  # 报到单位职工


class ServiceTeamMember(ScopedModel):
    """A member of a service team: a member registered with a community the team serves, or a
    member working for a unit registered there. Leaving keeps the row (the service log names them)."""

    team = models.ForeignKey(ServiceTeam, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        PartyMember, on_delete=models.PROTECT, related_name="team_memberships"
    )
    source = models.CharField(_("drawn from"), max_length=12, choices=TeamMemberSource.choices)
    unit = models.ForeignKey(  # the registered unit, for unit staff
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(_("active"), default=True)
    joined_at = models.DateTimeField(_("joined at"))
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    scope_policy = {"view": STAFF, "change": ORDER_POLICY["change"]}
    scope_reach = (Reach("teammate", lambda u: _in_my_team(u, "team_id")),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("service team member")
        verbose_name_plural = _("service team members")
        ordering = ["team_id", "-active", "joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "member"], condition=Q(active=True), name="team_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team_id}:{self.member_id}"
