"""Reminders on the district's schedule, each sent once per person with a frozen clock; notices
close at their deadline."""

import datetime

import pytest

from yipanqi.core.models import AuditEvent, Notification
from yipanqi.notices import actions
from yipanqi.notices.choices import NoticeStatus
from yipanqi.notices.models import NoticeRecipient

pytestmark = pytest.mark.django_db


def _reminders() -> int:
    return Notification.objects.filter(topic__startswith="notices.reminder:").count()


def test_reminders_are_sent_once_each_at_each_stage(world, at):
    call = world.notices["a1_call"]  # 6 recipients, 5 with accounts, deadline in 3 days
    actions.reply_submit(recipient=world.receipt("a1_call", "member_x0"), option=0,
                         actor=world.personas["member_x0"])  # fmt: skip
    for other in ("town_info", "b1_survey"):
        world.notices[other].__class__.objects.filter(pk=world.notices[other].pk).update(
            deadline=None
        )
    at(call.deadline - datetime.timedelta(hours=72))
    assert actions.reminders_send_due() == 0
    at(call.deadline - datetime.timedelta(hours=47))
    assert actions.reminders_send_due() == 5  # everyone but the one who answered
    assert actions.reminders_send_due() == 0  # again: nobody twice
    assert _reminders() == 4  # the fifth has no account (the SMS channel is the backend)
    at(call.deadline - datetime.timedelta(hours=3))
    assert actions.reminders_send_due() == 5
    assert actions.reminders_send_due() == 0
    assert _reminders() == 8
    stages = NoticeRecipient.objects.filter(notice=call).values_list("reminders_sent", flat=True)
    assert sorted(stages) == [0, 2, 2, 2, 2, 2]
    assert AuditEvent.objects.filter(action="notices.notice.reminded").count() == 2


def test_notices_close_at_their_deadline(world, at):
    call = world.notices["a1_call"]
    at(call.deadline + datetime.timedelta(minutes=1))
    assert actions.notices_close_ended() == 3
    assert actions.notices_close_ended() == 0
    call.refresh_from_db()
    assert call.status == NoticeStatus.CLOSED
