"""A one-click report (一键生成): who asked, when, the node and period, the figures it showed, the file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.core.models import ScopedModel, ScopedQuerySet
from yipanqi.organisations.models import Area
from yipanqi.reports.access import REPORT_ROLES
from yipanqi.reports.choices import RUNNING, PeriodKind, ReportFormat, ReportStatus

REPORT_POLICY = {"view": REPORT_ROLES, "change": REPORT_ROLES}


class Report(ScopedModel):
    """A briefing of one node and period in one format, built in the background."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("node")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    period_kind = models.CharField(
        pgettext_lazy("report", "Period"), max_length=8, choices=PeriodKind.choices
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    figures = models.JSONField(default=dict, blank=True)  # what the report showed (counts only)
    stored_path = models.CharField(max_length=300, blank=True, editable=False)  # under MEDIA_ROOT
    size = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    scope_policy = REPORT_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.area_id} {self.start}–{self.end} {self.format}"

    @property
    def running(self) -> bool:
        return self.status in RUNNING

    @property
    def file_name(self) -> str:
        return f"report-{self.area.code}-{self.start:%Y%m%d}-{self.end:%Y%m%d}.{self.format}"
