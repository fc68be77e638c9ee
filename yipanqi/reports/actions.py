"""Writes of one-click reports: ask for one (queued to the worker), build it, download it (audited)."""

import json
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yipanqi.core import audit, replica
from yipanqi.core.actors import system
from yipanqi.core.errors import Conflict
from yipanqi.core.workflow import created, lock, require_permission, track, user_of
from yipanqi.organisations.models import Area
from yipanqi.reports import briefing, permissions, selectors, storage
from yipanqi.reports.choices import ReportStatus
from yipanqi.reports.models import Report
from yipanqi.reports.periods import Period
from yipanqi.reports.render import renderer

log = logging.getLogger(__name__)
WORKER = system("reports.worker")


@transaction.atomic
def report_request(
    *, area: Area, period: Period, fmt: str, actor: Any, enqueue: bool = True
) -> Report:
    """A report of `area` for `period` in `fmt`, built by the worker (the page shows progress)."""
    require_permission(actor, permissions.can_report_on, area)
    report = Report(
        area=area,
        requested_by=user_of(actor),
        period_kind=period.kind,
        start=period.start,
        end=period.end,
        format=fmt,
    )
    report.place_in(area)
    report.save()
    audit.record(
        actor=actor,
        action="reports.report.requested",
        target=report,
        changes=created(report, "area", "period_kind", "start", "end", "format", "status"),
    )
    if enqueue:
        from yipanqi.reports.tasks import build_report

        transaction.on_commit(lambda: build_report.enqueue(report_id=report.pk))
    return report


def _save_progress(report_id: int, percent: int) -> None:
    """Saved outside any transaction, so the progress bar moves while the report is built."""
    Report.objects.filter(pk=report_id).update(progress=percent, updated_at=timezone.now())


@transaction.atomic
def _move(report: Report, status: str, code: str, **fields: Any) -> Report:
    report = lock(report)
    edit = track(report, actor=WORKER)
    edit.set(status=status, **fields)
    edit.finish(code)
    return report


def report_build(*, report_id: int) -> Report:
    """The worker's part: compute the briefing, render it, store the file and the figures."""
    report = Report.objects.select_related("area").get(pk=report_id)
    if report.status != ReportStatus.QUEUED:
        return report  # built (or being built) already: a task run twice does nothing twice
    report = _move(report, ReportStatus.RUNNING, "reports.report.started")
    try:
        period = Period(report.period_kind, report.start, report.end)
        # The figures may be read on the replica; progress is a write, so it goes to the primary.
        made = replica.on_replica(
            briefing.build,
            area=report.area,
            period=period,
            progress=lambda p: _save_progress(report.pk, p),
        )
        data = renderer(report.format)(made)
        stored = storage.store(data, report.format)
    except Exception:
        log.exception("report %s failed", report.pk)
        return _move(report, ReportStatus.FAILED, "reports.report.failed")
    figures = json.loads(json.dumps(made.figures, default=str))
    return _move(
        report,
        ReportStatus.READY,
        "reports.report.ready",
        figures=figures,
        stored_path=stored,
        size=len(data),
        progress=100,
        finished_at=timezone.now(),
    )


@transaction.atomic
def report_rerun(*, report: Report, actor: Any, enqueue: bool = True) -> Report:
    """重新生成: queue a failed or stalled report again (409 `not_stuck` while it moves)."""
    report = lock(report)
    require_permission(actor, permissions.can_report_on, report.area)
    if not selectors.can_rerun(report):
        raise Conflict(_("This report is still being generated; wait for it."), code="not_stuck")
    edit = track(report, actor=actor)
    edit.set(status=ReportStatus.QUEUED, progress=0)
    edit.finish("reports.report.rerun")
    if enqueue:
        from yipanqi.reports.tasks import build_report

        transaction.on_commit(lambda: build_report.enqueue(report_id=report.pk))
    return report


def report_again(*, report: Report, actor: Any, enqueue: bool = True) -> Report:
    """再次生成: a fresh run of a report of the same node, period and format; its page then sets
    its figures against this one's (selectors.previous_run, changes.changes)."""
    period = Period(report.period_kind, report.start, report.end)
    return report_request(
        area=report.area, period=period, fmt=report.format, actor=actor, enqueue=enqueue
    )


@transaction.atomic
def report_download(*, report: Report, actor: Any) -> bytes:
    """The file of a ready report; each download is an audit event (who, which report, format)."""
    require_permission(actor, permissions.can_download, report)
    if report.status != ReportStatus.READY:
        raise Conflict(_("The report is not ready yet."), code="report_not_ready")
    data = storage.read(report.stored_path)
    audit.record(
        actor=actor,
        action="reports.report.downloaded",
        target=report,
        data={"format": report.format, "area": report.area.code, "bytes": len(data)},
    )
    return data
