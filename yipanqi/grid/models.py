"""Grid work (网格工作): 清楼 sweeps with their target households, visits and checklists, and
incident reports (事件上报) with their history and photos."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yipanqi.core.models import ScopedModel, ScopedQuerySet, StoredPhoto
from yipanqi.core.scope import Reach
from yipanqi.core.sealed import SealedJSONField, SealedTextField
from yipanqi.grid.choices import (
    CampaignStatus,
    EscalationLevel,
    IncidentCategory,
    IncidentEventKind,
    IncidentStatus,
    Outcome,
    QuestionKind,
)
from yipanqi.orders.models import ServiceOrder
from yipanqi.organisations.models import Area
from yipanqi.people.models import Household, HouseholdTag

ADMINS = frozenset({"district_admin", "town_admin", "community_admin"})
STAFF = ADMINS | {"grid_worker"}
CAMPAIGN_POLICY = {"view": STAFF, "change": ADMINS}
WORK_POLICY = {"view": STAFF, "change": STAFF}  # targets, visits, incidents


class Campaign(ScopedModel):
    """A 清楼 sweep (清楼行动): purpose, period, target areas, checklist and rounds of visits.

    Scoped to the area that runs it (a community, street or the district); the households it
    targets are its `targets`, each scoped to its own grid.
    """

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("run by")
    )
    title = models.CharField(_("title"), max_length=100)
    purpose = models.TextField(_("purpose"), max_length=2000, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    rounds = models.PositiveSmallIntegerField(_("rounds"), default=1)
    current_round = models.PositiveSmallIntegerField(_("current round"), default=1)
    status = models.CharField(
        _("status"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    target_areas = models.ManyToManyField(Area, related_name="+", verbose_name=_("target areas"))
    tags = models.ManyToManyField(
        HouseholdTag, blank=True, related_name="+", verbose_name=_("household tags")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = CAMPAIGN_POLICY
    # a sweep run above the user's grant, with households in their scope or assigned to them
    scope_reach = (
        Reach(
            "targets",
            lambda u: Exists(Target.objects.for_user(u).filter(campaign=OuterRef("pk"))),
        ),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sweep campaign")
        verbose_name_plural = _("sweep campaigns")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period_order"
            ),
            models.CheckConstraint(
                condition=Q(rounds__gte=1) & Q(rounds__lte=10), name="campaign_rounds_range"
            ),
            models.CheckConstraint(
                condition=Q(current_round__gte=1) & Q(current_round__lte=models.F("rounds")),
                name="campaign_current_round_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("grid:campaign_detail", args=[self.pk])


class Question(ScopedModel):
    """One checklist item of a sweep (排查项目): yes/no, a choice, a number or a short text."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)

    scope_policy = CAMPAIGN_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["campaign_id", "position", "id"]
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")

    def __str__(self) -> str:
        return self.text


class Target(ScopedModel):
    """A household a sweep must reach (清楼对象户), with who is assigned to it and where it stands.

    `outcome`, `last_round` and `visited_at` repeat the latest visit so lists and coverage read one
    table; the visits themselves are the record.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    grid = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    last_round = models.PositiveSmallIntegerField(default=0)
    visited_at = models.DateTimeField(_("visited at"), null=True, blank=True)

    scope_policy = WORK_POLICY
    scope_reach = (Reach("assignee", lambda u: Q(assignee=u)),)  # a member or volunteer
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("target household")
        verbose_name_plural = _("target households")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "household"], name="target_once")
        ]
        indexes = [
            models.Index(fields=["campaign", "scope_path"], name="target_campaign_scope"),
            models.Index(fields=["campaign", "assignee"], name="target_campaign_assignee"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.household_id}"


class Visit(ScopedModel):
    """One visit to a household in one round of a sweep (入户走访记录), with the checklist answers.

    One per household and round (a database constraint), and one per client key: a visit saved
    twice (poor signal, a double tap) is stored once.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="visits")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="visits")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("round"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    # Sealed at rest (core.sealed, R-PI-5): health and living conditions, never searched by.
    answers = SealedJSONField(_("answers"), default=dict, blank=True)  # question id → value
    note = SealedTextField(_("note"), max_length=500, blank=True)
    visited_at = models.DateTimeField(_("visited at"))
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("visited by"),
    )
    order = models.ForeignKey(
        ServiceOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    incident = models.ForeignKey(
        "Incident", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    scope_policy = WORK_POLICY
    scope_reach = (Reach("assignee", lambda u: Q(target__assignee=u)),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "household", "round"], name="visit_once_per_round"
            ),
            models.UniqueConstraint(
                fields=["visited_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="visit_idempotency_key_once",
            ),
        ]
        indexes = [
            models.Index(fields=["scope_path", "outcome"], name="visit_scope_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} #{self.round} {self.outcome}"


class Incident(ScopedModel):
    """Something a grid worker saw in the street and reported (事件上报), handled at community level
    or escalated up the area tree, and closed with a result."""

    grid = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("grid")
    )
    community = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    category = models.CharField(_("category"), max_length=12, choices=IncidentCategory.choices)
    title = models.CharField(_("title"), max_length=100)
    place = models.CharField(_("place"), max_length=200)
    description = models.TextField(_("description"), max_length=2000)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=IncidentStatus.choices,
        default=IncidentStatus.REPORTED,
    )
    escalation_level = models.PositiveSmallIntegerField(
        _("handled at"), choices=EscalationLevel.choices, default=EscalationLevel.COMMUNITY
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    overdue = models.BooleanField(_("overdue"), default=False)
    handling = models.TextField(_("handling"), max_length=2000, blank=True)
    result = models.TextField(_("result"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)  # bumped by every step (re-arms notices)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    scope_policy = WORK_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["scope_path", "status"], name="incident_scope_status"),
            models.Index(fields=["status", "due_at"], name="incident_status_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reported_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="incident_idempotency_key_once",
            ),
            models.CheckConstraint(
                condition=~Q(status=IncidentStatus.CLOSED) | Q(closed_at__isnull=False),
                name="closed_incident_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("grid:incident_detail", args=[self.pk])


class IncidentEvent(ScopedModel):
    """One step in an incident's history (事件流转记录): who, what, at which level."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=10, choices=IncidentEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    level = models.PositiveSmallIntegerField(choices=EscalationLevel.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    scope_policy = WORK_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("incident event")
        verbose_name_plural = _("incident events")
        indexes = [models.Index(fields=["incident", "kind"], name="incident_event_kind")]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind}"


class IncidentPhoto(StoredPhoto):
    """A photo of what was reported; stored outside the web root (core.uploads)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="photos")

    scope_policy = WORK_POLICY
    objects = ScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.incident_id} photo"
