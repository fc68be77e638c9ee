"""The training reminder as a periodic job (`yipanqi run_periodic`): in the months the district's
policy names, every worker in post still short of the yearly training minimum gets a notice in
their inbox. The inbox topic names the year and month, so a second run that month sends nothing
(the runner calls a job until it returns 0). Audited per district as the system."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit, notify
from yipanqi.core.actors import system
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.workforce import policies
from yipanqi.workforce.choices import WorkerStatus
from yipanqi.workforce.models import Worker
from yipanqi.workforce.selectors import training_days

REASON = "workforce.training_reminder"


def _months(district_code: str) -> set[int]:
    value = policies.TRAINING_REMINDER_MONTHS.value(district_code)
    return {m for m in value if isinstance(m, int)} if isinstance(value, list) else set()


def training_remind_due(today: datetime.date | None = None) -> int:
    """Remind the short workers of every district whose reminder month it is; returns how many
    notices were new (0 on a second run the same month)."""
    today = today or timezone.localdate()
    sent = 0
    for district in Area.objects.filter(kind=AreaKind.DISTRICT).order_by("path"):
        if today.month in _months(district.district_code):
            sent += _remind_district(district, today)
    return sent


@transaction.atomic
def _remind_district(district: Area, today: datetime.date) -> int:
    minimum = Decimal(str(policies.TRAINING_MIN_DAYS.value(district.district_code)))
    short = (
        Worker.objects.filter(
            district_code=district.district_code,
            status=WorkerStatus.ACTIVE,
            started_on__lte=today,
            person__user__isnull=False,
        )
        .annotate(days=training_days(today.year))
        .filter(days__lt=minimum)
        .select_related("person__user")
    )
    users = [w.person.user for w in short]
    sent = notify.notify(
        users,
        title=_("Training reminder"),
        body=_("You have fewer than %(n)s training days this year; please join a course.")
        % {"n": minimum.normalize()},
        url=reverse("workforce:course_list"),
        topic=f"workforce.training.{today.year}.{today.month:02d}",
    )
    if sent:
        audit.record(
            actor=system(REASON),
            action="workforce.training.reminded",
            target=district,
            data={"year": today.year, "month": today.month, "short": len(users), "notified": sent},
        )
    return sent
