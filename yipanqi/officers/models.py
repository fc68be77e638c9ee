"""The five-role officers' platform (五大员): officer roles as district data, assignments of an
officer to a target with a visit plan, and the work logs (visits, services, matters handled on
someone's behalf) with the issues they raised."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.core.models import ScopedModel, ScopedQuerySet, StoredPhoto
from yipanqi.core.scope import Reach
from yipanqi.grid.models import Incident
from yipanqi.officers.choices import AssignmentStatus, Layer, LogKind, TargetKind
from yipanqi.orders.models import ServiceOrder
from yipanqi.organisations.models import Area, Unit

ADMINS = frozenset({"district_admin", "town_admin", "community_admin"})
LEADERS = frozenset({"district_admin", "town_admin"})  # the organisation department, the towns
READERS = LEADERS | frozenset({"auditor"})
POLICY = {"view": READERS, "change": LEADERS, "log": frozenset()}


class OfficerRole(models.Model):
    """One of a district's officer roles (驻企专员 …): name, duties and layer are the district's."""

    district_code = models.CharField(max_length=6, db_index=True)
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(pgettext_lazy("officers", "name"), max_length=20)
    layer = models.CharField(_("layer"), max_length=12, choices=Layer.choices)
    target_kind = models.CharField(_("target kind"), max_length=12, choices=TargetKind.choices)
    duties = models.CharField(_("duties"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    scoped = "district configuration: the same role list for every area of a district"

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("officer role")
        verbose_name_plural = _("officer roles")
        constraints = [
            models.UniqueConstraint(fields=["district_code", "code"], name="officer_role_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Assignment(ScopedModel):
    """An officer's assignment to a target (联系对象) for a period, with a visit plan; scoped to the
    target's area (a unit's area for an enterprise)."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("officer"),
    )  # fmt: skip
    role = models.ForeignKey(OfficerRole, on_delete=models.PROTECT, related_name="assignments")
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("enterprise or unit"),
    )  # fmt: skip
    target_name = models.CharField(_("target"), max_length=150)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    visits_per_month = models.PositiveSmallIntegerField(_("visits a month"), default=2)
    status = models.CharField(
        _("status"), max_length=8, choices=AssignmentStatus.choices,
        default=AssignmentStatus.ACTIVE,
    )  # fmt: skip
    version = models.PositiveIntegerField(default=0)

    scope_policy = POLICY
    scope_reach = (Reach("officer", lambda u: Q(officer=u), frozenset({"view", "log"})),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("officer assignment")
        verbose_name_plural = _("officer assignments")
        ordering = ["scope_path", "id"]
        indexes = [models.Index(fields=["officer", "status"], name="assignment_officer_status")]

    def __str__(self) -> str:
        return f"{self.role_id} → {self.target_name}"

    def get_absolute_url(self) -> str:
        return reverse("officers:assignment_detail", args=[self.pk])


class WorkLog(ScopedModel):
    """A visit or service record (走访 / 服务 / 帮办) on an assignment's target, with its photos, and
    the issue raised, turned into a service order or a grid incident report through the owning
    app's action."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="logs")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        pgettext_lazy("officers", "kind"), max_length=10, choices=LogKind.choices
    )
    occurred_on = models.DateField(_("date"))
    summary = models.CharField(_("what was done"), max_length=500)
    people_met = models.CharField(_("people met"), max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=300, blank=True)
    issue = models.CharField(_("issue raised"), max_length=300, blank=True)
    order = models.ForeignKey(
        ServiceOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("service order"),
    )  # fmt: skip
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("incident report"),
    )  # fmt: skip

    scope_policy = POLICY
    scope_reach = (Reach("officer", lambda u: Q(officer=u)),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("work log")
        verbose_name_plural = _("work logs")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["scope_path", "occurred_on"], name="worklog_scope_day")]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.occurred_on}"


class WorkLogPhoto(StoredPhoto):
    """A photo taken on a visit (走访照片), kept by core.uploads outside the web root without its
    metadata; read only through a work log the reader reaches (officers.selectors.photo_get)."""

    log = models.ForeignKey(WorkLog, on_delete=models.CASCADE, related_name="photos")

    scope_policy = POLICY
    scope_reach = (Reach("officer", lambda u: Q(log__officer=u)),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["log_id", "id"]
        verbose_name = _("work log photo")
        verbose_name_plural = _("work log photos")

    def __str__(self) -> str:
        return f"{self.log_id} photo"
