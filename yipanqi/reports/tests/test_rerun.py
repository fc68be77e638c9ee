"""A report whose worker died is run again (like a stuck people import): a failed report, or one
queued or running without progress for 15 minutes, goes back to the queue, audited; a report still
moving answers 409 `not_stuck`; another street's administrator gets 404."""

import datetime

import pytest
from django.utils import timezone

from yipanqi.core.errors import Conflict
from yipanqi.core.models import AuditEvent
from yipanqi.reports import actions, selectors
from yipanqi.reports.choices import ReportStatus
from yipanqi.reports.models import Report
from yipanqi.reports.tests.factories import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(district):
    admin = district.personas["town_admin_a"]
    return actions.report_request(
        area=district.towns[0], period=YEAR, fmt="xlsx", actor=admin, enqueue=False
    )


def _stall(report, minutes: int, status=ReportStatus.RUNNING) -> Report:
    ago = timezone.now() - datetime.timedelta(minutes=minutes)
    Report.objects.filter(pk=report.pk).update(status=status, progress=40, updated_at=ago)
    return Report.objects.get(pk=report.pk)


def test_a_stalled_report_is_queued_again_and_audited(report, personas):
    stalled = _stall(report, 16)
    assert selectors.can_rerun(stalled)
    again = actions.report_rerun(report=stalled, actor=personas["town_admin_a"], enqueue=False)
    assert again.status == ReportStatus.QUEUED and again.progress == 0
    event = AuditEvent.objects.get(action="reports.report.rerun")
    assert event.changes["status"] == ["running", "queued"]
    assert actions.report_build(report_id=report.pk).status == ReportStatus.READY


def test_a_failed_report_may_be_run_again_at_once(report, personas):
    failed = _stall(report, 0, ReportStatus.FAILED)
    actions.report_rerun(report=failed, actor=personas["town_admin_a"], enqueue=False)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.QUEUED


def test_a_report_still_moving_is_not_run_twice(report, personas, client):
    moving = _stall(report, 14)
    with pytest.raises(Conflict) as refused:
        actions.report_rerun(report=moving, actor=personas["town_admin_a"], enqueue=False)
    assert refused.value.code == "not_stuck"
    client.force_login(personas["town_admin_a"])
    assert "重新生成" not in client.get(f"/reports/{report.pk}/").content.decode()


def test_the_page_offers_it_to_the_town_and_hides_it_from_the_other_town(report, personas, client):
    _stall(report, 30)
    client.force_login(personas["town_admin_a"])
    assert "重新生成" in client.get(f"/reports/{report.pk}/").content.decode()
    client.force_login(personas["community_admin_b1"])  # the other town
    assert client.post(f"/reports/{report.pk}/rerun/").status_code == 404
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RUNNING
    client.force_login(personas["town_admin_a"])
    assert client.post(f"/reports/{report.pk}/rerun/").status_code == 302
    assert Report.objects.get(pk=report.pk).status == ReportStatus.QUEUED
