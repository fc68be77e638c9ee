"""公益创投 venture rounds: the call, applications with budget lines and partners, expert reviews
(scores per criterion, conflicts of interest), tranches, and each application's history.
Money is integer fen everywhere (no floats)."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yipanqi.core.models import BaseModel, ScopedModel, ScopedQuerySet
from yipanqi.core.scope import Reach
from yipanqi.organisations.choices import STRUCTURE_VIEW_ROLES
from yipanqi.organisations.models import above_grants
from yipanqi.socialorgs.choices import (
    AppEventKind,
    AppStatus,
    RoundStatus,
    Theme,
    TrancheGate,
    TrancheStatus,
)
from yipanqi.socialorgs.models.registry import (
    ADMINS,
    REGISTRY_POLICY,
    SocialOrganisation,
    staff_reach,
)

# A call is public: everyone who reads the structure sees the rounds of their district.
ROUND_POLICY = {"view": STRUCTURE_VIEW_ROLES, "change": ADMINS}


def reviewer_reach(user):
    return Exists(ReviewAssignment.objects.filter(application_id=OuterRef("pk"), reviewer=user))


class VentureRound(ScopedModel):
    """A 公益创投 round (创投批次): the funder's call with its window, caps, themes and rules."""

    title = models.CharField(_("title"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    funder = models.CharField(_("funder"), max_length=100)  # 区民政局
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    version = models.PositiveIntegerField(default=0)
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    cap_fen = models.PositiveBigIntegerField(_("cap per project (fen)"))
    total_fen = models.PositiveBigIntegerField(_("total budget (fen)"))
    themes = models.JSONField(_("themes"), default=list)  # Theme values
    allowed_forms = models.JSONField(_("who may apply"), default=list)  # LegalForm values
    min_rating = models.CharField(_("least rating"), max_length=2, blank=True)
    rules = models.CharField(_("eligibility rules"), max_length=1000, blank=True)
    # No field defaults: a call's pass mark, notice days and first share come from the district's
    # policies (socialorgs.policies) when round_open is not given them.
    pass_mark = models.DecimalField(_("pass mark"), max_digits=5, decimal_places=2)
    objection_days = models.PositiveSmallIntegerField(_("days of public notice"))
    objections_until = models.DateTimeField(_("objections until"), null=True, blank=True)
    midterm_due = models.DateField(_("mid-term report due"), null=True, blank=True)
    first_share = models.PositiveSmallIntegerField(_("first tranche (%)"))

    scope_policy = ROUND_POLICY
    scope_reach = (Reach("above", above_grants(STRUCTURE_VIEW_ROLES)),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("venture round")
        verbose_name_plural = _("venture rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_window"
            ),
            models.CheckConstraint(
                condition=Q(first_share__gt=0) & Q(first_share__lte=100), name="round_first_share"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("socialorgs:round_detail", args=[self.pk])


class Criterion(BaseModel):
    """One review criterion of a round (评审指标: 公益性、专业性 …), scored 0 … max_score."""

    round = models.ForeignKey(VentureRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=60)
    max_score = models.PositiveSmallIntegerField(_("maximum score"))
    position = models.PositiveSmallIntegerField(default=0)

    scoped = "part of its round; read through the round"

    class Meta:
        ordering = ["round_id", "position", "id"]
        constraints = [models.CheckConstraint(condition=Q(max_score__gt=0), name="criterion_max")]

    def __str__(self) -> str:
        return self.name


class Application(ScopedModel):
    """An organisation's project application to a round (创投项目申报), placed in the applicant's
    area; its staff and its assigned reviewers reach it besides the area's administrators."""

    round = models.ForeignKey(VentureRound, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        SocialOrganisation, on_delete=models.PROTECT, related_name="applications"
    )
    title = models.CharField(_("project"), max_length=100)
    theme = models.CharField(_("theme"), max_length=12, choices=Theme.choices)
    summary = models.CharField(_("summary"), max_length=1000, blank=True)
    partners = models.ManyToManyField(
        SocialOrganisation, blank=True, related_name="partnered", verbose_name=_("partners")
    )
    budget_fen = models.PositiveBigIntegerField(_("budget (fen)"))
    granted_fen = models.PositiveBigIntegerField(_("granted (fen)"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=AppStatus.choices, default=AppStatus.SUBMITTED
    )
    version = models.PositiveIntegerField(default=0)
    screening_reason = models.CharField(_("screening note"), max_length=500, blank=True)
    mean_score = models.DecimalField(_("mean score"), max_digits=6, decimal_places=2, null=True)
    spread = models.DecimalField(_("spread"), max_digits=6, decimal_places=2, null=True)
    decision_note = models.CharField(_("decision"), max_length=500, blank=True)
    agreement_no = models.CharField(_("agreement no."), max_length=40, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    midterm_note = models.CharField(_("mid-term result"), max_length=500, blank=True)
    final_note = models.CharField(_("final review"), max_length=500, blank=True)
    final_passed = models.BooleanField(_("final review passed"), null=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = REGISTRY_POLICY
    scope_reach = (
        staff_reach("organisation_id"),
        Reach("reviewer", reviewer_reach, frozenset({"view"})),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["round_id", "-mean_score", "id"]
        verbose_name = _("venture application")
        verbose_name_plural = _("venture applications")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation", "title"], name="application_once"
            ),
            models.CheckConstraint(
                condition=Q(granted_fen__lte=models.F("budget_fen")), name="granted_within_budget"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("socialorgs:application_detail", args=[self.pk])


class BudgetLine(BaseModel):
    """One line of an application's budget (预算明细), in fen."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="lines")
    item = models.CharField(_("item"), max_length=100)
    amount_fen = models.PositiveBigIntegerField(_("amount (fen)"))

    scoped = "part of its application; read through the application (for_user)"

    class Meta:
        ordering = ["application_id", "id"]

    def __str__(self) -> str:
        return self.item


class ReviewAssignment(BaseModel):
    """An expert's review of one application (专家评审): scores per criterion, or a declared
    conflict of interest that excludes them (回避)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    conflict = models.BooleanField(_("conflict of interest"), default=False)
    conflict_note = models.CharField(_("conflict"), max_length=300, blank=True)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2, null=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    scoped = "part of its application; read through the application (for_user)"

    class Meta:
        ordering = ["application_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="review_once")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.reviewer_id}"

    def get_absolute_url(self) -> str:
        return reverse("socialorgs:review_score", args=[self.pk])


class ReviewScore(BaseModel):
    review = models.ForeignKey(ReviewAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)

    scoped = "part of its review; read through the application (for_user)"

    class Meta:
        ordering = ["review_id", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="review_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}={self.value}"


class Tranche(BaseModel):
    """One payment of a grant (分期拨付): the first on signing, the last once the mid-term review
    passes; a failed or late mid-term review stops it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("tranche"))
    gate = models.CharField(_("paid"), max_length=8, choices=TrancheGate.choices)
    amount_fen = models.PositiveBigIntegerField(_("amount (fen)"))
    status = models.CharField(
        _("status"), max_length=8, choices=TrancheStatus.choices, default=TrancheStatus.PENDING
    )
    version = models.PositiveIntegerField(default=0)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    scoped = "part of its application; read through the application (for_user)"

    class Meta:
        ordering = ["application_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="tranche_once")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}#{self.number}"


class ApplicationEvent(BaseModel):
    """One step in an application's history (项目记录)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=AppEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    note = models.CharField(max_length=1000, blank=True)

    scoped = "part of its application; read through the application (for_user)"

    class Meta:
        ordering = ["application_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind}"


__all__ = [
    "ADMINS",
    "REGISTRY_POLICY",
    "Application",
    "ApplicationEvent",
    "BudgetLine",
    "Criterion",
    "ReviewAssignment",
    "ReviewScore",
    "SocialOrganisation",
    "Tranche",
    "VentureRound",
]
