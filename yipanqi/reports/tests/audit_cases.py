"""The reports app's cases for core/tests/test_audit_changes.py (each action records before/after
of every field it changed). Each case takes that test's `World` and returns its `Step`."""

from functools import partial
from typing import Any

from yipanqi.reports import actions
from yipanqi.reports.tests.factories import YEAR, ready_report


def _step(code: str, run: Any, row: Any = None) -> Any:
    from yipanqi.core.tests.test_audit_changes import Step

    return Step(code, run, row)


def _request(w: Any) -> Any:
    run = partial(
        actions.report_request, area=w.d.towns[0], period=YEAR, fmt="xlsx", enqueue=False,
        actor=w.p["town_admin_a"],
    )  # fmt: skip
    return _step("reports.report.requested", run)


def _download(w: Any) -> Any:
    report = ready_report(w.d.towns[0], w.p["town_admin_a"])
    run = partial(actions.report_download, report=report, actor=w.p["town_admin_a"])
    return _step("reports.report.downloaded", run, report)


def _rerun(w: Any) -> Any:
    from yipanqi.reports.choices import ReportStatus
    from yipanqi.reports.models import Report

    report = actions.report_request(
        area=w.d.towns[0], period=YEAR, fmt="xlsx", enqueue=False, actor=w.p["town_admin_a"]
    )
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED)
    report.refresh_from_db()
    run = partial(actions.report_rerun, report=report, actor=w.p["town_admin_a"], enqueue=False)
    return _step("reports.report.rerun", run, report)


def _again(w: Any) -> Any:
    report = ready_report(w.d.towns[0], w.p["town_admin_a"])
    run = partial(actions.report_again, report=report, actor=w.p["town_admin_a"], enqueue=False)
    return _step("reports.report.requested", run)


CASES = [
    (actions.report_request, _request),
    (actions.report_download, _download),
    (actions.report_rerun, _rerun),
    (actions.report_again, _again),
]
NOT_WALKED: set[str] = {
    # The worker's build: three events in turn (started, then ready or failed), each a `track`
    # edit of the row; progress is saved between them outside any transaction. Checked in
    # reports/tests/test_documents.py (status, progress, figures, file).
    "reports.report_build",
}
