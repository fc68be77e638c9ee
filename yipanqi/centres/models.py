"""The "1+12+X" party-mass service centre network (党群服务中心) and its 5A rating: a district's
catalogue of services, the centres, the rating scheme (dimensions, indicators, grade thresholds),
assessment rounds, each centre's assessment with every score given at every level, its evidence
files and its history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yipanqi.centres.choices import (
    AssessmentEventKind,
    AssessmentStatus,
    CentreLevel,
    RoundStatus,
    ScoreLevel,
)
from yipanqi.core.models import BaseModel, ScopedModel, ScopedQuerySet
from yipanqi.core.scope import Reach
from yipanqi.organisations.choices import ADMIN_ROLES, STRUCTURE_VIEW_ROLES
from yipanqi.organisations.models import Area, above_grants

# Everyone who reads the organisation structure sees the centres of their area and those above it
# (a resident's community, town and district centres); the administrators run the rating.
VIEW_ROLES = STRUCTURE_VIEW_ROLES
ADMINS = ADMIN_ROLES
NETWORK_POLICY = {"view": VIEW_ROLES, "change": ADMINS}
NETWORK_REACH = (Reach("above", above_grants(VIEW_ROLES)),)
RATING_POLICY = {"view": ADMINS, "change": ADMINS}
SCORE = {"max_digits": 6, "decimal_places": 2}


class ServiceItem(BaseModel):
    """A service a centre may offer, from its district's catalogue (服务事项目录)."""

    district_code = models.CharField(_("district"), max_length=6, db_index=True)
    name = models.CharField(_("name"), max_length=60)
    position = models.PositiveSmallIntegerField(default=0)

    scoped = "a district's catalogue (no personal data); read through the centres offering it"

    class Meta:
        ordering = ["district_code", "position", "id"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(fields=["district_code", "name"], name="service_item_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ServiceCentre(ScopedModel):
    """A party-mass service centre (党群服务中心): district "1", town/street "12", grassroots "X"."""

    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=12, choices=CentreLevel.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent centre"),
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="service_centres", verbose_name=_("area")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    staff_on_duty = models.CharField(_("staff on duty"), max_length=300, blank=True)
    services = models.ManyToManyField(
        ServiceItem, blank=True, related_name="centres", verbose_name=_("services")
    )
    # The latest published grade, repeated here so the network, map and ranking read one table;
    # the assessments are the record (grade history).
    grade = models.CharField(_("grade"), max_length=12, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)

    scope_policy = NETWORK_POLICY
    scope_reach = NETWORK_REACH
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["scope_path", "level", "name", "id"]
        verbose_name = _("service centre")
        verbose_name_plural = _("service centres")
        constraints = [
            # One district centre per district and one centre per town/street (the "1" and "12").
            models.UniqueConstraint(
                fields=["area"],
                condition=Q(level__in=[CentreLevel.DISTRICT, CentreLevel.TOWN]),
                name="centre_one_per_upper_area",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | (Q(latitude__gte=-90) & Q(latitude__lte=90) & Q(longitude__isnull=False)),
                name="centre_coordinates_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:centre_detail", args=[self.pk])


class RatingScheme(ScopedModel):
    """A district's 5A rating scheme (评定标准): dimensions, indicators, weights, grade thresholds."""

    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("in use"), default=True)

    scope_policy = NETWORK_POLICY
    scope_reach = NETWORK_REACH
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-active", "-id"]
        verbose_name = _("rating scheme")
        verbose_name_plural = _("rating schemes")
        constraints = [
            models.UniqueConstraint(
                fields=["district_code"], condition=Q(active=True), name="scheme_one_active"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:scheme_detail", args=[self.pk])


class Dimension(BaseModel):
    """One dimension of a rating scheme (评定维度, e.g. 基础建设) with its weight."""

    scheme = models.ForeignKey(RatingScheme, on_delete=models.CASCADE, related_name="dimensions")
    name = models.CharField(_("name"), max_length=60)
    weight = models.DecimalField(_("weight"), **SCORE)
    position = models.PositiveSmallIntegerField(default=0)

    scoped = "part of its rating scheme; read through the scheme"

    class Meta:
        ordering = ["scheme_id", "position", "id"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [models.CheckConstraint(condition=Q(weight__gt=0), name="dimension_weight")]

    def __str__(self) -> str:
        return self.name


class Indicator(BaseModel):
    """One indicator of a dimension (评定指标): scored from 0 to `max_score`, weighted in its
    dimension."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=100)
    guidance = models.CharField(_("what counts"), max_length=300, blank=True)
    max_score = models.DecimalField(_("maximum score"), **SCORE)
    weight = models.DecimalField(_("weight"), **SCORE)
    position = models.PositiveSmallIntegerField(default=0)

    scoped = "part of its rating scheme; read through the scheme"

    class Meta:
        ordering = ["dimension__position", "dimension_id", "position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gt=0), name="indicator_max_score"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="indicator_weight"),
        ]

    def __str__(self) -> str:
        return self.name


class GradeThreshold(BaseModel):
    """The least total score (0–100) that earns a grade (等级线, e.g. 5A ≥ 90)."""

    scheme = models.ForeignKey(RatingScheme, on_delete=models.CASCADE, related_name="thresholds")
    grade = models.CharField(_("grade"), max_length=12)
    min_score = models.DecimalField(_("least score"), max_digits=5, decimal_places=2)

    scoped = "part of its rating scheme; read through the scheme"

    class Meta:
        ordering = ["scheme_id", "-min_score"]
        verbose_name = _("grade threshold")
        verbose_name_plural = _("grade thresholds")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "grade"], name="threshold_grade_once"),
            models.CheckConstraint(
                condition=Q(min_score__gte=0) & Q(min_score__lte=100), name="threshold_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grade} ≥ {self.min_score}"


class AssessmentRound(ScopedModel):
    """A 5A rating round (评定批次) the district opens: every centre assesses itself, the street
    and the district review, the grades are published and may be appealed within a window."""

    scheme = models.ForeignKey(RatingScheme, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(_("title"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    self_due = models.DateField(_("self-assessment due"), null=True, blank=True)
    appeal_days = models.PositiveSmallIntegerField(_("days to appeal"), default=15)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    appeals_until = models.DateTimeField(_("appeals until"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = RATING_POLICY
    scope_reach = (Reach("above", above_grants(ADMINS)),)  # a community admin sees the round
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("rating round")
        verbose_name_plural = _("rating rounds")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("centres:round_detail", args=[self.pk])


class CentreAssessment(ScopedModel):
    """One centre's assessment in a round (中心评定): its scores at each level, evidence, grade."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="assessments")
    centre = models.ForeignKey(ServiceCentre, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(
        _("status"),
        max_length=18,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.SELF,
    )
    version = models.PositiveIntegerField(default=0)
    total = models.DecimalField(_("total score"), max_digits=6, decimal_places=2, null=True)
    grade = models.CharField(_("grade"), max_length=12, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    appeal_reason = models.CharField(_("appeal"), max_length=1000, blank=True)
    appeal_decision = models.CharField(_("appeal decision"), max_length=1000, blank=True)

    scope_policy = RATING_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["round_id", "scope_path", "id"]
        verbose_name = _("centre assessment")
        verbose_name_plural = _("centre assessments")
        constraints = [
            models.UniqueConstraint(fields=["round", "centre"], name="assessment_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.centre} · {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("centres:assessment_detail", args=[self.pk])


class ScoreEntry(BaseModel):
    """One score given to one indicator at one level (自评/街道/区级), with why: entries are only
    ever added, so every change and its reason stays on record; the latest per level counts."""

    assessment = models.ForeignKey(
        CentreAssessment, on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=8, choices=ScoreLevel.choices)
    value = models.DecimalField(_("score"), **SCORE)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scoped = "part of its assessment; read through the assessment (for_user)"

    class Meta:
        ordering = ["assessment_id", "id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        indexes = [models.Index(fields=["assessment", "level"], name="score_assessment_level")]
        constraints = [models.CheckConstraint(condition=Q(value__gte=0), name="score_not_negative")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.level} {self.value}"


class Evidence(BaseModel):
    """An evidence file for one indicator (佐证材料): a photo or PDF, stored outside the web root."""

    assessment = models.ForeignKey(
        CentreAssessment, on_delete=models.CASCADE, related_name="evidence"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    stored_path = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scoped = "part of its assessment; read and served through the assessment (for_user)"

    class Meta:
        ordering = ["assessment_id", "indicator_id", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return f"evidence {self.pk}"


class AssessmentEvent(BaseModel):
    """One step in an assessment's history (评定记录), with the grade it then had."""

    assessment = models.ForeignKey(
        CentreAssessment, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=AssessmentEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=18, blank=True)
    to_status = models.CharField(max_length=18, blank=True)
    grade = models.CharField(max_length=12, blank=True)
    note = models.CharField(max_length=1000, blank=True)

    scoped = "part of its assessment; read through the assessment (for_user)"

    class Meta:
        ordering = ["assessment_id", "created_at", "id"]
        verbose_name = _("assessment event")
        verbose_name_plural = _("assessment events")

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.kind}"
