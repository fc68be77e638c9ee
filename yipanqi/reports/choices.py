"""Choices of the one-click reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportFormat(models.TextChoices):
    XLSX = "xlsx", "XLSX"
    DOCX = "docx", "DOCX"
    PDF = "pdf", "PDF"


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")
    RANGE = "range", _("Custom range")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Generating")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


RUNNING = (ReportStatus.QUEUED, ReportStatus.RUNNING)
