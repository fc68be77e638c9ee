"""The demo's notices part: a year of notices from every town with realistic rates, capped calls
filled and waitlisted, today's open notices with reminders due; the report's figures equal counts
taken from the receipts themselves."""

import pytest

from yipanqi.notices.choices import NoticeStatus
from yipanqi.notices.models import Notice, NoticeRecipient
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.reports.figures import node_figures, year_bounds

pytestmark = pytest.mark.django_db


def test_every_town_sent_notices_in_2021(fenghua_demo):
    towns = Area.objects.filter(kind=AreaKind.TOWN)
    sent = Notice.objects.filter(sent_at__year=2021)
    assert {n.area_id for n in sent.filter(area__kind=AreaKind.TOWN)} == set(
        towns.values_list("pk", flat=True)
    )
    receipts = NoticeRecipient.objects.filter(notice__in=sent)
    read = receipts.filter(read_at__isnull=False).count() / receipts.count()
    assert 0.6 < read < 0.97
    filled = receipts.filter(place="accepted").values("notice").distinct().count()
    waiting = receipts.filter(place="waitlisted").values("notice").distinct().count()
    assert filled > 0 and waiting > 0
    for row in Notice.objects.filter(places__isnull=False, sent_at__year=2021):
        assert row.recipients.filter(place="accepted").count() <= row.places


def test_open_notices_have_reminders_due(fenghua_demo):
    from yipanqi.notices.actions.reminders import _stage

    open_rows = Notice.objects.filter(status=NoticeStatus.SENT, deadline__isnull=False)
    assert open_rows.count() >= 2
    from django.utils import timezone

    assert any(_stage(n, [48, 4], timezone.now()) for n in open_rows)
    persona = NoticeRecipient.objects.filter(user__username="jp_fengzhong_member",
                                             notice__status=NoticeStatus.SENT)  # fmt: skip
    assert persona.filter(read_at__isnull=True).exists()


def test_the_report_figures_come_from_the_receipts(fenghua_demo):
    district = Area.objects.get(kind=AreaKind.DISTRICT)
    start, end = year_bounds(2021)
    got = node_figures(area=district, start=start, end=end)
    sent = Notice.objects.filter(sent_at__year=2021)
    receipts = NoticeRecipient.objects.filter(notice__in=sent)
    assert got["notices_sent"] == sent.count() > 100
    assert got["notice_read_rate"] == round(
        receipts.filter(read_at__isnull=False).count() / receipts.count(), 4
    )
    asked = receipts.exclude(notice__kind="information")
    assert got["notice_reply_rate"] == round(
        asked.filter(replied_at__isnull=False).count() / asked.count(), 4
    )
