"""Community workers (社区专职工作者) and 三岗十八级: each worker (a person of the people registry) with
their post history, the district's yearly pay tables, pay runs and their lines, appraisals,
training courses with enrolment and attendance, and career moves into public posts."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yipanqi.core.models import BaseModel, ScopedModel, ScopedQuerySet
from yipanqi.core.scope import Reach
from yipanqi.organisations.choices import ADMIN_ROLES, Role
from yipanqi.organisations.models import Area, above_grants
from yipanqi.people.models import Person
from yipanqi.workforce.choices import (
    AppointmentEnd,
    AppraisalResult,
    CourseLevel,
    Education,
    MoveKind,
    Post,
    Qualification,
    RunStatus,
    SignInMethod,
    WorkerStatus,
)

ADMINS = ADMIN_ROLES
# Workforce administrators (pay lines, pay runs, pay tables): the town's and the district's.
PAY_ADMINS = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN})
WORKER_POLICY = {"view": ADMINS, "change": ADMINS}
PAY_POLICY = {"view": PAY_ADMINS, "change": PAY_ADMINS}
MONEY = {"max_digits": 12, "decimal_places": 2}


def _self(path: str = "person__user"):
    return lambda u: Q(**{path: u})


class Worker(ScopedModel):
    """A community worker (社区专职工作者): a person of the registry in a post of a community."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="worker_records", verbose_name=_("person")
    )
    community = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="workers", verbose_name=_("community")
    )
    post = models.CharField(_("post"), max_length=8, choices=Post.choices)
    started_on = models.DateField(_("in community work since"))
    prior_years = models.PositiveSmallIntegerField(_("earlier years of community work"), default=0)
    education = models.CharField(_("education"), max_length=10, choices=Education.choices)
    qualification = models.CharField(
        _("social-work qualification"),
        max_length=12,
        choices=Qualification.choices,
        default=Qualification.NONE,
    )
    grade_set = models.PositiveSmallIntegerField(_("grade set by hand"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=WorkerStatus.choices, default=WorkerStatus.ACTIVE
    )
    ended_on = models.DateField(_("left on"), null=True, blank=True)
    review_flag = models.BooleanField(_("flagged for review"), default=False)
    version = models.PositiveIntegerField(default=0)

    scope_policy = WORKER_POLICY
    scope_reach = (Reach("self", _self()),)  # 本人
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["scope_path", "post", "id"]
        verbose_name = _("community worker")
        verbose_name_plural = _("community workers")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="active"), name="worker_one_active_post"
            ),
            models.CheckConstraint(
                condition=Q(grade_set__isnull=True) | Q(grade_set__gte=1, grade_set__lte=18),
                name="worker_grade_set_range",
            ),
        ]
        indexes = [models.Index(fields=["scope_path", "status"], name="worker_scope_status")]

    def __str__(self) -> str:
        return self.person.name

    def get_absolute_url(self) -> str:
        return reverse("workforce:worker_detail", args=[self.pk])


class Appointment(BaseModel):
    """One post a worker held (任职记录): community, post, from, until, and why it ended."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="appointments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    post = models.CharField(_("post"), max_length=8, choices=Post.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    end_kind = models.CharField(
        _("ended by"), max_length=10, choices=AppointmentEnd.choices, blank=True
    )
    end_note = models.CharField(_("why it ended"), max_length=200, blank=True)

    scoped = "part of its worker's record; read through the worker (for_user)"

    class Meta:
        ordering = ["worker_id", "start", "id"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="appointment_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.post} {self.start}–{self.end or ''}"


class PayTable(ScopedModel):
    """A district's pay table for one year (薪酬标准): the base and the rules it was made with."""

    year = models.PositiveSmallIntegerField(_("year"))
    base_amount = models.DecimalField(_("base per year"), **MONEY)
    rules = models.JSONField(_("rules"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = PAY_POLICY
    scope_reach = (Reach("above", above_grants(PAY_ADMINS)),)  # a town reads its district's
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("pay table")
        verbose_name_plural = _("pay tables")
        constraints = [
            models.UniqueConstraint(fields=["district_code", "year"], name="pay_table_per_year"),
            models.CheckConstraint(condition=Q(base_amount__gt=0), name="pay_table_base"),
        ]

    def __str__(self) -> str:
        return f"{self.year}"


class PayRun(ScopedModel):
    """A yearly pay computation (年度薪酬核算) for a district or a town: a draft until a second
    administrator approves it; approved, it never changes — a correction is a new run."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    table = models.ForeignKey(PayTable, on_delete=models.PROTECT, related_name="runs")
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=0)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    workers = models.PositiveIntegerField(_("workers"), default=0)
    total = models.DecimalField(_("total pay"), max_digits=14, decimal_places=2, default=0)

    scope_policy = PAY_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "scope_path", "-id"]
        verbose_name = _("pay run")
        verbose_name_plural = _("pay runs")
        constraints = [
            # One approved run and at most one draft (a correction) per area and year.
            models.UniqueConstraint(
                fields=["area", "year"], condition=Q(status="approved"), name="pay_run_one_approved"
            ),
            models.UniqueConstraint(
                fields=["area", "year"], condition=Q(status="draft"), name="pay_run_one_draft"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("workforce:run_detail", args=[self.pk])


class PayLine(ScopedModel):
    """One worker's line of a pay run, with every number that led to the figure."""

    run = models.ForeignKey(PayRun, on_delete=models.CASCADE, related_name="lines")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="pay_lines")
    post = models.CharField(_("post"), max_length=8, choices=Post.choices)
    service_years = models.PositiveSmallIntegerField(_("years of service"))
    uncounted_years = models.PositiveSmallIntegerField(_("years not counted"))
    education_credit = models.PositiveSmallIntegerField(_("education credit (years)"))
    counted_years = models.PositiveSmallIntegerField(_("years counted"))
    steps = models.PositiveSmallIntegerField(_("seniority steps"))
    qualification_bonus = models.PositiveSmallIntegerField(_("qualification bonus"))
    computed_grade = models.PositiveSmallIntegerField(_("computed grade"))
    grade = models.PositiveSmallIntegerField(_("grade"))
    grade_set_by_hand = models.BooleanField(_("grade set by hand"), default=False)
    coefficient = models.DecimalField(_("coefficient"), max_digits=5, decimal_places=2)
    base = models.DecimalField(_("base"), **MONEY)
    appraisal = models.CharField(
        _("appraisal"), max_length=12, choices=AppraisalResult.choices, blank=True
    )
    basic = models.DecimalField(_("basic pay"), **MONEY)
    performance_share = models.DecimalField(_("performance share"), max_digits=4, decimal_places=2)
    performance = models.DecimalField(_("performance pay"), **MONEY)
    total = models.DecimalField(_("yearly pay"), **MONEY)

    scope_policy = PAY_POLICY
    scope_reach = (Reach("self", _self("worker__person__user")),)  # 本人: one's own line
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["run_id", "scope_path", "post", "id"]
        verbose_name = _("pay line")
        verbose_name_plural = _("pay lines")
        constraints = [
            models.UniqueConstraint(fields=["run", "worker"], name="pay_line_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.worker_id}"


class Appraisal(ScopedModel):
    """A worker's yearly appraisal (年度考核): the grade, who gave it, a comment."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="appraisals")
    year = models.PositiveSmallIntegerField(_("year"))
    result = models.CharField(_("result"), max_length=12, choices=AppraisalResult.choices)
    appraiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    scope_policy = WORKER_POLICY
    scope_reach = (Reach("self", _self("worker__person__user")),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["worker_id", "year"]
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        constraints = [
            models.UniqueConstraint(fields=["worker", "year"], name="appraisal_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.result}"


class Course(ScopedModel):
    """A training course (培训班): district key training or a town's, a themed small class."""

    level = models.CharField(_("level"), max_length=10, choices=CourseLevel.choices)
    title = models.CharField(_("title"), max_length=100)
    theme = models.CharField(_("theme"), max_length=60)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    days = models.DecimalField(_("training days"), max_digits=4, decimal_places=1)
    hours = models.PositiveSmallIntegerField(_("training hours"), null=True, blank=True)
    class_size = models.PositiveSmallIntegerField(_("class size"))
    place = models.CharField(_("place"), max_length=100, blank=True)

    scope_policy = WORKER_POLICY
    scope_reach = (
        Reach("above", above_grants(ADMINS)),  # a community sees its town's and district's
        Reach(
            "enrolled",
            lambda u: Exists(
                Enrolment.objects.filter(course=OuterRef("pk"), worker__person__user=u)
            ),
        ),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="course_dates"),
            models.CheckConstraint(condition=Q(days__gt=0), name="course_days"),
            models.CheckConstraint(condition=Q(class_size__gt=0), name="course_class_size"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workforce:course_detail", args=[self.pk])


class Enrolment(ScopedModel):
    """A worker's place on a course (报名) and their attendance (签到), placed at their community."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="enrolments")
    attended = models.BooleanField(_("attended"), default=False)
    signed_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    method = models.CharField(_("sign-in"), max_length=6, choices=SignInMethod.choices, blank=True)

    scope_policy = WORKER_POLICY
    scope_reach = (Reach("self", _self("worker__person__user")),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["course_id", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["course", "worker"], name="enrolment_once")]
        indexes = [models.Index(fields=["worker", "attended"], name="enrolment_worker")]

    def __str__(self) -> str:
        return f"{self.course_id}/{self.worker_id}"


class CareerMove(ScopedModel):
    """A worker's move into a civil-service or public-institution post (进入公务员或事业编制)."""

    worker = models.OneToOneField(Worker, on_delete=models.PROTECT, related_name="career_move")
    moved_on = models.DateField(_("moved on"))
    kind = models.CharField(_("kind"), max_length=20, choices=MoveKind.choices)
    destination = models.CharField(_("destination"), max_length=100)

    scope_policy = WORKER_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-moved_on", "id"]
        verbose_name = _("career move")
        verbose_name_plural = _("career moves")

    def __str__(self) -> str:
        return f"{self.worker_id} {self.kind}"
