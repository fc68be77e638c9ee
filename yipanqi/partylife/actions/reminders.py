"""Reminders to branch secretaries before a period ends (periodic job)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import notify
from yipanqi.partylife import policies
from yipanqi.partylife.compliance import DUE, branch_compliance
from yipanqi.partylife.models import BranchOfficer
from yipanqi.partylife.rules import period_of


def meetings_remind(today: datetime.date | None = None) -> int:
    """Tell each secretary which required meetings are still due in a period ending within the
    policy's days; once a day (the inbox topic names the day). Returns 0 so the runner stops."""
    today = today or timezone.localdate()
    officers = BranchOfficer.objects.filter(duty="secretary", active=True).select_related(
        "branch", "user"
    )
    by_branch: dict[int, list] = {}
    for officer in officers:
        by_branch.setdefault(officer.branch_id, []).append(officer)
    branches = [rows[0].branch for rows in by_branch.values()]
    start = datetime.date(today.year, 1, 1)
    for item in branch_compliance(branches, start=start, end=today, today=today):
        days = int(policies.REMIND_DAYS.value(item.branch.district_code))
        due = [
            row.label
            for row in item.kinds
            if row.current == DUE and (period_of(row.frequency, today).end - today).days < days
        ]
        if due:
            notify.notify(
                [o.user for o in by_branch[item.branch.pk]],
                title=_("Meetings still due this period: %(kinds)s") % {"kinds": "、".join(due)},
                url="/partylife/",
                topic=f"partylife.remind.{today.isoformat()}",
            )
    return 0
