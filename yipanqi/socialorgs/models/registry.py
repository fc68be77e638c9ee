"""The registry of social organisations (社会组织名录), their staff and incubation, the services they
offer, the needs communities post, and the engagements (供需对接 / 政府购买服务) between them."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yipanqi.core.models import BaseModel, ScopedModel, ScopedQuerySet
from yipanqi.core.scope import Reach
from yipanqi.organisations.choices import ADMIN_ROLES, Role
from yipanqi.organisations.models import Area, PartyOrganisation, Unit, above_grants
from yipanqi.socialorgs.choices import (
    EngagementKind,
    EngagementStatus,
    IncubationStage,
    LegalForm,
    NeedStatus,
    PriceClass,
    ServiceKind,
)

ADMINS = ADMIN_ROLES
READERS = ADMINS | frozenset({Role.AUDITOR})
REGISTRY_POLICY = {"view": READERS, "change": ADMINS}


def staff_reach(column: str) -> Reach:
    """The staff of the organisation in `column` see the row and act for it (本组织)."""

    def condition(user):
        return Exists(OrgStaff.objects.filter(organisation_id=OuterRef(column), user=user))

    return Reach("staff", condition, frozenset({"view", "change"}))


class SocialOrganisation(ScopedModel):
    """A social organisation (社会组织): registered with civil affairs (社会团体 / 民办非企业单位 /
    基金会, with a GB 32100 credit code) or a community social organisation filed with a street."""

    name = models.CharField(_("name"), max_length=150)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=24, choices=LegalForm.choices)
    registered_on = models.DateField(_("registered on"))
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    hub = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("hub organisation"),
    )
    is_hub = models.BooleanField(_("hub organisation"), default=False)  # 枢纽型社会组织
    rating = models.CharField(_("rating"), max_length=2, blank=True)  # 1A … 5A
    party_organisation = models.ForeignKey(
        PartyOrganisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("party organisation"),
    )
    # The unit row orders are dispatched to (orders' 派给社会组织 path), when there is one.
    unit = models.OneToOneField(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="social_organisation"
    )
    description = models.CharField(_("what it does"), max_length=500, blank=True)

    scope_policy = REGISTRY_POLICY
    scope_reach = (staff_reach("pk"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("social organisation")
        verbose_name_plural = _("social organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="socialorg_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("socialorgs:org_detail", args=[self.pk])


class OrgStaff(BaseModel):
    """An account that acts for an organisation (社会组织工作人员)."""

    organisation = models.ForeignKey(
        SocialOrganisation, on_delete=models.CASCADE, related_name="staff"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    scoped = "part of its organisation; read through the organisation (for_user)"

    class Meta:
        ordering = ["organisation_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="org_staff_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.user_id}"


class Incubation(ScopedModel):
    """An organisation's stay at a street's incubation centre (社会组织孵化指导中心)."""

    organisation = models.ForeignKey(
        SocialOrganisation, on_delete=models.PROTECT, related_name="incubations"
    )
    centre = models.CharField(_("incubation centre"), max_length=100)
    street = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("stage"), max_length=12, choices=IncubationStage.choices, default=IncubationStage.ENTERED
    )
    version = models.PositiveIntegerField(default=0)
    entered_on = models.DateField(_("entered on"))
    started_on = models.DateField(_("incubation started"), null=True, blank=True)
    ended_on = models.DateField(_("left on"), null=True, blank=True)
    mentor_notes = models.TextField(_("mentor notes"), blank=True, max_length=2000)

    scope_policy = REGISTRY_POLICY
    scope_reach = (staff_reach("organisation_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-entered_on", "id"]
        verbose_name = _("incubation")
        verbose_name_plural = _("incubations")

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.centre}"


class Offer(ScopedModel):
    """A service an organisation offers (服务供给): kind, price class, the area it serves, capacity
    (people per month). Placed in the area served, so communities below it see it."""

    organisation = models.ForeignKey(
        SocialOrganisation, on_delete=models.PROTECT, related_name="offers"
    )
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("service kind"), max_length=20, choices=ServiceKind.choices)
    price_class = models.CharField(_("price"), max_length=10, choices=PriceClass.choices)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area served")
    )
    capacity = models.PositiveIntegerField(_("people per month"))
    active = models.BooleanField(_("offered"), default=True)

    scope_policy = REGISTRY_POLICY
    scope_reach = (Reach("above", above_grants(ADMINS)), staff_reach("organisation_id"))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title", "id"]
        verbose_name = _("service offer")
        verbose_name_plural = _("service offers")
        constraints = [models.CheckConstraint(condition=Q(capacity__gt=0), name="offer_capacity")]

    def __str__(self) -> str:
        return self.title


class Need(ScopedModel):
    """A community's need (社区服务需求): kind, people affected, budget in fen."""

    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("service kind"), max_length=20, choices=ServiceKind.choices)
    description = models.CharField(_("description"), max_length=1000, blank=True)
    people = models.PositiveIntegerField(_("people affected"))
    budget_fen = models.PositiveBigIntegerField(_("budget (fen)"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    version = models.PositiveIntegerField(default=0)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The one needs list (docs/decisions/023): co-building's two-way claiming reads these rows too;
    # a single-claim need is taken by one unit only (cobuilding.Claim's unique constraint).
    single_claim = models.BooleanField(_("one claim only"), default=True)

    # "claim": who sees the needs board of co-building — admins, and liaisons of their area; its
    # residents and members see their own community's needs (published to them, not claimable).
    scope_policy = {**REGISTRY_POLICY, "claim": ADMINS | frozenset({Role.UNIT_LIAISON})}
    scope_reach = (
        Reach("resident", above_grants(frozenset({Role.RESIDENT, Role.PARTY_MEMBER})), {"claim"}),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("community need")
        verbose_name_plural = _("community needs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("socialorgs:need_detail", args=[self.pk])


class Engagement(ScopedModel):
    """An organisation serving a community (服务对接): a matched offer, or a government-purchased
    service with its contract amount and purchaser (政府购买服务)."""

    organisation = models.ForeignKey(
        SocialOrganisation, on_delete=models.PROTECT, related_name="engagements"
    )
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=EngagementKind.choices)
    need = models.OneToOneField(
        Need, null=True, blank=True, on_delete=models.PROTECT, related_name="engagement"
    )
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.PROTECT, related_name="engagements"
    )
    title = models.CharField(_("title"), max_length=100)
    price_class = models.CharField(_("price"), max_length=10, choices=PriceClass.choices)
    purchaser = models.CharField(_("purchaser"), max_length=100, blank=True)
    contract_fen = models.PositiveBigIntegerField(_("contract amount (fen)"), default=0)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EngagementStatus.choices,
        default=EngagementStatus.ACTIVE,
    )
    version = models.PositiveIntegerField(default=0)
    started_on = models.DateField(_("started on"))

    scope_policy = REGISTRY_POLICY
    scope_reach = (staff_reach("organisation_id"),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("socialorgs:engagement_detail", args=[self.pk])


class DeliveryLog(BaseModel):
    """One delivery of an engagement (服务记录): what was done, for how many people, or the service
    order dispatched to the organisation for it."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="logs")
    delivered_on = models.DateField(_("date"))
    note = models.CharField(_("what was done"), max_length=500)
    people = models.PositiveIntegerField(_("people served"), default=0)
    order = models.ForeignKey(
        "orders.ServiceOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scoped = "part of its engagement; read through the engagement (for_user)"

    class Meta:
        ordering = ["engagement_id", "-delivered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.delivered_on}"
