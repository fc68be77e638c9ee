"""Responsibility lists (责任清单) of the district, town/street and community party organisations,
and duty access (准入): a department's request to push a duty down with the authority, staff and
money that go with it (权随事转、人随事转、费随事转), the duties admitted to each receiving town or
community, and the tasks a community refused because they were not admitted."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.core.models import BaseModel, ScopedModel, ScopedQuerySet
from yipanqi.duties.choices import AdmittedStatus, Level, ListKind, Progress, RequestStatus
from yipanqi.organisations.models import Area

LEADERS = frozenset({"district_admin", "town_admin"})
ADMINS = LEADERS | frozenset({"community_admin"})
READERS = ADMINS | frozenset({"auditor"})
LIST_POLICY = {"view": READERS, "change": LEADERS, "progress": ADMINS}
USER = settings.AUTH_USER_MODEL


class DutyList(ScopedModel):
    """One organisation's responsibility list for one year (责任清单, 年度版本)."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveIntegerField(default=0)

    scope_policy = LIST_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "scope_path"]
        verbose_name = _("responsibility list")
        verbose_name_plural = _("responsibility lists")
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="duty_list_once_a_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="duty_list_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("duties:list_detail", args=[self.pk])


class DutyItem(ScopedModel):
    """One item of a responsibility list (责任事项): what, on what basis, who owns it, how it is
    measured, and how far it has got."""

    duty_list = models.ForeignKey(DutyList, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("title"), max_length=150)
    basis = models.CharField(_("basis (document)"), max_length=200)
    owner = models.CharField(pgettext_lazy("duties", "owner"), max_length=100)
    indicators = models.CharField(pgettext_lazy("duties", "indicators"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    progress = models.CharField(
        _("progress"), max_length=12, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    progress_note = models.CharField(_("progress note"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=0)

    scope_policy = LIST_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["duty_list_id", "order", "id"]
        verbose_name = _("responsibility item")
        verbose_name_plural = _("responsibility items")

    def __str__(self) -> str:
        return self.title


class DutyEvidence(BaseModel):
    """An evidence file of an item's progress (佐证材料): a photo or PDF outside the web root."""

    item = models.ForeignKey(DutyItem, on_delete=models.CASCADE, related_name="evidence")
    stored_path = models.CharField(max_length=200, editable=False)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scoped = "part of its item; read and served through the item (for_user)"

    class Meta:
        ordering = ["item_id", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return f"evidence {self.pk}"


class AccessRequest(ScopedModel):
    """A department's request to push a duty down (准入申请), scoped to the area whose towns or
    communities would carry it (the district, or one town); decided by the district body."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    level = models.CharField(
        pgettext_lazy("duties", "pushed down to"), max_length=10, choices=Level.choices
    )
    list_kind = models.CharField(_("list"), max_length=20, choices=ListKind.choices)
    department = models.CharField(_("department"), max_length=100)
    title = models.CharField(pgettext_lazy("duties", "duty"), max_length=150)
    basis = models.CharField(_("legal basis"), max_length=200)
    description = models.CharField(_("description"), max_length=1000, blank=True)
    authority = models.CharField(_("authority that goes with it"), max_length=300)
    staff_count = models.PositiveSmallIntegerField(_("staff that go with it"), default=0)
    staff_note = models.CharField(_("staff arrangement"), max_length=300, blank=True)
    money_fen = models.PositiveBigIntegerField(
        _("money a year per receiving node (fen)"), default=0
    )
    money_source = models.CharField(_("source of the money"), max_length=150, blank=True)
    starts_on = models.DateField(_("starts on"))
    submitted_at = models.DateTimeField(pgettext_lazy("duties", "submitted at"))
    decide_by = models.DateField(_("decide by"))
    filed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_body = models.CharField(_("deciding body"), max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    scope_policy = {"view": LEADERS | frozenset({"auditor"}), "change": LEADERS}
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        indexes = [models.Index(fields=["district_code", "status"], name="access_request_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("duties:request_detail", args=[self.pk])

    @property
    def money_yuan(self) -> str:
        return f"{self.money_fen // 100:,}.{self.money_fen % 100:02d}"


class AdmittedDuty(ScopedModel):
    """An admitted duty as one town or community carries it (准入事项清单), with its resources."""

    request = models.ForeignKey(AccessRequest, on_delete=models.PROTECT, related_name="admitted")
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=AdmittedStatus.choices, default=AdmittedStatus.ACTIVE
    )
    admitted_on = models.DateField(_("admitted on"))
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    scope_policy = {"view": READERS}
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["scope_path", "-admitted_on", "id"]
        verbose_name = _("admitted duty")
        verbose_name_plural = _("admitted duties")
        constraints = [
            models.UniqueConstraint(fields=["request", "area"], name="admitted_once_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.area_id}"


class TaskRefusal(ScopedModel):
    """A task a community (or town) refused because it is not on its admitted list (拒绝未准入事项),
    recorded and visible to the district."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    task = models.CharField(_("task"), max_length=150)
    pushed_by = models.CharField(_("pushed by"), max_length=100)
    refused_on = models.DateField(_("refused on"))
    reason = models.CharField(_("reason"), max_length=500)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_policy = {"view": READERS, "refuse": ADMINS}
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-refused_on", "-id"]
        verbose_name = _("refused task")
        verbose_name_plural = _("refused tasks")
        indexes = [models.Index(fields=["scope_path", "refused_on"], name="refusal_scope_day")]

    def __str__(self) -> str:
        return self.task
