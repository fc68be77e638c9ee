"""Audit retention (R-AU-5): never below 180 days; only whole months older than the retention go,
as a prefix of the chain; a signed checkpoint keeps the chain verifiable; a forged or missing
checkpoint is caught; the dry run lists the months and removes nothing."""

import datetime
from io import StringIO

import pytest
from django.core import checks
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from yipanqi.core import audit, audit_retention
from yipanqi.core.actors import system
from yipanqi.core.models import AuditEvent

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=timezone.get_default_timezone())


def _at(month: int, day: int = 15, year: int = 2026) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, 0, tzinfo=timezone.get_default_timezone())


def _events(*months: int) -> list[AuditEvent]:
    """One event per given month of 2026, appended in that order (ids follow the order)."""
    events = []
    for n, month in enumerate(months):
        event = audit.new_event(actor=system("test"), action="test.event", data={"n": n})
        event.created_at = _at(month)
        events.append(event)
    audit.record_many(events)
    return list(AuditEvent.objects.order_by("id"))


def test_a_retention_below_180_days_is_refused(settings):
    with pytest.raises(audit_retention.RetentionTooShort):
        audit_retention.retention_days(179)
    assert audit_retention.retention_days(180) == 180
    settings.YIPANQI_AUDIT_RETENTION_DAYS = 90
    errors = checks.run_checks()
    assert any(e.id == "yipanqi.E007" for e in errors)
    with pytest.raises(audit_retention.RetentionTooShort):
        audit_retention.plan(NOW)


def test_the_cutoff_keeps_the_month_that_holds_the_retention_edge():
    edge = audit_retention.cutoff(NOW, 180)  # 2026-12-06 − 180 days = 2026-06-09
    assert (edge.year, edge.month, edge.day, edge.hour) == (2026, 6, 1, 0)
    assert NOW - edge >= datetime.timedelta(days=180)
    assert audit_retention.cutoff(NOW, 365).date() == datetime.date(2025, 12, 1)


def test_the_dry_run_lists_whole_months_and_removes_nothing():
    _events(1, 1, 1, 2, 2, 11)
    plan = audit_retention.plan(NOW, 180)
    assert plan.months == [("2026-01", 3), ("2026-02", 2)] and plan.rows == 5
    assert AuditEvent.objects.count() == 6
    out = StringIO()
    call_command("prune_audit", "--dry-run", stdout=out)
    assert "would remove" in out.getvalue() and AuditEvent.objects.count() == 6


def test_pruning_leaves_a_signed_checkpoint_and_the_chain_verifies():
    rows = _events(1, 2, 3, 11, 12)
    assert audit.verify_chain().ok
    plan = audit_retention.prune(NOW, 180)
    assert plan.rows == 3 and plan.through_id == rows[2].pk
    kept = list(AuditEvent.objects.order_by("id"))
    assert [e.pk for e in kept[:2]] == [rows[3].pk, rows[4].pk]
    checkpoint = kept[-1]
    assert checkpoint.action == audit_retention.CHECKPOINT
    assert checkpoint.data["through_id"] == rows[2].pk and checkpoint.data["rows"] == 3
    assert checkpoint.data["last_hash"] == rows[2].hash == kept[0].prev_hash
    report = audit.verify_chain()
    assert report.ok and report.checked == 3
    # the refusal is back: nothing else can be deleted
    with pytest.raises(Exception):  # noqa: B017 - SQLite IntegrityError / PostgreSQL InternalError
        AuditEvent.objects.filter(pk=kept[0].pk).delete()


def test_a_younger_row_stops_the_prefix():
    rows = _events(1, 11, 2)  # January, then November, then a late-written February row
    plan = audit_retention.prune(NOW, 180)
    assert plan.through_id == rows[0].pk and plan.rows == 1
    assert AuditEvent.objects.filter(pk=rows[2].pk).exists()  # older, but after a younger one
    assert audit.verify_chain().ok


def test_a_prefix_removed_without_a_genuine_checkpoint_is_caught():
    rows = _events(1, 2, 11)
    forged = {"through_id": rows[1].pk, "last_hash": rows[1].hash, "rows": 2, "signature": "0" * 64}
    audit_retention._execute(audit_retention._LIFT)
    AuditEvent.objects.filter(pk__lte=rows[1].pk).delete()
    audit_retention._execute(audit_retention._RESTORE)
    report = audit.verify_chain()
    assert not report.ok and report.first_bad_id == rows[2].pk
    audit.record(actor=system("forger"), action=audit_retention.CHECKPOINT, data=forged)
    assert not audit.verify_chain().ok  # a checkpoint needs the audit key's signature


def test_nothing_to_prune_writes_nothing():
    _events(11, 12)
    before = AuditEvent.objects.count()
    assert audit_retention.prune(NOW, 180).rows == 0
    assert AuditEvent.objects.count() == before
    assert connection.vendor in audit_retention._LIFT
