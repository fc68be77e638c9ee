"""The periodic jobs of notices (`yipanqi run_periodic`): reminders to those who have not read
or answered, on the district's schedule before the deadline, each reminder sent once per person
(the stage reached is kept on the receipt); and closing notices whose deadline has passed."""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.accounts.models import User
from yipanqi.core import audit
from yipanqi.core.actions import notifications_send_bulk
from yipanqi.core.actors import system
from yipanqi.core.workflow import lock
from yipanqi.notices import policies
from yipanqi.notices.actions.notices import notice_close
from yipanqi.notices.choices import NoticeStatus
from yipanqi.notices.models import Notice, NoticeRecipient

CLOSE_BATCH = 100


def _stage(notice: Notice, hours: list[Any], now: Any) -> int:
    """How many reminders are due by now: one per schedule entry whose time has come."""
    deadline = notice.deadline
    if deadline is None:
        return 0
    return len([h for h in hours if now >= deadline - datetime.timedelta(hours=float(h))])


def reminders_send_due() -> int:
    """Send every due reminder; returns how many people were reminded (0: nothing was due)."""
    now, actor, reminded = timezone.now(), system("notices.reminders"), 0
    schedules: dict[str, list[Any]] = {}
    open_notices = Notice.objects.filter(status=NoticeStatus.SENT, deadline__gt=now)
    for notice in open_notices.order_by("deadline", "id"):
        if notice.district_code not in schedules:
            schedules[notice.district_code] = list(
                policies.REMINDER_HOURS.value(notice.district_code)
            )
        stage = _stage(notice, schedules[notice.district_code], now)
        if stage:
            reminded += _remind(notice, stage, actor)
    return reminded


@transaction.atomic
def _remind(notice: Notice, stage: int, actor: Any) -> int:
    notice = lock(notice)
    unanswered = Q(read_at__isnull=True)
    if notice.expects_reply:
        unanswered |= Q(replied_at__isnull=True)
    due = NoticeRecipient.objects.filter(unanswered, notice=notice, reminders_sent__lt=stage)
    rows = list(due.values_list("pk", "user_id"))
    if not rows:
        return 0
    NoticeRecipient.objects.filter(pk__in=[pk for pk, _u in rows]).update(reminders_sent=stage)
    receipts = {user_id: pk for pk, user_id in rows if user_id}
    users = User.objects.filter(pk__in=list(receipts)).only("pk", "username")
    notifications_send_bulk(
        [(u, reverse("notices:inbox_detail", args=[receipts[u.pk]]),
          f"notices.reminder:{receipts[u.pk]}:{stage}") for u in users],
        title=_("Reminder: %(title)s") % {"title": notice.title},
        body=notice.body[:200],
    )  # fmt: skip
    audit.record(
        actor=actor,
        action="notices.notice.reminded",
        target=notice,
        data={"stage": stage, "recipients": len(rows)},
    )
    return len(rows)


def notices_close_ended() -> int:
    """Close the notices whose deadline has passed (a batch per call)."""
    ended = Notice.objects.filter(status=NoticeStatus.SENT, deadline__lte=timezone.now())
    closed = 0
    for notice in ended.order_by("deadline", "id")[:CLOSE_BATCH]:
        notice_close(notice=notice, actor=system("notices.deadline"))
        closed += 1
    return closed
