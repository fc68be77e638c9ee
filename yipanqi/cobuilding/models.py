"""Co-building rows: resources units publish, claims both ways (双向认领), projects with their
agreement and progress, hard problems (难题会办) with commitments, and yearly evaluations.

Needs are the social-organisation app's `Need` (one needs list, docs/decisions/023); councils are
organisations' bodies of kind CO_BUILDING_COUNCIL with their seats, sessions are deliberation's
meetings of that body (the same meeting machinery: agenda, attendance, minutes).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yipanqi.cobuilding.choices import (
    DONE_PROJECT,
    LIVE_CLAIM,
    ClaimSide,
    ClaimStatus,
    CommitmentStatus,
    Grade,
    ProblemSource,
    ProblemStatus,
    ProjectStatus,
    ResourceKind,
    ResourceStatus,
)
from yipanqi.cobuilding.reach import (
    committed_by,
    liaison_of,
    party_feedback,
    resident_done,
    seated_on,
)
from yipanqi.core.models import BaseModel, ScopedModel, ScopedQuerySet
from yipanqi.core.scope import Reach
from yipanqi.deliberation.models import Meeting
from yipanqi.organisations.choices import ADMIN_ROLES, Role
from yipanqi.organisations.models import (
    Area,
    Body,
    BodyMembership,
    PartyOrganisation,
    Unit,
    above_grants,
)
from yipanqi.people.models import CommunityRegistration
from yipanqi.socialorgs.models import Need

ADMINS = ADMIN_ROLES
READERS = ADMINS | frozenset({Role.AUDITOR})
POLICY = {"view": READERS, "change": ADMINS}
ACTS = frozenset({"view", "change"})


def liaison(column: str = "unit_id") -> Reach:
    return Reach("liaison", liaison_of(column), ACTS)


class Resource(ScopedModel):
    """What a unit offers (资源清单): venues, skilled volunteers, services, funds, materials; placed
    in the area it serves, so communities below it see it."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("resource kind"), max_length=16, choices=ResourceKind.choices)
    capacity = models.CharField(_("capacity"), max_length=100)
    conditions = models.CharField(_("conditions"), max_length=300, blank=True)
    available_from = models.DateField(_("available from"))
    available_to = models.DateField(_("available to"))
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area served")
    )
    single_claim = models.BooleanField(_("one claim only"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ResourceStatus.choices, default=ResourceStatus.PUBLISHED
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), db_index=True)
    version = models.PositiveIntegerField(default=0)

    scope_policy = POLICY
    scope_reach = (Reach("above", above_grants(ADMINS)), liaison())
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                condition=Q(available_to__gte=models.F("available_from")), name="resource_period"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Claim(ScopedModel):
    """A claim (认领): a unit claims a community's need, or a community claims a unit's resource;
    the other side accepts (a project starts) or declines."""

    side = models.CharField(_("side"), max_length=10, choices=ClaimSide.choices)
    need = models.ForeignKey(
        Need, null=True, blank=True, on_delete=models.PROTECT, related_name="cobuilding_claims"
    )
    resource = models.ForeignKey(
        Resource, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    community = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    exclusive = models.BooleanField(default=False)  # the item takes one live claim only
    note = models.CharField(_("what we offer or ask"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.CLAIMED
    )
    version = models.PositiveIntegerField(default=0)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)

    scope_policy = POLICY
    scope_reach = (liaison(),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(side=ClaimSide.UNIT_CLAIMS_NEED)
                    & Q(need__isnull=False)
                    & Q(resource__isnull=True)
                )
                | (
                    Q(side=ClaimSide.COMMUNITY_CLAIMS_RESOURCE)
                    & Q(resource__isnull=False)
                    & Q(need__isnull=True)
                ),
                name="claim_names_need_or_resource",
            ),
            # A single-claim need (or resource) has at most one live claim, whatever the race.
            models.UniqueConstraint(
                fields=["need"],
                condition=Q(exclusive=True, status__in=LIVE_CLAIM),
                name="claim_need_once",
            ),
            models.UniqueConstraint(
                fields=["resource"],
                condition=Q(exclusive=True, status__in=LIVE_CLAIM),
                name="claim_resource_once",
            ),
            models.UniqueConstraint(
                fields=["need", "unit"],
                condition=Q(status__in=LIVE_CLAIM),
                name="claim_need_unit_once",
            ),
            models.UniqueConstraint(
                fields=["resource", "community"],
                condition=Q(status__in=LIVE_CLAIM),
                name="claim_resource_community_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} #{self.pk}"

    @property
    def title(self) -> str:
        item = self.need if self.need_id else self.resource
        return item.title if item else ""


class Project(ScopedModel):
    """A co-building project (共建项目) from an accepted claim, with its agreement (共建协议)."""

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="project")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    community = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    title = models.CharField(_("title"), max_length=100)
    goal = models.CharField(_("goal"), max_length=500)
    unit_inputs = models.CharField(_("what the unit puts in"), max_length=500)
    community_inputs = models.CharField(_("what the community puts in"), max_length=500)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    milestones = models.TextField(_("milestones"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.AGREED
    )
    version = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = POLICY
    scope_reach = (liaison(), Reach("resident", resident_done(DONE_PROJECT)))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("co-building project")
        verbose_name_plural = _("co-building projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="project_period"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="project_rating",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cobuilding:project_detail", args=[self.pk])


class ProgressReport(BaseModel):
    """One progress report of a project (进展)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("date"))
    note = models.CharField(_("progress"), max_length=500)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scoped = "part of its project; read through the project (for_user)"

    class Meta:
        ordering = ["project_id", "-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.reported_on}"


class HardProblem(ScopedModel):
    """A problem a community cannot solve alone (难题), put to a council session (难题会办)."""

    council = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("council")
    )
    community = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=2000)
    session = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("session"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.RAISED
    )
    version = models.PositiveIntegerField(default=0)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"), db_index=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    result = models.CharField(_("result"), max_length=500, blank=True)
    # Escalated from another app's record (read through that app's selectors): kind and id.
    source_kind = models.CharField(
        _("escalated from"), max_length=10, choices=ProblemSource.choices, blank=True
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)

    scope_policy = POLICY
    scope_reach = (Reach("council", seated_on("council_id")),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hard problem")
        verbose_name_plural = _("hard problems")
        constraints = [
            models.UniqueConstraint(  # a record is escalated once
                fields=["source_kind", "source_id"],
                condition=~Q(source_kind=""),
                name="cobuilding_problem_one_per_source",
            ),
            models.CheckConstraint(
                condition=Q(source_kind="", source_id__isnull=True)
                | (~Q(source_kind="") & Q(source_id__isnull=False)),
                name="cobuilding_problem_source_whole",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cobuilding:problem_detail", args=[self.pk])


class Commitment(ScopedModel):
    """What a council member undertakes for a hard problem (承诺): what, by when, resources."""

    problem = models.ForeignKey(HardProblem, on_delete=models.PROTECT, related_name="commitments")
    member = models.ForeignKey(
        BodyMembership, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    what = models.CharField(_("what"), max_length=300)
    due_on = models.DateField(_("due on"))
    resources = models.CharField(_("resources put in"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )
    version = models.PositiveIntegerField(default=0)
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    scope_policy = POLICY
    scope_reach = (
        Reach("owner", committed_by, ACTS),
        Reach("council", seated_on("problem__council_id")),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=CommitmentStatus.DONE) | ~Q(evidence=""),
                name="commitment_done_has_evidence",
            )
        ]

    def __str__(self) -> str:
        return self.what


class Evaluation(ScopedModel):
    """A community's yearly evaluation of a unit registered with it (报到单位年度评议)."""

    year = models.PositiveSmallIntegerField(_("year"))
    community = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    registration = models.ForeignKey(
        CommunityRegistration, on_delete=models.PROTECT, related_name="+"
    )
    needs_claimed = models.PositiveIntegerField(_("needs claimed"), default=0)
    projects_completed = models.PositiveIntegerField(_("projects completed"), default=0)
    member_hours = models.DecimalField(
        _("members' hours"), max_digits=8, decimal_places=1, default=0
    )
    commitments_kept = models.PositiveIntegerField(_("commitments kept"), default=0)
    commitments_due = models.PositiveIntegerField(_("commitments due"), default=0)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    party_organisation = models.ForeignKey(
        PartyOrganisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # where the result goes back to (反馈单位党组织)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = POLICY
    scope_reach = (Reach("liaison", liaison_of("unit_id")), Reach("party", party_feedback))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "unit_id", "id"]
        verbose_name = _("unit evaluation")
        verbose_name_plural = _("unit evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "community", "unit"], name="evaluation_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"
