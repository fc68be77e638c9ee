"""Figures of the five-role officers for reports and dashboards, from records per node and period.

- `officer_visits`: work logs (visits, services, matters handled) on targets under the node in
  [start, end];
- `officer_issues_raised`: of those, the ones that raised an issue;
- `officer_issues_solved`: of those, the ones solved: the service order done (done, rated,
  closed) or the incident report closed, or, with neither, handled on the spot with a result
  recorded;
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


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "officer_visits": {
        "zh": "五员走访服务次数",
        "en": "Officer visits",
        "unit": "次",
        "definition": "期内五员记录的走访、服务与办事次数",
    },
    "officer_issues_raised": {
        "zh": "发现问题数",
        "en": "Issues raised",
        "unit": "件",
        "definition": "其中发现问题的次数",
    },
    "officer_issues_solved": {
        "zh": "解决问题数（五员）",
        "en": "Issues solved by officers",
        "unit": "件",
        "definition": "其中问题已解决的次数",
    },
    "officer_assignments": {
        "zh": "五员在岗数",
        "en": "Officer assignments",
        "unit": "个",
        "definition": "期内任一时间有效的五员分工数",
    },
}
