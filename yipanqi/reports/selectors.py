"""Reads of one-click reports, always from the user's scope (out of scope: does not exist)."""

from typing import Any

from django.db.models import QuerySet

from yipanqi.reports.models import Report


def report_list(*, user: Any) -> QuerySet[Report]:
    return Report.objects.for_user(user, "view").select_related("area", "requested_by")


def report_get(*, user: Any, report_id: int) -> Report:
    return report_list(user=user).get(pk=report_id)
