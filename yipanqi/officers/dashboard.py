"""Figures of the five-role officers for reports and dashboards, from records per node and period.

- `officer_visits`: work logs (visits, services, matters handled) on targets under the node in
  [start, end];
- `officer_issues_raised`: of those, the ones that raised an issue;
- `officer_issues_solved`: of those, the ones solved: the service order done (done, rated,
  closed), or, without an order, handled on the spot with a result recorded;
- `officer_assignments`: assignments under the node active at some time in the period.
"""

import datetime
from typing import Any

from django.db.models import Count, Q

from yipanqi.officers.models import Assignment, WorkLog
from yipanqi.officers.selectors import ISSUE_SOLVED


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    logs = WorkLog.objects.filter(scope_path__startswith=path, occurred_on__range=(start, end))
    counts = logs.aggregate(
        visits=Count("pk"),
        raised=Count("pk", filter=~Q(issue="")),
        solved=Count("pk", filter=~Q(issue="") & ISSUE_SOLVED),
    )
    active = Assignment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start), scope_path__startswith=path,
        starts_on__lte=end,
    )  # fmt: skip
    return {
        "officer_visits": counts["visits"],
        "officer_issues_raised": counts["raised"],
        "officer_issues_solved": counts["solved"],
        "officer_assignments": active.count(),
    }
